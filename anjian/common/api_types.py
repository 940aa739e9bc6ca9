"""Bounded types for API parameters and fields: every input has limits, and the OpenAPI document says them.

Use these instead of bare ``int``, ``str`` and ``date`` in every input schema and query model:
``Id`` for record ids, ``Page``/``Size`` for paging, ``Year``, ``Day`` (ISO dates 2000–2099), ``Name``,
``Short``, ``Text``, ``LongText``, ``Query`` (search words), ``Amount`` (yuan) and ``IdList``.
A refusal is a 422 whose message names the field in Chinese (``config.api``).
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from anjian.common import paging as _paging
from anjian.domain import input_bounds as b

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_PATTERN = r"^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
ANY_DAY_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _text(max_length: int, multiline: bool):
    def check(value: str) -> str:
        problem = b.char_problem(value, multiline=multiline)
        if problem:
            raise ValueError(problem)
        return value

    pattern = b.MULTILINE_PATTERN if multiline else b.LINE_PATTERN
    return Annotated[str, Field(max_length=max_length, json_schema_extra={"pattern": pattern}),
                     AfterValidator(check)]


def _iso_day(value):
    """Only ISO calendar dates as text: no timestamps (0 → 1970-01-01), no datetimes."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise ValueError("日期格式应为 YYYY-MM-DD")
    return value


def _day(earliest: date, pattern: str):
    def check(value: date) -> date:
        problem = b.date_problem(value, earliest=earliest)
        if problem:
            raise ValueError(problem)
        return value

    return Annotated[date, BeforeValidator(_iso_day), AfterValidator(check),
                     Field(json_schema_extra={"pattern": pattern})]


Id = Annotated[int, Field(ge=1, le=b.ID_MAX, examples=[1])]
Page = Annotated[int, Field(ge=1, le=100_000)]
Size = Annotated[int, Field(ge=1, le=200)]
Year = Annotated[int, Field(ge=b.YEAR_MIN, le=b.YEAR_MAX)]
Day = _day(b.EARLIEST, DAY_PATTERN)
AnyDay = _day(b.EARLIEST_ANY, ANY_DAY_PATTERN)  # births, registrations
Name = _text(b.NAME_MAX, multiline=False)
Short = _text(b.SHORT_MAX, multiline=False)
Place = _text(255, multiline=False)  # a place on site (检查场所), as long as the column
Text = _text(b.TEXT_MAX, multiline=True)
LongText = _text(b.LONG_TEXT_MAX, multiline=True)
Query = _text(b.QUERY_MAX, multiline=False)
Reason = _text(500, multiline=True)  # a send-back reason (anjian.domain.send_back: 2–500 after trimming)
Code = _text(64, multiline=False)  # codes and choice values ("issued", "411726", "责改")
AMOUNT_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


def _amount(value):
    """A JSON number, or a decimal text of yuan with at most two decimals ("1234.50"); true is not an amount."""
    if isinstance(value, bool) or (isinstance(value, str) and not re.match(AMOUNT_PATTERN, value)):
        raise ValueError("应为金额（元，最多两位小数）")
    return value


Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, le=b.AMOUNT_MAX, max_digits=15, decimal_places=2),
                   WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": b.AMOUNT_MAX},
                                             {"type": "string", "pattern": AMOUNT_PATTERN, "maxLength": 15}]})]


def _moment(value: datetime) -> datetime:
    """A time within the system's years; one without a zone is local time (Asia/Shanghai)."""
    from django.utils import timezone

    if not b.YEAR_MIN <= value.year <= b.YEAR_MAX:
        raise ValueError(f"时间须在 {b.YEAR_MIN}—{b.YEAR_MAX} 年之间")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Moment = Annotated[datetime, AfterValidator(_moment)]  # a device's clock reading (ISO 8601, with or without zone)
IdList = Annotated[list[Id], Field(max_length=200)]
TextList = Annotated[list[Short], Field(max_length=100)]
CodeTexts = Annotated[dict[Code, Text], Field(max_length=100)]
Month = Annotated[int, Field(ge=1, le=12)]
Days = Annotated[int, Field(ge=1, le=365)]
Pages = Annotated[int, Field(ge=1, le=100_000)]
Sample = Annotated[int, Field(ge=0, le=20)]
Capacity = Annotated[int, Field(ge=1, le=100_000)]
Words = Query


class PageIn(Schema):
    """Paging of every list: page ≥ 1, 1 ≤ size ≤ 200 (a page past the end is an empty list)."""

    page: Page = 1
    size: Size = 20


def bounded_page_of(queryset, paging: PageIn, counter) -> tuple[int, bool, list]:
    """(count, whether it is exact, the rows of the requested page): ``counter(limit)`` counts at most ``limit``
    rows, so past COUNT_BOUND the count is COUNT_BOUND and not exact (anjian.common.paging)."""
    bound = _paging.COUNT_BOUND
    seen = counter(bound + 1)
    start = (paging.page - 1) * paging.size
    return min(seen, bound), seen <= bound, list(queryset[start:start + paging.size])


def page_of(queryset, paging: PageIn) -> tuple[int, list]:
    """(total count, the rows of the requested page)."""
    start = (paging.page - 1) * paging.size
    return queryset.count(), list(queryset[start:start + paging.size])


def _content(value: dict) -> dict:
    """A document's fields: at most 200 keys, texts within bounds, nothing nested deeper than 3 levels."""
    def walk(node, depth: int) -> None:
        if depth > 3:
            raise ValueError("内容嵌套过深")
        if isinstance(node, dict):
            if len(node) > 200:
                raise ValueError("字段过多（上限 200）")
            for key, item in node.items():
                walk(key, depth)
                walk(item, depth + 1)
        elif isinstance(node, list):
            if len(node) > 500:
                raise ValueError("列表过长（上限 500 项）")
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, str):
            problem = b.text_problem(node, max_length=b.LONG_TEXT_MAX)
            if problem:
                raise ValueError(problem)
        elif isinstance(node, int | float) and not isinstance(node, bool) and abs(node) > b.AMOUNT_MAX:
            raise ValueError(f"数值超出范围（绝对值上限 {b.AMOUNT_MAX}）")

    walk(value, 0)
    return value


Content = Annotated[dict, AfterValidator(_content), Field(json_schema_extra={"maxProperties": 200})]
