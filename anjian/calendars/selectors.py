from anjian.calendars.models import CalendarDay, CalendarYear
from anjian.domain.calendar import WorkCalendar


def work_calendar() -> WorkCalendar:
    """The calendar as recorded in our tables (a few hundred rows; cheap to load)."""
    holidays, workdays = [], []
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).append(day)
    return WorkCalendar.build(CalendarYear.objects.values_list("year", flat=True), holidays, workdays)


def calendar_days_of(year: int):
    return CalendarDay.objects.filter(date__year=year).order_by("date")
