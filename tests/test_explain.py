"""Why a month has no roster (scheduler/explain.py), in business terms."""

from __future__ import annotations

import types

from helpers import DAY, NIGHT, iso, make_problem, run, shift

from scheduler import explain
from scheduler.explain import capacity_conflicts, explain_infeasible
from scheduler.instance import Instance
from scheduler.models import Leave

# December 2026 with the Chinese calendar (no holiday in it): D every working day, and a
# night crew of 2 that holds for the whole week (R3).
DECEMBER_SHIFTS = [shift(DAY, days="workdays"),
                   shift(NIGHT, days="workdays", staff=2, rotation="week")]


def _december(staff, leave, night_skills=""):
    shifts = [DECEMBER_SHIFTS[0], {**DECEMBER_SHIFTS[1], "skills": night_skills}]
    return make_problem(staff=staff, shifts=shifts, month="2026-12", holiday_calendar="CN",
                        weights={}, leave=leave)


def _texts(result, lang="en"):
    return [m.render(lang) for m in result.explanation]


def test_explain_names_the_week_and_the_people_when_the_night_crew_cannot_be_formed():
    # Week of Mon 12-14: E1, E3, E4 each take a day of leave, so only E2 and E5 are free
    # all week... and E5 is off on Thursday: one person for a crew of 2.
    leave = [Leave(employee_id=e, start=d, end=d) for e, d in (
        ("E1", "2026-12-16"), ("E3", "2026-12-14"), ("E4", "2026-12-18"), ("E5", "2026-12-17"))]
    result = run(_december([f"E{i}" for i in range(1, 6)], leave))
    assert result.status == "infeasible"
    assert result.roster is None
    assert _texts(result) == [
        "N, week of 2026-12-14: needs 2 people free all week (2 on duty, 0 standby); "
        "only 1 qualify: E2."]
    assert _texts(result, "zh") == [
        "N 2026-12-14 当周：需要 2 人整周有空（值班 2，备班 0），只有 1 人符合：E2。"]


def test_explain_names_the_technicians_free_for_the_week():
    # N needs 2 technicians; T1 is off on Tue 12-08 and T3 on Thu 12-10, so in the week
    # of Mon 12-07 only T2 is a technician free all week.
    staff = [{"employee_id": t, "skills": "tech"} for t in ("T1", "T2", "T3")] + ["E4", "E5"]
    leave = [Leave(employee_id="T1", start="2026-12-08", end="2026-12-08"),
             Leave(employee_id="T3", start="2026-12-10", end="2026-12-10")]
    result = run(_december(staff, leave, night_skills="tech:2"))
    assert result.status == "infeasible"
    assert _texts(result) == [
        "N, week of 2026-12-07: needs 2 with skill tech free all week; "
        "free all week with that skill: T2."]


def test_explain_names_the_people_on_leave_for_a_short_occurrence():
    problem = make_problem(staff=["A", "B"], days=2, weights={}, shifts=[shift(DAY, backups=1)],
                           leave=[Leave(employee_id="B", start=iso(1), end=iso(1))])
    result = run(problem)
    assert result.status == "infeasible"
    assert _texts(result) == [
        "D on 2026-06-02 needs 2 people (1 on duty, 1 standby); only 1 can take it: A. "
        "On leave: B."]


def test_explain_names_the_history_crew_member_who_cannot_continue():
    # The week of Mon 06-01 began before the horizon (Wed 06-03) with A and B on N; A is
    # on leave on Thu 06-04.
    problem = make_problem(staff=["A", "B", "C"], start=iso(2), days=3, weights={},
                           shifts=[shift(NIGHT, days="workdays", staff=2, rotation="week")],
                           history=[(iso(d), "N", e) for d in (0, 1) for e in "AB"],
                           leave=[Leave(employee_id="A", start=iso(3), end=iso(3))])
    result = run(problem)
    assert result.status == "infeasible"
    assert _texts(result) == [
        "N, week of 2026-06-01: continues last month's crew A, B (History), but A cannot "
        "work on 2026-06-04 (on leave)."]


def test_explain_names_the_h9_caps_only_cp_sat_can_find():
    # D, 1 a day, Mon–Fri; A and B may each take at most 2 duties. Every day has two
    # free people, so no capacity check sees it; but 5 duties > 2 + 2.
    problem = make_problem(staff=[{"employee_id": e, "max_duties": 2} for e in "AB"],
                           days=5, weights={}, shifts=[DAY])
    assert capacity_conflicts(Instance(problem)) == []
    result = run(problem)
    assert result.status == "infeasible"
    texts = _texts(result)
    assert texts[0] == "These rules cannot all hold at once; relax one of them:"
    assert "A may take at most 2 duties this month." in texts
    assert "B may take at most 2 duties this month." in texts
    # The coverage of all five days is needed for the conflict, and nothing else.
    assert sorted(texts[1:]) == sorted(
        ["A may take at most 2 duties this month.", "B may take at most 2 duties this month."]
        + [f"D on {iso(d)} needs 1 on duty." for d in range(5)])
    assert "A 本月最多值班 2 次。" in _texts(result, "zh")


def test_explain_names_a_pin_on_a_leave_date():
    problem = make_problem(staff=["A", "B"], days=3, weights={}, shifts=[DAY],
                           leave=[Leave(employee_id="A", start=iso(1), end=iso(1))],
                           pinned=[(iso(1), "D", "A")])
    result = run(problem)
    assert result.status == "infeasible"
    assert _texts(result) == ["These rules cannot all hold at once; relax one of them:",
                              "pinned: A as duty for D on 2026-06-02."]
    assert _texts(result, "zh")[1] == "固定安排：A 于 2026-06-02 担任 D 的值班。"


def test_explain_reports_an_internal_error_when_no_rule_group_is_to_blame(monkeypatch):
    # A rule that breaks the model outside any guarded group: the explanation must say
    # so instead of an empty list of rules.
    def broken_build(ctx):
        ctx.model.add_bool_or([])
        return []

    broken = types.SimpleNamespace(build=broken_build, check=lambda view: [])
    monkeypatch.setattr(explain, "REGISTRY", (broken,))
    problem = make_problem(staff=["A"], days=1, weights={}, shifts=[DAY])
    texts = [m.en for m in explain_infeasible(Instance(problem), time_limit=5)]
    assert len(texts) == 1
    assert "internal error" in texts[0]
