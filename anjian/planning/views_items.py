"""Pages of inspection item lists (随机抽查事项清单): list, create, detail, add/edit one item, import, publish,
public page."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for
from anjian.accounts.capabilities import public, requires
from anjian.common.service_views import Failed, service_call
from anjian.domain.permissions import Capability
from anjian.planning.forms import ItemForm, ItemListCreateForm, ItemListForm
from anjian.planning.models import InspectionItemList
from anjian.planning.selectors import item_list_visible_for
from anjian.planning.services_items import (
    item_add,
    item_list_create,
    item_list_import,
    item_list_publish,
    item_update,
)
from anjian.regions.models import Agency

C = Capability


def _visible(user):
    return item_list_visible_for(user)


def _get(user, pk: int) -> InspectionItemList:
    item_list = _visible(user).filter(pk=pk).select_related("agency").first()
    if item_list is None:
        raise Http404("没有找到该清单")
    return item_list


def _holds(user, capability, item_list: InspectionItemList) -> bool:
    return item_list.agency_id in {g.agency_id for g in agencies_for(user, capability)}


@requires(C.PLAN_VIEW)
@require_http_methods(["GET", "POST"])
def item_lists(request):
    agencies = agencies_for(request.user, C.PLAN_EDIT)
    form = ItemListCreateForm(request.POST or None, agencies=agencies, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not agencies:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                with service_call(request):
                    item_list = item_list_create(actor=request.user, agency=Agency.objects.get(pk=d["agency"]),
                                                 name=d["name"], year=d["year"])
            except Failed:
                pass
            else:
                messages.success(request, "已新建清单，请逐项添加抽查事项")
                return redirect("planning:item_list", pk=item_list.pk)
    return render(request, "planning/item_lists.html", {
        "lists": _visible(request.user).select_related("agency").distinct(),
        "can_import": bool(agencies), "create_form": form if agencies else None})


@requires(C.PLAN_VIEW)
def item_list_detail(request, pk: int):
    item_list = _get(request.user, pk)
    can_edit = _holds(request.user, C.PLAN_EDIT, item_list) and not item_list.published
    return render(request, "planning/item_list_detail.html", {
        "list": item_list, "items": item_list.items.all(), "can_edit": can_edit, "item_form": ItemForm(),
        "can_publish": _holds(request.user, C.PLAN_APPROVE, item_list) and not item_list.published})


@requires(C.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, item_pk: int | None = None):
    """Add one item (item_pk None) or change one, on an unpublished list; errors are shown on the form."""
    item_list = _get(request.user, pk)
    item = None
    if item_pk is not None:
        item = item_list.items.filter(pk=item_pk).first()
        if item is None:
            raise Http404("没有找到该事项")
    form = ItemForm(request.POST or None, initial=ItemForm.initial_for(item) if item else None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_call(request):
                if item is None:
                    item_add(actor=request.user, item_list=item_list, values=form.cleaned_data)
                else:
                    item_update(actor=request.user, item=item, values=form.cleaned_data)
        except Failed:
            pass
        else:
            messages.success(request, "已保存抽查事项")
            return redirect("planning:item_list", pk=item_list.pk)
    return render(request, "planning/item_edit.html", {"list": item_list, "item": item, "form": form})


@requires(C.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def item_list_import_view(request):
    form = ItemListForm(request.POST or None, request.FILES or None, agencies=agencies_for(request.user, C.PLAN_EDIT))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d["file"]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "upload"
            with path.open("wb") as fh:
                for chunk in upload.chunks():
                    fh.write(chunk)
            try:
                with service_call(request):
                    item_list = item_list_import(actor=request.user, agency=Agency.objects.get(pk=d["agency"]),
                                                 name=d["name"], year=d["year"], path=path)
            except Failed:
                pass
            else:
                messages.success(request, f"已导入 {item_list.items.count()} 项抽查事项")
                return redirect("planning:item_list", pk=item_list.pk)
    return render(request, "planning/item_list_import.html", {"form": form})


@requires(C.PLAN_APPROVE)
@require_POST
def item_list_publish_view(request, pk: int):
    item_list = _get(request.user, pk)
    try:
        with service_call(request):
            item_list_publish(actor=request.user, item_list=item_list)
    except Failed:
        pass
    else:
        messages.success(request, "已公布")
    return redirect("planning:item_list", pk=item_list.pk)


@public
def public_item_list(request, pk: int):
    item_list = InspectionItemList.objects.filter(pk=pk, published=True).select_related("agency").first()
    if item_list is None:
        raise Http404("没有找到该清单")
    return render(request, "planning/public_item_list.html", {"list": item_list, "items": item_list.items.all()})
