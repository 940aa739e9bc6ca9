from datetime import date

from anjian.calendars.models import CalendarDay, CalendarYear
from anjian.domain.calendar import WorkCalendar


def work_calendar(*, provisional: bool = True) -> WorkCalendar:
    """The calendar as recorded in our tables (a few hundred rows; cheap to load).

    Years not loaded that the statutory table covers are counted provisionally (ADR 0028) unless
    ``provisional=False``; results that needed them say so (`WorkCalendar.provisional_year`)."""
    holidays, workdays = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).append(day)
    cal = WorkCalendar.build(CalendarYear.objects.values_list("year", flat=True), holidays, workdays)
    return cal.with_provisional() if provisional else cal


def counted_provisionally(start: date | None, end: date | None) -> bool:
    """Whether working days from ``start`` to ``end`` needed a year whose arrangement is not loaded (one query)."""
    if start is None or end is None:
        return False
    years = set(range(min(start.year, end.year), max(start.year, end.year) + 1))
    return CalendarYear.objects.filter(year__in=years).count() < len(years)


def calendar_days_of(year: int):
    return CalendarDay.objects.filter(date__year=year).order_by("date")
