"""Sortable list columns (anjian.common.sorting): ?sort=key / -key from each list's whitelist, headers that show
and turn the direction, paging that keeps the order, unknown values ignored."""

import re

import pytest
from django.test import RequestFactory

from anjian.common.sorting import MAX_SORT, sort_from
from anjian.domain.permissions import Role

HOME = "411726"
COLUMNS = {"name": ("name",), "uscc": ("uscc",)}


def test_sort_reads_only_whitelisted_keys_and_keeps_the_other_parameters():
    rf = RequestFactory()
    s = sort_from(rf.get("/x/", {"sort": "-name", "q": "化工", "page": "3"}), COLUMNS)
    assert (s.key, s.descending, s.params) == ("name", True, "q=%E5%8C%96%E5%B7%A5")
    assert s.link("name") == ("q=%E5%8C%96%E5%B7%A5&sort=name", "desc")  # a click turns it around
    assert s.link("uscc") == ("q=%E5%8C%96%E5%B7%A5&sort=uscc", "")
    for raw in ("password", "-", "name;drop", "-" + "n" * MAX_SORT, "__class__"):
        assert sort_from(rf.get("/x/", {"sort": raw}), COLUMNS).key == ""


@pytest.fixture
def reader(client, make_user):
    client.force_login(make_user(HOME, Role.READ_ONLY))
    return client


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/enterprises/\d+/">([^<]+)</a>', html)


def test_the_enterprise_list_sorts_by_a_clicked_column_both_ways(reader, make_enterprise):
    for name in ("泌阳乙排序公司", "泌阳甲排序公司", "泌阳丙排序公司"):
        make_enterprise(HOME, name=name)
    up = reader.get("/enterprises/", {"q": "排序公司", "sort": "name"}).content.decode()
    down = reader.get("/enterprises/", {"q": "排序公司", "sort": "-name"}).content.decode()
    assert names(up) == sorted(names(up)) and len(names(up)) == 3
    assert names(down) == list(reversed(names(up)))
    assert 'aria-sort="ascending"' in up and "▲" in up and 'href="?q=%E6%8E%92%E5%BA%8F%E5%85%AC%E5%8F%B8&amp;sort=-name"' in up
    assert 'aria-sort="descending"' in down and "▼" in down


def test_an_unknown_sort_is_ignored(reader, make_enterprise):
    make_enterprise(HOME, name="泌阳排序公司")
    response = reader.get("/enterprises/", {"sort": "-password"})
    assert response.status_code == 200 and "aria-sort" not in response.content.decode()


def test_paging_keeps_the_sort(reader, make_enterprise):
    for k in range(25):
        make_enterprise(HOME, name=f"泌阳翻页{k:02d}号公司")
    first = reader.get("/enterprises/", {"q": "翻页", "sort": "-name"}).content.decode()
    assert "sort=-name&amp;page=2" in first or "sort=-name&page=2" in first
    second = reader.get("/enterprises/", {"q": "翻页", "sort": "-name", "page": 2}).content.decode()
    assert names(first)[0] == "泌阳翻页24号公司" and names(second)[-1] == "泌阳翻页00号公司"
    assert not set(names(first)) & set(names(second))


@pytest.mark.parametrize(("url", "key"), [("/inspections/", "planned"), ("/inspections/rectification/", "deadline"),
                                          ("/cases/", "filed"), ("/documents/", "issued"), ("/enterprises/", "risk")])
def test_every_main_list_has_sortable_headers(reader, url, key):
    html = reader.get(url, {"sort": f"-{key}"}).content.decode()
    assert f"sort={key}\"" in html and 'aria-sort="descending"' in html
