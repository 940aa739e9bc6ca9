from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections.evidence import evidence_path
from anjian.inspections.forms import EvidenceForm, HazardForm
from anjian.inspections.models import ChecklistItem
from anjian.inspections.services_hazards import evidence_attach, hazard_add, hazard_update
from anjian.inspections.views_common import Failed, service_call, uploads_of


def _items(inspection):
    return sel.checklist_items(industry=inspection.enterprise.industry)


def _values(form) -> dict:
    data = dict(form.cleaned_data)
    item_id = data.pop("checklist_item")
    data["checklist_item"] = ChecklistItem.objects.filter(pk=item_id, is_active=True).first() if item_id else None
    return data


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def hazard_create(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    form = HazardForm(request.POST or None, items=_items(inspection))
    if request.method == "POST" and form.is_valid():
        try:
            with service_call(request):
                hazard_add(actor=request.user, inspection=inspection, photos=uploads_of(request, "photos"),
                           **_values(form))
        except Failed:
            pass
        else:
            messages.success(request, "已登记隐患")
            return redirect("inspections:detail", pk=pk)
    return render(request, "inspections/hazard_form.html", {"form": form, "i": inspection, "title": "登记隐患",
                                                             "with_photos": True})


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def hazard_edit(request, pk: int, hazard_id: int):
    inspection = sel.inspection_get_for(request.user, pk)
    hazard = sel.hazard_get_for(request.user, inspection, hazard_id)
    initial = {f: getattr(hazard, f) for f in ("description", "legal_basis", "is_major", "location", "handling",
                                               "deadline", "measures")}
    initial["checklist_item"] = hazard.checklist_item_id
    form = HazardForm(request.POST or None, initial=initial, items=_items(inspection))
    if request.method == "POST" and form.is_valid():
        try:
            with service_call(request):
                hazard_update(actor=request.user, hazard=hazard, **_values(form))
        except Failed:
            pass
        else:
            messages.success(request, "已保存隐患")
            return redirect("inspections:detail", pk=pk)
    return render(request, "inspections/hazard_form.html", {"form": form, "i": inspection, "title": "修改隐患"})


@requires(Capability.INSPECTION_EDIT)
@require_POST
def evidence_upload(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    form = EvidenceForm(request.POST)
    form.is_valid()
    hazard_id = request.POST.get("hazard", "")
    hazard = sel.hazard_get_for(request.user, inspection, int(hazard_id)) if digits(hazard_id) else None
    try:
        with service_call(request):
            rows = evidence_attach(actor=request.user, inspection=inspection, hazard=hazard,
                                   kind=form.cleaned_data.get("kind", ""),
                                   uploads=uploads_of(request, "files", form.cleaned_data.get("caption", "")))
    except Failed:
        pass
    else:
        messages.success(request, f"已上传 {len(rows)} 个文件")
    return redirect("inspections:detail", pk=pk)


@requires(Capability.INSPECTION_VIEW)
def evidence_download(request, evidence_id: int):
    evidence = sel.evidence_get_for(request.user, evidence_id)
    path = evidence_path(evidence.sha256)
    if not path.is_file():
        raise Http404("evidence file")
    inline = evidence.kind == "photo"
    return FileResponse(path.open("rb"), content_type=evidence.mime_type, as_attachment=not inline,
                        filename=evidence.original_name or evidence.sha256)
