"""Time limits and hearing thresholds from settings (CASE_TIME_LIMITS, CASE_HEARING_THRESHOLDS), with the legal
defaults of `anjian.domain.case_deadlines.TimeLimits` / `anjian.domain.case_process.HearingThresholds`."""

from decimal import Decimal

from django.conf import settings

from anjian.domain.case_deadlines import TimeLimits
from anjian.domain.case_process import HearingThresholds


def time_limits() -> TimeLimits:
    return TimeLimits(**getattr(settings, "CASE_TIME_LIMITS", {}))


def hearing_thresholds() -> HearingThresholds:
    raw = getattr(settings, "CASE_HEARING_THRESHOLDS", {})
    return HearingThresholds(**{k: Decimal(str(v)) for k, v in raw.items()})
