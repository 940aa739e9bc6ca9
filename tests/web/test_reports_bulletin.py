"""The bulletin built from a ranked table: web page with ECharts charts, Word and XLSX downloads."""

import csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from anjian.domain.permissions import Role
from anjian.jobs.models import Job

CITY = "411700"


@pytest.fixture
def leader(make_user, client):
    user = make_user(CITY, Role.AGENCY_LEADER)
    client.force_login(user)
    return user


def test_bulletin_page_from_the_example(client, leader):
    client.post("/reports/rank/", {"action": "example"})
    page = client.get("/reports/rank/bulletin/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "2020年1-6月全市应急管理系统安全生产行政执法情况通报" in html and "驻马店市应急管理局" in html
    assert "执法力度大、成效突出的是泌阳县、遂平县、汝南县；力度较小、成效较差的是驿城区、正阳县、确山县。" in html
    assert "2020年1-6月，各单位检查生产经营单位合计1117家次，立案数合计60，监督检查罚款合计76.71。" in html
    assert "从检查生产经营单位、立案数、监督检查罚款等综合执法成效来看" in html  # units in brackets left out
    assert "2020年7月10日" in html
    assert "/static/vendor/echarts-5.6.0/echarts.min.js" in html and "/static/reports/bulletin-charts.js" in html
    options = re.findall(r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', html, re.S)
    assert [name for name, _ in options] == ["chart-0-option", "chart-1-option", "chart-2-option", "chart-total-option"]
    total = json.loads(options[-1][1])
    assert total["xAxis"]["data"][0] == "泌阳县" and total["series"][0]["data"][0]["value"] == 27


def job_result(client, submitted):
    """Follow a submitted bulletin job to its page and download its file (the job ran in the test)."""
    assert submitted.status_code == 302 and submitted["Location"].startswith("/jobs/")
    job = Job.objects.get(public_id=submitted["Location"].split("/")[2])
    assert job.state == Job.State.DONE and job.kind.startswith("reports.")
    page = client.get(submitted["Location"]).content.decode()
    assert f"/jobs/{job.public_id}/result" in page
    return client.get(f"/jobs/{job.public_id}/result")


def test_the_vendored_echarts_is_served(client, leader):
    response = client.get("/static/vendor/echarts-5.6.0/echarts.min.js")
    assert response.status_code == 200
    assert b"echarts" in b"".join(response.streaming_content)[:2000]


def test_bulletin_fields_can_be_changed_and_reach_the_word_document(client, leader):
    client.post("/reports/rank/", {"action": "example"})
    client.post("/reports/rank/bulletin/", {"title": "关于2020年上半年执法情况的通报", "agency": "驻马店市应急管理局",
                                            "period": "2020年1-6月", "issued_on": "2020-07-15"})
    assert client.get("/reports/rank/bulletin.docx").status_code == 405  # a job is submitted by POST only
    response = job_result(client, client.post("/reports/rank/bulletin.docx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in doc.paragraphs]
    assert "关于2020年上半年执法情况的通报" in texts and "2020年7月15日" in texts
    assert [c.text for c in doc.tables[0].rows[2].cells][:3] == ["1", "泌阳县", "27"]


def test_bulletin_xlsx_download(client, leader):
    client.post("/reports/rank/", {"action": "example"})
    response = job_result(client, client.post("/reports/rank/bulletin.xlsx"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb["排名表"][4]][:3] == [1, "泌阳县", 27]


def test_previous_year_columns_give_per_unit_changes(client, leader):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["县区", "检查家次", "检查家次（上年同期）", "罚款（万元）"],
                      ["甲县", "120", "100", "1.50"], ["乙县", "80", "0", "0.25"]])
    client.post("/reports/rank/", {"action": "upload", "period": "2024年1-6月",
                                   "file": SimpleUploadedFile("t.csv", out.getvalue().encode())})
    html = client.get("/reports/rank/bulletin/").content.decode()
    assert "关于2024年1-6月安全生产行政执法情况的通报" in html  # the default title
    assert "检查家次合计200（同比增加100.0%）" in html and "罚款合计1.75万元" in html
    assert "同比增加20.0%" in html  # 甲县
    assert "上年同期为0，无法计算同比增幅" in html  # 乙县: no percentage, and it says so


def test_bulletin_needs_a_ranked_table_first(client, leader):
    response = client.get("/reports/rank/bulletin/", follow=True)
    assert "请先上传要排名的表格" in response.content.decode()
    assert client.post("/reports/rank/bulletin.docx").status_code == 404
    assert client.post("/reports/rank/bulletin.pdf").status_code == 404
    assert not Job.objects.exists()
