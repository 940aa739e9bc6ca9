"""Reads of discretion benchmarks: searching entries and violations, a level's proposed range.

Benchmarks are reference data shared by every agency (like the document catalog): anyone who may see cases
may read them; only DISCRETION_MANAGE changes them (discretion.services, discretion.importing).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet

from anjian.accounts.access import can
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.case_process import PARTY_KINDS, UNDECIDED
from anjian.domain.discretion_rules import range_text
from anjian.domain.permissions import Capability


@dataclass(frozen=True)
class EntryFilters:
    q: str = ""  # code, violation, provisions or conditions
    source: str = ""
    code: str = ""
    party_kind: str = ""
    active: str = "1"  # "1" active only, "0" inactive only, "" all


def _search(qs: QuerySet, text: str) -> QuerySet:
    for word in text.split()[:5]:
        qs = qs.filter(Q(code__icontains=word) | Q(violation__contains=word) | Q(legal_provision__contains=word)
                       | Q(penalty_basis__contains=word) | Q(conditions__contains=word))
    return qs


def entry_list(filters: EntryFilters | None = None) -> QuerySet[DiscretionEntry]:
    f = filters or EntryFilters()
    qs = DiscretionEntry.objects.all()
    if f.active == "1":
        qs = qs.filter(is_active=True)
    elif f.active == "0":
        qs = qs.filter(is_active=False)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.code:
        qs = qs.filter(code=f.code)
    if f.party_kind:
        qs = qs.filter(party_kind=f.party_kind)
    if f.q.strip():
        qs = _search(qs, f.q.strip())
    return qs.order_by("source", "code", "level_order", "id")


def entry_get(pk: int, *, active_only: bool = False) -> DiscretionEntry:
    qs = DiscretionEntry.objects.filter(pk=pk)
    if active_only:
        qs = qs.filter(is_active=True)
    entry = qs.first()
    if entry is None:
        raise NotFound()
    return entry


def entry_named(*, entry_id: int | None = None, source: str = "", code: str = "", level: str = "") -> DiscretionEntry:
    """The active entry a request names: by id, or by code and level (and source when a code repeats)."""
    if entry_id is not None:
        return entry_get(entry_id, active_only=True)
    if not (code and level):
        raise ServiceInvalid([("entry_id", "请指定 entry_id，或同时指定 code 和 level")])
    qs = DiscretionEntry.objects.filter(code=code, level=level, is_active=True)
    matches = list((qs.filter(source=source) if source else qs)[:2])
    if not matches:
        raise NotFound("没有该编号和裁量阶次的启用基准")
    if len(matches) > 1:
        raise ServiceInvalid([("source", "该编号在多个出处中存在，请同时指定 source")])
    return matches[0]


def discretion_arguments(data: dict) -> dict:
    """A case's discretion as the page's form and the API's schema both give it (the entry by id) → the keyword
    arguments of `services.case_discretion_set`."""
    out = dict(data)
    out["entry"] = entry_get(out.pop("entry_id"))
    return out


def sources() -> list[str]:
    return list(DiscretionEntry.objects.order_by("source").values_list("source", flat=True).distinct())


@dataclass(frozen=True)
class Violation:
    source: str
    code: str
    violation: str
    party_kind: str
    levels: int

    @property
    def party_label(self) -> str:
        return PARTY_KINDS.get(self.party_kind, self.party_kind)


def violation_list(q: str = "", *, party_kind: str = "", source: str = "", limit: int = 50) -> list[Violation]:
    """Violations (one per source and code) having active levels that match the search, in file order."""
    qs = _search(DiscretionEntry.objects.filter(is_active=True), q.strip())
    if party_kind:
        qs = qs.filter(party_kind=party_kind)
    if source:
        qs = qs.filter(source=source)
    rows = list(qs.values("source", "code").annotate(first=Min("id"), levels=Count("id")).order_by("first")[:limit])
    firsts = {e.pk: e for e in DiscretionEntry.objects.filter(pk__in=[r["first"] for r in rows])}
    return [Violation(r["source"], r["code"], firsts[r["first"]].violation, firsts[r["first"]].party_kind, r["levels"])
            for r in rows]


def levels_of(source: str, code: str, *, active_only: bool = True) -> list[DiscretionEntry]:
    qs = DiscretionEntry.objects.filter(source=source, code=code)
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("level_order", "id"))


@dataclass(frozen=True)
class Proposal:
    """What the case page proposes for a chosen level: the level's range within the statutory range."""

    entry: DiscretionEntry
    fine_min: Decimal | None
    fine_max: Decimal | None
    statutory_min: Decimal | None
    statutory_max: Decimal | None

    @property
    def level_text(self) -> str:
        return range_text(self.fine_min, self.fine_max)

    @property
    def statutory_text(self) -> str:
        return range_text(self.statutory_min, self.statutory_max)


def proposal_for(entry: DiscretionEntry) -> Proposal:
    return Proposal(entry, entry.fine_min, entry.fine_max, entry.statutory_min, entry.statutory_max)


def can_edit_discretion(user, case: PenaltyCase) -> bool:
    """The user may (re)apply a benchmark level to this case now."""
    return case.status in UNDECIDED and can(user, Capability.CASE_EDIT, case.agency.region_id)
