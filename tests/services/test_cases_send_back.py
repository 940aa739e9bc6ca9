"""Send back (退回) on a case's approval steps: 立案审批 back to the proposer, 法制审核 / 集体讨论 / 处罚决定审批
back to investigation; each opens a hand-off to the sender, resubmitting closes it."""

import pytest

from anjian.cases.core.selectors import case_get_for, case_timeline
from anjian.cases.core.services_filing import case_file_approve
from anjian.cases.core.services_investigation import case_investigation_conclude
from anjian.cases.core.services_return import (
    case_decision_return,
    case_discussion_return,
    case_file_return,
    case_filing_resubmit,
    case_review_return,
)
from anjian.cases.core.services_review import case_submit_for_review
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.notices.selectors import handoffs_for
from tests.services.case_helpers import HOME, OTHER, START, bring, propose, stub_pdf, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _keys(user):
    return [(n.key, n.text) for n in handoffs_for(user)]


def test_a_returned_filing_goes_to_its_proposer_and_resubmitting_closes_the_hand_off(w):
    case = propose(w)
    case = case_file_return(actor=w["head"], case=case, reason="案件来源不清，请补充检查记录编号")
    assert case.status == "returned"
    assert _keys(w["officer"]) == [(f"returned:case_filing:{case.pk}", "案件来源不清，请补充检查记录编号")]
    assert any(e.label == "立案申请退回" and "请补充检查记录编号" in e.detail for e in case_timeline(case))
    with pytest.raises(ServiceConflict):
        case_file_return(actor=w["head"], case=case, reason="再次退回")
    case = case_filing_resubmit(actor=w["officer"], case=case, facts="经查，检查记录编号为泌应急检〔2026〕12号。")
    assert (case.status, case.facts) == ("filing", "经查，检查记录编号为泌应急检〔2026〕12号。")
    [draft] = documents_of(case).filter(kind_id="立", status="draft")
    assert "泌应急检〔2026〕12号" in str(draft.content)
    assert _keys(w["officer"]) == []
    assert case_file_approve(actor=w["head"], case=case, on=START).status == "investigating"


@pytest.mark.parametrize("reason", ["", " 改 ", "理" * 501])
def test_a_missing_short_or_long_reason_is_refused_at_its_field(w, reason):
    case = propose(w)
    with pytest.raises(ServiceInvalid) as exc:
        case_file_return(actor=w["head"], case=case, reason=reason)
    assert [f for f, _ in exc.value.fields] == ["reason"]
    assert case_get_for(w["head"], case.pk).status == "filing" and _keys(w["officer"]) == []


def test_an_officer_cannot_return_and_another_county_does_not_see_the_case(w, make_user):
    from anjian.domain.permissions import Role

    case = propose(w)
    with pytest.raises(ServiceDenied):
        case_file_return(actor=w["officer"], case=case, reason="请补充材料")
    with pytest.raises(NotFound):
        case_get_for(make_user(OTHER, Role.DEPARTMENT_HEAD), case.pk)
    assert HOME != OTHER


def test_legal_review_returns_to_the_submitter_and_a_new_submission_closes_it(w):
    case = bring(w, "legal_review")
    case = case_review_return(actor=w["reviewer"], case=case, reason="缺少询问笔录的签名页，请补充")
    assert (case.status, case.legal_result, case.legal_opinion) == ("investigating", "return", "缺少询问笔录的签名页，请补充")
    assert _keys(w["officer"]) == [(f"returned:case_review:{case.pk}", "缺少询问笔录的签名页，请补充")]
    with pytest.raises(ServiceConflict):
        case_review_return(actor=w["reviewer"], case=case, reason="再次退回")
    case = case_investigation_conclude(actor=w["officer"], case=case, report="已补充签名页。",
                                       violated_provision="《安全生产法》第二十八条", penalty_provision="《安全生产法》第九十七条",
                                       penalties=["warning"])
    case_submit_for_review(actor=w["officer"], case=case)
    assert _keys(w["officer"]) == []


def test_a_discussion_returns_for_more_investigation(w):
    case = bring(w, "reviewed", is_major=True, discussion=False)
    assert case.status == "discussion"
    case = case_discussion_return(actor=w["head"], case=case, reason="罚款金额的裁量理由不充分")
    assert case.status == "investigating"
    assert _keys(w["officer"]) == [(f"returned:case_discussion:{case.pk}", "罚款金额的裁量理由不充分")]


def test_the_decision_approver_returns_to_the_officer_who_served_the_notice(w):
    case = bring(w, "notified", penalties=("warning",))
    case = case_decision_return(actor=w["leader"], case=case, reason="陈述申辩意见未复核，请补充调查")
    assert case.status == "investigating"
    assert _keys(w["officer"]) == [(f"returned:case_decision:{case.pk}", "陈述申辩意见未复核，请补充调查")]
    assert any(e.label == "处罚决定审批退回补充调查" for e in case_timeline(case))
    with pytest.raises(ServiceConflict):
        case_decision_return(actor=w["leader"], case=case, reason="再次退回")


def test_a_case_sent_back_and_then_transferred_leaves_no_hand_off_waiting(w):
    from anjian.cases.transfers.services import case_transfer
    from anjian.regions.models import Agency
    from tests.services.case_helpers import TODAY

    case = case_review_return(actor=w["reviewer"], case=bring(w, "legal_review"), reason="管辖有误，请核实")
    assert _keys(w["officer"])
    case_transfer(actor=w["head"], case=case, kind="agency", receiver_agency=Agency.objects.get(region_id=OTHER),
                  reason="违法行为发生地在西平县境内", legal_basis="《中华人民共和国行政处罚法》第二十二条",
                  materials=[{"name": "立案审批表", "pages": 2}], sent_on=TODAY)
    assert case_get_for(w["head"], case.pk).status == "transferred"
    assert _keys(w["officer"]) == []
