"""A case is handled in the name of its own agency (ADR 0031): filing approval, legal review, discussion and the
decision (and their send-backs) are taken by that agency's staff; a superior agency's leader or legal reviewer sees
the case but no step form, and the page and the API refuse them alike. The same holds for inspection plans."""

from datetime import timedelta

import pytest

from anjian.common.errors import ServiceDenied
from anjian.domain.permissions import Role
from anjian.inspections.services import inspection_approve, inspection_plan, inspection_return
from tests.services.case_helpers import CITY, START, TODAY, bring, propose, stub_pdf, workdays_after, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def test_the_city_leader_sees_a_county_case_ready_for_decision_but_may_not_decide_it(client, w, make_user):
    case = bring(w, "notified", start=TODAY - timedelta(days=30))
    city_leader = make_user(CITY, Role.AGENCY_LEADER)
    client.force_login(city_leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.name in page or case.cause in page
    assert f"/cases/{case.pk}/decide/" not in page and f"/cases/{case.pk}/decide/return/" not in page
    on = workdays_after(case.notice_served_on, 5) + timedelta(days=1)
    response = client.post(f"/cases/{case.pk}/decide/", {"on": on.isoformat(), "fine": "30000", "summary": "罚款"})
    assert response.status_code == 403
    response = client.post(f"/api/v1/cases/{case.pk}/decide", {"on": on.isoformat(), "fine": "30000"},
                           content_type="application/json")
    assert response.status_code == 403 and "泌阳县" in response.json()["message"]
    case.refresh_from_db()
    assert case.status == "notified"
    client.force_login(w["head"])  # the county's own head still decides
    assert f"/cases/{case.pk}/decide/" in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_superior_agency_takes_no_step_in_the_county_name(w, make_user):
    from anjian.cases.core.services_decision import case_decide
    from anjian.cases.core.services_filing import case_file_approve
    from anjian.cases.core.services_return import case_decision_return, case_file_return, case_review_return
    from anjian.cases.core.services_review import case_discussion_record, case_legal_review

    city = {"leader": make_user(CITY, Role.AGENCY_LEADER), "head": make_user(CITY, Role.DEPARTMENT_HEAD),
            "reviewer": make_user(CITY, Role.LEGAL_REVIEWER)}
    filing = propose(w)
    for step in (lambda: case_file_approve(actor=city["head"], case=filing, on=START),
                 lambda: case_file_return(actor=city["leader"], case=filing, reason="请补充违法事实")):
        with pytest.raises(ServiceDenied, match="泌阳县应急管理局名义办理"):
            step()
    review = bring(w, "legal_review")
    for step in (lambda: case_legal_review(actor=city["reviewer"], case=review, result="pass", opinion="同意"),
                 lambda: case_review_return(actor=city["reviewer"], case=review, reason="证据不足")):
        with pytest.raises(ServiceDenied):
            step()
    major = bring(w, "reviewed", is_major=True, discussion=False)
    assert major.status == "discussion"
    with pytest.raises(ServiceDenied):
        case_discussion_record(actor=city["leader"], case=major, on=TODAY, record="同意处罚", conclusion="penalize")
    notified = bring(w, "notified", start=TODAY - timedelta(days=30))
    with pytest.raises(ServiceDenied):
        case_decide(actor=city["leader"], case=notified, on=None, fine=notified.proposed_fine, summary="")
    with pytest.raises(ServiceDenied):
        case_decision_return(actor=city["leader"], case=notified, reason="请补充调查")
    filing.refresh_from_db(), review.refresh_from_db(), major.refresh_from_db(), notified.refresh_from_db()
    assert (filing.status, review.status, major.status, notified.status) == (
        "filing", "legal_review", "discussion", "notified")


def test_an_inspection_plan_is_approved_by_its_own_agency_only(client, w, make_user):
    inspection = inspection_plan(actor=w["officer"], enterprise=w["enterprise"], source="annual_plan",
                                 planned_date=TODAY + timedelta(days=3), officer_ids=[o.pk for o in w["team"]])
    city_leader = make_user(CITY, Role.AGENCY_LEADER)
    for step in (lambda: inspection_approve(actor=city_leader, inspection=inspection),
                 lambda: inspection_return(actor=city_leader, inspection=inspection, reason="请增加一名检查人员")):
        with pytest.raises(ServiceDenied, match="泌阳县应急管理局的负责人审批"):
            step()
    client.force_login(city_leader)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert f"/inspections/{inspection.pk}/approve/" not in page
    assert client.post(f"/inspections/{inspection.pk}/approve/", {}).status_code == 403
    assert client.post(f"/api/v1/inspections/{inspection.pk}/approve", {},
                       content_type="application/json").status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == "planned"
    assert inspection_approve(actor=w["head"], inspection=inspection).status == "approved"


def test_closing_and_enforcement_are_the_county_s_own_too(client, w, make_user):
    from anjian.cases.execution.services import case_close, case_enforcement_apply

    case = bring(w, "executing", start=TODAY - timedelta(days=40))
    city_leader = make_user(CITY, Role.AGENCY_LEADER)
    with pytest.raises(ServiceDenied, match="泌阳县应急管理局名义办理"):
        case_close(actor=city_leader, case=case, on=TODAY, note="已缴清罚款")
    with pytest.raises(ServiceDenied, match="泌阳县应急管理局名义办理"):
        case_enforcement_apply(actor=city_leader, case=case, on=TODAY, court="泌阳县人民法院")
    approval = f"/cases/{case.pk}/execution/installment/"  # the approver's form while the fine is owed
    client.force_login(w["head"])
    assert approval in client.get(f"/cases/{case.pk}/execution/").content.decode()
    client.force_login(city_leader)
    assert approval not in client.get(f"/cases/{case.pk}/execution/").content.decode()
