"""Moves that give a person's duty days other shift types (construct/moves.py).

Each case is a one-person week in the benchmark's format whose constructed
roster (:func:`construct_duties`) shows the move; under-cover weight 100,
over-cover 1, the penalty worked out by hand and confirmed by the checks.
"""

from __future__ import annotations

from search_cases import cover_lines, penalty, tiny_benchmark

from scheduler.cpsat import duty_roster
from scheduler.instance import Instance
from scheduler.search.construct import construct_duties
from scheduler.search.construct.moves import one_less, one_more


def constructed(problem) -> tuple[Instance, dict[tuple[str, int], str], int]:
    """The constructed roster as {(person, date index): shift}, and its penalty by the checks."""
    inst = Instance(problem)
    duties = construct_duties(inst)
    assert duties is not None
    worked = {}
    for emp, oi in duties:
        occ = inst.occurrences[oi]
        worked[emp, (occ.date - inst.first).days] = occ.shift_id
    return inst, worked, penalty(inst, duty_roster(inst, duties))


def test_one_more_and_one_less_price_a_duty_by_the_cover_weights():
    need = {"D": [1, 0, -1]}  # short by one, covered, one too many
    under, over = {"D": [100, 100, 100]}, {"D": [1, 1, 1]}
    assert [one_more(need, under, over, "D", d) for d in range(3)] == [100, -1, -1]
    assert [one_less(need, under, over, "D", d) for d in range(3)] == [-100, -100, 1]


def test_duty_days_move_to_a_shift_still_short_where_successions_allow(tmp_path):
    # A must work all 7 days, more than E's cap of 3 allows, so A is planned on
    # L; the days where L is not wanted move to E where E is short (days 0-1),
    # but not day 6, where E may not follow L (L8). Left: E short on day 6
    # (100), L one too many on day 6 (1).
    cover = cover_lines(7, "EL", {"E": {0, 1, 6}, "L": {2, 3, 4, 5}})
    _, worked, cost = constructed(tiny_benchmark(
        tmp_path, days=7, shifts="E,480,\nL,480,E\n", staff="A,E=3|L=7,3360,3360,7,1,1,1\n",
        cover=cover))
    assert worked == {("A", 0): "E", ("A", 1): "E", ("A", 2): "L", ("A", 3): "L",
                      ("A", 4): "L", ("A", 5): "L", ("A", 6): "L"}
    assert cost == 100 + 1


def test_the_end_of_a_run_takes_another_shift_together(tmp_path):
    # A works all four days, planned on E. L is wanted on days 2 and 3: day 2
    # alone cannot move to L (E on day 3 may not follow L), but days 2-3
    # together can, and it pays: E over on day 2 and L short twice (1 + 200)
    # become E short on day 3 (100).
    cover = cover_lines(4, "EL", {"E": {0, 1, 3}, "L": {2, 3}})
    _, worked, cost = constructed(tiny_benchmark(
        tmp_path, days=4, shifts="E,480,\nL,480,E\n", staff="A,E=4|L=4,1920,1920,4,1,1,1\n",
        cover=cover))
    assert worked == {("A", 0): "E", ("A", 1): "E", ("A", 2): "L", ("A", 3): "L"}
    assert cost == 100


def test_longer_shifts_are_taken_and_a_day_given_up_for_the_minutes(tmp_path):
    # A may work 2 640-3 120 minutes, so 6 days of 8-hour D (the 12-hour T
    # alone cannot fill the window: cap 2), and is off on day 6: planned on D
    # for days 0-5. D is wanted on days 0-2, T on days 3-5. Day 3 becomes T
    # (+240 minutes: 3 120); day 4 becomes T as well and day 5, the end of
    # the run and a D too many, is given up (3 120 + 240 - 480 = 2 880).
    # Left: T short on day 5 (100).
    cover = cover_lines(7, "DT", {"D": {0, 1, 2}, "T": {3, 4, 5}})
    _, worked, cost = constructed(tiny_benchmark(
        tmp_path, days=7, shifts="D,480,\nT,720,\n", staff="A,D=7|T=2,3120,2640,7,1,1,1\n",
        cover=cover, days_off="A,6\n"))
    assert worked == {("A", 0): "D", ("A", 1): "D", ("A", 2): "D", ("A", 3): "T",
                      ("A", 4): "T"}
    assert cost == 100


def test_a_day_takes_a_longer_shift_where_the_minutes_allow(tmp_path):
    # A is planned on 8-hour D (12-hour T is capped at 2, too few for A's
    # 2 880-3 120 minutes). T is wanted on days 1, 2 and 4 (200 on days 1
    # and 4), D every day but 2: the date-by-date assignment gives A one T,
    # on day 1 (a second would pass 6 × 480 + 2 × 240 = 3 360 > 3 120).
    # Left: D short on day 1 (100), T short on days 2 and 4 (100 + 200).
    # A on D all six days would leave T short three times: 500.
    cover = cover_lines(7, "DT", {"D": {0, 1, 3, 4, 5, 6}, "T": {1, 2, 4}},
                        under={("T", 1): 200, ("T", 4): 200})
    _, worked, cost = constructed(tiny_benchmark(
        tmp_path, days=7, shifts="D,480,\nT,720,\n", staff="A,D=7|T=2,3120,2880,7,1,1,1\n",
        cover=cover))
    assert worked == {("A", 0): "D", ("A", 1): "T", ("A", 3): "D", ("A", 4): "D",
                      ("A", 5): "D", ("A", 6): "D"}
    assert cost == 400
