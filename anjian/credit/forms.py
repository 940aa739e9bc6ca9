"""Forms only shape the HTML and parse types; the rules are in the services and anjian.domain.credit_rules."""

from django import forms

from anjian.common.form_fields import DayField
from anjian.credit.selectors import STATE_FILTERS
from anjian.domain.credit_rules import LIST_KINDS
from anjian.domain.registry import choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PUBLISHED = "惩戒期间内将在公示页面公开，请勿填写个人信息"


class SanctionFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", choices=choices(STATE_FILTERS), required=False)
    list_kind = forms.ChoiceField(label="名单类别", choices=[("", "全部")] + choices(LIST_KINDS), required=False)
    q = forms.CharField(label="单位名称或统一社会信用代码", required=False)


class SanctionForm(forms.Form):
    enterprise = forms.CharField(label="生产经营单位（统一社会信用代码或ID）", max_length=32)
    list_kind = forms.ChoiceField(label="名单类别", choices=choices(LIST_KINDS))
    reason = forms.CharField(label="列入事由", help_text=PUBLISHED, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label="依据", max_length=500, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "如：《安全生产严重失信主体名单管理办法》第五条"}))
    source_reference = forms.CharField(label="决定文书或案件编号", max_length=128, required=False)
    start_date = DayField(label="惩戒期间自", widget=DATE)
    end_date = DayField(label="惩戒期间至", widget=DATE)


class LiftForm(forms.Form):
    reason = forms.CharField(label="移出理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
