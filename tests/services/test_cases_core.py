"""Penalty cases through the services: filing (立案) and investigation (调查取证、先行登记保存、延期、调查终结)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from anjian.audit.models import AuditEvent
from anjian.cases.core.selectors import case_deadlines_of
from anjian.cases.core.services_filing import case_file_approve, case_file_refuse
from anjian.cases.core.services_investigation import (
    PRESERVATION_APPROVAL,
    case_extension_approve,
    case_investigation_add,
    case_investigation_conclude,
    case_preservation_decide,
)
from anjian.cases.models import CaseExtension, PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.case_process import OWN_CASE_FILING
from anjian.domain.permissions import Role
from tests.services.case_helpers import (
    CITY,
    HOME,
    OTHER,
    START,
    TODAY,
    bring,
    kinds_of,
    propose,
    stub_pdf,
    world,
)
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def test_proposal_opens_a_case_in_the_home_agency_with_its_team_and_a_draft_filing_form(w):
    case = propose(w)
    assert case.status == "filing" and case.agency.region_id == HOME and case.filed_on is None
    assert case.party_name == w["enterprise"].name and case.party_id_number == w["enterprise"].uscc
    assert case.party_representative == "王法人" and case.party_address == "泌阳县产业集聚区1号"
    assert case.name == f"{w['enterprise'].name}未按规定对从业人员进行安全生产教育和培训案"
    team = list(case.team.order_by("-is_lead", "id"))
    assert [m.officer.name for m in team] == ["张三", "李四"] and team[0].is_lead
    assert team[0].certificate_number == w["team"][0].certificate_number
    draft = documents_of(case).get()
    assert draft.kind_id == "立" and draft.status == "draft"
    body = draft.content["body"]
    for text in ("案由：未按规定对从业人员进行安全生产教育和培训", "案件来源：执法检查发现", "当事人：泌阳县测试化工有限公司",
                 f"张三（执法证号：{w['team'][0].certificate_number}）", "审批意见：（待审批）"):
        assert text in body
    event = AuditEvent.objects.get(verb="case_propose")
    assert event.payload["new"]["steps"] == ["propose"]


def test_a_city_officer_files_a_county_enterprise_as_a_city_case(w, make_user):
    city = make_user(CITY, Role.OFFICER)
    case = propose(w, actor=city, officers=[officer(CITY, name="市甲"), officer(CITY, name="市乙")])
    assert case.agency.region_id == CITY


@pytest.mark.parametrize("bad", ["one_officer", "expired", "other_county_officer", "complaint_without_note",
                                 "foreign_hazard"])
def test_proposal_refused_with_the_reason(w, make_enterprise, bad):
    kwargs = {
        "one_officer": {"officers": w["team"][:1]},
        "expired": {"officers": [w["team"][0], officer(HOME, name="过期", expires=TODAY - timedelta(days=1))]},
        "other_county_officer": {"officers": [w["team"][0], officer(OTHER, name="外县")]},
        "complaint_without_note": {"source": "complaint"},
        "foreign_hazard": {"hazards": [_hazard(make_enterprise(HOME, name="别家"), w)]},
    }[bad]
    reason = {"one_officer": "两名以上", "expired": "过期", "other_county_officer": "不属于",
              "complaint_without_note": "须填写来源说明", "foreign_hazard": "不属于当事单位"}[bad]
    with pytest.raises(ServiceInvalid, match=reason):
        propose(w, **kwargs)
    assert not PenaltyCase.objects.exists()


def _hazard(enterprise, w):
    from anjian.inspections.models import Hazard, Inspection
    from anjian.regions.models import Agency

    inspection = Inspection.objects.create(enterprise=enterprise, agency=Agency.objects.get(region_id=HOME),
                                           source="annual_plan", planned_date=START)
    return Hazard.objects.create(inspection=inspection, enterprise=enterprise, description="安全出口锁闭",
                                 handling="deadline", deadline=START + timedelta(days=10), status="escalated")


def test_an_enterprise_outside_the_officers_county_cannot_be_filed(w, make_user, make_enterprise):
    with pytest.raises(ServiceDenied, match="不在您的管辖范围内"):
        propose(w, enterprise=make_enterprise(OTHER))


def test_approval_files_the_case_and_issues_the_filing_form_with_the_opinion(w):
    case = case_file_approve(actor=w["head"], case=propose(w), opinion="同意立案调查", on=START)
    assert case.status == "investigating" and case.filed_on == START and case.filing_approved_by == w["head"]
    doc = documents_of(case).get(kind_id="立")
    assert doc.status == "issued" and doc.number.startswith("（泌阳）应急立〔")
    assert "审批意见：同意立案调查。" in doc.content["body"] and START.strftime("%Y年") in doc.content["body"]
    assert [d.key for d in case_deadlines_of(case)] == ["decision"]


def test_a_case_officers_own_login_cannot_approve_the_filing(w, make_user):
    w["team"][1].user = w["head"]
    w["team"][1].save(update_fields=["user"])
    case = propose(w)
    with pytest.raises(ServiceInvalid, match=OWN_CASE_FILING):
        case_file_approve(actor=w["head"], case=case)
    assert PenaltyCase.objects.get().status == "filing"


def test_the_proposer_cannot_approve_their_own_proposal(w):
    case = propose(w, actor=w["head"])
    with pytest.raises(ServiceInvalid, match="不能审批本人提出的立案申请"):
        case_file_approve(actor=w["head"], case=case)


def test_an_officer_or_another_county_cannot_approve(w, make_user):
    case = propose(w)
    with pytest.raises(ServiceDenied):
        case_file_approve(actor=w["officer"], case=case)
    with pytest.raises(ServiceDenied):
        case_file_approve(actor=make_user(OTHER, Role.DEPARTMENT_HEAD), case=case)


def test_refusal_ends_the_case_as_not_filed_with_the_reason(w):
    case = case_file_refuse(actor=w["head"], case=propose(w), reason="不属于本机关管辖")
    assert case.status == "not_filed" and case.result == "not_filed" and case.filing_opinion == "不属于本机关管辖"
    with pytest.raises(ServiceInvalid, match="不予立案"):
        case_file_refuse(actor=w["head"], case=propose(w), reason=" ")


def test_a_stale_approval_is_a_conflict_not_a_second_filing(w):
    case = propose(w)
    stale = PenaltyCase.objects.get(pk=case.pk)
    case_file_approve(actor=w["head"], case=case, on=START)
    with pytest.raises(ServiceConflict):
        case_file_approve(actor=w["leader"], case=stale, on=START)
    assert AuditEvent.objects.filter(verb="case_file_approve").count() == 1


def test_an_inquiry_is_recorded_with_its_issued_record(w):
    case = bring(w, "investigating")
    row = case.investigations.get()
    assert row.kind == "inquiry" and row.document.kind_id == "询笔" and row.document.status == "issued"
    assert "询问安全管理人员" in row.document.content["body"]


@pytest.mark.parametrize(("days", "reason"), [(-1, "不能早于立案日期"), (61, "不能晚于今天")])
def test_evidence_dates_stay_between_filing_and_today(w, days, reason):
    case = bring(w, "investigating")
    with pytest.raises(ServiceInvalid, match=reason):
        case_investigation_add(actor=w["officer"], case=case, kind="site_record", occurred_on=START + timedelta(days=days),
                               summary="现场勘验")


def test_preservation_needs_an_approver_and_its_decision_is_due_in_seven_working_days(w):
    case = bring(w, "investigating")
    with pytest.raises(ServiceInvalid, match=PRESERVATION_APPROVAL[:10]):
        case_investigation_add(actor=w["officer"], case=case, kind="preservation", occurred_on=START + timedelta(days=3),
                               summary="未经检验的安全帽20顶")
    row = case_investigation_add(actor=w["head"], case=case, kind="preservation", occurred_on=START + timedelta(days=3),
                                 summary="未经检验的安全帽20顶")
    assert kinds_of(case)[-2:] == ["先保审", "先保通"] and row.document.kind_id == "先保通"
    preservation = {d.key: d for d in case_deadlines_of(case)}["preservation-1"]
    assert preservation.state(TODAY) == "overdue"
    with pytest.raises(ServiceInvalid, match="先行登记保存的证据尚未作出处理决定"):
        case_investigation_conclude(actor=w["officer"], case=case, report="r", penalties=[])
    with pytest.raises(ServiceDenied):
        case_preservation_decide(actor=w["officer"], investigation=row, on=TODAY, decision="解除")
    row = case_preservation_decide(actor=w["head"], investigation=row, on=START + timedelta(days=20),
                                   decision="解除先行登记保存，退还当事人")
    assert kinds_of(case)[-1] == "先保处"
    assert {d.key: d for d in case_deadlines_of(case)}["preservation-1"].state(TODAY) == "late"
    with pytest.raises(ServiceInvalid, match="已作出处理决定"):
        case_preservation_decide(actor=w["head"], investigation=row, on=TODAY, decision="再次")


def test_an_extension_moves_the_decision_limit_and_is_recorded_with_its_form(w):
    case = bring(w, "investigating")
    x = case_extension_approve(actor=w["head"], case=case, days=30, reason="案情复杂，需补充鉴定")
    case.refresh_from_db()
    assert case.extension_days == 30 and x.new_due == START + timedelta(days=120)
    assert x.document.kind_id == "案延" and "延长期限：30日" in x.document.content["body"]
    assert {d.key: d for d in case_deadlines_of(case)}["decision"].due == x.new_due
    case_extension_approve(actor=w["head"], case=case, days=15, reason="再次延期")
    assert CaseExtension.objects.count() == 2 and PenaltyCase.objects.get().extension_days == 45
    with pytest.raises(ServiceInvalid, match="延长天数"):
        case_extension_approve(actor=w["head"], case=case, days=0, reason="x")
    with pytest.raises(ServiceDenied):
        case_extension_approve(actor=w["officer"], case=case, days=5, reason="x")


def test_conclusion_checks_the_proposal(w):
    case = bring(w, "investigating")
    with pytest.raises(ServiceInvalid) as refused:
        case_investigation_conclude(actor=w["officer"], case=case, report="", penalties=["fine"])
    assert refused.value.errors == ["请填写调查终结报告", "请填写违反的法律规定", "请填写处罚依据", "拟处罚种类含罚款，请填写拟罚款金额"]
    case = case_investigation_conclude(actor=w["officer"], case=case, report="事实清楚", violated_provision="第二十八条",
                                       penalty_provision="第九十七条", penalties=["fine", "warning"],
                                       proposed_fine=Decimal("20000"), on=START + timedelta(days=9))
    assert case.status == "investigated" and case.penalties == ["fine", "warning"]
    report = documents_of(case).get(kind_id="终报")
    assert "处理建议：罚款人民币贰万元整（¥20,000.00）、警告" in report.content["body"]
