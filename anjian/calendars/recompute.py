"""Stored deadlines counted provisionally are counted again when a year's official arrangement arrives (ADR 0028).

The calendar sits below the apps that store working-day deadlines, so each of them registers its recomputation here
(in its AppConfig.ready); `deadlines_recompute` runs them all inside the import's transaction. Each recomputer
writes (and audits) only records whose stored date differs from the official count, so a second run changes nothing.
"""

from collections.abc import Callable, Iterable

from anjian.domain.calendar import WorkCalendar

# recomputer(*, actor, calendar, years) -> number of records changed
Recomputer = Callable[..., int]
_RECOMPUTERS: dict[str, Recomputer] = {}


def register(name: str, recomputer: Recomputer) -> None:
    _RECOMPUTERS[name] = recomputer


def deadlines_recompute(*, actor, years: Iterable[int]) -> dict[str, int]:
    """Recount every registered kind of stored deadline that touches ``years`` → {kind: records changed}."""
    from anjian.calendars.selectors import work_calendar

    years = frozenset(years)
    if not years:
        return {}
    calendar: WorkCalendar = work_calendar()
    return {name: fn(actor=actor, calendar=calendar, years=years) for name, fn in sorted(_RECOMPUTERS.items())}
