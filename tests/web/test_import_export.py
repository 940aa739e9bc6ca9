"""Import (upload → preview → confirm) and export through the pages people use."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from anjian.common.storage import IMPORTS, stored_exists, stored_names
from anjian.domain.permissions import Role
from anjian.domain.rows import ENTERPRISE_COLUMNS, OFFICER_COLUMNS
from anjian.enterprises.demo import enterprise_rows
from anjian.enterprises.models import Enterprise
from anjian.officers.models import Officer
from tests.django_fixtures import use_storage

pytestmark = pytest.mark.django_db

LABELS = [c.label for c in ENTERPRISE_COLUMNS]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_storage(settings, tmp_path)


def csv_bytes(rows, encoding="utf-8"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(LABELS)
    for row in rows:
        writer.writerow([row[c.field] for c in ENTERPRISE_COLUMNS])
    return text.getvalue().encode(encoding)


def rows_for(n, code="411726", name="泌阳县", seed=3):
    return list(enterprise_rows([(code, name)], n, seed))


def upload(client, content, name="单位.csv", url="/enterprises/import/"):
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("411726", Role.OFFICER))
    return client


def test_import_page_offers_the_template(officer_client):
    page = officer_client.get("/enterprises/import/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/enterprises/import/template.xlsx" in html and 'enctype="multipart/form-data"' in html
    template = officer_client.get("/enterprises/import/template.xlsx")
    assert template.status_code == 200 and "spreadsheetml" in template["Content-Type"]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content))).get_sheet_by_index(0)
    assert sheet.to_python() == [LABELS]


def test_upload_preview_then_confirm_commits_everything(officer_client, media):
    rows = rows_for(12)
    preview = upload(officer_client, csv_bytes(rows, "gbk"))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "确认导入" in html and "共 <b>12</b> 行" in html and "新增 <b>12</b> 家" in html
    assert Enterprise.objects.count() == 0
    digest = preview.context["report"].sha256
    assert stored_exists(f"imports/{digest}.csv")
    done = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert done.redirect_chain[-1][0] == "/enterprises/"
    assert "新增 12 家" in done.content.decode()
    assert Enterprise.objects.count() == 12
    again = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert "请重新上传" in again.content.decode() and Enterprise.objects.count() == 12


def test_bad_rows_are_listed_and_cannot_be_confirmed(officer_client):
    rows = rows_for(5)
    rows[1]["uscc"] = "123"
    rows[3]["region"] = "411721"  # another county: out of this officer's scope
    preview = upload(officer_client, csv_bytes(rows))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "确认导入" not in html and "未写入任何数据" in html
    assert "第 3 行" in html and "统一社会信用代码应为18位" in html
    assert "第 5 行" in html and "不在本单位管辖范围内" in html
    digest = preview.context["report"].sha256
    refused = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert "请重新上传" in refused.content.decode()
    assert Enterprise.objects.count() == 0


def test_preview_shows_at_most_200_errors(officer_client):
    rows = rows_for(230)
    for row in rows:
        row["region"] = "999999"
    preview = upload(officer_client, csv_bytes(rows))
    assert preview.status_code == 200
    assert len(preview.context["errors"]) == 200 and preview.context["report"].error_count == 230
    assert "显示前 200 处" in preview.content.decode()


@pytest.mark.parametrize(("content", "name", "expected", "status"), [
    ("生产经营单位".encode("utf-16"), "a.csv", "UTF-16", 200),
    (b"\x00\x9f\x92\x96" * 300, "a.csv", "不是 CSV 文本", 200),
    (b"", "a.csv", "文件是空的", 400),
    (b"PK\x03\x04broken", "a.xlsx", "无法读取 Excel 文件", 200),
    (b"hello", "a.exe", "不支持的文件类型", 400),
])
def test_unreadable_uploads_get_a_clear_message_never_a_500(officer_client, content, name, expected, status):
    response = upload(officer_client, content, name=name)
    assert response.status_code == status
    assert expected in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_upload_over_the_limit_is_refused_with_a_clear_message(officer_client, settings, media):
    settings.ANJIAN_IMPORT_MAX_BYTES = 2048
    response = upload(officer_client, csv_bytes(rows_for(40)))
    assert response.status_code == 400
    assert "超过导入上限" in response.content.decode()
    assert list(stored_names(IMPORTS)) == []


def test_missing_file_is_a_clear_message(officer_client):
    response = officer_client.post("/enterprises/import/", {})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()


def test_confirm_needs_the_digest_from_this_session(client, make_user):
    first, second = make_user("411726", Role.OFFICER), make_user("411726", Role.OFFICER)
    client.force_login(first)
    digest = upload(client, csv_bytes(rows_for(3))).context["report"].sha256
    client.force_login(second)
    response = client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert "请重新上传" in response.content.decode() and Enterprise.objects.count() == 0
    bogus = client.post("/enterprises/import/confirm/", {"sha256": "../../etc/passwd"}, follow=True)
    assert bogus.status_code == 200 and Enterprise.objects.count() == 0


def test_users_without_the_capability_are_refused(client, make_user):
    client.force_login(make_user("411726", Role.READ_ONLY))
    assert client.get("/enterprises/import/").status_code == 403
    assert client.post("/enterprises/import/confirm/", {"sha256": "0" * 64}).status_code == 403
    assert client.get("/enterprises/export/").status_code == 403
    assert client.get("/officers/import/").status_code == 403


def test_export_downloads_the_filtered_list_neutralised(officer_client, make_enterprise):
    make_enterprise("411726", name="=1+2", industry="chemical", contact_phone="+8613800000000")
    make_enterprise("411726", name="泌阳机械有限公司", industry="industry_trade")
    make_enterprise("411721", name="西平化工有限公司", industry="chemical")
    response = officer_client.get("/enterprises/export/", {"industry": "chemical"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet[0] == LABELS and len(sheet) == 2
    assert sheet[1][1] == "'=1+2" and sheet[1][10] == "'+8613800000000"


def test_export_then_upload_round_trip(officer_client, make_enterprise):
    for i in range(4):
        make_enterprise("411726", name=f"往返企业{i}有限公司")
    content = b"".join(officer_client.get("/enterprises/export/").streaming_content)
    preview = officer_client.post("/enterprises/import/", {"file": SimpleUploadedFile("导出.xlsx", content)})
    report = preview.context["report"]
    assert report.ok and (report.created, report.updated) == (0, 4)
    officer_client.post("/enterprises/import/confirm/", {"sha256": report.sha256})
    assert Enterprise.objects.count() == 4


def test_officer_import_preview_and_confirm(client, make_user):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    assert "/officers/import/template.xlsx" in client.get("/officers/import/").content.decode()
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([c.label for c in OFFICER_COLUMNS])
    writer.writerow(["HN20260001", "张三", "411726", "2030-12-31", "安全生产执法大队", "工贸", "有效", "是", "男",
                     "1980", "大学本科", "安全工程", "13800000000"])
    preview = upload(client, text.getvalue().encode("utf-8-sig"), name="人员.csv", url="/officers/import/")
    assert preview.status_code == 200 and "确认导入" in preview.content.decode()
    done = client.post("/officers/import/confirm/", {"sha256": preview.context["report"].sha256}, follow=True)
    assert done.redirect_chain[-1][0] == "/officers/" and "新增 1 人" in done.content.decode()
    assert Officer.objects.get().department.name == "安全生产执法大队"
    template = client.get("/officers/import/template.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content))).get_sheet_by_index(0)
    assert sheet.to_python() == [[c.label for c in OFFICER_COLUMNS]]
