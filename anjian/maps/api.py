"""The map's JSON under /api/v1/map/ (ADR 0041): figures per county, the points of a county, and the coordinate
check of one enterprise — the same selectors as the page (/map/), for clients that draw their own map."""

from functools import wraps
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from anjian.accounts.access import has_capability
from anjian.common.api_errors import ErrorOut
from anjian.common.api_types import Id
from anjian.common.errors import ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES, RISK_LEVELS, SUPERVISION_CLASSES
from anjian.maps.outlines import outlines
from anjian.maps.selectors import (
    LAYERS,
    MAP_CAPABILITIES,
    POINT_CAP,
    MapFilters,
    enterprise_location_for,
    figures_by_region,
    map_region_for,
    points_for,
    shown_layers,
)

router = Router(tags=["地图"])

RegionCode = Annotated[str, Field(pattern=r"^(\d{6})?$", max_length=6, description="区划代码；空 = 本人最大辖区")]
Layer = Literal["enterprises", "inspections", "hazards"]
Industry = Literal[("",) + tuple(INDUSTRIES)]  # type: ignore[valid-type]
Risk = Literal[("",) + tuple(RISK_LEVELS)]  # type: ignore[valid-type]
SupervisionClass = Literal[("",) + tuple(SUPERVISION_CLASSES)]  # type: ignore[valid-type]


def api_requires_any(*capabilities: Capability):
    """Like ``api_requires``, for either of ``capabilities`` (every role holding one holds both)."""

    def decorate(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not any(has_capability(request.user, c) for c in capabilities):
                raise HttpError(403, "无此操作权限")
            return func(request, *args, **kwargs)

        wrapped.capability = capabilities[0]
        wrapped.capabilities = capabilities
        return wrapped

    return decorate


class MapFilterIn(Schema):
    region: RegionCode = ""
    industry: Industry = ""
    risk_level: Risk = ""
    supervision_class: SupervisionClass = ""

    def filters(self, layers: frozenset[str] = frozenset(LAYERS)) -> MapFilters:
        return MapFilters(industry=self.industry, risk_level=self.risk_level,
                          supervision_class=self.supervision_class, layers=layers)


class MapRegionOut(Schema):
    code: str
    name: str
    level: str


class MapAreaOut(Schema):
    code: str = Field(description="登记属地的区划代码（县、市、区或功能区）")
    name: str
    has_outline: bool = Field(description="随系统提供的界线数据中有该区域（功能区没有）")
    enterprises: int
    inspections: int
    hazards: int


class MapAreasOut(Schema):
    region: MapRegionOut
    layers: list[Layer]
    areas: list[MapAreaOut]


class MapPointOut(Schema):
    id: int
    name: str
    longitude: float
    latitude: float
    style: str = Field(description="单位：risk-red/orange/yellow/blue；检查：状态；隐患：major/general")
    note: str
    url: str


class MapPointsOut(Schema):
    region: MapRegionOut
    layer: Layer
    total: int = Field(description="符合条件的点数（至多计到 100,000）")
    points: list[MapPointOut]


class MapPointsIn(MapFilterIn):
    layer: Layer = "enterprises"
    limit: Annotated[int, Field(ge=1, le=POINT_CAP)] = POINT_CAP


class EnterpriseLocationOut(Schema):
    enterprise_id: int
    region_code: str
    longitude: float | None
    latitude: float | None
    status: Literal["inside", "near_edge", "outside", "unchecked"] = Field(
        description="unchecked：未登记坐标或属地无界线")
    flagged: bool
    checked_against: str = Field(description="核对所用的区域（功能区按所在市）")
    distance_km: float = Field(description="在界外多远（界内为 0）")
    found_code: str | None = Field(description="坐标所在的县级区域；省外为空")
    found_name: str
    message: str


def _region_out(region) -> MapRegionOut:
    return MapRegionOut(code=region.code, name=region.name, level=region.level)


@router.get("/areas", response={200: MapAreasOut, 404: ErrorOut, 422: ErrorOut})
@api_requires_any(*MAP_CAPABILITIES)
def map_areas(request: HttpRequest, params: Query[MapFilterIn]):
    """Enterprises, open inspections and open hazards per registered region (county or functional zone) below
    ``region``, counted in the user's scope."""
    region = map_region_for(request.user, params.region)
    filters = params.filters()
    layers = shown_layers(request.user, region, filters)
    figures = figures_by_region(request.user, region, filters)
    o = outlines()
    areas = [MapAreaOut(code=code, name=o.names.get(code, code), has_outline=code in o.counties,
                     enterprises=f.enterprises, inspections=f.inspections, hazards=f.hazards)
             for code, f in sorted(figures.items())]
    return MapAreasOut(region=_region_out(region), layers=layers, areas=areas)


@router.get("/points", response={200: MapPointsOut, 404: ErrorOut, 422: ErrorOut})
@api_requires_any(*MAP_CAPABILITIES)
def map_points(request: HttpRequest, params: Query[MapPointsIn]):
    """The points of one layer in a county (or a functional zone, or 济源), at most ``limit``: enterprises by
    risk, open inspections and open hazards at their enterprise's registered coordinates."""
    region = map_region_for(request.user, params.region)
    if not (region.code in outlines().counties or region.is_functional_zone):
        raise ServiceInvalid(("region", "点位只按县（市、区）查询；省、市请用 /areas 的汇总数"))
    layers = points_for(request.user, region, params.filters(frozenset({params.layer})), cap=params.limit)
    layer = layers.get(params.layer)
    points = [MapPointOut(id=p.id, name=p.name, longitude=p.lon, latitude=p.lat, style=p.css, note=p.note, url=p.url)
              for p in (layer.points if layer else [])]
    return MapPointsOut(region=_region_out(region), layer=params.layer, total=layer.total if layer else 0, points=points)


@router.get("/enterprises/{int:enterprise_id}/location", response={200: EnterpriseLocationOut, 404: ErrorOut})
@api_requires_any(Capability.ENTERPRISE_VIEW)
def enterprise_location(request: HttpRequest, enterprise_id: Id):
    """Whether the enterprise's registered coordinates lie in its registered county (a functional zone: its city);
    if not, where they lie and how far outside. A flag for the user, never a refusal."""
    enterprise, check = enterprise_location_for(request.user, enterprise_id)
    lon = float(enterprise.longitude) if enterprise.longitude is not None else None
    lat = float(enterprise.latitude) if enterprise.latitude is not None else None
    if check is None:
        return EnterpriseLocationOut(enterprise_id=enterprise.pk, region_code=enterprise.region_id, longitude=lon, latitude=lat,
                           status="unchecked", flagged=False, checked_against="", distance_km=0, found_code=None,
                           found_name="", message="")
    return EnterpriseLocationOut(enterprise_id=enterprise.pk, region_code=enterprise.region_id, longitude=lon, latitude=lat,
                       status=check.status, flagged=check.flagged, checked_against=check.home.code,
                       distance_km=round(check.distance_km, 3), found_code=check.found_code,
                       found_name=check.found_name if check.status != "inside" else check.home.name,
                       message=check.message)
