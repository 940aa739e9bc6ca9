"""Discretion through the pages and the API: the benchmark list and import, the case page (choose a violation,
see its levels, pick one, record the fine and the reasoning), the comparison report and its export."""

import csv
import io
import json
from datetime import date
from importlib import import_module
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from anjian.cases.discretion.importing import BUNDLED
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.django_fixtures import use_storage

pytestmark = pytest.mark.django_db
SOURCE = "安全生产法（2021）示例基准"


@pytest.fixture(autouse=True)
def benchmarks(settings, tmp_path):
    use_storage(settings, tmp_path)
    import_module("anjian.cases.migrations.0003_load_discretion").load(apps, None)


def entry(code, level):
    return DiscretionEntry.objects.get(source=SOURCE, code=code, level=level)


def make_case(enterprise, region="411726", **fields):
    values = {"agency": Agency.objects.get(region_id=region), "enterprise": enterprise, "name": f"{enterprise.name}案",
              "cause": "未如实记录安全生产教育和培训情况", "source": "inspection", "party_name": enterprise.name}
    return PenaltyCase.objects.create(**{**values, **fields})


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def reviewer(make_user):
    return make_user("411700", Role.LEGAL_REVIEWER)


# ---------------------------------------------------------------- the case page

def test_choose_a_violation_pick_a_level_and_record_the_fine(client, officer, make_enterprise):
    case = make_case(make_enterprise(), status="investigated")
    client.force_login(officer)
    found = client.get(f"/cases/{case.pk}/discretion/?q=培训").content.decode()
    assert "未如实记录安全生产教育和培训情况" in found and "?code=AQ-97-4" in found
    assert "生产经营单位的主要负责人" not in found  # individuals' violations are not offered for a unit
    levels = client.get(f"/cases/{case.pk}/discretion/", {"code": "AQ-97-4", "source": SOURCE}).content.decode()
    for text in ("较轻", "一般", "较重", "严重", "3万元以上6万元以下", "经责令限期改正，逾期未改正的"):
        assert text in levels
    general = entry("AQ-97-4", "一般")
    proposal = client.get(f"/cases/{case.pk}/discretion/?entry={general.pk}").content.decode()
    assert "建议罚款幅度：一般" in proposal and "本阶次：<b>3万元以上6万元以下</b>" in proposal
    assert "法定幅度：10万元以下" in proposal and 'name="reasoning"' in proposal
    refused = client.post(f"/cases/{case.pk}/discretion/set/", {"entry_id": general.pk, "proposed_fine": "70000",
                                                                "reasoning": "占比20%"})
    assert refused.status_code == 400
    assert "罚款70000元超过所选裁量阶次「一般」的上限60000.00元" in refused.content.decode()
    missing = client.post(f"/cases/{case.pk}/discretion/set/", {"entry_id": general.pk, "proposed_fine": "40000"})
    assert missing.status_code == 400 and "这个字段是必填项" in missing.content.decode()
    done = client.post(f"/cases/{case.pk}/discretion/set/", {"entry_id": general.pk, "proposed_fine": "40000",
                                                             "reasoning": "未如实记录的从业人员占20%"}, follow=True)
    assert "已记录裁量：AQ-97-4 一般，拟罚款 40000 元" in done.content.decode()
    assert done.redirect_chain[-1][0] == f"/cases/{case.pk}/"  # back on the case page, which shows the panel
    assert "本阶次 3万元以上6万元以下；法定幅度 10万元以下" in done.content.decode()
    case.refresh_from_db()
    assert case.discretion_entry == general and case.proposed_fine == 40000
    assert case.discretion_reasoning == "未如实记录的从业人员占20%"


def test_the_panel_shows_the_applied_level_and_the_ranges(rf, officer, make_enterprise):
    from django.template.loader import render_to_string

    from anjian.cases.discretion.panels import panel

    case = make_case(make_enterprise(), discretion_entry=entry("AQ-99-1", "较重"), proposed_fine=40000,
                     discretion_reasoning="未设置安全警示标志6处")
    request = rf.get("/")
    request.user = officer
    context = panel(request, case)
    html = render_to_string("cases/_discretion.html", context, request=request)
    assert "AQ-99-1" in html and "本阶次 3万元以上5万元以下；法定幅度 5万元以下" in html
    assert "40,000.00 元" in html and "未设置安全警示标志6处" in html and "调整裁量" in html
    # The same template, included with the panel's dict passed as `panel`.
    assert "AQ-99-1" in render_to_string("cases/_discretion.html", {"panel": context}, request=request)


def test_others_may_look_but_not_record(client, other_county_officer, make_user, make_enterprise):
    case = make_case(make_enterprise())
    client.force_login(other_county_officer)
    assert client.get(f"/cases/{case.pk}/discretion/").status_code == 404
    general = entry("AQ-97-4", "一般")
    response = client.post(f"/cases/{case.pk}/discretion/set/", {"entry_id": general.pk, "proposed_fine": "40000",
                                                                 "reasoning": "x"})
    assert response.status_code == 404
    client.force_login(make_user("411726", Role.STATISTICIAN))
    page = client.get(f"/cases/{case.pk}/discretion/?entry={general.pk}").content.decode()
    assert "无权调整本案的裁量" in page and 'name="reasoning"' not in page
    assert client.post(f"/cases/{case.pk}/discretion/set/", {"entry_id": general.pk}).status_code == 403


# ---------------------------------------------------------------- the benchmark list and import

def test_the_list_searches_and_a_reviewer_deactivates_a_level(client, officer, reviewer):
    client.force_login(officer)
    page = client.get("/cases/discretion/", {"q": "可燃气体报警装置"}).content.decode()
    assert "AQ-99-8" in page and "AQ-97-1" not in page and "停用</button>" not in page
    assert client.get("/cases/discretion/import/").status_code == 403
    client.force_login(reviewer)
    light = entry("AQ-99-8", "较轻")
    response = client.post(f"/cases/discretion/{light.pk}/deactivate/", {"next": "/cases/discretion/?q=燃气"})
    assert response.status_code == 302 and unquote(response["Location"]) == "/cases/discretion/?q=燃气"
    light.refresh_from_db()
    assert not light.is_active
    off = client.get("/cases/discretion/", {"q": "可燃气体报警装置", "active": "0"}).content.decode()
    assert "已停用" in off and "启用</button>" in off
    evil = client.post(f"/cases/discretion/{light.pk}/activate/", {"next": "https://evil.example/"})
    assert evil["Location"] == "/cases/discretion/"


def test_a_reviewer_imports_a_benchmark_file_with_preview_then_confirm(client, reviewer):
    client.force_login(reviewer)
    template = client.get("/cases/discretion/import/template.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(template.streaming_content)))
    assert sheet.get_sheet_by_index(0).to_python()[0][:3] == ["编号", "违法行为", "法律规定"]
    with BUNDLED.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:4]
    text = io.StringIO()
    writer = csv.DictWriter(text, list(rows[0]))
    writer.writeheader()
    writer.writerows({**r, "source": "某市补充基准"} for r in rows)
    upload = SimpleUploadedFile("基准.csv", text.getvalue().encode("gbk"), content_type="text/csv")
    preview = client.post("/cases/discretion/import/", {"file": upload})
    assert preview.status_code == 200 and preview.context["report"].created == 4
    digest = preview.context["report"].sha256
    done = client.post("/cases/discretion/import/confirm/", {"sha256": digest}, follow=True)
    assert "新增 4 条" in done.content.decode()
    assert DiscretionEntry.objects.filter(source="某市补充基准").count() == 4


# ---------------------------------------------------------------- the comparison report

@pytest.fixture
def decided(make_enterprise):
    general = entry("AQ-97-4", "一般")
    for region, fine in (("411726", 30000), ("411726", 50000), ("411721", 10000)):
        make_case(make_enterprise(region), region=region, status="decided", decided_on=date(2025, 4, 1),
                  fine_amount=fine, discretion_entry=general, proposed_fine=fine)


def test_the_report_page_and_its_export(client, decided, make_user):
    client.force_login(make_user("411700", Role.STATISTICIAN))
    page = client.get("/cases/discretion/report/", {"year": "2025"}).content.decode()
    assert "AQ-97-4 未如实记录安全生产教育和培训情况" in page
    assert "泌阳县" in page and "西平县" in page and "1（100.0%）" in page
    export = client.get("/cases/discretion/report.xlsx", {"year": "2025", "code": "AQ-97-4"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert rows[0][3:7] == ["办案机关", "决定案件数", "最低罚款（元）", "中位数（元）"]
    assert [r[3] for r in rows[1:]][-1] == "合计" and rows[-1][4] in ("3", 3, 3.0)


# ---------------------------------------------------------------- the API

def test_api_entries_levels_proposal_and_comparison(client, decided, officer):
    client.force_login(officer)
    listing = client.get("/api/v1/discretion/entries", {"q": "培训", "size": 100}).json()
    assert listing["count"] >= 8 and {r["code"] for r in listing["results"]} >= {"AQ-97-3", "AQ-97-4"}
    general = entry("AQ-97-4", "一般")
    detail = client.get(f"/api/v1/discretion/entries/{general.pk}").json()
    assert [lv["level"] for lv in detail["levels"]] == ["较轻", "一般", "较重", "严重"]
    proposal = client.get("/api/v1/discretion/propose", {"code": "AQ-97-4", "level": "严重"}).json()
    assert proposal["level_range"] == "10万元以上20万元以下" and proposal["statutory_range"] == "10万元以上20万元以下"
    assert client.get("/api/v1/discretion/propose").json()["code"] == "invalid_request"
    violations = client.get("/api/v1/discretion/violations", {"party_kind": "individual"}).json()
    assert {v["code"] for v in violations} == {"AQ-94", "AQ-96", "AQ-102-P", "AQ-106"}
    comparison = client.get("/api/v1/discretion/comparison", {"year": 2025}).json()
    assert comparison[0]["code"] == "AQ-97-4" and comparison[0]["total"]["cases"] == 2  # own county only


def test_api_records_discretion_on_a_case_and_explains_a_refusal(client, officer, other_county_officer,
                                                                make_enterprise):
    case = make_case(make_enterprise())
    general = entry("AQ-97-4", "一般")
    client.force_login(officer)
    body = {"entry_id": general.pk, "proposed_fine": "90000", "reasoning": "理由"}
    refused = client.post(f"/api/v1/discretion/cases/{case.pk}", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["message"] == "罚款90000元超过所选裁量阶次「一般」的上限60000.00元"
    body["proposed_fine"] = "35000"
    done = client.post(f"/api/v1/discretion/cases/{case.pk}", json.dumps(body), content_type="application/json")
    assert done.status_code == 200 and done.json()["entry"]["code"] == "AQ-97-4"
    assert done.json()["penalty_provision"].startswith("《中华人民共和国安全生产法》第九十七条")
    assert client.get(f"/api/v1/discretion/cases/{case.pk}").json()["proposed_fine"] in ("35000.00", 35000.0)
    client.force_login(other_county_officer)
    assert client.get(f"/api/v1/discretion/cases/{case.pk}").status_code == 404
    assert client.post(f"/api/v1/discretion/entries/{general.pk}/deactivate").status_code == 403
