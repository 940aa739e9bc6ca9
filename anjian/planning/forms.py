from django import forms

from anjian.common.form_fields import DayField, OfferedIdField, OfferedIdsField
from anjian.planning.models import MONTHS


class PlanCreateForm(forms.Form):
    agency = forms.TypedChoiceField(label="编制机关", coerce=int)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
    capacity_per_month = forms.IntegerField(label="每月检查能力（家，可不填）", min_value=1, max_value=100000, required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.agency_id, a.agency_name) for a in agencies]


class ReturnForm(forms.Form):
    """退回 with a reason (the service bounds it: 2–500 characters)."""

    reason = forms.CharField(label="退回理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    reference = forms.CharField(label="本级政府批复文号", max_length=64,
                                widget=forms.TextInput(attrs={"placeholder": "泌政文〔2026〕3号"}))
    approval_date = DayField(label="批复日期", widget=forms.DateInput(attrs={"type": "date"}))


class EntryAddForm(forms.Form):
    enterprise = OfferedIdField(label="检查对象")  # converted as in the API (selectors.plan_enterprise_get)
    month = forms.TypedChoiceField(label="计划月份", choices=MONTHS, coerce=int)
    reason = forms.CharField(label="调整理由（批复后必填）", max_length=500, required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]


class EntryMoveForm(forms.Form):
    month = forms.TypedChoiceField(label="调整到", choices=MONTHS, coerce=int)
    reason = forms.CharField(label="调整理由（批复后必填）", max_length=500, required=False)


class EntryRemoveForm(forms.Form):
    reason = forms.CharField(label="调整理由（批复后必填）", max_length=500, required=False)


class StartInspectionForm(forms.Form):
    planned_date = DayField(label="计划检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    officers = OfferedIdsField(label="执法人员（至少 2 名）", widget=forms.SelectMultiple)  # checked as in the API

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [(o.pk, f"{o.name}（{o.certificate_number}）") for o in officers]


class ItemListForm(forms.Form):
    agency = forms.TypedChoiceField(label="制定机关", coerce=int)
    name = forms.CharField(label="清单名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
    file = forms.FileField(label="事项表（XLSX/CSV）")

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.agency_id, a.agency_name) for a in agencies]


class ItemListCreateForm(forms.Form):
    agency = forms.TypedChoiceField(label="制定机关", coerce=int)
    name = forms.CharField(label="清单名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.agency_id, a.agency_name) for a in agencies]


class ItemForm(forms.Form):
    """One 抽查事项; the service validates again (the same rules as the import)."""

    item = forms.CharField(label="抽查事项", max_length=200)
    content = forms.CharField(label="抽查内容", widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="抽查依据", widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.MultipleChoiceField(label="抽查对象", widget=forms.CheckboxSelectMultiple)
    body = forms.CharField(label="抽查主体", max_length=100)
    method = forms.CharField(label="抽查方式", max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": "现场检查、书面检查"}))
    frequency = forms.CharField(label="抽查频次", max_length=100,
                                widget=forms.TextInput(attrs={"placeholder": "抽查比例不低于 3%"}))

    def __init__(self, *args, **kwargs):
        from anjian.domain.registry import INDUSTRIES

        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("all", "全部行业"), *INDUSTRIES.items()]

    def clean_target(self) -> str:
        chosen = self.cleaned_data["target"]
        return "all" if "all" in chosen else ",".join(chosen)

    @staticmethod
    def initial_for(item) -> dict:
        return {"item": item.item, "content": item.content, "legal_basis": item.legal_basis,
                "target": item.target.split(","), "body": item.body, "method": item.method,
                "frequency": item.frequency}
