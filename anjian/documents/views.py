from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for, can, has_capability
from anjian.accounts.capabilities import requires
from anjian.common.errors import ServiceInvalid
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.common.sorting import sort_from
from anjian.documents.fields import fields_for, issue_errors, to_text
from anjian.documents.forms import ContentForm, FilterForm, NewDocumentForm
from anjian.documents.models import Document
from anjian.documents.preview import document_preview_pdf, preview_filename
from anjian.documents.selectors import (
    DocumentFilters,
    corrections_of,
    document_file_for,
    document_get_for,
    document_get_for_issue,
    document_list_for,
)
from anjian.documents.services import (
    document_correct,
    document_discard,
    document_draft,
    document_issue,
    document_signer,
    document_update_draft,
    document_void,
)
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

# The enterprise model through the foreign key: documents sit beside enterprises in the layers and may not import it.
Enterprise = Document._meta.get_field("enterprise").related_model
CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "pdf": "application/pdf"}


SORT_COLUMNS = {"number": ("number",), "kind": ("kind__name",), "enterprise": ("enterprise__name",),
                "agency": ("agency__name",), "status": ("status",), "issued": ("issued_at",)}


@requires(Capability.DOCUMENT_VIEW)
def document_list(request):
    form = FilterForm(request.GET or None)
    filters = DocumentFilters(**form.cleaned_data) if form.is_bound and form.is_valid() else DocumentFilters()
    sort = sort_from(request, SORT_COLUMNS)
    page = paginate(request, sort.apply(document_list_for(request.user, filters)))
    return render(request, "documents/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "sort": sort,
        "can_issue": has_capability(request.user, Capability.DOCUMENT_ISSUE),
        "can_templates": has_capability(request.user, Capability.DOCUMENT_TEMPLATE_MANAGE),
    })


@requires(Capability.DOCUMENT_VIEW)
def document_detail(request, pk: int):
    document = document_get_for(request.user, pk)
    shown = [(f.label, to_text(f, document.content.get(f.name))) for f in fields_for(document.kind.template)]
    return render(request, "documents/detail.html", {
        "d": document, "shown": shown, "corrections": corrections_of(document),
        "can_issue": can(request.user, Capability.DOCUMENT_ISSUE, document.agency.region_id),
    })


@requires(Capability.DOCUMENT_VIEW)
def document_download(request, pk: int, which: str):
    document, data = document_file_for(request.user, pk, which)
    stem = document.number or f"{document.kind.name}-{document.pk}"
    if document.status == "voided":
        stem += "（已作废）"
    response = HttpResponse(data, content_type=CONTENT_TYPES[which])
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{which}")
    response["X-Content-SHA256"] = getattr(document, f"{which}_sha256")
    return response


@requires(Capability.DOCUMENT_VIEW)
def document_preview(request, pk: int):
    """The draft as a PDF (草稿 watermark, placeholder number), shown in the browser; nothing is stored. Once issued,
    the page says so and offers the issued files."""
    document = document_get_for(request.user, pk)
    if document.status != "draft":
        messages.error(request, f"文书已{document.get_status_display()}，不再预览；请下载正式文件")
        return redirect("documents:detail", pk=pk)
    document, data = document_preview_pdf(request.user, pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = content_disposition_header(False, preview_filename(document))
    return response


@requires(Capability.DOCUMENT_ISSUE)
@require_http_methods(["GET", "POST"])
def document_create(request):
    form = NewDocumentForm(request.POST or None, initial=request.GET.dict() or None,
                           agencies=agencies_for(request.user, Capability.DOCUMENT_ISSUE))

    def draft(data):
        agency = Agency.objects.select_related("region").get(pk=data["agency"])
        enterprise = _enterprise_for(request.user, data["enterprise"]) if data["enterprise"] else None
        return document_draft(actor=request.user, agency=agency, kind_code=data["kind"], enterprise=enterprise,
                              content={})

    return form_step(request, form, draft, lambda d: f"已制作{d.kind.name}草稿，请填写内容",
                     lambda d: reverse("documents:edit", args=[d.pk]), on_form=True
                     ) or render(request, "form.html", {"form": form, "title": "制作执法文书"})


def _enterprise_for(user, pk: int):
    """The enterprise a new document is about; one the user cannot see reads like a nonexistent one."""
    enterprise = Enterprise.objects.filter(pk=pk).first()
    if enterprise is None or not can(user, Capability.ENTERPRISE_VIEW, enterprise.region_id):
        raise ServiceInvalid(("enterprise", "单位不存在或不在管辖范围内"))
    return enterprise


@requires(Capability.DOCUMENT_ISSUE)
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = document_get_for_issue(request.user, pk)
    if document.status != "draft":
        messages.error(request, "只有草稿可以修改；已签发的文书请制作更正文书")
        return redirect("documents:detail", pk=pk)
    form = ContentForm(request.POST or None, kind=document.kind, content=document.content)
    return form_step(request, form, lambda _: document_update_draft(actor=request.user, document=document,
                                                                    content=form.content(document.content)),
                     "草稿已保存", reverse("documents:detail", args=[pk]), on_form=True
                     ) or render(request, "form.html", {"form": form, "title": f"编辑草稿：{document.kind.name}"})


@requires(Capability.DOCUMENT_ISSUE)
@require_http_methods(["GET", "POST"])
def document_correct_view(request, pk: int):
    document = document_get_for_issue(request.user, pk)
    form = ContentForm(request.POST or None, kind=document.kind, content=document.content, reason=True)

    def correct(data):
        return document_correct(actor=request.user, document=document, content=form.content(document.content),
                                reason=data["reason"])

    return form_step(request, form, correct, f"已制作更正文书草稿；签发后原文书 {document.number} 将自动作废",
                     lambda correction: reverse("documents:detail", args=[correction.pk]), on_form=True
                     ) or render(request, "form.html", {"form": form, "title": f"更正：{document}"})


def _act(request, pk: int, action, done: str, **kwargs):
    """A POSTed step on one document (issue, void, discard); refusals become messages on its page."""
    document = document_get_for_issue(request.user, pk)
    return post_step(request, document, None, lambda d, _: action(actor=request.user, document=d, **kwargs),
                     f"已{done}", reverse("documents:detail", args=[pk]))


@requires(Capability.DOCUMENT_ISSUE)
@require_http_methods(["GET", "POST"])
def document_issue_view(request, pk: int):
    """GET: the confirmation (签发后文书编号生成且不可修改), what is still missing, who signs; POST: issue."""
    if request.method == "POST":
        return _act(request, pk, document_issue, "签发")
    document = document_get_for_issue(request.user, pk)
    if document.status != "draft":
        messages.error(request, f"文书已{document.get_status_display()}，不能签发")
        return redirect("documents:detail", pk=pk)
    content = dict(document.content)
    if not content.get("addressee") and document.enterprise is not None:
        content["addressee"] = document.enterprise.name
    try:
        signer, signer_problem = document_signer(document, request.user), ""
    except ServiceInvalid as exc:
        signer, signer_problem = None, str(exc)
    return render(request, "documents/issue_confirm.html", {
        "d": document, "missing": [reason for _, reason in issue_errors(document.kind.template, content)],
        "signer": signer, "signer_problem": signer_problem,
    })


@requires(Capability.DOCUMENT_ISSUE)
@require_POST
def document_void_view(request, pk: int):
    return _act(request, pk, document_void, "作废", reason=request.POST.get("reason", ""))


@requires(Capability.DOCUMENT_ISSUE)
@require_POST
def document_discard_view(request, pk: int):
    return _act(request, pk, document_discard, "废弃草稿", reason=request.POST.get("reason", ""))
