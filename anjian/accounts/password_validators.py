"""The password policy as a Django validator, and every refusal in Chinese.

Django's validators (length, its common list, numeric, similarity) run first from AUTH_PASSWORD_VALIDATORS;
`AnjianPasswordValidator` adds the checks of `anjian.domain.password_policy` with Django's common list and
the Chinese list kept in data/common_passwords_zh.txt.
"""

from functools import lru_cache
from pathlib import Path

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from anjian.domain import password_policy as policy

ZH_LIST = Path(__file__).resolve().parent / "data" / "common_passwords_zh.txt"

MESSAGES = {
    policy.BLANK: "密码不能为空或只有空格",
    policy.FEW_DISTINCT: f"密码中不同的字符太少，至少需要 {policy.MIN_DISTINCT} 种",
    policy.CONTAINS_NAME: "密码不能包含用户名或姓名（含大小写、倒序等简单变形）",
    policy.CONTAINS_SYSTEM_NAME: "密码不能包含系统名称（anjian、安监）",
    policy.COMMON: "密码过于常见，容易被猜中",
}


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    django_list = CommonPasswordValidator().passwords  # Django's 20,000, lower case
    zh = {line.strip() for line in ZH_LIST.read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#")}
    return frozenset(django_list | zh)


class AnjianPasswordValidator:
    def validate(self, password, user=None):
        problems = policy.password_problems(
            password, username=getattr(user, "username", "") or "", full_name=getattr(user, "full_name", "") or "",
            common=common_passwords())
        if problems:
            raise ValidationError([ValidationError(MESSAGES[p], code=p) for p in problems])

    def get_help_text(self):
        return "不能为空或只有空格，不能包含用户名、姓名或系统名称，不能是常见密码"


def password_errors_in_chinese(error: ValidationError) -> list[str]:
    """Validator messages, in Chinese whatever the request language (some of Django's lack a translation)."""
    out = []
    for e in error.error_list:
        params = e.params or {}
        message = {
            "password_too_short": f"密码太短，至少需要 {params.get('min_length', '')} 个字符",
            "password_too_common": "密码过于常见，容易被猜中",
            "password_entirely_numeric": "密码不能全部是数字",
            "password_too_similar": "密码与用户名或姓名过于相似",
            **MESSAGES,
        }.get(e.code) or " ".join(e.messages)
        if message not in out:
            out.append(message)
    return out


def password_policy_errors(password: str, user) -> list[str]:
    """Chinese reasons why `password` is refused for `user` (empty: accepted)."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        return password_errors_in_chinese(exc)
    return []
