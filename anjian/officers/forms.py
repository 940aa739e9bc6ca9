from django import forms

from anjian.domain.registry import EDUCATIONS, GENDERS, INDUSTRIES, OFFICER_STATUSES, choices

_ALL = [("", "全部")]


class OfficerFilterForm(forms.Form):
    region = forms.ChoiceField(label="区划", required=False)
    status = forms.ChoiceField(label="证件状态", required=False, choices=_ALL + choices(OFFICER_STATUSES))
    specialty = forms.ChoiceField(label="专业领域", required=False, choices=_ALL + choices(INDUSTRIES))
    in_post = forms.ChoiceField(label="在岗", required=False, choices=_ALL + [("1", "在岗"), ("0", "不在岗")])
    q = forms.CharField(label="姓名或证号", required=False, max_length=64)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _ALL + [
            (r.code, {"province": "", "city": "　", "county": "　　"}[r.level] + r.name) for r in regions]


class OfficerForm(forms.Form):
    certificate_number = forms.CharField(label="执法证号", max_length=32)
    name = forms.CharField(label="姓名", max_length=64)
    agency_region = forms.ChoiceField(label="所属机构")
    department = forms.CharField(label="处室", required=False, max_length=64)
    certificate_expires = forms.CharField(label="执法证有效期至", max_length=20,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    specialties = forms.MultipleChoiceField(label="专业领域", required=False, choices=choices(INDUSTRIES),
                                            widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label="证件状态", choices=choices(OFFICER_STATUSES))
    in_post = forms.ChoiceField(label="在岗", choices=[("是", "在岗"), ("否", "不在岗")])
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "—")] + choices(GENDERS))
    birth_year = forms.CharField(label="出生年份", required=False, max_length=4)
    education = forms.ChoiceField(label="学历", required=False, choices=[("", "—")] + choices(EDUCATIONS))
    major = forms.CharField(label="所学专业", required=False, max_length=64)
    phone = forms.CharField(label="联系电话", required=False, max_length=32)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency_region"].choices = [(code, a.name) for code, a in sorted((agencies or {}).items())]

    @staticmethod
    def data_for_service(post) -> dict:
        data = {k: post.get(k, "") for k in post}
        data["specialties"] = "、".join(post.getlist("specialties"))
        return data

    @staticmethod
    def initial_from(o) -> dict:
        return {
            "certificate_number": o.certificate_number, "name": o.name, "agency_region": o.agency.region_id,
            "department": o.department.name if o.department else "", "certificate_expires": o.certificate_expires,
            "specialties": o.specialties, "status": o.status, "in_post": "是" if o.in_post else "否",
            "gender": o.gender, "birth_year": o.birth_year or "", "education": o.education, "major": o.major,
            "phone": o.phone,
        }


class ExpertForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=64)
    region = forms.ChoiceField(label="所属专家库（区域）")
    specialties = forms.MultipleChoiceField(label="专业领域", choices=choices(INDUSTRIES),
                                            widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label="职称", required=False, max_length=64)
    affiliation = forms.CharField(label="工作单位", required=False, max_length=200)
    phone = forms.CharField(label="联系电话", required=False, max_length=32)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]
