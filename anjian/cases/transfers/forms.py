"""Forms of the transfer steps (send, acknowledge, record the receipt): they shape the HTML and parse types within
the API schemas' bounds, ids parsed only; the rules are in the services and anjian/domain/case_execution.py."""

from django import forms

from anjian.common.form_fields import DayField, OfferedIdField, OfferedIdsField
from anjian.domain import input_bounds as b
from anjian.domain.case_execution import materials_parse
from anjian.domain.case_process import TRANSFER_KINDS
from anjian.domain.registry import choices
from anjian.regions.models import Agency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TransferForm(forms.Form):
    """The API's TransferIn gives the same fields (`selectors.transfer_arguments` turns both into the service's)."""

    kind = forms.ChoiceField(label="移送类型", choices=choices(TRANSFER_KINDS))
    receiver_agency_id = OfferedIdField(label="受移送机关（本系统内）", required=False)
    receiver_name = forms.CharField(label="受移送机关名称", max_length=b.NAME_MAX, required=False,
                                    help_text="如：泌阳县公安局；选择本系统内机关时可留空")
    reason = forms.CharField(label="移送理由", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如：不属于本机关管辖的理由，或涉嫌犯罪的事实")
    legal_basis = forms.CharField(label="移送依据", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    materials = forms.CharField(label="移送材料（每行一项：材料名称｜页数）", max_length=b.TEXT_MAX,
                                widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = DayField(label="移送日期", widget=DATE)

    def __init__(self, *args, exclude_agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Agency.objects.select_related("region").order_by("region_id")
        qs = qs.exclude(pk=exclude_agency_id) if exclude_agency_id else qs
        self.fields["receiver_agency_id"].choices = [("", "（不在本系统中，填写名称）")] + [(a.pk, str(a)) for a in qs]

    def clean_materials(self):
        items, errors = materials_parse(self.cleaned_data["materials"])
        if errors:
            raise forms.ValidationError(errors)
        return items


class AcknowledgeForm(forms.Form):
    """The API's TransferAcknowledgeIn gives the same fields (`selectors.acknowledgement_arguments`)."""

    on = DayField(label="签收日期", widget=DATE)
    signer_name = forms.CharField(label="签收人", max_length=b.NAME_MAX, required=False, help_text="留空则为本人")
    note = forms.CharField(label="回执情况", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)
    open_case = forms.BooleanField(label="据此提出立案申请（其他机关移送）", required=False)
    officer_ids = OfferedIdsField(label="立案时的承办人（不少于2名持有效执法证的执法人员）", required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer_ids"].choices = [(o.pk, f"{o.name}（{o.certificate_number}，{o.agency.name}）")
                                              for o in officers]


class ReceiptForm(forms.Form):
    on = DayField(label="签收日期", widget=DATE)
    signer_name = forms.CharField(label="签收人", max_length=b.NAME_MAX)
    note = forms.CharField(label="回执情况", max_length=b.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)
