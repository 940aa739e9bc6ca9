"""link_maker: the same links as reverse(), one reverse() for many records."""

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from anjian.common.links import link_maker


@given(st.integers(min_value=1, max_value=2_147_483_646))
def test_link_maker_gives_what_reverse_gives(pk):
    for name in ("inspections:detail", "inspections:rectification_inspection", "cases:detail"):
        assert link_maker(name)(pk) == reverse(name, args=[pk])


def test_todo_items_escape_every_text():
    from datetime import date

    from anjian.domain.todo import make_item
    from anjian.home.templatetags.todo_items import todo_items

    item = make_item("inspection_approve", title="<b>甲</b>&乙", link='/x/?a=1&b="2"', today=date(2026, 12, 8),
                     due=date(2026, 12, 1), record="<i>检查 #1</i>", agency="<script>", note="'注'")
    html = todo_items([item], date(2026, 12, 8))
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    assert "&lt;b&gt;甲&lt;/b&gt;&amp;乙" in html and 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    assert "已逾期7日" in html and "期限 2026-12-01" in html and 'data-supervise="1"' in html and "&#x27;注&#x27;" in html
