"""Context for the discretion panel on the case page: the benchmark level the case applies, the ranges it
allows, the proposed fine and the reasoning, and a link to choose or change them.

The panel's context is one key, "discretion", so that the template reads the same whether the case page
renders it as the template's own context or includes it with the dict passed as `panel`.
"""

from django.urls import reverse

from anjian.cases.discretion import selectors as sel
from anjian.cases.discretion.fines import fine_refusals
from anjian.domain.discretion_rules import money


def panel(request, case) -> dict:
    entry = case.discretion_entry if case.discretion_entry_id else None
    return {"discretion": {
        "case": case,
        "entry": entry,
        "proposal": sel.proposal_for(entry) if entry else None,
        "proposed_fine": case.proposed_fine,
        "proposed_fine_text": money(case.proposed_fine),
        "reasoning": case.discretion_reasoning,
        "fine_refusals": fine_refusals(case, case.fine_amount) if entry and case.fine_amount is not None else [],
        "editable": sel.can_edit_discretion(request.user, case),
        "url": reverse("cases:discretion_case", args=[case.pk]),
    }}
