"""Deterministic demo data: enterprises, officers, experts and one login per role and level."""

import json
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.db import transaction

from anjian.accounts.models import User
from anjian.accounts.services import user_create
from anjian.audit.services import audit_record
from anjian.domain.geo import Point, PreparedArea, label_point, ring_area
from anjian.domain.permissions import ROLE_LABELS, Role
from anjian.domain.rows import validate_enterprise
from anjian.enterprises.demo import enterprise_rows, person_name
from anjian.enterprises.models import Enterprise
from anjian.officers.models import Expert, Officer
from anjian.regions.models import Agency, Region

DEMO_PASSWORD = "Demo-Yingji-2468"
# Province, a city and one of its counties (seed 002 is 驻马店; 泌阳县 is one of its counties).
DEMO_LEVELS = {"prov": "410000", "city": "411700", "county": "411726"}
LOCAL_ROLES = (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.OFFICER, Role.LEGAL_REVIEWER, Role.STATISTICIAN,
               Role.READ_ONLY)
COUNTY2 = "411721"  # 西平县
COUNTY2_ROLES = (Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.OFFICER, Role.LEGAL_REVIEWER)
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
MAJORS = ("安全工程", "化学工程", "采矿工程", "法学", "机械工程", "冶金工程", "行政管理", "计算机科学")
# The county outlines the map and the coordinate check draw on. Read here as data: anjian.home may not import
# anjian.maps (the two are independent in the import layers).
OUTLINES = Path(__file__).resolve().parent.parent / "maps" / "data" / "henan_outlines.geojson"
MISPLACED_SHARE = 0.01  # demo enterprises registered with coordinates in some other, distant county
FAR_KM = 10.0  # a misplaced point lies this far at least from its home's box (the check tolerates 2 km)
WALKTHROUGH_ASTRAY = ("411726", "410928")  # one 泌阳县 enterprise sits in 濮阳县 (the coordinate check's example)


@cache
def _county_areas() -> dict[str, PreparedArea]:
    """The outline of every county (and 济源) by code."""
    features = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: PreparedArea([[[(float(x), float(y)) for x, y in ring] for ring in polygon]
                                                   for polygon in f["geometry"]["coordinates"]])
            for f in features}


@cache
def _homes(region: str) -> tuple[str, ...]:
    """The counties whose union is the region's map area: itself, or a functional zone's city's counties."""
    areas = _county_areas()
    if region in areas:
        return (region,)
    return tuple(sorted(code for code in areas if code[:4] == region[:4]))


@cache
def _far_from(homes: tuple[str, ...]) -> tuple[str, ...]:
    """The counties lying wholly beyond ``FAR_KM`` of the box of ``homes``."""
    areas = _county_areas()
    box = areas[homes[0]].bbox
    for code in homes[1:]:
        box = box.union(areas[code].bbox)
    near = box.grown(FAR_KM)
    return tuple(sorted(code for code, area in areas.items() if not near.intersects(area.bbox)))


class DemoPlaces:
    """Deterministic coordinates for demo enterprises (same seed and rows → same points): a point inside the
    enterprise's own county (a functional zone's: inside one of its city's counties, the zone's map area), or for
    about 1 in 100 a point in a county far away, so the map and its list of flagged enterprises look real. The
    first 泌阳县 enterprise that is not a hazardous-chemicals one (the field trip's site is one) lies in 濮阳县."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"demo-places:{seed}")
        self.astray_done = False

    def place(self, region: str, industry: str) -> Point | None:
        """None for a region without an outline (the row keeps its coordinates)."""
        homes = _homes(region)
        if not homes:
            return None
        if not self.astray_done and region == WALKTHROUGH_ASTRAY[0] and industry != "hazardous_chemicals":
            self.astray_done = True
            return self._inside(WALKTHROUGH_ASTRAY[1])
        if region != WALKTHROUGH_ASTRAY[0] and self.rng.random() < MISPLACED_SHARE:
            return self._inside(self.rng.choice(_far_from(homes)))
        return self._inside(self.rng.choice(homes))

    def _inside(self, code: str) -> Point:
        """A point inside the county: drawn in its box until one falls inside."""
        area = _county_areas()[code]
        box = area.bbox
        for _ in range(1000):
            point = (round(self.rng.uniform(box.west, box.east), 6), round(self.rng.uniform(box.south, box.north), 6))
            if area.contains(point):
                return point
        return label_point(max(area.area, key=lambda polygon: abs(ring_area(polygon[0]))))  # never in practice


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, agency, role label) of every demo account."""
    out = []
    for level, code in DEMO_LEVELS.items():
        agency = Agency.objects.get(region_id=code)
        roles = LOCAL_ROLES + (ADMIN_ROLES if level == "prov" else ())
        out += [(f"{level}-{role.value.replace('_', '-')}", agency.name, ROLE_LABELS[role]) for role in roles]
    xiping = Agency.objects.get(region_id=COUNTY2).name  # a sibling county with its own staff (scope, own cases)
    out += [(f"county2-{role.value.replace('_', '-')}", xiping, ROLE_LABELS[role]) for role in COUNTY2_ROLES]
    return out


def demo_users_create() -> int:
    created = 0
    for username, agency_name, _ in demo_logins():
        if User.objects.filter(username=username).exists():
            continue
        agency = Agency.objects.get(name=agency_name)
        role = next(r for r in Role if username.endswith(r.value.replace("_", "-")))
        full_name = f"{agency.short_name}{ROLE_LABELS[role]}（演示）"
        user_create(actor=None, username=username, full_name=full_name, password=DEMO_PASSWORD, agency=agency,
                    roles=[role])
        created += 1
    return created


def demo_enterprises_create(n: int, seed: int) -> int:
    counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
    levels = {code: "county" for code, _ in counties}
    batch: list[Enterprise] = []
    created = 0
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    places = DemoPlaces(seed)
    with transaction.atomic():
        for row in enterprise_rows(counties, n, seed):
            point = places.place(row["region"], row["industry"])
            if point is not None:
                row["longitude"], row["latitude"] = f"{point[0]:.6f}", f"{point[1]:.6f}"
            clean, errors = validate_enterprise(row, levels)
            if errors:
                raise ValueError(f"demo row invalid: {errors}")
            if clean["uscc"] in existing:
                continue
            region = clean.pop("region")
            batch.append(Enterprise(region_id=region, **clean))
            if len(batch) >= 2000:
                Enterprise.objects.bulk_create(batch)
                created += len(batch)
                batch.clear()
        Enterprise.objects.bulk_create(batch)
        created += len(batch)
        audit_record(actor=None, agency=None, verb="demo_data_load", target_type="enterprises.enterprise",
                     target_id=f"seed={seed}", target_repr="演示数据", new={"enterprises": created, "seed": seed})
    return created


def demo_officers_create(seed: int, today: date) -> int:
    rng = random.Random(seed + 1)
    officers: list[Officer] = []
    serial = 0
    for agency in Agency.objects.select_related("region").prefetch_related("departments").order_by("region_id"):
        count = {"province": 24, "city": 10}.get(agency.region.level, 6)
        departments = list(agency.departments.all())
        for _ in range(count):
            serial += 1
            expires = today + timedelta(days=rng.randint(-120, 5 * 365))
            officers.append(Officer(
                certificate_number=f"{agency.region_id}{serial:06d}",
                certificate_expires=expires,
                name=person_name(rng),
                agency=agency,
                region_id=agency.region_id,
                department=rng.choice(departments) if departments else None,
                specialties=sorted(set(rng.sample(["non_coal_mine", "hazardous_chemicals", "industry_trade",
                                                   "metal_smelting", "combustible_dust", "fireworks", "chemical"],
                                                  rng.randint(1, 3)))),
                status=rng.choices(("active", "suspended"), (97, 3))[0],
                in_post=rng.random() < 0.93,
                gender=rng.choices(("male", "female"), (72, 28))[0],
                birth_year=rng.randint(1966, 1999),
                education=rng.choices(("postgraduate", "bachelor", "college", "secondary"), (12, 60, 23, 5))[0],
                major=rng.choice(MAJORS),
                phone=f"13{rng.randint(0, 999999999):09d}",
            ))
    with transaction.atomic():
        existing = set(Officer.objects.values_list("certificate_number", flat=True))
        new = [o for o in officers if o.certificate_number not in existing]
        Officer.objects.bulk_create(new, batch_size=1000)
        experts = [
            Expert(name=person_name(rng), region_id="410000",
                   specialties=[rng.choice(["non_coal_mine", "hazardous_chemicals", "industry_trade", "fireworks",
                                            "metal_smelting", "combustible_dust"])],
                   affiliation=rng.choice(["河南理工大学", "郑州大学化工学院", "河南省安全科学技术研究院",
                                           "中国平煤神马集团", "河南能源化工集团"]),
                   title=rng.choice(["高级工程师", "正高级工程师", "教授", "注册安全工程师"]),
                   phone=f"139{rng.randint(0, 99999999):08d}")
            for _ in range(40)
        ] if not Expert.objects.exists() else []
        Expert.objects.bulk_create(experts)
        audit_record(actor=None, agency=None, verb="demo_data_load", target_type="officers.officer",
                     target_id=f"seed={seed}", target_repr="演示数据",
                     new={"officers": len(new), "experts": len(experts)})
    return len(new)
