"""Forms of disclosure, file check and archiving: they shape the HTML and parse types within the API schemas'
bounds, and their cleaned data are the services' keyword arguments; the rules are in the services
(services_disclosure, services_archive) and anjian/domain/case_file.py."""

from django import forms

from anjian.cases.records.services_disclosure import BATCH_MAX
from anjian.common.form_fields import DayField
from anjian.domain import input_bounds as b
from anjian.domain.case_process import RETENTION_PERIODS
from anjian.domain.registry import choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DiscloseForm(forms.Form):
    text = forms.CharField(label="公开内容", widget=forms.Textarea(attrs={"rows": 9}), required=False,
                           max_length=b.TEXT_MAX,
                           help_text="可修改；提交时自然人姓名、身份证件号码、电话、住址、银行账号一律脱敏")
    on = DayField(label="公开日期", widget=DATE, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=b.TEXT_MAX,
                             required=False, help_text="如：处罚决定经行政复议被撤销")  # blank: the service says why


class FileCheckForm(forms.Form):
    """The explanations of late steps, posted as explain_<deadline key> (the API's CheckIn.explanations, within the
    same bounds)."""

    MAX_ITEMS = 100

    def clean(self):
        given = {k.removeprefix("explain_"): v for k, v in self.data.items() if k.startswith("explain_")}
        if len(given) > self.MAX_ITEMS:
            raise forms.ValidationError(f"说明过多（上限 {self.MAX_ITEMS} 项）")
        if any(len(k) > 64 or len(v) > b.TEXT_MAX for k, v in given.items()):
            raise forms.ValidationError(f"说明不能超过{b.TEXT_MAX}字")
        return {"explanations": given}


class ArchiveForm(forms.Form):
    retention = forms.ChoiceField(label="保存期限", choices=choices(RETENTION_PERIODS), initial="30")
    on = DayField(label="归档日期", widget=DATE, required=False)


class DisclosureFilterForm(forms.Form):
    STATES = (("pending", "待公开（含逾期）"), ("late", "逾期未公开"), ("published_late", "超期公开"),
              ("published", "已公开"), ("all", "全部"))
    state = forms.ChoiceField(label="状态", choices=STATES, required=False)
    year = forms.IntegerField(label="决定年度", min_value=2000, max_value=2099, required=False)


class DiscloseBatchForm(forms.Form):
    """公开所选 (the ticked cases) or 公开全部待公开 (the list as filtered): published by a background job."""

    scope = forms.ChoiceField(choices=(("selected", "所选"), ("all", "全部待公开")))
    case = forms.Field(required=False, widget=forms.MultipleHiddenInput)  # ids; the job reads each in scope
    state = forms.ChoiceField(choices=(("pending", "待公开"), ("late", "逾期未公开")), required=False)
    year = forms.IntegerField(min_value=2000, max_value=2099, required=False)

    def clean_case(self):
        raw = self.cleaned_data.get("case") or []
        if len(raw) > BATCH_MAX:
            raise forms.ValidationError(f"一次最多公开{BATCH_MAX}起案件")
        try:
            return [int(x) for x in raw if 0 < int(x) < 2**31]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError("所选案件无效") from exc


class PublicFilterForm(forms.Form):
    q = forms.CharField(label="关键词（文号、单位名称、违法事实）", max_length=100, required=False)
    agency = forms.TypedChoiceField(label="作出决定的机关", coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(label="决定年度", min_value=2000, max_value=2099, required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部")] + [(a.pk, a.name) for a in agencies]
