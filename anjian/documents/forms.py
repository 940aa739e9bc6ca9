"""Forms for documents: the content form is built from the kind's field list (fields.py)."""

from django import forms

from anjian.common.form_fields import IdField
from anjian.documents.fields import fields_for, parse_text, to_text
from anjian.documents.models import STATUSES, DocumentKind
from anjian.domain.input_bounds import TEXT_MAX

MULTILINE = {"textarea", "lines", "problems", "inspectors"}


class ContentForm(forms.Form):
    """One input per field of the kind; `content()` gives the typed values (after is_valid)."""

    def __init__(self, *args, kind: DocumentKind, content: dict | None = None, reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_fields = fields_for(kind.template)
        for field in self.kind_fields:
            widget = (forms.Textarea(attrs={"rows": 4}) if field.type in MULTILINE
                      else forms.DateInput(attrs={"type": "date"}) if field.type == "date" else forms.TextInput())
            label = field.label + ("（签发前必填）" if field.required else "")
            self.fields[field.name] = forms.CharField(label=label, required=False, widget=widget,
                                                      help_text=field.help,
                                                      initial=to_text(field, (content or {}).get(field.name)))
        if reason:
            self.fields["reason"] = forms.CharField(label="更正理由", max_length=TEXT_MAX,
                                                    widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        self.parsed = {}
        for field in self.kind_fields:
            try:
                self.parsed[field.name] = parse_text(field, data.get(field.name, ""))
            except ValueError as exc:
                self.add_error(field.name, str(exc))
        return data

    def content(self, base: dict | None = None) -> dict:
        return {**(base or {}), **self.parsed}


class NewDocumentForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类")
    agency = forms.TypedChoiceField(label="制作机关", coerce=int)
    enterprise = IdField(label="生产经营单位编号", required=False,
                                    help_text="单位详情页地址中的编号；可留空")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, f"{k.name}（{k.code}）") for k in DocumentKind.objects.all()]
        self.fields["agency"].choices = [(g.agency_id, g.agency_name) for g in agencies]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *STATUSES])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)
    q = forms.CharField(label="编号或单位名称", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部")] + [(k.code, k.name) for k in DocumentKind.objects.all()]


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类")
    file = forms.FileField(label="Word 模板（.docx）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, f"{k.name}（{k.code}）") for k in DocumentKind.objects.all()]
