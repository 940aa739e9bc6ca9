"""Pages of the discretion benchmarks: the list (search, 停用/启用), the import (upload → preview → confirm),
and the report 同一违法行为罚款对比 with its XLSX export."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.views import posted_next
from anjian.cases.discretion import selectors as sel
from anjian.cases.discretion.forms import ComparisonFilterForm, EntryFilterForm
from anjian.cases.discretion.importing import (
    discretion_import_commit,
    discretion_import_preview,
    discretion_template_xlsx,
    template_notes,
)
from anjian.cases.discretion.report import ComparisonFilters, comparison_xlsx, decision_years, fine_comparison
from anjian.cases.discretion.services import discretion_entry_activate, discretion_entry_deactivate
from anjian.cases.models import DiscretionEntry
from anjian.common.import_flow import XLSX, ImportFlow, import_confirm, import_template, import_upload
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import post_step
from anjian.domain.discretion_rules import BENCHMARK_COLUMNS
from anjian.domain.permissions import Capability

C = Capability


@dataclass(frozen=True)
class _Flow(ImportFlow):
    """The shared import pages, with this part's URL names (cases:discretion_import …)."""

    def url(self, name: str) -> str:
        return reverse(f"cases:discretion_{name}")


FLOW = _Flow(
    kind="discretion", namespace="cases", title="裁量基准", noun="条", subject="裁量阶次",
    key_label="出处、编号和裁量阶次", preview=discretion_import_preview, commit=discretion_import_commit,
    write_template=discretion_template_xlsx, notes=lambda: template_notes()[1:len(BENCHMARK_COLUMNS) + 1],
)


@requires(C.CASE_VIEW)
def discretion_list(request):
    form = EntryFilterForm(request.GET or None, sources=sel.sources())
    filters = sel.EntryFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = sel.EntryFilters(q=d["q"], source=d["source"], party_kind=d["party_kind"], active=d["active"])
    page = paginate(request, sel.entry_list(filters), default_size=50)
    return render(request, "cases/discretion_list.html", {
        "form": form, "page": page, "rows": [(e, sel.proposal_for(e)) for e in page],
        "query": query_without_page(request)})


def _switch(request, pk: int, service, done: str):
    return post_step(request, sel.entry_get(pk), None, lambda e, d: service(actor=request.user, entry=e),
                     lambda e: f"已{done}：{e}", posted_next(request, reverse("cases:discretion_list")))


@requires(C.DISCRETION_MANAGE)
@require_POST
def discretion_deactivate(request, pk: int):
    return _switch(request, pk, discretion_entry_deactivate, "停用")


@requires(C.DISCRETION_MANAGE)
@require_POST
def discretion_activate(request, pk: int):
    return _switch(request, pk, discretion_entry_activate, "启用")


@requires(C.DISCRETION_MANAGE)
@require_http_methods(["GET", "POST"])
def discretion_import(request):
    return import_upload(request, FLOW)


@requires(C.DISCRETION_MANAGE)
@require_POST
def discretion_import_confirm(request):
    return import_confirm(request, FLOW)


@requires(C.DISCRETION_MANAGE)
def discretion_import_template(request):
    return import_template(request, FLOW)


def _comparison_form(request):
    violations = {}
    for code, violation in DiscretionEntry.objects.order_by("id").values_list("code", "violation"):
        violations.setdefault(code, f"{code} {violation[:40]}")
    form = ComparisonFilterForm(request.GET or None, years=decision_years(request.user),
                                violations=list(violations.items()))
    filters = ComparisonFilters()
    if form.is_valid():
        filters = ComparisonFilters(year=form.cleaned_data["year"], code=form.cleaned_data["code"])
    return form, filters


@requires(C.CASE_VIEW)
def discretion_report(request):
    form, filters = _comparison_form(request)
    return render(request, "cases/discretion_report.html", {
        "form": form, "groups": fine_comparison(request.user, filters), "query": request.GET.urlencode()})


@requires(C.CASE_VIEW)
def discretion_report_export(request):
    _, filters = _comparison_form(request)
    response = HttpResponse(comparison_xlsx(fine_comparison(request.user, filters)), content_type=XLSX)
    suffix = f"-{filters.year}" if filters.year else ""
    response["Content-Disposition"] = f'attachment; filename="discretion-comparison{suffix}.xlsx"'
    return response
