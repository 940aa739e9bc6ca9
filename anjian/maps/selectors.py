"""Reads for the map (ADR 0041), scoped to the acting user.

A region is shown to a user holding ENTERPRISE_VIEW or INSPECTION_VIEW over it; any other code reads like one that
does not exist. Enterprises come through ``anjian.enterprises.selectors`` (the registry's scope); open inspections
and open hazards are those of the region's enterprises, shown to users holding INSPECTION_VIEW over the region,
sealed inspections (a draw's, before disclosure) left out as everywhere else (``anjian.inspections.sealing``).

Bounded at any size: at province and city level only counts per county (one grouped query per layer, kept until
the next write); points only for a county (or a functional zone), at most ``POINT_CAP`` per layer; the list of
enterprises whose coordinates lie outside their county checks at most ``SCAN_LIMIT`` enterprises a request.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse

from anjian.accounts.access import agencies_for, can, scope_prefixes
from anjian.audit.selectors import kept_until_next_write
from anjian.common.errors import NotFound
from anjian.common.paging import count_upto
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.enterprises.selectors import EnterpriseFilters, enterprise_get_for, enterprise_list_for
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.sealing import unsealed_q
from anjian.maps.location import LocationCheck, is_flagged, location_check
from anjian.regions.models import Region

MAP_CAPABILITIES = (Capability.ENTERPRISE_VIEW, Capability.INSPECTION_VIEW)
LAYERS = {"enterprises": "生产经营单位", "inspections": "在办检查", "hazards": "未整改隐患"}
OPEN_INSPECTION_STATUSES = ("planned", "returned", "approved", "in_progress", "recorded")
OPEN_HAZARD_STATUSES = ("open", "rectifying", "measures")
POINT_CAP = 1000
SCAN_LIMIT = 20_000
FLAGGED_PAGE_SIZE = 20
RISK_ORDER = Case(When(risk_level="red", then=Value(0)), When(risk_level="orange", then=Value(1)),
                  When(risk_level="yellow", then=Value(2)), default=Value(3), output_field=IntegerField())


@dataclass(frozen=True)
class MapFilters:
    industry: str = ""
    risk_level: str = ""
    supervision_class: str = ""
    layers: frozenset[str] = frozenset(LAYERS)

    def enterprise_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{name}": value for name in ("industry", "risk_level", "supervision_class")
                    if (value := getattr(self, name))})

    @property
    def key(self) -> str:
        return f"{self.industry}|{self.risk_level}|{self.supervision_class}|{','.join(sorted(self.layers))}"


def may_use_map(user) -> bool:
    return any(agencies_for(user, c) for c in MAP_CAPABILITIES)


def can_map(user, code: str) -> bool:
    return any(can(user, c, code) for c in MAP_CAPABILITIES)


def map_region_for(user, code: str = "") -> Region:
    """The region to show: ``code``, or the widest region of the user's grants. NotFound for a code that is not a
    region or lies outside the user's scope, alike."""
    if not code:
        grants = [g for c in MAP_CAPABILITIES for g in agencies_for(user, c)]
        if not grants:
            raise NotFound()
        code = min(grants, key=lambda g: (len(g.prefix), g.region_code)).region_code
    if len(code) != 6 or not digits(code):
        raise NotFound()
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None or not can_map(user, code):
        raise NotFound()
    return region


def trail_of(user, region: Region) -> list[Region]:
    """The region's ancestors the user may map, then the region (the breadcrumb)."""
    out, r = [region], region
    while r.parent_id:
        r = r.parent
        if can_map(user, r.code):
            out.insert(0, r)
    return out


def _inspections_of(user, region: Region, f: MapFilters):
    low, high = prefix_range(region_prefix(region.code))
    return Inspection.objects.filter(unsealed_q(user), f.enterprise_q("enterprise__"),
                                     status__in=OPEN_INSPECTION_STATUSES,
                                     enterprise__region_id__gte=low, enterprise__region_id__lt=high)


def _hazards_of(user, region: Region, f: MapFilters):
    low, high = prefix_range(region_prefix(region.code))
    return Hazard.objects.filter(unsealed_q(user, "inspection__"), f.enterprise_q("enterprise__"),
                                 status__in=OPEN_HAZARD_STATUSES,
                                 enterprise__region_id__gte=low, enterprise__region_id__lt=high)


def _enterprises_of(user, region: Region, f: MapFilters):
    return enterprise_list_for(user, EnterpriseFilters(region=region.code, industry=f.industry,
                                                       risk_level=f.risk_level,
                                                       supervision_class=f.supervision_class))


def shown_layers(user, region: Region, f: MapFilters) -> list[str]:
    """The layers asked for that the user may see over the region."""
    allowed = {"enterprises": can(user, Capability.ENTERPRISE_VIEW, region.code),
               "inspections": can(user, Capability.INSPECTION_VIEW, region.code),
               "hazards": can(user, Capability.INSPECTION_VIEW, region.code)}
    return [name for name in LAYERS if name in f.layers and allowed[name]]


@dataclass
class Figures:
    enterprises: int = 0
    inspections: int = 0
    hazards: int = 0

    def of(self, layer: str) -> int:
        return getattr(self, layer)


def figures_by_region(user, region: Region, f: MapFilters) -> dict[str, Figures]:
    """Per registered region code below ``region`` (counties, functional zones): enterprises, open inspections and
    open hazards — grouped counts, kept until the next write (every write is audited: ADR 0038)."""
    layers = shown_layers(user, region, f)
    key = f"map:figures:{user.pk}:{region.code}:{f.key}:{','.join(layers)}"  # per user: sealed inspections

    def compute() -> dict[str, Figures]:
        out: dict[str, Figures] = {}
        if "enterprises" in layers:
            rows = _enterprises_of(user, region, f).order_by().values_list("region_id").annotate(n=Count("id"))
            for code, n in rows:
                out.setdefault(code, Figures()).enterprises = n
        if "inspections" in layers:
            rows = (_inspections_of(user, region, f).order_by().values_list("enterprise__region_id")
                    .annotate(n=Count("id")))
            for code, n in rows:
                out.setdefault(code, Figures()).inspections = n
        if "hazards" in layers:
            rows = _hazards_of(user, region, f).order_by().values_list("enterprise__region_id").annotate(n=Count("id"))
            for code, n in rows:
                out.setdefault(code, Figures()).hazards = n
        return out

    return kept_until_next_write(key, compute)


@dataclass(frozen=True)
class MapPoint:
    layer: str
    id: int
    name: str
    lon: float
    lat: float
    css: str  # risk colour of an enterprise, status of the others
    note: str
    url: str


@dataclass
class PointLayer:
    layer: str
    total: int = 0  # counted up to COUNT_BOUND + 1
    points: list[MapPoint] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.total > len(self.points)


def points_for(user, region: Region, f: MapFilters, cap: int = POINT_CAP) -> dict[str, PointLayer]:
    """The points of a county-level region, at most ``cap`` a layer: enterprises (highest risk first), open
    inspections and open hazards at their enterprise's registered coordinates."""
    placed = Q(enterprise__longitude__isnull=False, enterprise__latitude__isnull=False)
    out: dict[str, PointLayer] = {}
    for layer in shown_layers(user, region, f):
        if layer == "enterprises":
            qs = _enterprises_of(user, region, f).filter(longitude__isnull=False, latitude__isnull=False)
            rows = qs.order_by(RISK_ORDER, "id").values("id", "name", "longitude", "latitude", "risk_level")[:cap]
            points = [MapPoint(layer, r["id"], r["name"], float(r["longitude"]), float(r["latitude"]),
                               f"risk-{r['risk_level']}", "", reverse("enterprises:detail", args=[r["id"]]))
                      for r in rows]
        elif layer == "inspections":
            qs = _inspections_of(user, region, f).filter(placed)
            rows = qs.order_by("planned_date", "id").values(
                "id", "enterprise__name", "enterprise__longitude", "enterprise__latitude", "status",
                "planned_date")[:cap]
            points = [MapPoint(layer, r["id"], r["enterprise__name"], float(r["enterprise__longitude"]),
                               float(r["enterprise__latitude"]), r["status"], f"计划 {r['planned_date']:%Y-%m-%d}",
                               reverse("inspections:detail", args=[r["id"]])) for r in rows]
        else:
            qs = _hazards_of(user, region, f).filter(placed)
            rows = qs.order_by("deadline", "id").values(
                "id", "inspection_id", "enterprise__name", "enterprise__longitude", "enterprise__latitude",
                "is_major", "deadline")[:cap]
            points = [MapPoint(layer, r["id"], r["enterprise__name"], float(r["enterprise__longitude"]),
                               float(r["enterprise__latitude"]), "major" if r["is_major"] else "general",
                               f"整改期限 {r['deadline']:%Y-%m-%d}" if r["deadline"] else "",
                               reverse("inspections:detail", args=[r["inspection_id"]])) for r in rows]
        total = len(points) if len(points) < cap else count_upto(qs, 100_000)
        out[layer] = PointLayer(layer, total, points)
    return out


@dataclass(frozen=True)
class FlaggedScan:
    ids: list[int]
    scanned: int
    truncated: bool  # more enterprises with coordinates than SCAN_LIMIT: only the first were checked


def flagged_scan(user, region: Region) -> FlaggedScan:
    """Ids of the region's enterprises (in the user's scope) whose registered coordinates lie outside their
    registered county by more than the tolerance, checking at most SCAN_LIMIT of them (by id); kept until the
    next write."""
    if not can(user, Capability.ENTERPRISE_VIEW, region.code):
        return FlaggedScan([], 0, False)
    key = f"map:flagged:{','.join(sorted(scope_prefixes(user, Capability.ENTERPRISE_VIEW)))}:{region.code}"

    def compute() -> FlaggedScan:
        rows = list(enterprise_list_for(user, EnterpriseFilters(region=region.code))
                    .filter(longitude__isnull=False, latitude__isnull=False)
                    .order_by("id").values_list("id", "region_id", "longitude", "latitude")[:SCAN_LIMIT + 1])
        truncated = len(rows) > SCAN_LIMIT
        rows = rows[:SCAN_LIMIT]
        return FlaggedScan([pk for pk, code, lon, lat in rows if is_flagged(code, lon, lat)], len(rows), truncated)

    return kept_until_next_write(key, compute)


@dataclass(frozen=True)
class FlaggedRow:
    enterprise: Enterprise
    check: LocationCheck


def flagged_page(user, region: Region, number, size: int = FLAGGED_PAGE_SIZE):
    """One page of the flagged enterprises, each with its check (where the point lies, how far outside)."""
    scan = flagged_scan(user, region)
    page = Paginator(scan.ids, size).get_page(number)
    by_id = Enterprise.objects.select_related("region").in_bulk(list(page.object_list))
    page.object_list = [FlaggedRow(e, location_check(e.region_id, e.longitude, e.latitude))
                        for pk in page.object_list if (e := by_id.get(pk)) is not None]
    return scan, page


def enterprise_location_for(user, enterprise_id: int) -> tuple[Enterprise, LocationCheck | None]:
    """An enterprise in the user's scope (NotFound otherwise) and the check of its coordinates."""
    enterprise = enterprise_get_for(user, enterprise_id)
    return enterprise, location_check(enterprise.region_id, enterprise.longitude, enterprise.latitude)

