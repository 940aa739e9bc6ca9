"""书面放弃陈述申辩 pages: record the party's written waiver in the notice step (form in cases/_waiver.html), and
download its scanned statement."""

from urllib.parse import quote

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.forms import DATE, _today
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.services_waiver import FILE_MAX, REF_MAX, case_rights_waive, waiver_file_of
from anjian.common.errors import NotFound
from anjian.common.form_fields import DayField
from anjian.common.service_views import form_errors_as_messages, form_step
from anjian.domain.permissions import Capability

CONTENT_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class WaiverForm(forms.Form):
    on = DayField(label="放弃声明日期", initial=_today, widget=DATE)
    reference = forms.CharField(label="声明文号或卷内位置", max_length=REF_MAX, required=False)
    file = forms.FileField(label="书面声明扫描件（PDF/JPEG/PNG，5 MB 以内）", required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > FILE_MAX:
            raise forms.ValidationError("放弃声明扫描件不应超过 5 MB")
        return upload


@requires(Capability.CASE_EDIT)
@require_POST
def rights_waive(request, pk: int):
    case = case_get_for(request.user, pk)
    target = reverse("cases:detail", args=[pk])
    form = WaiverForm(request.POST, request.FILES)

    def run(data):
        upload = data.get("file")
        return case_rights_waive(actor=request.user, case=case, on=data["on"], reference=data.get("reference", ""),
                                 file_name=upload.name if upload else "", file_data=upload.read() if upload else None)

    if not form.is_valid():
        form_errors_as_messages(request, form, labelled=True)
        return redirect(target)
    return form_step(request, form, run, "已登记当事人书面放弃陈述申辩，可即时作出处罚决定", target) or redirect(target)


@requires(Capability.CASE_VIEW)
def rights_waiver_file(request, pk: int):
    found = waiver_file_of(case_get_for(request.user, pk))
    if found is None:
        raise NotFound("未上传放弃声明扫描件")
    data, name = found
    kind = next((t for magic, t in CONTENT_TYPES.items() if data.startswith(magic)), "application/octet-stream")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
