"""Working-day arithmetic over an explicit calendar (no clock, no network).

A working day is neither a weekend nor a statutory holiday; adjusted working weekends (调休)
are working days. "N working days after D" is the N-th working day strictly after D.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


class CalendarYearMissing(LookupError):
    """The calendar has no data for a year the computation needs."""

    def __init__(self, year: int):
        super().__init__(f"{year}年节假日数据未录入，无法计算工作日")
        self.year = year


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int]
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)  # adjusted working weekends

    @classmethod
    def build(cls, years: Iterable[int], holidays: Iterable[date], workdays: Iterable[date]) -> "WorkCalendar":
        return cls(frozenset(years), frozenset(holidays), frozenset(workdays))

    def _require(self, day: date) -> None:
        if day.year not in self.years:
            raise CalendarYearMissing(day.year)

    def is_workday(self, day: date) -> bool:
        self._require(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (n >= 1)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day, found = start, 0
        while found < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                found += 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_workday_on_or_after(self, day: date) -> date:
        """Roll a natural-day deadline that falls on a rest day to the next working day."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day
