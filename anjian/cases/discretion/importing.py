"""Loading discretion benchmarks from CSV/XLSX: a preview, then an all-or-nothing commit.

Keyed by (出处 source, 编号 code, 裁量阶次 level): an existing entry is updated with the file's values, never
duplicated, and one whose values are unchanged is left alone (so loading the same file twice changes
nothing). Every row is validated first (anjian.domain.discretion_rules.check_benchmark_rows), including each
violation's levels together with the ones already registered. An entry's 启用 flag is kept: a file does not
re-activate an entry that was deactivated on the page.

Used by the import page (DISCRETION_MANAGE), the `discretion_load` command and migration 0003 (bundled data).
"""

from decimal import Decimal
from pathlib import Path

from anjian.accounts.access import highest_grant
from anjian.audit.services import audit_record
from anjian.cases.models import DiscretionEntry
from anjian.common.tabular import (
    ImportReport,
    TabularError,
    file_sha256,
    import_all_or_nothing,
    import_byte_limit,
    read_table,
    write_xlsx,
)
from anjian.domain.case_process import PARTY_KINDS
from anjian.domain.discretion_rules import BENCHMARK_COLUMNS, DEFAULT_SOURCE, LABELS, check_benchmark_rows
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "discretion_aqf2021.csv"
VALUE_FIELDS = ("violation", "legal_provision", "penalty_basis", "party_kind", "statutory_min", "statutory_max",
                "level_order", "conditions", "fine_min", "fine_max", "standard")
EXISTING_FIELDS = ("source", "code", "level", "level_order", "fine_min", "fine_max", "violation", "party_kind")


def existing_entries(model, keys: set[tuple[str, str]]) -> list[dict]:
    """Active entries of the given (source, code) pairs, as the plain dicts check_benchmark_rows takes."""
    out: list[dict] = []
    for source in {s for s, _ in keys}:
        codes = [c for s, c in keys if s == source]
        for i in range(0, len(codes), 500):
            out.extend(model.objects.filter(source=source, code__in=codes[i:i + 500], is_active=True)
                       .values(*EXISTING_FIELDS))
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) == Decimal(b)
    return a == b


def upsert_entries(model, rows: list[dict]) -> tuple[list[str], list[str]]:
    """Create or update entries (clean dicts) by (source, code, level); returns (created, updated) keys.

    `model` is DiscretionEntry or its historical version in a migration.
    """
    created: list[str] = []
    updated: list[str] = []
    for clean in rows:
        key = f"{clean['code']}／{clean['level']}"
        current = model.objects.filter(source=clean["source"], code=clean["code"], level=clean["level"]).first()
        values = {f: clean[f] for f in VALUE_FIELDS}
        if current is None:
            model.objects.create(source=clean["source"], code=clean["code"], level=clean["level"], **values)
            created.append(key)
            continue
        changes = {f: v for f, v in values.items() if not _same(getattr(current, f), v)}
        if changes:
            model.objects.filter(pk=current.pk).update(**changes)
            updated.append(key)
    return created, updated


def _scan(report: ImportReport, *, path: Path, max_bytes: int | None) -> list[dict]:
    rows: list[tuple[int, dict]] = []
    try:
        with read_table(path, BENCHMARK_COLUMNS, max_bytes=max_bytes) as table:
            report.format, report.encoding = table.format, table.encoding
            rows = list(table)
    except TabularError as exc:
        report.file_error = str(exc)
        return []
    report.rows = len(rows)
    if not rows:
        report.file_error = "文件中没有数据行（只有表头）"
        return []
    keys = {((raw.get("source") or "").strip() or DEFAULT_SOURCE, (raw.get("code") or "").strip())
            for _, raw in rows}
    good, errors = check_benchmark_rows(rows, existing_entries(DiscretionEntry, keys))
    report.error_rows = len({number for number, _, _ in errors})
    for number, field, reason in errors:
        report.add_error(number, LABELS.get(field, field), reason)
    return [clean for _, clean in good]


def _new_report(path: Path, file_name: str, sha256: str) -> ImportReport:
    return ImportReport(kind="discretion", key="code", file_name=file_name or Path(path).name,
                        sha256=sha256 or file_sha256(Path(path)))


def _dry_run_counts(report: ImportReport, rows: list[dict]) -> None:
    """Preview: which rows would create and which would change an entry (nothing is written)."""
    for clean in rows:
        key = f"{clean['code']}／{clean['level']}"
        current = DiscretionEntry.objects.filter(source=clean["source"], code=clean["code"],
                                                 level=clean["level"]).first()
        if current is None:
            report.created_keys.append(key)
        elif any(not _same(getattr(current, f), clean[f]) for f in VALUE_FIELDS):
            report.updated_keys.append(key)


def discretion_import_preview(*, actor, path: Path, file_name: str = "", sha256: str = "",
                              max_bytes: int | None = None) -> ImportReport:
    """Validate a file and count new / changed / bad rows; writes nothing."""
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="discretion", file_name=file_name, file_error="无法读取上传的文件")
    rows = _scan(report, path=Path(path), max_bytes=import_byte_limit(max_bytes))
    if report.ok:
        _dry_run_counts(report, rows)
    return report


def discretion_import_commit(*, actor, path: Path, file_name: str = "", sha256: str = "",
                             max_bytes: int | None = None) -> ImportReport:
    """Validate again and write every row, or nothing when any row (or the file) fails; audited.

    actor None is a system load (command line, migration); max_bytes None → the upload limit, 0 → none.
    """
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="discretion", file_name=file_name, file_error="无法读取上传的文件")
    grant = highest_grant(actor, Capability.DISCRETION_MANAGE) if actor is not None else None
    agency = Agency.objects.filter(pk=grant.agency_id).first() if grant else None
    def write() -> bool:
        rows = _scan(report, path=Path(path), max_bytes=import_byte_limit(max_bytes))
        if report.ok:
            report.created_keys, report.updated_keys = upsert_entries(DiscretionEntry, rows)
        return report.ok

    return import_all_or_nothing(
        report, write,
        lambda: audit_record(actor=actor, agency=agency, verb="discretion_import",
                             target_type=DiscretionEntry._meta.label_lower,
                             target_repr=f"导入裁量基准 {report.file_name}"[:255], extra=report.audit_extra()))


def template_notes() -> list[list[str]]:
    hints = {
        "code": "同一违法行为的各阶次使用同一编号，如 AQ-97-1", "violation": "违法行为的表述",
        "legal_provision": "违反的法律规定（条款）", "penalty_basis": "处罚依据（条款及原文）",
        "party_kind": "、".join(PARTY_KINDS.values()) + "（默认单位）",
        "statutory_min": "法定罚款幅度下限，以元为单位；“以下”幅度不填", "statutory_max": "法定罚款幅度上限，以元为单位",
        "level": "如 较轻、一般、较重、严重", "level_order": "1至99的整数，数字越大阶次越重",
        "conditions": "适用该阶次的条件", "fine_min": "本阶次罚款下限（元），不能低于法定下限",
        "fine_max": "本阶次罚款上限（元），不能高于法定上限", "standard": "具体标准的文字表述",
        "source": "基准出处，默认“应急〔2024〕90号”",
    }
    rows = [["列名", "是否必填", "说明"]]
    rows += [[c.label, "必填" if c.required else "", hints.get(c.field, "")] for c in BENCHMARK_COLUMNS]
    rows += [[], ["导入规则", "", "按“出处＋编号＋裁量阶次”识别：已存在的按文件内容更新，不会重复登记；"
                               "金额可写 30000、30,000 或 3万；法定下限≤阶次下限≤阶次上限≤法定上限，阶次越重幅度不能越低；"
                               "任何一行有错误时整个文件都不写入。支持 xlsx 和 UTF-8/GBK 编码的 CSV。"]]
    return rows


def discretion_template_xlsx(target) -> None:
    write_xlsx(target, [c.label for c in BENCHMARK_COLUMNS], [], title="裁量基准", notes=template_notes())
