import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.identifiers import (
    USCC_ALPHABET,
    is_valid_uscc,
    normalize_uscc,
    prefix_range,
    region_covers,
    region_prefix,
    uscc_check_char,
    uscc_error,
)

REAL = ["91110000600037341L", "N2410105MA1234567A"[:17] + uscc_check_char("N2410105MA1234567A"[:17])]


def test_known_real_code_is_valid():
    assert is_valid_uscc("91110000600037341L")
    assert is_valid_uscc("91 1100 0060 0037 341l")  # spaces and lower case are normalised


def test_codes_starting_with_letters_are_accepted():
    code = "N2410105MA1234567"
    assert is_valid_uscc(code + uscc_check_char(code))
    code = "Y1410000MJ0000001"
    assert is_valid_uscc(code + uscc_check_char(code))


@pytest.mark.parametrize(("code", "reason"), [
    ("91110000600037341X", "校验位"),
    ("9111000060003734", "18位"),
    ("B1110000600037341L", "第1位"),
    ("9111000060003734IL", "非法字符"),
    ("911A0000600037341L", "第3-8位"),
])
def test_bad_codes_get_a_reason_in_chinese(code, reason):
    assert reason in uscc_error(normalize_uscc(code))


uscc_body = st.tuples(st.sampled_from("123456789ANY"), st.text(USCC_ALPHABET, min_size=1, max_size=1),
                      st.text("0123456789", min_size=6, max_size=6), st.text(USCC_ALPHABET, min_size=9, max_size=9))


@given(uscc_body)
def test_every_generated_code_with_its_check_char_is_valid(parts):
    body = "".join(parts)
    assert is_valid_uscc(body + uscc_check_char(body))


@given(uscc_body, st.integers(0, 16), st.sampled_from(USCC_ALPHABET))
def test_any_single_character_change_is_detected(parts, position, replacement):
    body = "".join(parts)
    code = body + uscc_check_char(body)
    changed = code[:position] + replacement + code[position + 1:]
    if changed != code and changed[2:8].isdigit() and changed[0] in "123456789ANY":
        assert not is_valid_uscc(changed)


def test_region_prefix_by_level():
    assert region_prefix("410000") == "41"
    assert region_prefix("411700") == "4117"
    assert region_prefix("411726") == "411726"
    with pytest.raises(ValueError):
        region_prefix("4117")


@given(st.text("0123456789", min_size=6, max_size=6), st.text("0123456789", min_size=1, max_size=6))
def test_prefix_range_equals_startswith(code, prefix):
    low, high = prefix_range(prefix)
    assert (low <= code < high) == code.startswith(prefix)


def test_region_covers():
    assert region_covers("411700", "411726")
    assert region_covers("410000", "419001")
    assert not region_covers("411726", "411721")
    assert not region_covers("411700", "410173")


def test_region_ancestors():
    from anjian.domain.identifiers import region_ancestors

    assert region_ancestors("411726") == ["410000", "411700"]
    assert region_ancestors("411700") == ["410000"]
    assert region_ancestors("410000") == []
