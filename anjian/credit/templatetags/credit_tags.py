"""`{% credit_sanctions_of enterprise %}` on the enterprise page: its sanctions in force today.

A template tag keeps the dependency one way: the enterprises app never imports this app.
"""

from django import template
from django.utils import timezone

from anjian.credit import selectors as sel

register = template.Library()


@register.inclusion_tag("credit/enterprise_sanctions.html", takes_context=True)
def credit_sanctions_of(context, enterprise):
    user = context["request"].user
    return {"enterprise": enterprise, "sanctions": list(sel.sanctions_of(user, enterprise, timezone.localdate())),
            "can_record": sel.may_record_for(user, enterprise)}
