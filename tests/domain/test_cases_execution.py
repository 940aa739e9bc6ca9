"""Execution, closing and transfer rules of a penalty case (pure)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.case_execution import (
    Execution,
    acknowledgement_problems,
    close_problems,
    days_waiting,
    enforcement_problems,
    installment_problems,
    materials_parse,
    materials_summary,
    next_actions,
    owed,
    payment_problems,
    reminder_problems,
    surcharge_decision_problems,
    transfer_mode,
    transfer_problems,
)
from anjian.domain.case_process import CASE, CASE_STATUSES, TRANSFER_KINDS, StepRefused

DUE = date(2025, 3, 18)
TODAY = date(2025, 4, 1)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


def ex(**kw) -> Execution:
    base = {"status": "executing", "result": "penalized", "fine": Decimal("10000.00"), "decided_on": date(2025, 2, 26),
            "served_on": date(2025, 3, 3), "payment_due": DUE}
    return Execution(**{**base, **kw})


# ---------------------------------------------------------------- amounts owed


def test_no_surcharge_on_the_due_date_and_three_percent_a_day_after():
    x = ex()
    assert owed(x, DUE).surcharge_total == 0
    one = owed(x, DUE + timedelta(days=1))
    assert (one.days_late, one.surcharge_total, one.total) == (1, Decimal("300.00"), Decimal("10300.00"))


def test_surcharge_stops_at_the_fine_and_on_the_day_the_fine_is_paid():
    x = ex()
    assert owed(x, DUE + timedelta(days=400)).surcharge_total == Decimal("10000.00")
    paid = ex(paid=Decimal("10000.00"), fine_paid_on=DUE + timedelta(days=2))
    later = owed(paid, DUE + timedelta(days=30))
    assert (later.fine_left, later.surcharge_total, later.days_late) == (0, Decimal("600.00"), 2)


def test_an_approved_deferral_moves_the_deadline_the_surcharge_counts_from():
    x = ex(installment_until=DUE + timedelta(days=30))
    assert x.due == DUE + timedelta(days=30)
    assert owed(x, DUE + timedelta(days=20)).surcharge_total == 0
    assert ex(installment_until=DUE - timedelta(days=3)).due == DUE  # never earlier than the statutory one


@given(fine=money, paid_frac=st.integers(0, 100), days=st.integers(-30, 500), s_paid=st.integers(0, 100))
def test_owed_is_never_negative_and_the_surcharge_never_exceeds_the_fine(fine, paid_frac, days, s_paid):
    paid = (fine * paid_frac / 100).quantize(Decimal("0.01"))
    x = ex(fine=fine, paid=paid, surcharge_paid=(fine * s_paid / 100).quantize(Decimal("0.01")))
    m = owed(x, DUE + timedelta(days=days))
    assert 0 <= m.surcharge_total <= fine
    assert m.fine_left >= 0 and m.surcharge_left >= 0
    assert m.total == m.fine_left + m.surcharge_left


@given(fine=money, a=st.integers(0, 300), b=st.integers(0, 300))
def test_the_unpaid_surcharge_only_grows_with_time(fine, a, b):
    x = ex(fine=fine)
    early, late = sorted((a, b))
    assert owed(x, DUE + timedelta(days=early)).surcharge_total <= owed(x, DUE + timedelta(days=late)).surcharge_total


# ---------------------------------------------------------------- payments


@given(fine=money, parts=st.lists(money, min_size=1, max_size=8))
def test_accepted_fine_payments_never_add_up_to_more_than_the_fine(fine, parts):
    paid = Decimal("0.00")
    for amount in parts:
        x = ex(fine=fine, paid=paid)
        problems = payment_problems(x, kind="fine", amount=amount, paid_on=DUE, today=TODAY)
        if amount <= fine - paid:
            assert problems == []
            paid += amount
        else:
            assert problems and ("超过尚欠罚款" in problems[0] or "已缴清" in problems[0])
    assert paid <= fine


def test_payment_refusals_say_why():
    x = ex(paid=Decimal("9000.00"))
    assert payment_problems(x, kind="fine", amount=Decimal("1500"), paid_on=DUE, today=TODAY) == [
        "缴款金额1500元超过尚欠罚款1000.00元"]
    assert "缴款日期不能晚于今天" in payment_problems(x, kind="fine", amount=Decimal("1"), paid_on=TODAY + timedelta(1),
                                                      today=TODAY)
    assert "缴款金额必须大于零" in payment_problems(x, kind="fine", amount=Decimal("0"), paid_on=DUE, today=TODAY)
    assert "缴款金额最多保留两位小数" in payment_problems(x, kind="fine", amount=Decimal("1.001"), paid_on=DUE,
                                                           today=TODAY)
    assert payment_problems(ex(status="decided"), kind="fine", amount=Decimal("1"), paid_on=DUE, today=TODAY) == [
        "案件处于“已决定”，执行阶段才能登记缴款"]
    assert payment_problems(ex(fine=Decimal("0")), kind="fine", amount=Decimal("1"), paid_on=DUE, today=TODAY) == [
        "本案没有罚款，无需登记缴款"]


def test_surcharge_payments_are_limited_to_what_had_accrued_on_the_payment_day():
    x = ex(paid=Decimal("10000.00"), fine_paid_on=DUE + timedelta(days=2))  # 600 accrued
    assert payment_problems(x, kind="surcharge", amount=Decimal("600"), paid_on=TODAY, today=TODAY) == []
    assert payment_problems(x, kind="surcharge", amount=Decimal("601"), paid_on=TODAY, today=TODAY) == [
        f"缴款金额601元超过截至{TODAY.isoformat()}应缴的加处罚款600.00元"]
    assert payment_problems(ex(), kind="surcharge", amount=Decimal("1"), paid_on=DUE, today=TODAY) == [
        f"截至{DUE.isoformat()}没有应缴的加处罚款"]


# ---------------------------------------------------------------- reminder, surcharge decision, court


def test_reminder_only_after_the_deadline_and_once():
    assert reminder_problems(ex(), on=DUE, today=TODAY) == [f"缴款期限至{DUE.isoformat()}届满，期满后仍未缴纳的才能催告"]
    assert reminder_problems(ex(), on=DUE + timedelta(days=1), today=TODAY) == []
    served = ex(reminder_served_on=DUE + timedelta(days=1))
    assert reminder_problems(served, on=TODAY, today=TODAY) == [f"催告书已于{(DUE + timedelta(days=1)).isoformat()}送达"]
    assert reminder_problems(ex(paid=Decimal("10000")), on=TODAY, today=TODAY) == ["罚款已缴清"]


def test_surcharge_decision_needs_an_overdue_fine():
    assert surcharge_decision_problems(ex(), on=DUE, today=TODAY)
    assert surcharge_decision_problems(ex(), on=TODAY, today=TODAY) == []
    assert surcharge_decision_problems(ex(surcharge_decided=True), on=TODAY, today=TODAY) == ["本案已作出加处罚款决定"]


def test_court_application_waits_for_the_reminder_period_and_says_until_when():
    until = date(2025, 3, 31)
    x = ex(reminder_served_on=date(2025, 3, 21), reminder_until=until)
    assert enforcement_problems(x, on=until, court="泌阳县人民法院", today=TODAY) == [
        "催告期限至2025-03-31届满，2025-04-01起才能申请法院强制执行"]
    assert enforcement_problems(x, on=TODAY, court="泌阳县人民法院", today=TODAY) == []
    assert enforcement_problems(x, on=TODAY, court=" ", today=TODAY) == ["请填写受理申请的人民法院"]
    assert enforcement_problems(ex(), on=TODAY, court="法院", today=TODAY) == ["尚未送达催告书，催告期满后才能申请法院强制执行"]
    assert enforcement_problems(ex(paid=Decimal("10000"), fine_paid_on=DUE), on=TODAY, court="法院", today=TODAY) == [
        "罚款已缴清，无需申请强制执行"]


def test_installment_must_extend_the_deadline_and_give_a_reason():
    assert installment_problems(ex(), until=DUE, reason="资金困难", on=TODAY, today=TODAY) == [
        f"延期（分期）缴纳期限须晚于现缴款期限{DUE.isoformat()}"]
    assert installment_problems(ex(), until=DUE + timedelta(30), reason="", on=TODAY, today=TODAY) == [
        "请填写延期（分期）缴纳的理由"]
    assert installment_problems(ex(), until=DUE + timedelta(30), reason="资金困难", on=TODAY, today=TODAY) == []


# ---------------------------------------------------------------- closing


def test_closing_needs_the_fine_and_surcharge_paid():
    assert close_problems(ex(), on=TODAY, note="", today=TODAY, transfer_acknowledged=None) == [
        "尚欠罚款10000.00元、加处罚款4200.00元未缴清，缴清或申请法院强制执行后才能结案"]
    late = ex(paid=Decimal("10000"), fine_paid_on=DUE + timedelta(days=1))
    assert close_problems(late, on=TODAY, note="", today=TODAY, transfer_acknowledged=None) == [
        "尚欠加处罚款300.00元未缴清，缴清或申请法院强制执行后才能结案"]
    done = ex(paid=Decimal("10000"), fine_paid_on=DUE, surcharge_paid=Decimal("0"))
    assert close_problems(done, on=TODAY, note="", today=TODAY, transfer_acknowledged=None) == []
    assert close_problems(done, on=DUE - timedelta(1), note="", today=TODAY, transfer_acknowledged=None) == [
        f"结案日期不能早于罚款缴清日期{DUE.isoformat()}"]


def test_closing_after_a_court_application_needs_the_courts_outcome():
    x = ex(reminder_served_on=date(2025, 3, 21), reminder_until=date(2025, 3, 31),
           enforcement_applied_on=date(2025, 4, 1))
    assert close_problems(x, on=TODAY, note="", today=TODAY, transfer_acknowledged=None) == [
        "已申请法院强制执行但罚款未缴清的，结案说明须写明法院的执行（裁定）结果"]
    assert close_problems(x, on=TODAY, note="法院裁定准予强制执行，已划拨到账", today=TODAY,
                          transfer_acknowledged=None) == []


def test_closing_without_penalty_or_after_an_acknowledged_transfer():
    assert close_problems(ex(status="legal_review", result="no_penalty", fine=Decimal("0")), on=TODAY, note="",
                          today=TODAY, transfer_acknowledged=None) == []
    moved = ex(status="transferred", result="transferred", fine=Decimal("0"))
    assert close_problems(moved, on=TODAY, note="", today=TODAY, transfer_acknowledged=False) == [
        "移送尚未签收，受移送机关签收后才能结案"]
    assert close_problems(moved, on=TODAY, note="", today=TODAY, transfer_acknowledged=True) == []
    assert close_problems(ex(status="notified"), on=TODAY, note="", today=TODAY, transfer_acknowledged=None) == [
        "案件处于“已告知”，不能结案"]
    paid = ex(paid=Decimal("10000"), fine_paid_on=DUE)
    assert close_problems(paid, on=TODAY, note="", today=TODAY, transfer_acknowledged=None, pending_transfers=1) == [
        "本案的移送尚未签收，受移送机关签收后才能结案"]


def test_next_actions_follow_the_stage():
    assert next_actions(ex(), DUE, transfer_acknowledged=None) == ["payment", "installment"]
    after = next_actions(ex(), DUE + timedelta(days=1), transfer_acknowledged=None)
    assert after == ["payment", "reminder", "surcharge", "installment"]
    x = ex(reminder_served_on=date(2025, 3, 21), reminder_until=date(2025, 3, 31))
    assert next_actions(x, TODAY) == ["payment", "enforcement", "surcharge"]
    assert next_actions(ex(paid=Decimal("10000"), fine_paid_on=DUE), TODAY) == ["close"]
    assert next_actions(ex(status="transferred"), TODAY, transfer_acknowledged=False) == []
    assert next_actions(ex(status="closed"), TODAY) == []


# ---------------------------------------------------------------- transfers


@pytest.mark.parametrize("status", list(CASE_STATUSES))
@pytest.mark.parametrize("kind", list(TRANSFER_KINDS))
def test_transfer_mode_agrees_with_the_transition_table(status, kind):
    try:
        mode = transfer_mode(status, kind)
    except StepRefused as exc:
        assert str(exc)
        assert status not in ("investigating", "investigated")
        return
    if mode == "move":
        assert "transferred" in CASE[status]
    else:
        assert kind in ("public_security", "procuratorate") and status in ("decided", "executing")


def test_after_a_decision_only_a_suspected_crime_is_transferred():
    assert transfer_mode("executing", "public_security") == "alongside"
    with pytest.raises(StepRefused, match="只能移送涉嫌犯罪"):
        transfer_mode("executing", "agency")
    with pytest.raises(StepRefused, match="不能移送"):
        transfer_mode("archived", "public_security")


names = st.text(alphabet=st.characters(blacklist_characters="|｜\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
                                       blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=20)


@given(st.lists(st.tuples(names, st.integers(1, 999)), max_size=6))
def test_materials_round_trip_through_their_text_form(items):
    text = "\n".join(f"{n}｜{p}" for n, p in items)
    parsed, errors = materials_parse(text)
    assert errors == []
    assert parsed == [{"name": n, "pages": p} for n, p in items]
    assert materials_summary(parsed) == f"共{len(items)}项{sum(p for _, p in items)}页"


def test_materials_errors_name_the_line():
    items, errors = materials_parse("询问笔录｜5\n现场照片\n勘验笔录｜零\n鉴定意见｜0")
    assert items == [{"name": "询问笔录", "pages": 5}]
    assert errors == ["第2行格式应为“材料名称｜页数”", "第3行的页数应为正整数", "第4行的页数应为正整数"]
    assert materials_parse("检查记录 | 共3页")[0] == [{"name": "检查记录", "pages": 3}]


def test_transfer_problems():
    ok = {"kind": "agency", "receiver_name": "泌阳县市场监督管理局", "internal_receiver": False, "reason": "不属本机关管辖",
          "legal_basis": "《行政处罚法》第二十五条", "materials": [{"name": "询问笔录", "pages": 3}], "sent_on": TODAY,
          "today": TODAY, "filed_on": date(2025, 3, 1)}
    assert transfer_problems(**ok) == []
    assert transfer_problems(**{**ok, "kind": "public_security", "internal_receiver": True}) == [
        "涉嫌犯罪案件移送公安机关或人民检察院，不能选择本系统内的应急管理部门"]
    assert transfer_problems(**{**ok, "materials": []}) == ["请列明移送的材料（至少一项）"]
    assert transfer_problems(**{**ok, "sent_on": date(2025, 2, 1)}) == ["移送日期不能早于立案日期2025-03-01"]
    assert transfer_problems(**{**ok, "receiver_name": "", "reason": " ", "legal_basis": ""}) == [
        "请填写受移送机关", "请填写移送理由", "请填写移送依据"]


def test_acknowledgement_and_waiting():
    sent = date(2025, 3, 20)
    assert acknowledgement_problems(sent_on=sent, on=date(2025, 3, 19), today=TODAY, acknowledged_on=None, signer="张",
                                    signer_required=True) == ["签收日期不能早于移送日期2025-03-20"]
    assert acknowledgement_problems(sent_on=sent, on=TODAY, today=TODAY, acknowledged_on=sent, signer="张",
                                    signer_required=True) == ["该移送已于2025-03-20签收"]
    assert acknowledgement_problems(sent_on=sent, on=TODAY, today=TODAY, acknowledged_on=None, signer="",
                                    signer_required=True) == ["请填写签收人"]
    assert days_waiting(sent, None, TODAY) == 12 and days_waiting(sent, TODAY, TODAY) is None
