"""Disclosure, file check, archive and the case file through the case page, the due list, the public pages and the
API, scoped like the pages."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from anjian.cases.models import PenaltyCase
from anjian.cases.records.services_disclosure import case_disclose
from anjian.domain.permissions import Role
from tests.services.case_records_helpers import HOME, complete_penalty_file, issue, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


@pytest.fixture
def individual(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, status="executing", party_kind="individual", party_name="李建国",
                     party_id_number="41172619800101123X", party_representative="", party_phone="13812345678",
                     party_address="河南省泌阳县花园街道幸福路12号", decided_on=date(2026, 9, 30))
    issue(head, case, "罚", "罚款人民币20000元")
    return case


def test_publish_from_the_case_page_then_find_it_on_the_public_pages_without_login(client, head, individual):
    client.force_login(head)
    page = client.get(f"/cases/{individual.pk}/").content.decode()
    assert 'id="disclosure"' in page and "被处罚人：李某某" in page  # the redacted preview in the form
    response = client.post(f"/cases/{individual.pk}/disclosure/", {"text": "", "on": "2026-10-09",
                                                                    "next": f"/cases/{individual.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{individual.pk}/#disclosure"
    case = PenaltyCase.objects.get(pk=individual.pk)
    assert case.disclosed_on == date(2026, 10, 9) and "李某某" in case.disclosure_text
    client.logout()
    listing = client.get("/public/penalties/").content.decode()
    assert "李某某" in listing and "李建国" not in listing and "（泌阳）应急罚〔2026〕" in listing
    detail = client.get(f"/public/penalties/{case.pk}/").content.decode()
    assert "411726************" in detail and "41172619800101123X" not in detail and "幸福路" not in detail


def test_a_withdrawn_decision_shows_why_on_the_case_page(client, head, individual):
    case = case_disclose(actor=head, case=individual, on=date(2026, 10, 9))
    client.force_login(head)
    blank = client.post(f"/cases/{case.pk}/disclosure/withdraw/", {"reason": ""}, follow=True)
    assert "请填写撤回公开的理由" in blank.content.decode()  # the service's words, as the API answers
    client.post(f"/cases/{case.pk}/disclosure/withdraw/", {"reason": "处罚决定经行政复议被撤销"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "撤回：处罚决定经行政复议被撤销" in page


def test_public_filters_and_unpublished_decisions_are_not_found(client, head, individual, make_enterprise):
    case_disclose(actor=head, case=individual, on=date(2026, 10, 9))
    other = make_case(make_enterprise("411721"), head, status="executing", region="411721", decided_on=date(2025, 6, 3))
    hidden = make_case(make_enterprise(HOME), head, status="executing")
    assert client.get(f"/public/penalties/{hidden.pk}/").status_code == 404
    assert client.get(f"/public/penalties/{other.pk}/").status_code == 404
    by_text = client.get("/public/penalties/", {"q": "李建国"}).content.decode()  # names are searched redacted only
    assert f"/public/penalties/{individual.pk}/" not in by_text
    by_agency = client.get("/public/penalties/", {"agency": individual.agency_id, "year": 2026}).content.decode()
    assert f"/public/penalties/{individual.pk}/" in by_agency
    assert f"/public/penalties/{individual.pk}/" not in client.get("/public/penalties/", {"year": 2025}).content.decode()


def test_the_due_list_shows_late_and_published_late_cases(client, head, individual, make_enterprise):
    published_late = make_case(make_enterprise(HOME), head, status="closed", disclosed_on=date(2026, 5, 29))
    client.force_login(head)
    page = client.get("/cases/disclosures/").content.decode()
    assert individual.name in page and "逾期未公开" in page
    late = client.get("/cases/disclosures/?state=published_late").content.decode()
    assert published_late.name in late and "超期公开" in late and individual.name not in late


def test_check_archive_and_download_through_the_case_page(client, head, make_enterprise):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case, skip=("回",))
    client.force_login(head)
    client.post(f"/cases/{case.pk}/file-check/", {"next": f"/cases/{case.pk}/"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "未通过" in page and "没有送达回执" in page and 'id="step-archive"' not in page
    response = client.post(f"/cases/{case.pk}/archive/", {"retention": "30"})
    assert response.status_code == 302
    assert "案卷评查未通过，不能归档" in client.get(f"/cases/{case.pk}/").content.decode()
    issue(head, case, "回", served_document=f"行政处罚决定书（{case_decision_number(case)}）", place="办公室",
          method="直接送达", served_at="2026年4月2日", recipient="李四")
    client.post(f"/cases/{case.pk}/file-check/", {})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "通过" in page and 'id="step-archive"' in page
    client.post(f"/cases/{case.pk}/archive/", {"retention": "permanent", "on": "2026-11-24"})
    case.refresh_from_db()
    assert case.status == "archived" and case.retention == "permanent"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.archive_number in page and "案卷不得增加、抽取或修改" in page
    response = client.get(f"/cases/{case.pk}/case-file.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 12


def case_decision_number(case) -> str:
    from anjian.cases.records.selectors import decision_document

    return decision_document(case).number


def test_other_counties_and_readers_cannot_act(client, head, individual, make_user):
    sibling = make_user("411721", Role.DEPARTMENT_HEAD)
    client.force_login(sibling)
    assert client.post(f"/cases/{individual.pk}/disclosure/", {}).status_code == 404
    assert client.get(f"/cases/{individual.pk}/case-file.pdf").status_code == 404
    client.force_login(make_user(HOME, Role.READ_ONLY))
    assert client.post(f"/cases/{individual.pk}/disclosure/", {}).status_code == 403
    assert client.post(f"/cases/{individual.pk}/archive/", {"retention": "30"}).status_code == 403
    assert client.get("/cases/disclosures/").status_code == 200


def _api(client, user):
    from anjian.accounts.services import user_issue_api_token

    token = user_issue_api_token(actor=user)

    def call(method, url, **kwargs):
        return getattr(client, method)(f"/api/v1/cases{url}", HTTP_AUTHORIZATION=f"Bearer {token}",
                                       content_type="application/json", **kwargs)

    return call


def test_api_disclose_list_check_archive_and_download(client, head, individual, make_enterprise, make_user):
    api = _api(client, head)
    due = api("get", "/disclosures?state=late").json()
    assert [r["case_id"] for r in due["results"]] == [individual.pk] and due["results"][0]["state"] == "late"
    body = api("post", f"/{individual.pk}/disclosure", data={"on": "2026-10-09"}).json()
    assert body["disclosed_on"] == "2026-10-09" and "李某某" in body["disclosure_text"]
    assert api("post", f"/{individual.pk}/disclosure", data={}).status_code == 422
    withdrawn = api("post", f"/{individual.pk}/disclosure/withdraw", data={"reason": "决定被撤销"}).json()
    assert withdrawn["disclosed_on"] is None and withdrawn["disclosure_required"] is False

    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case, skip=("罚",))
    assert api("get", f"/{case.pk}/file-check").status_code == 404
    check = api("post", f"/{case.pk}/file-check", data={})
    assert check.status_code == 201 and not check.json()["passed"] and "缺少行政处罚决定书" in check.json()["findings"]
    refused = api("post", f"/{case.pk}/archive", data={"retention": "30"})
    assert refused.status_code == 422 and "缺少行政处罚决定书" in refused.json()["message"]
    assert api("get", f"/{case.pk}/case-file.pdf").status_code == 200

    good = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, good)
    assert api("post", f"/{good.pk}/file-check", data={}).json()["passed"]
    done = api("post", f"/{good.pk}/archive", data={"retention": "10"}).json()
    assert done["status"] == "archived" and done["archive_number"].startswith("（泌阳）应急案〔")
    assert api("post", f"/{good.pk}/file-check", data={}).json()["message"].startswith("案件已归档")

    other = _api(client, make_user("411721", Role.DEPARTMENT_HEAD))
    assert other("get", f"/{good.pk}/file-check").status_code == 404
    assert other("post", f"/{good.pk}/archive", data={"retention": "10"}).status_code == 404
    assert other("get", "/disclosures?state=all").json()["count"] == 0
