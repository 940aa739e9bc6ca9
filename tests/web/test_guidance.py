"""执法指导 and 典型案例 through the pages and the API."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from anjian.cases.models import PenaltyCase
from anjian.domain.permissions import Role
from anjian.guidance.models import GuidanceReview, TypicalCase
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db
CITY, COUNTY, OTHER = "411700", "411726", "411721"


def test_city_schedules_and_runs_a_review_the_county_answers(client, make_user):
    city, county = make_user(CITY, Role.DEPARTMENT_HEAD), make_user(COUNTY, Role.DEPARTMENT_HEAD)
    client.force_login(city)
    page = client.get("/guidance/?year=2026").content.decode()
    assert "安排年度执法指导" in page and "本年度暂无执法指导安排" in page
    agency = Agency.objects.get(region_id=CITY)
    assert client.post("/guidance/schedule/", {"agency": agency.pk, "year": 2026}).status_code == 302
    review = GuidanceReview.objects.get(subordinate__region_id=COUNTY)
    page = client.get("/guidance/?year=2026").content.decode()
    assert Agency.objects.get(region_id=COUNTY).name in page
    client.post(f"/guidance/{review.pk}/start/", {"review_date": "2026-03-10", "reviewers": "李四", "sample": 2})
    detail = client.get(f"/guidance/{review.pk}/").content.decode()
    assert "年度监督检查计划编制" in detail and "未编制本年度监督检查计划" in detail
    refused = client.post(f"/guidance/{review.pk}/letter/", {"rectify_by": "2026-04-30"}, follow=True)
    assert "以下检查项尚未评定" in refused.content.decode()
    api = client.post(f"/api/v1/guidance/reviews/{review.pk}/findings",
                      {"code": "training", "assessment": "poor", "opinion": ""}, content_type="application/json")
    assert api.status_code == 422 and "须写明问题及意见" in api.json()["message"]
    client.force_login(county)
    assert client.get(f"/guidance/{review.pk}/").status_code == 200
    assert client.post(f"/guidance/{review.pk}/start/", {"review_date": "2026-03-10", "reviewers": "x",
                                                         "sample": 1}).status_code \
        == 403
    assert client.get(f"/api/v1/guidance/reviews/{review.pk}").json()["status"] == "in_progress"
    client.force_login(make_user(OTHER, Role.DEPARTMENT_HEAD))
    assert client.get(f"/guidance/{review.pk}/").status_code == 404
    assert client.get(f"/api/v1/guidance/reviews/{review.pk}").status_code == 404


def test_typical_cases_export_in_the_reporting_format(client, make_user, make_enterprise):
    head = make_user(COUNTY, Role.DEPARTMENT_HEAD)
    e = make_enterprise(COUNTY)
    case = PenaltyCase.objects.create(
        agency=Agency.objects.get(region_id=COUNTY), enterprise=e, name="未按规定排查治理事故隐患案", cause="未排查隐患",
        source="inspection", party_name=e.name, status="closed", result="penalized", filed_on=date(2026, 3, 1),
        decided_on=date(2026, 4, 20), fine_amount=Decimal("30000.00"), facts="现场检查发现…",
        penalty_provision="《中华人民共和国安全生产法》第一百零二条")
    client.force_login(head)
    response = client.post("/guidance/typical/select/", {"case": case.pk, "title": "某公司未排查隐患案",
                                                          "highlights": "严格执法"})
    assert response.status_code == 302 and TypicalCase.objects.get().case == case
    again = client.post("/guidance/typical/select/", {"case": case.pk, "title": "x", "highlights": "y"})
    assert "该案件已选报典型案例" in again.content.decode()
    docx = Docx(io.BytesIO(client.get("/guidance/typical/?format=docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    for part in ("案例1：某公司未排查隐患案", "一、基本情况", "2026年3月1日立案", "2026年4月20日作出处罚决定",
                 "罚款人民币30000.00元", "五、典型意义", "严格执法"):
        assert part in text
    ws = load_workbook(io.BytesIO(client.get("/guidance/typical/?format=xlsx").content)).active
    assert ws.cell(2, 2).value == "某公司未排查隐患案" and ws.cell(2, 8).value == 30000.0
    client.force_login(make_user(OTHER, Role.DEPARTMENT_HEAD))
    assert "某公司未排查隐患案" not in client.get("/guidance/typical/").content.decode()
