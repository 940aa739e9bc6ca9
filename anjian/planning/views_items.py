"""Pages of inspection item lists (随机抽查事项清单): list, detail, import, publish, public page."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for
from anjian.accounts.capabilities import public, requires
from anjian.common.service_views import Failed, service_call
from anjian.domain.permissions import Capability
from anjian.planning.forms import ItemListForm
from anjian.planning.models import InspectionItemList
from anjian.planning.selectors import item_list_visible_for
from anjian.planning.services_items import item_list_import, item_list_publish
from anjian.regions.models import Agency

C = Capability


def _visible(user):
    return item_list_visible_for(user)


def _get(user, pk: int) -> InspectionItemList:
    item_list = _visible(user).filter(pk=pk).select_related("agency").first()
    if item_list is None:
        raise Http404("没有找到该清单")
    return item_list


@requires(C.PLAN_VIEW)
def item_lists(request):
    return render(request, "planning/item_lists.html", {
        "lists": _visible(request.user).select_related("agency").distinct(),
        "can_import": bool(agencies_for(request.user, C.PLAN_EDIT))})


@requires(C.PLAN_VIEW)
def item_list_detail(request, pk: int):
    item_list = _get(request.user, pk)
    can_publish = item_list.agency_id in {g.agency_id for g in agencies_for(request.user, C.PLAN_APPROVE)}
    return render(request, "planning/item_list_detail.html", {
        "list": item_list, "items": item_list.items.all(), "can_publish": can_publish and not item_list.published})


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
