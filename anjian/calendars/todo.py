"""To-do reads (待办) of the working-day calendar: the year's official holiday arrangement to enter (system
administrators, CALENDAR_MANAGE) — this year's when missing, next year's from November. Read only."""

from datetime import date

from django.urls import reverse

from anjian.accounts.access import has_capability
from anjian.calendars.models import CalendarYear
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item

ANNOUNCED_FROM_MONTH = 11  # the State Council announces next year's arrangement in the autumn


def todo_years(user, today: date, limit: int) -> Batch:
    if not has_capability(user, Capability.CALENDAR_MANAGE):
        return Batch()
    years = [(today.year, date(today.year, 1, 1))]
    if today.month >= ANNOUNCED_FROM_MONTH:
        years.append((today.year + 1, date(today.year, 12, 31)))
    loaded = set(CalendarYear.objects.filter(year__in=[y for y, _ in years]).values_list("year", flat=True))
    items = [make_item("calendar_missing", title=f"{year}年节假日安排", link=reverse("calendars:index"), today=today,
                       due=due, record="工作日历", note="录入后各项期限按正式安排计算")
             for year, due in years if year not in loaded]
    return Batch(items[:limit], len(items))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_years(user, today, limit)]
