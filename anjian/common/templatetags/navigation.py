"""``{% navmenu %}…{% endnavmenu %}``: the main menu marks where the user is. Of its links, the one whose address
is the request's path gets ``aria-current="page"``; otherwise the one whose address (or ``data-section``, for a
link into one page of a section) is the longest prefix of the path gets ``aria-current="true"`` — a detail page
marks its list. The links stay plain template markup, so a new menu item needs nothing here."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

LINK = re.compile(r'<a href="(?P<href>/[^"?#]*)"(?: data-section="(?P<section>/[^"]*)")?')


def current_link(html: str, path: str) -> tuple[int, str] | None:
    """Where to mark in ``html`` (the offset just after ``<a``) and how, or None when no link covers ``path``."""
    best, best_len = None, 0
    for m in LINK.finditer(html):
        href = m["href"]
        if href == path:
            return m.start() + 2, "page"
        for prefix in (href, m["section"]):
            if prefix and prefix != "/" and path.startswith(prefix) and len(prefix) > best_len:
                best, best_len = m.start() + 2, len(prefix)
    return (best, "true") if best is not None else None


class NavMenuNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        request = context.get("request")
        mark = current_link(html, request.path) if request is not None else None
        if mark is not None:
            at, value = mark
            html = f'{html[:at]} aria-current="{value}"{html[at:]}'
        return mark_safe(html)  # the rendered template (already escaped) plus a fixed attribute


@register.tag
def navmenu(parser, token):
    nodelist = parser.parse(("endnavmenu",))
    parser.delete_first_token()
    return NavMenuNode(nodelist)
