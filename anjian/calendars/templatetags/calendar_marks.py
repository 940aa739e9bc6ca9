"""{% provisional_mark start due %}: "（暂按法定节假日计算，待YYYY年放假安排公布后更新）" when the working days from
``start`` to ``due`` were counted with a year whose official arrangement is not loaded (ADR 0028), else ""."""

from django import template

from anjian.calendars.selectors import work_calendar
from anjian.domain.calendar import provisional_note

register = template.Library()


@register.simple_tag(takes_context=True)
def provisional_mark(context, start, due) -> str:
    if not start or not due:
        return ""
    cache = context.render_context
    if "work_calendar" not in cache:
        cache["work_calendar"] = work_calendar()
    note = provisional_note(cache["work_calendar"].provisional_year(start, due))
    return f"（{note}）" if note else ""
