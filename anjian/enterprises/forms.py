from django import forms

from anjian.common.form_fields import OfferedChoiceField
from anjian.domain import input_bounds as b
from anjian.domain.registry import (
    ENTERPRISE_STATUSES,
    HAZARD_INSTALLATION_GRADES,
    INDUSTRIES,
    RISK_LEVELS,
    SCALES,
    SUPERVISION_CLASSES,
    choices,
)
from anjian.domain.rows import ENTERPRISE_COLUMNS

_ALL = [("", "全部")]
CODE_MAX = 64  # as the API's Code


class EnterpriseFilterForm(forms.Form):
    region = forms.ChoiceField(label="区划", required=False)
    industry = forms.ChoiceField(label="行业领域", required=False, choices=_ALL + choices(INDUSTRIES))
    supervision_class = forms.ChoiceField(label="检查类别", required=False,
                                          choices=_ALL + choices(SUPERVISION_CLASSES))
    risk_level = forms.ChoiceField(label="风险等级", required=False, choices=_ALL + choices(RISK_LEVELS))
    status = forms.ChoiceField(label="状态", required=False, choices=_ALL + choices(ENTERPRISE_STATUSES))
    q = forms.CharField(label="名称或信用代码", required=False, max_length=100)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _ALL + [(r.code, _indent(r)) for r in regions]


def _indent(region) -> str:
    return {"province": "", "city": "　", "county": "　　"}[region.level] + region.name


class EnterpriseForm(forms.Form):
    """The values the API's EnterpriseIn takes, bounded alike and taken as typed: whether they are right is
    `validate_enterprise`'s to say (in the service), for the page, the API and the import in the same words. The
    selects offer the known values; the browser marks the fields the validator requires."""

    uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=CODE_MAX)
    name = forms.CharField(label="单位名称", required=False, max_length=b.NAME_MAX)
    region = OfferedChoiceField(label="属地（县区）", required=False)
    industry = OfferedChoiceField(label="行业领域", required=False, choices=choices(INDUSTRIES))
    supervision_class = OfferedChoiceField(label="检查类别", required=False, choices=choices(SUPERVISION_CLASSES))
    risk_level = OfferedChoiceField(label="安全风险等级", required=False, choices=choices(RISK_LEVELS))
    address = forms.CharField(label="地址", required=False, max_length=b.SHORT_MAX)
    scale = OfferedChoiceField(label="规模", required=False, choices=[("", "—")] + choices(SCALES))
    legal_representative = forms.CharField(label="法定代表人", required=False, max_length=b.NAME_MAX)
    contact_person = forms.CharField(label="安全负责人", required=False, max_length=b.NAME_MAX)
    contact_phone = forms.CharField(label="联系电话", required=False, max_length=CODE_MAX)
    liability_insured = OfferedChoiceField(label="安责险", required=False, choices=[("否", "未投保"), ("是", "已投保")])
    status = OfferedChoiceField(label="状态", required=False, choices=choices(ENTERPRISE_STATUSES))
    is_central_branch = OfferedChoiceField(label="央企分支机构", required=False, choices=[("否", "否"), ("是", "是")])
    is_provincially_managed = OfferedChoiceField(label="省管企业", required=False, choices=[("否", "否"), ("是", "是")])
    longitude = forms.CharField(label="经度", required=False, max_length=CODE_MAX)
    latitude = forms.CharField(label="纬度", required=False, max_length=CODE_MAX)

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.parent.name if r.parent else ''}{r.name}") for r in counties]
        for column in ENTERPRISE_COLUMNS:
            if column.required:
                self.fields[column.field].widget.attrs["required"] = True

    @staticmethod
    def initial_from(enterprise) -> dict:
        yes_no = {True: "是", False: "否"}
        return {
            **{f: getattr(enterprise, f) or "" for f in (
                "uscc", "name", "industry", "supervision_class", "risk_level", "address", "scale",
                "legal_representative", "contact_person", "contact_phone", "status", "longitude", "latitude")},
            "region": enterprise.region_id,
            "liability_insured": yes_no[enterprise.liability_insured],
            "is_central_branch": yes_no[enterprise.is_central_branch],
            "is_provincially_managed": yes_no[enterprise.is_provincially_managed],
        }


class HazardInstallationForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    grade = forms.ChoiceField(label="等级", choices=choices(HAZARD_INSTALLATION_GRADES))
    record_number = forms.CharField(label="备案编号", required=False, max_length=64)
    substances = forms.CharField(label="危险物质", required=False, max_length=255)
