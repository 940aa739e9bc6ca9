"""A case step refuses the same input the same way on its page and in its API: the ids a step names are converted
by one scoped function both call, and the page's form and the API's schema bound the fields alike."""

from datetime import date

import pytest
import time_machine

from anjian.cases.core.origins import HAZARDS_UNKNOWN, LEAD_NOT_IN_TEAM, OFFICERS_UNKNOWN
from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.cases.transfers.selectors import RECEIVER_UNKNOWN
from anjian.domain.permissions import Role
from anjian.officers.models import Officer
from anjian.regions.models import Agency
from tests.services.case_helpers import OTHER, bring, stub_pdf, world
from tests.services.inspection_helpers import officer
from tests.services.test_cases_execution import COUNTY, make_case

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _json(client, url, body):
    return client.post(url, body, content_type="application/json")


def _new_case(w, **ids) -> dict:
    return {"enterprise_id": w["enterprise"].pk, "source": "complaint", "source_note": "12350举报",
            "cause": "未按规定设置安全警示标志", "facts": "现场核查属实", "party_kind": "unit",
            "officer_ids": [o.pk for o in w["team"]], **ids}


def _page_says(response, text: str) -> bool:
    return response.status_code == 200 and text in response.content.decode()


def test_an_officer_of_another_county_is_refused_on_the_page_as_in_the_api_like_a_nonexistent_one(client, w):
    foreign = officer(OTHER, name="王五")
    missing = Officer.objects.order_by("-pk").first().pk + 100
    client.force_login(w["officer"])
    for stranger in (foreign.pk, missing):
        ids = [w["team"][0].pk, stranger]
        api = _json(client, f"{API}/", _new_case(w, officer_ids=ids))
        assert api.status_code == 422 and api.json()["message"] == OFFICERS_UNKNOWN
        assert api.json()["detail"] == [{"field": "officer_ids", "reason": OFFICERS_UNKNOWN}]
        assert _page_says(client.post("/cases/new/", _new_case(w, officer_ids=ids)), OFFICERS_UNKNOWN)
    assert not PenaltyCase.objects.exists()


def test_a_lead_outside_the_team_and_a_hazard_of_another_enterprise_are_refused_alike(client, w, make_enterprise):
    from anjian.inspections.models import Hazard, Inspection

    other = make_enterprise(w["enterprise"].region_id, name="另一家单位")
    inspection = Inspection.objects.create(enterprise=other, agency=Agency.objects.get(region_id=COUNTY),
                                           source="annual_plan", planned_date=date(2025, 1, 10))
    hazard = Hazard.objects.create(inspection=inspection, enterprise=other, description="别家的隐患",
                                   handling="deadline", deadline=date(2025, 1, 20), status="escalated")
    lead = officer(w["enterprise"].region_id, name="赵六")
    client.force_login(w["officer"])
    for field, value, reason in (("lead_officer_id", lead.pk, LEAD_NOT_IN_TEAM),
                                 ("hazard_ids", [hazard.pk], HAZARDS_UNKNOWN)):
        api = _json(client, f"{API}/", _new_case(w, **{field: value}))
        assert api.status_code == 422 and api.json()["message"] == reason
        assert _page_says(client.post("/cases/new/", _new_case(w, **{field: value})), reason)
    assert not PenaltyCase.objects.exists()


def test_a_cause_longer_than_its_column_is_refused_by_both_doors_before_the_database(client, w):
    client.force_login(w["officer"])
    long = _new_case(w, cause="未" * 256)
    api = _json(client, f"{API}/", long)
    assert api.status_code == 422 and api.json()["code"] == "invalid_request"
    page = client.post("/cases/new/", long)
    assert page.status_code == 200 and "255" in page.content.decode()
    assert not PenaltyCase.objects.exists()


def test_an_extension_past_the_limit_reads_the_same_on_the_page_and_in_the_api(client, w):
    case = bring(w, "investigating")
    client.force_login(w["head"])
    api = _json(client, f"{API}/{case.pk}/extensions", {"days": 100, "reason": "案情复杂"})
    assert api.status_code == 422 and api.json()["message"] == "延长天数应为1至90日"
    page = client.post(f"/cases/{case.pk}/extensions/", {"days": 100, "reason": "案情复杂"}, follow=True)
    assert "延长天数应为1至90日" in page.content.decode()
    assert PenaltyCase.objects.get(pk=case.pk).extension_days == 0


@pytest.fixture
def transferred(make_user, make_enterprise):
    with time_machine.travel("2025-04-01 10:00 +0800", tick=False):
        head = make_user(COUNTY, Role.DEPARTMENT_HEAD)
        case = make_case(make_enterprise(COUNTY, name="泌阳县宏达建材有限公司"), status="investigated", served_on=None,
                         fine=None, result="")
        yield {"head": head, "case": case, "receiver": make_user("411721", Role.OFFICER)}


def _transfer(**kw) -> dict:
    return {"kind": "agency", "receiver_name": "", "reason": "违法行为发生地在西平县境内",
            "legal_basis": "《中华人民共和国行政处罚法》第二十二条", "sent_on": "2025-03-20", **kw}


def test_an_unknown_receiving_agency_reads_the_same_on_the_page_and_in_the_api(client, transferred):
    case, missing = transferred["case"], Agency.objects.order_by("-pk").first().pk + 100
    client.force_login(transferred["head"])
    api = _json(client, f"{API}/{case.pk}/transfers",
                _transfer(receiver_agency_id=missing, materials=[{"name": "询问笔录", "pages": 6}]))
    assert api.status_code == 422 and api.json()["message"] == RECEIVER_UNKNOWN
    page = client.post(f"/cases/{case.pk}/transfers/new/",
                       _transfer(receiver_agency_id=missing, materials="询问笔录｜6"), follow=True)
    assert RECEIVER_UNKNOWN in page.content.decode()
    own = client.post(f"/cases/{case.pk}/transfers/new/",
                      _transfer(receiver_agency_id=case.agency_id, materials="询问笔录｜6"), follow=True)
    assert "不能移送本机关" in own.content.decode()  # as the API says (the page no longer says "选择一个有效的选项")
    assert not CaseTransfer.objects.exists()


def test_acknowledging_with_an_officer_of_another_county_reads_the_same_on_the_page_and_in_the_api(
        client, transferred):
    case = transferred["case"]
    client.force_login(transferred["head"])
    body = _transfer(receiver_agency_id=Agency.objects.get(region_id="411721").pk,
                     materials=[{"name": "询问笔录", "pages": 6}])
    transfer = _json(client, f"{API}/{case.pk}/transfers", body).json()
    foreign = officer(COUNTY, name="本县的人")
    client.force_login(transferred["receiver"])
    api = _json(client, f"{API}/transfers/{transfer['id']}/acknowledge",
                {"on": "2025-03-25", "open_case": True, "officer_ids": [foreign.pk]})
    assert api.status_code == 422 and api.json()["message"] == OFFICERS_UNKNOWN
    page = client.post(f"/cases/transfers/{transfer['id']}/acknowledge/",
                       {"on": "2025-03-25", "open_case": "on", "officer_ids": [foreign.pk]}, follow=True)
    assert OFFICERS_UNKNOWN in page.content.decode()
    assert CaseTransfer.objects.get().acknowledged_on is None
