"""Publishing penalty decisions: redacted text, who may, when it is due, withdrawing."""

from datetime import date

import pytest

from anjian.audit.models import AuditEvent
from anjian.calendars.selectors import work_calendar
from anjian.cases.records import selectors as sel
from anjian.cases.records.services_disclosure import case_disclose, case_disclosure_withdraw
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from tests.services.case_records_helpers import HOME, issue, make_case

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


@pytest.fixture
def decided(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, status="executing")
    issue(head, case, "罚", "罚款人民币20000元")
    return case


def test_unit_decision_is_published_with_the_unit_named_and_the_representative_masked(decided, head):
    case = case_disclose(actor=head, case=decided, on=date(2026, 4, 10))
    assert case.disclosed_on == date(2026, 4, 10)
    text = case.disclosure_text
    assert text.startswith("行政处罚决定书文号：（泌阳）应急罚〔2026〕")
    assert f"被处罚单位：{decided.enterprise.name}" in text and decided.enterprise.uscc in text
    assert "法定代表人（负责人）：张某某" in text and "张三" not in text
    assert "作出处罚决定的机关：驻马店市泌阳县应急管理局" in text and "作出处罚决定的日期：2026-04-01" in text
    event = AuditEvent.objects.filter(verb="case_disclose", target_id=str(case.pk)).get()
    assert event.payload["new"]["disclosed_on"] == "2026-04-10"


def test_individual_party_name_id_phone_and_home_address_are_hidden(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, status="executing", party_kind="individual", party_name="李建国",
                     party_id_number="41172619800101123X", party_representative="",
                     party_address="河南省泌阳县花园街道幸福路12号",
                     facts="李建国（电话13812345678）在其家中非法储存烟花爆竹。")
    issue(head, case, "罚", "罚款")
    text = case_disclose(actor=head, case=case, on=date(2026, 4, 10)).disclosure_text
    assert "被处罚人：李某某" in text
    assert "身份证件号码：411726************" in text
    assert "住址：河南省泌阳县****" in text
    for secret in ("李建国", "41172619800101123X", "13812345678", "幸福路"):
        assert secret not in text


def test_an_edited_text_is_redacted_too(decided, head):
    text = case_disclose(actor=head, case=decided, text="当事人联系人：王小明，手机13900001111。",
                         on=date(2026, 4, 10)).disclosure_text
    assert text == "当事人联系人：王某某，手机139****1111。"


def test_only_decided_penalties_with_an_issued_decision_are_published(make_enterprise, head, decided):
    undecided = make_case(make_enterprise(HOME), head, status="investigating")
    with pytest.raises(ServiceInvalid, match="只有已作出处罚决定的案件可以公开"):
        case_disclose(actor=head, case=undecided)
    no_doc = make_case(make_enterprise(HOME), head, status="executing")
    with pytest.raises(ServiceInvalid, match="行政处罚决定书尚未签发"):
        case_disclose(actor=head, case=no_doc)
    none = make_case(make_enterprise(HOME), head, status="executing", result="no_penalty")
    with pytest.raises(ServiceInvalid, match="不予行政处罚"):
        case_disclose(actor=head, case=none)
    case_disclose(actor=head, case=decided, on=date(2026, 4, 10))
    with pytest.raises(ServiceInvalid, match="已于2026-04-10公开"):
        case_disclose(actor=head, case=decided)


def test_other_agencies_and_readers_may_not_publish(decided, make_user):
    with pytest.raises(ServiceDenied):
        case_disclose(actor=make_user("411721", Role.DEPARTMENT_HEAD), case=decided)
    with pytest.raises(ServiceDenied):
        case_disclose(actor=make_user(HOME, Role.READ_ONLY), case=decided)
    with pytest.raises(ServiceDenied):
        case_disclose(actor=make_user(HOME, Role.LEGAL_REVIEWER), case=decided)


def test_withdrawing_needs_a_reason_and_takes_the_decision_off_the_public_list(decided, head):
    case = case_disclose(actor=head, case=decided, on=date(2026, 4, 10))
    assert list(sel.public_decisions()) == [case]
    with pytest.raises(ServiceInvalid, match="请填写撤回公开的理由"):
        case_disclosure_withdraw(actor=head, case=case, reason=" ")
    case = case_disclosure_withdraw(actor=head, case=case, reason="处罚决定经行政复议被撤销")
    assert case.disclosed_on is None and case.disclosure_text == "" and not case.disclosure_required
    assert list(sel.public_decisions()) == []
    assert sel.disclosure_rows_for(head, state="all", today=TODAY) == []  # no longer due
    event = AuditEvent.objects.get(verb="case_disclosure_withdraw", target_id=str(case.pk))
    assert event.payload["new"]["reason"] == "处罚决定经行政复议被撤销"
    with pytest.raises(ServiceInvalid, match="尚未公开"):
        case_disclosure_withdraw(actor=head, case=case, reason="再次撤回")


def test_due_dates_count_working_days_and_random_inspection_is_sooner(make_enterprise, head):
    # Decided on 2026-09-30, just before the National Day holiday (10-01 to 10-08, 10-10 is a working Saturday).
    common = make_case(make_enterprise(HOME), head, status="executing", decided_on=date(2026, 9, 30))
    random = make_case(make_enterprise(HOME), head, status="executing", decided_on=date(2026, 9, 30),
                       source="random_inspection")
    cal = work_calendar()
    rows = {r.case.pk: r for r in sel.disclosure_rows_for(head, state="pending", today=date(2026, 10, 15))}
    assert rows[random.pk].due == cal.add_workdays(date(2026, 9, 30), 7) == date(2026, 10, 15)
    assert rows[random.pk].state == "due_today"
    assert rows[common.pk].due == cal.add_workdays(date(2026, 9, 30), 20)
    assert rows[common.pk].state == "due"
    late = sel.disclosure_rows_for(head, state="late", today=date(2026, 10, 19))
    assert [(r.case.pk, r.days_late) for r in late] == [(random.pk, 4)]


def test_published_late_cases_are_listed_with_the_days_late(make_enterprise, head):
    on_time = make_case(make_enterprise(HOME), head, status="closed")  # published 7 working days after
    late = make_case(make_enterprise(HOME), head, status="closed", disclosed_on=date(2026, 5, 20))
    rows = sel.disclosure_rows_for(head, state="published_late", today=TODAY)
    assert [r.case.pk for r in rows] == [late.pk]
    assert rows[0].label == "超期公开" and rows[0].days_late > 0
    states = {r.case.pk: r.state for r in sel.disclosure_rows_for(head, state="published", today=TODAY)}
    assert states == {on_time.pk: "published", late.pk: "published_late"}


def test_the_due_list_is_scoped_to_the_users_agency(decided, make_user):
    assert sel.disclosure_rows_for(make_user("411721", Role.OFFICER), state="all", today=TODAY) == []
    city = make_user("411700", Role.OFFICER)  # 驻马店市 sees its counties
    assert [r.case.pk for r in sel.disclosure_rows_for(city, state="all", today=TODAY)] == [decided.pk]
