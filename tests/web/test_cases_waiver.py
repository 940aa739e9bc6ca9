"""The party waives the statement (and hearing) periods in writing: recorded in the notice step (date, the scanned
statement or a reference, audited), the decision is then allowed at once; without it, still refused before the
period ends."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.audit.models import AuditEvent
from anjian.cases.models import PenaltyCase
from anjian.common.storage import stored_exists
from tests.services.case_helpers import TODAY, bring, stub_pdf, world

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"
PDF = b"%PDF-1.4\n% waiver\n"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def notified_today(make_user, make_enterprise):
    """A case whose notice was served today (bring() serves it earlier: move the dates to today)."""
    w = world(make_user, make_enterprise)
    case = bring(w, "notified", start=TODAY - timedelta(days=20))
    PenaltyCase.objects.filter(pk=case.pk).update(notice_served_on=TODAY,
                                                  hearing_notice_served_on=case.hearing_notice_served_on and TODAY)
    case.refresh_from_db()
    return w, case


def _decide(client, case):
    return client.post(f"{API}/{case.pk}/decide", {"on": TODAY.isoformat(), "fine": str(case.proposed_fine),
                                                   "summary": "罚款"}, content_type="application/json")


def test_without_a_waiver_the_decision_is_still_refused_before_the_period_ends(client, notified_today):
    w, case = notified_today
    client.force_login(w["head"])
    answer = _decide(client, case)
    assert answer.status_code == 422 and "期满前不能作出处罚决定" in answer.json()["message"]


def test_a_written_waiver_on_the_page_allows_the_decision_at_once(client, notified_today):
    w, case = notified_today
    client.force_login(w["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "登记放弃陈述申辩" in page
    answer = client.post(f"/cases/{case.pk}/waiver/", {"on": TODAY.isoformat(), "reference": "卷内第12页",
                                                       "file": SimpleUploadedFile("声明.pdf", PDF)})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.rights_waived_on == TODAY and case.rights_waiver_ref == "卷内第12页"
    event = AuditEvent.objects.filter(verb="case_rights_waive").get()
    assert event.actor_id == w["officer"].pk and event.payload["new"]["file_sha256"] == case.rights_waiver_sha256
    assert stored_exists(f"waivers/{case.rights_waiver_sha256}")  # in the file storage (ADR 0034)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "书面放弃陈述申辩" in page and "可即时作出" in page
    download = client.get(f"/cases/{case.pk}/waiver/file/")
    assert download.status_code == 200 and download.content == PDF and download["Content-Type"] == "application/pdf"

    client.force_login(w["head"])
    answer = _decide(client, case)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "decided"


def test_the_waiver_through_the_api_and_its_refusals(client, notified_today):
    w, case = notified_today
    client.force_login(w["officer"])
    empty = client.post(f"{API}/{case.pk}/waiver", {"on": TODAY.isoformat()})
    assert empty.status_code == 422 and "书面放弃声明" in empty.json()["message"]
    wrong = client.post(f"{API}/{case.pk}/waiver", {"file": SimpleUploadedFile("x.txt", b"hello")})
    assert wrong.status_code == 422 and "PDF、JPEG 或 PNG" in wrong.json()["message"]
    early = client.post(f"{API}/{case.pk}/waiver", {"on": (TODAY - timedelta(days=1)).isoformat(),
                                                    "reference": "当事人声明"})
    assert early.status_code == 422 and "不能早于告知书送达日期" in early.json()["message"]
    body = client.post(f"{API}/{case.pk}/waiver", {"reference": "当事人声明（2026）1号"}).json()
    assert body["rights_waived_on"] == TODAY.isoformat() and body["rights_waiver_file"] is False
    again = client.post(f"{API}/{case.pk}/waiver", {"reference": "再次"})
    assert again.status_code == 422 and "已登记" in again.json()["message"]
    client.force_login(w["head"])
    assert _decide(client, case).json()["status"] == "decided"


def test_someone_outside_the_agency_cannot_record_a_waiver(client, notified_today, make_user):
    from anjian.domain.permissions import Role

    _, case = notified_today
    client.force_login(make_user("411721", Role.OFFICER))
    assert client.post(f"{API}/{case.pk}/waiver", {"reference": "x"}).status_code == 404
    assert client.get(f"/cases/{case.pk}/waiver/file/").status_code == 404
