"""The rules of changes after publication (R7-R10), one module each.

Each module offers ``check_swap(case)`` and/or ``check_leave(case)``,
returning the violations that refuse the change, each with a sentence a
manager can act on. Hard rules of the roster itself (H1-H9, L1-L8, skills,
leave) are not judged here again: :mod:`.hard_rules` runs the engine's own
checks on the roster the change would produce.

- SW1 :mod:`.quota`: at most ``max_swaps_per_month`` swaps per person and month.
- SW2 :mod:`.consecutive`: no chains (a duty obtained by a swap is not swapped
  again) and no swaps on consecutive duty days of one person.
- SW3 :mod:`.hard_rules`: no back-to-back duties or short rest for either
  person, and every other hard rule still holds.
- SW4 :mod:`.swapped_leave`: no leave on a swapped or paid-back duty.
- SW5 :mod:`.lockout`: whoever is on duty on a public holiday neither swaps that
  duty nor takes leave that day.
- LV1 :mod:`.notice`: leave asked ``leave_notice_days`` ahead, or the
  manager's override with a reason; LV2: no leave over leave.
"""

from __future__ import annotations

from . import consecutive, hard_rules, lockout, notice, quota, swapped_leave

SWAP_RULES = (lockout, quota, consecutive, hard_rules)
LEAVE_RULES = (notice, lockout, swapped_leave)

__all__ = ["LEAVE_RULES", "SWAP_RULES"]
