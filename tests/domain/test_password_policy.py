"""The password policy's own refusals (on top of length and Django's lists)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.password_policy import (
    BLANK,
    COMMON,
    CONTAINS_NAME,
    CONTAINS_SYSTEM_NAME,
    FEW_DISTINCT,
    password_problems,
)

COMMON_LIST = frozenset({"password", "woaini1314", "123456789", "qwertyuiop"})


def problems(password, username="biyang-officer", full_name="李明"):
    return password_problems(password, username=username, full_name=full_name, common=COMMON_LIST)


@pytest.mark.parametrize("password", ["Correct-Horse-42", "Tian-Zhong-2026!", "Demo-Yingji-2468", "春眠不觉晓-处处闻啼鸟"])
def test_good_passwords_pass(password):
    assert problems(password) == []


@given(st.text(alphabet=" \t\u3000\n", min_size=0, max_size=20))
def test_blank_and_whitespace_only_are_refused(password):
    assert problems(password) == [BLANK]


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "1212121212xx", "abcdabcdabcd"])
def test_too_few_distinct_characters(password):
    assert FEW_DISTINCT in problems(password)


@pytest.mark.parametrize("password", ["biyang-officer", "Biyang-Officer-99", "BIYANGOFFICER!", "xx-biyang-2026",
                                      "Officer@2026!", "reciffo-gnayib", "李明的密码2026x"])
def test_user_name_and_full_name_and_variants(password):
    assert CONTAINS_NAME in problems(password)


@pytest.mark.parametrize("password", ["anjian2026", "anjian@2026", "ANJIAN-2026-xyz", "Anjian@2026demo", "安监2026abc!"])
def test_the_systems_own_name(password):
    assert CONTAINS_SYSTEM_NAME in problems(password)


@pytest.mark.parametrize("password", ["password", "Password2026!", "WoAiNi1314", "  qwertyuiop  ", "123456789"])
def test_common_passwords_and_decorated_ones(password):
    assert COMMON in problems(password)


def test_short_ascii_name_parts_are_not_checked():
    assert password_problems("Correct-Horse-42", username="u1-411726", full_name="u1", common=COMMON_LIST) == []
