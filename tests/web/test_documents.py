"""Documents through the pages and the API: list, detail, drafting, issuing, void, downloads, templates, scope."""

import io
import json
from urllib.parse import quote

import pytest
from docx import Document as Docx

from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document, DocumentTemplate
from anjian.documents.services import document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

CONTENT = {"inspection_date": "2024-06-01",
           "problems": [{"text": "配电箱未接地", "deadline": "2024-06-30"}],
           "inspectors": [{"name": "张执法", "certificate": "41172600000001"},
                          {"name": "李执法", "certificate": "41172600000002"}]}


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def issued(officer, make_enterprise):
    agency = Agency.objects.get(region_id="411726")
    draft = document_draft(actor=officer, agency=agency, kind_code="责改", content=CONTENT,
                           enterprise=make_enterprise("411726", name="页面文书测试有限公司"))
    return document_issue(actor=officer, document=draft)


def logged_in(client, user):
    client.force_login(user)
    return client


def test_list_and_detail_show_the_document_and_its_downloads(client, officer, issued):
    c = logged_in(client, officer)
    page = c.get("/documents/?kind=责改&status=issued&q=页面文书").content.decode()
    assert issued.number in page and "页面文书测试有限公司" in page
    assert issued.number not in c.get("/documents/?status=voided").content.decode()
    detail = c.get(f"/documents/{issued.pk}/").content.decode()
    assert "配电箱未接地" in detail and f"/documents/{issued.pk}/pdf" in detail and "更正" in detail
    response = c.get(f"/documents/{issued.pk}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"filename*=utf-8''{quote(issued.number + '.pdf')}" in response["Content-Disposition"]
    response = c.get(f"/documents/{issued.pk}/docx")
    assert issued.number in "\n".join(p.text for p in Docx(io.BytesIO(response.content)).paragraphs)


def test_voided_document_keeps_its_number_and_says_so(client, officer, issued):
    c = logged_in(client, officer)
    response = c.post(f"/documents/{issued.pk}/void/", {"reason": "送达对象错误"}, follow=True)
    page = response.content.decode()
    assert "已作废" in page and issued.number in page and "送达对象错误" in page
    assert quote(f"{issued.number}（已作废）.pdf") in c.get(f"/documents/{issued.pk}/pdf")["Content-Disposition"]


def test_draft_is_made_edited_and_issued_through_the_pages(client, officer, make_enterprise):
    c = logged_in(client, officer)
    enterprise = make_enterprise("411726", name="表单测试有限公司")
    agency = Agency.objects.get(region_id="411726")
    response = c.post("/documents/new/", {"kind": "责改", "agency": agency.pk, "enterprise": enterprise.pk})
    assert response.status_code == 302
    doc = Document.objects.get(enterprise=enterprise)
    form = {"addressee": "", "inspection_date": "2024-06-01", "problems": "消防通道堵塞｜2024-06-20\n灭火器过期｜2024/6/25",
            "legal_basis": "", "inspectors": "张执法 41172600000001\n李执法 41172600000002"}
    assert c.post(f"/documents/{doc.pk}/edit/", form).status_code == 302
    doc.refresh_from_db()
    assert doc.content["problems"][1] == {"text": "灭火器过期", "deadline": "2024-06-25"}
    bad = c.post(f"/documents/{doc.pk}/edit/", {**form, "inspection_date": "明天"})
    assert bad.status_code == 200 and "日期" in bad.content.decode()
    page = c.post(f"/documents/{doc.pk}/issue/", follow=True).content.decode()
    doc.refresh_from_db()
    assert doc.status == "issued" and doc.number in page and "已签发" in page
    again = c.post(f"/documents/{doc.pk}/issue/", follow=True).content.decode()
    assert "不能重复签发" in again
    corrected = c.post(f"/documents/{doc.pk}/correct/", {**form, "reason": "期限写错"})
    assert corrected.status_code == 302
    correction = Document.objects.get(replaces=doc)
    c.post(f"/documents/{correction.pk}/issue/")
    doc.refresh_from_db()
    assert doc.status == "voided" and Document.objects.get(pk=correction.pk).status == "issued"


def test_another_county_gets_404_on_pages_and_api(client, make_user, issued):
    other = logged_in(client, make_user("411721", Role.OFFICER))
    for url in (f"/documents/{issued.pk}/", f"/documents/{issued.pk}/pdf", f"/documents/{issued.pk}/docx"):
        assert other.get(url).status_code == 404
    assert other.post(f"/documents/{issued.pk}/void/", {"reason": "x"}).status_code == 404
    assert issued.number not in other.get("/documents/").content.decode()
    assert other.get(f"/api/v1/documents/{issued.pk}").status_code == 404
    response = other.post(f"/api/v1/documents/{issued.pk}/void", json.dumps({"reason": "x"}),
                          content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Document.objects.get(pk=issued.pk).status == "issued"


def test_api_list_get_issue_void_correct(client, officer, issued, make_enterprise):
    c = logged_in(client, officer)
    body = c.get("/api/v1/documents/?kind=责改").json()
    assert body["count"] == 1 and body["results"][0]["number"] == issued.number
    assert c.get(f"/api/v1/documents/{issued.pk}").json()["pdf_url"] == f"/documents/{issued.pk}/pdf"
    again = c.post(f"/api/v1/documents/{issued.pk}/issue")
    assert again.status_code == 409 and again.json()["code"] == "conflict" and "重复签发" in again.json()["message"]
    response = c.post(f"/api/v1/documents/{issued.pk}/correct", json.dumps({"content": CONTENT, "reason": "更正"}),
                      content_type="application/json")
    assert response.status_code == 201 and response.json()["replaces_id"] == issued.pk
    correction = response.json()["id"]
    response = c.post(f"/api/v1/documents/{correction}/issue")
    assert response.status_code == 200 and response.json()["status"] == "issued"
    assert c.get(f"/api/v1/documents/{issued.pk}").json()["status"] == "voided"
    bad = c.post(f"/api/v1/documents/{correction}/void", json.dumps({"reason": ""}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
    ok = c.post(f"/api/v1/documents/{correction}/void", json.dumps({"reason": "误发"}), content_type="application/json")
    assert ok.json()["status"] == "voided" and ok.json()["number"].endswith("2号")


def test_one_who_sees_but_may_not_issue_gets_403_on_pages_and_api_alike(client, make_user, issued):
    """A county officer of 西平 who also reads for the city sees 泌阳's document but may not issue for 泌阳."""
    from anjian.accounts.models import RoleAssignment

    user = make_user("411721", Role.OFFICER)
    RoleAssignment.objects.create(user=user, agency=Agency.objects.get(region_id="411700"), role=Role.READ_ONLY)
    c = logged_in(client, user)
    assert c.get(f"/documents/{issued.pk}/").status_code == 200
    assert c.get(f"/documents/{issued.pk}/correct/").status_code == 403
    assert c.post(f"/documents/{issued.pk}/void/", {"reason": "x"}).status_code == 403
    api = c.post(f"/api/v1/documents/{issued.pk}/void", json.dumps({"reason": "x"}), content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "forbidden"
    assert Document.objects.get(pk=issued.pk).status == "issued"


def test_reader_can_view_but_not_issue(client, make_user, issued):
    reader = logged_in(client, make_user("411726", Role.READ_ONLY))
    assert reader.get(f"/documents/{issued.pk}/").status_code == 200
    assert reader.post(f"/documents/{issued.pk}/void/", {"reason": "x"}).status_code == 403
    assert reader.post(f"/api/v1/documents/{issued.pk}/void", json.dumps({"reason": "x"}),
                       content_type="application/json").status_code == 403


def _template(text: str) -> io.BytesIO:
    doc = Docx()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    out.name = "自定义.docx"
    return out


def test_admin_replaces_a_template_and_a_broken_one_is_refused(client, make_user, officer):
    admin = logged_in(client, make_user("410000", Role.SYSTEM_ADMIN))
    assert admin.get("/documents/templates/").status_code == 200
    broken = admin.post("/documents/templates/", {"kind": "责改", "file": _template("{{ number ")})
    assert broken.status_code == 200 and "模板语法错误" in broken.content.decode()
    unknown = admin.post("/documents/templates/", {"kind": "责改", "file": _template("{{ numbr }}")})
    assert "未定义的变量：numbr" in unknown.content.decode()
    assert not DocumentTemplate.objects.exists()
    good = admin.post("/documents/templates/", {"kind": "责改", "file": _template("新版式 {{ number }} {{ addressee }}")})
    assert good.status_code == 302 and DocumentTemplate.objects.filter(kind_id="责改", active=True).count() == 1
    agency = Agency.objects.get(region_id="411726")
    doc = document_issue(actor=officer, document=document_draft(actor=officer, agency=agency, kind_code="责改",
                                                                content={**CONTENT, "addressee": "某公司"}))
    text = "\n".join(p.text for p in Docx(io.BytesIO(document_file_bytes(doc, "docx"))).paragraphs)
    assert text == f"新版式 {doc.number} 某公司"
    assert admin.post("/documents/templates/责改/reset/").status_code == 302
    assert not DocumentTemplate.objects.filter(active=True).exists()
    officer_client = client
    officer_client.force_login(officer)
    assert officer_client.get("/documents/templates/").status_code == 403
