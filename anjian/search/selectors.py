"""One search box over the records a user may see (issue 12): enterprises (name, USCC), inspections (the
enterprise's name or USCC), penalty cases (name, party, USCC, or the number of one of the case's documents) and
documents (number or enterprise). Each kind reads through its own app's scoped list selector, so a record out of
the user's scope (or a sealed inspection, ADR 23) never appears; a kind the user may not view is left out."""

from dataclasses import dataclass

from anjian.accounts.access import has_capability
from anjian.cases.core.selectors import CaseFilters, case_list_for
from anjian.common.errors import ServiceInvalid
from anjian.documents.selectors import DocumentFilters, document_list_for
from anjian.domain.input_bounds import QUERY_MAX
from anjian.domain.permissions import Capability
from anjian.enterprises.selectors import EnterpriseFilters, enterprise_list_for
from anjian.inspections.selectors import InspectionFilters, inspection_list_for

PER_KIND = 10


@dataclass(frozen=True)
class Hit:
    pk: int
    title: str
    detail: str


@dataclass(frozen=True)
class Group:
    kind: str  # enterprise | inspection | case | document
    label: str
    hits: list[Hit]
    more: bool  # more than PER_KIND matched: the list page (filtered by the same words) shows them all


def search_words(raw: str) -> str:
    """The words searched for: trimmed, 1–QUERY_MAX characters on one line, else ServiceInvalid."""
    text = " ".join(str(raw or "").split())
    if not text:
        raise ServiceInvalid([("q", "请输入要查找的单位名称、统一社会信用代码、案件名称或文书编号")])
    if len(text) > QUERY_MAX:
        raise ServiceInvalid([("q", f"检索词最多{QUERY_MAX}个字符")])
    return text


def _cut(rows: list) -> tuple[list, bool]:
    return rows[:PER_KIND], len(rows) > PER_KIND


def _enterprises(user, q: str) -> Group:
    rows, more = _cut(list(enterprise_list_for(user, EnterpriseFilters(q=q)).order_by("name", "id")[:PER_KIND + 1]))
    return Group("enterprise", "生产经营单位", [
        Hit(e.pk, e.name, f"{e.uscc} · {e.region.name} · {e.get_industry_display()}") for e in rows], more)


def _inspections(user, q: str) -> Group:
    qs = inspection_list_for(user, InspectionFilters(q=q)).order_by("-planned_date", "-id")
    rows, more = _cut(list(qs[:PER_KIND + 1]))
    return Group("inspection", "执法检查", [
        Hit(i.pk, f"{i.enterprise.name} 执法检查", f"{i.planned_date:%Y-%m-%d} · {i.agency.name} · "
            f"{i.get_status_display()}") for i in rows], more)


def _cases(user, q: str) -> Group:
    qs = case_list_for(user, CaseFilters(q=q)).order_by("-id")
    rows, more = _cut(list(qs[:PER_KIND + 1]))
    return Group("case", "行政处罚案件", [
        Hit(c.pk, c.name, f"{c.party_name} · {c.agency.name} · {c.get_status_display()}") for c in rows], more)


def _documents(user, q: str) -> Group:
    qs = document_list_for(user, DocumentFilters(q=q)).order_by("-created_at", "-id")
    rows, more = _cut(list(qs[:PER_KIND + 1]))
    return Group("document", "执法文书", [
        Hit(d.pk, d.number or f"{d.kind.name}（{d.get_status_display()}）",
            f"{d.kind.name} · {d.enterprise.name if d.enterprise else d.agency.name}") for d in rows], more)


KINDS = (
    (Capability.ENTERPRISE_VIEW, _enterprises),
    (Capability.INSPECTION_VIEW, _inspections),
    (Capability.CASE_VIEW, _cases),
    (Capability.DOCUMENT_VIEW, _documents),
)


def search_for(user, q: str) -> list[Group]:
    """Up to PER_KIND hits per kind the user may view, in that kind's own scope; ``q`` from ``search_words``."""
    return [find(user, q) for capability, find in KINDS if has_capability(user, capability)]
