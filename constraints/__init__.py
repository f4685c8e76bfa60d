"""The rule families, in build order.

Each module offers ``build(ctx) -> list[Term]`` (hard constraints added to
``ctx.model``, soft penalty terms returned) and ``check(view) ->
list[Violation]`` (pure Python, on any finished roster). Order matters only
for explanations: coverage first, so that a shortage is named before the rules
that cause it. Adding a rule is adding a module and a line here.
"""

from __future__ import annotations

from . import (
    backups,
    coverage,
    daily,
    eligibility,
    fairness,
    leave,
    minutes,
    pins,
    requests,
    rest,
    rotation,
    sequences,
    shift_caps,
    skills,
    stability,
    succession,
    weekends,
    workload,
)
from .base import RULES, Term, Violation, rule_name

REGISTRY = (
    coverage,     # H1, S0
    eligibility,  # H4 (variable domain)
    leave,        # H6 (variable domain)
    skills,       # H5
    rotation,     # H2, S1
    backups,      # H3, H8
    rest,         # H7
    daily,        # L1
    workload,     # H9
    shift_caps,   # L2
    minutes,      # L3
    sequences,    # L4, L5, L6
    weekends,     # L7 (after sequences: shares its day literals)
    succession,   # L8
    pins,         # P1
    fairness,     # S2, S3, S4, S6
    requests,     # S5
    stability,    # S7
)

__all__ = ["REGISTRY", "RULES", "Term", "Violation", "rule_name"]
