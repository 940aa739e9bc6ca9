from io import BytesIO

import pytest
from django.urls import reverse

from anjian.campaigns.services_load import DATA_DIR, campaign_load
from anjian.campaigns.statistics import COLUMNS, NOTE
from anjian.domain.permissions import Role
from tests.django_fixtures import PASSWORD


@pytest.fixture
def campaign(db):
    return campaign_load(actor=None, path=DATA_DIR / "henan_2023.json")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_involved_agencies_see_the_campaign_others_get_404(client, make_user, campaign):
    url = reverse("campaigns:detail", args=[campaign.pk])
    page = login(client, make_user("410000", Role.DEPARTMENT_HEAD)).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "安阳检查鹤壁、鹤壁检查濮阳、濮阳检查安阳" in text and "5月5日" in text and "添加检查组" in text
    assert login(client, make_user("410500", Role.OFFICER)).get(url).status_code == 200  # 安阳 is in a ring
    anyang = client.get(url).content.decode()
    assert "添加检查组" not in anyang
    assert login(client, make_user("410522", Role.OFFICER)).get(url).status_code == 404  # 安阳县: not involved
    assert campaign.title not in client.get(reverse("campaigns:list")).content.decode()


def test_group_form_shows_the_reason_when_refused(client, make_user, campaign):
    login(client, make_user("410000", Role.DEPARTMENT_HEAD))
    rnd = campaign.rounds.get(number=1)
    anyang = rnd.groups.get(number=1).memberships.first().agency
    url = reverse("campaigns:group_add", args=[campaign.pk, rnd.pk])
    page = client.post(url, {"mode": "mutual", "members": [anyang.pk]}, follow=True)
    text = page.content.decode()
    assert "须恰好由两个单位组成" in text
    page = client.post(url, {"mode": "ring", "members": []}, follow=True)
    assert "为空" in page.content.decode()
    assert rnd.groups.count() == 4


def test_a_city_officer_cannot_arrange(client, make_user, campaign):
    login(client, make_user("410500", Role.DEPARTMENT_HEAD))
    rnd = campaign.rounds.get(number=1)
    assert client.post(reverse("campaigns:generate", args=[campaign.pk, rnd.pk])).status_code == 403


def test_exports_open_and_contain_the_rows(client, make_user, campaign):
    from docx import Document
    from openpyxl import load_workbook

    login(client, make_user("410000", Role.AGENCY_LEADER))
    xlsx = client.get(reverse("campaigns:export", args=[campaign.pk, "arrangement", "xlsx"]))
    assert xlsx.status_code == 200
    rows = [r for r in load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert rows[0][0] == "异地执法检查统一安排表"
    assert ("第二轮次 (8月1日-9月30日)", "互查式异地执法", "开封检查商丘、商丘检查开封") in rows
    docx = client.get(reverse("campaigns:export", args=[campaign.pk, "arrangement", "docx"]))
    table = Document(BytesIO(docx.content)).tables[0]
    assert [c.text for c in table.rows[6].cells] == ["第二轮次 (8月1日-9月30日)", "互查式异地执法", "开封检查商丘、商丘检查开封"]
    stats = client.get(reverse("campaigns:export", args=[campaign.pk, "statistics", "xlsx"]))
    sheet = list(load_workbook(BytesIO(stats.content)).active.iter_rows(values_only=True))
    assert sheet[0][0] == "异地执法检查情况统计表"
    assert sheet[2][0] == f"填报单位：{campaign.organiser.name}" and sheet[3][0].startswith("填报日期：")
    assert list(sheet[4]) == COLUMNS and sheet[5][3:5] == ("安阳", "鹤壁")
    total = next(r for r in sheet if r[0] == "合计")
    assert list(total[5:]) == [0] * 12 and sheet[-1][0] == NOTE
    stats_doc = Document(BytesIO(client.get(reverse("campaigns:export", args=[campaign.pk, "statistics", "docx"])).content))
    assert [c.text for c in stats_doc.tables[0].rows[0].cells] == COLUMNS
    assert f"填报单位：{campaign.organiser.name}" in [p.text for p in stats_doc.paragraphs]
    assert NOTE in [p.text for p in stats_doc.paragraphs]


def test_statistics_table_as_one_inspecting_unit_fills_it_in(client, make_user, campaign):
    from openpyxl import load_workbook

    from anjian.regions.models import Agency

    login(client, make_user("410000", Role.AGENCY_LEADER))
    anyang = Agency.objects.get(region_id="410500")
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert f'<option value="{anyang.pk}">{anyang.name}</option>' in page and "按填报单位导出" in page
    url = reverse("campaigns:export", args=[campaign.pk, "statistics", "xlsx"])
    sheet = list(load_workbook(BytesIO(client.get(url, {"unit": anyang.pk}).content)).active.iter_rows(
        values_only=True))
    assert sheet[2][0] == f"填报单位：{anyang.name}"
    rows = [r for r in sheet[5:] if isinstance(r[0], int)]
    assert [r[3:5] for r in rows] == [("安阳", "鹤壁")]  # 安阳 inspects 鹤壁 in round 1 only
    county = Agency.objects.get(region_id="410522")  # 安阳县 inspects nobody in this campaign
    assert client.get(url, {"unit": county.pk}).status_code == 404


def test_api_mirrors_scope_and_tables(client, make_user, campaign):
    login(client, make_user("410000", Role.OFFICER))
    data = client.get(f"/api/v1/campaigns/{campaign.pk}").json()
    assert data["arrangement"][5] == ["第二轮次 (8月1日-9月30日)", "互查式异地执法", "开封检查商丘、商丘检查开封"]
    assert [d["date"] for d in data["deadlines"]] == ["2023-05-05", "2023-06-30", "2023-08-05", "2023-09-30"]
    login(client, make_user("410522", Role.OFFICER))
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404
    assert client.get("/api/v1/campaigns/").json() == []


def test_deadline_team_and_home_enterprises_from_the_pages(client, make_user, make_enterprise, campaign):
    from datetime import date, timedelta

    from anjian.campaigns.models import CampaignPairing
    from anjian.officers.models import Officer
    from anjian.regions.models import Agency

    login(client, make_user("410000", Role.DEPARTMENT_HEAD))
    first = campaign.deadlines[0]["name"]
    page = client.post(reverse("campaigns:deadline_done", args=[campaign.pk]), {"name": first}, follow=True)
    assert "已标记为完成" in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.deadlines[0]["done"] is True

    rnd = campaign.rounds.get(number=1)
    client.post(reverse("campaigns:generate", args=[campaign.pk, rnd.pk]))
    pairing = CampaignPairing.objects.filter(round=rnd, inspecting_agency__region_id="410500").first()
    anyang = Agency.objects.get(region_id="410500")
    team = [Officer.objects.create(certificate_number=f"AY{i:06d}", certificate_expires=date.today() + timedelta(days=400),
                                   name=f"安阳{i}", agency=anyang, region_id="410500") for i in range(2)]
    login(client, make_user("410500", Role.DEPARTMENT_HEAD))
    url = reverse("campaigns:team", args=[campaign.pk, pairing.pk])
    assert "安阳0" in client.get(url).content.decode()
    refused = client.post(url, {"officers": [team[0].pk]}, follow=True)
    assert refused.status_code == 200 and pairing.officers.count() == 0  # one officer is not a team
    response = client.post(url, {"officers": [o.pk for o in team]})
    assert response.status_code == 302 and pairing.officers.count() == 2

    # The province issues the round without enterprises; the home city then names them on the assignment page.
    login(client, make_user("410000", Role.DEPARTMENT_HEAD))
    client.post(reverse("campaigns:assign", args=[campaign.pk, rnd.pk]), {})
    pairing.refresh_from_db()
    assert pairing.assignment is not None and pairing.assignment.enterprises.count() == 0
    home = pairing.inspected_agency.region_id
    enterprises = [make_enterprise(home[:4] + "02") for _ in range(2)]  # a district of the inspected city
    login(client, make_user(home, Role.DEPARTMENT_HEAD))
    page = client.post(reverse("supervision:assignment_enterprises", args=[pairing.assignment_id]),
                       {"enterprises": " ".join(e.uscc for e in enterprises)}, follow=True)
    assert "已确定被检查单位 2 家" in page.content.decode()
    assert pairing.assignment.enterprises.count() == 2
