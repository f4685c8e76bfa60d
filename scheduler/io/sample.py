"""The bundled sample: a telecom customer-service duty team in December 2026.

Twelve people of a hotline centre (江城电信客服中心), with the roles the
regulations name; the role is kept as a skill code so that it travels with
the data, and E01, the manager, has the Staff role ``manager`` (经理: approves
swaps, leave and changes): ``manager`` 客户服务经理, ``service`` 客户服务代表, ``tech`` 技术支持工程师
(a few others also hold ``tech``), ``aftersales`` 售后服务专员. Shifts follow
R1–R5: day duty 白天班 (one person and one standby, rotating daily), night duty
夜晚班 (two people, one with ``tech``, a weekly crew with a standby) and
holiday duty 节假日班 on days off. History holds the published roster of
2026-11-23 to 2026-11-30; the night crew of the week that began on Monday
2026-11-30 carries on into December.

The installed package builds it in code, so ``roster template`` works without
the repository; ``samples/make_sample.py`` writes it to ``samples/``.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import Lang
from ..models import Problem

TEAM = "江城电信客服中心 值班组"

# (id, name, role skill, extra skills, allowed shifts, max_duties)
STAFF: tuple[tuple[str, str, str, list[str], list[str], int | None], ...] = (
    ("E01", "王建国", "manager", [], ["D", "H"], None),   # 客户服务经理: day and holiday duty only
    ("E02", "李娜", "service", [], [], None),             # 客户服务代表
    ("E03", "张伟", "tech", [], [], None),                # 技术支持工程师
    ("E04", "刘洋", "tech", [], [], None),
    ("E05", "陈静", "service", [], [], None),
    ("E06", "杨帆", "aftersales", [], [], None),          # 售后服务专员
    ("E07", "赵磊", "tech", [], [], None),
    ("E08", "黄丽", "service", [], [], None),
    ("E09", "周杰", "aftersales", ["tech"], [], None),
    ("E10", "吴敏", "service", [], [], 5),                # part-time this month
    ("E11", "徐强", "tech", [], [], None),
    ("E12", "孙悦", "aftersales", [], [], None),
)

# (employee, start, end, kind, requested_on)
LEAVE = (
    ("E05", "2026-12-14", "2026-12-18", "annual", "2026-11-20"),
    ("E10", "2026-12-03", "2026-12-04", "sick", "2026-12-03"),
    ("E06", "2026-12-24", "2026-12-25", "personal", "2026-12-22"),  # short notice (R10)
    ("E04", "2026-12-28", "2026-12-31", "annual", "2026-11-25"),
    ("E12", "2026-12-11", "2026-12-11", "personal", "2026-12-01"),
)

# (employee, date, shift or None, kind, weight)
REQUESTS = (
    ("E01", "2026-12-01", "D", "prefer", 1),
    ("E02", "2026-12-24", None, "avoid", 2),
    ("E03", "2026-12-21", "N", "avoid", 3),
    ("E07", "2026-12-07", "N", "prefer", 1),
    ("E06", "2026-12-15", "D", "prefer", 1),
    ("E12", "2026-12-12", "H", "avoid", 2),
    ("E09", "2026-12-26", "H", "prefer", 2),
    ("E11", "2026-12-31", None, "avoid", 3),
)

# The published roster of the last days of November 2026.
# Week of Mon 11-23: night crew E07 (tech) + E02, standby E12.
# Week of Mon 11-30: night crew E03 (tech) + E08, standby E11; it continues to Fri 12-04.
NIGHT_WEEKS = (
    (("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"),
     ("E07", "E02"), "E12"),
    (("2026-11-30",), ("E03", "E08"), "E11"),
)
# (date, duty, standby) of the day shift; nobody here is on the night crew of that week.
DAY_HISTORY = (
    ("2026-11-23", "E01", "E04"),
    ("2026-11-24", "E05", "E06"),
    ("2026-11-25", "E09", "E01"),
    ("2026-11-26", "E10", "E03"),
    ("2026-11-27", "E11", "E05"),
    ("2026-11-30", "E06", "E01"),
)
HOLIDAY_HISTORY = (("2026-11-28", "E04"), ("2026-11-29", "E06"))


def sample_problem(language: Lang | None = None) -> Problem:
    """The December 2026 sample problem.

    Parameters
    ----------
    language
        Stored as ``settings.language``; None leaves it to the caller (a
        template written in Chinese then reads back as Chinese).
    """
    history = []
    for dates, crew, standby in NIGHT_WEEKS:
        for day in dates:
            history += [dict(date=day, shift_id="N", employee_id=e, role="duty") for e in crew]
            history.append(dict(date=day, shift_id="N", employee_id=standby, role="backup"))
    for day, duty, standby in DAY_HISTORY:
        history.append(dict(date=day, shift_id="D", employee_id=duty, role="duty"))
        history.append(dict(date=day, shift_id="D", employee_id=standby, role="backup"))
    for day, duty in HOLIDAY_HISTORY:
        history.append(dict(date=day, shift_id="H", employee_id=duty, role="duty"))
    history.sort(key=lambda h: (h["date"], h["shift_id"], h["role"] != "duty", h["employee_id"]))

    return Problem.model_validate({
        "settings": {
            "month": "2026-12", "team": TEAM, "min_rest_hours": 11, "max_swaps_per_month": 3,
            "leave_notice_days": 3, "holiday_calendar": "CN", "time_limit_s": 30,
            "max_duties_per_day": 1, "language": language,
        },
        "shifts": [
            {"shift_id": "D", "name": "白天班", "start": dt.time(8), "end": dt.time(17),
             "days": "workdays", "staff": 1, "rotation": "day", "backups": 1},
            {"shift_id": "N", "name": "夜晚班", "start": dt.time(19), "end": dt.time(3),
             "days": "workdays", "staff": 2, "rotation": "week", "backups": 1,
             "skills": {"tech": 1}},
            {"shift_id": "H", "name": "节假日班", "start": dt.time(8), "end": dt.time(17),
             "days": "offdays", "staff": 1, "rotation": "day", "backups": 0},
        ],
        "staff": [
            {"employee_id": emp, "name": name, "skills": [role, *extra], "shifts": shifts,
             "max_duties": cap, "role": "manager" if role == "manager" else "staff"}
            for emp, name, role, extra, shifts, cap in STAFF
        ],
        "leave": [
            {"employee_id": emp, "start": start, "end": end, "kind": kind,
             "requested_on": requested}
            for emp, start, end, kind, requested in LEAVE
        ],
        "requests": [
            {"employee_id": emp, "date": day, "shift_id": shift, "kind": kind, "weight": weight}
            for emp, day, shift, kind, weight in REQUESTS
        ],
        "history": history,
    })
