"""Demo credit sanctions, made through the real services by agency users (idempotent: none if any exist).

Each actor (a user holding CREDIT_MANAGE, e.g. the demo "county-department-head" and "city-agency-leader")
records three sanctions for enterprises of its own agency's region: one in force, one already expired and one
lifted early, so that the list, the enterprise page and the public page all have something to show.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from anjian.accounts.access import highest_grant
from anjian.credit.models import CreditSanction
from anjian.credit.services import sanction_lift, sanction_record
from anjian.domain.identifiers import prefix_range
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise

CASES = (
    ("serious_dishonesty", "发生较大生产安全事故，对事故发生负有责任",
     "《安全生产严重失信主体名单管理办法》第五条", 3 * 365, -30),
    ("joint_sanction", "拒不执行安全监管监察指令，逾期未履行行政处罚决定",
     "《对安全生产领域失信行为开展联合惩戒的实施办法》", 365, -500),
    ("watch", "一年内因同类违法行为受到两次以上行政处罚", "", 365, -60),
)


def credit_demo(*, actors: Sequence, today: date) -> int:
    """Sanctions recorded by each actor in its own region; returns how many were made."""
    if CreditSanction.objects.exists():
        return 0
    made = 0
    for actor in actors:
        grant = highest_grant(actor, Capability.CREDIT_MANAGE)  # the demo actors each act for one agency
        if grant is None:
            continue
        low, high = prefix_range(grant.prefix)
        enterprises = list(Enterprise.objects.filter(region_id__gte=low, region_id__lt=high).exclude(
            credit_sanctions__isnull=False).order_by("-id")[:len(CASES)])
        for n, (enterprise, (kind, reason, basis, days, offset)) in enumerate(zip(enterprises, CASES, strict=False)):
            start = today + timedelta(days=offset)
            sanction = sanction_record(actor=actor, enterprise=enterprise, list_kind=kind, reason=reason,
                                       legal_basis=basis, source_reference=f"演示决定〔{start.year}〕{n + 1}号",
                                       start_date=start, end_date=start + timedelta(days=days))
            if n == 2:
                sanction_lift(actor=actor, sanction=sanction, reason="已完成信用修复，经申请提前移出", today=today)
            made += 1
    return made
