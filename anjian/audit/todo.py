"""To-do reads (待办) of the audit administrator: security events of the last days to review (lockouts, failed
second factors, role changes, password resets, second factors turned off). The caller checks AUDIT_VIEW."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.domain.todo import Batch, make_item

REVIEW_DAYS = 7
RECENT_EVENTS = 20000  # only the chain's latest events are looked at (no index on the time)
SECURITY_VERBS = {
    "login_throttle_lock": "登录失败锁定",
    "login_second_factor_failed": "第二因素验证失败",
    "user_lock": "账号被锁定",
    "role_assign": "授予角色",
    "role_revoke": "撤销角色",
    "user_password_reset": "重置密码",
    "totp_disable": "关闭两步验证",
}


def todo_security_events(today: date, limit: int) -> Batch:
    since = timezone.make_aware(datetime.combine(today - timedelta(days=REVIEW_DAYS), time.min))
    recent = AuditEvent.objects.order_by("-seq").values("seq")[:RECENT_EVENTS]
    rows = (AuditEvent.objects.filter(seq__in=recent, occurred_at__gte=since, verb__in=list(SECURITY_VERBS))
            .values("verb")
            .annotate(n=Count("pk")).order_by("verb"))
    items = [make_item("security_review", title=f"{SECURITY_VERBS[r['verb']]} {r['n']} 次",
                       link=f"{reverse('audit:list')}?verb={r['verb']}", today=today, record="审计日志",
                       note=f"近{REVIEW_DAYS}日") for r in rows]
    return Batch(items[:limit], len(items))
