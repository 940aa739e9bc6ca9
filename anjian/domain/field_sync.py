"""Offline records from an officer's phone (ADR 0040). Pure: no Django.

A phone records offline and uploads later. Each record carries a client-made id (idempotency), the device time it
was made at and, when allowed, a GPS position. The upload carries the device's clock at sending (``sent_at``); the
server compares it with its own receipt time, so a phone whose clock is off by hours still gets its records placed
right: ``corrected = device_time + (received_at - sent_at)``. Both the device time and the corrected time are kept
and shown; a large offset is flagged, never refused (a phone's clock is not the officer's fault).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from anjian.domain.geo import haversine_km, valid_point

KINDS: dict[str, str] = {
    "start": "开始检查",
    "checklist": "检查项目结果",
    "hazard": "登记隐患",
    "hazard_update": "修改隐患",
    "signature": "现场签名",
    "end": "结束检查",
    "photo": "现场照片",
}
# Results of one checklist item on site.
CHECK_RESULTS: dict[str, str] = {"ok": "符合", "problem": "不符合", "na": "不适用"}
# Outcome of one uploaded record.
APPLIED, DUPLICATE, CONFLICT, REJECTED = "applied", "duplicate", "conflict", "rejected"
OUTCOMES: dict[str, str] = {APPLIED: "已同步", DUPLICATE: "已同步（重复上传）", CONFLICT: "冲突，待处理",
                            REJECTED: "未能同步"}

CLOCK_FLAG = timedelta(minutes=10)  # device clock vs server beyond this: shown as a flag
TRANSIT_MAX = timedelta(minutes=5)  # an upload taking longer than this cannot be used to correct the clock
FAR_FROM_SITE_KM = 1.0  # a record made farther than this from the enterprise's registered point is flagged
RECORDS_MAX = 200  # records in one upload
PACK_DAYS_MAX = 14  # inspections taken onto the phone: today and up to this many days ahead


def parse_client_id(value: str) -> uuid.UUID | None:
    """The client-made id of a record: a UUID (any version), or None when it is not one."""
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        return None


@dataclass(frozen=True)
class Clock:
    """The device's clock against the server's for one upload."""

    offset: timedelta  # add to a device time to get server time
    trusted: bool  # False: no clock reading came with the upload, or it took too long to tell
    sent: bool = True  # whether the upload carried the device's clock at sending

    @property
    def flag(self) -> str:
        """A note for large offsets ("" otherwise)."""
        if not self.trusted:
            return ("无法比对设备时钟（上传耗时过长），按设备时间记录" if self.sent
                    else "上传未带设备时钟读数，按设备时间记录")
        if abs(self.offset) <= CLOCK_FLAG:
            return ""
        minutes = int(abs(self.offset).total_seconds() // 60)
        way = "偏慢" if self.offset > timedelta(0) else "偏快"
        return f"设备时钟{way}约 {minutes} 分钟，已按服务器时间校正"


def clock_of(sent_at: datetime | None, received_at: datetime, transit: timedelta = timedelta(0)) -> Clock:
    """The offset of the device clock from ``sent_at`` (device time at sending) and the server's receipt time.
    ``transit``: how long the request took to arrive, when known (subtracted). No sent_at: untrusted, no offset."""
    if sent_at is None or transit > TRANSIT_MAX:
        return Clock(timedelta(0), False, sent_at is not None)
    return Clock(received_at - transit - sent_at, True)


def corrected(device_time: datetime, clock: Clock) -> datetime:
    return device_time + clock.offset


FUTURE_SLACK = timedelta(minutes=10)
PAST_MAX = timedelta(days=365)


def time_problem(at: datetime, received_at: datetime) -> str | None:
    """Why a record's (corrected) time cannot be when it was made: after its receipt, or more than a year before.
    The phone keeps the record and shows the reason (set the phone's clock, then upload again)."""
    if at > received_at + FUTURE_SLACK:
        return "记录时间晚于服务器接收时间，请校准手机时钟后重新上传"
    if at < received_at - PAST_MAX:
        return "记录时间早于一年前，请校准手机时钟后重新上传"
    return None


def distance_from_site_m(position: tuple[float, float] | None, site: tuple[float, float] | None) -> int | None:
    """Metres between where a record was made (lon, lat) and the enterprise's registered point; None when either is
    unknown or not a valid point."""
    if position is None or site is None or not valid_point(*position) or not valid_point(*site):
        return None
    return round(haversine_km(position, site) * 1000)


def far_from_site(distance_m: int | None) -> bool:
    return distance_m is not None and distance_m > FAR_FROM_SITE_KM * 1000


def version_of(moment: datetime | None) -> str:
    """The version a phone holds of a server record: its last change time, as text (stable, comparable)."""
    return moment.isoformat(timespec="microseconds") if moment else ""


def is_conflict(base_version: str, current_version: str) -> bool:
    """A phone's change is a conflict when the record changed on the server after the phone took it."""
    return base_version != current_version
