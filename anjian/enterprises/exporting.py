"""Exporting enterprises to XLSX in the import format (so an export can be edited and imported back).

Vocabulary values are written as their Chinese labels, codes and numbers as text, and any text a
spreadsheet would run as a formula is neutralised by anjian.common.tabular.
"""

from collections.abc import Callable, Iterator
from typing import IO

from anjian.common.tabular import write_xlsx
from anjian.domain.permissions import Capability
from anjian.domain.registry import ENTERPRISE_STATUSES, INDUSTRIES, RISK_LEVELS, SCALES, SUPERVISION_CLASSES
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.enterprises.selectors import EnterpriseFilters, enterprise_list_for

HEADER = [c.label for c in ENTERPRISE_COLUMNS]
WIDTHS = [22, 36, 14, 14, 14, 14, 40, 8, 12, 12, 16, 8, 14, 12, 10, 12, 12]
_VOCABULARIES = {"industry": INDUSTRIES, "supervision_class": SUPERVISION_CLASSES, "risk_level": RISK_LEVELS,
                 "scale": SCALES, "status": ENTERPRISE_STATUSES}
PROGRESS_EVERY = 1000
_DB_FIELDS = ["region_id" if c.field == "region" else c.field for c in ENTERPRISE_COLUMNS]


def enterprise_export_count(user, filters: EnterpriseFilters | None = None) -> int:
    """How many rows the export of ``filters`` would have (decides whether it runs as a background job)."""
    return enterprise_list_for(user, filters, capability=Capability.ENTERPRISE_EXPORT).count()


def enterprise_export_rows(user, filters: EnterpriseFilters | None = None,
                           on_rows: Callable[[int], None] | None = None) -> Iterator[list]:
    """Rows (in ENTERPRISE_COLUMNS order) of the enterprises the user may export, filtered; ``on_rows(done)`` is
    told every ``PROGRESS_EVERY`` rows and at the end."""
    qs = enterprise_list_for(user, filters, capability=Capability.ENTERPRISE_EXPORT).order_by("region_id", "uscc")
    vocab = [_VOCABULARIES.get(c.field) for c in ENTERPRISE_COLUMNS]
    done = 0
    for values in qs.values_list(*_DB_FIELDS).iterator(chunk_size=2000):
        yield [v if names is None else names.get(v, v) for v, names in zip(values, vocab, strict=True)]
        done += 1
        if on_rows is not None and done % PROGRESS_EVERY == 0:
            on_rows(done)
    if on_rows is not None:
        on_rows(done)


def enterprise_export_xlsx(*, user, filters: EnterpriseFilters | None, target: IO[bytes],
                           on_rows: Callable[[int], None] | None = None) -> None:
    write_xlsx(target, HEADER, enterprise_export_rows(user, filters, on_rows), title="生产经营单位", widths=WIDTHS)


def enterprise_template_xlsx(target: IO[bytes]) -> None:
    """An empty import template: the header row and a sheet explaining each column."""
    write_xlsx(target, HEADER, [], title="生产经营单位", widths=WIDTHS, notes=template_notes())


def template_notes() -> list[list[str]]:
    hints = {
        "uscc": "18位，含校验位", "region": "县（区）级6位区划代码，如 411726",
        "industry": "、".join(INDUSTRIES.values()), "supervision_class": "、".join(SUPERVISION_CLASSES.values()),
        "risk_level": "、".join(RISK_LEVELS.values()), "scale": "、".join(SCALES.values()),
        "liability_insured": "是／否", "status": "、".join(ENTERPRISE_STATUSES.values()),
        "is_central_branch": "是／否", "is_provincially_managed": "是／否",
        "longitude": "110–117", "latitude": "31–37",
    }
    rows = [["列名", "是否必填", "说明"]]
    rows += [[c.label, "必填" if c.required else "", hints.get(c.field, "")] for c in ENTERPRISE_COLUMNS]
    rows += [[], ["导入规则", "", "统一社会信用代码已存在的单位按文件内容更新（文件中没有的列保持原值），不会重复登记；"
                               "任何一行有错误时整个文件都不写入。支持 xlsx 和 UTF-8/GBK 编码的 CSV。"]]
    return rows
