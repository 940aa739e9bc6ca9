"""Rules of an enforcement inspection (执法检查). Pure: dates and settings are passed in.

- who may form an inspection team (at least two officers with valid credentials on the day);
- how a finding (事故隐患) may be handled: on the spot, by a deadline, or by on-site measures;
- how often one enterprise may be inspected in a year, and which inspections to merge (综合查一次).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

INSPECTION_SOURCES: dict[str, str] = {
    "annual_plan": "年度计划",
    "random": "双随机抽查",
    "cross_region": "异地执法检查",
    "complaint": "举报投诉",
    "reinspection": "复查",
    "special_campaign": "专项检查",
    "assignment": "上级交办",
}

INSPECTION_STATUSES: dict[str, str] = {
    "planned": "待审批",
    "returned": "已退回",
    "approved": "已审批",
    "in_progress": "实施中",
    "recorded": "已记录",
    "closed": "已办结",
    "cancelled": "已取消",
}

TEAM_ROLES: dict[str, str] = {"leader": "组长", "member": "组员"}

HAZARD_STATUSES: dict[str, str] = {
    "open": "待处理",
    "corrected": "已当场整改",
    "rectifying": "限期整改中",
    "measures": "已采取现场处理措施",
    "rectified": "已整改",
    "escalated": "已移交立案或强制措施",
}

HAZARD_HANDLINGS: dict[str, str] = {
    "on_spot": "当场整改",
    "deadline": "限期整改",
    "measures": "现场处理措施",
}
# The status a finding takes when its handling is decided.
HANDLING_STATUS: dict[str, str] = {"on_spot": "corrected", "deadline": "rectifying", "measures": "measures"}

ONSITE_MEASURES: dict[str, str] = {
    "suspend_operations": "责令停产停业",
    "stop_equipment": "停止使用相关设施设备",
    "evacuate": "从危险区域撤出作业人员",
    "seal_seize": "查封扣押",
    "cut_power": "停止供电",
}
# 关、降、停、撤、拆 — for major hazards (重大事故隐患) only.
MAJOR_HAZARD_MEASURES: dict[str, str] = {
    "close": "关闭",
    "downgrade": "降级",
    "halt": "停产",
    "withdraw": "撤人",
    "dismantle": "拆除",
}
ALL_MEASURES: dict[str, str] = {**ONSITE_MEASURES, **MAJOR_HAZARD_MEASURES}

EVIDENCE_KINDS: dict[str, str] = {"photo": "照片", "audio": "录音", "video": "视频", "document": "文件"}

MIN_TEAM = 2
TEAM_TOO_SMALL = "执法检查须由两名以上执法人员进行"
DEADLINE_BEFORE_INSPECTION = "整改期限不能早于检查日期"

CLASS_LABELS = {"key": "重点检查单位", "general": "一般检查单位"}


@dataclass(frozen=True)
class TeamMember:
    officer_id: int
    status: str  # active / suspended / revoked
    certificate_expires: date | None
    in_post: bool = True
    name: str = ""


def _member(value) -> TeamMember:
    if isinstance(value, TeamMember):
        return value
    return TeamMember(*value)


def team_problems(members: Iterable, on_date: date) -> list[str]:
    """Why this team may not inspect on `on_date` ([] = it may).

    `members` are TeamMember or tuples (officer id, status, certificate_expires, in_post[, name]).
    The same officer listed twice counts once.
    """
    seen: set = set()
    problems: list[str] = []
    valid = 0
    for member in map(_member, members):
        if member.officer_id in seen:
            continue
        seen.add(member.officer_id)
        who = f"执法人员{member.name or member.officer_id}"
        if member.status == "suspended":
            problems.append(f"{who}的执法证已暂扣，不能参加执法检查")
        elif member.status == "revoked":
            problems.append(f"{who}的执法证已注销，不能参加执法检查")
        elif member.status != "active":
            problems.append(f"{who}的执法证状态无效")
        elif member.certificate_expires is None or member.certificate_expires < on_date:
            when = member.certificate_expires.isoformat() if member.certificate_expires else "（未登记有效期）"
            problems.append(f"{who}的执法证已于{when}过期")
        elif not member.in_post:
            problems.append(f"{who}不在岗，不能参加执法检查")
        else:
            valid += 1
    if valid < MIN_TEAM:
        problems.append(TEAM_TOO_SMALL)
    return problems


def deadline_problem(deadline: date | None, inspection_date: date) -> str | None:
    if deadline is not None and deadline < inspection_date:
        return DEADLINE_BEFORE_INSPECTION
    return None


def hazard_problems(*, handling: str, measures: Sequence[str], deadline: date | None, is_major: bool,
                    inspection_date: date) -> list[str]:
    """Why a finding's handling is not acceptable ([] = it is)."""
    problems: list[str] = []
    if handling not in HAZARD_HANDLINGS:
        problems.append("请选择处理方式：当场整改、限期整改或现场处理措施")
        return problems
    unknown = [m for m in measures if m not in ALL_MEASURES]
    if unknown:
        problems.append(f"未知的现场处理措施：{'、'.join(unknown)}")
    if handling == "deadline" and deadline is None:
        problems.append("限期整改须填写整改期限")
    if handling == "measures" and not measures:
        problems.append("请至少选择一项现场处理措施")
    if handling != "measures" and measures:
        problems.append("只有选择“现场处理措施”时才能填写处理措施")
    major_only = [MAJOR_HAZARD_MEASURES[m] for m in measures if m in MAJOR_HAZARD_MEASURES]
    if major_only and not is_major:
        problems.append(f"“{'、'.join(major_only)}”措施仅适用于重大事故隐患")
    problem = deadline_problem(deadline, inspection_date)
    if problem:
        problems.append(problem)
    return problems


def frequency_warnings(enterprise_class: str, inspections_this_year: Sequence[tuple[date, str]], window_days: int,
                       cap: int, today: date) -> list[str]:
    """Warnings before approving one more inspection of an enterprise (yearly cap, 综合查一次).

    `inspections_this_year`: the enterprise's other (not cancelled) inspections in the same year, as
    (date, inspecting agency or department). `today` is the date of the inspection being approved.
    """
    warnings: list[str] = []
    label = CLASS_LABELS.get(enterprise_class, "该类单位")
    total = len(inspections_this_year) + 1
    if cap and total > cap:
        warnings.append(f"本次检查后该单位本年度将被检查{total}次，超过{label}每年{cap}次的上限")
    for when, who in sorted(inspections_this_year):
        if abs((when - today).days) <= window_days:
            warnings.append(f"{who}已于{when.isoformat()}安排检查（相距{abs((when - today).days)}日，"
                            f"{window_days}日内），建议合并检查、综合查一次")
    return warnings


def cap_for(enterprise_class: str, caps: Mapping[str, int]) -> int:
    return int(caps.get(enterprise_class, caps.get("general", 0)))


# ---------------------------------------------------------------- evidence files

# kind → MIME types accepted for it, recognised from the file's first bytes (never from its name).
EVIDENCE_TYPES: dict[str, frozenset[str]] = {
    "photo": frozenset({"image/jpeg", "image/png"}),
    "audio": frozenset({"audio/mpeg", "audio/mp4", "audio/wav"}),
    "video": frozenset({"video/mp4"}),
    "document": frozenset({
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }),
}
EVIDENCE_LIMITS_DEFAULT: dict[str, int] = {
    "photo": 10 * 1024 * 1024,
    "audio": 50 * 1024 * 1024,
    "video": 200 * 1024 * 1024,
    "document": 20 * 1024 * 1024,
}
EXTENSION_KINDS: dict[str, str] = {
    "jpg": "photo", "jpeg": "photo", "png": "photo",
    "mp3": "audio", "m4a": "audio", "wav": "audio",
    "mp4": "video",
    "pdf": "document", "docx": "document", "xlsx": "document",
}
ZIP_MAGIC = b"PK\x03\x04"
# A photo's declared size, checked before its pixels are decoded: a 64-megapixel camera fits; a small file that
# declares 13,000 × 13,000 (a decompression bomb: 650 MB of pixels) does not.
PHOTO_PIXELS_MAX = 64_000_000
PHOTO_SIDE_MAX = 12_000


def photo_dimensions_problem(name: str, width: int, height: int) -> str | None:
    if width <= 0 or height <= 0 or width > PHOTO_SIDE_MAX or height > PHOTO_SIDE_MAX \
            or width * height > PHOTO_PIXELS_MAX:
        return (f"“{name}”的图片尺寸 {width}×{height} 超出上限（边长不超过 {PHOTO_SIDE_MAX}，"
                f"总像素不超过 {PHOTO_PIXELS_MAX // 10_000} 万）")
    return None


def sniff_media(head: bytes, zip_names: Iterable[str] = ()) -> str | None:
    """The MIME type of a file from its first bytes (and, for a ZIP container, its member names)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(ZIP_MAGIC):
        names = set(zip_names)
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        return "audio/mp4" if head[8:12] in {b"M4A ", b"M4B "} else "video/mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    return None


def kind_of_mime(mime: str | None) -> str | None:
    for kind, types in EVIDENCE_TYPES.items():
        if mime in types:
            return kind
    return None


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n, 0) / 1024:.1f} KB"


def evidence_problem(*, name: str, declared_kind: str, mime: str | None, size: int,
                     limits: Mapping[str, int]) -> str | None:
    """Why a file may not be kept as evidence (None = it may). Images are verified separately."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = declared_kind or EXTENSION_KINDS.get(ext, "")
    detected = kind_of_mime(mime)
    if size <= 0:
        return f"文件“{name}”是空的"
    if expected == "photo" and detected != "photo":
        return f"“{name}”不是有效的图片文件（仅支持 JPEG、PNG）"
    if detected is None:
        return f"“{name}”的文件类型不受支持：照片 JPEG/PNG，录音 MP3/M4A/WAV，视频 MP4，文件 PDF/DOCX/XLSX"
    if expected and expected != detected:
        return (f"“{name}”的内容是{EVIDENCE_KINDS[detected]}，与所选类型“{EVIDENCE_KINDS.get(expected, expected)}”"
                "不符")
    limit = limits.get(detected)
    if limit is not None and size > limit:
        return f"“{name}”大小 {human_size(size)}，超过{EVIDENCE_KINDS[detected]}上限 {human_size(limit)}"
    return None


# On-site times are entered by the officer (the record is often written up after the visit), within bounds.
ONSITE_FUTURE_SLACK = timedelta(minutes=10)  # a clock a little ahead of the server's
ONSITE_EARLY_DAYS = 30  # an inspection may take place up to 30 days before its planned date


def onsite_time_problems(*, started_at: datetime | None, ended_at: datetime | None, now: datetime,
                         planned_date: date) -> list[tuple[str, str]]:
    """Why entered on-site start / end times cannot be right, each at its field. ``now``: aware, local time."""
    problems: list[tuple[str, str]] = []
    latest = now + ONSITE_FUTURE_SLACK
    earliest_day = planned_date - timedelta(days=ONSITE_EARLY_DAYS)
    if started_at is not None:
        if started_at > latest:
            problems.append(("started_at", "检查开始时间不能晚于当前时间"))
        if started_at < datetime.combine(earliest_day, time.min, tzinfo=now.tzinfo):
            problems.append(("started_at", f"检查开始时间不能早于计划检查日期前{ONSITE_EARLY_DAYS}日"
                                           f"（{earliest_day.isoformat()}）"))
    if ended_at is not None:
        if ended_at > latest:
            problems.append(("ended_at", "检查结束时间不能晚于当前时间"))
        if started_at is not None and ended_at <= started_at:
            problems.append(("ended_at", "检查结束时间须晚于开始时间"))
    return problems
