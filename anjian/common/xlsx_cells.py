"""What an XLSX cell holds, as text: shared by the streaming readers (anjian.common.xlsx_stream, xlsx_plain)."""

from datetime import date, datetime, time, timedelta
from typing import Any

from anjian.common.tabular_errors import TabularError
from anjian.domain.input_bounds import digits
from anjian.domain.sheet_values import serial_value

NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
              "http://purl.oclc.org/ooxml/spreadsheetml/main")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_DEPTH = 64  # sheet XML nests about 5 deep
MAX_TOKEN_BYTES = 1 << 20  # longest run of bytes without "<" or ">": a cell's text is far shorter
MAX_STYLES = 1 << 20
_DIGITS = "0123456789"


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed: 79.0 → "79", dates as ISO, booleans as 是/否."""
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
            return value[1:]  # undo our own export's neutralisation; validators reject formulas
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


class TokenGuard:
    """Refuses a run of more than MAX_TOKEN_BYTES without "<" or ">" (a giant tag or text the parser would buffer)."""

    def __init__(self) -> None:
        self.run = 0

    def check(self, block: bytes) -> None:
        first = min((i for i in (block.find(b"<"), block.find(b">")) if i >= 0), default=-1)
        if first < 0:
            self.run += len(block)
        else:
            if self.run + first > MAX_TOKEN_BYTES:
                self._refuse()
            self.run = len(block) - 1 - max(block.rfind(b"<"), block.rfind(b">"))
        if self.run > MAX_TOKEN_BYTES:
            self._refuse()

    @staticmethod
    def _refuse() -> None:
        raise TabularError("Excel 文件结构异常：含有超长的单元格或标记（超过 1 MB），不是正常的表格文件")


def number_text(text: str, kind: str, date1904: bool) -> str:
    if kind == "number" and digits(text) and len(text) < 16 and (text[0] != "0" or len(text) == 1):
        return text  # the common case, as float → int → str would give it
    try:
        number = float(text)
    except ValueError:
        return text
    if kind == "number":
        return cell_text(number)
    return cell_text(serial_value(number, kind, date1904=date1904))


def typed_text(text: str, cell_type: str) -> str:
    if cell_type == "b":
        return "是" if text.strip() in ("1", "true") else "否"
    if cell_type == "d":
        try:
            return cell_text(datetime.fromisoformat(text.strip()))
        except ValueError:
            return text
    return text  # str (a formula's text result), e (an error such as #N/A)


def unquoted(text: str) -> str:
    """Undo our own export's formula neutralisation ('=…); validators reject formulas."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text
