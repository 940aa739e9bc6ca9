"""Forms of rectification follow-up: they shape the HTML and parse types; rules are in the services."""

from django import forms

from anjian.common.form_fields import DayField, OfferedIdsField
from anjian.domain.rectification import ESCALATION_ROUTES
from anjian.domain.registry import choices
from anjian.inspections.forms import DATE


class ExtensionRequestForm(forms.Form):
    requested_at = DayField(label="申请日期", widget=DATE)
    requested_deadline = DayField(label="申请延长至", widget=DATE)
    reason = forms.CharField(label="延期理由（不可抗力情形）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ExtensionReturnForm(forms.Form):
    """退回 with a reason (the service bounds it: 2–500 characters)."""

    reason = forms.CharField(label="退回理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审批结果", choices=[("approve", "批准延期"), ("reject", "不予延期")],
                                 widget=forms.RadioSelect)
    new_deadline = DayField(label="批准延长至（默认为申请的期限）", required=False, widget=DATE)
    opinion = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=2000)


class ReinspectionForm(forms.Form):
    date = DayField(label="复查日期", widget=DATE)
    completion_reported = forms.BooleanField(label="单位已报告整改完成（可在期限届满前复查）", required=False)
    officers = OfferedIdsField(label="复查人员（不少于2名执法人员）")  # checked by the service, as in the API
    opinion = forms.CharField(label="复查意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(o.pk, f"{o.name}（{o.agency.name}，{o.certificate_number}）")
                                           for o in officers]


class EscalationForm(forms.Form):
    route = forms.ChoiceField(label="处理方式", choices=choices(ESCALATION_ROUTES), widget=forms.RadioSelect)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EnterpriseSearchForm(forms.Form):
    q = forms.CharField(label="单位名称", required=False, max_length=100)
