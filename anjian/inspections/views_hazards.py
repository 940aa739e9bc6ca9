from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.service_views import form_step, post_step
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections.evidence import evidence_open
from anjian.inspections.forms import EvidenceForm, HazardForm
from anjian.inspections.services_hazards import checklist_item_for, evidence_attach, hazard_add, hazard_update
from anjian.inspections.views_common import uploads_of


def _items(inspection):
    return sel.checklist_items(industry=inspection.enterprise.industry)


def _values(data: dict) -> dict:
    data = dict(data)
    data["checklist_item"] = checklist_item_for(data.pop("checklist_item"))  # as the API converts it
    return data


def _detail(inspection) -> str:
    return reverse("inspections:detail", args=[inspection.pk])


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def hazard_create(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    form = HazardForm(request.POST or None, items=_items(inspection))
    return form_step(request, form, lambda d: hazard_add(
        actor=request.user, inspection=inspection, photos=uploads_of(request, "photos"), **_values(d)),
        "已登记隐患", _detail(inspection)) or render(request, "inspections/hazard_form.html", {
            "form": form, "i": inspection, "title": "登记隐患", "with_photos": True})


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def hazard_edit(request, pk: int, hazard_id: int):
    inspection = sel.inspection_get_for(request.user, pk)
    hazard = sel.hazard_get_for(request.user, inspection, hazard_id)
    initial = {f: getattr(hazard, f) for f in ("description", "legal_basis", "is_major", "location", "handling",
                                               "deadline", "measures")}
    initial["checklist_item"] = hazard.checklist_item_id
    form = HazardForm(request.POST or None, initial=initial, items=_items(inspection))
    return form_step(request, form, lambda d: hazard_update(actor=request.user, hazard=hazard, **_values(d)),
                     "已保存隐患", _detail(inspection)) \
        or render(request, "inspections/hazard_form.html", {"form": form, "i": inspection, "title": "修改隐患"})


@requires(Capability.INSPECTION_EDIT)
@require_POST
def evidence_upload(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    hazard_id = request.POST.get("hazard", "")
    hazard = sel.hazard_get_for(request.user, inspection, int(hazard_id)) if digits(hazard_id) else None
    return post_step(request, inspection, EvidenceForm, lambda i, d: evidence_attach(
        actor=request.user, inspection=i, hazard=hazard, kind=d["kind"],
        uploads=uploads_of(request, "files", d["caption"])), lambda rows: f"已上传 {len(rows)} 个文件", _detail(inspection))


@requires(Capability.INSPECTION_VIEW)
def evidence_download(request, evidence_id: int):
    evidence = sel.evidence_get_for(request.user, evidence_id)
    stored = evidence_open(evidence)
    if stored is None:
        raise Http404("evidence file")
    inline = evidence.kind == "photo"
    return FileResponse(stored, content_type=evidence.mime_type, as_attachment=not inline,
                        filename=evidence.original_name or evidence.sha256)
