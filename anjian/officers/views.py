from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from anjian.accounts.access import can, has_capability
from anjian.accounts.capabilities import requires
from anjian.accounts.selectors import agencies_writable, region_list_for
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import REFUSED, attempt, form_step
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES
from anjian.officers.forms import ExpertForm, OfficerFilterForm, OfficerForm
from anjian.officers.selectors import (
    OfficerFilters,
    expert_get_for,
    expert_list_for,
    officer_get_for,
    officer_list_for,
)
from anjian.officers.services import expert_register, officer_register, officer_update


@requires(Capability.OFFICER_VIEW)
def officer_list(request):
    form = OfficerFilterForm(request.GET or None, regions=region_list_for(request.user, Capability.OFFICER_VIEW))
    filters = OfficerFilters(**form.cleaned_data) if form.is_bound and form.is_valid() else OfficerFilters()
    page = paginate(request, officer_list_for(request.user, filters))
    return render(request, "officers/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "today": timezone.localdate(),
        "industries": INDUSTRIES, "can_edit": has_capability(request.user, Capability.OFFICER_EDIT),
        "can_import": has_capability(request.user, Capability.OFFICER_IMPORT),
    })


@requires(Capability.OFFICER_VIEW)
def officer_detail(request, pk: int):
    officer = officer_get_for(request.user, pk)
    return render(request, "officers/detail.html", {
        "o": officer, "today": timezone.localdate(),
        "specialties": [INDUSTRIES.get(s, s) for s in officer.specialties],
        "can_edit": can(request.user, Capability.OFFICER_EDIT, officer.region_id),
    })


def _save(request, form, officer=None):
    """The officer saved from the posted values, or None with the reasons on the form."""
    data = OfficerForm.data_for_service(request.POST)
    result = attempt(request, lambda: officer_register(actor=request.user, data=data) if officer is None
                     else officer_update(actor=request.user, officer=officer, data=data), form=form)
    return None if result is REFUSED else result


@requires(Capability.OFFICER_EDIT)
@require_http_methods(["GET", "POST"])
def officer_create(request):
    form = OfficerForm(request.POST or None, agencies=agencies_writable(request.user, Capability.OFFICER_EDIT))
    if request.method == "POST" and (officer := _save(request, form)):
        messages.success(request, f"已登记执法人员：{officer.name}")
        return redirect("officers:detail", pk=officer.pk)
    return render(request, "form.html", {"form": form, "title": "登记执法人员"})


@requires(Capability.OFFICER_EDIT)
@require_http_methods(["GET", "POST"])
def officer_edit(request, pk: int):
    officer = officer_get_for(request.user, pk, Capability.OFFICER_EDIT)
    form = OfficerForm(request.POST or None, initial=OfficerForm.initial_from(officer),
                       agencies=agencies_writable(request.user, Capability.OFFICER_EDIT))
    form.fields["certificate_number"].disabled = True
    if request.method == "POST" and _save(request, form, officer):
        messages.success(request, "已保存修改")
        return redirect("officers:detail", pk=officer.pk)
    return render(request, "form.html", {"form": form, "title": f"修改：{officer.name}"})


@requires(Capability.EXPERT_VIEW)
def expert_list(request):
    q = request.GET.get("q", "")
    specialty = request.GET.get("specialty", "")
    page = paginate(request, expert_list_for(request.user, q=q, specialty=specialty))
    return render(request, "officers/experts.html", {
        "page": page, "query": query_without_page(request), "q": q, "specialty": specialty,
        "industries": INDUSTRIES, "can_edit": has_capability(request.user, Capability.EXPERT_EDIT),
    })


@requires(Capability.EXPERT_VIEW)
def expert_detail(request, pk: int):
    expert = expert_get_for(request.user, pk)
    return render(request, "officers/expert_detail.html", {
        "x": expert, "specialties": [INDUSTRIES.get(s, s) for s in expert.specialties]})


@requires(Capability.EXPERT_EDIT)
@require_http_methods(["GET", "POST"])
def expert_create(request):
    form = ExpertForm(request.POST or None, regions=region_list_for(request.user, Capability.EXPERT_EDIT))
    def run(data):
        return expert_register(actor=request.user, region_code=data["region"], name=data["name"],
                               specialties=data["specialties"], affiliation=data["affiliation"],
                               title=data["title"], phone=data["phone"])

    return form_step(request, form, run, lambda expert: f"已登记专家：{expert.name}",
                     lambda expert: reverse("officers:expert_detail", args=[expert.pk]), on_form=True) or render(request, "form.html", {"form": form, "title": "登记专家"})
