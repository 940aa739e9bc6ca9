"""On-the-spot signatures (现场签名): who signs, what a signature image may be, and the device's clock. Pure.

A signature is a PNG drawn on the screen. Its bytes are checked here before anything decodes them: the PNG
signature, the size, and the width and height the IHDR chunk declares (so a small file cannot announce a huge
canvas); the caller then decodes it (Pillow) to prove the rest. The device's clock is recorded beside the server's
receipt time; a device time far from the receipt is refused, one more than ten minutes apart is flagged (an
upload after a stretch offline is normal, and the flag only tells the reader to look at both times).

The party may refuse to sign: the record says so, with a witness (安全生产法: 被检查单位的负责人拒绝签字的，检查人员
应当将情况记录在案; 安全生产执法程序 and 行政处罚法 practice: the refusal noted with a witness), and has no image.
"""

import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 300 * 1024
MAX_WIDTH, MAX_HEIGHT = 2400, 1200
# bit depths allowed for each PNG colour type (PNG specification, table 11.1)
_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}

CLOCK_FLAG = timedelta(minutes=10)  # device time and receipt further apart than this: flagged, not refused
DEVICE_AHEAD_MAX = timedelta(days=1)  # a device time later than the receipt by more: refused
DEVICE_BEHIND_MAX = timedelta(days=30)  # signed offline at most this long before the upload

ROLES: dict[str, str] = {
    "enterprise_head": "被检查单位负责人",
    "site_head": "现场负责人",
    "officer": "执法人员",
    "witness": "见证人",
}
PARTY_ROLES = frozenset({"enterprise_head", "site_head"})  # the party's people: they may refuse to sign
# The documents issued on site that carry signatures (catalog codes).
DOCUMENT_KINDS: dict[str, str] = {"检记": "现场检查记录", "现决": "现场处理措施决定书", "责改": "责令限期整改指令书"}
NAME_MAX = 100
NOTE_MAX = 500

NOT_PNG = "签名图像须为 PNG 格式"
TOO_LARGE = f"签名图像不得超过 {MAX_BYTES // 1024} KB"
BAD_HEADER = "签名图像的 PNG 文件头（IHDR）不完整或已损坏"
BAD_SIZE = f"签名图像的宽高须在 1×1 至 {MAX_WIDTH}×{MAX_HEIGHT} 像素之间"
REFUSAL_NEEDS_WITNESS = "拒绝签字须记录见证人姓名"
REFUSAL_NO_IMAGE = "拒绝签字时不附签名图像"
IMAGE_REQUIRED = "请在签名框内签名"
ONLY_PARTY_REFUSES = "只有被检查单位负责人或现场负责人可以拒绝签字；执法人员和见证人须签名"
WITNESS_ONLY_ON_REFUSAL = "只有拒绝签字时填写见证人"
OFFICER_REQUIRED = "请选择签名的执法人员"
OFFICER_ONLY_FOR_OFFICERS = "只有执法人员签名时选择执法人员"
OFFICER_NOT_ON_TEAM = "签名的执法人员不是本次检查的检查组成员"
NAME_REQUIRED = "请填写签名人姓名"


@dataclass(frozen=True)
class PngHeader:
    width: int
    height: int
    bit_depth: int
    color_type: int


def png_header(data: bytes) -> PngHeader | None:
    """The IHDR chunk of a PNG (its first chunk, 13 bytes, CRC checked), or None when there is none to trust."""
    if not data.startswith(PNG_MAGIC) or len(data) < 33:
        return None
    length, kind = struct.unpack(">I4s", data[8:16])
    if length != 13 or kind != b"IHDR":
        return None
    body, crc = data[16:29], struct.unpack(">I", data[29:33])[0]
    if zlib.crc32(kind + body) != crc:
        return None
    width, height, depth, color, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if depth not in _DEPTHS.get(color, ()) or compression != 0 or filtering != 0 or interlace not in (0, 1):
        return None
    return PngHeader(width, height, depth, color)


def image_problem(data: bytes) -> str | None:
    """Why these bytes may not be read as a signature image (None: decode them to be sure). Looks only at the first
    33 bytes and the length: nothing is decompressed here."""
    if not data.startswith(PNG_MAGIC):
        return NOT_PNG
    if len(data) > MAX_BYTES:
        return TOO_LARGE
    header = png_header(data)
    if header is None:
        return BAD_HEADER
    if not (0 < header.width <= MAX_WIDTH and 0 < header.height <= MAX_HEIGHT):
        return BAD_SIZE
    return None


def signer_problems(*, role: str, signer_name: str, refused: bool, witness_name: str, has_image: bool,
                    officer_given: bool, officer_on_team: bool, kind_code: str = "",
                    note: str = "") -> list[tuple[str, str]]:
    """Why a signature record cannot be kept, each at its field ([] when it can)."""
    problems: list[tuple[str, str]] = []
    if role not in ROLES:
        problems.append(("role", "签名人身份不正确"))
    if kind_code and kind_code not in DOCUMENT_KINDS:
        problems.append(("kind_code", "现场签名只用于现场检查记录、现场处理措施决定书和责令限期整改指令书"))
    if len(signer_name) > NAME_MAX:
        problems.append(("signer_name", f"签名人姓名不得超过 {NAME_MAX} 个字符"))
    if len(witness_name) > NAME_MAX:
        problems.append(("witness_name", f"见证人姓名不得超过 {NAME_MAX} 个字符"))
    if len(note) > NOTE_MAX:
        problems.append(("note", f"说明不得超过 {NOTE_MAX} 个字符"))
    if refused:
        if role in ROLES and role not in PARTY_ROLES:
            problems.append(("refused", ONLY_PARTY_REFUSES))
        if not witness_name.strip():
            problems.append(("witness_name", REFUSAL_NEEDS_WITNESS))
        if has_image:
            problems.append(("image", REFUSAL_NO_IMAGE))
    else:
        if not has_image:
            problems.append(("image", IMAGE_REQUIRED))
        if witness_name.strip():
            problems.append(("witness_name", WITNESS_ONLY_ON_REFUSAL))
        if role != "officer" and not signer_name.strip():
            problems.append(("signer_name", NAME_REQUIRED))
    if role == "officer":
        if not officer_given:
            problems.append(("officer", OFFICER_REQUIRED))
        elif not officer_on_team:
            problems.append(("officer", OFFICER_NOT_ON_TEAM))
    elif officer_given:
        problems.append(("officer", OFFICER_ONLY_FOR_OFFICERS))
    return problems


def clock_problem(device_time: datetime, received_at: datetime) -> str | None:
    """Why the device time cannot be a time of signing (both aware). Only times far off are refused."""
    if device_time - received_at > DEVICE_AHEAD_MAX:
        return "签名设备时间晚于服务器接收时间一天以上，请校准设备时钟后重试"
    if received_at - device_time > DEVICE_BEHIND_MAX:
        return f"签名设备时间早于服务器接收时间 {DEVICE_BEHIND_MAX.days} 日以上，不能登记"
    return None


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} 日" if days else "", f"{hours} 小时" if hours else "", f"{minutes} 分钟" if minutes else ""]
    return " ".join(p for p in parts if p) or "不到 1 分钟"


def clock_flag(device_time: datetime, received_at: datetime) -> str:
    """A note when the device time and the receipt are more than CLOCK_FLAG apart ("" otherwise)."""
    apart = received_at - device_time
    if abs(apart) <= CLOCK_FLAG:
        return ""
    if apart > timedelta(0):
        return f"设备时间早于服务器接收时间 {_span(apart)}（离线签名后上传，或设备时钟偏慢）"
    return f"设备时间晚于服务器接收时间 {_span(-apart)}（设备时钟偏快）"


def gps_problems(latitude: float | None, longitude: float | None,
                 accuracy_m: float | None) -> list[tuple[str, str]]:
    """A position is both coordinates (WGS-84 degrees) or none; the accuracy (metres) only with a position."""
    problems: list[tuple[str, str]] = []
    if (latitude is None) != (longitude is None):
        problems.append(("latitude", "定位须同时有纬度和经度"))
    if latitude is not None and not -90 <= latitude <= 90:
        problems.append(("latitude", "纬度须在 -90 至 90 之间"))
    if longitude is not None and not -180 <= longitude <= 180:
        problems.append(("longitude", "经度须在 -180 至 180 之间"))
    if accuracy_m is not None and (latitude is None or not 0 <= accuracy_m <= 100_000):
        problems.append(("accuracy_m", "定位精度须为 0 至 100000 米，且须有定位"))
    return problems
