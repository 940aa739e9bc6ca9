"""Discretion benchmarks applied to a case: the fine a case may carry given its chosen benchmark entry."""

from decimal import Decimal

from anjian.cases.models import PenaltyCase
from anjian.domain.case_process import fine_problems


def fine_refusals(case: PenaltyCase, fine: Decimal | None) -> list[str]:
    """Why ``fine`` is outside the legal range or the discretion level of the case's benchmark entry."""
    entry = case.discretion_entry
    if entry is None:
        return []
    return fine_problems(fine=fine, statutory_min=entry.statutory_min, statutory_max=entry.statutory_max,
                         level_min=entry.fine_min, level_max=entry.fine_max, level_label=entry.level)
