"""Case transfers through the pages (panel form, inbox, outbox, acknowledgement, letter) and the API."""

from datetime import date

import pytest
import time_machine

from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.services.test_cases_execution import COUNTY, make_case

pytestmark = pytest.mark.django_db
RECEIVER = "411721"  # 西平县


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2025-04-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def w(make_user, make_enterprise):
    return {"officer": make_user(COUNTY, Role.OFFICER), "head": make_user(COUNTY, Role.DEPARTMENT_HEAD),
            "receiver": make_user(RECEIVER, Role.OFFICER), "third": make_user("411722", Role.OFFICER),
            "case": make_case(make_enterprise(COUNTY, name="泌阳县宏达建材有限公司"), status="investigated",
                              served_on=None, fine=None, result="")}


def form(**kw) -> dict:
    return {"kind": "agency", "receiver_agency_id": Agency.objects.get(region_id=RECEIVER).pk, "receiver_name": "",
            "reason": "违法行为发生地在西平县境内", "legal_basis": "《中华人民共和国行政处罚法》第二十二条",
            "materials": "立案审批表｜2\n询问笔录｜6", "sent_on": "2025-03-20", **kw}


def test_transfer_from_the_panel_to_acknowledgement_in_the_receivers_inbox(client, w):
    case = w["case"]
    client.force_login(w["officer"])
    page = client.get(f"/cases/{case.pk}/execution/").content.decode()
    assert "批准并移送" not in page  # only an approver sends
    assert client.post(f"/cases/{case.pk}/transfers/new/", form()).status_code == 403
    assert CaseTransfer.objects.count() == 0
    client.force_login(w["head"])
    assert "批准并移送" in client.get(f"/cases/{case.pk}/execution/").content.decode()
    bad = client.post(f"/cases/{case.pk}/transfers/new/", form(materials="询问笔录"), follow=True)
    assert "第1行格式应为“材料名称｜页数”" in bad.content.decode()
    client.post(f"/cases/{case.pk}/transfers/new/", form())
    transfer = CaseTransfer.objects.get()
    assert PenaltyCase.objects.get(pk=case.pk).status == "transferred"
    outbox = client.get("/cases/transfers/outbox/").content.decode()
    assert case.name in outbox and "未签收，已等待12日" in outbox
    panel = client.get(f"/cases/{case.pk}/execution/").content.decode()
    assert "移送书" in panel or "案件移送书" in panel
    assert "未签收，已等待12日" in panel

    client.force_login(w["third"])  # neither side
    assert client.get(f"/cases/transfers/{transfer.pk}/").status_code == 404
    assert client.post(f"/cases/transfers/{transfer.pk}/acknowledge/", {"on": "2025-03-25"}).status_code == 404
    assert case.name not in client.get("/cases/transfers/inbox/").content.decode()
    client.force_login(w["officer"])  # the sender cannot sign for the receiver
    assert client.post(f"/cases/transfers/{transfer.pk}/acknowledge/", {"on": "2025-03-25"}).status_code == 404

    client.force_login(w["receiver"])
    assert case.name in client.get("/cases/transfers/inbox/").content.decode()
    detail = client.get(f"/cases/transfers/{transfer.pk}/").content.decode()
    for text in ("违法行为发生地在西平县境内", "询问笔录（6页）", "签收", "未签收，已等待12日"):
        assert text in detail
    letter = client.get(f"/cases/transfers/{transfer.pk}/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert client.get(f"/cases/{case.pk}/execution/").status_code == 404  # the sender's case stays theirs
    refused = client.post(f"/cases/transfers/{transfer.pk}/acknowledge/",
                          {"on": "2025-03-25", "note": "材料齐全", "open_case": "on"}, follow=True)
    assert "不能据此立案" in refused.content.decode()
    response = client.post(f"/cases/transfers/{transfer.pk}/acknowledge/", {"on": "2025-03-25", "note": "材料齐全"})
    transfer.refresh_from_db()
    assert transfer.acknowledged_on == date(2025, 3, 25) and transfer.acknowledgement_note == "材料齐全"
    assert response.status_code == 302 and response["Location"] == f"/cases/transfers/{transfer.pk}/"

    client.force_login(w["head"])
    client.post(f"/cases/{case.pk}/execution/close/", {"on": "2025-04-01", "note": "已移送"})
    assert PenaltyCase.objects.get(pk=case.pk).status == "closed"


def test_api_transfer_inbox_acknowledge_and_outside_receipts(client, w):
    case = w["case"]
    client.force_login(w["head"])
    payload = {"kind": "agency", "receiver_agency_id": Agency.objects.get(region_id=RECEIVER).pk,
               "reason": "违法行为发生地在西平县境内", "legal_basis": "《中华人民共和国行政处罚法》第二十二条",
               "materials": [{"name": "询问笔录", "pages": 6}], "sent_on": "2025-03-20"}
    created = client.post(f"/api/v1/cases/{case.pk}/transfers", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["document"]["kind"] == "移" and body["days_waiting"] == 12
    again = client.post(f"/api/v1/cases/{case.pk}/transfers", payload, content_type="application/json")
    assert again.status_code == 422
    assert [t["id"] for t in client.get("/api/v1/cases/transfers/outbox").json()] == [body["id"]]
    assert client.post(f"/api/v1/cases/transfers/{body['id']}/acknowledge", {"on": "2025-03-25"},
                       content_type="application/json").status_code == 404  # not addressed to the sender

    client.force_login(w["third"])
    assert client.get(f"/api/v1/cases/transfers/{body['id']}").status_code == 404
    assert client.get("/api/v1/cases/transfers/inbox").json() == []

    client.force_login(w["receiver"])
    assert [t["id"] for t in client.get("/api/v1/cases/transfers/inbox").json()] == [body["id"]]
    done = client.post(f"/api/v1/cases/transfers/{body['id']}/acknowledge", {"on": "2025-03-25"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["acknowledged_on"] == "2025-03-25"
    assert done.json()["days_waiting"] is None and done.json()["received_case_id"] is None
    twice = client.post(f"/api/v1/cases/transfers/{body['id']}/acknowledge", {"on": "2025-03-26"},
                        content_type="application/json")
    assert twice.status_code == 422 and "已于2025-03-25签收" in twice.json()["message"]

    executing = make_case(case.enterprise)
    client.force_login(w["head"])
    crime = client.post(f"/api/v1/cases/{executing.pk}/transfers",
                        {**payload, "kind": "public_security", "receiver_agency_id": None,
                         "receiver_name": "泌阳县公安局", "reason": "涉嫌重大责任事故罪"},
                        content_type="application/json")
    assert crime.status_code == 201 and crime.json()["document"]["kind"] == "涉移"
    assert client.get(f"/api/v1/cases/{executing.pk}/execution").json()["status"] == "executing"
    receipt = client.post(f"/api/v1/cases/transfers/{crime.json()['id']}/receipt",
                          {"on": "2025-03-28", "signer_name": "李警官", "note": "已立案侦查"},
                          content_type="application/json")
    assert receipt.status_code == 200 and receipt.json()["acknowledged_by_name"] == "李警官"
