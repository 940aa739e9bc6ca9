"""Through the browser at 360 px: the header's search box finds an enterprise and opens it; the draw task form
counts the pool (预览) from ticked choices without saving anything."""

import pytest

from anjian.domain.permissions import Role
from anjian.draws.models import RandomInspectionTask
from tests.browser.conftest import login
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db(transaction=True)
HOME, OTHER = "411726", "411721"


@pytest.fixture
def narrow(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.base = live_server.url
    yield pg
    context.close()


def test_the_header_search_finds_an_enterprise_in_scope_and_opens_it(narrow, make_user, make_enterprise):
    here = make_enterprise(HOME, name="泌阳县浏览器检索化工有限公司")
    make_enterprise(OTHER, name="西平县浏览器检索化工有限公司")
    login(narrow, make_user(HOME, Role.READ_ONLY))
    narrow.click(".menu-toggle")  # at 360 px the search box is in the folded menu
    narrow.fill("form.search-box input[name=q]", "浏览器检索")
    narrow.click("form.search-box button")
    narrow.wait_for_load_state()
    body = narrow.inner_text("main")
    assert "生产经营单位（1）" in body and here.name in body and "西平县" not in body
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360
    narrow.click(f"text={here.name}")
    narrow.wait_for_load_state()
    assert narrow.url.endswith(f"/enterprises/{here.pk}/") and here.uscc in narrow.inner_text("main")


def test_the_draw_form_counts_the_pool_from_ticked_choices(narrow, make_user, make_enterprise):
    for k in range(3):
        make_enterprise(HOME, name=f"泌阳县抽查工贸{k}号", industry="industry_trade")
    for k in range(2):
        officer(region=HOME, name=f"浏览器执法{k}")
    login(narrow, make_user(HOME, Role.DEPARTMENT_HEAD))
    narrow.goto(f"{narrow.base}/draws/new/")
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 360
    total = int(narrow.input_value("input[name=strata-TOTAL_FORMS]"))
    for n in range(1, total):  # keep one stratum: 工贸, any class, 2 units
        narrow.fill(f"input[name=strata-{n}-label]", "")
        narrow.fill(f"input[name=strata-{n}-quota]", "")
        for box in narrow.query_selector_all(f"input[name^='strata-{n}-'][type=checkbox]:checked"):
            box.uncheck()
    narrow.fill("input[name=strata-0-label]", "工贸")
    for box in narrow.query_selector_all("input[name='strata-0-industries']:checked"):
        box.uncheck()
    narrow.check("input[name='strata-0-industries'][value=industry_trade]")
    narrow.uncheck("input[name='strata-0-supervision_classes'][value=general]")
    narrow.fill("input[name=strata-0-quota]", "2")
    narrow.click("button[name=preview]")
    narrow.wait_for_load_state()
    text = narrow.inner_text("#preview")
    assert "工贸\t2\t3\t0" in text and "可抽取的执法人员：2 名" in text
    assert not RandomInspectionTask.objects.exists()
