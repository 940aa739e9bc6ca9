"""The home page opens on the user's to-do list (待办) and `GET /api/v1/me/todo` answers the same list."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.services import inspection_plan
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def planned(make_enterprise, county_officer):
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    out = []
    for days, name in ((5, "泌阳县晚些检查有限公司"), (-2, "泌阳县逾期待批有限公司")):
        out.append(inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME, name=name),
                                   source="random", planned_date=TODAY + timedelta(days=days),
                                   officer_ids=[o.pk for o in team]))
    return out


def test_the_home_page_lists_what_waits_for_the_approver_most_urgent_first(client, make_user, planned):
    client.force_login(make_user(HOME, Role.DEPARTMENT_HEAD))
    page = client.get("/home/").content.decode()
    assert "<h1>待办" in page
    links = re.findall(r'<a href="(/inspections/\d+/)"><strong class="todo-action">审批检查方案</strong>', page)
    assert links == [f"/inspections/{planned[1].pk}/", f"/inspections/{planned[0].pk}/"]
    assert "已逾期2日" in page and f"期限 {planned[0].planned_date:%Y-%m-%d}" in page
    assert re.search(r'class="nav-badge"[^>]*>2<', page)  # the count on the navigation
    assert 'href="?kind=inspection_approve"' in page  # a tile per kind, clickable


def test_an_officer_without_the_capability_sees_none_of_it(client, county_officer, planned):
    client.force_login(county_officer)
    page = client.get("/home/").content.decode()
    assert "审批检查方案" not in page and "暂无待办事项" in page and "nav-badge" not in page


def test_the_kind_filter_keeps_one_kind(client, make_user, planned, county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    client.force_login(head)
    assert client.get("/home/?kind=document_issue").content.decode().count('data-kind="inspection_approve"') == 0
    assert client.get("/home/?kind=inspection_approve").content.decode().count('data-kind="inspection_approve"') == 2
    assert client.get("/home/?kind=nonsense").status_code == 200  # an unknown kind shows everything


def test_the_api_answers_the_list_and_its_total(client, make_user, planned):
    client.force_login(make_user(HOME, Role.DEPARTMENT_HEAD))
    body = client.get("/api/v1/me/todo").json()
    assert body["total"] == 2 and body["more"] == 0
    first = body["items"][0]
    assert (first["kind"], first["action"], first["link"], first["overdue"], first["days_overdue"]) == (
        "inspection_approve", "审批检查方案", f"/inspections/{planned[1].pk}/", True, 2)
    assert first["supervise"] is False and first["agency"] == ""  # the user's own step, to act on
    assert client.get("/api/v1/me/todo", {"kind": "case_filing"}).json() == {"items": [], "total": 0, "more": 0}
    refused = client.get("/api/v1/me/todo", {"kind": "nonsense"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_request"


def test_the_api_refuses_anonymous_callers_in_json(client):
    response = client.get("/api/v1/me/todo")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_the_openapi_document_declares_the_todo(client, county_officer):
    client.force_login(county_officer)
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/me/todo"]["get"]
    assert {"200", "401", "403", "422"} <= set(op["responses"])
    kinds = op["parameters"][0]["schema"]
    assert op["parameters"][0]["name"] == "kind" and "inspection_approve" in str(kinds)


def test_the_city_sees_its_countys_overdue_item_to_press_apart_and_filters_by_agency(client, make_user, planned):
    make_user(HOME, Role.DEPARTMENT_HEAD)  # the county approves its own: the city sees only the overdue plan
    client.force_login(make_user("411700", Role.AGENCY_LEADER))
    page = client.get("/home/").content.decode()
    assert page.count('data-kind="inspection_approve"') == 1 and "泌阳县逾期待批有限公司" in page
    assert "驻马店市泌阳县应急管理局 <b>1</b>" in page
    own, below = page.split('data-testid="todo-below"')
    assert 'data-kind="inspection_approve"' in below and "督促审批检查方案" in below and 'data-supervise="1"' in below
    assert "暂无待办事项" in own.split('data-testid="todo-list"')[1]  # nothing of the county's to act on
    (pressed,) = client.get("/api/v1/me/todo").json()["items"]
    assert pressed["supervise"] is True and pressed["action"] == "督促审批检查方案"
    only = client.get("/home/", {"agency": "驻马店市泌阳县应急管理局"}).content.decode()
    assert only.count('data-kind="inspection_approve"') == 1 and "全部下级单位" in only


def test_the_badge_follows_the_users_own_step_at_once(client, make_user, planned):
    client.force_login(make_user(HOME, Role.AGENCY_LEADER))  # approves; drafts no document (no DOCUMENT_ISSUE)
    assert re.search(r'class="nav-badge"[^>]*>2<', client.get("/home/").content.decode())
    assert re.search(r'class="nav-badge"[^>]*>2<', client.get("/inspections/").content.decode())  # kept
    response = client.post(f"/inspections/{planned[0].pk}/approve/", {"opinion": "同意"})
    assert response.status_code == 302
    assert re.search(r'class="nav-badge"[^>]*>1<', client.get("/inspections/").content.decode())


def test_a_reminder_reaches_only_those_of_the_agency_who_act_on_it(client, make_user, county_officer):
    from anjian.notices.models import Notice
    from anjian.regions.models import Agency

    agency = Agency.objects.get(region_id=HOME)
    Notice.objects.create(key="guidance_report:9", agency=agency, region_id=HOME, level="overdue",
                          title="执法指导整改报告逾期未报：驻马店市应急管理局", link="/guidance/9/")
    client.force_login(county_officer)  # no GUIDANCE_MANAGE: cannot submit the report, is not asked to
    assert "执法指导整改报告逾期未报" not in client.get("/home/").content.decode()
    client.force_login(make_user(HOME, Role.AGENCY_LEADER))
    assert "执法指导整改报告逾期未报" in client.get("/home/").content.decode()


def test_an_overdue_rectification_is_pressed_and_its_page_says_what_to_do(client, make_user, make_enterprise,
                                                                           county_officer):
    from tests.services.test_rectification import build

    today = timezone.localdate()
    leader, head = make_user(HOME, Role.AGENCY_LEADER), make_user(HOME, Role.DEPARTMENT_HEAD)
    inspection, _, _ = build(county_officer, head, make_enterprise(HOME), started=today - timedelta(days=40),
                             deadlines=[today - timedelta(days=3)])
    client.force_login(leader)
    home = client.get("/home/").content.decode()
    assert 'data-kind="rectification_overdue" data-supervise="1"' in home and "督促逾期整改" in home
    page = client.get(f"/inspections/rectification/inspection/{inspection.pk}/").content.decode()
    assert 'data-testid="supervise-note"' in page and "督促" in page
    client.force_login(county_officer)  # the team's officer is told to re-inspect, with the link
    page = client.get(f"/inspections/rectification/inspection/{inspection.pk}/").content.decode()
    assert 'data-testid="act-note"' in page and f"/inspections/rectification/inspection/{inspection.pk}/reinspect/" in page
