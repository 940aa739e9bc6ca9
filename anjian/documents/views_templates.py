"""Administrators replace the Word template of a kind (Capability.DOCUMENT_TEMPLATE_MANAGE)."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.errors import NotFound
from anjian.common.service_views import form_step, post_step
from anjian.documents.fields import sample_content
from anjian.documents.forms import TemplateUploadForm
from anjian.documents.models import DocumentKind, DocumentTemplate
from anjian.documents.rendering import render_context, template_for
from anjian.documents.services_templates import document_template_reset, document_template_upload
from anjian.documents.views import CONTENT_TYPES
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency


def _variables(kind: DocumentKind) -> list[str]:
    agency = Agency.objects.select_related("region__parent").order_by("region_id").first()
    if agency is None:
        return []
    return sorted(render_context(kind=kind, agency=agency, enterprise=None, content=sample_content(kind.template),
                                 number="", issued_on=date(2024, 1, 1)))


@requires(Capability.DOCUMENT_TEMPLATE_MANAGE)
@require_http_methods(["GET", "POST"])
def template_list(request):
    form = TemplateUploadForm(request.POST or None, request.FILES or None, initial=request.GET.dict() or None)
    done = form_step(request, form, lambda data: document_template_upload(
        actor=request.user, kind_code=data["kind"], filename=data["file"].name, data=data["file"].read()),
        lambda template: f"已启用新模板：{template.kind.name}（{template.filename}）", "documents:templates", on_form=True)
    if done:
        return done
    uploaded = {}
    for t in DocumentTemplate.objects.filter(active=True).select_related("uploaded_by"):
        uploaded.setdefault(t.kind_id, t)  # newest first
    kinds = [{"kind": k, "uploaded": uploaded.get(k.code)} for k in DocumentKind.objects.all()]
    chosen = DocumentKind.objects.filter(code=request.GET.get("kind", "责改")).first()
    return render(request, "documents/templates.html", {
        "form": form, "kinds": kinds, "chosen": chosen, "variables": _variables(chosen) if chosen else []})


@requires(Capability.DOCUMENT_TEMPLATE_MANAGE)
def template_download(request, code: str):
    """The template in use for a kind, to edit it in Word and upload it again."""
    kind = DocumentKind.objects.filter(code=code).first()
    if kind is None:
        raise NotFound()
    data, _ = template_for(kind)
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    response["Content-Disposition"] = content_disposition_header(True, f"{kind.name}模板.docx")
    return response


@requires(Capability.DOCUMENT_TEMPLATE_MANAGE)
@require_POST
def template_reset(request, code: str):
    return post_step(request, code, None, lambda kind, _: document_template_reset(actor=request.user, kind_code=kind),
                     lambda count: f"已恢复内置模板（停用 {count} 个上传模板）", "documents:templates")
