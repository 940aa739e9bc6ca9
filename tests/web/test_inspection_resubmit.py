"""A plan sent back for its team is corrected on the resubmit form (ADR 0031): officers and leader under the rules
of planning (two or more with valid certificates), experts, department, date and place; the API takes the same."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_plan, inspection_return
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def returned(county_officer, make_enterprise, make_user):
    team = [officer(name="张三"), officer(name="李四")]
    planned = inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME), source="annual_plan",
                              planned_date=TODAY + timedelta(days=2), officer_ids=[o.pk for o in team])
    return inspection_return(actor=make_user(HOME, Role.DEPARTMENT_HEAD), inspection=planned,
                             reason="请增加一名检查组成员")


def _team(inspection):
    return sorted((m.officer.name, m.role) for m in Inspection.objects.get(pk=inspection.pk).team.select_related(
        "officer"))


def test_the_planner_adds_a_member_and_changes_the_leader_on_the_resubmit_form(client, returned, county_officer):
    wang = officer(name="王五")
    expired = officer(name="赵六", expires=TODAY - timedelta(days=1))
    client.force_login(county_officer)
    page = client.get(f"/inspections/{returned.pk}/").content.decode()
    form = page.split(f'action="/inspections/{returned.pk}/resubmit/"')[1].split("</form>")[0]
    assert 'name="officers"' in form and "王五" in form and 'name="leader"' in form and "专家" in form
    assert 'name="planned_date"' in form and 'name="place"' in form
    zhang, li = (m.officer_id for m in returned.team.order_by("officer__name"))
    refused = client.post(f"/inspections/{returned.pk}/resubmit/", {
        "team": "True", "officers": [zhang, expired.pk], "planned_date": TODAY.isoformat()}, follow=True)
    assert "执法人员赵六的执法证已于" in refused.content.decode()
    assert Inspection.objects.get(pk=returned.pk).status == "returned"
    client.post(f"/inspections/{returned.pk}/resubmit/", {
        "team": "True", "officers": [zhang, li, wang.pk], "leader": wang.pk, "planned_date": TODAY.isoformat(),
        "place": "二号仓库"})
    fresh = Inspection.objects.get(pk=returned.pk)
    assert fresh.status == "planned" and fresh.place == "二号仓库" and fresh.planned_date == TODAY
    assert _team(fresh) == [("张三", "member"), ("李四", "member"), ("王五", "leader")]


def test_a_date_only_resubmission_keeps_the_team_and_the_api_changes_it(client, returned, county_officer,
                                                                         make_user):
    client.force_login(county_officer)
    client.post(f"/inspections/{returned.pk}/resubmit/", {"planned_date": TODAY.isoformat()})
    assert _team(returned) == [("张三", "leader"), ("李四", "member")]
    inspection_return(actor=make_user(HOME, Role.AGENCY_LEADER), inspection=Inspection.objects.get(pk=returned.pk),
                      reason="请更换检查组成员")
    one = officer(name="孙七")
    response = client.post(f"/api/v1/inspections/{returned.pk}/resubmit", {"officer_ids": [one.pk]},
                           content_type="application/json")
    assert response.status_code == 422 and "两名以上" in response.json()["message"]
    two = officer(name="周八")
    response = client.post(f"/api/v1/inspections/{returned.pk}/resubmit",
                           {"officer_ids": [one.pk, two.pk], "leader_id": two.pk}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert _team(returned) == [("周八", "leader"), ("孙七", "member")]
