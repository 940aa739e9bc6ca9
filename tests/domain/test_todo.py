"""The to-do list rules: the overdue flag, the urgency order, merging bounded batches, the seed deadlines."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import todo as t

TODAY = date(2026, 12, 7)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
KIND = st.sampled_from(sorted(t.KINDS))


@st.composite
def items(draw):
    due = draw(st.none() | DAYS)
    n = draw(st.integers(min_value=1, max_value=10_000))
    return t.make_item(draw(KIND), title=f"记录{n}", link=f"/r/{n}/", today=TODAY, due=due)


def test_the_due_day_itself_is_in_time():
    assert not t.make_item("case_filing", title="a", link="/", today=TODAY, due=TODAY).overdue
    late = t.make_item("case_filing", title="a", link="/", today=TODAY, due=TODAY - timedelta(days=3))
    assert late.overdue and late.days_overdue == 3 and late.action == "审批立案"


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        t.make_item("nothing", title="a", link="/", today=TODAY)


@given(st.lists(items(), max_size=40))
def test_urgency_overdue_first_most_overdue_first_then_soonest_then_undated(rows):
    ordered = sorted(rows, key=t.urgency_key)
    groups = [0 if i.overdue else 1 if i.due else 2 for i in ordered]
    assert groups == sorted(groups)
    late = [i.days_overdue for i in ordered if i.overdue]
    assert late == sorted(late, reverse=True)
    coming = [i.due for i in ordered if not i.overdue and i.due]
    assert coming == sorted(coming)


@given(st.lists(st.lists(items(), max_size=15), max_size=6), st.integers(min_value=0, max_value=30))
def test_merge_is_bounded_ordered_and_counts_every_distinct_item(batches, limit):
    merged = t.merge([t.Batch(b, len(b)) for b in batches], limit)
    distinct = {(i.kind, i.link, i.due) for b in batches for i in b}
    assert len(merged.items) == min(limit, len(distinct))
    assert merged.total == len(distinct) and merged.more == len(distinct) - len(merged.items)
    assert merged.items == sorted(merged.items, key=t.urgency_key)
    first: dict = {}
    for i in (i for b in batches for i in b):
        first.setdefault((i.kind, i.link, i.due), i)  # a duplicate is listed once, as first seen
    every = sorted(first.values(), key=t.urgency_key)
    assert [t.urgency_key(i)[:2] for i in merged.items] == [t.urgency_key(i)[:2] for i in every[:limit]]


def test_merge_keeps_a_source_total_beyond_what_it_listed():
    one = t.make_item("document_issue", title="a", link="/d/1/", today=TODAY)
    merged = t.merge([t.Batch([one], 250)], limit=200)
    assert merged.total == 250 and merged.more == 249


def test_seed_000_campaign_report_deadlines():
    rows = t.campaign_report_deadlines(2026)
    assert [(r["name"], r["date"]) for r in rows] == [
        ("第一轮次异地执法检查方案上报", date(2026, 5, 5)), ("第一轮次异地执法检查工作总结上报", date(2026, 6, 30)),
        ("第二轮次异地执法检查方案上报", date(2026, 8, 5)), ("第二轮次异地执法检查工作总结上报", date(2026, 9, 30))]
    assert not any(r["done"] for r in rows)


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_open_reports_are_past_or_within_the_window_and_never_done(today, ahead):
    rows = t.campaign_report_deadlines(today.year)
    rows[0]["done"] = True
    open_ = t.campaign_reports_open(rows, today, ahead_days=ahead)
    assert all(not r["done"] and (r["date"] - today).days <= ahead for r in open_)
    assert len(open_) == sum(1 for r in rows[1:] if (r["date"] - today).days <= ahead)


@given(DAYS, DAYS, st.integers(min_value=0, max_value=10))
def test_notice_level(due, today, window):
    level = t.notice_level(due, today, today + timedelta(days=window))
    if due < today:
        assert level == "overdue"
    elif (due - today).days <= window:
        assert level == "due"
    else:
        assert level is None
    assert t.notice_level(None, today, today) is None


@given(DAYS)
def test_month_end_is_the_last_day_of_the_month(day):
    end = t.month_end(day.year, day.month)
    assert end.month == day.month and (end + timedelta(days=1)).day == 1 and end >= day
