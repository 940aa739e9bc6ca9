from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.common.tabular import TabularError, store_upload
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections.forms import ChecklistItemForm
from anjian.inspections.models import ChecklistItem
from anjian.inspections.services_checklist import (
    CHECKLIST_COLUMNS,
    MAX_BYTES,
    checklist_import,
    checklist_item_add,
    checklist_item_set_active,
    checklist_item_update,
)


@requires(Capability.CHECKLIST_MANAGE)
def checklist_list(request):
    industry = request.GET.get("industry", "")
    show_all = request.GET.get("all") == "1"
    qs = sel.checklist_items(industry=industry, active_only=not show_all, q=request.GET.get("q", ""))
    return render(request, "inspections/checklist_list.html", {
        "page": paginate(request, qs), "query": query_without_page(request), "industry": industry,
        "show_all": show_all, "q": request.GET.get("q", ""),
        "industries": ChecklistItemForm.base_fields["industry"].choices})


def _save(request, form, run, title):
    return form_step(request, form, run, "已保存检查事项", "inspections:checklist") \
        or render(request, "form.html", {"form": form, "title": title})


@requires(Capability.CHECKLIST_MANAGE)
@require_http_methods(["GET", "POST"])
def checklist_create(request):
    form = ChecklistItemForm(request.POST or None)
    return _save(request, form, lambda d: checklist_item_add(actor=request.user, data=d), "新增检查事项")


@requires(Capability.CHECKLIST_MANAGE)
@require_http_methods(["GET", "POST"])
def checklist_edit(request, item_id: int):
    item = get_object_or_404(ChecklistItem, pk=item_id)
    initial = {f: getattr(item, f) for f in ("code", "industry", "category", "content", "law_name", "article")}
    initial["is_key"] = "是" if item.is_key else "否"
    form = ChecklistItemForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    return _save(request, form, lambda d: checklist_item_update(actor=request.user, item=item, data=d),
                 f"修改检查事项 {item.code}")


@requires(Capability.CHECKLIST_MANAGE)
@require_POST
def checklist_toggle(request, item_id: int):
    item = get_object_or_404(ChecklistItem, pk=item_id)
    return post_step(request, item, None, lambda i, d: checklist_item_set_active(
        actor=request.user, item=i, active=not i.is_active), lambda i: f"已{'启用' if i.is_active else '停用'}：{i.code}",
        reverse("inspections:checklist"))


@requires(Capability.CHECKLIST_MANAGE)
@require_http_methods(["GET", "POST"])
def checklist_import_page(request):
    context = {"columns": CHECKLIST_COLUMNS, "max_mb": MAX_BYTES // (1024 * 1024)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = "请选择要导入的文件（xlsx 或 csv）"
            return render(request, "inspections/checklist_import.html", context, status=400)
        try:
            stored = store_upload(upload, max_bytes=min(MAX_BYTES, settings.ANJIAN_IMPORT_MAX_BYTES))
        except TabularError as exc:
            context["file_error"] = str(exc)
            return render(request, "inspections/checklist_import.html", context, status=400)
        with stored.local() as path:
            report = checklist_import(actor=request.user, path=path, file_name=stored.name)
        if report.committed:
            messages.success(request, f"已导入“{report.file_name}”：{report.summary()}")
            return redirect("inspections:checklist")
        context["report"] = report
        return render(request, "inspections/checklist_import.html", context, status=400)
    return render(request, "inspections/checklist_import.html", context)
