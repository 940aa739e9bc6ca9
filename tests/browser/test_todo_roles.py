"""Through the browser, one test per role: the user signs in, finds a real item in the to-do list (待办) on the home
page, clicks it and lands on the page where the action is — its form or button is there. And at 360 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.accounts.services_security import user_lock
from anjian.campaigns.services import campaign_create
from anjian.documents.services import document_draft
from anjian.domain.permissions import Role
from anjian.domain.todo import campaign_report_deadlines
from anjian.inspections.services import inspection_plan
from anjian.regions.models import Agency
from anjian.supervision.services_handover import handover_form_generate, handover_form_send
from tests.browser.conftest import login
from tests.services import supervision_helpers as sh
from tests.services.case_helpers import bring, stub_pdf, world
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


def open_item(page, user, action: str, title: str) -> str:
    """Sign in, find the item ``action`` ``title`` in the to-do list, click it; → the page's text."""
    login(page, user)
    page.goto(f"{page.base}/home/")
    item = page.locator(".todo-item", has_text=action).filter(has_text=title).first
    assert item.is_visible(), page.inner_text("main")
    assert page.locator(".nav-badge").first.inner_text().strip() != ""
    item.locator("a").first.click()
    page.wait_for_load_state()
    return page.inner_text("main")


def _planned(actor, enterprise, days):
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    return inspection_plan(actor=actor, enterprise=enterprise, source="random",
                           planned_date=TODAY + timedelta(days=days), officer_ids=[o.pk for o in team])


def test_an_officer_signs_the_draft_waiting_in_the_list(page, make_user, make_enterprise, county_officer):
    enterprise = make_enterprise(HOME, name="泌阳县待签发文书有限公司")
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    doc = document_draft(actor=county_officer, agency=Agency.objects.get(region_id=HOME), kind_code="责改",
                         enterprise=enterprise, content={
                             "addressee": enterprise.name, "inspection_date": TODAY.isoformat(),
                             "problems": f"消防通道堵塞｜{(TODAY + timedelta(days=10)).isoformat()}",
                             "inspectors": "\n".join(f"{o.name} {o.certificate_number}" for o in team)})
    open_item(page, county_officer, "签发文书", enterprise.name)
    assert page.url.endswith(f"/documents/{doc.pk}/")
    assert page.locator(f"a[href$='/documents/{doc.pk}/issue/']").is_visible()


def test_a_department_head_approves_the_inspection_plan_waiting_in_the_list(page, make_user, make_enterprise,
                                                                             county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    inspection = _planned(county_officer, make_enterprise(HOME, name="泌阳县待审批检查有限公司"), 5)
    open_item(page, head, "审批检查方案", "泌阳县待审批检查有限公司")
    assert page.url.endswith(f"/inspections/{inspection.pk}/")
    assert page.locator(f"form[action$='/inspections/{inspection.pk}/approve/'] button[type=submit]").is_visible()


def test_a_legal_reviewer_reviews_the_case_waiting_in_the_list(page, make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "legal_review")
    open_item(page, w["reviewer"], "法制审核", case.name)
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert page.locator(f"form[action$='/cases/{case.pk}/legal-review/']").count() == 1


def test_an_agency_leader_decides_the_notified_case(page, make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "notified")
    open_item(page, w["leader"], "作出决定", case.name)
    assert page.locator(f"form[action$='/cases/{case.pk}/decide/']").count() == 1


def test_the_city_sees_a_countys_overdue_plan_labelled_to_press(page, make_user, make_enterprise, county_officer):
    make_user(HOME, Role.DEPARTMENT_HEAD)  # the county has its own approver: the city sees it once overdue
    city = make_user("411700", Role.AGENCY_LEADER)
    inspection = _planned(county_officer, make_enterprise(HOME, name="泌阳县逾期未批有限公司"), -3)
    login(page, city)
    page.goto(f"{page.base}/home/")
    item = page.locator("[data-testid=todo-below] .todo-item", has_text="泌阳县逾期未批有限公司")
    assert "已逾期3日" in item.inner_text() and Agency.objects.get(region_id=HOME).name in item.inner_text()
    assert "督促审批检查方案" in item.inner_text()  # the county's step: the city presses, it does not approve
    assert page.locator("[data-testid=todo-list] .todo-item", has_text="泌阳县逾期未批有限公司").count() == 0
    item.locator("a").first.click()
    page.wait_for_url(f"**/inspections/{inspection.pk}/")


def test_the_home_agency_acknowledges_a_handover_form(page, make_user, make_enterprise):
    w = sh.world(make_user, make_enterprise)
    form = handover_form_send(actor=w["visitor"], form=handover_form_generate(actor=w["visitor"],
                                                                             inspection=sh.carried_out(w)))
    open_item(page, w["home_officer"], "签收移交单", w["assigned"].name)
    assert page.url.endswith(f"/supervision/handovers/{form.pk}/")
    assert page.locator(f"form[action$='/handovers/{form.pk}/acknowledge/']").count() == 1


def test_a_province_planner_reports_the_campaign_summary(page, make_user):
    planner = make_user("410000", Role.DEPARTMENT_HEAD)
    campaign = campaign_create(actor=planner, organiser=Agency.objects.get(region_id="410000"), year=TODAY.year,
                               title="全省异地执法检查（浏览器测试）", deadlines=campaign_report_deadlines(TODAY.year))
    open_item(page, planner, "报送行动方案/总结", campaign.title)
    assert page.url.endswith(f"/campaigns/{campaign.pk}/")
    assert page.locator("form[action$='/deadlines/done/']").count() >= 1


def test_the_security_admin_unlocks_a_locked_account(page, make_user):
    admin = make_user("410000", Role.SECURITY_ADMIN)
    locked = make_user(HOME, Role.OFFICER, username="locked-officer")
    user_lock(actor=admin, user=locked, until=timezone.now() + timedelta(hours=3), reason="测试")
    signed_in(page, admin)  # administrators sign in with two factors: the session is made on the server
    page.goto(f"{page.base}/home/")
    item = page.locator(".todo-item", has_text="处理锁定账号").filter(has_text="locked-officer").first
    assert item.is_visible(), page.inner_text("main")
    item.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/accounts/users/{locked.pk}/")
    assert page.locator(f"form[action$='/users/{locked.pk}/unlock/'] button").is_visible()


def signed_in(page, user) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key,
                               "url": page.base}])


def test_the_list_fits_a_360_px_screen(page, make_user, make_enterprise, county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    _planned(county_officer, make_enterprise(HOME, name="泌阳县名称很长很长的某某化工机械制造有限责任公司"), 5)
    login(page, head)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}/home/")
    assert page.locator(".todo-item").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_a_planner_finds_the_plan_sent_back_with_the_reason_and_resubmits(page, make_user, make_enterprise,
                                                                         county_officer):
    from anjian.inspections.services import inspection_return

    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    inspection = _planned(county_officer, make_enterprise(HOME, name="泌阳县被退回检查有限公司"), 5)
    inspection_return(actor=head, inspection=inspection, reason="检查事项不全，请补充后重新报批")
    open_item(page, county_officer, "已退回", "检查事项不全")
    assert page.url.endswith(f"/inspections/{inspection.pk}/")
    assert page.locator(f"form[action$='/inspections/{inspection.pk}/resubmit/'] button").is_visible()
