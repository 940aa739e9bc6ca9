"""The result list of a draw as an XLSX sheet (the rows the reader may see: ``selectors.visible_target_rows``)."""

import io

from anjian.common.tabular import write_xlsx
from anjian.draws.models import RandomInspectionTask

HEADER = ["序号", "抽取类别", "被检查单位", "统一社会信用代码", "属地", "行业领域", "执法人员", "检查结果", "抽查任务"]
WIDTHS = [6, 28, 36, 22, 22, 16, 24, 22, 40]


def place_of(region) -> str:
    """The enterprise's 属地: its region with the city above it (驻马店市泌阳县)."""
    if region is None:
        return ""
    parent = region.parent
    return f"{parent.name}{region.name}" if parent is not None and parent.level == "city" else region.name


def result_rows(task: RandomInspectionTask, rows: list[dict]) -> list[list[str]]:
    return [[n, r["row"].stratum, r["row"].enterprise.name, r["row"].enterprise.uscc,
             place_of(r["row"].enterprise.region), r["row"].enterprise.get_industry_display(),
             "、".join(map(str, r["officers"])), r["result"], task.name] for n, r in enumerate(rows, 1)]


def results_xlsx(task: RandomInspectionTask, rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, HEADER, result_rows(task, rows), title="抽查结果", widths=WIDTHS)
    return buffer.getvalue()
