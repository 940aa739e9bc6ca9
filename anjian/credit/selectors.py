"""Reads of credit sanctions.

- Staff see the sanctions of enterprises in their ENTERPRISE_VIEW scope; fetchers 404 for missing and not-yours.
- Whoever may manage (CREDIT_MANAGE) a sanction: a user whose scope covers its deciding agency.
- The public sees only sanctions in force today, and only what the public list shows (no personal data).
"""

from datetime import date

from django.db.models import Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound
from anjian.credit.models import CreditSanction
from anjian.domain.identifiers import normalize_uscc
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise

V = Capability.ENTERPRISE_VIEW
M = Capability.CREDIT_MANAGE
STATE_FILTERS: dict[str, str] = {"in_force": "惩戒中", "pending": "尚未开始", "expired": "已到期",
                                 "lifted": "已提前移出", "all": "全部"}


def in_force_q(today: date, prefix: str = "") -> Q:
    """Rows in force on `today` (lifted rows are lifted as of now, so they are out)."""
    return Q(**{f"{prefix}status": "active", f"{prefix}start_date__lte": today, f"{prefix}end_date__gte": today})


def _state_q(state: str, today: date) -> Q:
    if state == "in_force":
        return in_force_q(today)
    if state == "pending":
        return Q(status="active", start_date__gt=today)
    if state == "expired":
        return Q(status="active", end_date__lt=today)
    if state == "lifted":
        return Q(status="lifted")
    return Q()


def sanction_list_for(user, *, today: date, state: str = "in_force", q: str = "",
                      list_kind: str = "") -> QuerySet[CreditSanction]:
    qs = CreditSanction.objects.filter(scope_q(user, V, column="enterprise__region_id")).filter(
        _state_q(state, today)).select_related("enterprise", "agency")
    if list_kind:
        qs = qs.filter(list_kind=list_kind)
    text = q.strip()
    if text:
        code = normalize_uscc(text)
        qs = qs.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc__startswith=code))
    return qs


def sanction_get_for(user, pk: int) -> CreditSanction:
    sanction = CreditSanction.objects.select_related("enterprise", "enterprise__region", "agency",
                                                     "lifted_by", "created_by").filter(pk=pk).first()
    if sanction is None or not can(user, V, sanction.enterprise.region_id):
        raise NotFound()
    return sanction


def sanctions_of(user, enterprise: Enterprise, today: date, *, in_force_only: bool = True
                 ) -> QuerySet[CreditSanction]:
    """The sanctions of one enterprise, for its page (nothing when the user may not see the enterprise)."""
    if not can(user, V, enterprise.region_id):
        return CreditSanction.objects.none()
    qs = CreditSanction.objects.filter(enterprise=enterprise).select_related("agency")
    return qs.filter(in_force_q(today)) if in_force_only else qs


def may_manage(user, sanction: CreditSanction) -> bool:
    """The deciding agency's own managers and those of the agencies above it."""
    return can(user, M, sanction.agency.region_id)


def may_record_for(user, enterprise: Enterprise) -> bool:
    return can(user, M, enterprise.region_id)


ENTERPRISE_UNKNOWN = "未找到该单位，或该单位不在本机关管辖范围内"


def enterprise_named(user, text: str) -> Enterprise | None:
    """One enterprise typed as its id or USCC, within the user's CREDIT_MANAGE scope (None otherwise)."""
    token = normalize_uscc(text)
    if not token:
        return None
    if digits(token) and len(token) < 12:
        enterprise = Enterprise.objects.select_related("region").filter(pk=int(token)).first()
    else:
        enterprise = Enterprise.objects.select_related("region").filter(uscc=token).first()
    if enterprise is None or not can(user, M, enterprise.region_id):
        return None
    return enterprise


def public_sanctions(today: date, q: str = "") -> QuerySet[CreditSanction]:
    """Sanctions in force today, for the public page (optionally one enterprise by name or USCC): newest first."""
    qs = CreditSanction.objects.filter(in_force_q(today))
    text = q.strip()
    if text:
        code = normalize_uscc(text)
        qs = qs.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc=code))
    return qs.select_related("enterprise", "agency").only(
        "id", "list_kind", "reason", "legal_basis", "start_date", "end_date", "status",
        "enterprise__name", "enterprise__uscc", "agency__name").order_by("-start_date", "-id")
