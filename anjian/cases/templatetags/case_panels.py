"""{% case_panel template context %}: render one panel of the case page with its context's keys as variables
(and the whole dict as ``panel``), on top of the page's context (case ``c``, ``request``, ``caps`` …)."""

from django import template
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_panel(context, template_name: str, panel: dict):
    with context.push(panel=panel, **(panel or {})):
        return get_template(template_name).render(context.flatten(), context.get("request"))
