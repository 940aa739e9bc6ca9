"""The 现场签名 form on the inspection page: the same fields and bounds as the API's SignatureIn."""

import uuid

from django import forms
from django.utils.dateparse import parse_datetime

from anjian.domain.input_bounds import char_problem
from anjian.domain.signature_rules import DOCUMENT_KINDS, MAX_BYTES, NAME_MAX, NOTE_MAX, ROLES


def _one_line(value: str) -> None:
    problem = char_problem(value, multiline=False)
    if problem:
        raise forms.ValidationError(problem)


def _line(label: str, max_length: int) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, validators=[_one_line])


class SignatureForm(forms.Form):
    role = forms.ChoiceField(label="签名人身份", choices=list(ROLES.items()))
    officer = forms.TypedChoiceField(label="执法人员", coerce=int, required=False, empty_value=None)
    signer_name = _line("签名人姓名", NAME_MAX)
    kind_code = forms.ChoiceField(label="所签文书", required=False,
                                  choices=[("", "本次检查的全部现场文书"), *DOCUMENT_KINDS.items()])
    refused = forms.BooleanField(label="拒绝签字", required=False)
    witness_name = _line("见证人", NAME_MAX)
    note = _line("说明", NOTE_MAX)
    image = forms.FileField(label="签名图像（PNG）", required=False)
    # filled in by the page's script: the device's time of signing and, when allowed, its position
    device_time = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    accuracy_m = forms.FloatField(required=False, min_value=0, max_value=100_000, widget=forms.HiddenInput)
    # made when the form is shown: submitting the same form twice keeps one signature
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, team=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_id", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "—")] + [(m.officer_id, m.officer.name) for m in team]

    def clean_device_time(self):
        text = self.cleaned_data["device_time"].strip()
        if not text:
            return None  # no script: the time of receipt stands for it
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError("设备时间格式不正确")
        return moment

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image is None:
            return None
        if image.size > MAX_BYTES:  # refused before it is read
            raise forms.ValidationError(f"签名图像不得超过 {MAX_BYTES // 1024} KB")
        return image.read()
