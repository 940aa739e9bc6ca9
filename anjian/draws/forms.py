from django import forms

from anjian.common.form_fields import DayField, IdField
from anjian.domain.input_bounds import digits
from anjian.domain.registry import INDUSTRIES, SUPERVISION_CLASSES
from anjian.draws.examples import SEED_004_ITEMS, SEED_004_STRATA

STRATA_HELP = ("每行一个类别：类别名称 | 行业代码（逗号分隔） | 检查类别（general/key，可空） | 抽取数量"
               " [| 区域代码（可省略，省略为本机关全部辖区）]")
ITEMS_HELP = "每行一个事项：抽查事项 | 抽查内容 | 抽查依据"


def strata_text(strata: list[dict]) -> str:
    return "\n".join(f"{s['label']} | {','.join(s['industries'])} | {','.join(s.get('supervision_classes') or [])}"
                     f" | {s['quota']}" + (f" | {s['region_prefix']}" if s.get("region_prefix") else "")
                     for s in strata)


def items_text(items: list[dict]) -> str:
    return "\n".join(f"{i['item']} | {i['content']} | {i['basis']}" for i in items)


class TaskForm(forms.Form):
    name = forms.CharField(label="任务名称", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
    period_from = DayField(label="抽查开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    period_to = DayField(label="抽查结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.ModelChoiceField(label="承办处室", queryset=None, required=False)
    strata = forms.CharField(label="抽取类别及数量", help_text=STRATA_HELP, widget=forms.Textarea(attrs={"rows": 7}),
                             initial=strata_text(SEED_004_STRATA))
    items = forms.CharField(label="抽查事项清单", help_text=ITEMS_HELP, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}), initial=items_text(SEED_004_ITEMS))
    cross_region = forms.BooleanField(label="异地抽取执法人员（回避本辖区）", required=False)
    recent_window_days = forms.IntegerField(label="近期检查回避天数", initial=365, min_value=0, max_value=3650)
    officers_per_target = forms.IntegerField(label="每组执法人员数", initial=2, min_value=2, max_value=10)
    is_public = forms.BooleanField(label="向社会公示", required=False, initial=True)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_strata(self):
        rows, errors = [], []
        for n, line in enumerate(self.cleaned_data["strata"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (4, 5) or not digits(parts[3]):
                errors.append(f"第{n}行：格式应为「{STRATA_HELP[6:]}」")
                continue
            industries = [c.strip() for c in parts[1].split(",") if c.strip()]
            classes = [c.strip() for c in parts[2].split(",") if c.strip()]
            bad = [c for c in industries if c not in INDUSTRIES] + [c for c in classes if c not in SUPERVISION_CLASSES]
            if bad:
                errors.append(f"第{n}行：未知代码 {'、'.join(bad)}")
            rows.append({"label": parts[0], "industries": industries, "supervision_classes": classes,
                         "quota": int(parts[3]), "region_prefix": parts[4] if len(parts) == 5 else ""})
        if errors:
            raise forms.ValidationError(errors)
        return rows

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
