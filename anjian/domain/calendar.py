"""Working-day arithmetic over an explicit calendar (no clock, no network).

A working day is neither a weekend nor a statutory holiday; adjusted working weekends (调休)
are working days. "N working days after D" is the N-th working day strictly after D.

A year whose official arrangement is not loaded may be counted provisionally (`with_provisional`): weekends and the
statutory holidays by rule (`anjian.domain.statutory_holidays`). A result that needed such a year is provisional
(`provisional_year`), and says so (`provisional_note`). See docs/adr/0028-provisional-deadlines.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from anjian.domain.statutory_holidays import COVERED_YEARS, statutory_holidays


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
    provisional: frozenset[int] = field(default_factory=frozenset)  # years counted by the statutory rule only

    @classmethod
    def build(cls, years: Iterable[int], holidays: Iterable[date], workdays: Iterable[date]) -> "WorkCalendar":
        return cls(frozenset(years), frozenset(holidays), frozenset(workdays))

    def with_provisional(self) -> "WorkCalendar":
        """This calendar plus every year not loaded that the statutory table covers, counted by rule."""
        extra = frozenset(y for y in COVERED_YEARS if y not in self.years)
        if not extra:
            return self
        ruled = frozenset(d for y in extra for d in statutory_holidays(y))
        return replace(self, years=self.years | extra, holidays=self.holidays | ruled,
                       provisional=self.provisional | extra)

    def provisional_year(self, start: date, end: date) -> int | None:
        """The first provisional year among those of the days in [start, end] (None: all official)."""
        lo, hi = sorted((start.year, end.year))
        return next((y for y in range(lo, hi + 1) if y in self.provisional), None)

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


def provisional_note(year: int | None) -> str:
    """The words shown next to a provisional deadline ("" when it is official)."""
    return f"暂按法定节假日计算，待{year}年放假安排公布后更新" if year else ""
