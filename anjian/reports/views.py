"""Pages: rank an uploaded per-unit table (统计排名), download the result, and the bulletin built from it.

The validated table is kept in the user's session (it is the user's own file, not a record), so the
result, the bulletin page and the downloads agree without uploading again. Nothing is written to the
database. Every figure on these pages comes from anjian.domain.ranking / anjian.domain.bulletin.
"""

import dataclasses
import tempfile
from datetime import date
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anjian.accounts.access import acting_grant
from anjian.accounts.capabilities import requires
from anjian.common.tabular import TabularError, check_size, import_byte_limit, upload_extension
from anjian.domain.permissions import Capability
from anjian.domain.ranking import Metric
from anjian.reports.bulletin_charts import bulletin_charts
from anjian.reports.bulletin_from_table import bulletin_from_input, default_title
from anjian.reports.examples import SEED_002_BULLETIN, SEED_002_HEADER, SEED_002_ROWS, seed_002_csv
from anjian.reports.jobs import FORMATS, table_bulletin_submit
from anjian.reports.ranking_io import (
    CSV_TYPE,
    XLSX_TYPE,
    TableRead,
    input_from_json,
    input_to_json,
    ranked_csv,
    ranked_xlsx,
    read_ranking_rows,
    read_ranking_table,
)

SESSION_KEY = "anjian.reports.rank"
BULLETIN_FIELDS = ("title", "agency", "period", "issued_on")


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _bulletin_fields(request, source) -> dict:
    grant = acting_grant(request.user)
    fields = {k: (source.get(k) or "").strip() for k in BULLETIN_FIELDS}
    fields["agency"] = fields["agency"] or (grant.agency_name if grant else "")
    try:
        fields["issued_on"] = date.fromisoformat(fields["issued_on"]).isoformat()
    except ValueError:
        fields["issued_on"] = timezone.localdate().isoformat()
    return fields


def _stored(request):
    """(stored dict, RankInput, Bulletin) of the last ranked table, or None."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    try:
        parsed = input_from_json(data["input"])
        fields = data["bulletin"]
        bulletin = bulletin_from_input(parsed, agency=fields["agency"], period=fields["period"],
                                       issued_on=date.fromisoformat(fields["issued_on"]), title=fields["title"])
    except (KeyError, ValueError, TypeError):
        request.session.pop(SESSION_KEY, None)
        return None
    return data, parsed, bulletin


def _read_upload(request, options: dict) -> TableRead:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return TableRead(file_error="请选择要排名的文件（xlsx 或 CSV）")
    limit = import_byte_limit(None)
    try:
        upload_extension(uploaded.name or "")
        check_size(uploaded.size or 0, limit)
    except TabularError as exc:
        return TableRead(file_name=uploaded.name, file_error=str(exc))
    with tempfile.TemporaryDirectory(prefix="anjian-rank-") as directory:
        path = Path(directory) / "table"
        with path.open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        return read_ranking_table(path, file_name=uploaded.name, max_bytes=limit, **options)


@requires(Capability.STATS_VIEW)
@require_http_methods(["GET", "POST"])
def rank_upload(request):
    """Upload a table (or use the seed-002 example), see it ranked, errors shown inline; re-rank in place."""
    errors: list = []
    read = None
    form = {"metrics": "", "lower_better": "", **_bulletin_fields(request, {})}
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        options = {"metrics": request.POST.get("metrics", ""), "lower_better": request.POST.get("lower_better", "")}
        form.update(options)
        if action == "rerank":
            return _rerank(request)
        if action == "example":
            read = read_ranking_rows(SEED_002_HEADER, SEED_002_ROWS, **options)
            read.file_name = "驻马店市2020年1-6月各县区执法成效（示例）"
            fields = dict(SEED_002_BULLETIN)
        else:
            read = _read_upload(request, options)
            fields = _bulletin_fields(request, request.POST)
            form.update(fields)
        if read.ok:
            request.session[SESSION_KEY] = {"file_name": read.file_name, "input": input_to_json(read.parsed),
                                            "bulletin": fields}
            return redirect("reports:rank")
        errors = read.errors
    stored = None if read is not None else _stored(request)
    context = {"form": form, "read": read, "errors": errors}
    if stored:
        data, parsed, bulletin = stored
        ranked = {m.key: m for m in parsed.metrics}
        context.update({"file_name": data["file_name"], "bulletin": bulletin, "parsed": parsed,
                        "columns": [(c, c in ranked, c in ranked and not ranked[c].higher_is_better)
                                    for c in parsed.columns]})
    return render(request, "reports/rank.html", context)


def _rerank(request):
    stored = _stored(request)
    if stored is None:
        messages.error(request, "请先上传要排名的表格")
        return redirect("reports:rank")
    data, parsed, _ = stored
    chosen = [c for c in parsed.columns if c in request.POST.getlist("rank")]
    lower = set(request.POST.getlist("lower")) & set(chosen)
    if not chosen:
        messages.error(request, "请至少选择一项参与排名的指标")
        return redirect("reports:rank")
    parsed = dataclasses.replace(parsed, metrics=tuple(Metric(c, c, higher_is_better=c not in lower) for c in chosen))
    data["input"] = input_to_json(parsed)
    request.session[SESSION_KEY] = data
    messages.success(request, f"已按 {len(chosen)} 项指标重新排名")
    return redirect("reports:rank")


def _require_stored(request):
    stored = _stored(request)
    if stored is None:
        raise Http404("no ranked table")
    return stored


@requires(Capability.STATS_VIEW)
@require_GET
def rank_export(request, fmt: str):
    _, parsed, bulletin = _require_stored(request)
    if fmt == "csv":
        return _download(ranked_csv(bulletin.ranked, parsed.unit_label, bom=True).encode(), "排名结果.csv", CSV_TYPE)
    if fmt == "xlsx":
        return _download(ranked_xlsx(bulletin.ranked, parsed.unit_label), "排名结果.xlsx", XLSX_TYPE)
    raise Http404(fmt)


@requires(Capability.STATS_VIEW)
@require_GET
def rank_example(request):
    return _download(seed_002_csv().encode(), "排名示例表格.csv", CSV_TYPE)


@requires(Capability.STATS_VIEW)
@require_http_methods(["GET", "POST"])
def bulletin_page(request):
    stored = _stored(request)
    if stored is None:
        messages.error(request, "请先上传要排名的表格，再生成通报")
        return redirect("reports:rank")
    data, _, bulletin = stored
    if request.method == "POST":
        data["bulletin"] = _bulletin_fields(request, request.POST)
        request.session[SESSION_KEY] = data
        messages.success(request, "已更新通报信息")
        return redirect("reports:bulletin")
    return render(request, "reports/bulletin.html", {
        "bulletin": bulletin, "charts": bulletin_charts(bulletin), "fields": data["bulletin"],
        "default_title": default_title(bulletin.period)})


@requires(Capability.STATS_VIEW)
@require_POST
def bulletin_export(request, fmt: str):
    """Word / xlsx of the bulletin: a background job with the session's table in its params (ADR 0033)."""
    if fmt not in FORMATS:
        raise Http404(fmt)
    data, _, bulletin = _require_stored(request)
    return redirect(table_bulletin_submit(actor=request.user, stored=data, fmt=fmt, title=bulletin.title))
