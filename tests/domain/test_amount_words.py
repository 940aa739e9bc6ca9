"""人民币大写 computed from the figure: the written examples, and every amount up to 10^12 reads back to itself."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.amount_words import amount_in_words, parse_amount_words, rmb_text

EXAMPLES = {
    "12345.6": "壹万贰仟叁佰肆拾伍元陆角整", "30000": "叁万元整", "15000": "壹万伍仟元整", "10001": "壹万零壹元整",
    "105000": "壹拾万伍仟元整", "1010.05": "壹仟零壹拾元零伍分", "50000.50": "伍万元零伍角整", "0.3": "叁角整",
    "0.05": "伍分", "1.05": "壹元零伍分", "200000000": "贰亿元整", "100000001": "壹亿零壹元整",
    "100010000": "壹亿零壹万元整", "0": "零元整", "1680.32": "壹仟陆佰捌拾元零叁角贰分",
    "1000000000000": "壹万亿元整",
}


@pytest.mark.parametrize(("amount", "words"), EXAMPLES.items())
def test_the_written_examples(amount, words):
    assert amount_in_words(Decimal(amount)) == words
    assert parse_amount_words(words) == Decimal(amount)


def test_a_document_prints_the_words_beside_the_figure():
    assert rmb_text(Decimal("15000")) == "人民币壹万伍仟元整（¥15,000.00）"
    assert rmb_text(12345.6) == "人民币壹万贰仟叁佰肆拾伍元陆角整（¥12,345.60）"


@pytest.mark.parametrize("text", ["", "壹万伍仟", "一万元", "15000元", "人民币"])
def test_text_that_is_not_an_amount_in_words_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount_words(text)


@given(st.decimals(min_value=0, max_value=Decimal(10) ** 12, places=2, allow_nan=False, allow_infinity=False))
def test_every_amount_reads_back_to_itself(amount):
    words = amount_in_words(amount)
    assert parse_amount_words(words) == amount
    assert parse_amount_words("人民币" + words) == amount


@given(st.integers(min_value=0, max_value=10 ** 14))
def test_no_doubled_zero_and_no_zero_at_the_ends(cents):
    words = amount_in_words(Decimal(cents) / 100)
    assert "零零" not in words
    assert words == "零元整" or (not words.startswith("零") and not words.endswith("零"))
    assert words.endswith(("整", "分"))
