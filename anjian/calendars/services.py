"""Writes of the working-day calendar: seeding from the official data, admin additions, imports."""

import csv
import io
from datetime import date

from django.db import transaction

from anjian.accounts.access import has_capability
from anjian.audit.services import audit_record
from anjian.calendars.models import CalendarDay, CalendarYear
from anjian.calendars.recompute import deadlines_recompute
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.input_bounds import date_problem, year_problem
from anjian.domain.permissions import Capability
from anjian.domain.rows import parse_date

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


IMPORT_ERRORS_SHOWN = 50
NAME_MAX = CalendarDay._meta.get_field("name").max_length
SOURCE_MAX = CalendarYear._meta.get_field("source").max_length


def calendar_seed_official() -> dict[str, int]:
    """Copy every year the `chinese-calendar` package knows into our tables (idempotent; never at run time)."""
    from chinese_calendar import constants

    years = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    counts = {"years": 0, "days": 0}
    with transaction.atomic():
        for year in years:
            _, created = CalendarYear.objects.get_or_create(year=year, defaults={"source": "chinese-calendar 1.11.0"})
            counts["years"] += created
        existing = set(CalendarDay.objects.values_list("date", flat=True))
        new_days = [
            CalendarDay(date=d, kind=kind, name=HOLIDAY_NAMES.get(name, name))
            for source, kind in ((constants.holidays, CalendarDay.Kind.HOLIDAY),
                                 (constants.workdays, CalendarDay.Kind.WORKDAY))
            for d, name in source.items()
            if d not in existing
        ]
        CalendarDay.objects.bulk_create(new_days, batch_size=500)
        counts["days"] = len(new_days)
        if counts["years"] or counts["days"]:
            audit_record(actor=None, agency=None, verb="calendar_seed", target_type="calendars.calendaryear",
                         target_id=f"{years[0]}-{years[-1]}", target_repr="国务院办公厅节假日安排", new=counts)
    return counts


def _require(actor) -> None:
    if not has_capability(actor, Capability.CALENDAR_MANAGE):
        raise ServiceDenied("无权维护工作日历")


def calendar_day_set(*, actor, day: date, kind: str, name: str = "") -> CalendarDay:
    """Add or change one holiday / adjusted working day.

    The year stays unknown (computations refuse it) until it is declared complete or imported whole.
    """
    _require(actor)
    if date_problem(day):
        raise ServiceInvalid(("date", date_problem(day)))
    if kind not in CalendarDay.Kind.values:
        raise ServiceInvalid(("kind", "类型应为“法定节假日”或“调休上班”"))
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise ServiceInvalid(("date", f"{day} 是工作日（周一至周五），无需设为调休上班"))
    if len(name.strip()) > NAME_MAX:
        raise ServiceInvalid(("name", f"名称不得超过 {NAME_MAX} 个字符"))
    with transaction.atomic():
        before = CalendarDay.objects.filter(date=day).first()
        old = {"kind": before.kind, "name": before.name} if before else {}
        obj, _ = CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name.strip()})
        audit_record(actor=actor, agency=None, verb="calendar_day_set", target=obj, old=old,
                     new={"kind": kind, "name": obj.name})
    return obj


def calendar_year_declare(*, actor, year: int, source: str) -> CalendarYear:
    """Declare a year complete (e.g. a year with no holiday after the weekday rule), naming the source."""
    _require(actor)
    source = source.strip()
    errors = [("year", year_problem(year))] if year_problem(year) else []
    if not source:
        errors.append(("source", "请填写数据依据（如国务院办公厅通知文号）"))
    elif len(source) > SOURCE_MAX:
        errors.append(("source", f"数据依据不得超过 {SOURCE_MAX} 个字符"))
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        obj, created = CalendarYear.objects.get_or_create(year=year, defaults={"source": source})
        if created:
            audit_record(actor=actor, agency=None, verb="calendar_year_declare", target=obj,
                         new={"year": year, "source": source})
            # Deadlines counted provisionally for this year are counted again, officially (ADR 0028).
            changed = deadlines_recompute(actor=actor, years=[year])
            if any(changed.values()):
                audit_record(actor=actor, agency=None, verb="calendar_deadlines_recompute", target=obj,
                             new={"year": year, **changed})
    return obj


def calendar_import(*, actor, content: bytes) -> int:
    """CSV with columns 日期,类型,名称 (类型: 休/班 or holiday/workday). All rows or none.

    A file is a year's official schedule: every year it covers is declared complete.
    """
    _require(actor)
    text = _decode(content)
    reader = csv.reader(io.StringIO(text))
    rows, errors = [], []
    for number, row in enumerate(reader, start=1):
        if not row or all(not c.strip() for c in row):
            continue
        if number == 1 and row[0].strip() in {"日期", "date"}:
            continue
        day = parse_date(row[0])
        kind_raw = row[1].strip() if len(row) > 1 else ""
        kind = {"休": "holiday", "假": "holiday", "holiday": "holiday", "班": "workday", "workday": "workday",
                "法定节假日": "holiday", "调休上班": "workday"}.get(kind_raw)
        if day is None:
            errors.append(f"第{number}行：日期“{row[0]}”格式不正确")
        if kind is None:
            errors.append(f"第{number}行：类型“{kind_raw}”应为“休”或“班”")
        elif day is not None and kind == "workday" and day.weekday() < 5:
            errors.append(f"第{number}行：{day} 是周一至周五，不能设为调休上班")
        name = row[2].strip() if len(row) > 2 else ""
        if len(name) > NAME_MAX:
            errors.append(f"第{number}行：名称超过 {NAME_MAX} 个字符")
        elif day is not None and kind is not None:
            rows.append((day, kind, name))
    if not rows and not errors:
        errors.append("文件为空")
    if errors:
        if len(errors) > IMPORT_ERRORS_SHOWN:
            errors = [*errors[:IMPORT_ERRORS_SHOWN], f"……共 {len(errors)} 处错误，以上为前 {IMPORT_ERRORS_SHOWN} 处"]
        raise ServiceInvalid(errors)
    with transaction.atomic():
        for day, kind, name in rows:
            calendar_day_set(actor=actor, day=day, kind=kind, name=name)
        for year in sorted({day.year for day, _, _ in rows}):
            calendar_year_declare(actor=actor, year=year, source="管理员导入")
    return len(rows)


def _decode(content: bytes) -> str:
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ServiceInvalid(["节假日导入只接受 CSV 文件：请在 Excel 中“另存为”CSV UTF-8（逗号分隔）后上传"])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ServiceInvalid(["无法识别文件编码，请使用 UTF-8 或 GBK"])
