"""`anjian remind`: sync the agencies' reminders (notices) with every deadline kind. Idempotent: each kind owns a
key prefix and `notices.services.notices_sync` creates, updates or resolves only what changed."""

from datetime import date, timedelta

from anjian.campaigns import todo as campaigns
from anjian.cases import todo as cases
from anjian.domain.calendar import CalendarYearMissing
from anjian.domain.rectification import REMIND_WORKDAYS
from anjian.draws import todo as draws
from anjian.guidance import todo as guidance
from anjian.inspections import todo as inspections
from anjian.inspections.services_rectification import rectification_remind
from anjian.notices.services import notices_sync

LABELS = {"hazard_due": "即将到期", "hazard_overdue": "已逾期", "extension:": "延期申请待审批", "inspection_approve:": "检查方案逾期未审批",
          "case_late:": "案件超期", "case_disclosure:": "处罚决定公开", "draw_disclosure:": "抽查结果公示",
          "campaign_report:": "异地执法方案/总结上报", "guidance_report:": "执法指导整改报告"}


def soon_last_day(today: date, calendar) -> tuple[date, bool]:
    """The last due date reminded as "due soon": 3 working days ahead (3 natural days without the year's data)."""
    try:
        return calendar.add_workdays(today, REMIND_WORKDAYS), True
    except CalendarYearMissing:
        return today + timedelta(days=REMIND_WORKDAYS), False


def remind_all(*, today: date, calendar) -> dict:
    """→ {"counts": {prefix: {"created", "updated", "resolved"}}, "open": {prefix: n}, "workdays": bool}."""
    soon, workdays = soon_last_day(today, calendar)
    result = rectification_remind(today=today, calendar=calendar)
    counts = {"hazard:": result["hazard"], "extension:": result["extension"]}
    opened = {"hazard_due": result["due"], "hazard_overdue": result["overdue"], "extension:": result["pending"]}
    specs = {"inspection_approve:": inspections.notice_specs(today, soon), **cases.notice_specs(today, soon),
             "draw_disclosure:": draws.notice_specs(today, soon), "campaign_report:": campaigns.notice_specs(today, soon),
             "guidance_report:": guidance.notice_specs(today, soon)}
    for prefix, rows in specs.items():
        counts[prefix] = notices_sync(prefix=prefix, specs=rows)
        opened[prefix] = len(rows)
    return {"counts": counts, "open": opened, "workdays": workdays and result["workdays"]}
