"""Pages of enforcement guidance (执法指导): the yearly schedule, a review with its checklist, the letter and the
subordinate's report; and typical cases (典型案例) with their Word/XLSX export."""


from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.common.form_fields import DayField
from anjian.common.service_views import form_step, post_step
from anjian.domain import guidance as g
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.guidance import selectors as sel
from anjian.guidance import services
from anjian.guidance.typical_export import typical_docx, typical_xlsx


class StartForm(forms.Form):
    review_date = DayField(label="指导日期", widget=forms.DateInput(attrs={"type": "date"}))
    reviewers = forms.CharField(label="指导人员", max_length=255)
    sample = forms.TypedChoiceField(label="随机抽查企业", choices=((1, "1家"), (2, "2家")), coerce=int, initial=2)


class LetterForm(forms.Form):
    rectify_by = DayField(label="整改报告期限", widget=forms.DateInput(attrs={"type": "date"}))


class RespondForm(forms.Form):
    text = forms.CharField(label="整改报告", widget=forms.Textarea(attrs={"rows": 6}))


class CloseForm(forms.Form):
    accept = forms.TypedChoiceField(label="结论", choices=(("1", "整改到位，办结"), ("0", "退回，重新整改")),
                                    coerce=lambda v: v == "1")
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))


class TypicalForm(forms.Form):
    title = forms.CharField(label="案例名称", max_length=255)
    highlights = forms.CharField(label="典型意义", widget=forms.Textarea(attrs={"rows": 5}))


@requires(Capability.GUIDANCE_VIEW)
def review_list(request):
    today = timezone.localdate()
    year = sel.q_year(request) or today.year
    return render(request, "guidance/list.html", {
        "rows": sel.review_rows(sel.review_list_for(request.user, year), today), "year": year,
        "agencies": sel.scheduling_agencies_for(request.user), "last_month": g.LAST_MONTH})


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_schedule(request):
    agency_id, year = request.POST.get("agency", ""), request.POST.get("year", "")
    agency = next((a for a in sel.scheduling_agencies_for(request.user) if str(a.pk) == agency_id), None)
    if agency is None or not digits(year):
        raise Http404("agency")
    first = request.POST.get("first_month", "1")
    return post_step(request, agency, None, lambda a, d: services.guidance_schedule(
        actor=request.user, superior=a, year=int(year), first_month=int(first) if digits(first) else 1),
        lambda made: f"已排期{len(made)}个单位", f"{reverse('guidance:list')}?year={year}")


@requires(Capability.GUIDANCE_VIEW)
def review_detail(request, pk: int):
    review = sel.review_get_for(request.user, pk)
    superior_side = can(request.user, Capability.GUIDANCE_MANAGE, review.superior.region_id)
    subordinate_side = services.actor_agency_is(request.user, review.subordinate)
    today = timezone.localdate()
    return render(request, "guidance/detail.html", {
        "r": review, "findings": sel.findings_of(review), "assessments": g.ASSESSMENTS,
        "superior_side": superior_side, "subordinate_side": subordinate_side,
        "sampled": review.sampled.select_related("region"),
        "start_form": StartForm(initial={"review_date": today}), "letter_form": LetterForm(),
        "respond_form": RespondForm(), "close_form": CloseForm(),
        "overdue": g.overdue(review.month, review.year, review.status in ("letter_issued", "responded", "closed"),
                             today)})


def _post(request, pk: int, form_class, call, done: str):
    review = sel.review_get_for(request.user, pk)
    return post_step(request, review, form_class, call, done, reverse("guidance:detail", args=[pk]))


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_start(request, pk: int):
    return _post(request, pk, StartForm, lambda r, d: services.guidance_start(
        actor=request.user, review=r, review_date=d["review_date"], reviewers=d["reviewers"], sample=d["sample"]),
        "已开始指导，系统已按数据给出各项初评")


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_finding(request, pk: int):
    return _post(request, pk, None, lambda r, d: services.guidance_finding_set(
        actor=request.user, review=r, code=d.get("code", ""), assessment=d.get("assessment", ""),
        opinion=d.get("opinion", "")), "已保存评定")


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_letter(request, pk: int):
    return _post(request, pk, LetterForm, lambda r, d: services.guidance_letter_issue(
        actor=request.user, review=r, rectify_by=d["rectify_by"]), "已签发执法指导意见书")


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_respond(request, pk: int):
    return _post(request, pk, RespondForm, lambda r, d: services.guidance_respond(
        actor=request.user, review=r, text=d["text"], on=timezone.localdate()), "已报送整改情况")


@requires(Capability.GUIDANCE_MANAGE)
@require_POST
def review_close(request, pk: int):
    return _post(request, pk, CloseForm, lambda r, d: services.guidance_close(
        actor=request.user, review=r, accept=d["accept"], note=d["note"], on=timezone.localdate()), "已处理")


@requires(Capability.CASE_VIEW)
def typical_list(request):
    items = list(sel.typical_list_for(request.user))
    fmt = request.GET.get("format", "")
    if fmt == "docx":
        response = HttpResponse(typical_docx(items, "安全生产执法典型案例"), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        response["Content-Disposition"] = "attachment; filename*=UTF-8''typical-cases.docx"
        return response
    if fmt == "xlsx":
        response = HttpResponse(typical_xlsx(items),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename*=UTF-8''typical-cases.xlsx"
        return response
    return render(request, "guidance/typical_list.html", {"items": items})


@requires(Capability.CASE_APPROVE)
def typical_select(request):
    case_id = request.POST.get("case") or request.GET.get("case", "")
    if not digits(case_id):
        raise Http404("case")
    case = case_get_for(request.user, int(case_id))
    form = TypicalForm(request.POST or None, initial={"title": case.name})
    return form_step(request, form, lambda d: services.typical_case_select(actor=request.user, case=case, **d),
                     "已选报典型案例", "guidance:typical") \
        or render(request, "guidance/typical_select.html", {"form": form, "case": case})


@requires(Capability.CASE_APPROVE)
@require_POST
def typical_report(request, pk: int):
    typical = sel.typical_get_for(request.user, pk)
    return post_step(request, typical, None, lambda t, d: services.typical_case_report(
        actor=request.user, typical=t, on=timezone.localdate()), "已标记为已报送", reverse("guidance:typical"))


