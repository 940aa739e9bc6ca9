"""The statutory public holidays of a year by rule, for years whose official arrangement is not yet published.

《全国年节及纪念日放假办法》(as revised by State Council Decree No. 795, in force 2025-01-01), Art. 2: 元旦 1 day
(1/1), 春节 4 days (除夕 and 正月初一至初三), 清明节 1 day (the solar term), 劳动节 2 days (5/1-5/2), 端午节 1 day (五月初五),
中秋节 1 day (八月十五), 国庆节 3 days (10/1-10/3). Art. 6: a holiday falling on a Saturday or Sunday is made up on a
working day (补假) — here the next weekday that is not itself a holiday. The official arrangement (国务院办公厅)
also moves weekends (调休); that cannot be foreseen and is left out. See docs/adr/0028-provisional-deadlines.md.

The lunar festivals and 清明 are data (a table), not an astronomical computation.
"""

from datetime import date, timedelta

# 正月初一 (春节), 五月初五 (端午), 八月十五 (中秋), 清明 (solar term), by Gregorian year.
LUNAR_TABLE: dict[int, tuple[date, date, date, date]] = {
    2025: (date(2025, 1, 29), date(2025, 5, 31), date(2025, 10, 6), date(2025, 4, 4)),
    2026: (date(2026, 2, 17), date(2026, 6, 19), date(2026, 9, 25), date(2026, 4, 5)),
    2027: (date(2027, 2, 6), date(2027, 6, 9), date(2027, 9, 15), date(2027, 4, 5)),
    2028: (date(2028, 1, 26), date(2028, 5, 28), date(2028, 10, 3), date(2028, 4, 4)),
    2029: (date(2029, 2, 13), date(2029, 6, 16), date(2029, 9, 22), date(2029, 4, 4)),
    2030: (date(2030, 2, 3), date(2030, 6, 5), date(2030, 9, 12), date(2030, 4, 5)),
    2031: (date(2031, 1, 23), date(2031, 6, 24), date(2031, 10, 1), date(2031, 4, 5)),
    2032: (date(2032, 2, 11), date(2032, 6, 12), date(2032, 9, 19), date(2032, 4, 4)),
    2033: (date(2033, 1, 31), date(2033, 6, 1), date(2033, 9, 8), date(2033, 4, 4)),
    2034: (date(2034, 2, 19), date(2034, 6, 20), date(2034, 9, 27), date(2034, 4, 5)),
    2035: (date(2035, 2, 8), date(2035, 6, 10), date(2035, 9, 16), date(2035, 4, 5)),
}
COVERED_YEARS = frozenset(LUNAR_TABLE)


def festival_days(year: int) -> list[tuple[date, str]]:
    """The 13 statutory holiday days of ``year`` (before make-up days), with their names; two festivals may fall on
    the same date (中秋 on 10/1-10/3)."""
    spring, dragon, moon, qingming = LUNAR_TABLE[year]
    days = [(date(year, 1, 1), "元旦")]
    days += [(spring + timedelta(days=offset), "春节") for offset in range(-1, 3)]  # 除夕, 初一..初三
    days += [(qingming, "清明节"), (date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节"), (dragon, "端午节"),
             (moon, "中秋节")]
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    return days


def statutory_holidays(year: int) -> dict[date, str]:
    """Rest days of ``year`` by rule: the festival days, plus one make-up weekday for each festival day that falls on
    a weekend or on another festival's day (Art. 6; the 2020 arrangement gave 国庆 and 中秋 on 10/1 four days).

    Raises KeyError for a year the table does not cover."""
    out: dict[date, str] = {}
    owed: list[tuple[date, str]] = []
    for day, name in sorted(festival_days(year)):
        if day in out or day.weekday() >= 5:
            owed.append((day, name))
        out.setdefault(day, name)
    for day, name in owed:
        make_up = day + timedelta(days=1)
        while make_up.weekday() >= 5 or make_up in out:
            make_up += timedelta(days=1)
        out[make_up] = f"{name}（补假）"
    return out
