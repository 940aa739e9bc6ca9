import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.numbering import DocumentNumber, format_number, format_placeholder, parse_number

OFFICIAL = re.compile(r"^（[^（）()]+）应急[^〔〕]+〔\d{4}〕[1-9]\d*号$")


def test_format_matches_the_official_example():
    assert format_number("泌阳", "责改", 2026, 7) == "（泌阳）应急责改〔2026〕7号"
    assert format_number("豫", "责改", 2024, 12) == "（豫）应急责改〔2024〕12号"


def test_a_preview_shows_a_placeholder_instead_of_the_sequence():
    assert format_placeholder("泌阳", "责改", 2026) == "（泌阳）应急责改〔2026〕—号"
    with pytest.raises(ValueError):
        parse_number(format_placeholder("泌阳", "责改", 2026))


def test_numbers_issued_before_the_official_form_still_parse():
    assert parse_number("(豫)应急责改〔2024〕12号") == DocumentNumber("豫", "责改", 2024, 12)
    assert parse_number("（驻）应急复查〔2025〕3号") == DocumentNumber("驻", "复查", 2025, 3)


@pytest.mark.parametrize("bad", ["豫应急责改〔2024〕12号", "(豫)应急责改〔24〕12号", "(豫)应急责改〔2024〕号", "",
                                 "（豫）应急责改〔2024〕07号", "（豫）应急责改〔2024〕0号"])
def test_parse_rejects_malformed_numbers(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@pytest.mark.parametrize("seq", [0, -1])
def test_format_refuses_a_sequence_below_one(seq):
    with pytest.raises(ValueError):
        format_number("豫", "责改", 2024, seq)


@given(st.sampled_from(["豫", "驻", "泌阳", "航空港区"]), st.sampled_from(["责改", "复查", "现决", "检记", "查扣"]),
       st.integers(2000, 2100), st.integers(1, 10**6))
def test_round_trip_in_the_official_form(issuer, code, year, seq):
    number = format_number(issuer, code, year, seq)
    assert OFFICIAL.match(number) and f"〔{year}〕{seq}号" in number
    assert parse_number(number) == DocumentNumber(issuer, code, year, seq)
