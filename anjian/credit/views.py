"""Pages of the blacklist (失信联合惩戒): list, record, detail with lifting, and the public list."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import public, requires
from anjian.common.errors import ServiceInvalid
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.credit import selectors as sel
from anjian.credit import services
from anjian.credit.forms import LiftForm, SanctionFilterForm, SanctionForm
from anjian.domain.credit_rules import LIST_KINDS
from anjian.domain.permissions import Capability


@requires(Capability.ENTERPRISE_VIEW)
def sanction_list(request):
    today = timezone.localdate()
    form = SanctionFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = sel.sanction_list_for(request.user, today=today, state=f.get("state") or "in_force", q=f.get("q", ""),
                               list_kind=f.get("list_kind", ""))
    page = paginate(request, qs)
    rows = [(x, x.state(today), x.state_label(today)) for x in page]
    return render(request, "credit/sanction_list.html", {
        "form": form if request.GET else SanctionFilterForm(initial={"state": "in_force"}), "page": page,
        "rows": rows, "query": query_without_page(request)})


@requires(Capability.CREDIT_MANAGE)
@require_http_methods(["GET", "POST"])
def sanction_create(request):
    form = SanctionForm(request.POST or None, initial={"enterprise": request.GET.get("enterprise", ""),
                                                      "start_date": timezone.localdate()})

    def record(d):
        enterprise = sel.enterprise_named(request.user, d["enterprise"])
        if enterprise is None:  # at its field; the API answers 404 with the same words
            raise ServiceInvalid([("enterprise", sel.ENTERPRISE_UNKNOWN)])
        return services.sanction_record(
            actor=request.user, enterprise=enterprise, list_kind=d["list_kind"], reason=d["reason"],
            legal_basis=d["legal_basis"], source_reference=d["source_reference"], start_date=d["start_date"],
            end_date=d["end_date"])
    return form_step(request, form, record,
                     lambda x: f"已将{x.enterprise.name}列入{LIST_KINDS[x.list_kind]}",
                     lambda x: reverse("credit:detail", args=[x.pk]), on_form=True) \
        or render(request, "credit/sanction_form.html", {"form": form})


@requires(Capability.ENTERPRISE_VIEW)
def sanction_detail(request, pk: int):
    sanction = sel.sanction_get_for(request.user, pk)
    today = timezone.localdate()
    state = sanction.state(today)
    return render(request, "credit/sanction_detail.html", {
        "x": sanction, "state": state, "label": sanction.state_label(today),
        "can_lift": state in {"in_force", "pending"} and sel.may_manage(request.user, sanction),
        "lift_form": LiftForm()})


@requires(Capability.CREDIT_MANAGE)
@require_POST
def sanction_lift(request, pk: int):
    sanction = sel.sanction_get_for(request.user, pk)
    form = LiftForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""  # blank: the service says what is missing
    return post_step(request, sanction, None, lambda x, d: services.sanction_lift(
        actor=request.user, sanction=x, reason=reason), "已提前移出", reverse("credit:detail", args=[pk]))


@public
def public_list(request):
    today = timezone.localdate()
    q = request.GET.get("q", "")
    page = paginate(request, sel.public_sanctions(today, q))
    return render(request, "credit/public_list.html", {"page": page, "q": q, "today": today,
                                                       "query": query_without_page(request)})
