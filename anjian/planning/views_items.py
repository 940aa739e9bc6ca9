"""Pages of inspection item lists (随机抽查事项清单): list, create, detail, add/edit one item, import, publish,
public page."""

import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for
from anjian.accounts.capabilities import public, requires
from anjian.common.service_views import form_step, post_step
from anjian.domain.permissions import Capability
from anjian.planning.forms import ItemForm, ItemListCreateForm, ItemListForm
from anjian.planning.models import InspectionItemList
from anjian.planning.selectors import item_get, item_list_get_for, item_list_public_get, item_list_visible_for
from anjian.planning.services_items import (
    item_add,
    item_list_create,
    item_list_import,
    item_list_publish,
    item_update,
)
from anjian.regions.models import Agency

C = Capability


def _holds(user, capability, item_list: InspectionItemList) -> bool:
    return item_list.agency_id in {g.agency_id for g in agencies_for(user, capability)}


@requires(C.PLAN_VIEW)
@require_http_methods(["GET", "POST"])
def item_lists(request):
    agencies = agencies_for(request.user, C.PLAN_EDIT)
    form = ItemListCreateForm(request.POST or None, agencies=agencies, initial={"year": timezone.localdate().year})
    if request.method == "POST" and not agencies:
        raise PermissionDenied
    done = form_step(request, form, lambda d: item_list_create(
        actor=request.user, agency=Agency.objects.get(pk=d["agency"]), name=d["name"], year=d["year"]),
        "已新建清单，请逐项添加抽查事项", lambda x: reverse("planning:item_list", args=[x.pk]))
    if done:
        return done
    return render(request, "planning/item_lists.html", {
        "lists": item_list_visible_for(request.user).select_related("agency").distinct(),
        "can_import": bool(agencies), "create_form": form if agencies else None})


@requires(C.PLAN_VIEW)
def item_list_detail(request, pk: int):
    item_list = item_list_get_for(request.user, pk)
    can_edit = _holds(request.user, C.PLAN_EDIT, item_list) and not item_list.published
    return render(request, "planning/item_list_detail.html", {
        "list": item_list, "items": item_list.items.all(), "can_edit": can_edit, "item_form": ItemForm(),
        "can_publish": _holds(request.user, C.PLAN_APPROVE, item_list) and not item_list.published})


@requires(C.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item_pk: int | None = None):
    """Add one item (item_pk None) or change one, on an unpublished list; errors are shown on the form."""
    item_list = item_list_get_for(request.user, pk)
    item = item_get(item_list, item_pk) if item_pk is not None else None
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item) if item else None)

    def save(values):
        if item is None:
            return item_add(actor=request.user, item_list=item_list, values=values)
        return item_update(actor=request.user, item=item, values=values)
    return form_step(request, form, save, "已保存抽查事项", reverse("planning:item_list", args=[item_list.pk])) \
        or render(request, "planning/item_edit.html", {"list": item_list, "item": item, "form": form})


@requires(C.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def item_list_import_view(request):
    form = ItemListForm(request.POST or None, request.FILES or None, agencies=agencies_for(request.user, C.PLAN_EDIT))

    def load(d):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload"
            with path.open("wb") as fh:
                for chunk in d["file"].chunks():
                    fh.write(chunk)
            return item_list_import(actor=request.user, agency=Agency.objects.get(pk=d["agency"]), name=d["name"],
                                    year=d["year"], path=path)
    return form_step(request, form, load, lambda x: f"已导入 {x.items.count()} 项抽查事项",
                     lambda x: reverse("planning:item_list", args=[x.pk])) \
        or render(request, "planning/item_list_import.html", {"form": form})


@requires(C.PLAN_APPROVE)
@require_POST
def item_list_publish_view(request, pk: int):
    item_list = item_list_get_for(request.user, pk)
    return post_step(request, item_list, None, lambda x, d: item_list_publish(actor=request.user, item_list=x),
                     "已公布", reverse("planning:item_list", args=[item_list.pk]))


@public
def public_item_list(request, pk: int):
    item_list = item_list_public_get(pk)
    return render(request, "planning/public_item_list.html", {"list": item_list, "items": item_list.items.all()})
