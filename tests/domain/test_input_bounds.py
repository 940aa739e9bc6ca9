"""The limits every door shares: forbidden characters, lengths and dates (pure)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import input_bounds as b

FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"] + list(b.BIDI_NAMES)


@given(st.text(alphabet=st.characters(blacklist_characters="".join(FORBIDDEN) + "\t\n\r"), max_size=50))
def test_ordinary_text_passes_on_one_line_and_in_paragraphs(text):
    assert b.char_problem(text, multiline=False) is None
    assert b.char_problem(text, multiline=True) is None


@given(st.text(max_size=20), st.sampled_from(FORBIDDEN), st.text(max_size=20))
def test_any_control_or_bidi_character_anywhere_is_refused_with_a_reason(before, bad, after):
    problem = b.char_problem(before + bad + after)
    assert problem is not None and problem.startswith("不能包含")


def test_line_breaks_are_for_paragraphs_only():
    assert b.char_problem("第一行\n第二行", multiline=True) is None
    assert b.char_problem("第一行\n第二行", multiline=False) == "不能包含换行符或制表符"
    assert b.char_problem("名称\u202e") == "不能包含双向文本控制字符（U+202E）"
    assert b.char_problem("a\x00") == "不能包含空字符（\\0）"


@given(st.integers(min_value=0, max_value=200))
def test_length_limit_is_inclusive(extra):
    limit = 100
    text = "字" * (limit + extra)
    assert (b.text_problem(text, max_length=limit) is None) == (extra == 0)


@given(st.dates())
def test_dates_outside_2000_2099_are_refused(day):
    inside = b.EARLIEST <= day <= b.LATEST
    assert (b.date_problem(day) is None) == inside


def test_date_bounds_are_the_first_and_last_day():
    assert b.date_problem(b.EARLIEST) is None and b.date_problem(b.LATEST) is None
    assert "超出合理范围" in b.date_problem(b.EARLIEST - timedelta(days=1))
    assert b.date_problem(date(9999, 12, 31)) is not None
    assert b.year_problem(1999) and b.year_problem(2100) and b.year_problem(2026) is None
