"""Forms of the discretion pages: applying a level to a case, filtering entries and the comparison report."""

from django import forms

from anjian.common.form_fields import IdField
from anjian.domain.case_process import PARTY_KINDS


class DiscretionSetForm(forms.Form):
    """The API's CaseDiscretionIn gives the same fields (`selectors.discretion_arguments` turns both into the
    service's); the fine's rules (above zero, within the ranges) are the service's."""

    entry_id = IdField(widget=forms.HiddenInput)
    proposed_fine = forms.DecimalField(label="拟罚款金额（元）", max_digits=14, decimal_places=2, min_value=0)
    reasoning = forms.CharField(label="裁量理由", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="写明适用该裁量阶次的违法事实、情节、后果和改正情况")


class EntryFilterForm(forms.Form):
    q = forms.CharField(label="关键词（编号、违法行为、条款、条件）", required=False, max_length=100)
    source = forms.ChoiceField(label="出处", required=False)
    party_kind = forms.ChoiceField(label="当事人类型", required=False,
                                   choices=[("", "全部"), *PARTY_KINDS.items()])
    active = forms.ChoiceField(label="状态", required=False, initial="1",
                               choices=[("1", "启用"), ("0", "已停用"), ("", "全部")])

    def __init__(self, *args, sources: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "全部"), *((s, s) for s in sources)]


class ComparisonFilterForm(forms.Form):
    year = forms.TypedChoiceField(label="决定年度", required=False, coerce=int, empty_value=None)
    code = forms.ChoiceField(label="违法行为", required=False)

    def __init__(self, *args, years: list[int], violations: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in years)]
        self.fields["code"].choices = [("", "全部"), *violations]
