"""``{% sort_th sort "key" "标题" %}``: a column header that sorts the list by ``key`` (anjian.common.sorting)."""

from django import template
from django.utils.html import format_html

register = template.Library()

ARROWS = {"asc": "▲", "desc": "▼", "": ""}
ARIA = {"asc": "ascending", "desc": "descending"}
TITLES = {"asc": "升序，点击改为降序", "desc": "降序，点击改为升序", "": "点击排序"}


@register.simple_tag
def sort_th(sort, key: str, label: str):
    if sort is None or key not in sort.columns:
        return format_html("<th>{}</th>", label)
    query, state = sort.link(key)
    aria = format_html(' aria-sort="{}"', ARIA[state]) if state else ""
    return format_html('<th{}><a class="sort {}" href="?{}" title="{}">{}<span aria-hidden="true">{}</span></a></th>',
                       aria, state, query, TITLES[state], label, ARROWS[state])
