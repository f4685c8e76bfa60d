"""申请 Requests and 缺勤 Absence on a published month: swaps, the SW1 quota, late leave, illness."""

from __future__ import annotations

import datetime as dt

from app_cases import EARLY, Driver

from scheduler.changes import ChangeError, Duty, cover_suggestions
from scheduler.store import Refused


def _swap_to_offer(service, avoid=("E01",)):
    """(requester, duty, colleague): a duty after EARLY whose best cover is not a manager."""
    _, problem, roster = service.current("2026-12")
    for a in sorted(roster.assignments, key=lambda a: (a.date, a.employee_id)):
        if a.role != "duty" or a.date <= EARLY + dt.timedelta(days=3) or a.employee_id in avoid:
            continue
        cover = cover_suggestions(problem, roster, [], Duty(a.date, a.shift_id), a.employee_id)
        colleague = next((c.employee_id for c in cover.candidates if c.employee_id not in avoid), None)
        if colleague is not None:
            return a.employee_id, Duty(a.date, a.shift_id), colleague
    raise AssertionError("no swap to offer")


def test_a_swap_is_asked_accepted_and_approved(published):
    requester, duty, colleague = _swap_to_offer(published)
    driver = Driver().on(EARLY).as_person(requester).page("requests")
    driver.at.selectbox(key="swap_duty").set_value(duty)
    driver.run()
    driver.at.selectbox(key="swap_to").set_value(colleague)
    driver.run()
    assert "Every rule allows it." in driver.texts("success")
    assert any(c.startswith("Swaps this month: 0 of 3") for c in driver.texts("caption"))
    driver.click("submit_swap")
    assert any(s.startswith("Request #1 sent") for s in driver.texts("success"))

    driver.as_person(colleague)
    driver.click("accept_1")
    assert published.swaps()[0]["state"] == "accepted"

    driver.as_person("E01")
    assert any("✓ **SW1** swaps per month: passes" in m for m in driver.texts("markdown"))
    driver.click("approve_1")
    assert any(s.startswith("Approved: version 2 published") for s in driver.texts("success"))
    info, _, roster = published.current("2026-12")
    assert info.number == 2
    assert (colleague, duty.date, duty.shift_id) in {(a.employee_id, a.date, a.shift_id)
                                                     for a in roster.assignments if a.role == "duty"}


def test_a_fourth_swap_to_one_colleague_shows_sw1_and_changes_nothing(published):
    _, problem, roster = published.current("2026-12")
    target, asked = None, []
    for emp in [e.employee_id for e in problem.staff if e.employee_id != "E01"]:
        asked = []
        for a in sorted(roster.assignments, key=lambda a: a.date):
            if a.role != "duty" or a.employee_id in ("E01", emp) or a.date <= EARLY + dt.timedelta(days=3) \
                    or a.employee_id in [r for r, _ in asked]:
                continue
            try:
                published.request_swap(actor=a.employee_id, duty=Duty(a.date, a.shift_id), to=emp,
                                       today=EARLY)
                asked.append((a.employee_id, a.date))
            except (Refused, ChangeError):
                continue
            if len(asked) == 3:
                break
        if len(asked) == 3:
            target = emp
            break
        for swap in published.swaps(state="requested"):
            published.cancel_swap(swap["id"], actor=swap["requester"], today=EARLY)
    assert target is not None
    fourth = next(a for a in sorted(roster.assignments, key=lambda a: a.date)
                  if a.role == "duty" and a.employee_id not in ("E01", target)
                  and a.employee_id not in [r for r, _ in asked] and a.date > EARLY)
    before = published.current("2026-12")[2]
    count = len(published.swaps())
    driver = Driver().on(EARLY).as_person(fourth.employee_id).page("requests")
    driver.at.selectbox(key="swap_duty").set_value(Duty(fourth.date, fourth.shift_id))
    driver.run()
    driver.at.selectbox(key="swap_to").set_value(target)
    driver.run()
    assert any("[SW1]" in e for e in driver.texts("error"))  # shown before submitting
    driver.click("submit_swap")
    assert any("[SW1]" in e and e.startswith("Refused") for e in driver.texts("error"))
    assert len(published.swaps()) == count
    assert published.current("2026-12")[2] == before


def test_late_leave_needs_the_managers_override(published):
    _, problem, roster = published.current("2026-12")
    emp = next(a.employee_id for a in sorted(roster.assignments, key=lambda a: a.date)
               if a.role == "duty" and a.date == dt.date(2026, 12, 3) and a.employee_id != "E01")
    driver = Driver().on(EARLY).as_person(emp).page("requests")
    driver.at.date_input(key="leave_from").set_value(dt.date(2026, 12, 3))
    driver.run()
    driver.at.date_input(key="leave_to").set_value(dt.date(2026, 12, 3))
    driver.run()
    assert any("LV1" in w for w in driver.texts("warning"))  # shown before submitting
    driver.click("submit_leave")
    assert any(s.startswith("Request #1 sent") for s in driver.texts("success"))

    driver.as_person("E01")
    driver.click("preview_leave_1")  # the re-plan approval would publish, as a diff
    diff = next(d.value for d in driver.at.dataframe if "Before" in d.value.columns)
    assert (diff["Person"].str.startswith(emp) & (diff["Date"] == "2026-12-03")).any()
    driver.click("approve_leave_1")
    assert any("[LV1]" in e for e in driver.texts("error"))
    assert published.leave_requests()[0]["state"] == "requested"
    driver.at.text_input(key="override_1").set_value("flu, doctor's note")
    driver.run()
    driver.click("approve_leave_1")
    assert any(s.startswith("Approved: version 2 published") for s in driver.texts("success"))
    _, problem, roster = published.current("2026-12")
    assert not [a for a in roster.assignments if a.employee_id == emp and a.date == dt.date(2026, 12, 3)]


def test_an_absence_is_proposed_as_a_diff_then_applied(published):
    _, _, roster = published.current("2026-12")
    duty = next(a for a in sorted(roster.assignments, key=lambda a: a.date)
                if a.role == "duty" and a.date > dt.date(2026, 12, 7) and a.employee_id != "E01")
    driver = Driver().on(dt.date(2026, 12, 7)).as_person("E01").page("absence")
    driver.at.selectbox(key="abs_who").set_value(duty.employee_id)
    driver.at.date_input(key="abs_from").set_value(duty.date)
    driver.at.date_input(key="abs_to").set_value(duty.date)
    driver.run()
    driver.click("abs_propose")
    heading = next(s for s in driver.texts("subheader") if "nothing changed yet" in s)
    assert int(heading.split(":")[1].split()[0]) >= 1
    assert published.current("2026-12")[0].number == 1
    driver.click("abs_apply")
    assert "Absence applied: version 2 published." in driver.texts("success")
    _, _, after = published.current("2026-12")
    assert not [a for a in after.assignments
                if a.employee_id == duty.employee_id and a.date == duty.date]


def test_the_log_lists_every_action_and_filters_them(published):
    requester, duty, colleague = _swap_to_offer(published)
    published.request_swap(actor=requester, duty=duty, to=colleague, today=EARLY)
    driver = Driver().page("log")
    table = driver.at.dataframe[0].value
    assert set(table["Action"]) >= {"publish", "swap.request"}
    driver.at.multiselect(key="log_action").set_value(["publish"])
    driver.run()
    assert set(driver.at.dataframe[0].value["Action"]) == {"publish"}
    assert driver.at.download_button(key="log_csv").label == "Download CSV"
