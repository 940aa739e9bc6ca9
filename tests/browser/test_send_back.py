"""Through the browser at 360 px: a department head sends an inspection plan back (退回) with a reason; the planner
finds it in the to-do list, sees the step bar at 检查方案 and the reason, corrects the plan and resubmits it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_plan
from tests.browser.conftest import login
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()


def test_a_plan_sent_back_reaches_its_planner_who_resubmits_it(browser, live_server, make_user, make_enterprise,
                                                             county_officer):
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    enterprise = make_enterprise(HOME, name="泌阳县退回测试化工有限公司")
    inspection = inspection_plan(actor=county_officer, enterprise=enterprise, source="random",
                                 planned_date=TODAY + timedelta(days=5), officer_ids=[o.pk for o in team])
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    try:
        login(page, head)
        page.goto(f"{page.base}/inspections/{inspection.pk}/")
        assert page.locator(".step-bar li.current").inner_text() == "审批"
        form = page.locator(f"form[action='/inspections/{inspection.pk}/return/']")
        form.locator("textarea[name=reason]").fill("检查组成员与本月计划不符，请调整")
        form.locator("button").click()
        page.wait_for_load_state()
        assert "已退回检查方案" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        context.clear_cookies()
        login(page, county_officer)
        page.goto(f"{page.base}/home/")
        item = page.locator(".todo-item", has_text="检查方案已退回").first
        assert item.is_visible() and "检查组成员与本月计划不符" in item.inner_text()
        item.locator("a").first.click()
        page.wait_for_load_state()
        assert page.locator(".step-bar li.current").inner_text() == "检查方案"
        assert "检查组成员与本月计划不符，请调整" in page.inner_text("main")
        page.locator(f"form[action='/inspections/{inspection.pk}/resubmit/'] button").click()
        page.wait_for_load_state()
        assert Inspection.objects.get(pk=inspection.pk).status == "planned"
        page.goto(f"{page.base}/home/")
        assert page.locator(".todo-item", has_text="检查方案已退回").count() == 0
    finally:
        context.close()
