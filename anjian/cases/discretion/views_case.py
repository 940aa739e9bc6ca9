"""The discretion page of one case: find the violation, see its levels, pick one — the page proposes the range
(the level's and the statutory one) — then record the proposed fine and the reasoning (裁量理由)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.discretion import selectors as sel
from anjian.cases.discretion.forms import DiscretionSetForm
from anjian.cases.discretion.services import case_discretion_set
from anjian.cases.models import PenaltyCase
from anjian.common.service_views import Failed, service_call
from anjian.domain.case_process import UNDECIDED
from anjian.domain.discretion_rules import money
from anjian.domain.permissions import Capability

C = Capability


def case_detail_url(case: PenaltyCase) -> str:
    """The case page (core part) when it is routed, else this part's discretion page of the case."""
    try:
        return reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return reverse("cases:discretion_case", args=[case.pk])


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page(request, case: PenaltyCase, form: DiscretionSetForm | None = None, status: int = 200):
    q = request.GET.get("q", "").strip()[:100]
    chosen = None
    entry_id = _int(request.GET.get("entry")) or (form and _int(form.data.get("entry")))
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
        form = DiscretionSetForm(initial={"entry": chosen.pk, "proposed_fine": case.proposed_fine if same else None,
                                          "reasoning": case.discretion_reasoning})
    return render(request, "cases/discretion_case.html", {
        "case": case, "q": q, "violations": sel.violation_list(q, party_kind=case.party_kind) if not levels or q
        else [], "levels": [sel.proposal_for(e) for e in levels], "chosen": chosen, "proposal": sel.proposal_for(chosen) if chosen else None,
        "current": sel.proposal_for(case.discretion_entry) if case.discretion_entry_id else None,
        "form": form if editable else None, "editable": editable,
        "undecided": case.status in UNDECIDED, "proposed_fine_text": money(case.proposed_fine), "back_url": case_detail_url(case)},
        status=status)


@requires(C.CASE_VIEW)
def discretion_case(request, pk: int):
    return _page(request, case_get_for(request.user, pk))


@requires(C.CASE_EDIT)
@require_POST
def discretion_case_set(request, pk: int):
    case = case_get_for(request.user, pk, capability=C.CASE_EDIT)
    form = DiscretionSetForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        entry = sel.entry_get(d["entry"])
        try:
            with service_call(request):
                case_discretion_set(actor=request.user, case=case, entry=entry, proposed_fine=d["proposed_fine"],
                                    reasoning=d["reasoning"])
        except Failed:
            pass
        else:
            messages.success(request, f"已记录裁量：{entry.code} {entry.level}，拟罚款 {d['proposed_fine']} 元")
            return redirect(case_detail_url(case))
    return _page(request, case, form=form, status=400)
