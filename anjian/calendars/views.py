from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import has_capability
from anjian.accounts.capabilities import requires
from anjian.calendars.models import CalendarDay, CalendarYear
from anjian.calendars.selectors import calendar_days_of, work_calendar
from anjian.calendars.services import calendar_day_set, calendar_import, calendar_year_declare
from anjian.common.service_views import post_step
from anjian.domain.calendar import CalendarYearMissing, provisional_note
from anjian.domain.input_bounds import EARLIEST, LATEST, date_problem, digits, year_problem
from anjian.domain.permissions import Capability
from anjian.domain.rows import parse_date
from anjian.domain.statutory_holidays import COVERED_YEARS, statutory_holidays

MAX_WORKDAYS = 3650


@requires(Capability.CALENDAR_VIEW)
def calendar_index(request):
    years = list(CalendarYear.objects.all())
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if year_problem(year):
        messages.error(request, year_problem(year))
        year = timezone.localdate().year
    result = None
    start_raw, n_raw = request.GET.get("start", ""), request.GET.get("n", "")
    if start_raw and n_raw:
        start = parse_date(start_raw)
        try:
            n = int(n_raw)
        except ValueError:
            n = 0
        if start is None or n < 1 or n > MAX_WORKDAYS or date_problem(start):
            result = {"error": f"请填写正确的起算日期（{EARLIEST.year}–{LATEST.year} 年）和工作日数（1–{MAX_WORKDAYS}）"}
        else:
            try:
                cal = work_calendar()
                day = cal.add_workdays(start, n)
                result = {"start": start, "n": n, "day": day, "note": provisional_note(cal.provisional_year(start, day))}
            except CalendarYearMissing as exc:
                result = {"error": str(exc)}
    known = any(y.year == year for y in years)
    ruled = sorted(statutory_holidays(year).items()) if not known and year in COVERED_YEARS else []
    return render(request, "calendars/index.html", {
        "years": years, "year": year, "days": calendar_days_of(year), "known": known, "ruled": ruled,
        "kinds": CalendarDay.Kind.choices, "result": result, "start": start_raw, "n": n_raw,
        "can_manage": has_capability(request.user, Capability.CALENDAR_MANAGE),
    })


@requires(Capability.CALENDAR_MANAGE)
@require_POST
def calendar_day_add(request):
    day = parse_date(request.POST.get("date", ""))
    if day is None:
        messages.error(request, "日期格式不正确")
        return redirect("calendars:index")
    return post_step(request, day, None,
                     lambda d, post: calendar_day_set(actor=request.user, day=d, kind=post.get("kind", ""),
                                                      name=post.get("name", "")),
                     f"已保存 {day}", f"{reverse('calendars:index')}?year={day.year}")


@requires(Capability.CALENDAR_MANAGE)
@require_POST
def calendar_upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择文件")
    elif upload.size > 1024 * 1024:
        messages.error(request, "日历文件不应超过 1 MB")
    else:
        return post_step(request, upload, None, lambda f, _: calendar_import(actor=request.user, content=f.read()),
                         lambda count: f"已导入 {count} 个日期", "calendars:index")
    return redirect("calendars:index")


@requires(Capability.CALENDAR_MANAGE)
@require_POST
def calendar_year_complete(request):
    raw = request.POST.get("year", "")
    if not digits(raw) or len(raw) > 4:
        messages.error(request, "请填写年份和数据依据（如国务院办公厅通知文号）")
        return redirect("calendars:index")
    year = int(raw)
    return post_step(request, year, None,
                     lambda y, post: calendar_year_declare(actor=request.user, year=y, source=post.get("source", "")),
                     f"已确认 {year} 年节假日数据完整，可用于期限计算", f"{reverse('calendars:index')}?year={year}")
