"""/map/: the user's jurisdiction drawn from the shipped outlines (ADR 0041), with enterprises, open inspections and
open hazards — counts per county at province and city level, points within a county — and the enterprises whose
registered coordinates lie outside their county."""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import render

from anjian.accounts.access import has_capability
from anjian.domain.permissions import Capability
from anjian.maps import svg
from anjian.maps.forms import MapFilterForm
from anjian.maps.location import TOLERANCE_KM
from anjian.maps.outlines import PROVINCE, outlines
from anjian.maps.selectors import (
    LAYERS,
    POINT_CAP,
    SCAN_LIMIT,
    Figures,
    MapFilters,
    figures_by_region,
    flagged_page,
    map_region_for,
    points_for,
    shown_layers,
    trail_of,
)
from anjian.regions.models import Region


def requires_any(*capabilities: Capability):
    """Page view decorator: the user must hold one of ``capabilities`` in some agency (scope: the selectors).
    ``capability`` names the first, for the route walks of the tests (every role holding one holds both)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(has_capability(request.user, c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capabilities[0]
        wrapped.capabilities = capabilities
        return wrapped

    return decorate


@dataclass(frozen=True)
class AreaView:
    code: str
    name: str
    d: str
    css: str
    title: str
    href: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class PointView:
    layer: str
    x: str
    y: str
    symbol: str  # path data of a square or a triangle; "" for a circle
    css: str
    title: str
    url: str


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    cells: list[tuple[str, int]]  # (column, value), one per layer shown
    href: str
    has_outline: bool


COLUMNS = {"enterprises": "单位数", "inspections": "在办检查", "hazards": "未整改隐患"}
COUNTED = {"enterprises": "有坐标的单位", "inspections": "在办检查", "hazards": "未整改隐患"}


def _num(v: float) -> str:
    return f"{v:.1f}"


def _query(base: QueryDict, **changes) -> str:
    q = base.copy()
    for key, value in changes.items():
        q[key] = value
    return "?" + q.urlencode()


def _figures_text(name: str, figures: Figures, layers: list[str]) -> str:
    parts = {"enterprises": f"单位 {figures.enterprises:,} 家", "inspections": f"在办检查 {figures.inspections:,} 项",
             "hazards": f"未整改隐患 {figures.hazards:,} 项"}
    return f"{name}：" + "，".join(parts[layer] for layer in layers) if layers else name


def _sum(figures: dict[str, Figures], codes) -> Figures:
    out = Figures()
    for code in codes:
        f = figures.get(code)
        if f:
            out.enterprises += f.enterprises
            out.inspections += f.inspections
            out.hazards += f.hazards
    return out


def _symbol(layer: str) -> str:
    if layer == "inspections":
        return "m-7 -7h14v14h-14z"
    if layer == "hazards":
        return "m9 -18l8 14h-16z"  # up and to the right: an enterprise's own dot stays visible
    return ""


@requires_any(Capability.ENTERPRISE_VIEW, Capability.INSPECTION_VIEW)
def map_page(request):
    user = request.user
    form = MapFilterForm(request.GET or None)
    filters: MapFilters = form.filters()
    region = map_region_for(user, request.GET.get("region", "").strip())
    o = outlines()
    point_level = region.code in o.counties or region.is_functional_zone
    outline_code = region.code if region.code == PROVINCE or o.get(region.code) else region.code[:4] + "00"
    drawing = svg.drawing(outline_code)
    layers = shown_layers(user, region, filters)
    base = request.GET.copy()
    for key in ("region", "page"):
        base.pop(key, None)
    context = {
        "region": region, "trail": trail_of(user, region), "form": form, "layers": layers, "all_layers": LAYERS,
        "view": drawing.view, "width": _num(drawing.view.width), "height": _num(drawing.view.height),
        "point_level": point_level, "tolerance_km": TOLERANCE_KM, "scan_limit": SCAN_LIMIT, "point_cap": POINT_CAP,
        "tiles": svg.tiles(drawing.view, getattr(settings, "ANJIAN_MAP_TILE_URL", "")),
        "tile_attribution": getattr(settings, "ANJIAN_MAP_TILE_ATTRIBUTION", ""),
        "borders": [b.d for b in drawing.borders],
    }
    if point_level:
        context.update(_county_view(user, region, filters, drawing, base))
    else:
        context.update(_overview(user, region, filters, drawing, layers, base))
    scan, page = flagged_page(user, region, request.GET.get("page"))
    trail = [(r, _query(base, region=r.code)) for r in context["trail"]]
    context.update({"scan": scan, "page": page, "trail": trail, "query": _query(base, region=region.code)[1:]})
    return render(request, "maps/map.html", context)


def _overview(user, region: Region, filters: MapFilters, drawing: svg.Drawing, layers: list[str], base) -> dict:
    """Province or city: the counties coloured by the first layer shown, a table of figures per part."""
    figures = figures_by_region(user, region, filters)
    colour = layers[0] if layers else ""
    values = [figures[s.code].of(colour) if colour and s.code in figures else 0 for s in drawing.areas]
    bounds = svg.classes(values)
    areas = [AreaView(s.code, s.name, s.d, f"area q{svg.class_of(v, bounds)}",
                      _figures_text(s.name, figures.get(s.code, Figures()), layers), _query(base, region=s.code),
                      _num(s.label[0]), _num(s.label[1]))
             for s, v in zip(drawing.areas, values, strict=True)]
    legend = [("q0", "0")] + [(f"q{i}", f"{bounds[i - 1] + 1:,}–{bounds[i]:,}" if bounds[i] > bounds[i - 1] + 1
                                else f"{bounds[i]:,}") for i in range(1, len(bounds))]
    o = outlines()
    if region.code == PROVINCE:
        parts = [(c, _sum(figures, [k for k in figures if k[:4] == c.code[:4] or k == c.code]), True)
                 for c in Region.objects.filter(level="city").order_by("code")]
    else:
        parts = [(c, figures.get(c.code, Figures()), c.code in o.counties)
                 for c in Region.objects.filter(parent=region).order_by("code")]
    rows = [Row(c.code, c.name, [(COLUMNS[layer], f.of(layer)) for layer in layers], _query(base, region=c.code),
                has_outline) for c, f, has_outline in parts]
    return {"areas": areas, "legend": legend, "colour_layer": LAYERS.get(colour, ""), "rows": rows,
            "columns": [COLUMNS[layer] for layer in layers], "labels": region.code != PROVINCE}


def _county_view(user, region: Region, filters: MapFilters, drawing: svg.Drawing, base) -> dict:
    """A county (or a functional zone, drawn on its city): its outline and the points, at most POINT_CAP a layer."""
    layers = points_for(user, region, filters)
    view = drawing.view
    points, off_view = [], 0
    for layer in layers.values():
        for p in layer.points:
            if not view.shows((p.lon, p.lat)):
                off_view += 1
                continue
            x, y = view.xy((p.lon, p.lat))
            title = f"{LAYERS[p.layer]}：{p.name}" + (f"（{p.note}）" if p.note else "")
            css = p.css.replace("risk-", "e-") if p.layer == "enterprises" else p.css  # e-red … (map.css)
            points.append(PointView(p.layer, _num(x), _num(y), _symbol(p.layer), f"pt-{p.layer[0]} {css}", title,
                                    p.url))
    home = region.code
    areas = [AreaView(s.code, s.name, s.d, "area home" if s.code == home else "area", s.name,
                      _query(base, region=s.code), _num(s.label[0]), _num(s.label[1])) for s in drawing.areas]
    counted = [(COUNTED[layer.layer], layer.total, len(layer.points)) for layer in layers.values()]
    return {"areas": areas, "points": points, "counted": counted, "off_view": off_view,
            "labels": len(drawing.areas) > 1}
