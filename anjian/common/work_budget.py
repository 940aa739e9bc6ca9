"""Counts reading work that yields no value (ADR 21): a fixed allowance plus room for each row with data."""

from anjian.common.tabular_errors import TabularError
from anjian.domain.sheet_bounds import IDLE_UNITS, idle_problem


class WorkBudget:
    """Units spent on empty rows and cells, elements that are not cells, blank lines… against IDLE_UNITS
    plus `per_row` units for each row with data (which may carry formatted blank cells and markup).

    Hot loops add to `spent` and compare with `allowed` themselves and call refuse(); spend() does both."""

    __slots__ = ("allowed", "csv", "per_row", "spent")

    def __init__(self, per_row: int, *, csv: bool = False):
        self.spent = 0
        self.per_row = per_row
        self.allowed = IDLE_UNITS
        self.csv = csv

    def spend(self, units: int) -> None:
        self.spent += units
        if self.spent > self.allowed:
            self.refuse()

    def row(self) -> None:
        self.allowed += self.per_row

    def refuse(self) -> None:
        raise TabularError(idle_problem(self.csv))
