import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.numbering import DocumentNumber, format_number, parse_number


def test_format_matches_the_standard_example():
    assert format_number("豫", "责改", 2024, 12) == "(豫)应急责改〔2024〕12号"


def test_parse_accepts_full_width_parentheses():
    assert parse_number("（驻）应急复查〔2025〕3号") == DocumentNumber("驻", "复查", 2025, 3)


@pytest.mark.parametrize("bad", ["豫应急责改〔2024〕12号", "(豫)应急责改〔24〕12号", "(豫)应急责改〔2024〕号", ""])
def test_parse_rejects_malformed_numbers(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@given(st.sampled_from(["豫", "驻", "泌阳", "航空港区"]), st.sampled_from(["责改", "复查", "现决", "检记", "查扣"]),
       st.integers(2000, 2100), st.integers(1, 10**6))
def test_round_trip(issuer, code, year, seq):
    assert parse_number(format_number(issuer, code, year, seq)) == DocumentNumber(issuer, code, year, seq)
