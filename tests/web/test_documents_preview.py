"""A draft is previewed as PDF before issuing (page and API: nothing stored, numbered or audited); issuing asks for
confirmation first and says it is working; the document names its signer."""

import pytest

from anjian.audit.models import AuditEvent
from anjian.documents.models import Document, NumberCounter
from anjian.documents.services import document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

CONTENT = {"inspection_date": "2026-06-01",
           "problems": [{"text": "配电箱未接地", "deadline": "2026-06-30"}],
           "inspectors": [{"name": "张执法", "certificate": "41172600000001"},
                          {"name": "李执法", "certificate": "41172600000002"}]}


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def draft(officer, make_enterprise):
    agency = Agency.objects.get(region_id="411726")
    return document_draft(actor=officer, agency=agency, kind_code="责改", content=CONTENT,
                          enterprise=make_enterprise("411726", name="预览测试有限公司"))


def _unchanged(draft):
    draft.refresh_from_db()
    return draft.status == "draft" and not draft.number and not draft.pdf_sha256 and not NumberCounter.objects.exists()


def test_a_draft_is_previewed_as_pdf_on_the_page_and_in_the_api_without_being_numbered(client, officer, draft):
    client.force_login(officer)
    events = AuditEvent.objects.count()
    detail = client.get(f"/documents/{draft.pk}/").content.decode()
    assert f"/documents/{draft.pk}/preview.pdf" in detail and "预览 PDF" in detail
    for url in (f"/documents/{draft.pk}/preview.pdf", f"/api/v1/documents/{draft.pk}/preview.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF") and "inline" in response["Content-Disposition"]
    assert _unchanged(draft) and AuditEvent.objects.count() == events


def test_the_preview_context_is_watermarked_with_a_placeholder_number(officer, draft):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from anjian.documents.preview import preview_number
    from anjian.documents.rendering import render_context
    from anjian.documents.services import signed_content

    number = preview_number(draft, timezone.localdate().year)
    assert number == f"（泌阳）应急责改〔{timezone.localdate().year}〕—号"
    context = render_context(kind=draft.kind, agency=draft.agency, enterprise=draft.enterprise,
                             content=signed_content(draft, officer), number=number, issued_on=None, draft=True)
    html = render_to_string("documents/pdf/zegai.html", context)
    assert "草稿预览" in html and 'class="watermark">草稿' in html and number in html
    assert f"签发人：{officer}" in html


def test_an_issued_document_is_not_previewed_and_a_stranger_finds_nothing(client, officer, draft, make_user):
    issued = document_issue(actor=officer, document=draft)
    client.force_login(officer)
    page = client.get(f"/documents/{issued.pk}/preview.pdf", follow=True).content.decode()
    assert "不再预览" in page and f"/documents/{issued.pk}/pdf" in page
    response = client.get(f"/api/v1/documents/{issued.pk}/preview.pdf")
    assert response.status_code == 409 and "只有草稿可以预览" in response.json()["message"]
    client.force_login(make_user("411721", Role.OFFICER))
    assert client.get(f"/documents/{draft.pk}/preview.pdf").status_code == 404
    assert client.get(f"/api/v1/documents/{draft.pk}/preview.pdf").status_code == 404


def test_issuing_asks_for_confirmation_then_issues(client, officer, draft):
    client.force_login(officer)
    detail = client.get(f"/documents/{draft.pk}/").content.decode()
    assert f'href="/documents/{draft.pk}/issue/"' in detail  # a link to the confirmation, not a one-click form
    page = client.get(f"/documents/{draft.pk}/issue/").content.decode()
    assert "签发后文书编号生成且不可修改，确认签发？" in page and 'data-busy="正在签发…"' in page
    assert f"签发人</dt><dd>{officer}" in page and "js/busy.js" in page and "正在签发：" in page
    assert _unchanged(draft)
    done = client.post(f"/documents/{draft.pk}/issue/", follow=True).content.decode()
    draft.refresh_from_db()
    assert draft.status == "issued" and draft.number.startswith("（泌阳）应急责改〔") and draft.number in done
    assert draft.content["signer"] == str(officer) and f"签发人</dt><dd>{officer}" in done
    again = client.get(f"/documents/{draft.pk}/issue/", follow=True).content.decode()
    assert "不能签发" in again


def test_the_confirmation_lists_what_is_missing_instead_of_a_button(client, officer, make_enterprise):
    agency = Agency.objects.get(region_id="411726")
    empty = document_draft(actor=officer, agency=agency, kind_code="责改", content={},
                           enterprise=make_enterprise("411726"))
    client.force_login(officer)
    page = client.get(f"/documents/{empty.pk}/issue/").content.decode()
    assert "签发前还需补充" in page and "缺少存在的问题及整改期限" in page and "确认签发</button>" not in page


def test_the_api_names_the_signer(client, officer, draft):
    client.force_login(officer)
    assert client.post(f"/api/v1/documents/{draft.pk}/issue").json()["signer"] == str(officer)
    assert Document.objects.get(pk=draft.pk).content["signer_id"] == officer.pk


def test_a_signer_of_a_superior_agency_is_refused_in_plain_words(client, officer, draft, make_user):
    """A draft naming the city's leader as 签发人 of the county's order: the confirmation says why instead of a
    signer, and issuing from the page or the API is refused (422, field signer); the draft stays as it was."""
    city_leader = make_user("411700", Role.AGENCY_LEADER)
    Document.objects.filter(pk=draft.pk).update(
        content={**draft.content, "signer_id": city_leader.pk, "signer": str(city_leader)})
    client.force_login(officer)
    page = client.get(f"/documents/{draft.pk}/issue/").content.decode()
    assert f"{city_leader}不是{draft.agency.name}有签发权限的人员" in page
    done = client.post(f"/documents/{draft.pk}/issue/", follow=True).content.decode()
    assert "不能作为本文书的签发人" in done
    answer = client.post(f"/api/v1/documents/{draft.pk}/issue")
    assert answer.status_code == 422 and "不能作为本文书的签发人" in answer.json()["message"]
    assert _unchanged(draft)
