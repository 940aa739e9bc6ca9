"""Execution and closing of penalty cases through the pages (the execution panel) and the API."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from anjian.cases.core.panels import panel_contexts
from anjian.cases.models import PenaltyCase
from anjian.domain.permissions import Role
from tests.services.test_cases_execution import COUNTY, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel("2025-04-01 10:00 +0800", tick=False):
        yield


@pytest.fixture
def w(make_user, make_enterprise):
    return {"officer": make_user(COUNTY, Role.OFFICER), "head": make_user(COUNTY, Role.DEPARTMENT_HEAD),
            "reader": make_user(COUNTY, Role.READ_ONLY), "stranger": make_user("411721", Role.DEPARTMENT_HEAD),
            "case": make_case(make_enterprise(COUNTY, name="泌阳县恒安化工有限公司"))}


def test_the_panel_shows_what_is_owed_with_the_surcharge_as_of_today(client, w):
    case = w["case"]
    client.force_login(w["officer"])
    page = client.get(f"/cases/{case.pk}/execution/").content.decode()
    for text in ("执行与结案", "缴款期限", "2025-03-18", "逾期14日", "应加处4200.00元", "14200.00元", "登记缴款", "送达催告书",
                 "作出加处罚款决定"):
        assert text in page, text
    assert "待办：批准延期（分期）缴纳（需相应权限）" in page  # an approver's step
    client.force_login(w["reader"])
    page = client.get(f"/cases/{case.pk}/execution/").content.decode()
    assert "14200.00元" in page and "<form method=\"post\" action=\"/cases/" not in page
    client.force_login(w["stranger"])
    assert client.get(f"/cases/{case.pk}/execution/").status_code == 404


def test_recording_payments_through_the_page_refuses_overpayment(client, w):
    case = w["case"]
    client.force_login(w["officer"])
    refused = client.post(f"/cases/{case.pk}/execution/payments/",
                          {"kind": "fine", "amount": "12000", "paid_on": "2025-03-20"}, follow=True)
    assert "缴款金额12000元超过尚欠罚款10000.00元" in refused.content.decode()
    response = client.post(f"/cases/{case.pk}/execution/payments/",
                           {"kind": "fine", "amount": "10000", "paid_on": "2025-03-20", "receipt_number": "HN-1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.paid_amount == Decimal("10000.00") and case.paid_on == date(2025, 3, 20)
    page = client.get(f"/cases/{case.pk}/execution/").content.decode()
    assert "HN-1" in page and "应加处600.00元" in page
    assert client.post(f"/cases/{case.pk}/execution/close/", {"on": "2025-04-01"}).status_code == 403  # officer
    client.force_login(w["head"])
    early = client.post(f"/cases/{case.pk}/execution/close/", {"on": "2025-04-01", "note": ""}, follow=True)
    assert "尚欠加处罚款600.00元未缴清" in early.content.decode()
    client.post(f"/cases/{case.pk}/execution/payments/", {"kind": "surcharge", "amount": "600", "paid_on": "2025-04-01"})
    client.post(f"/cases/{case.pk}/execution/close/", {"on": "2025-04-01", "note": "已缴清"})
    assert PenaltyCase.objects.get(pk=case.pk).status == "closed"


def test_the_panels_render_inside_the_case_page_composition(rf, w):
    request = rf.get("/")
    request.user = w["head"]
    panels = dict(panel_contexts(request, w["case"])["panels"])
    ex = panels["cases/_execution.html"]["ex"]
    assert ex["show"] and [a[0] for a in ex["actions"]] == ["payment", "reminder", "surcharge", "installment"]
    assert panels["cases/_transfers.html"]["tr"]["form"] is not None  # a suspected crime may still be transferred


def test_api_execution_payments_and_refusals(client, w):
    case = w["case"]
    client.force_login(w["officer"])
    body = client.get(f"/api/v1/cases/{case.pk}/execution").json()
    assert (body["payment_due"], body["days_late"], body["surcharge_total"], body["total_owed"]) == (
        "2025-03-18", 14, "4200.00", "14200.00")
    assert body["next_actions"] == ["payment", "reminder", "surcharge", "installment"]
    over = client.post(f"/api/v1/cases/{case.pk}/payments", {"amount": "10000.01", "paid_on": "2025-03-20"},
                       content_type="application/json")
    assert over.status_code == 422 and "超过尚欠罚款" in over.json()["message"]
    ok = client.post(f"/api/v1/cases/{case.pk}/payments", {"amount": "4000", "paid_on": "2025-03-20"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["fine_left"] == "6000.00"
    assert client.get(f"/api/v1/cases/{case.pk}/payments").json()[0]["amount"] == "4000.00"
    reminder = client.post(f"/api/v1/cases/{case.pk}/reminder", {"on": "2025-03-21"}, content_type="application/json")
    assert reminder.status_code == 200 and reminder.json()["reminder_until"] == "2025-03-31"
    assert {d["kind"] for d in reminder.json()["documents"]} == {"催", "执行催告"}
    assert client.post(f"/api/v1/cases/{case.pk}/enforcement", {"on": "2025-03-31", "court": "泌阳县人民法院"},
                       content_type="application/json").status_code == 403  # officer: approvers apply
    client.force_login(w["head"])
    early = client.post(f"/api/v1/cases/{case.pk}/enforcement", {"on": "2025-03-31", "court": "泌阳县人民法院"},
                        content_type="application/json")
    assert early.status_code == 422 and "2025-04-01起才能申请法院强制执行" in early.json()["message"]
    unpaid = client.post(f"/api/v1/cases/{case.pk}/close", {"on": "2025-04-01"}, content_type="application/json")
    assert unpaid.status_code == 422 and "未缴清" in unpaid.json()["message"]
    applied = client.post(f"/api/v1/cases/{case.pk}/enforcement", {"on": "2025-04-01", "court": "泌阳县人民法院"},
                          content_type="application/json")
    assert applied.status_code == 200 and applied.json()["enforcement_applied_on"] == "2025-04-01"
    client.force_login(w["stranger"])
    assert client.get(f"/api/v1/cases/{case.pk}/execution").status_code == 404
    assert client.post(f"/api/v1/cases/{case.pk}/payments", {"amount": "1", "paid_on": "2025-03-20"},
                       content_type="application/json").status_code == 404


def test_api_refuses_acting_on_an_archived_case(client, w):
    case = make_case(w["case"].enterprise, status="archived")
    client.force_login(w["officer"])
    response = client.post(f"/api/v1/cases/{case.pk}/payments", {"amount": "1", "paid_on": "2025-03-20"},
                           content_type="application/json")
    assert response.status_code == 422 and "案件已归档" in response.json()["message"]


def test_the_case_page_carries_the_execution_and_transfer_panels(client, w):
    client.force_login(w["head"])
    page = client.get(f"/cases/{w['case'].pk}/").content.decode()
    for text in ("执行与结案", "应加处4200.00元", "登记缴款", "案件移送",
                 "批准并移送"):
        assert text in page, text
