"""Result-disclosure deadlines of completed draw tasks, counted again when a year's official holidays arrive
(registered with `anjian.calendars.recompute`, ADR 0028)."""

from django.conf import settings
from django.db import transaction

from anjian.audit.services import audit_record
from anjian.domain.calendar import CalendarYearMissing, WorkCalendar
from anjian.draws.models import RandomInspectionTask


def disclosure_workdays() -> int:
    return int(getattr(settings, "ANJIAN_DRAW_DISCLOSURE_WORKDAYS", 5))


def task_deadlines_recompute(*, actor, calendar: WorkCalendar, years: frozenset[int]) -> int:
    """Open tasks (completed, results not yet disclosed) whose deadline span touches ``years``: store the count by
    ``calendar`` where it differs, audited. Idempotent."""
    n, changed = disclosure_workdays(), 0
    tasks = (RandomInspectionTask.objects.filter(completed_on__isnull=False, disclosed_on__isnull=True)
             .select_related("agency").order_by("id"))
    with transaction.atomic():
        for task in tasks:
            old = task.disclosure_deadline
            last = max(task.completed_on.year, old.year if old else 0)
            if not any(task.completed_on.year <= y <= last for y in years):
                continue
            try:
                new = calendar.add_workdays(task.completed_on, n)
            except CalendarYearMissing:
                continue
            if new == old:
                continue
            RandomInspectionTask.objects.filter(pk=task.pk).update(disclosure_deadline=new)
            audit_record(actor=actor, agency=task.agency, verb="draw_task_deadline_recompute", target=task,
                         old={"disclosure_deadline": old.isoformat() if old else None},
                         new={"disclosure_deadline": new.isoformat(), "reason": "节假日安排导入，重新计算"})
            changed += 1
    return changed
