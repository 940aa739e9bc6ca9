"""The menu shows where the user is ({% navmenu %}): exactly one item is marked — aria-current="page" on the page
the item opens, aria-current="true" on a page within its section (a detail page marks its list)."""

import re

import pytest

from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db
NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
MARKED = re.compile(r'<a aria-current="(page|true)" href="([^"]+)"')


def marked(client, path: str) -> list[tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    nav = NAV.search(response.content.decode()).group(1)
    assert nav.count("aria-current") == len(MARKED.findall(nav))
    return [(href, value) for value, href in MARKED.findall(nav)]


@pytest.mark.parametrize(("path", "mark"), [
    ("/home/", ("/home/", "page")),
    ("/inspections/", ("/inspections/", "page")),
    ("/inspections/rectification/", ("/inspections/rectification/", "page")),  # not 执法检查 as well
    ("/inspections/rectification/extensions/", ("/inspections/rectification/", "true")),
    ("/inspections/new/", ("/inspections/", "true")),
    ("/supervision/handovers/outbox/", ("/supervision/handovers/inbox/", "true")),  # data-section
    ("/cases/transfers/outbox/", ("/cases/transfers/inbox/", "true")),
    ("/officers/experts/", ("/officers/experts/", "page")),
])
def test_the_menu_marks_one_item_for_the_page(client, make_user, path, mark):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    assert marked(client, path) == [mark]


def test_a_page_outside_the_menu_marks_nothing(client, make_user):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    assert marked(client, "/accounts/profile/") == []
