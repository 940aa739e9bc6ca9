"""Browser tier: Playwright for Python driving Debian's chromium (no browser download) against pytest-django's
live server. Without chromium/playwright the tier is skipped — except under CI=true, where it must run."""

import os
import shutil
from pathlib import Path

import pytest

from tests.django_fixtures import *  # noqa: F403

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (--dist loadgroup) the browser tier runs on one worker: one chromium, one live server."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="package")
def browser():
    """Chromium for the browser tier only: closed after its last test. While Playwright's sync API is up it runs
    an event loop in this thread, so Django's async-safety check is lifted for that time and no longer."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true：浏览器测试需要 playwright 和 chromium（make apt / requirements-dev.txt）")
        pytest.skip("未安装 playwright 或 chromium，跳过浏览器测试")
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def reference_data(django_db_blocker):
    """Browser tests are transactional (the live server reads from another thread); their flush empties every
    table, so the reference data is put back before and after each test for the tests that follow."""
    from django.db import transaction

    from anjian.documents.models import DocumentKind
    from anjian.regions.models import Agency
    from tests.django_fixtures import reference_data_load

    def reload():
        with django_db_blocker.unblock():
            if not Agency.objects.exists() or not DocumentKind.objects.exists():
                with transaction.atomic():
                    reference_data_load()

    reload()
    yield
    reload()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.base = live_server.url
    yield pg
    context.close()


def login(page, user) -> None:
    from tests.django_fixtures import PASSWORD

    page.goto(f"{page.base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
