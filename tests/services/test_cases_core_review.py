"""Penalty cases through the services: 法制审核, 集体讨论, 告知, 听证, 决定 and 送达 — including the refusals the
issue names (deciding before the notice period ends, a fine outside the legal range, reviewing one's own case)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from anjian.cases.core.services_decision import case_decide, case_serve
from anjian.cases.core.services_notice import case_hearing_request, case_notify, case_statement_record
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.case_process import OWN_CASE_REVIEW
from anjian.domain.permissions import Role
from tests.services.case_helpers import (
    HOME,
    START,
    TODAY,
    bring,
    kinds_of,
    propose,
    stub_pdf,
    workdays_after,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _review(w, case, result="pass", opinion="同意", **kw):
    return case_legal_review(actor=kw.pop("actor", w["reviewer"]), case=case, result=result, opinion=opinion,
                             on=kw.pop("on", START + timedelta(days=12)))


def test_a_legal_reviewer_cannot_review_a_case_they_proposed(w, make_user):
    both = make_user(HOME, Role.OFFICER, Role.LEGAL_REVIEWER)
    case = bring(w, "legal_review", case=propose(w, actor=both))
    with pytest.raises(ServiceInvalid, match=OWN_CASE_REVIEW):
        _review(w, case, actor=both)
    assert PenaltyCase.objects.get().legal_result == ""


def test_a_legal_reviewer_cannot_review_a_case_they_handle_as_case_officer(w):
    w["team"][0].user = w["reviewer"]
    w["team"][0].save(update_fields=["user"])
    case = bring(w, "legal_review")
    with pytest.raises(ServiceInvalid, match=OWN_CASE_REVIEW):
        _review(w, case)


def test_only_a_legal_reviewer_of_the_agency_reviews(w, make_user):
    case = bring(w, "legal_review")
    with pytest.raises(ServiceDenied):
        _review(w, case, actor=w["head"])
    with pytest.raises(ServiceDenied):
        _review(w, case, actor=make_user("411721", Role.LEGAL_REVIEWER))


def test_a_passed_review_of_a_minor_case_is_ready_for_notice_and_its_opinion_is_pending_for_the_officers(w):
    case = _review(w, bring(w, "legal_review"), opinion="事实清楚，证据确凿。")
    assert case.status == "legal_review" and case.legal_result == "pass" and case.legal_reviewer == w["reviewer"]
    assert "法审" not in kinds_of(case)  # a legal reviewer does not issue documents
    from anjian.cases.core.documents import case_documents_pending

    assert case_documents_pending(case).missing == ["法审"]
    with pytest.raises(ServiceInvalid, match="已完成法制审核"):
        _review(w, case)


def test_return_sends_the_case_back_to_investigation_and_a_resubmission_starts_a_new_review(w):
    case = _review(w, bring(w, "legal_review"), result="return", opinion="证据不足，补充询问笔录")
    assert case.status == "investigating" and case.legal_result == "return"
    from anjian.cases.core.services_investigation import case_investigation_conclude

    case = case_investigation_conclude(actor=w["officer"], case=case, report="已补充", violated_provision="v",
                                       penalty_provision="p", penalties=["fine"], proposed_fine=Decimal("10000"),
                                       on=START + timedelta(days=20))
    case = case_submit_for_review(actor=w["officer"], case=case)
    assert case.legal_result == "" and case.legal_reviewer is None
    assert kinds_of(case).count("处呈") == 2 and kinds_of(case).count("终报") == 2


def test_a_fine_at_the_hearing_threshold_goes_to_discussion_and_notice_carries_the_hearing_notice(w):
    case = _review(w, bring(w, "legal_review", fine=Decimal("50000")))
    assert case.status == "discussion"
    with pytest.raises(ServiceInvalid, match="集体讨论尚未记录"):
        case_notify(actor=w["officer"], case=case, served_on=START + timedelta(days=15))
    with pytest.raises(ServiceDenied):
        case_discussion_record(actor=w["officer"], case=case, on=START + timedelta(days=13), record="r",
                               conclusion="penalize")
    case = case_discussion_record(actor=w["leader"], case=case, on=START + timedelta(days=13),
                                  record="局务会集体讨论，同意处罚", conclusion="penalize")
    assert case.discussed_on == START + timedelta(days=13)
    case = case_notify(actor=w["officer"], case=case, served_on=START + timedelta(days=15))
    assert case.status == "notified" and case.hearing_notice_served_on == case.notice_served_on
    assert kinds_of(case)[-2:] == ["罚告", "听告"]
    hearing = documents_of(case).get(kind_id="听告").content["body"]
    assert "5个工作日内" in hearing and "罚款人民币伍万元整" in hearing


def test_a_minor_case_is_notified_without_a_hearing_notice(w):
    case = bring(w, "notified")
    assert case.hearing_notice_served_on is None and "听告" not in kinds_of(case)
    notice = documents_of(case).get(kind_id="罚告").content["body"]
    for text in ("经查，你单位存在下列违法行为：", "询问笔录", "违反了《中华人民共和国安全生产法》第二十八条第一款的规定",
                 "依据《中华人民共和国安全生产法》第九十七条第（三）项的规定", "罚款人民币叁万元整（¥30,000.00）",
                 "3个工作日内", "联系人：张三；联系电话：13800000000"):
        assert text in notice, text
    with pytest.raises(ServiceInvalid, match="未告知听证权利"):
        case_hearing_request(actor=w["officer"], case=case, on=START + timedelta(days=16))


def test_a_hearing_request_after_the_period_is_refused_with_the_date(w):
    case = bring(w, "notified", fine=Decimal("60000"))
    served = case.notice_served_on
    last = workdays_after(served, 5)
    with pytest.raises(ServiceInvalid, match=f"听证申请期限已于{last.isoformat()}届满"):
        case_hearing_request(actor=w["officer"], case=case, on=last + timedelta(days=1))
    with pytest.raises(ServiceInvalid, match="听证会应在通知当事人7日后举行"):
        case_hearing_request(actor=w["officer"], case=case, on=last, hearing_on=last + timedelta(days=3))
    case = case_hearing_request(actor=w["officer"], case=case, on=last, hearing_on=last + timedelta(days=7),
                                hearing_place="第一会议室", presiding="赵主持")
    assert case.status == "hearing" and kinds_of(case)[-1] == "听通"
    assert "赵主持" in documents_of(case).get(kind_id="听通").content["body"]


def test_hearing_then_decision(w):
    case = bring(w, "heard", fine=Decimal("60000"))
    assert case.hearing_held_on and kinds_of(case)[-2:] == ["听笔", "听报"]
    assert kinds_of(case).count("听通") == 1
    case = case_decide(actor=w["head"], case=case, on=case.hearing_held_on, fine=Decimal("55000"), summary="罚款")
    assert case.status == "decided" and case.fine_amount == Decimal("55000")


def test_deciding_before_the_statement_period_ends_is_refused_with_the_date(w):
    case = bring(w, "notified", start=TODAY - timedelta(days=30))
    until = workdays_after(case.notice_served_on, 3)
    with pytest.raises(ServiceInvalid, match=f"陈述申辩期限至{until.isoformat()}届满，期满前不能作出处罚决定"):
        case_decide(actor=w["head"], case=case, on=until, fine=Decimal("30000"), summary="罚款")
    assert PenaltyCase.objects.get().status == "notified"
    case = case_decide(actor=w["head"], case=case, on=until + timedelta(days=1), fine=Decimal("30000"), summary="罚款")
    assert case.status == "decided"


def test_deciding_while_the_hearing_request_period_runs_is_refused(w):
    case = bring(w, "notified", fine=Decimal("60000"))
    until = workdays_after(case.notice_served_on, 5)
    with pytest.raises(ServiceInvalid, match=f"听证申请期限至{until.isoformat()}届满"):
        case_decide(actor=w["head"], case=case, on=until, fine=Decimal("60000"), summary="罚款")


def test_a_fine_outside_the_legal_range_of_the_benchmark_is_refused(w):
    entry = DiscretionEntry.objects.create(
        code="AQ-28", violation="未按规定对从业人员进行安全生产教育和培训", legal_provision="安全生产法第二十八条",
        penalty_basis="安全生产法第九十七条", statutory_min=Decimal("0"), statutory_max=Decimal("100000"),
        level="一般", conditions="3人以下", fine_min=Decimal("10000"), fine_max=Decimal("50000"))
    case = bring(w, "notified", fine=Decimal("30000"))
    PenaltyCase.objects.filter(pk=case.pk).update(discretion_entry=entry)
    case.refresh_from_db()
    on = workdays_after(case.notice_served_on, 3) + timedelta(days=1)
    with pytest.raises(ServiceInvalid, match=r"罚款150000元超过法定上限100000(\.00)?元"):
        case_decide(actor=w["head"], case=case, on=on, fine=Decimal("150000"), summary="罚款")
    with pytest.raises(ServiceInvalid, match=r"超过所选裁量阶次「一般」的上限50000(\.00)?元"):
        case_decide(actor=w["head"], case=case, on=on, fine=Decimal("60000"), summary="罚款")
    assert case_decide(actor=w["head"], case=case, on=on, fine=Decimal("30000"), summary="罚款").status == "decided"


def test_the_proposed_fine_is_checked_against_the_benchmark_at_conclusion(w):
    entry = DiscretionEntry.objects.create(
        code="AQ-1", violation="v", legal_provision="l", penalty_basis="b", statutory_min=Decimal("1000"),
        statutory_max=Decimal("20000"), level="较轻", conditions="c")
    case = bring(w, "investigating")
    PenaltyCase.objects.filter(pk=case.pk).update(discretion_entry=entry)
    case.refresh_from_db()
    from anjian.cases.core.services_investigation import case_investigation_conclude

    with pytest.raises(ServiceInvalid, match=r"罚款30000元超过法定上限20000(\.00)?元"):
        case_investigation_conclude(actor=w["officer"], case=case, report="r", violated_provision="v",
                                    penalty_provision="p", penalties=["fine"], proposed_fine=Decimal("30000"))


def test_the_decided_fine_cannot_exceed_the_notified_one(w):
    case = bring(w, "notified")
    on = workdays_after(case.notice_served_on, 3) + timedelta(days=1)
    with pytest.raises(ServiceInvalid, match="不得因当事人陈述、申辩而加重处罚"):
        case_decide(actor=w["head"], case=case, on=on, fine=Decimal("30000.01"), summary="罚款")


def test_an_officer_cannot_decide(w):
    case = bring(w, "notified")
    with pytest.raises(ServiceDenied):
        case_decide(actor=w["officer"], case=case, on=TODAY, fine=Decimal("1000"), summary="罚款")


def test_statements_are_kept_with_their_dates_and_recorded(w):
    case = bring(w, "notified")
    case = case_statement_record(actor=w["officer"], case=case, on=case.notice_served_on + timedelta(days=1),
                                 statement="已组织培训，请求从轻处罚")
    assert case.statement_note.endswith("：已组织培训，请求从轻处罚") and kinds_of(case)[-1] == "申辩笔"


def test_decision_and_service_issue_the_decision_and_the_receipt(w):
    case = bring(w, "executing")
    assert case.status == "executing" and case.result == "penalized" and case.service_method == "直接送达"
    decision = documents_of(case).get(kind_id="罚")
    body = decision.content["body"]
    for text in ("罚款自收到本决定书之日起15日内缴至指定银行", "每日按罚款数额的百分之三加处罚款", "加处罚款的数额不超出罚款的数额",
                 "申请人民法院强制执行", "罚款人民币叁万元整"):
        assert text in body, text
    receipt = documents_of(case).get(kind_id="回")
    assert receipt.content["served_document"] == f"行政处罚决定书（{decision.number}）"
    assert receipt.content["method"] == "直接送达" and receipt.content["recipient"] == "王法人"
    with pytest.raises(ServiceInvalid, match="不能登记送达"):
        case_serve(actor=w["officer"], case=case, on=TODAY, method="direct")


def test_no_penalty_proposed_closes_after_the_legal_review(w):
    case = bring(w, "legal_review", penalties=())
    case = _review(w, case, opinion="违法行为轻微并及时改正，没有造成危害后果，依法不予处罚")
    assert case.status == "closed" and case.result == "no_penalty" and case.closed_on == START + timedelta(days=12)
    from anjian.cases.core.documents import case_documents_pending

    assert case_documents_pending(case).missing == ["法审", "结"]


def test_collective_discussion_may_decide_no_penalty_or_send_the_case_back(w):
    case = _review(w, bring(w, "legal_review", is_major=True))
    assert case.status == "discussion"
    back = case_discussion_record(actor=w["head"], case=case, on=START + timedelta(days=13), record="证据不足",
                                  conclusion="reinvestigate")
    assert back.status == "investigating"
    other = _review(w, bring(w, "legal_review", is_major=True))
    closed = case_discussion_record(actor=w["head"], case=other, on=START + timedelta(days=13), record="不予处罚",
                                    conclusion="no_penalty")
    assert closed.status == "closed" and closed.result == "no_penalty"
    assert kinds_of(closed)[-2:] == ["罚集", "结"]
    assert "讨论结论：不予行政处罚" in documents_of(closed).get(kind_id="罚集").content["body"]


def test_review_dates_cannot_be_in_the_future(w):
    case = bring(w, "legal_review")
    with pytest.raises(ServiceInvalid, match="不能晚于今天"):
        _review(w, case, on=timezone.localdate() + timedelta(days=1))


def test_hearing_period_and_thresholds_follow_the_settings(w, settings):
    settings.CASE_TIME_LIMITS = {"hearing_request_workdays": 3}
    settings.CASE_HEARING_THRESHOLDS = {"unit": 20000, "individual": 5000}
    case = bring(w, "notified", fine=Decimal("30000"))  # above the configured unit threshold
    assert case.hearing_notice_served_on is not None
    assert "3个工作日内" in documents_of(case).get(kind_id="听告").content["body"]
    last = workdays_after(case.notice_served_on, 3)
    with pytest.raises(ServiceInvalid, match=f"听证申请期限已于{last.isoformat()}届满"):
        case_hearing_request(actor=w["officer"], case=case, on=last + timedelta(days=1))
