"""Importing officers from CSV/XLSX: a preview, then an all-or-nothing commit.

Keyed by certificate number: an existing certificate is updated (only the columns present in the file),
never duplicated. The agency is given by its region code and must be one the actor may import into;
an existing officer of an agency outside that scope is a row error. Officer files are small (thousands
of rows), so rows are written with bulk_create(update_conflicts=True) on every database.
"""

from collections.abc import Callable
from pathlib import Path

from anjian.accounts.access import acting_grant
from anjian.accounts.selectors import agencies_writable
from anjian.audit.services import audit_record
from anjian.common.tabular import (
    ImportReport,
    TabularError,
    file_sha256,
    import_all_or_nothing,
    import_byte_limit,
    read_table,
    write_xlsx,
)
from anjian.domain.permissions import Capability
from anjian.domain.registry import EDUCATIONS, GENDERS, INDUSTRIES, OFFICER_STATUSES
from anjian.domain.rows import OFFICER_COLUMNS, validate_officer
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department

CHUNK = 1000
LABELS = {c.field: c.label for c in OFFICER_COLUMNS}
KEY_LABEL = LABELS["certificate_number"]
# One text wherever the certificate is held: the holding agency is not ours to tell (see the enterprise import).
HELD_ELSEWHERE = "执法证号 {key} 已由您管辖范围以外的机关登记，不能通过导入修改；如人员调动，请联系上级机关"
# File column → model fields it sets.
MODEL_FIELDS = {"agency_region": ("agency", "region"), "department": ("department",)}




def _writable_agencies(actor) -> dict[str, Agency]:
    if actor is None:
        return {a.region_id: a for a in Agency.objects.all()}
    return agencies_writable(actor, Capability.OFFICER_IMPORT)


def _existing(numbers: list[str]) -> dict[str, tuple[str, int, int | None]]:
    """certificate number → (region code, agency id, department id) of officers already registered."""
    found = {}
    for i in range(0, len(numbers), 500):
        for number, region, agency, department in Officer.objects.filter(
                certificate_number__in=numbers[i:i + 500]).values_list(
                "certificate_number", "region_id", "agency_id", "department_id"):
            found[number] = (region, agency, department)
    return found


def _scan(report: ImportReport, *, actor, path: Path, max_bytes: int | None, commit: bool,
          on_rows: Callable[[int], None] | None = None) -> None:
    agencies = _writable_agencies(actor)
    if not agencies:
        report.file_error = "您没有可导入执法人员的机构"
        return
    agency_names = {code: a.name for code, a in agencies.items()}
    departments = {(agency_id, name): pk for agency_id, name, pk in Department.objects.filter(
        agency__in=list(agencies.values())).values_list("agency_id", "name", "id")}
    seen: dict[str, int] = {}
    chunk: list[tuple[int, dict]] = []
    update_fields: list[str] = []
    has_department = False

    def flush() -> None:
        existing = _existing([clean["certificate_number"] for _, clean in chunk])
        new, old = [], []
        for number, clean in chunk:
            key = clean["certificate_number"]
            agency = agencies[clean.pop("agency_region")]
            department_name = clean.pop("department", "")
            before = existing.get(key)
            if before is not None and before[0] not in agencies:
                report.error_rows += 1
                report.add_error(number, KEY_LABEL, HELD_ELSEWHERE.format(key=key))  # never which agency
                continue
            if department_name:
                department_id = departments[(agency.pk, department_name)]
            elif not has_department and before is not None and before[1] == agency.pk:
                department_id = before[2]  # column absent: keep the department within the same agency
            else:
                department_id = None
            officer = Officer(agency=agency, region_id=agency.region_id, department_id=department_id, **clean)
            if before is None:
                report.created_keys.append(key)
                new.append(officer)
            else:
                report.updated_keys.append(key)
                old.append(officer)
        if commit and not report.error_count:
            if new:
                Officer.objects.bulk_create(new, batch_size=500)
            if old:
                Officer.objects.bulk_create(old, batch_size=500, update_conflicts=True,
                                            unique_fields=["certificate_number"], update_fields=update_fields)
        chunk.clear()

    try:
        with read_table(path, OFFICER_COLUMNS, max_bytes=max_bytes) as table:
            report.format, report.encoding = table.format, table.encoding
            has_department = "department" in table.fields
            for field in table.fields:
                if field != "certificate_number":
                    update_fields.extend(MODEL_FIELDS.get(field, (field,)))
            if "department" not in update_fields:
                update_fields.append("department")
            update_fields.append("updated_at")
            for number, values in table:
                report.rows += 1
                clean, errors = validate_officer(values, agency_names)
                key = clean.get("certificate_number")
                if key is not None:
                    first = seen.setdefault(key, number)
                    if first != number:
                        errors.append(("certificate_number", f"与第{first}行重复：执法证号 {key} 在文件中出现多次"))
                agency = agencies.get(clean.get("agency_region", ""))
                department = clean.get("department")
                if agency is not None and department and (agency.pk, department) not in departments:
                    errors.append(("department", f"“{agency.name}”没有名为“{department}”的处室"))
                if errors:
                    report.error_rows += 1
                    for field, reason in errors:
                        report.add_error(number, LABELS.get(field, field), reason)
                    continue
                chunk.append((number, clean))
                if len(chunk) >= CHUNK:
                    flush()
                    if on_rows is not None:
                        on_rows(report.rows)
            if chunk:
                flush()
            if on_rows is not None:
                on_rows(report.rows)
    except TabularError as exc:
        report.file_error = str(exc)
    if not report.rows and not report.file_error:
        report.file_error = "文件中没有数据行（只有表头）"


def _new_report(path: Path, file_name: str, sha256: str) -> ImportReport:
    return ImportReport(kind="officers", key="certificate_number", file_name=file_name or Path(path).name,
                        sha256=sha256 or file_sha256(Path(path)))


def officer_import_preview(*, actor, path: Path, file_name: str = "", sha256: str = "",
                           max_bytes: int | None = None) -> ImportReport:
    """Validate a file and count new / updated / bad rows; writes nothing."""
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="officers", file_name=file_name, file_error="无法读取上传的文件")
    _scan(report, actor=actor, path=Path(path), max_bytes=import_byte_limit(max_bytes), commit=False)
    return report


def officer_import_commit(*, actor, path: Path, file_name: str = "", sha256: str = "",
                          max_bytes: int | None = None,
                          on_rows: Callable[[int], None] | None = None) -> ImportReport:
    """Validate again and write every row, or nothing when any row (or the file) fails.

    actor None is a system import (command line) that may write for every agency.
    max_bytes: None → settings.ANJIAN_IMPORT_MAX_BYTES, 0 → no limit.
    on_rows(n): called as rows are read (a background job's progress).
    """
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="officers", file_name=file_name, file_error="无法读取上传的文件")
    grant = acting_grant(actor) if actor is not None else None
    agency = Agency.objects.filter(pk=grant.agency_id).first() if grant else None
    return import_all_or_nothing(
        report,
        lambda: _scan(report, actor=actor, path=Path(path), max_bytes=import_byte_limit(max_bytes), commit=True,
                      on_rows=on_rows),
        lambda: audit_record(actor=actor, agency=agency, verb="officer_import", target_type=Officer._meta.label_lower,
                             target_repr=f"导入 {report.file_name}"[:255], extra=report.audit_extra()))


def template_notes() -> list[list[str]]:
    hints = {
        "certificate_number": "6–32位字母或数字", "agency_region": "所属应急管理部门的6位区划代码，如 411726",
        "certificate_expires": "日期，如 2027-12-31", "department": "本机构的处室（科室）名称",
        "specialties": "行业领域，多个用顿号分隔：" + "、".join(INDUSTRIES.values()),
        "status": "、".join(OFFICER_STATUSES.values()), "in_post": "是／否（默认是）",
        "gender": "、".join(GENDERS.values()), "birth_year": "四位年份", "education": "、".join(EDUCATIONS.values()),
    }
    rows = [["列名", "是否必填", "说明"]]
    rows += [[c.label, "必填" if c.required else "", hints.get(c.field, "")] for c in OFFICER_COLUMNS]
    rows += [[], ["导入规则", "", "执法证号已存在的人员按文件内容更新（文件中没有的列保持原值），不会重复登记；"
                               "任何一行有错误时整个文件都不写入。支持 xlsx 和 UTF-8/GBK 编码的 CSV。"]]
    return rows


def officer_template_xlsx(target) -> None:
    """An empty import template: the header row and a sheet explaining each column."""
    write_xlsx(target, [c.label for c in OFFICER_COLUMNS], [], title="执法人员", notes=template_notes())
