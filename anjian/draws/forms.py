from django import forms

from anjian.common.form_fields import DayField, IdField, OfferedChoiceField
from anjian.domain.input_bounds import NAME_MAX
from anjian.domain.registry import INDUSTRIES, SUPERVISION_CLASSES
from anjian.draws.examples import SEED_004_ITEMS, SEED_004_STRATA

ITEMS_HELP = "每行一个事项：抽查事项 | 抽查内容 | 抽查依据"
MAX_STRATA = 100
MAX_QUOTA = 100_000
BLANK_ROWS = 2  # empty stratum rows offered below the filled ones (no script needed to add one)


def strata_text(strata: list[dict]) -> str:
    """The strata as the API and older pages wrote them: label | industries | classes | quota [| region]."""
    return "\n".join(f"{s['label']} | {','.join(s['industries'])} | {','.join(s.get('supervision_classes') or [])}"
                     f" | {s['quota']}" + (f" | {s['region_prefix']}" if s.get("region_prefix") else "")
                     for s in strata)


def items_text(items: list[dict]) -> str:
    return "\n".join(f"{i['item']} | {i['content']} | {i['basis']}" for i in items)


class StratumForm(forms.Form):
    """One stratum (抽取类别): a name, the industries and classes it draws from, where, and how many."""

    label = forms.CharField(label="类别名称", max_length=NAME_MAX, required=False)
    industries = forms.MultipleChoiceField(label="行业领域", choices=list(INDUSTRIES.items()), required=False,
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}))
    supervision_classes = forms.MultipleChoiceField(
        label="检查类别（不选为全部）", choices=list(SUPERVISION_CLASSES.items()), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}))
    region_prefix = OfferedChoiceField(label="区域", required=False, max_length=6)  # the service checks jurisdiction
    quota = forms.IntegerField(label="抽取数量", min_value=0, max_value=MAX_QUOTA, required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_prefix"].choices = [("", "本机关全部辖区"), *regions]

    def blank(self) -> bool:
        d = self.cleaned_data
        return not (d.get("label") or "").strip() and not d.get("industries") and d.get("quota") is None


class BaseStrata(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The filled rows, in order, as the service takes them (the service checks each, 第n类)."""
        return [{"label": f.cleaned_data.get("label", "").strip(), "industries": f.cleaned_data.get("industries", []),
                 "supervision_classes": f.cleaned_data.get("supervision_classes", []),
                 "region_prefix": f.cleaned_data.get("region_prefix", ""),
                 "quota": f.cleaned_data.get("quota")} for f in self.forms if f.cleaned_data and not f.blank()]


StrataFormSet = forms.formset_factory(StratumForm, formset=BaseStrata, extra=BLANK_ROWS, max_num=MAX_STRATA,
                                      absolute_max=MAX_STRATA, validate_max=True)


def stratum_initial(strata: list[dict]) -> list[dict]:
    return [{"label": s["label"], "industries": list(s["industries"]),
             "supervision_classes": list(s.get("supervision_classes") or []),
             "region_prefix": s.get("region_prefix") or "", "quota": s["quota"]} for s in strata]


class TaskForm(forms.Form):
    """The task; its strata come from the formset ``self.strata`` (prefix "strata"): choices, not typed codes."""

    name = forms.CharField(label="任务名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
    period_from = DayField(label="抽查开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    period_to = DayField(label="抽查结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label="承办处室", queryset=None, required=False)
    items = forms.CharField(label="抽查事项清单", help_text=ITEMS_HELP, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}), initial=items_text(SEED_004_ITEMS))
    cross_region = forms.BooleanField(label="异地抽取执法人员（回避本辖区）", required=False)
    recent_window_days = forms.IntegerField(label="近期检查回避天数", initial=365, min_value=0, max_value=3650)
    officers_per_target = forms.IntegerField(label="每组执法人员数", initial=2, min_value=2, max_value=10)
    is_public = forms.BooleanField(label="向社会公示", required=False, initial=True)

    def __init__(self, data=None, *args, departments=None, regions=(), strata=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["department"].queryset = departments
        self.strata = StrataFormSet(data, prefix="strata", form_kwargs={"regions": regions},
                                    initial=stratum_initial(SEED_004_STRATA if strata is None else strata))

    def clean(self):
        data = super().clean()
        if not self.strata.is_valid():
            raise forms.ValidationError("抽取类别中有需要更正的内容，见各类别下的提示")
        data["strata"] = self.strata.rows()
        if not data["strata"]:
            raise forms.ValidationError("请至少设置一个抽取类别")
        return data

    def clean_items(self):
        rows = []
        for line in self.cleaned_data["items"].splitlines():
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            if parts[0]:
                rows.append({"item": parts[0], "content": parts[1], "basis": parts[2]})
        return rows


class SecretForm(forms.Form):
    secret = forms.CharField(label="密钥", min_length=8, max_length=200,
                             help_text="抽取前只公布其 SHA-256；抽取时揭示，任何人可据以复核")
    witness_entropy = forms.CharField(label="见证随机数（可空）", max_length=200, required=False)
    reason = forms.CharField(label="重新抽取原因", max_length=255, required=False)


class ConflictForm(forms.Form):
    officer = forms.ModelChoiceField(label="执法人员", queryset=None)
    enterprise = IdField(label="单位 ID")
    reason = forms.CharField(label="回避原因", max_length=255)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
