from io import BytesIO

import pytest
from django.urls import reverse

from anjian.campaigns.services_load import DATA_DIR, campaign_load
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
    assert sheet[2][5] == "检查企业（家）" and sheet[3][3:5] == ("安阳", "鹤壁") and sheet[-1][0] == "合计"
    stats_doc = Document(BytesIO(client.get(reverse("campaigns:export", args=[campaign.pk, "statistics", "docx"])).content))
    assert stats_doc.tables[0].rows[0].cells[-1].text == "出动执法人员（人次）"


def test_api_mirrors_scope_and_tables(client, make_user, campaign):
    login(client, make_user("410000", Role.OFFICER))
    data = client.get(f"/api/v1/campaigns/{campaign.pk}").json()
    assert data["arrangement"][5] == ["第二轮次 (8月1日-9月30日)", "互查式异地执法", "开封检查商丘、商丘检查开封"]
    assert [d["date"] for d in data["deadlines"]] == ["2023-05-05", "2023-06-30", "2023-08-05", "2023-09-30"]
    login(client, make_user("410522", Role.OFFICER))
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == 404
    assert client.get("/api/v1/campaigns/").json() == []
