"""The swap and leave state machines in the store: every transition, every refusal.

The tiny month of change_cases.py (day duties A B C A B C A from Monday 7th,
D on every night, Saturday 12th a holiday, M the manager) is published as
version 1. A refused action changes nothing but the one audit row it adds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from change_cases import FRI, MON, SAT, THU, TUE, WED, day
from store_cases import EARLY, accepted_swap, audit, duty_holder, snapshot, state

from scheduler.changes import ChangeError, Duty
from scheduler.store import Refused


def versions(service) -> list[int]:
    return [v.number for v in service.versions("2026-12")]


def refused_quietly(service, call, error=Refused):
    """``call()`` is refused with ``error``; nothing in the store changed but one audit row."""
    before, rows = snapshot(service.db), len(audit(service.db))
    with pytest.raises(error) as refusal:
        call()
    assert snapshot(service.db) == before
    after = audit(service.db)
    assert len(after) == rows + 1 and after[-1].outcome == "refused"
    return refusal.value


# ---------------------------------------------------------------- swap: paths
def test_a_swap_is_requested_accepted_then_applied_as_a_new_version(published):
    s = published
    out = s.request_swap(actor="A", duty=day(MON), to="B", reason="wedding", today=EARLY)
    assert (out.state, out.version) == ("requested", None)
    assert s.accept_swap(out.request_id, actor="B", today=EARLY).state == "accepted"
    assert versions(s) == [1]  # only the approval changes the roster
    done = s.approve_swap(out.request_id, actor="M", today=EARLY, note="signed")
    assert done.state == "applied" and versions(s) == [1, 2]
    info, _, roster = s.current("2026-12")
    assert (info.number, info.kind, info.request_id, info.parent, info.reason) == (
        2, "swap", out.request_id, 1, "signed")
    assert duty_holder(roster, MON) == "B"
    # Monday's cell of A and of B changed, nothing else.
    assert [(c.employee_id, c.before, c.after) for c in done.changes] == [
        ("A", ("D",), ()), ("B", (), ("D",))]
    row = s.swaps()[0]
    assert (row["state"], row["decided_by"], row["note"]) == ("applied", "M", "signed")
    assert s.versions("2026-12")[0].status == "superseded"


def test_a_swap_with_payback_moves_both_duties(published):
    # A gives Monday to B, B pays back with Tuesday: A works Tuesday, B Monday.
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B", back=day(TUE))
    s.approve_swap(swap_id, actor="M", today=EARLY)
    _, _, roster = s.current("2026-12")
    assert (duty_holder(roster, MON), duty_holder(roster, TUE)) == ("B", "A")


def test_the_colleague_declines(published):
    s = published
    swap_id = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    out = s.decline_swap(swap_id, actor="B", today=EARLY, reason="busy")
    row = s.swaps()[0]
    assert out.state == row["state"] == "declined" and (row["decided_by"], row["note"]) == (
        "B", "busy")
    assert versions(s) == [1]


@pytest.mark.parametrize("accepted", [False, True])
def test_the_manager_rejects_with_a_reason(published, accepted):
    s = published
    if accepted:
        swap_id = accepted_swap(s, "A", day(MON), "B")
    else:
        swap_id = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    assert s.reject_swap(swap_id, actor="M", reason="short-staffed", today=EARLY).state == \
        "rejected"
    row = s.swaps()[0]
    assert (row["decided_by"], row["note"]) == ("M", "short-staffed") and versions(s) == [1]


def test_a_rejection_needs_a_reason(published):
    swap_id = published.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    err = refused_quietly(published, lambda: published.reject_swap(
        swap_id, actor="M", reason="  ", today=EARLY), ChangeError)
    assert err.column == "--reason" and state(published, "swap", swap_id) == "requested"


@pytest.mark.parametrize("stage", ["requested", "accepted", "stale"])
def test_the_requester_cancels_an_open_swap(published, stage):
    s = published
    swap_id = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    if stage != "requested":
        s.accept_swap(swap_id, actor="B", today=EARLY)
    if stage == "stale":  # B's Friday goes to C: the roster changed under the accepted swap
        s.approve_swap(accepted_swap(s, "B", day(FRI), "C"), actor="M", today=EARLY)
        with pytest.raises(Refused):
            s.approve_swap(swap_id, actor="M", today=EARLY)
    assert state(s, "swap", swap_id) == stage
    assert s.cancel_swap(swap_id, actor="A", today=EARLY).state == "cancelled"
    assert s.swaps()[0]["decided_by"] == "A"


def test_an_open_swap_whose_date_has_passed_expires_on_the_next_action(published):
    s = published
    swap_id = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    with pytest.raises(Refused, match="2026-12-07 has passed"):
        s.accept_swap(swap_id, actor="B", today=TUE)
    assert state(s, "swap", swap_id) == "expired" and versions(s) == [1]
    assert audit(s.db)[-1].outcome == "refused"
    # Expired is final.
    with pytest.raises(ChangeError):
        s.accept_swap(swap_id, actor="B", today=EARLY)


def test_an_accepted_swap_approved_after_its_date_expires(published):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    with pytest.raises(Refused):
        s.approve_swap(swap_id, actor="M", today=TUE)
    assert state(s, "swap", swap_id) == "expired" and versions(s) == [1]


def test_a_swap_whose_payback_has_passed_expires_too(published):
    # The duty (Thursday) is ahead but the payback (Tuesday) is over on Wednesday.
    s = published
    swap_id = accepted_swap(s, "A", day(THU), "B", back=day(TUE))
    with pytest.raises(Refused):
        s.approve_swap(swap_id, actor="M", today=WED)
    assert state(s, "swap", swap_id) == "expired"


def test_a_stale_swap_goes_back_to_accepted_when_the_colleague_confirms(published):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B")
    s.approve_swap(accepted_swap(s, "B", day(FRI), "C"), actor="M", today=EARLY)
    with pytest.raises(Refused):
        s.approve_swap(swap_id, actor="M", today=EARLY)
    assert state(s, "swap", swap_id) == "stale"
    assert s.accept_swap(swap_id, actor="B", today=EARLY).state == "accepted"
    assert s.approve_swap(swap_id, actor="M", today=EARLY).state == "applied"
    assert versions(s) == [1, 2, 3]


# ------------------------------------------------------------- swap: refusals
@pytest.mark.parametrize("who", ["A", "C", "M"])
def test_only_the_colleague_accepts_or_declines(published, who):
    swap_id = published.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    for action in (published.accept_swap, published.decline_swap):
        refusal = refused_quietly(published, lambda a=action: a(swap_id, actor=who, today=EARLY))
        assert "by B, not by " + who in str(refusal)
    assert state(published, "swap", swap_id) == "requested"


@pytest.mark.parametrize("who", ["B", "C", "M"])
def test_only_the_requester_cancels(published, who):
    swap_id = accepted_swap(published, "A", day(MON), "B")
    refused_quietly(published, lambda: published.cancel_swap(swap_id, actor=who, today=EARLY))
    assert state(published, "swap", swap_id) == "accepted"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_only_a_manager_approves_or_rejects(published, action):
    swap_id = accepted_swap(published, "A", day(MON), "B")
    for who in ("A", "B", "C"):
        call = (lambda w=who: published.approve_swap(swap_id, actor=w, today=EARLY)) \
            if action == "approve" else \
            (lambda w=who: published.reject_swap(swap_id, actor=w, reason="no", today=EARLY))
        refusal = refused_quietly(published, call)
        assert "is not a manager" in str(refusal)
    assert state(published, "swap", swap_id) == "accepted"


def test_a_swap_the_colleague_has_not_accepted_is_not_approved(published):
    swap_id = published.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    err = refused_quietly(published, lambda: published.approve_swap(
        swap_id, actor="M", today=EARLY), ChangeError)
    assert "is requested" in str(err)


@pytest.mark.parametrize("end", ["applied", "declined", "rejected", "cancelled"])
def test_a_closed_swap_takes_no_further_action(published, end):
    s = published
    swap_id = accepted_swap(s, "A", day(MON), "B") if end != "declined" else \
        s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    {"applied": lambda: s.approve_swap(swap_id, actor="M", today=EARLY),
     "declined": lambda: s.decline_swap(swap_id, actor="B", today=EARLY),
     "rejected": lambda: s.reject_swap(swap_id, actor="M", reason="no", today=EARLY),
     "cancelled": lambda: s.cancel_swap(swap_id, actor="A", today=EARLY)}[end]()
    assert state(s, "swap", swap_id) == end
    for call in (lambda: s.accept_swap(swap_id, actor="B", today=EARLY),
                 lambda: s.decline_swap(swap_id, actor="B", today=EARLY),
                 lambda: s.cancel_swap(swap_id, actor="A", today=EARLY),
                 lambda: s.approve_swap(swap_id, actor="M", today=EARLY),
                 lambda: s.reject_swap(swap_id, actor="M", reason="no", today=EARLY)):
        err = refused_quietly(s, call, ChangeError)
        assert f"is {end}" in str(err)
    assert state(s, "swap", swap_id) == end


@pytest.mark.parametrize("first", ["requested", "accepted"])
def test_a_second_open_request_on_the_same_duty_is_refused(published, first):
    s = published
    first_id = s.request_swap(actor="A", duty=day(MON), to="B", today=EARLY).request_id
    if first == "accepted":
        s.accept_swap(first_id, actor="B", today=EARLY)
    err = refused_quietly(s, lambda: s.request_swap(actor="A", duty=day(MON), to="C",
                                                    today=EARLY), ChangeError)
    assert f"open swap request (#{first_id})" in str(err)
    # Once the first is closed, the duty may be asked for again.
    s.cancel_swap(first_id, actor="A", today=EARLY)
    assert s.request_swap(actor="A", duty=day(MON), to="C", today=EARLY).state == "requested"


def test_a_swap_the_rules_forbid_is_refused_with_the_rules_sentence(published):
    # Saturday is a holiday: C's duty that day is locked (SW5).
    refusal = refused_quietly(published, lambda: published.request_swap(
        actor="C", duty=day(SAT), to="B", today=EARLY))
    assert [v.rule for v in refusal.violations] == ["SW5"]
    assert published.swaps() == []


# ---------------------------------------------------------------------- leave
def test_leave_is_approved_and_its_duties_replanned_with_the_fewest_changes(published):
    s = published
    _, _, before = s.current("2026-12")
    leave_id = s.request_leave(actor="A", start=THU, end=THU, today=EARLY).request_id
    assert state(s, "leave", leave_id) == "requested" and versions(s) == [1]
    out = s.approve_leave(leave_id, actor="M", today=EARLY)
    info, problem, after = s.current("2026-12")
    assert out.state == "approved" and (info.number, info.kind, info.request_id) == (
        2, "leave", leave_id)
    # A is off on Thursday; one person covers A's day duty (B or C: D works every
    # night), every other assignment stays.
    assert not [a for a in after.assignments if a.employee_id == "A" and a.date == THU]
    assert duty_holder(after, THU) in ("B", "C")
    assert set(before.assignments) - set(after.assignments) == {
        a for a in before.assignments if a.employee_id == "A" and a.date == THU}
    assert len(set(after.assignments) - set(before.assignments)) == 1
    assert out.replan.dropped == 1
    # The new version's problem holds the leave, so later checks see it.
    assert [(x.employee_id, x.start) for x in problem.leave] == [("A", THU)]
    assert s.leave_requests()[0]["decided_by"] == "M"


def test_leave_is_rejected_with_a_reason(published):
    s = published
    leave_id = s.request_leave(actor="B", start=TUE, end=TUE, today=EARLY).request_id
    err = refused_quietly(s, lambda: s.reject_leave(leave_id, actor="M", reason="",
                                                    today=EARLY), ChangeError)
    assert err.column == "--reason"
    assert s.reject_leave(leave_id, actor="M", reason="audit week", today=EARLY).state == \
        "rejected"
    row = s.leave_requests()[0]
    assert (row["state"], row["note"]) == ("rejected", "audit week") and versions(s) == [1]


def test_late_leave_needs_the_managers_override(published):
    # Asked on Monday 7th for Wednesday 9th: 2 days ahead, 3 required (LV1).
    s = published
    out = s.request_leave(actor="B", start=WED, end=WED, today=MON)
    assert [v.rule for v in out.warnings] == ["LV1"]  # asked for anyway, with a warning
    refusal = refused_quietly(s, lambda: s.approve_leave(out.request_id, actor="M", today=MON))
    assert [v.rule for v in refusal.violations] == ["LV1"]
    assert state(s, "leave", out.request_id) == "requested"
    s.approve_leave(out.request_id, actor="M", today=MON, override="family emergency")
    row = s.leave_requests()[0]
    assert (row["state"], row["override"]) == ("approved", "family emergency")
    assert versions(s) == [1, 2]


def test_only_a_manager_decides_on_leave(published):
    s = published
    leave_id = s.request_leave(actor="B", start=TUE, end=TUE, today=EARLY).request_id
    for who in ("A", "B"):
        refused_quietly(s, lambda w=who: s.approve_leave(leave_id, actor=w, today=EARLY))
        refused_quietly(s, lambda w=who: s.reject_leave(leave_id, actor=w, reason="x",
                                                        today=EARLY))
    assert state(s, "leave", leave_id) == "requested"


@pytest.mark.parametrize("end", ["approved", "rejected"])
def test_decided_leave_takes_no_further_decision(published, end):
    s = published
    leave_id = s.request_leave(actor="B", start=TUE, end=TUE, today=EARLY).request_id
    if end == "approved":
        s.approve_leave(leave_id, actor="M", today=EARLY)
    else:
        s.reject_leave(leave_id, actor="M", reason="no", today=EARLY)
    for call in (lambda: s.approve_leave(leave_id, actor="M", today=EARLY),
                 lambda: s.reject_leave(leave_id, actor="M", reason="no", today=EARLY)):
        err = refused_quietly(s, call, ChangeError)
        assert f"is {end}" in str(err)


def test_leave_on_a_holiday_duty_is_refused_when_asked(published):
    # C is on day duty on Saturday 12th, a holiday (SW5).
    refusal = refused_quietly(published, lambda: published.request_leave(
        actor="C", start=FRI, end=SAT, today=EARLY))
    assert [v.rule for v in refusal.violations] == ["SW5"]


# -------------------------------------------------------------------- absence
def test_an_absence_is_proposed_without_a_version_then_applied_as_one(published):
    s = published
    before = snapshot(s.db)
    proposal = s.absence("B", TUE, WED, actor="M", today=MON, reason="flu")
    assert proposal.version is None and snapshot(s.db) == before
    # B's Tuesday day duty goes to somebody else; B had no other duty those days.
    assert [(c.employee_id, c.date, c.before, c.after) for c in proposal.changes
            if c.employee_id == "B"] == [("B", TUE, ("D",), ())]
    applied = s.absence("B", TUE, WED, actor="M", today=MON, reason="flu", apply=True)
    info, problem, roster = s.current("2026-12")
    assert (applied.version.number, info.kind, info.reason) == (2, "absence", "flu")
    assert duty_holder(roster, TUE) != "B"
    assert [(x.employee_id, x.start, x.end) for x in problem.leave] == [("B", TUE, WED)]
    assert [e.action for e in audit(s.db)][-2:] == ["absence.propose", "absence.apply"]


def test_only_a_manager_marks_an_absence(published):
    refused_quietly(published, lambda: published.absence("B", TUE, TUE, actor="A", today=MON,
                                                         apply=True))


def test_an_absence_over_two_months_is_bad_input(published):
    before = snapshot(published.db), len(audit(published.db))
    with pytest.raises(ChangeError):
        published.absence("B", dt.date(2026, 12, 31), dt.date(2027, 1, 2), actor="M", today=MON)
    assert (snapshot(published.db), len(audit(published.db))) == before


def test_a_duty_of_the_past_cannot_be_asked_for(published):
    with pytest.raises(ChangeError):
        published.request_swap(actor="A", duty=Duty(MON, "D"), to="B", today=TUE)


# ------------------------------------------------------- self-approval, past
def _with_manager(problem, emp_id: str):
    # A manager on the roster lists the shifts they work (an empty list: none).
    staff = [e.model_copy(update={"role": "manager", "shifts": ["D", "N"]})
             if e.employee_id == emp_id else e for e in problem.staff]
    return problem.model_copy(update={"staff": staff})


def test_a_manager_party_to_a_swap_cannot_approve_it(service):
    # A is a manager who also works day duties: A's own swap needs another manager (M).
    import change_cases
    from store_cases import publish

    publish(service, _with_manager(change_cases.problem(), "A"))
    swap_id = accepted_swap(service, "A", day(MON), "B")
    refusal = refused_quietly(service, lambda: service.approve_swap(swap_id, actor="A",
                                                                    today=EARLY))
    assert "another manager" in refusal.what.render("en") and "其他经理" in refusal.what.render("zh")
    assert service.approve_swap(swap_id, actor="M", today=EARLY).state == "applied"


def test_nobody_approves_their_own_leave_and_only_the_person_cancels_it(published):
    s = published
    own = s.request_leave(actor="M", start=THU, end=THU, today=EARLY).request_id
    refused_quietly(s, lambda: s.approve_leave(own, actor="M", today=EARLY))
    theirs = s.request_leave(actor="B", start=FRI, end=FRI, today=EARLY).request_id
    refused_quietly(s, lambda: s.cancel_leave(theirs, actor="C", today=EARLY))
    assert s.cancel_leave(theirs, actor="B", today=EARLY).state == "cancelled"
    assert state(s, "leave", theirs) == "cancelled"
    refused_quietly(s, lambda: s.approve_leave(theirs, actor="M", today=EARLY), ChangeError)


def test_an_absence_reaching_into_the_past_keeps_the_past_as_published(published):
    # B works the day duty on Tue 8th and Fri 11th. Marked absent Tue-Fri on
    # Wednesday: Tuesday has passed and stays B's; Friday is covered by another.
    s = published
    out = s.absence("B", TUE, FRI, actor="M", today=WED, apply=True)
    _, problem, roster = s.current("2026-12")
    assert duty_holder(roster, TUE) == "B"
    assert duty_holder(roster, FRI) != "B"
    assert [c.date for c in out.changes] == [FRI, FRI]
    # The leave recorded in the version's problem starts today: the past holds.
    assert [(x.employee_id, x.start, x.end) for x in problem.leave] == [("B", WED, FRI)]


def test_an_absence_ending_before_it_starts_is_bad_input(published):
    with pytest.raises(ChangeError) as err:
        published.absence("B", FRI, TUE, actor="M", today=EARLY)
    assert err.value.column == "--to"


def test_a_leave_whose_dates_have_passed_expires_instead_of_rewriting_the_past(published):
    s = published
    leave_id = s.request_leave(actor="B", start=TUE, end=TUE, today=EARLY).request_id
    with pytest.raises(Refused):
        s.approve_leave(leave_id, actor="M", today=WED)
    assert state(s, "leave", leave_id) == "expired"
    assert [v.number for v in s.versions("2026-12")] == [1]
