"""统计排名 API: POST a per-unit table (JSON or a file) → the ranked table as JSON, by the same rule and
validation as the page and `anjian stats rank`. A bad table answers 422 {"code": "invalid_table",
"message", "detail": [{"row", "column", "reason"}]}; figures are strings (exact decimals)."""

import tempfile
from pathlib import Path
from typing import Annotated

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Name, Short
from anjian.common.tabular import TabularError, check_size, import_byte_limit
from anjian.domain.bulletin import score_note
from anjian.domain.figures import format_value
from anjian.domain.input_bounds import AMOUNT_MAX
from anjian.domain.permissions import Capability
from anjian.domain.ranking import best_units, idle_units, worst_units
from anjian.reports.ranking_io import TableRead, read_ranking_rows, read_ranking_table

router = Router(tags=["统计排名"])
MAX_COLUMNS = 64  # the unit and up to 63 metrics
MAX_UNITS = 5000  # a province has fewer than 200 counties; a table of units is never this long


Cell = Name | Annotated[int, Field(ge=-AMOUNT_MAX, le=AMOUNT_MAX)] | Annotated[
    float, Field(ge=-AMOUNT_MAX, le=AMOUNT_MAX, allow_inf_nan=False)] | None
Names = Annotated[list[Name], Field(max_length=MAX_COLUMNS)]


class TableIn(Schema):
    header: Names  # unit column first, then one column per metric (“X（上年同期）”: last year's X)
    rows: Annotated[list[Annotated[list[Cell], Field(max_length=MAX_COLUMNS)]], Field(max_length=MAX_UNITS)]
    metrics: Names | None = None  # ranked metrics (header names); default: every metric column
    lower_better: Names = []  # ranked metrics where a lower figure is better


class MetricOut(Schema):
    name: str
    higher_is_better: bool


class RankResultOut(Schema):
    metric: str
    value: str
    rank: int
    score: int


class RowOut(Schema):
    unit: str
    results: list[RankResultOut]
    total: int
    total_rank: int


class RankOut(Schema):
    unit_label: str
    metrics: list[MetricOut]
    rows: list[RowOut]
    best: list[str]
    worst: list[str]
    idle: list[str] = []  # every figure zero: named as a problem, never best
    score_note: str


def _answer(read: TableRead):
    if not read.ok:
        if read.file_error:
            return 422, {"code": "invalid_table", "message": read.file_error}
        detail = [{"row": e.row, "column": e.column, "reason": e.reason} for e in read.errors]
        return 422, {"code": "invalid_table", "message": f"表格有 {len(detail)} 处错误，未排名：{read.errors[0].text()}",
                     "detail": detail}
    parsed = read.parsed
    table = parsed.rank()
    return 200, {
        "unit_label": parsed.unit_label,
        "metrics": [{"name": m.label, "higher_is_better": m.higher_is_better} for m in table.metrics],
        "rows": [{"unit": r.unit, "total": r.total, "total_rank": r.total_rank,
                  "results": [{"metric": m.label, "value": format_value(x.value, m.places), "rank": x.rank,
                               "score": x.score} for m, x in zip(table.metrics, r.results, strict=True)]}
                 for r in table.rows],
        "best": list(best_units(table)), "worst": list(worst_units(table)), "idle": list(idle_units(table)),
        "score_note": score_note(table.size),
    }


def _cell(value) -> str:
    return "" if value is None else str(value)


@router.post("/rank", response={200: RankOut, **ERRORS})
@api_requires(Capability.STATS_VIEW)
def rank_table(request: HttpRequest, payload: TableIn):
    read = read_ranking_rows(payload.header, [[_cell(c) for c in row] for row in payload.rows],
                             metrics=payload.metrics, lower_better=payload.lower_better)
    return _answer(read)


@router.post("/rank/file", response={200: RankOut, **ERRORS})
@api_requires(Capability.STATS_VIEW)
def rank_file(request: HttpRequest, file: File[UploadedFile], metrics: Short = Form(""),
              lower_better: Short = Form("")):
    limit = import_byte_limit(None)
    try:
        check_size(file.size or 0, limit)
    except TabularError as exc:
        return 422, {"code": "invalid_table", "message": str(exc)}
    with tempfile.TemporaryDirectory(prefix="anjian-rank-") as directory:
        path = Path(directory) / "table"
        with path.open("wb") as out:
            for chunk in file.chunks():
                out.write(chunk)
        read = read_ranking_table(path, file_name=file.name or "", metrics=metrics, lower_better=lower_better,
                                  max_bytes=limit)
    return _answer(read)
