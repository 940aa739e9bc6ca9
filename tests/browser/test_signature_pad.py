"""Through the browser on a 360-px phone: the officer hands the phone to the enterprise's head, who signs with a
finger on the pad (touch events); a slip is cleared and signed again; the signature is saved as a PNG and listed
with its device and receipt times, and the page never gets wider than the screen."""

import io

import pytest

from anjian.signatures.images import signature_image
from anjian.signatures.models import Signature
from tests.browser.conftest import login
from tests.services.inspection_helpers import use_media
from tests.services.signature_helpers import site

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def stroke(cdp, points) -> None:
    """One finger stroke through the points (page coordinates): touchStart, touchMove…, touchEnd."""
    x, y = points[0]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for x, y in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def zigzag(box, rows: int = 3) -> list[tuple[float, float]]:
    left, top, width, height = box["x"], box["y"], box["width"], box["height"]
    return [(left + width * (0.1 + 0.8 * i / 12), top + height * (0.3 + 0.4 * ((i // 2) % 2)))
            for i in range(12 * rows // 3)]


def test_the_party_signs_with_a_finger_on_a_360_px_phone(browser, live_server, make_user, make_enterprise, settings,
                                                         tmp_path):
    use_media(settings, tmp_path)
    onsite = site(make_user, make_enterprise)
    context = browser.new_context(viewport={"width": WIDTH, "height": 780}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    errors = []  # the page's script throwing (a missing favicon is no error of ours)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, onsite.user)
    page.goto(f"{page.base}/inspections/{onsite.inspection.pk}/#signatures")

    form = page.locator("#signature-form")
    assert form.locator(".signature-pad").is_visible()  # the script shows the pad instead of the file field
    assert not form.locator("[data-file-input]").is_visible()
    assert not form.locator("[data-when-refused]").is_visible()
    form.locator("select[name=role]").select_option("enterprise_head")
    form.locator("input[name=signer_name]").fill("王五")
    form.locator("select[name=kind_code]").select_option("检记")
    canvas = form.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box["width"] <= WIDTH and box["x"] >= 0
    cdp = context.new_cdp_session(page)

    form.locator("button[type=submit]").click()  # nothing drawn yet
    assert form.locator("[data-pad-status]").inner_text() == "请先在框内签名"
    stroke(cdp, zigzag(canvas.bounding_box()))
    form.locator("[data-pad-clear]").click()  # a slip: cleared
    assert page.evaluate("() => { const c = document.querySelector('.signature-canvas');"
                         " return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v) }") is False
    box = canvas.bounding_box()
    stroke(cdp, zigzag(box))
    stroke(cdp, [(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8),
                 (box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert page.locator(".messages .success").inner_text() == "已保存签名"
    signature = Signature.objects.get()
    assert (signature.role, signature.signer_name, signature.kind_code) == ("enterprise_head", "王五", "检记")
    assert signature.image_width <= 2400 and signature.image_height <= 1200 and signature.image_width >= 300
    assert signature.clock_note == ""  # the phone's clock is the server's here
    from PIL import Image

    with Image.open(io.BytesIO(signature_image(signature))) as image:
        alpha = image.convert("RGBA").getchannel("A")
        inked = sum(1 for value in alpha.getdata() if value > 0)
    assert inked > 500  # the strokes, not an empty pad (the slip was cleared: one drawing, not two)
    item = page.locator(".signature-item").first
    assert "被检查单位负责人" in item.inner_text() and "接收时间（服务器）" in item.inner_text()
    assert item.locator("img.signature-image").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert errors == []
    context.close()
