"""Validation of registry records as typed by people (forms, XLSX/CSV rows). Pure.

Each validator takes a mapping of field → raw text and returns (clean values, errors), where an
error is (field, reason in Chinese). Reference data (known region codes …) is passed in.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from anjian.domain.identifiers import normalize_uscc, region_prefix, uscc_error
from anjian.domain.input_bounds import digits
from anjian.domain.registry import (
    EDUCATIONS,
    ENTERPRISE_STATUSES,
    GENDERS,
    INDUSTRIES,
    OFFICER_STATUSES,
    RISK_LEVELS,
    SCALES,
    SUPERVISION_CLASSES,
    code_for_label,
)

FieldError = tuple[str, str]

TRUE_WORDS = {"是", "有", "已投保", "y", "yes", "true", "1", "√"}
FALSE_WORDS = {"否", "无", "未投保", "n", "no", "false", "0", ""}
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_PHONE_RE = re.compile(r"^[0-9+\-() 转]{5,32}$")
_COORDINATE = re.compile(r"[+-]?\d{1,3}(\.\d{1,20})?")  # \d: full-width digits too, as Decimal takes them


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # the Chinese column header
    required: bool = False


ENTERPRISE_COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", True),
    Column("name", "单位名称", True),
    Column("region", "属地区划代码", True),
    Column("industry", "行业领域", True),
    Column("supervision_class", "检查类别"),
    Column("risk_level", "安全风险等级"),
    Column("address", "地址"),
    Column("scale", "规模"),
    Column("legal_representative", "法定代表人"),
    Column("contact_person", "安全负责人"),
    Column("contact_phone", "联系电话"),
    Column("liability_insured", "安责险"),
    Column("status", "状态"),
    Column("is_central_branch", "央企分支机构"),
    Column("is_provincially_managed", "省管企业"),
    Column("longitude", "经度"),
    Column("latitude", "纬度"),
)

OFFICER_COLUMNS: tuple[Column, ...] = (
    Column("certificate_number", "执法证号", True),
    Column("name", "姓名", True),
    Column("agency_region", "所属机构区划代码", True),
    Column("certificate_expires", "执法证有效期至", True),
    Column("department", "处室"),
    Column("specialties", "专业领域"),
    Column("status", "证件状态"),
    Column("in_post", "在岗"),
    Column("gender", "性别"),
    Column("birth_year", "出生年份"),
    Column("education", "学历"),
    Column("major", "所学专业"),
    Column("phone", "联系电话"),
)

_MAX_LEN = {"name": 200, "address": 255, "legal_representative": 64, "contact_person": 64, "major": 64,
            "department": 64}
FORMULA_PREFIXES = ("=", "+", "-", "@")


def _text(raw: Mapping[str, str], field: str) -> str:
    value = raw.get(field)
    return "" if value is None else str(value).strip()


def parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in TRUE_WORDS:
        return True
    if v in FALSE_WORDS:
        return False
    return None


def parse_date(value: str) -> date | None:
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _vocab(errors: list[FieldError], clean: dict, field: str, value: str, vocab: dict[str, str], label: str,
           default: str | None = None) -> None:
    if not value:
        if default is not None:
            clean[field] = default
        return
    code = code_for_label(vocab, value)
    if code is None:
        errors.append((field, f"{label}“{value}”不在可选范围内（{'、'.join(vocab.values())}）"))
    else:
        clean[field] = code


def _plain_text(errors: list[FieldError], clean: dict, raw: Mapping[str, str], field: str, label: str) -> None:
    value = _text(raw, field)
    if value.startswith(FORMULA_PREFIXES) and field != "contact_phone":
        errors.append((field, f"{label}以“{value[0]}”开头，疑似公式，已拒绝"))
        return
    limit = _MAX_LEN.get(field, 64)
    if len(value) > limit:
        errors.append((field, f"{label}超过{limit}个字符"))
        return
    clean[field] = value


def validate_enterprise(raw: Mapping[str, str], known_regions: Mapping[str, str]) -> tuple[dict, list[FieldError]]:
    """known_regions: code → level of regions the actor may write in; the home region must be county-level."""
    errors: list[FieldError] = []
    clean: dict = {}
    for col in ENTERPRISE_COLUMNS:
        if col.required and not _text(raw, col.field):
            errors.append((col.field, f"缺少必填项“{col.label}”"))
    uscc = normalize_uscc(_text(raw, "uscc"))
    if uscc:
        reason = uscc_error(uscc)
        if reason:
            errors.append(("uscc", reason))
        else:
            clean["uscc"] = uscc
    for field, label in (("name", "单位名称"), ("address", "地址"), ("legal_representative", "法定代表人"),
                         ("contact_person", "安全负责人")):
        _plain_text(errors, clean, raw, field, label)
    region = _text(raw, "region")
    if region.endswith(".0"):
        region = region[:-2]
    if region:
        level = known_regions.get(region)
        if level is None:
            errors.append(("region", f"区划代码“{region}”不存在或不在本单位管辖范围内"))
        elif region_prefix(region) != region:
            errors.append(("region", f"区划代码“{region}”不是县级区划，属地应填写县（区）"))
        else:
            clean["region"] = region
    _vocab(errors, clean, "industry", _text(raw, "industry"), INDUSTRIES, "行业领域")
    _vocab(errors, clean, "supervision_class", _text(raw, "supervision_class"), SUPERVISION_CLASSES, "检查类别",
           "general")
    _vocab(errors, clean, "risk_level", _text(raw, "risk_level"), RISK_LEVELS, "安全风险等级", "blue")
    _vocab(errors, clean, "scale", _text(raw, "scale"), SCALES, "规模", "")
    _vocab(errors, clean, "status", _text(raw, "status"), ENTERPRISE_STATUSES, "状态", "operating")
    phone = _text(raw, "contact_phone")
    if phone.endswith(".0"):
        phone = phone[:-2]
    if phone and not _PHONE_RE.match(phone):
        errors.append(("contact_phone", f"联系电话“{phone}”格式不正确"))
    else:
        clean["contact_phone"] = phone
    for field, label in (("liability_insured", "安责险"), ("is_central_branch", "央企分支机构"),
                         ("is_provincially_managed", "省管企业")):
        value = _text(raw, field)
        parsed = parse_bool(value)
        if parsed is None:
            errors.append((field, f"{label}应填“是”或“否”，实为“{value}”"))
        else:
            clean[field] = parsed
    for field, label, lo, hi in (("longitude", "经度", 110, 117), ("latitude", "纬度", 31, 37)):
        value = _text(raw, field)
        if not value:
            clean[field] = None
            continue
        number = None
        if _COORDINATE.fullmatch(value):  # plain decimals only: no NaN, Infinity, exponents or 40-digit numbers
            try:
                number = Decimal(value).quantize(Decimal("0.000001"))
            except InvalidOperation:  # pragma: no cover - the pattern admits only small decimals
                number = None
        if number is None:
            errors.append((field, f"{label}“{value[:40]}”不是数字"))
            continue
        if not lo <= number <= hi:
            errors.append((field, f"{label}{value}不在河南省范围内（{lo}–{hi}）"))
        else:
            clean[field] = number
    return clean, errors


def validate_officer(raw: Mapping[str, str], known_agencies: Mapping[str, str]) -> tuple[dict, list[FieldError]]:
    """known_agencies: region code of each agency the actor may write in → its name."""
    errors: list[FieldError] = []
    clean: dict = {}
    for col in OFFICER_COLUMNS:
        if col.required and not _text(raw, col.field):
            errors.append((col.field, f"缺少必填项“{col.label}”"))
    cert = _text(raw, "certificate_number").replace(" ", "")
    if cert:
        if not re.fullmatch(r"[0-9A-Za-z\-]{6,32}", cert):
            errors.append(("certificate_number", f"执法证号“{cert}”格式不正确（6-32位字母或数字）"))
        else:
            clean["certificate_number"] = cert.upper()
    for field, label in (("name", "姓名"), ("major", "所学专业"), ("department", "处室")):
        _plain_text(errors, clean, raw, field, label)
    region = _text(raw, "agency_region")
    if region.endswith(".0"):
        region = region[:-2]
    if region:
        if region not in known_agencies:
            errors.append(("agency_region", f"区划代码“{region}”没有对应的应急管理部门或不在管辖范围内"))
        else:
            clean["agency_region"] = region
    expires = _text(raw, "certificate_expires")
    if expires:
        parsed_date = parse_date(expires.split(" ")[0])
        if parsed_date is None:
            errors.append(("certificate_expires", f"日期“{expires}”格式不正确，应为 2026-12-31"))
        else:
            clean["certificate_expires"] = parsed_date
    specialties: list[str] = []
    for item in re.split(r"[、,，;；/ ]+", _text(raw, "specialties")):
        if not item:
            continue
        code = code_for_label(INDUSTRIES, item)
        if code is None:
            errors.append(("specialties", f"专业领域“{item}”不在行业领域列表中"))
        elif code not in specialties:
            specialties.append(code)
    clean["specialties"] = specialties
    _vocab(errors, clean, "status", _text(raw, "status"), OFFICER_STATUSES, "证件状态", "active")
    _vocab(errors, clean, "gender", _text(raw, "gender"), GENDERS, "性别", "")
    _vocab(errors, clean, "education", _text(raw, "education"), EDUCATIONS, "学历", "")
    in_post = parse_bool(_text(raw, "in_post") or "是")
    if in_post is None:
        errors.append(("in_post", "在岗应填“是”或“否”"))
    else:
        clean["in_post"] = in_post
    birth = _text(raw, "birth_year")
    if birth.endswith(".0"):
        birth = birth[:-2]
    if birth:
        if not digits(birth) or not 1940 <= int(birth) <= 2010:
            errors.append(("birth_year", f"出生年份“{birth}”不合理"))
        else:
            clean["birth_year"] = int(birth)
    else:
        clean["birth_year"] = None
    phone = _text(raw, "phone")
    if phone and not _PHONE_RE.match(phone):
        errors.append(("phone", f"联系电话“{phone}”格式不正确"))
    else:
        clean["phone"] = phone
    return clean, errors
