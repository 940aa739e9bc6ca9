"""The officer's phone app at 390 × 844 (issue 14): load it online, go offline, record an inspection with a
hazard, a photo and a signature, come back online and find everything on the server exactly once; an upload cut
off halfway loses and doubles nothing; a hazard changed on a second device meanwhile shows a conflict to settle."""

import time
from datetime import date, timedelta

import pytest

from anjian.domain.permissions import Role
from anjian.field.models import ChecklistResult, FieldConflict, FieldRecord
from anjian.inspections.models import Evidence, Hazard, Inspection
from anjian.inspections.services import inspection_approve, inspection_plan
from anjian.inspections.services_hazards import hazard_update
from tests.browser.conftest import login
from tests.django_fixtures import use_storage
from tests.services.inspection_helpers import HOME, officer, png_bytes

pytestmark = pytest.mark.django_db(transaction=True)
SITE = {"latitude": 32.7003, "longitude": 113.3004}


@pytest.fixture
def trip(make_user, make_enterprise, settings, tmp_path):
    use_storage(settings, tmp_path)
    user = make_user(HOME, Role.OFFICER)
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    enterprise = make_enterprise(HOME, name="泌阳县现场测试化工有限公司", industry="hazardous_chemicals",
                                 longitude="113.300000", latitude="32.700000")
    team = [officer(name="张三", user=user), officer(name="李四")]
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan", planned_date=date.today(),
                                 officer_ids=[o.pk for o in team])
    return user, inspection_approve(actor=head, inspection=inspection)


def until(page, expression: str, seconds: float = 20) -> None:
    """Poll a page expression (wait_for_function evaluates strings, which the app's CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def wait_pending(page, n: int) -> None:
    until(page, f"document.getElementById('pending').textContent === '{n}'")


def sign(page) -> None:
    page.locator("canvas.pad").scroll_into_view_if_needed()
    box = page.locator("canvas.pad").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for k in range(1, 12):
        page.mouse.move(box["x"] + 20 + 18 * k, box["y"] + 30 + (25 if k % 2 else -10), steps=2)
    page.mouse.up()


def test_an_inspection_recorded_offline_reaches_the_server_once(browser, live_server, trip):
    user, inspection = trip
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", geolocation=SITE,
                                  permissions=["geolocation"], service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    try:
        login(page, user)
        page.goto(f"{page.base}/field/")
        page.locator(".card", has_text="泌阳县现场测试化工有限公司").wait_for()
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        until(page, "navigator.serviceWorker.controller !== null")

        context.set_offline(True)
        page.reload()  # the shell from the service worker, the inspection from the phone's store
        page.locator(".card", has_text="泌阳县现场测试化工有限公司").locator("button").click()
        page.locator("#start").click()
        wait_pending(page, 1)
        page.locator(".check-item").first.locator("button", has_text="不符合").click()
        wait_pending(page, 2)
        form = page.locator("form.hazard-form")
        form.locator("textarea[name=description]").fill("液氯储罐区未设置有毒气体报警装置")
        form.locator("select[name=handling]").select_option("deadline")
        form.locator("input[name=deadline]").fill((date.today() + timedelta(days=15)).isoformat())
        form.locator("input[name=photos]").set_input_files(
            files=[{"name": "罐区.png", "mimeType": "image/png", "buffer": png_bytes()}])
        form.locator("button[type=submit]").click()
        wait_pending(page, 4)  # the hazard and its photo
        page.locator("select[name=role]").select_option("officer")
        sign(page)
        page.locator("#save-signature").click()
        until(page, "document.getElementById('pending').textContent === '5' || "
                    "document.getElementById('message').textContent.includes('签名')")
        assert page.inner_text("#pending") == "5", page.inner_text("#message")
        assert "离线" in page.inner_text("#net")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert FieldRecord.objects.count() == 0 and Inspection.objects.get(pk=inspection.pk).status == "approved"

        # back in coverage, the answer to the upload is lost on the way: nothing lost, nothing doubled
        page.route("**/api/v1/field/sync", lambda route: (route.fetch(), route.abort()))
        context.set_offline(False)
        until(page, "document.getElementById('message').textContent.includes('未上传的记录仍在手机上')")
        # the first upload (start, checklist, hazard) was applied but its answer lost; the phone stopped there
        assert FieldRecord.objects.count() == 3 and page.inner_text("#pending") == "5"
        page.unroute("**/api/v1/field/sync")
        page.locator("#sync").click()
        wait_pending(page, 0)
        assert FieldRecord.objects.count() == 5  # + the signature and the photo; the three answered as duplicates
        assert Hazard.objects.filter(inspection=inspection).count() == 1
        hazard = Hazard.objects.get(inspection=inspection)
        [photo] = Evidence.objects.filter(inspection=inspection)
        assert photo.hazard_id == hazard.pk and photo.latitude is not None and photo.distance_m < 100
        assert ChecklistResult.objects.filter(inspection=inspection, result="problem").count() == 1
        from anjian.signatures.models import Signature

        assert Signature.objects.filter(inspection=inspection).count() == 1
        assert Inspection.objects.get(pk=inspection.pk).status == "in_progress"

        # a second device (the desk) changes the hazard while the phone, offline, changes it too
        context.set_offline(True)
        page.locator(".hazard-form").first.wait_for()
        page.locator("li", has_text="液氯储罐区").locator("button", has_text="修改").click()
        hazard_update(actor=user, hazard=Hazard.objects.get(pk=hazard.pk), description="办公室：报警装置已订购",
                      handling="deadline", deadline=date.today() + timedelta(days=10))
        page.locator("textarea[name=description]").fill("现场：报警装置未安装，已拍照")
        page.locator("button[type=submit]", has_text="保存修改").click()
        wait_pending(page, 1)
        context.set_offline(False)
        page.locator("#conflicts .conflict").wait_for()
        assert "办公室：报警装置已订购" in page.inner_text("#conflicts")
        assert Hazard.objects.get(pk=hazard.pk).description == "办公室：报警装置已订购"  # never overwritten silently
        page.locator("#conflicts button", has_text="采用手机内容").click()
        until(page, "document.getElementById('conflicts').hidden")
        assert Hazard.objects.get(pk=hazard.pk).description == "现场：报警装置未安装，已拍照"
        assert FieldConflict.objects.get().resolution == "mine"

        page.locator("textarea[name=summary]").fill("发现隐患一项，已责令限期整改")
        page.locator("#end").click()
        until(page, "document.getElementById('message').textContent.includes('已全部上传') && "
                    "document.getElementById('pending').textContent === '0'")
        deadline = time.monotonic() + 10
        while Inspection.objects.get(pk=inspection.pk).status != "recorded":
            assert time.monotonic() < deadline, page.inner_text("#app")
            time.sleep(0.2)

        page.goto(f"{page.base}/field/inspections/{inspection.pk}/records/")
        text = page.inner_text("main")
        assert "开始检查" in text and "登记隐患" in text and "罐区.png" in text and "无（照片未记录）" in text
    finally:
        context.close()
