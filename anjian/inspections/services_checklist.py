"""Writes of the checklist library (检查事项库): add, edit, deactivate, and CSV/XLSX import (all or nothing)."""

from collections.abc import Mapping
from pathlib import Path

from django.db import transaction

from anjian.accounts.access import has_capability
from anjian.audit.services import audit_record, changed, model_snapshot
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.common.tabular import ImportReport, TabularError, file_sha256, read_table
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES, code_for_label
from anjian.domain.rows import Column
from anjian.inspections.models import ChecklistItem

CHECKLIST_COLUMNS: tuple[Column, ...] = (
    Column("code", "编号", True),
    Column("industry", "适用行业"),
    Column("category", "类别", True),
    Column("content", "检查内容", True),
    Column("law_name", "法律法规标准名称", True),
    Column("article", "条款"),
    Column("is_key", "重点检查事项"),
    Column("is_active", "启用"),
)
LABELS = {c.field: c.label for c in CHECKLIST_COLUMNS}
YES = {"是", "1", "true", "yes", "y", "√", "重点"}
NO = {"否", "0", "false", "no", "n", ""}
MAX_BYTES = 5 * 1024 * 1024
LIMITS = {"code": 32, "category": 64, "law_name": 200, "article": 100}


def validate_checklist_row(data: Mapping[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """(clean values, [(field, reason)]) for one item as typed in a form or a file row."""
    errors: list[tuple[str, str]] = []
    text = {k: str(data.get(k) or "").strip() for k in LABELS}
    clean: dict = {}
    for field in ("code", "category", "content", "law_name"):
        if not text[field]:
            errors.append((field, f"缺少{LABELS[field]}"))
    for field, limit in LIMITS.items():
        if len(text[field]) > limit:
            errors.append((field, f"{LABELS[field]}不能超过{limit}个字符"))
    clean.update({f: text[f] for f in ("category", "content", "law_name", "article")})
    clean["code"] = text["code"].upper()
    industry = text["industry"]
    if industry in {"", "all", "通用", "全部"}:
        clean["industry"] = "all"
    else:
        code = code_for_label(INDUSTRIES, industry)
        if code is None:
            errors.append(("industry", f"未知的行业领域“{industry}”"))
        clean["industry"] = code or ""
    for field, default in (("is_key", False), ("is_active", True)):
        value = text[field].lower()
        if not value:
            clean[field] = default
        elif value in YES:
            clean[field] = True
        elif value in NO:
            clean[field] = False
        else:
            errors.append((field, f"{LABELS[field]}应填“是”或“否”"))
    return clean, errors


def _require(actor) -> None:
    if not has_capability(actor, Capability.CHECKLIST_MANAGE):
        raise ServiceDenied("您无权维护检查事项库")


def checklist_item_add(*, actor, data: Mapping[str, str]) -> ChecklistItem:
    _require(actor)
    clean, errors = validate_checklist_row(data)
    if not errors and ChecklistItem.objects.filter(code=clean["code"]).exists():
        errors.append(("code", f"编号 {clean['code']} 已存在"))
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        item = ChecklistItem.objects.create(**clean)
        audit_record(actor=actor, agency=None, verb="checklist_item_add", target=item, new=model_snapshot(item))
    return item


def checklist_item_update(*, actor, item: ChecklistItem, data: Mapping[str, str]) -> ChecklistItem:
    _require(actor)
    clean, errors = validate_checklist_row({**data, "code": item.code})
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        before = model_snapshot(locked)
        for key, value in clean.items():
            setattr(locked, key, value)
        locked.save()
        old, new = changed(before, model_snapshot(locked))
        old.pop("updated_at", None)
        new.pop("updated_at", None)
        if new:
            audit_record(actor=actor, agency=None, verb="checklist_item_update", target=locked, old=old, new=new)
    return locked


def checklist_item_set_active(*, actor, item: ChecklistItem, active: bool) -> ChecklistItem:
    """Deactivate (or reactivate) an item; items are never deleted, findings keep referring to them."""
    _require(actor)
    with transaction.atomic():
        if ChecklistItem.objects.filter(pk=item.pk, is_active=not active).update(is_active=active):
            audit_record(actor=actor, agency=None, verb="checklist_item_activate" if active else
                         "checklist_item_deactivate", target=item, old={"is_active": not active},
                         new={"is_active": active})
    item.refresh_from_db()
    return item


def checklist_import(*, actor, path: Path, file_name: str = "") -> ImportReport:
    """Validate every row; write all rows (new codes added, known codes updated) or none."""
    _require(actor)
    report = ImportReport(kind="checklist", key="code", file_name=file_name, sha256=file_sha256(Path(path)))
    rows: list[dict] = []
    try:
        with read_table(Path(path), CHECKLIST_COLUMNS, max_bytes=MAX_BYTES) as table:
            report.format, report.encoding = table.format, table.encoding
            seen: dict[str, int] = {}
            for number, values in table:
                report.rows += 1
                clean, errors = validate_checklist_row(values)
                if clean["code"] in seen:
                    errors.append(("code", f"编号 {clean['code']} 与第{seen[clean['code']]}行重复"))
                seen.setdefault(clean["code"], number)
                if errors:
                    report.error_rows += 1
                    for field, reason in errors:
                        report.add_error(number, LABELS[field], reason)
                else:
                    rows.append({k: v for k, v in clean.items() if k in table.fields or k in {"code"}})
    except TabularError as exc:
        report.file_error = str(exc)
        return report
    if not report.ok:
        if not report.rows and not report.file_error:
            report.file_error = "文件中没有数据行"
        return report
    with transaction.atomic():
        existing = {i.code: i for i in ChecklistItem.objects.filter(code__in=[r["code"] for r in rows])}
        for row in rows:
            item = existing.get(row["code"])
            if item is None:
                defaults = {"industry": "all", "is_key": False, "is_active": True, "article": ""}
                ChecklistItem.objects.create(**{**defaults, **row})
                report.created_keys.append(row["code"])
            else:
                for key, value in row.items():
                    setattr(item, key, value)
                item.save()
                report.updated_keys.append(row["code"])
        report.committed = True
        audit_record(actor=actor, agency=None, verb="checklist_import", target_type="inspections.checklistitem",
                     target_repr=file_name[:255], extra=report.audit_extra())
    return report
