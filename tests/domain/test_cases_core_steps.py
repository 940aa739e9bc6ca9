"""Step checks of a penalty case (pure): filing, conclusion, hearing request, the decided fine against the notice,
service, the documents a case still lacks, and amounts in capital numerals."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import case_steps as s
from anjian.domain.calendar import WorkCalendar
from anjian.domain.case_deadlines import CaseFacts, TimeLimits
from anjian.domain.case_process import StepRefused

CAL = WorkCalendar.build([2026], [date(2026, 10, 1) + timedelta(days=i) for i in range(8)], [date(2026, 10, 10)])
LIMITS = TimeLimits()
MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


def test_filing_needs_cause_facts_party_and_a_note_for_complaints():
    ok = dict(source="inspection", source_note="", name="x", cause="c", facts="f", party_kind="unit", party_name="p")
    assert s.filing_problems(**ok) == []
    assert s.filing_problems(**{**ok, "source": "complaint"}) == ["案件来源为“举报投诉”时须填写来源说明"]
    assert s.filing_problems(**{**ok, "source": "hazard_unrectified"}) == ["案件来源为“隐患逾期未整改”时须选择涉及的隐患"]
    assert s.filing_problems(**{**ok, "cause": " ", "facts": ""}) == ["请填写案由", "请填写案件基本情况"]
    assert s.filing_problems(**{**ok, "source": "nope"}) == ["请选择案件来源"]


def test_conclusion_with_a_fine_needs_the_amount_and_the_provisions():
    assert s.conclusion_problems(report="r", violated_provision="v", penalty_provision="p", penalties=["fine"],
                                 proposed_fine=Decimal("1000")) == []
    assert s.conclusion_problems(report="r", violated_provision="", penalty_provision="", penalties=["fine"],
                                 proposed_fine=None) == ["请填写违反的法律规定", "请填写处罚依据", "拟处罚种类含罚款，请填写拟罚款金额"]
    assert s.conclusion_problems(report="r", violated_provision="", penalty_provision="", penalties=[],
                                 proposed_fine=None) == []  # 建议不予处罚
    assert "拟处罚种类不含罚款，不能填写罚款金额" in s.conclusion_problems(
        report="r", violated_provision="v", penalty_provision="p", penalties=["warning"], proposed_fine=Decimal("5"))


@given(MONEY, MONEY)
def test_the_decided_fine_may_never_exceed_the_notified_one(fine, notified):
    problems = s.decision_fine_problems(fine=fine, penalties=["fine"], notified_fine=notified)
    assert (problems == []) == (fine <= notified)


def test_decided_fine_against_the_penalty_kinds():
    assert s.decision_fine_problems(fine=None, penalties=["fine"], notified_fine=Decimal("10")) == [
        "告知的处罚种类含罚款，请填写罚款金额"]
    assert s.decision_fine_problems(fine=Decimal("10"), penalties=["warning"], notified_fine=None) == [
        "告知的处罚种类不含罚款，不能决定罚款；如需罚款请重新告知"]
    assert s.decision_fine_problems(fine=Decimal("-1"), penalties=["fine"], notified_fine=None) == ["罚款金额不能为负数"]


def _hearing_facts(served: date, requested=None) -> CaseFacts:
    return CaseFacts(status="notified", notice_served_on=served, hearing_notice_served_on=served,
                     hearing_requested_on=requested)


def test_hearing_request_is_refused_after_the_request_period_with_its_end_date():
    f = _hearing_facts(date(2026, 6, 5))  # Friday; 5 working days → Fri 12 June
    s.hearing_request_refusal(f, date(2026, 6, 12), CAL, LIMITS)
    with pytest.raises(StepRefused, match="听证申请期限已于2026-06-12届满"):
        s.hearing_request_refusal(f, date(2026, 6, 15), CAL, LIMITS)
    with pytest.raises(StepRefused, match="未告知听证权利"):
        s.hearing_request_refusal(CaseFacts(status="notified", notice_served_on=date(2026, 6, 5)), date(2026, 6, 8),
                                  CAL, LIMITS)
    with pytest.raises(StepRefused, match="已申请听证"):
        s.hearing_request_refusal(_hearing_facts(date(2026, 6, 5), date(2026, 6, 8)), date(2026, 6, 9), CAL, LIMITS)


def test_hearing_request_period_spans_the_national_day_holiday():
    f = _hearing_facts(date(2026, 9, 30))  # 9, 10 (adjusted), 12, 13, 14 October
    s.hearing_request_refusal(f, date(2026, 10, 14), CAL, LIMITS)
    with pytest.raises(StepRefused):
        s.hearing_request_refusal(f, date(2026, 10, 15), CAL, LIMITS)


def test_hearing_is_held_at_least_seven_days_after_the_notice():
    assert s.hearing_schedule_problems(requested_on=date(2026, 6, 1), hearing_on=date(2026, 6, 8)) == []
    assert s.hearing_schedule_problems(requested_on=date(2026, 6, 1), hearing_on=date(2026, 6, 7)) == [
        "听证会应在通知当事人7日后举行（行政处罚法第六十四条），听证日期不能早于2026-06-08"]


def test_service_date_between_decision_and_today():
    assert s.service_problems(decided_on=date(2026, 6, 1), on=date(2026, 6, 2), method="direct",
                              today=date(2026, 6, 3)) == []
    assert s.service_problems(decided_on=date(2026, 6, 1), on=date(2026, 5, 30), method="post",
                              today=date(2026, 6, 3)) == ["送达日期不能早于决定日期2026-06-01"]
    assert s.service_problems(decided_on=date(2026, 6, 1), on=date(2026, 6, 2), method="fax",
                              today=date(2026, 6, 3)) == ["请选择送达方式"]


def test_documents_missing_follow_the_steps():
    steps = ["propose", "legal_review", "notify", "notify_hearing", "legal_review"]
    assert s.documents_missing(steps, ["立", "罚告"]) == ["法审", "法审", "听告"]
    assert s.documents_missing(steps, ["立", "法审", "法审", "罚告", "听告"]) == []
    assert s.documents_missing(["investigation:preservation"], []) == ["先保审", "先保通"]


@given(st.lists(st.sampled_from(sorted(s.STEP_DOCUMENTS))), st.lists(st.sampled_from(["立", "法审", "罚", "回", "询笔"])))
def test_missing_documents_are_exactly_what_the_steps_call_for_beyond_what_exists(steps, live):
    expected = Counter(k for step in steps for k in s.STEP_DOCUMENTS[step])
    missing = Counter(s.documents_missing(steps, live))
    have = Counter(live)
    for kind in set(expected) | set(have):
        assert missing[kind] == max(0, expected[kind] - have[kind])


# ---------------------------------------------------------------- 大写金额

def test_capital_numerals_for_the_amounts_on_a_decision():
    cases = {"30000": "叁万元整", "50000.50": "伍万元零伍角整", "10001": "壹万零壹元整", "105000": "壹拾万伍仟元整",
             "1010.05": "壹仟零壹拾元零伍分", "0.3": "叁角整", "200000000": "贰亿元整", "0": "零元整", "1680.32": "壹仟陆佰捌拾元零叁角贰分"}
    for amount, text in cases.items():
        assert s.rmb_upper(Decimal(amount)) == text, amount


_VALUE = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _parse(text: str) -> Decimal:
    """Read capital numerals back (an independent reader for the property below)."""
    yuan_part, _, rest = text.partition("元") if "元" in text else ("", "", text)
    total = 0
    section, number = 0, 0
    for ch in yuan_part:
        if ch in _VALUE:
            number = _VALUE[ch]
        elif ch in _UNIT:
            section += number * _UNIT[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section, number = 0, 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section, number = 0, 0
    total += section + number
    cents = 0
    if "角" in rest:
        cents += _VALUE[rest[rest.index("角") - 1]] * 10
    if "分" in rest:
        cents += _VALUE[rest[rest.index("分") - 1]]
    return Decimal(total) + Decimal(cents) / 100


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_capital_numerals_read_back_to_the_same_amount(amount):
    assert _parse(s.rmb_upper(amount)) == amount
