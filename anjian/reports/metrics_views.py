"""Pages of the statistics computed from the records: the metrics table of an agency's units (with 同比, by
industry, data-quality findings and the records behind them) and the bulletin built from the records
(web page with charts, Word and XLSX). Read-only; the agency must be within the user's STATS_VIEW scope
(404 otherwise, as for a missing one)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from anjian.accounts.access import agencies_for, can, highest_grant
from anjian.accounts.capabilities import requires
from anjian.domain.input_bounds import date_problem, digits, year_problem
from anjian.domain.metrics import (
    HALVES,
    METRICS,
    PERIOD_KINDS,
    QUALITY_COUNTERS,
    QUARTERS,
    SEED_RANKED,
    MetricError,
    Period,
    latest_half_with_data,
    period_choice,
    period_code,
    period_fields,
    period_parse,
    quality_problem,
)
from anjian.domain.permissions import Capability
from anjian.domain.registry import INDUSTRIES
from anjian.domain.rows import parse_date
from anjian.regions.models import Agency
from anjian.reports.bulletin_charts import bulletin_charts
from anjian.reports.jobs import FORMATS, metrics_bulletin_submit
from anjian.reports.metrics import (
    latest_activity_day,
    metrics_by_industry,
    metrics_table_with_yoy,
    unit_of,
    units_below,
)
from anjian.reports.metrics_bulletin import bulletin_from_records
from anjian.reports.metrics_quality import quality_examples, table_findings
from anjian.reports.rollup import late_days

CAP = Capability.STATS_VIEW


def default_period(today, agency: Agency | None = None) -> Period:
    """The half-year of the latest recorded activity of ``agency``'s system; without any, the last ended one."""
    return latest_half_with_data(latest_activity_day(agency) if agency is not None else None, today)


def _agency(request) -> Agency:
    raw = (request.GET.get("agency") or "").strip()
    if not raw:
        grant = highest_grant(request.user, CAP)
        raw = str(grant.agency_id) if grant else ""
    agency = None
    if digits(raw) and len(raw) == 6:
        agency = Agency.objects.select_related("region").filter(region_id=raw).first()
    if agency is None and digits(raw):
        agency = Agency.objects.select_related("region").filter(pk=int(raw)).first()
    if agency is None or not can(request.user, CAP, agency.region_id):
        raise Http404("agency")
    return agency


def _int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if digits(raw) and len(raw) <= 4 else None


def _period(request, agency: Agency | None = None) -> tuple[Period | None, str, str]:
    """The period picked with the selects (kind, year, part, start, end); a link's compact code (period=2025H1);
    or, with neither, the half-year of the latest activity. → (period, code for links, error)."""
    get = request.GET
    try:
        if get.get("kind"):
            kind = get["kind"]
            part = _int(get.get({"half": "half", "quarter": "quarter", "month": "month"}.get(kind, "part")))
            start, end = parse_date(get.get("start", "")), parse_date(get.get("end", ""))
            for day in (start, end):
                if day is not None and date_problem(day):
                    raise MetricError(date_problem(day))
            year = _int(get.get("year"))
            if year is not None and year_problem(year):
                raise MetricError(year_problem(year))
            period = period_choice(kind, year, part, start, end)
        elif (get.get("period") or "").strip():
            period = period_parse(get["period"].strip())
        else:
            period = default_period(timezone.localdate(), agency)
    except MetricError as exc:
        return None, (get.get("period") or "").strip(), str(exc)
    return period, period_code(period), ""


def _period_form(period: Period | None) -> dict:
    """What the period selects show: the picked period's fields, the years offered and the choices."""
    today = timezone.localdate()
    fields = period_fields(period) if period else {"kind": "half", "year": today.year, "part": 1, "start": None,
                                                   "end": None}
    return {"pick": fields, "years": list(range(today.year, 2003, -1)), "kinds": list(PERIOD_KINDS.items()),
            "halves": list(HALVES.items()), "quarters": list(QUARTERS.items()), "months": list(range(1, 13))}


def _ranked_keys(request) -> tuple[list[str], str]:
    chosen = [k for k in request.GET.getlist("rank") if k]
    if not chosen:
        return list(SEED_RANKED), ""
    unknown = [k for k in chosen if k not in METRICS]
    if unknown:
        return list(SEED_RANKED), f"没有指标“{unknown[0]}”"
    return chosen, ""


def _context(request, agency: Agency, period_text: str, period: Period | None = None) -> dict:
    children = units_below(agency)
    scope = [Agency.objects.select_related("region").get(pk=g.agency_id) for g in agencies_for(request.user, CAP)]
    return {"agency": agency, "period_text": period_text, "children": children, "scope_agencies": scope,
            "metric_choices": list(METRICS.values()), **_period_form(period)}


@requires(CAP)
@require_GET
def metrics_page(request):
    agency = _agency(request)
    period, text, error = _period(request, agency)
    context = _context(request, agency, text, period)
    context["error"] = error
    if period is not None:
        units = context["children"] or [unit_of(agency)]
        industry = (request.GET.get("industry") or "").strip() or None
        table = metrics_table_with_yoy(units, period, industry=industry)
        context.update({
            "period": period, "table": table, "rows": table.rows(), "industry": industry or "",
            "by_industry": metrics_by_industry(units, period), "findings": table_findings(table),
            "late_days": late_days(), "industries": list(INDUSTRIES.items()),
        })
    return render(request, "reports/metrics.html", context)


@requires(CAP)
@require_GET
def quality_page(request):
    agency = _agency(request)
    period, text, error = _period(request, agency)
    check = request.GET.get("check", "")
    if period is None or check not in QUALITY_COUNTERS:
        raise Http404("check")
    records = quality_examples(agency, period, check, limit=200)
    return render(request, "reports/metrics_quality.html", {
        "agency": agency, "period": period, "period_text": text, "check": check, "records": records,
        "problem": quality_problem(check, late_days()), "is_case": check == "q_no_penalty_document"})


def _bulletin(request):
    agency = _agency(request)
    period, text, error = _period(request, agency)
    keys, key_error = _ranked_keys(request)
    error = error or key_error
    bulletin = None
    if not error:
        try:
            bulletin = bulletin_from_records(agency, period, keys)
        except MetricError as exc:
            error = str(exc)
    return agency, text, keys, bulletin, error, period


@requires(CAP)
@require_GET
def bulletin_page(request):
    agency, text, keys, bulletin, error, period = _bulletin(request)
    context = _context(request, agency, text, period)
    context.update({"bulletin": bulletin, "error": error, "ranked_keys": keys,
                    "charts": bulletin_charts(bulletin) if bulletin else [],
                    "query": request.GET.urlencode()})
    return render(request, "reports/metrics_bulletin.html", context)


@requires(CAP)
@require_POST
def bulletin_export(request, fmt: str):
    """Word / xlsx of the bulletin: a background job (ADR 0033). The agency, period and ranked metrics are checked
    here (an agency out of scope reads as missing); the statistics are computed by the job."""
    if fmt not in FORMATS:
        raise Http404(fmt)
    agency = _agency(request)
    period, text, error = _period(request, agency)
    keys, key_error = _ranked_keys(request)
    if period is None or error or key_error:
        return HttpResponse(error or key_error, status=400, content_type="text/plain; charset=utf-8")
    return redirect(metrics_bulletin_submit(actor=request.user, agency=agency, period=text, keys=keys, fmt=fmt))
