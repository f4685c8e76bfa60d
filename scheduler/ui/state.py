"""Everything the app keeps between reruns, in one place.

Streamlit reruns the script on every click; what must survive lives here:

- the language, the person acting and "today" (the sidebar), kept in the
  session and, for language and person, in the URL's query so a refresh
  keeps them;
- the store (:class:`~scheduler.store.RosterService` on ``ROSTER_DB``, else
  ``roster.db`` in the working directory), one per process;
- the :class:`Workspace`: the team-month being planned (its problem, the
  working roster, hand edits, a re-plan proposal, the undo stack), saved as
  the store's draft of that team-month after every change, so a refresh or
  a second window loses nothing;
- the :class:`SolveJob` running in a background thread.

Pages call the library and the store through :func:`attempt`, which turns
bad input and refusals into the sentences the command line prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ..changes.errors import ChangeError
from ..errors import InputError
from ..i18n import Msg
from ..models import Assignment, Problem, Roster
from .texts import t

log = logging.getLogger(__name__)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "december_2026.xlsx"
UNDO_DEPTH = 10


# ---------------------------------------------------------------- the store
@st.cache_resource(show_spinner=False)
def _service(url: str):
    from ..store import Database, RosterService

    return RosterService(Database(url))


def store_url() -> str:
    from ..store import database_url

    return database_url(None)


def service():
    """The store's service (``ROSTER_DB``, else ``roster.db`` in the working directory)."""
    return _service(store_url())


# ---------------------------------------------------------------- language
def lang() -> str:
    value = st.session_state.get("lang")
    if value in ("zh", "en"):
        return value
    asked = st.query_params.get("lang")
    if asked in ("zh", "en"):
        value = asked
    else:
        ws = st.session_state.get("ws")
        value = (ws.problem.settings.language if ws is not None else None) or "zh"
    st.session_state["lang"] = value
    return value


def set_lang(value: str) -> None:
    st.session_state["lang"] = value
    st.query_params["lang"] = value


# ------------------------------------------------------------ the workspace
def _key(emp_id: str, day: dt.date) -> str:
    return f"{emp_id}|{day.isoformat()}"


def _rows(roster: Roster | None) -> list[list[str]] | None:
    if roster is None:
        return None
    return [[a.date.isoformat(), a.shift_id, a.employee_id, a.role] for a in roster.sorted().assignments]


def _roster(rows: list | None) -> Roster | None:
    if rows is None:
        return None
    return Roster(assignments=[
        Assignment.model_construct(date=dt.date.fromisoformat(d), shift_id=s, employee_id=e, role=r)
        for d, s, e, r in rows]).sorted()


def _texts(messages: list[Msg]) -> list[list[str]]:
    return [[m.render("en"), m.render("zh")] for m in messages]


@dataclass
class Workspace:
    """The team-month being planned: its problem and the roster being worked on.

    ``edits`` maps ``"emp_id|date"`` to the cell's (shift_id, role) items the
    manager set by hand, on top of ``roster``; ``proposal`` is a re-plan
    waiting to be accepted; ``undo`` holds earlier working rosters.
    ``stamp`` grows with every change (caches and widget keys follow it).
    """

    problem: Problem
    source: str
    roster: Roster | None = None
    solve: dict | None = None
    edits: dict[str, list[list[str]]] = field(default_factory=dict)
    proposal: Roster | None = None
    undo: list[Roster] = field(default_factory=list)
    base_version: int | None = None
    warnings: list[list[str]] = field(default_factory=list)
    revision: int | None = None
    stamp: int = 0
    grid: int = 0  # the editor's generation: a new one after accept, undo or reset

    @property
    def team(self) -> str:
        return self.problem.settings.team or "team"

    @property
    def month(self) -> str:
        return self.problem.settings.month or self.problem.settings.horizon[0].strftime("%Y-%m")

    def payload(self) -> dict:
        return {"problem": self.problem.model_dump(mode="json"), "source": self.source,
                "roster": _rows(self.roster), "solve": self.solve, "edits": self.edits,
                "proposal": _rows(self.proposal), "undo": [_rows(r) for r in self.undo],
                "warnings": self.warnings, "grid": self.grid}

    @classmethod
    def from_draft(cls, draft: dict) -> Workspace:
        data = draft["payload"]
        return cls(problem=Problem.model_validate(data["problem"]), source=data.get("source", ""),
                   roster=_roster(data.get("roster")), solve=data.get("solve"),
                   edits=data.get("edits") or {}, proposal=_roster(data.get("proposal")),
                   undo=[_roster(r) for r in data.get("undo") or []],
                   base_version=draft.get("base_version"), warnings=data.get("warnings") or [],
                   revision=draft.get("revision"), grid=data.get("grid", 0))

    # ---- the roster with the hand edits
    def edited_roster(self) -> Roster | None:
        if self.roster is None:
            return None
        if not self.edits:
            return self.roster
        keep = [a for a in self.roster.assignments if _key(a.employee_id, a.date) not in self.edits]
        for key, items in self.edits.items():
            emp_id, day = key.split("|")
            keep += [Assignment.model_construct(date=dt.date.fromisoformat(day), shift_id=s,
                                                employee_id=emp_id, role=r) for s, r in items]
        return Roster(assignments=keep).sorted()

    def edit_lists(self) -> tuple[list[Assignment], list[Assignment]]:
        """The hand edits as pins (cells set) and forbidden assignments (cells cleared)."""
        if self.roster is None:
            return [], []
        before: dict[str, set] = {}
        for a in self.roster.assignments:
            before.setdefault(_key(a.employee_id, a.date), set()).add((a.shift_id, a.role))
        pins, cleared = [], []
        for key, items in self.edits.items():
            emp_id, day = key.split("|")
            date = dt.date.fromisoformat(day)
            now = {(s, r) for s, r in items}
            pins += [Assignment(date=date, shift_id=s, employee_id=emp_id, role=r) for s, r in now]
            cleared += [Assignment(date=date, shift_id=s, employee_id=emp_id, role=r)
                        for s, r in before.get(key, set()) - now]
        return pins, cleared

    def set_roster(self, roster: Roster | None, *, keep_undo: bool = True) -> None:
        """A new working roster (a solve, an accepted proposal); the edits are consumed."""
        if keep_undo and self.roster is not None:
            self.undo = [*self.undo, self.roster][-UNDO_DEPTH:]
        self.roster, self.edits, self.proposal = roster, {}, None
        self.touch(grid=True)

    def touch(self, grid: bool = False) -> None:
        self.stamp += 1
        if grid:
            self.grid += 1


def workspace() -> Workspace:
    """The session's workspace: the newest draft in the store, else the bundled sample."""
    ws = st.session_state.get("ws")
    if ws is None:
        draft = None
        try:
            draft = service().load_draft()
        except Exception:  # a draft the code no longer reads: start from the sample
            log.exception("the newest draft could not be read")
        if draft is not None:
            try:
                ws = Workspace.from_draft(draft)
            except Exception:
                log.exception("the newest draft could not be read")
        if ws is None:
            ws = sample_workspace()
        st.session_state["ws"] = ws
    return ws


def sample_workspace() -> Workspace:
    if SAMPLE.is_file():
        return workspace_from_file(SAMPLE.read_bytes(), SAMPLE.name)
    from ..io.sample import sample_problem

    return Workspace(problem=sample_problem(), source="sample")


def workspace_from_file(data: bytes, name: str) -> Workspace:
    """A workspace from an uploaded workbook or JSON; raises :class:`InputError` as the CLI does."""
    import tempfile

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(name).name or "input.xlsx")
        path.write_bytes(data)
        if suffix in (".xlsx", ".xlsm"):
            from ..io.workbook import load_workbook

            loaded = load_workbook(path)
            problem, warnings = loaded.problem, list(loaded.warnings)
        else:
            from ..io import load_problem

            problem, warnings = load_problem(path), []
    return Workspace(problem=problem, source=Path(name).name, warnings=_texts(warnings))


def replace_workspace(ws: Workspace) -> None:
    """Switch to another team-month (an upload, the sample): its draft if the store has one."""
    try:
        draft = service().load_draft(ws.team, ws.month)
    except Exception:
        draft = None
    # The new workbook replaces that team-month's draft (saved at its revision).
    ws.revision = draft["revision"] if draft is not None else None
    st.session_state["ws"] = ws
    st.session_state.pop("checked", None)
    save(ws)


def reload_workspace() -> None:
    """Read the workspace again from its draft (another window saved it meanwhile)."""
    ws = st.session_state.get("ws")
    draft = service().load_draft(ws.team, ws.month) if ws is not None else None
    if draft is not None:
        fresh = Workspace.from_draft(draft)
        fresh.stamp = (ws.stamp if ws else 0) + 1
        fresh.grid = max(fresh.grid, (ws.grid if ws else 0) + 1)
        st.session_state["ws"] = fresh
    st.session_state.pop("draft_moved", None)


def save(ws: Workspace) -> bool:
    """Save the workspace as the store's draft of its team-month; False when another window won."""
    from ..store import Refused

    try:
        ws.revision = service().save_draft(ws.team, ws.month, ws.payload(),
                                           author=user() or "-", base_version=ws.base_version,
                                           revision=ws.revision)
        return True
    except Refused as refused:
        st.session_state["draft_moved"] = refused.what
        return False


def draft_moved_notice() -> None:
    """When another window saved the draft meanwhile: say so, with a button to reload it."""
    moved = st.session_state.get("draft_moved")
    if moved is None:
        return
    st.warning(moved.render(lang()))
    if st.button(t("adjust.draft_moved"), key="reload_draft"):
        reload_workspace()
        st.rerun()


# ------------------------------------------------------------ checked result
def checked(ws: Workspace, roster: Roster | None = None):
    """The :class:`~scheduler.results.Result` of the working roster (edits included), checked.

    Built from the problem and roster (so it survives a refresh) with the
    status of the solve that made it; cached until the workspace changes.
    """
    from ..checks import check_roster
    from ..results import Result

    roster = roster if roster is not None else ws.edited_roster()
    key = (id(ws), ws.stamp, roster is ws.roster, len(ws.edits), lang())
    cached = st.session_state.get("checked")
    if cached is not None and cached[0] == key:
        return cached[1]
    inst = instance(ws)
    solved = ws.solve or {}
    if roster is None:
        result = Result(solved.get("status", "no_solution"), instance=inst)
    else:
        violations = check_roster(inst, roster)
        penalty = sum(v.penalty for v in violations if not v.hard)
        status = solved.get("status", "feasible") if not ws.edits else "feasible"
        # The roster's cost is what the checks find (as solve() reports it).
        result = Result(status, instance=inst, roster=roster, objective=penalty,
                        bound=None if ws.edits else solved.get("bound"), violations=violations,
                        wall_time=solved.get("wall_time", 0.0))
    st.session_state["checked"] = (key, result)
    return result


def instance(ws: Workspace):
    from ..instance import Instance

    cached = st.session_state.get("instance")
    if cached is not None and cached[0] is ws.problem:
        return cached[1]
    inst = Instance(ws.problem)
    st.session_state["instance"] = (ws.problem, inst)
    return inst


# ---------------------------------------------------------------- the solve
@dataclass
class SolveJob:
    """A solve running in a background thread; the script polls it."""

    problem: Problem
    time_limit: float
    stop: threading.Event = field(default_factory=threading.Event)
    progress: list = field(default_factory=list)
    result: object = None
    error: str | None = None
    started: float = field(default_factory=time.perf_counter)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def run(self) -> None:
        from ..solver import solve

        try:
            self.result = solve(self.problem, time_limit=self.time_limit,
                                progress=self.progress.append, stop=self.stop)
        except Exception as exc:  # shown as a sentence, never a traceback
            log.exception("solve failed")
            self.error = f"{type(exc).__name__}: {exc}"


def start_solve(ws: Workspace, time_limit: float) -> SolveJob:
    """Solve the workspace's month in a thread (History of the year from the store)."""
    problem = ws.problem
    try:
        problem = service().with_history(problem, ws.team)
    except Exception:
        log.exception("History from the store could not be read")
    job = SolveJob(problem, time_limit)
    job.thread = threading.Thread(target=job.run, name="solve", daemon=True)
    job.thread.start()
    st.session_state["job"] = job
    return job


def job() -> SolveJob | None:
    return st.session_state.get("job")


def finish_solve(ws: Workspace) -> bool:
    """Take a finished job's roster into the workspace (and the draft); whether one finished."""
    current = job()
    if current is None or current.running:
        return False
    st.session_state.pop("job")
    if current.error is not None:
        flash("error", t("plan.solve_failed", message=current.error))
        return True
    result = current.result
    ws.solve = {"status": result.status, "objective": result.objective, "bound": result.bound,
                "gap": result.gap, "wall_time": result.wall_time, "strategy": result.strategy,
                "solutions": result.num_solutions, "warnings": _texts(result.warnings),
                "explanation": _texts(result.explanation)}
    if result.roster is not None:
        ws.set_roster(result.roster)
    else:
        ws.touch()
    save(ws)
    return True


# ------------------------------------------------------------ who and when
def staff_label(ws: Workspace, emp_id: str) -> str:
    emp = next((e for e in ws.problem.staff if e.employee_id == emp_id), None)
    if emp is None:
        return emp_id
    role = t("manager") if emp.is_manager else t("staff")
    return f"{emp.label} · {role}"


def user() -> str | None:
    """The person acting (their employee id), once their PIN (if any) was given."""
    emp_id = st.session_state.get("user")
    if emp_id is None:
        return None
    if pin_hash(emp_id) and not st.session_state.get(f"pin_ok:{emp_id}"):
        return None
    return emp_id


def is_manager(ws: Workspace) -> bool:
    emp_id = user()
    emp = next((e for e in ws.problem.staff if e.employee_id == emp_id), None)
    return emp is not None and emp.is_manager


def secrets_section(section: str) -> dict:
    try:
        return dict(st.secrets.get(section, {}))
    except Exception:  # no secrets file: nothing configured
        return {}


def pin_hash(emp_id: str) -> str | None:
    """The SHA-256 hex digest of ``emp_id``'s PIN from the secrets' ``[pins]``, or None."""
    value = secrets_section("pins").get(emp_id)
    return str(value).lower() if value else None


def check_pin(emp_id: str, pin: str) -> bool:
    expected = pin_hash(emp_id)
    return expected is None or hashlib.sha256(pin.encode()).hexdigest() == expected


def signed_in_user() -> str | None:
    """With OIDC sign-in configured (``[auth]`` in the secrets), the person it maps to."""
    if not secrets_section("auth"):
        return None
    email = getattr(st.user, "email", None)
    return secrets_section("users").get(email) if email else None


def today(ws: Workspace) -> dt.date:
    value = st.session_state.get("today")
    if isinstance(value, dt.date):
        return value
    return default_today(ws)


def default_today(ws: Workspace) -> dt.date:
    """The real date, brought into the month's reach: a month far away starts on its first day."""
    first, last = ws.problem.settings.horizon
    real = dt.date.today()
    if real > last or real < first - dt.timedelta(days=31):
        return first
    return real


# ------------------------------------------------------------ errors, flash
def attempt(action, *args, **kwargs):
    """Run a library or store call; bad input and refusals become the CLI's sentences.

    Returns ``(True, value)``, or ``(False, None)`` after showing the error;
    nothing of the app's state changes on failure.
    """
    from ..store import Refused

    try:
        return True, action(*args, **kwargs)
    except Refused as refused:
        show_refusal(refused)
    except (InputError, ChangeError) as err:
        st.error(err.render(lang()))
    except Exception as exc:
        log.exception("internal error")
        st.error(t("internal", message=f"{type(exc).__name__}: {exc}"))
    return False, None


def show_refusal(refused) -> None:
    lines = refused.lines(lang())
    st.error(lines[0] + "\n\n" + "\n".join(f"- {line.strip().lstrip('- ')}" for line in lines[1:]))


def flash(kind: str, message: str) -> None:
    """A message shown once, after the rerun an action triggers."""
    st.session_state.setdefault("flash", []).append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.pop("flash", []):
        getattr(st, kind)(message)


def follow_published(ws: Workspace) -> None:
    """A working roster that is a published version, unedited, follows newer versions.

    Approved swaps, leave and absences publish versions from other pages (or
    other windows); the workspace then shows them instead of the older one.
    """
    if (ws.solve or {}).get("status") != "published" or ws.edits or ws.proposal is not None:
        return
    current = published(ws)
    if current is None or current[0].number == ws.base_version:
        return
    info, problem, roster = current
    ws.problem, ws.base_version = problem, info.number
    ws.set_roster(roster)
    st.session_state.pop("instance", None)
    save(ws)


def published(ws: Workspace):
    """The published (info, problem, roster) of the workspace's team-month, or None."""
    try:
        return service().current(ws.month, ws.team)
    except (ChangeError, InputError):
        return None
