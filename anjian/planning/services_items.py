"""Inspection item lists (随机抽查事项清单): import from XLSX/CSV (all or nothing) and publish."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from anjian.audit.services import audit_record
from anjian.common.tabular import TabularError, read_table
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES
from anjian.domain.rows import Column
from anjian.planning.errors import PlanInvalid
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


def read_items(path: Path) -> tuple[list[dict], list[str]]:
    """Validate every row; returns (rows, Chinese errors naming row and column)."""
    rows, errors = [], []
    try:
        with read_table(path, ITEM_COLUMNS, max_bytes=None) as table:
            for number, values in table:
                row = {f: (values.get(f) or "").strip() for f in LABELS}
                for field, label in LABELS.items():
                    if not row[field]:
                        errors.append(f"第{number}行 {label}：不能为空")
                if row["target"]:
                    try:
                        row["target"] = parse_target(row["target"])
                    except ValueError as exc:
                        errors.append(f"第{number}行 抽查对象：{exc}")
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
        raise PlanInvalid(errors)
    with transaction.atomic():
        item_list = InspectionItemList.objects.create(agency=agency, name=name.strip(), year=year, created_by=actor)
        InspectionListItem.objects.bulk_create([InspectionListItem(item_list=item_list, number=i, **row)
                                                for i, row in enumerate(rows, 1)])
        audit_record(actor=actor, agency=agency, verb="item_list_import", target=item_list,
                     new={"name": item_list.name, "year": year, "items": len(rows)})
    return item_list


def item_list_publish(*, actor, item_list: InspectionItemList) -> InspectionItemList:
    _require(actor, Capability.PLAN_APPROVE, item_list.agency)
    with transaction.atomic():
        if not InspectionItemList.objects.filter(pk=item_list.pk, published=False).update(
                published=True, published_at=timezone.now()):
            raise PlanInvalid("该清单已公布")
        audit_record(actor=actor, agency=item_list.agency, verb="item_list_publish", target=item_list)
    item_list.refresh_from_db()
    return item_list
