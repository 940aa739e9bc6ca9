"""Deterministic demo data: enterprises, officers, experts and one login per role and level."""

import random
from datetime import date, timedelta

from django.db import transaction

from anjian.accounts.models import User
from anjian.accounts.services import user_create
from anjian.audit.services import audit_record
from anjian.domain.permissions import ROLE_LABELS, Role
from anjian.domain.rows import validate_enterprise
from anjian.enterprises.demo import enterprise_rows, person_name
from anjian.enterprises.models import Enterprise
from anjian.maps.demo_places import DemoPlaces
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
