"""At 360 × 800, as an officer and as a leader of the demo: the header is one short row with a 菜单 button, which
opens and closes the menu by touch and by keyboard (Escape closes it); the menu marks where the user is; list
rows are cards with each cell labelled by its column; buttons, fields and links in lists are at least 40 px tall;
forms are one column; no list, detail page or form is wider than the screen. Without JavaScript the menu is
simply shown; on a desktop it is a row of links with the current one marked, on a tablet it wraps by whole links."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.domain.permissions import Role
from tests.browser.conftest import login
from tests.browser.test_narrow_lists import USERS, WIDTH, demo, phone, width  # noqa: F401 — demo is a fixture

pytestmark = pytest.mark.django_db(transaction=True)
TOUCH = 40
LISTS = ["/inspections/", "/enterprises/", "/inspections/rectification/?state=all_open", "/cases/", "/documents/",
         "/officers/", "/credit/", "/guidance/"]
CONTROLS = ("main button:not(.link), main .btn, main select, "
            "main input:not([type=checkbox]):not([type=radio]):not([type=hidden])")


@pytest.fixture
def on_site(demo):  # noqa: F811 — the imported fixture
    """The demo's county officer on site at a 泌阳 enterprise with one hazard to rectify (the demo has none)."""
    from anjian.accounts.models import User
    from anjian.enterprises.models import Enterprise
    from anjian.inspections.services import inspection_approve, inspection_plan, inspection_start
    from anjian.inspections.services_hazards import hazard_add
    from tests.services.inspection_helpers import HOME, officer

    user, head = User.objects.get(username="county-officer"), User.objects.get(username="county-department-head")
    today = timezone.localdate()
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    inspection = inspection_plan(actor=user, enterprise=Enterprise.objects.filter(region_id=HOME).first(),
                                 source="annual_plan", planned_date=today, officer_ids=[o.pk for o in team])
    inspection = inspection_start(actor=user, inspection=inspection_approve(actor=head, inspection=inspection))
    hazard_add(actor=user, inspection=inspection, description="动火作业未办理审批手续", handling="deadline",
               legal_basis="《中华人民共和国安全生产法》第四十三条", deadline=today + timedelta(days=15))
    return inspection


def expanded(page) -> str | None:
    return page.get_attribute(".menu-toggle", "aria-expanded")


def small_targets(page, selector: str) -> list[str]:
    """Visible elements matching ``selector`` less than 40 px tall: their text (or name) and height."""
    return page.locator(selector).evaluate_all(f"""els => els
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .map(e => [e.innerText || e.name || e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
        .filter(([_, h]) => h < {TOUCH}).map(([t, h]) => t.trim() + ' ' + Math.round(h) + 'px')""")


def check_menu(page) -> None:
    page.goto(f"{page.base}/home/")
    header, nav, button = page.locator("header"), page.locator("header nav"), page.locator(".menu-toggle")
    assert header.bounding_box()["height"] <= 64
    assert button.is_visible() and expanded(page) == "false" and not nav.is_visible()
    assert not page.locator("form.search-box").is_visible()
    links = nav.locator("a")
    assert links.count() >= 12

    button.click()  # by touch: a list of links, each a full-width target inside the screen
    assert expanded(page) == "true" and nav.is_visible()
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert links.nth(n).is_visible() and box["height"] >= TOUCH and box["x"] >= 0, links.nth(n).inner_text()
        assert box["x"] + box["width"] <= WIDTH and box["width"] >= WIDTH / 2
    boxes = [links.nth(n).bounding_box()["y"] for n in range(links.count())]
    assert boxes == sorted(boxes) and len(set(boxes)) == len(boxes)  # one below the other
    assert page.locator("form.search-box input").bounding_box()["height"] >= TOUCH
    assert width(page) <= WIDTH
    button.click()
    assert expanded(page) == "false" and not nav.is_visible()

    button.focus()  # by keyboard: Enter and Space toggle, Escape closes and leaves the focus on the button
    page.keyboard.press("Enter")
    assert expanded(page) == "true" and nav.is_visible()
    page.keyboard.press("Space")
    assert expanded(page) == "false"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#site-menu') !== null")
    page.keyboard.press("Escape")
    assert expanded(page) == "false" and not nav.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def check_cards(page, path: str) -> int:
    """The list at ``path`` shows its rows as cards, each cell under its column's name; → the number of rows
    (0 where the user may not open the list)."""
    if page.goto(page.base + path).status != 200:
        return 0
    assert width(page) <= WIDTH, path
    headers = [re.sub(r"[▲▼]", "", t).strip() for t in page.locator("table.cards thead th").all_inner_texts()]
    rows = page.locator("table.cards tbody tr:has(td[data-label])")
    for n in range(min(rows.count(), 3)):
        row = rows.nth(n)
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, path
        cells = row.locator("td").evaluate_all("""tds => tds.map(td => [td.dataset.label,
            getComputedStyle(td, '::before').content, getComputedStyle(td).display])""")
        assert [label for label, _, _ in cells] == headers, path
        assert all(shown == f'"{label}"' and display != "table-cell" for label, shown, display in cells), cells
    assert small_targets(page, "table.cards tbody td a, table.cards th a, .pager a") == [], path
    assert small_targets(page, CONTROLS) == [], path
    return rows.count()


def first_href(page, path: str, selector: str) -> str:
    page.goto(page.base + path)
    return page.locator(selector).first.get_attribute("href")


def check_one_column(page) -> None:
    """The form's fields stand one below another, each as wide as the form (less its padding)."""
    form = page.locator("main form.stack").first
    fields = form.locator("input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea")
    boxes = [fields.nth(n).bounding_box() for n in range(fields.count())]
    assert len(boxes) >= 4
    assert len({round(b["x"]) for b in boxes}) == 1 and min(b["width"] for b in boxes) >= form.bounding_box()["width"] * .8
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)


def test_officer_and_leader_on_a_phone(browser, live_server, on_site):
    seen = []
    for username in USERS:
        context, page = phone(browser, live_server.url, username)
        try:
            check_menu(page)
            rows = [check_cards(page, path) for path in LISTS]
            seen = [a + b for a, b in zip(seen, rows)] if seen else rows

            inspection = f"/inspections/{on_site.pk}/"
            enterprise = first_href(page, "/enterprises/", "table.cards td a")
            pages = [inspection, enterprise, first_href(page, "/cases/", "table.cards td a"),
                     first_href(page, "/documents/", "table.cards td a")]
            if username == "county-officer":  # forms the officer fills in on site
                pages += [inspection + "hazards/new/", "/inspections/new/", enterprise + "edit/"]
            for path in pages:
                response = page.goto(page.base + path)
                assert response.status == 200 and width(page) <= WIDTH, (path, width(page))
                assert small_targets(page, CONTROLS) == [], path
                if path.endswith(("/new/", "/edit/")):
                    check_one_column(page)
                mark = page.locator("header nav a[aria-current]")  # the menu marks the section of a detail page
                assert mark.count() == 1 and path.startswith(mark.get_attribute("href")), path
        finally:
            context.close()
    assert min(seen) >= 1, seen  # each list showed cards to at least one of the two


def test_without_javascript_the_menu_is_shown_and_on_a_desktop_it_marks_the_page(browser, live_server, make_user,
                                                                                   page):
    user = make_user("411726", Role.OFFICER)
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="zh-CN", java_script_enabled=False)
    try:
        narrow = context.new_page()
        narrow.base = live_server.url
        login(narrow, user)
        narrow.goto(f"{live_server.url}/inspections/")
        assert not narrow.locator(".menu-toggle").is_visible()
        links = narrow.locator("header nav a")
        assert links.count() >= 8 and all(links.nth(n).is_visible() for n in range(links.count()))
        assert small_targets(narrow, "header nav a") == [] and width(narrow) <= WIDTH
        assert narrow.locator("header nav a[aria-current=page]").inner_text() == "执法检查"
    finally:
        context.close()

    login(page, user)  # desktop, 1400 px: no button, the menu a row of links, the current one underlined
    page.goto(f"{page.base}/inspections/rectification/")
    assert not page.locator(".menu-toggle").is_visible()
    current = page.locator("header nav a[aria-current]")
    assert current.count() == 1 and current.inner_text() == "整改复查" and current.get_attribute("aria-current") == "page"
    assert "underline" in current.evaluate("a => getComputedStyle(a).textDecorationLine")
    assert page.locator("header").bounding_box()["height"] <= 120
    for tablet in (760, 900):  # between phone and desktop: the menu wraps by whole links, never a name
        page.set_viewport_size({"width": tablet, "height": 900})
        heights = page.locator("header nav a").evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
        assert max(heights) < 30 and width(page) <= tablet, (tablet, heights)
