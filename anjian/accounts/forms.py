"""Forms of account administration (security admin). They shape input; the services decide."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from anjian.accounts.models import User
from anjian.accounts.password_validators import password_errors_in_chinese
from anjian.domain.permissions import ROLE_LABELS, SEPARATION_ERROR, Role, violates_separation

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
separation_violated = violates_separation


def agency_choices(agencies) -> list[tuple[str, str]]:
    """Agencies indented by level (province, city, county), ordered by region code."""
    indent = {"province": "", "city": "　", "county": "　　"}
    return [(str(a.pk), indent.get(a.region.level, "") + a.name) for a in agencies]


_password_errors_in_chinese = password_errors_in_chinese  # the one list of Chinese messages


class UserFilterForm(forms.Form):
    agency = forms.ChoiceField(label="机构（含下级）", required=False)
    q = forms.CharField(label="用户名或姓名", required=False, max_length=64)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部")] + agency_choices(agencies)


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text="字母、数字及 @ . + - _")
    full_name = forms.CharField(label="姓名", max_length=64)
    password1 = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="确认密码", strip=False, widget=forms.PasswordInput(render_value=False))
    agency = forms.ChoiceField(label="所属机构")
    roles = forms.MultipleChoiceField(label="角色", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple)

    error_messages = {"username_exists": "用户名“%(username)s”已被使用"}

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices(agencies)
        self.fields["username"].error_messages["invalid"] = "用户名只能包含字母、数字及 @ . + - _"

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(self.error_messages["username_exists"], params={"username": username})
        return username

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if separation_violated(roles):
            raise ValidationError(SEPARATION_ERROR)
        return [Role(r) for r in roles]

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致")
        elif p1:
            probe = User(username=cleaned.get("username", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, user=probe)
            except ValidationError as exc:
                for message in _password_errors_in_chinese(exc):
                    self.add_error("password1", message)
        return cleaned


class RoleAssignForm(forms.Form):
    agency = forms.ChoiceField(label="机构")
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)

    def __init__(self, *args, agencies=(), held_roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices(agencies)
        self.held_roles = set(held_roles)

    def clean_role(self):
        role = Role(self.cleaned_data["role"])
        if separation_violated(self.held_roles | {role}):
            raise ValidationError(SEPARATION_ERROR)
        return role


class UserLockForm(forms.Form):
    until = forms.DateTimeField(label="锁定至", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    reason = forms.CharField(label="原因", max_length=200, required=False)
