"""`{% location_warning enterprise %}` on the enterprise page: a line when its registered coordinates lie outside
its registered county (ADR 0041). A template tag keeps the dependency one way: the enterprises app never imports
this app."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from anjian.maps.location import location_check

register = template.Library()


@register.simple_tag
def location_warning(enterprise) -> str:
    """The enterprise was read through its scoped selector by the page's view; the check reads no database."""
    check = location_check(enterprise.region_id, enterprise.longitude, enterprise.latitude)
    if check is None or not check.flagged:
        return ""
    return format_html('<br><span class="overdue-text" role="note">{}</span> <a href="{}?region={}#flagged">在地图上查看</a>',
                       check.message, reverse("maps:index"), enterprise.region_id)
