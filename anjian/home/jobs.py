"""Job kinds of the home app: the daily `remind` sweep (submitted by the worker's schedule, ADR 0033)."""

from datetime import date

from django.utils import timezone

from anjian.calendars.selectors import work_calendar
from anjian.home.services_remind import LABELS, remind_all
from anjian.jobs.registry import JobOutcome, register


@register("home.remind", label="期限提醒")
def remind_body(job, params, progress) -> JobOutcome:
    today = date.fromisoformat(params["today"]) if params.get("today") else timezone.localdate()
    progress(0, 1, "正在生成各类期限提醒")
    result = remind_all(today=today, calendar=work_calendar())
    counts = result["counts"]
    total = {k: sum(c[k] for c in counts.values()) for k in ("created", "updated", "resolved")}
    parts = "，".join(f"{LABELS[p]} {n} 项" for p, n in result["open"].items())
    progress(1, 1, "完成")
    return JobOutcome(message=f"{today.isoformat()}：{parts}；提醒新增 {total['created']}，更新 {total['updated']}，"
                              f"消除 {total['resolved']}"[:500])
