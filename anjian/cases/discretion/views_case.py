"""The discretion page of one case: find the violation, see its levels, pick one — the page proposes the range
(the level's and the statutory one) — then record the proposed fine and the reasoning (裁量理由)."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.origins import typed_id
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.views import case_url
from anjian.cases.discretion import selectors as sel
from anjian.cases.discretion.forms import DiscretionSetForm
from anjian.cases.discretion.services import case_discretion_set
from anjian.cases.models import PenaltyCase
from anjian.common.service_views import form_step
from anjian.domain.case_process import UNDECIDED
from anjian.domain.discretion_rules import money
from anjian.domain.permissions import Capability

C = Capability


def _page(request, case: PenaltyCase, form: DiscretionSetForm | None = None, status: int = 200):
    q = request.GET.get("q", "").strip()[:100]
    chosen = None
    entry_id = typed_id(request.GET.get("entry")) or (form and typed_id(form.data.get("entry_id")))
    if entry_id:
        chosen = sel.entry_get(entry_id)
    code, source = request.GET.get("code", ""), request.GET.get("source", "")
    if chosen is not None:
        code, source = chosen.code, chosen.source
    elif not code and case.discretion_entry_id and not q:
        code, source = case.discretion_entry.code, case.discretion_entry.source
    levels = sel.levels_of(source, code) if code else []
    editable = sel.can_edit_discretion(request.user, case)
    if form is None and chosen is not None and editable:
        same = case.discretion_entry_id == chosen.pk
        form = DiscretionSetForm(initial={"entry_id": chosen.pk, "proposed_fine": case.proposed_fine if same else None,
                                          "reasoning": case.discretion_reasoning})
    return render(request, "cases/discretion_case.html", {
        "case": case, "q": q, "violations": sel.violation_list(q, party_kind=case.party_kind) if not levels or q
        else [], "levels": [sel.proposal_for(e) for e in levels], "chosen": chosen, "proposal": sel.proposal_for(chosen) if chosen else None,
        "current": sel.proposal_for(case.discretion_entry) if case.discretion_entry_id else None,
        "form": form if editable else None, "editable": editable,
        "undecided": case.status in UNDECIDED, "proposed_fine_text": money(case.proposed_fine), "back_url": case_url(case.pk)},
        status=status)


@requires(C.CASE_VIEW)
def discretion_case(request, pk: int):
    return _page(request, case_get_for(request.user, pk))


@requires(C.CASE_EDIT)
@require_POST
def discretion_case_set(request, pk: int):
    case = case_get_for(request.user, pk, capability=C.CASE_EDIT)
    form = DiscretionSetForm(request.POST)
    return form_step(request, form, lambda d: case_discretion_set(
        actor=request.user, case=case, **sel.discretion_arguments(d)),
        lambda c: f"已记录裁量：{c.discretion_entry.code} {c.discretion_entry.level}，"
                  f"拟罚款 {form.cleaned_data['proposed_fine']} 元", case_url(case.pk)) \
        or _page(request, case, form=form, status=400)
