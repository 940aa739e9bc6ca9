"""Forms only shape the HTML and parse types; the rules are in the services and anjian.domain."""

from django import forms

from anjian.common.form_fields import DayField, OfferedIdField, OfferedIdsField
from anjian.domain.inspection_rules import (
    HAZARD_HANDLINGS,
    INSPECTION_SOURCES,
    INSPECTION_STATUSES,
    MAJOR_HAZARD_MEASURES,
    ONSITE_MEASURES,
)
from anjian.domain.registry import INDUSTRIES, choices

_ALL = [("", "全部")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", required=False, choices=_ALL + choices(INSPECTION_STATUSES))
    source = forms.ChoiceField(label="检查来源", required=False, choices=_ALL + choices(INSPECTION_SOURCES))
    q = forms.CharField(label="单位名称", required=False, max_length=100)
    date_from = DayField(label="计划日期自", required=False, widget=DATE)
    date_to = DayField(label="至", required=False, widget=DATE)
    mine = forms.BooleanField(label="我参与的", required=False)


class InspectionForm(forms.Form):
    """Ids are parsed only: the service's scoped conversions refuse what the API refuses (one set of words)."""

    enterprise = OfferedIdField(label="被检查单位")
    source = forms.ChoiceField(label="检查来源", choices=choices(INSPECTION_SOURCES))
    planned_date = DayField(label="计划检查日期", widget=DATE)
    department = OfferedIdField(label="承办处室", required=False)
    officers = OfferedIdsField(label="检查组成员（不少于2名执法人员）")
    leader = OfferedIdField(label="组长", required=False)
    experts = OfferedIdsField(label="专家（执法+专家，可选）", required=False)
    place = forms.CharField(label="检查场所", required=False, max_length=255)

    def __init__(self, *args, enterprises=(), departments=(), officers=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, f"{e.name}（{e.region.name}）") for e in enterprises]
        self.fields["department"].choices = [("", "—")] + [(d.pk, f"{d.agency.name} {d.name}") for d in departments]
        people = [(o.pk, f"{o.name}（{o.certificate_number}，{o.agency.name}）") for o in officers]
        self.fields["officers"].choices = people
        self.fields["leader"].choices = [("", "第一名成员")] + people
        self.fields["experts"].choices = [(x.pk, f"{x.name}（{x.affiliation or x.region.name}）") for x in experts]


class ApproveForm(forms.Form):
    opinion = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notice_date = DayField(label="通知企业日期", required=False, widget=DATE)


MINUTE = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def onsite_time(label: str) -> forms.DateTimeField:
    """An on-site time as the officer enters it (the page defaults it to now; the service bounds it)."""
    return forms.DateTimeField(label=label, required=False, widget=MINUTE,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])


class StartForm(forms.Form):
    started_at = onsite_time("检查开始时间")
    place = forms.CharField(label="检查场所", required=False, max_length=255)
    kickoff_notes = forms.CharField(label="见面会记录", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    ended_at = onsite_time("检查结束时间")
    summary = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))
    feedback_notes = forms.CharField(label="反馈会记录", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    """退回 with a reason; the service bounds it (2–500 characters), for the page and the API alike."""

    reason = forms.CharField(label="退回理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


def _people(officers) -> list[tuple[int, str]]:
    return [(o.pk, f"{o.name}（{o.certificate_number}，{o.agency.name}）") for o in officers]


class ResubmitForm(forms.Form):
    """Everything the approver can send a plan back for (ADR 0031); ``team`` marks a form that shows the team, so
    a post with date and place only keeps the team as it is."""

    officers = OfferedIdsField(label="检查组成员（不少于2名持有效执法证的执法人员）", required=False)
    leader = OfferedIdField(label="组长", required=False)
    experts = OfferedIdsField(label="专家（可选）", required=False)
    department = OfferedIdField(label="承办处室", required=False)
    planned_date = DayField(label="计划检查日期", required=False, widget=DATE)
    place = forms.CharField(label="检查场所", required=False, max_length=255)
    team = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, officers=(), experts=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = _people(officers)
        self.fields["officers"].choices = people
        self.fields["leader"].choices = [("", "第一名成员")] + people
        self.fields["experts"].choices = [(x.pk, f"{x.name}（{x.affiliation or x.region.name}）") for x in experts]
        self.fields["department"].choices = [("", "不变")] + [(d.pk, d.name) for d in departments]


class CloseForm(forms.Form):
    feedback_notes = forms.CharField(label="反馈会记录（补充）", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=255)


MEASURE_CHOICES = [("一般措施", choices(ONSITE_MEASURES)), ("关、降、停、撤、拆（重大事故隐患）", choices(MAJOR_HAZARD_MEASURES))]


class HazardForm(forms.Form):
    description = forms.CharField(label="隐患（问题）描述", widget=forms.Textarea(attrs={"rows": 3}))
    checklist_item = OfferedIdField(label="检查事项", required=False)
    legal_basis = forms.CharField(label="依据（留空则取检查事项的依据）", required=False, max_length=500)
    is_major = forms.BooleanField(label="重大事故隐患", required=False)
    location = forms.CharField(label="部位", required=False, max_length=255)
    handling = forms.ChoiceField(label="处理方式", choices=choices(HAZARD_HANDLINGS))
    deadline = DayField(label="整改期限（限期整改时）", required=False, widget=DATE)
    measures = forms.MultipleChoiceField(label="现场处理措施", required=False, choices=MEASURE_CHOICES,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].choices = [("", "—")] + [
            (i.pk, f"{'★' if i.is_key else ''}{i.category}：{i.content[:40]}") for i in items]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="类型", required=False,
                             choices=[("", "按内容识别"), ("photo", "照片"), ("audio", "录音"), ("video", "视频"),
                                      ("document", "文件")])
    caption = forms.CharField(label="说明", required=False, max_length=255)


class ChecklistItemForm(forms.Form):
    code = forms.CharField(label="编号", max_length=32)
    industry = forms.ChoiceField(label="适用行业", choices=[("all", "通用")] + choices(INDUSTRIES))
    category = forms.CharField(label="类别", max_length=64)
    content = forms.CharField(label="检查内容", widget=forms.Textarea(attrs={"rows": 3}))
    law_name = forms.CharField(label="法律法规标准名称", max_length=200)
    article = forms.CharField(label="条款", required=False, max_length=100)
    is_key = forms.ChoiceField(label="重点检查事项", choices=[("否", "否"), ("是", "是")])
