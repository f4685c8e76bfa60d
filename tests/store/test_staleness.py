"""Staleness: an accepted swap whose people's duties changed is not approved as it was.

The colleague accepted against one version; when either person's duties
differ in the version the manager approves against, the approval is
refused, the swap becomes ``stale``, and only the colleague's new
acceptance, judged again on the current roster, makes it approvable.
"""

from __future__ import annotations

import pytest
from change_cases import FRI, MON, THU, WED, day
from store_cases import EARLY, accepted_swap, audit, duty_holder, state

from scheduler.models import Assignment
from scheduler.store import Refused


def published_number(service) -> int:
    return service.current("2026-12")[0].number


def test_a_swap_made_stale_by_another_swap_of_one_of_its_people(published):
    # Swap 1: A gives Monday to B. Swap 2: B gives Friday to C. Both accepted on version 1.
    s = published
    first = accepted_swap(s, "A", day(MON), "B")
    second = accepted_swap(s, "B", day(FRI), "C")
    s.approve_swap(second, actor="M", today=EARLY)  # version 2: B no longer works Friday
    with pytest.raises(Refused) as refusal:
        s.approve_swap(first, actor="M", today=EARLY)
    assert "version 1 → 2" in str(refusal.value) and "accept again" in str(refusal.value)
    assert state(s, "swap", first) == "stale" and published_number(s) == 2
    last = audit(s.db)[-1]
    assert (last.action, last.outcome, last.entity_id) == ("swap.approve", "refused", first)
    # Confirmed again on version 2, the swap is still valid and is applied.
    assert s.accept_swap(first, actor="B", today=EARLY).state == "accepted"
    s.approve_swap(first, actor="M", today=EARLY)
    _, _, roster = s.current("2026-12")
    assert published_number(s) == 3
    assert (duty_holder(roster, MON), duty_holder(roster, FRI)) == ("B", "C")


def test_a_swap_made_stale_by_an_absence(published):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    s.absence("B", FRI, FRI, actor="M", today=EARLY, apply=True, reason="training")
    with pytest.raises(Refused):
        s.approve_swap(swap_id, actor="M", today=EARLY)
    assert state(s, "swap", swap_id) == "stale"
    s.accept_swap(swap_id, actor="B", today=EARLY)
    assert s.approve_swap(swap_id, actor="M", today=EARLY).version.number == 3


def test_a_change_to_other_people_leaves_an_accepted_swap_approvable(published):
    # A gives Monday to C; then B takes D's Wednesday night: neither A's nor C's duties change.
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "C")
    s.edit("2026-12", actor="M", today=EARLY, apply=True,
           pins=[Assignment(date=WED, shift_id="N", employee_id="B")],
           forbidden=[Assignment(date=WED, shift_id="N", employee_id="D")])
    assert published_number(s) == 2
    assert s.approve_swap(swap_id, actor="M", today=EARLY).version.number == 3


def test_a_stale_swap_no_longer_valid_is_not_accepted_again(published):
    # A gives Thursday's day duty to B. Then the manager gives B Wednesday's night
    # (19:00-03:00): B taking Thursday 08:00 would have 5 h of rest (SW3).
    s = published
    swap_id = accepted_swap(s, "A", day(THU), "B")
    s.edit("2026-12", actor="M", today=EARLY, apply=True, reason="D to training",
           pins=[Assignment(date=WED, shift_id="N", employee_id="B")],
           forbidden=[Assignment(date=WED, shift_id="N", employee_id="D")])
    with pytest.raises(Refused):
        s.approve_swap(swap_id, actor="M", today=EARLY)
    assert state(s, "swap", swap_id) == "stale"
    with pytest.raises(Refused) as refusal:
        s.accept_swap(swap_id, actor="B", today=EARLY)
    assert "SW3" in {v.rule for v in refusal.value.violations}
    assert state(s, "swap", swap_id) == "stale" and published_number(s) == 2
    # Still stale, it can be declined or cancelled, never approved.
    assert s.cancel_swap(swap_id, actor="A", today=EARLY).state == "cancelled"
