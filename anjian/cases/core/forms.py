"""Forms of the core case pages: they shape the HTML and parse types within the same bounds as the API's schemas
(`core.schemas`); their cleaned data are the service's keyword arguments, as the schemas' are. The rules are in the
services."""

from django import forms
from django.utils import timezone

from anjian.common.form_fields import DayField, IdField, OfferedIdField, OfferedIdsField
from anjian.domain import input_bounds as b
from anjian.domain.case_process import (
    CASE_SOURCES,
    CASE_STATUSES,
    INVESTIGATION_KINDS,
    LEGAL_REVIEW_RESULTS,
    PARTY_KINDS,
    PENALTY_KINDS,
)
from anjian.domain.case_steps import DISCUSSION_CONCLUSIONS, SERVICE_METHODS
from anjian.domain.registry import choices

_ALL = [("", "全部")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}  # the cases' money columns (numeric(14, 2))


def _today():
    return timezone.localdate()


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=_ALL + choices(CASE_STATUSES))
    source = forms.ChoiceField(label="案件来源", required=False, choices=_ALL + choices(CASE_SOURCES))
    q = forms.CharField(label="案件名称／当事人／信用代码", required=False, max_length=100)
    year = forms.IntegerField(label="立案年度", required=False, min_value=2000, max_value=2099)
    overdue = forms.BooleanField(label="超过办案期限未决定", required=False)


class CaseCreateForm(forms.Form):
    """立案申请. Its cleaned data is a `NewCase` (the API's CaseProposeIn gives the same); the ids are parsed only —
    which records they may name is `origins.new_case_arguments`' to say, on the page as in the API."""

    enterprise_id = OfferedIdField(label="当事单位（生产经营单位）")
    source = forms.ChoiceField(label="案件来源", choices=choices(CASE_SOURCES))
    source_note = forms.CharField(label="来源说明（举报、交办、移送等须填写）", required=False, max_length=255)
    cause = forms.CharField(label="案由", max_length=255, help_text="如：未按规定对从业人员进行安全生产教育和培训")
    name = forms.CharField(label="案件名称（留空自动生成）", required=False, max_length=255)
    facts = forms.CharField(label="案件基本情况", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    officer_ids = OfferedIdsField(label="承办人（不少于2名持有效执法证的执法人员）", required=False)
    lead_officer_id = OfferedIdField(label="主办人", required=False)
    hazard_ids = OfferedIdsField(label="涉及隐患", required=False)
    party_kind = forms.ChoiceField(label="当事人类型", choices=choices(PARTY_KINDS), initial="unit")
    party_name = forms.CharField(label="当事人（单位时留空取单位名称）", required=False, max_length=255)
    party_id_number = forms.CharField(label="统一社会信用代码／身份证件号码", required=False, max_length=32)
    party_representative = forms.CharField(label="法定代表人（负责人）", required=False, max_length=64)
    party_address = forms.CharField(label="地址", required=False, max_length=255)
    party_phone = forms.CharField(label="联系电话", required=False, max_length=32)
    inspection_id = IdField(required=False, widget=forms.HiddenInput)
    handover_id = IdField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, enterprises=(), officers=(), hazards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise_id"].choices = [(e.pk, f"{e.name}（{e.region.name}）") for e in enterprises]
        people = [(o.pk, f"{o.name}（{o.certificate_number}，{o.agency.name}）") for o in officers]
        self.fields["officer_ids"].choices = people
        self.fields["lead_officer_id"].choices = [("", "第一名承办人")] + people
        self.fields["hazard_ids"].choices = [(h.pk, f"{h.description[:60]}（{h.get_status_display()}）")
                                             for h in hazards]


class FileApproveForm(forms.Form):
    opinion = forms.CharField(label="审批意见", required=False, max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    on = DayField(label="立案日期", initial=_today, widget=DATE)


class FileRefuseForm(forms.Form):
    reason = forms.CharField(label="不予立案理由", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    """退回 with a reason; the service bounds it (2–500 characters) for the page and the API alike."""

    reason = forms.CharField(label="退回理由", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class FilingResubmitForm(forms.Form):
    cause = forms.CharField(label="案由", max_length=255, required=False)
    facts = forms.CharField(label="案件基本情况", max_length=b.TEXT_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))


class InvestigationForm(forms.Form):
    kind = forms.ChoiceField(label="调查取证类型", choices=choices(INVESTIGATION_KINDS))
    occurred_on = DayField(label="日期", initial=_today, widget=DATE)
    summary = forms.CharField(label="内容摘要（先行登记保存时列明物品）", max_length=b.TEXT_MAX, widget=TEXT)


class PreservationDecideForm(forms.Form):
    investigation = IdField(widget=forms.HiddenInput)
    on = DayField(label="处理决定日期", initial=_today, widget=DATE)
    decision = forms.CharField(label="处理决定", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365)  # the rule (≤ 90) is the service's
    reason = forms.CharField(label="延期理由", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(forms.Form):
    on = DayField(label="调查终结日期", initial=_today, widget=DATE)
    report = forms.CharField(label="调查终结报告（调查结论）", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    violated_provision = forms.CharField(label="违反的法律规定", required=False, max_length=b.SHORT_MAX,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    penalty_provision = forms.CharField(label="处罚依据", required=False, max_length=b.SHORT_MAX,
                                        widget=forms.Textarea(attrs={"rows": 2}))
    penalties = forms.MultipleChoiceField(label="拟处罚种类（不选为建议不予处罚）", required=False,
                                          choices=choices(PENALTY_KINDS), widget=forms.CheckboxSelectMultiple)
    proposed_fine = forms.DecimalField(label="拟罚款金额（元）", required=False, **MONEY)
    is_major = forms.BooleanField(label="重大案件（须集体讨论）", required=False)


class SubmitForm(forms.Form):
    pass


class LegalReviewForm(forms.Form):
    on = DayField(label="审核日期", initial=_today, widget=DATE)
    result = forms.ChoiceField(label="审核结论", choices=choices(LEGAL_REVIEW_RESULTS))
    opinion = forms.CharField(label="法制审核意见", max_length=b.TEXT_MAX, widget=TEXT)


class DiscussionForm(forms.Form):
    on = DayField(label="讨论日期", initial=_today, widget=DATE)
    conclusion = forms.ChoiceField(label="讨论结论", choices=choices(DISCUSSION_CONCLUSIONS))
    record = forms.CharField(label="讨论记录（参加人员、发言要点）", max_length=b.TEXT_MAX, widget=TEXT)


class NotifyForm(forms.Form):
    served_on = DayField(label="告知书送达日期", initial=_today, widget=DATE)


class StatementForm(forms.Form):
    on = DayField(label="陈述申辩日期", initial=_today, widget=DATE)
    statement = forms.CharField(label="陈述申辩内容", max_length=b.TEXT_MAX, widget=TEXT)


class HearingRequestForm(forms.Form):
    on = DayField(label="申请日期", initial=_today, widget=DATE)
    hearing_on = DayField(label="听证日期（填写则签发听证会通知书）", required=False, widget=DATE)
    hearing_place = forms.CharField(label="听证地点", required=False, max_length=b.SHORT_MAX)
    presiding = forms.CharField(label="听证主持人", required=False, max_length=b.NAME_MAX)


class HearingHoldForm(forms.Form):
    on = DayField(label="听证日期", initial=_today, widget=DATE)
    report = forms.CharField(label="听证情况及处理意见", max_length=b.TEXT_MAX, widget=TEXT)


class DecideForm(forms.Form):
    on = DayField(label="决定日期", initial=_today, widget=DATE)
    fine = forms.DecimalField(label="罚款金额（元，无罚款留空）", required=False, **MONEY)
    summary = forms.CharField(label="其他决定事项（选填）", required=False, max_length=b.TEXT_MAX, widget=TEXT,
                              help_text="处罚种类和罚款金额（含大写）由系统按所选处罚和金额写入决定书，无需填写")


class ServeForm(forms.Form):
    on = DayField(label="送达日期", initial=_today, widget=DATE)
    method = forms.ChoiceField(label="送达方式", choices=choices(SERVICE_METHODS))
    recipient = forms.CharField(label="受送达人（签收人）", required=False, max_length=b.NAME_MAX)
    place = forms.CharField(label="送达地点", required=False, max_length=b.SHORT_MAX)
