"""Inspection item lists (随机抽查事项清单): import from XLSX/CSV (all or nothing) and publish."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from anjian.audit.services import audit_record
from anjian.common.errors import ServiceInvalid
from anjian.common.tabular import TabularError, read_table
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES
from anjian.domain.rows import Column
from anjian.planning.models import InspectionItemList, InspectionListItem
from anjian.planning.services import _require
from anjian.regions.models import Agency

ITEM_COLUMNS = (
    Column("item", "抽查事项", True), Column("content", "抽查内容", True), Column("legal_basis", "抽查依据", True),
    Column("target", "抽查对象", True), Column("body", "抽查主体", True), Column("method", "抽查方式", True),
    Column("frequency", "抽查频次", True),
)
LABELS = {c.field: c.label for c in ITEM_COLUMNS}
BY_LABEL = {v: k for k, v in INDUSTRIES.items()}


def parse_target(text: str) -> str:
    """"all"/全部 → "all"; else industry codes or names separated by 、,，; → codes joined by ","."""
    text = text.strip()
    if text.lower() == "all" or text in ("全部", "全部行业"):
        return "all"
    codes = []
    for part in [p.strip() for p in text.replace("，", ",").replace("、", ",").replace(";", ",").split(",")]:
        if not part:
            continue
        code = part if part in INDUSTRIES else BY_LABEL.get(part)
        if code is None:
            raise ValueError(f"未知的行业“{part}”（可填 全部 或 {'、'.join(INDUSTRIES.values())}）")
        codes.append(code)
    if not codes:
        raise ValueError("请填写抽查对象")
    return ",".join(dict.fromkeys(codes))


LIMITS = {"item": 200, "target": 500, "body": 100, "method": 100, "frequency": 100}


def clean_item(values: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One item's fields stripped, the target parsed to industry codes; errors as (column label, reason)."""
    row = {f: str(values.get(f) or "").strip() for f in LABELS}
    errors = []
    for field, label in LABELS.items():
        if not row[field]:
            errors.append((label, "不能为空"))
        elif len(row[field]) > LIMITS.get(field, 10_000):
            errors.append((label, f"不能超过{LIMITS[field]}个字"))
    if row["target"]:
        try:
            row["target"] = parse_target(row["target"])
        except ValueError as exc:
            errors.append((LABELS["target"], str(exc)))
    return row, errors


def read_items(path: Path) -> tuple[list[dict], list[str]]:
    """Validate every row; returns (rows, Chinese errors naming row and column)."""
    rows, errors = [], []
    try:
        with read_table(path, ITEM_COLUMNS, max_bytes=None) as table:
            for number, values in table:
                row, problems = clean_item(values)
                errors += [f"第{number}行 {label}：{reason}" for label, reason in problems]
                rows.append(row)
    except TabularError as exc:
        return [], [str(exc)]
    if not rows and not errors:
        errors.append("文件中没有事项")
    return rows, errors


def item_list_import(*, actor, agency: Agency, name: str, year: int, path: Path) -> InspectionItemList:
    """Create a list with its items from a file; nothing is written when any row is wrong."""
    _require(actor, Capability.PLAN_EDIT, agency)
    rows, errors = read_items(path)
    if not name.strip():
        errors.insert(0, "请填写清单名称")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        item_list = InspectionItemList.objects.create(agency=agency, name=name.strip(), year=year, created_by=actor)
        InspectionListItem.objects.bulk_create([InspectionListItem(item_list=item_list, number=i, **row)
                                                for i, row in enumerate(rows, 1)])
        audit_record(actor=actor, agency=agency, verb="item_list_import", target=item_list,
                     new={"name": item_list.name, "year": year, "items": len(rows)})
    return item_list


def item_list_publish(*, actor, item_list: InspectionItemList) -> InspectionItemList:
    _require(actor, Capability.PLAN_APPROVE, item_list.agency)
    if not item_list.items.exists():
        raise ServiceInvalid("清单中还没有抽查事项，不能公布")
    with transaction.atomic():
        if not InspectionItemList.objects.filter(pk=item_list.pk, published=False).update(
                published=True, published_at=timezone.now()):
            raise ServiceInvalid("该清单已公布")
        audit_record(actor=actor, agency=item_list.agency, verb="item_list_publish", target=item_list)
    item_list.refresh_from_db()
    return item_list


def item_list_create(*, actor, agency: Agency, name: str, year: int) -> InspectionItemList:
    """An empty list, to be filled one item at a time."""
    _require(actor, Capability.PLAN_EDIT, agency)
    errors = []
    if not name.strip():
        errors.append("请填写清单名称")
    if not 2000 <= int(year) <= 2100:
        errors.append("年度不正确")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        item_list = InspectionItemList.objects.create(agency=agency, name=name.strip(), year=year, created_by=actor)
        audit_record(actor=actor, agency=agency, verb="item_list_create", target=item_list,
                     new={"name": item_list.name, "year": year})
    return item_list


def _editable(actor, item_list: InspectionItemList) -> None:
    _require(actor, Capability.PLAN_EDIT, item_list.agency)
    if item_list.published:
        raise ServiceInvalid("清单已公布，不能再修改；如需调整请新建清单")


def _invalid(errors: list[tuple[str, str]]) -> ServiceInvalid:
    return ServiceInvalid([f"{label}：{reason}" for label, reason in errors])


def item_add(*, actor, item_list: InspectionItemList, values: dict) -> InspectionListItem:
    """Append one item (number = last + 1) to an unpublished list."""
    _editable(actor, item_list)
    row, errors = clean_item(values)
    if errors:
        raise _invalid(errors)
    with transaction.atomic():
        if not InspectionItemList.objects.select_for_update().filter(pk=item_list.pk, published=False).exists():
            raise ServiceInvalid("清单已公布，不能再修改；如需调整请新建清单")
        last = item_list.items.order_by("-number").values_list("number", flat=True).first() or 0
        item = InspectionListItem.objects.create(item_list=item_list, number=last + 1, **row)
        audit_record(actor=actor, agency=item_list.agency, verb="item_list_item_add", target=item_list,
                     new={"number": item.number, **row})
    return item


def item_update(*, actor, item: InspectionListItem, values: dict) -> InspectionListItem:
    """Change one item of an unpublished list; the old values go to the audit trail."""
    item_list = item.item_list
    _editable(actor, item_list)
    row, errors = clean_item(values)
    if errors:
        raise _invalid(errors)
    old = {f: getattr(item, f) for f in LABELS}
    with transaction.atomic():
        if not InspectionItemList.objects.select_for_update().filter(pk=item_list.pk, published=False).exists():
            raise ServiceInvalid("清单已公布，不能再修改；如需调整请新建清单")
        InspectionListItem.objects.filter(pk=item.pk).update(**row)
        audit_record(actor=actor, agency=item_list.agency, verb="item_list_item_update", target=item_list,
                     old={"number": item.number, **old}, new={"number": item.number, **row})
    item.refresh_from_db()
    return item
