"""Enforcement guidance rules (seed 001): the schedule, overdue reviews, proposals and the letter."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import guidance as g


@given(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=11))
def test_schedule_puts_every_unit_once_and_finishes_by_november(n, first):
    units = [f"u{i}" for i in range(n)]
    plan = g.schedule(units, first_month=first)
    assert sorted(s for _, s in plan) == sorted(units)
    assert all(first <= m <= 11 for m, _ in plan)
    assert g.schedule_problems(plan) == []
    months = [m for m, _ in plan]
    assert months == sorted(months)
    per_month = {m: months.count(m) for m in set(months)}
    assert max(per_month.values()) - min(per_month.values()) <= 1  # spread evenly
    if n <= 12 - first:
        assert len(set(months)) == n  # one unit a month while months last


def test_a_city_of_nine_counties_gets_one_county_a_month_from_january():
    assert [m for m, _ in g.schedule([str(i) for i in range(9)])] == list(range(1, 10))


def test_schedule_problems_name_a_late_or_repeated_unit():
    assert g.schedule_problems([(12, "郾城区"), (3, "源汇区"), (4, "源汇区")]) == [
        "郾城区安排在12月，晚于11月底的完成期限", "源汇区重复安排"]
    with pytest.raises(ValueError):
        g.schedule(["a"], first_month=12)


def test_a_review_is_overdue_after_its_month_ends_unless_done():
    assert not g.overdue(3, 2026, False, date(2026, 3, 31))
    assert g.overdue(3, 2026, False, date(2026, 4, 1))
    assert not g.overdue(3, 2026, True, date(2026, 12, 1))
    assert g.overdue(12, 2026, False, date(2027, 1, 1))


def test_coverage_needs_every_key_unit_and_a_third_of_general_ones():
    assert g.assess_coverage(key_total=5, key_planned=5, general_total=30, general_planned=10, plan_exists=True)[0] \
        == "good"
    verdict, text = g.assess_coverage(key_total=5, key_planned=5, general_total=31, general_planned=10,
                                      plan_exists=True)
    assert verdict == "partly" and "不少于三分之一即11家" in text
    verdict, text = g.assess_coverage(key_total=5, key_planned=3, general_total=30, general_planned=30,
                                      plan_exists=True)
    assert verdict == "poor" and "缺2家" in text
    assert g.assess_coverage(key_total=0, key_planned=0, general_total=0, general_planned=0,
                             plan_exists=False) == ("poor", "未编制本年度监督检查计划")


def test_approval_and_filing_both_count():
    assert g.assess_approval(plan_exists=True, approval_reference="漯政文〔2022〕5号", filed=True)[0] == "good"
    assert g.assess_approval(plan_exists=True, approval_reference="", filed=True) == ("partly", "未登记政府批复；已向上级报备")


def test_a_team_needs_two_valid_certificates():
    assert g.assess_organization(officers=1, in_post=1, valid=1)[0] == "poor"
    assert g.assess_organization(officers=6, in_post=6, valid=6)[0] == "good"
    assert g.assess_organization(officers=6, in_post=5, valid=6)[0] == "partly"


def test_age_bands():
    assert [g.age_band(y, 2026) for y in (1995, 1991, 1976, 1975, None)] == [
        "35岁以下", "35–50岁", "35–50岁", "50岁以上", "未登记"]


def test_the_letter_lists_problems_only_and_ends_with_the_deadline():
    body = g.letter_body(superior="漯河市应急管理局", review_date=date(2022, 5, 10), deadline=date(2022, 6, 10),
                         findings=[("年度监督检查计划编制", "good", "全覆盖", ""),
                                   ("计划审批报备", "poor", "未登记政府批复", "尽快报请政府批复")])
    lines = body.splitlines()
    assert lines[0].startswith("漯河市应急管理局于2022年5月10日对你局执法工作情况进行了检查指导")
    assert lines[1] == "1. 计划审批报备（不符合要求）：未登记政府批复。意见：尽快报请政府批复"
    assert lines[-1] == "请你局认真研究，落实处理意见，并将整改结果于2022年6月10日前报告我局。"
    assert len(lines) == 3


def test_checklist_covers_every_section_of_seed_001():
    assert {i.section for i in g.CHECKLIST} == {"执法计划编制与执行", "执法队伍建设", "执法规范化建设", "典型案例报送"}
    assert len({i.code for i in g.CHECKLIST}) == len(g.CHECKLIST) == 12
