"""Soft cover no roster can meet (scheduler/shortage.py): a valid bound, told to the manager."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scheduler import solve
from scheduler.instance import Instance
from scheduler.io import load_problem
from scheduler.io.curtois import read_curtois
from scheduler.models import Roster
from scheduler.results import Result
from scheduler.shortage import soft_shortage

BENCH = Path(__file__).resolve().parent / "data" / "curtois"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_instance8_is_told_why_twelve_night_shifts_stay_short():
    # 86 night shifts wanted over the 28 days; the people who may work N are
    # capped at 4, 2 or 1 of them (74 in all): 12 short in any roster, 100 each.
    short = soft_shortage(Instance(read_curtois(BENCH / "Instance8.txt")))
    assert (short.short, short.penalty) == (12, 1200)
    assert short.penalty <= 1300  # the best known roster
    en = short.messages[0].render("en")
    assert en.startswith("N: 86 duties wanted") and "at most 74" in en and "12" in en
    zh = short.messages[0].render("zh")
    assert "86" in zh and "74" in zh and "缺 12" in zh


def test_instance3_bound_is_one_below_its_proved_optimum():
    # 50 weekend duties wanted, max_weekends allow 40: 10 short × 100 = 1000;
    # the optimum 1001 adds one over-covered shift.
    short = soft_shortage(Instance(read_curtois(BENCH / "Instance3.txt")))
    assert short.penalty == 1000
    assert "Weekends: 50 duties wanted" in short.messages[0].render("en")


def test_no_soft_cover_no_shortage():
    short = soft_shortage(Instance(load_problem(SAMPLES / "december_2026.xlsx")))
    assert short.penalty == 0 and short.short == 0 and short.messages == []


def _random_instance(rng: random.Random) -> str:
    """A small Curtois-format month with random caps, days off and soft cover."""
    days, people = 14, rng.randint(4, 6)
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS", "D,480,", "N,600,D", "",
             "SECTION_STAFF"]
    names = [chr(ord("A") + i) for i in range(people)]
    for name in names:
        caps = f"D={rng.randint(0, 14)}|N={rng.randint(0, 5)}"
        lines.append(f"{name},{caps},{480 * rng.randint(3, 14)},0,{rng.randint(1, 6)},1,1,"
                     f"{rng.randint(0, 2)}")
    lines += ["", "SECTION_DAYS_OFF"]
    for name in names:
        off = sorted(rng.sample(range(days), rng.randint(1, 4)))
        lines.append(",".join([name] + [str(d) for d in off]))
    lines += ["", "SECTION_SHIFT_ON_REQUESTS", "", "SECTION_SHIFT_OFF_REQUESTS", "",
              "SECTION_COVER"]
    need = rng.choice((2, 3, 4))
    for d in range(days):
        for shift in ("D", "N"):
            lines.append(f"{d},{shift},{rng.randint(0, need)},{rng.choice((50, 100))},1")
    return "\n".join(lines) + "\n"


def read_curtois_text(text: str):
    """The problem of a Curtois-format text."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Instance.txt"
        path.write_text(text)
        return read_curtois(path)


RANDOM_MONTHS = range(10)


@pytest.mark.parametrize("seed", RANDOM_MONTHS)
def test_every_shortage_bound_is_at_most_a_proved_optimum(seed):
    # Random small months solved to optimality by plain CP-SAT: each family's
    # bound (per shift, weekends, in all, per date) is at most the optimum.
    problem = read_curtois_text(_random_instance(random.Random(seed)))
    short = soft_shortage(Instance(problem))
    result = solve(problem, time_limit=20, seed=1, workers=2, strategy="cpsat")
    assert result.status == "optimal", result.status
    assert short.by_family and max(short.by_family.values()) == short.penalty
    for family, penalty in short.by_family.items():
        assert penalty <= result.objective, family
    assert result.bound >= short.penalty


def test_every_family_binds_in_some_random_month():
    # So that the test above tests each of them: every family gives a
    # positive bound in at least one of the random months.
    families = set()
    for seed in RANDOM_MONTHS:
        short = soft_shortage(Instance(read_curtois_text(_random_instance(random.Random(seed)))))
        families |= {f for f, p in short.by_family.items() if p > 0}
    assert families == {"shift", "weekends", "total", "dates", "weekend patterns"}


def _month(days: int, staff: str, cover: dict[int, int]) -> str:
    """One shift D (480 min) and N (600 min); ``cover``: day → people wanted on D."""
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS", "D,480,", "N,600,", "",
             "SECTION_STAFF", staff, "", "SECTION_DAYS_OFF", "", "SECTION_SHIFT_ON_REQUESTS",
             "", "SECTION_SHIFT_OFF_REQUESTS", "", "SECTION_COVER"]
    lines += [f"{d},D,{cover.get(d, 0)},100,1" for d in range(days)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("label", "text", "short"), [
    # A day off in every 3 days: 7 − ⌊7/3⌋ = 5 of the 7 wanted days.
    ("max_consecutive", _month(7, "A,D=7|N=7,10000,0,2,1,1,2", {d: 1 for d in range(7)}), 2),
    # One weekend of two: both its days, not the other's.
    ("max_weekends", _month(14, "A,D=14|N=14,10000,0,14,1,1,1", {5: 1, 6: 1, 12: 1, 13: 1}), 2),
    # 1 440 minutes: three 480-minute shifts of the seven wanted.
    ("max_minutes", _month(7, "A,D=7|N=7,1440,0,7,1,1,2", {d: 1 for d in range(7)}), 4),
    # At most 3 D shifts, 5 wanted.
    ("max_shifts", _month(7, "A,D=3|N=7,10000,0,7,1,1,2", {d: 1 for d in range(5)}), 2),
    # At most 1 D shift, wanted on Saturday and Sunday (the weekend LP too).
    ("max_shifts at weekends", _month(7, "A,D=1|N=7,10000,0,7,1,1,2", {5: 1, 6: 1}), 1),
    # Two people, three wanted on one date.
    ("date", _month(7, "A,D=7|N=7,10000,0,7,1,1,2\nB,D=7|N=7,10000,0,7,1,1,2", {2: 3}), 1),
])
def test_each_limit_gives_the_exact_shortage_where_it_is_all_that_binds(label, text, short):
    # Months where one limit alone decides the optimum: the bound equals it,
    # so a bound counted too high (or too low) for that limit fails here.
    problem = read_curtois_text(text)
    found = soft_shortage(Instance(problem))
    result = solve(problem, time_limit=20, seed=1, workers=1, strategy="cpsat")
    assert result.status == "optimal"
    assert result.objective == short * 100
    assert (found.short, found.penalty) == (short, short * 100), label
    assert found.messages


def test_raised_bound_makes_a_roster_that_meets_it_optimal():
    inst = Instance(read_curtois(BENCH / "Instance3.txt"))
    met = Result("feasible", inst, roster=Roster(assignments=[]), objective=1000,
                              bound=3.0).raise_bound(1000)
    assert (met.status, met.bound) == ("optimal", 1000.0)
    above = Result("feasible", inst, roster=Roster(assignments=[]), objective=1001,
                                bound=3.0).raise_bound(1000)
    assert (above.status, above.bound) == ("feasible", 1000.0)
    stronger = Result("feasible", inst, roster=Roster(assignments=[]),
                                   objective=1002, bound=1001.0).raise_bound(1000)
    assert (stronger.status, stronger.bound) == ("feasible", 1001.0)
    none = Result("no_solution", inst).raise_bound(1000)
    assert none.bound is None


def test_solve_warns_of_the_shortage_and_never_reports_a_lower_bound():
    problem = read_curtois(BENCH / "Instance1.txt")
    result = solve(problem, time_limit=10, seed=1, workers=2)
    texts = [w.render("en") for w in result.warnings]
    assert any(t.startswith("Weekends: 20 duties wanted") for t in texts), texts
    assert any("周末" in w.render("zh") for w in result.warnings)
    assert result.status == "optimal" and result.objective == 607
    assert result.bound >= soft_shortage(Instance(problem)).penalty == 400


def test_progress_shows_the_shortage_bound_where_cp_sat_proves_less():
    # Instance10: 46 weekend duties short (4600); CP-SAT's own bound in a few
    # seconds is near 0. The progress lines show the bound the result returns.
    problem = read_curtois(BENCH / "Instance10.txt")
    seen = []
    result = solve(problem, time_limit=4, seed=1, workers=2, progress=seen.append)
    assert seen and all(p.bound >= 4600 for p in seen)
    assert result.bound >= 4600 and result.objective >= 4600


def test_weekend_patterns_count_a_succession_the_day_counts_miss():
    # One person, one weekend allowed; a night shift wanted on Saturday and a
    # day shift on Sunday, but N may not be followed by D: one of the two stays
    # short (100). The day counts see two duties possible and bound 0.
    text = "\n".join([
        "SECTION_HORIZON", "7", "", "SECTION_SHIFTS", "D,480,", "N,480,D", "",
        "SECTION_STAFF", "A,D=7|N=7,10000,0,7,1,1,1", "", "SECTION_DAYS_OFF", "",
        "SECTION_SHIFT_ON_REQUESTS", "", "SECTION_SHIFT_OFF_REQUESTS", "", "SECTION_COVER",
        *[f"{d},{s},{1 if (d, s) in ((5, 'N'), (6, 'D')) else 0},100,1"
          for d in range(7) for s in ("D", "N")]]) + "\n"
    problem = read_curtois_text(text)
    found = soft_shortage(Instance(problem))
    result = solve(problem, time_limit=20, seed=1, workers=1, strategy="cpsat")
    assert result.status == "optimal" and result.objective == 100
    assert found.by_family.get("weekends", 0) == 0 and found.by_family.get("total", 0) == 0
    assert found.by_family["weekend patterns"] == 100 == found.penalty
    assert found.messages[0].render("en").startswith("Weekend cover:")
