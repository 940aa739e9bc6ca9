"""Forms of the execution steps: they shape the HTML and parse types within the API schemas' bounds; their cleaned
data are the services' keyword arguments. The rules are in the services and anjian/domain/case_execution.py."""

from django import forms

from anjian.common.form_fields import DayField
from anjian.domain import input_bounds as b
from anjian.domain.case_execution import PAYMENT_KINDS
from anjian.domain.registry import choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=choices(PAYMENT_KINDS), initial="fine")
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2, min_value=0)
    paid_on = DayField(label="缴款日期", widget=DATE)
    receipt_number = forms.CharField(label="缴款凭证号", max_length=64, required=False)


class InstallmentForm(forms.Form):
    until = DayField(label="批准延期（分期）缴纳至", widget=DATE)
    reason = forms.CharField(label="理由", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class OnForm(forms.Form):
    on = DayField(label="日期", widget=DATE)


class EnforcementForm(forms.Form):
    on = DayField(label="申请日期", widget=DATE)
    court = forms.CharField(label="受理法院", max_length=128)


class CloseForm(forms.Form):
    on = DayField(label="结案日期", widget=DATE)
    note = forms.CharField(label="执行情况／结案说明", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=b.TEXT_MAX,
                           help_text="已申请法院强制执行的，写明法院的执行（裁定）结果")
