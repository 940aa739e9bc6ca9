"""Forms only shape the HTML and parse types; the rules are in the services and anjian.domain."""

from django import forms

from anjian.common.form_fields import DayField, OfferedIdField, OfferedIdsField
from anjian.domain.inspection_rules import EVIDENCE_KINDS
from anjian.domain.registry import choices
from anjian.domain.supervision_rules import ASSIGNMENT_MODES, HANDOVER_ACTIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssignmentForm(forms.Form):
    visiting_agency = forms.TypedChoiceField(label="检查机关（异地）", coerce=int)
    home_agency = forms.TypedChoiceField(label="属地机关", coerce=int)
    enterprises = forms.CharField(label="被检查单位（统一社会信用代码或ID，每行一个）", widget=forms.Textarea(attrs={"rows": 4}))
    round_label = forms.CharField(label="轮次", max_length=64)
    mode = forms.ChoiceField(label="执法模式", choices=choices(ASSIGNMENT_MODES))
    period_from = DayField(label="检查期间自", widget=DATE)
    period_to = DayField(label="至", widget=DATE)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(a.pk, a.name) for a in agencies]
        self.fields["visiting_agency"].choices = options
        self.fields["home_agency"].choices = options


class CrossRegionPlanForm(forms.Form):
    planned_date = DayField(label="计划检查日期", widget=DATE)
    officers = OfferedIdsField(label="检查组成员（至少2人）")  # ids checked by the service, as in the API
    leader = OfferedIdField(label="组长", required=False)
    place = forms.CharField(label="检查场所", max_length=255, required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(o.pk, f"{o.name}（{o.certificate_number}）") for o in officers]
        self.fields["officers"].choices = options
        self.fields["leader"].choices = [("", "（第一位成员）")] + options


class AcknowledgeForm(forms.Form):
    officers = OfferedIdsField(label="属地执法人员签名（不少于2人）")  # ids checked by the service, as in the API

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(o.pk, f"{o.name}（{o.certificate_number}）") for o in officers]


class ItemActionForm(forms.Form):
    action = forms.ChoiceField(label="属地处理", choices=choices(HANDOVER_ACTIONS))
    deadline = DayField(label="整改期限", required=False, widget=DATE)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ListingForm(forms.Form):
    responsible_agency = OfferedIdField(label="责任单位")  # checked by the service, as in the API
    deadline = DayField(label="督办期限", widget=DATE)
    requirements = forms.CharField(label="督办要求", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].choices = [(a.pk, a.name) for a in agencies]


class ProgressForm(forms.Form):
    report_date = DayField(label="日期", widget=DATE)
    text = forms.CharField(label="整改进展", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label="证据类型", required=False, choices=[("", "按内容识别")] + choices(EVIDENCE_KINDS))


class DelistForm(forms.Form):
    opinion = forms.CharField(label="摘牌意见", widget=forms.Textarea(attrs={"rows": 3}))
