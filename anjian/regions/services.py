"""Loading the region tree, agencies and departments from the data files in the repo."""

import csv
from pathlib import Path

from django.db import transaction

from anjian.audit.services import audit_record
from anjian.regions.models import Agency, Department, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
# Departments every city and county agency has.
LOCAL_DEPARTMENTS = {
    "city": [("enforcement", "安全生产执法支队"), ("hazardous_chemicals", "危险化学品安全监督管理科"),
             ("industry_trade", "工贸行业安全监督管理科"), ("policy", "政策法规科")],
    "county": [("enforcement", "安全生产执法大队"), ("supervision", "安全生产监督管理股")],
}


def agency_name_for(region: Region, parent: Region | None) -> str:
    if region.level == "province":
        return f"{region.name}应急管理厅"
    if region.level == "county" and parent is not None and parent.level == "city":
        return f"{parent.name}{region.name}应急管理局"
    return f"{region.name}应急管理局"


def regions_load(*, path: Path | None = None) -> dict[str, int]:
    """Create or update regions, one agency per region and their departments. Idempotent."""
    path = path or DATA_DIR / "henan_regions.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (DATA_DIR / "departments.csv").open(encoding="utf-8") as fh:
        departments = list(csv.DictReader(fh))
    created = {"regions": 0, "agencies": 0, "departments": 0}
    with transaction.atomic():
        by_code: dict[str, Region] = {}
        agency_names = {row["code"]: row["agency_name"] for row in rows if row.get("agency_name")}
        for row in sorted(rows, key=lambda r: (r["parent_code"] != "", len(r["parent_code"]), r["code"])):
            region, was_created = Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "level": row["level"],
                    "parent": by_code.get(row["parent_code"]) if row["parent_code"] else None,
                    "is_functional_zone": row["is_functional_zone"] == "1",
                },
            )
            by_code[region.code] = region
            created["regions"] += was_created
        for region in by_code.values():
            parent = by_code.get(region.parent_id) if region.parent_id else None
            name = agency_names.get(region.code) or agency_name_for(region, parent)
            agency, was_created = Agency.objects.update_or_create(
                region=region, defaults={"name": name, "short_name": region.short_name})
            created["agencies"] += was_created
            level = "city" if region.level == "city" else "county" if region.level == "county" else None
            for code, name in LOCAL_DEPARTMENTS.get(level, []):
                _, was_created = Department.objects.get_or_create(agency=agency, code=code, defaults={"name": name})
                created["departments"] += was_created
        for row in departments:
            agency = Agency.objects.get(region_id=row["agency_region"])
            _, was_created = Department.objects.get_or_create(agency=agency, code=row["code"],
                                                              defaults={"name": row["name"]})
            created["departments"] += was_created
        if any(created.values()):
            audit_record(actor=None, agency=None, verb="regions_load", target_type="regions.region",
                         target_id=path.name, target_repr="行政区划与机构", new=created)
    return created
