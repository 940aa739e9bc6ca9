from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import can, has_capability
from anjian.accounts.capabilities import requires
from anjian.accounts.selectors import region_list_for
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.common.sorting import sort_from
from anjian.domain.permissions import Capability
from anjian.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, HazardInstallationForm
from anjian.enterprises.selectors import EnterpriseFilters, enterprise_get_for, enterprise_list_for
from anjian.enterprises.services import enterprise_register, enterprise_update, hazard_installation_add


def filters_from(request) -> tuple[EnterpriseFilterForm, EnterpriseFilters]:
    form = EnterpriseFilterForm(request.GET or None, regions=region_list_for(request.user))
    if form.is_bound and form.is_valid():
        return form, EnterpriseFilters(**form.cleaned_data)
    return form, EnterpriseFilters()


SORT_COLUMNS = {"name": ("name",), "uscc": ("uscc",), "region": ("region_id",), "industry": ("industry",),
                "class": ("supervision_class",), "risk": ("risk_level",), "insured": ("liability_insured",),
                "status": ("status",)}


@requires(Capability.ENTERPRISE_VIEW)
def enterprise_list(request):
    form, filters = filters_from(request)
    sort = sort_from(request, SORT_COLUMNS)
    page = paginate(request, sort.apply(enterprise_list_for(request.user, filters)).only(
        "id", "uscc", "name", "region__name", "region__parent_id", "industry", "supervision_class", "risk_level",
        "status", "liability_insured"))
    return render(request, "enterprises/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "sort": sort,
        "can_edit": has_capability(request.user, Capability.ENTERPRISE_EDIT),
        "can_import": has_capability(request.user, Capability.ENTERPRISE_IMPORT),
        "can_export": has_capability(request.user, Capability.ENTERPRISE_EXPORT),
    })


@requires(Capability.ENTERPRISE_VIEW)
def enterprise_detail(request, pk: int):
    enterprise = enterprise_get_for(request.user, pk)
    return render(request, "enterprises/detail.html", {
        "e": enterprise,
        "installations": enterprise.hazard_installations.all(),
        "can_edit": can(request.user, Capability.ENTERPRISE_EDIT, enterprise.region_id),
        "hazard_form": HazardInstallationForm(),
    })


def _counties(user):
    return region_list_for(user, Capability.ENTERPRISE_EDIT).filter(level="county").select_related("parent")


@requires(Capability.ENTERPRISE_EDIT)
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    form = EnterpriseForm(request.POST or None, counties=_counties(request.user))
    return form_step(request, form, lambda data: enterprise_register(actor=request.user, data=data),
                     lambda enterprise: f"已登记：{enterprise.name}", _detail, on_form=True
                     ) or render(request, "form.html", {"form": form, "title": "登记生产经营单位"})


def _detail(enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.pk])


@requires(Capability.ENTERPRISE_EDIT)
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    enterprise = enterprise_get_for(request.user, pk, Capability.ENTERPRISE_EDIT)
    form = EnterpriseForm(request.POST or None, initial=EnterpriseForm.initial_from(enterprise),
                          counties=_counties(request.user))
    form.fields["uscc"].disabled = True
    return form_step(request, form, lambda data: enterprise_update(actor=request.user, enterprise=enterprise, data=data),
                     "已保存修改", _detail, on_form=True
                     ) or render(request, "form.html", {"form": form, "title": f"修改：{enterprise.name}"})


@requires(Capability.ENTERPRISE_EDIT)
@require_POST
def hazard_installation_create(request, pk: int):
    enterprise = enterprise_get_for(request.user, pk, Capability.ENTERPRISE_EDIT)
    return post_step(request, enterprise, HazardInstallationForm,
                     lambda e, data: hazard_installation_add(actor=request.user, enterprise=e, **data),
                     "已添加重大危险源", _detail(enterprise), labelled=True)
