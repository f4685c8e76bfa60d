"""S5 requests (意愿): prefer/avoid wishes, by weight.

For a request (p, d, shift s or any, weight v): "prefer" costs w_requests · v
when p has no duty on s (any shift when empty) starting on d; "avoid" costs
w_requests · v when p has such a duty. Standby does not count as a duty here.
"""

from __future__ import annotations

from scheduler.i18n import define, msg
from scheduler.models import Request

from .base import Term, Violation

T_PREFER = define(
    "requests.prefer",
    "{emp} asked to work {what} on {date} (weight {weight}); not granted.",
    "{emp} 希望在 {date} 值 {what}（权重 {weight}），未满足。")
T_AVOID = define(
    "requests.avoid",
    "{emp} asked not to work {what} on {date} (weight {weight}); not granted.",
    "{emp} 希望 {date} 不值 {what}（权重 {weight}），未满足。")
T_ANY = define("requests.any_shift", "any shift", "任何班")


def relevant(inst, req: Request) -> bool:
    return inst.first <= req.date <= inst.last


def _occs(inst, req: Request):
    return [o for o in inst.occs_by_date.get(req.date, [])
            if req.shift_id is None or o.shift_id == req.shift_id]


def build(ctx) -> list[Term]:
    inst, model = ctx.inst, ctx.model
    w = inst.settings.weights.requests
    terms: list[Term] = []
    if not w:
        return terms
    for req in inst.problem.requests:
        if not relevant(inst, req):
            continue
        xs = [ctx.duty[req.employee_id, o.index] for o in _occs(inst, req)
              if (req.employee_id, o.index) in ctx.duty]
        weight = w * req.weight
        if req.kind == "prefer":
            if len(xs) == 1:
                terms.append(Term("S5", weight, 1 - xs[0]))
            elif not xs:
                terms.append(Term("S5", weight, 1))
            else:
                granted = model.new_bool_var(f"granted[{req.employee_id},{req.date}]")
                model.add(granted <= sum(xs))
                terms.append(Term("S5", weight, 1 - granted))
        elif len(xs) == 1:
            terms.append(Term("S5", weight, xs[0]))
        elif xs:
            broken = model.new_bool_var(f"broken[{req.employee_id},{req.date}]")
            model.add_max_equality(broken, xs)
            terms.append(Term("S5", weight, broken))
    return terms


def check(view) -> list[Violation]:
    inst = view.instance
    w = inst.settings.weights.requests
    out: list[Violation] = []
    if not w:
        return out
    for req in inst.problem.requests:
        if not relevant(inst, req):
            continue
        worked = any(o.date == req.date and (req.shift_id is None or o.shift_id == req.shift_id)
                     for o in view.emp_duties.get(req.employee_id, []))
        if worked == (req.kind == "prefer"):
            continue
        what = inst.shift_label(req.shift_id) if req.shift_id else msg(T_ANY)
        out.append(Violation("S5", False, msg(
            T_PREFER if req.kind == "prefer" else T_AVOID, emp=inst.emp_label(req.employee_id),
            what=what, date=req.date, weight=req.weight), amount=req.weight,
            penalty=w * req.weight, employee_id=req.employee_id, date=req.date,
            shift_id=req.shift_id))
    return out
