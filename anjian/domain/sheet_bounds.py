"""Bounds on uploaded tables (XLSX/CSV), decided before and while a file is read. Pure.

A table is refused as a whole, with a Chinese message naming the problem and the limit, when:
- its zip container has too many entries, declares more unpacked bytes than allowed, or an entry whose
  declared size is suspiciously large for its compressed size (a "zip bomb");
- a cell it uses lies beyond the row or column limit (`A1` … `XFD1048576`: cell references are the
  truth, a sheet's `<dimension>` may lie or be absent);
- a cell holds more characters than Excel itself allows, or a CSV line is absurdly long;
- reading it would do much work that yields no value: empty rows and cells, elements that are not cells,
  shared strings no cell has used yet, blank CSV lines (`WorkBudget`: a fixed allowance, plus room for
  each row that has data), or a part (styles, workbook, relationships) holds far more elements than any
  real workbook. The readers count it (anjian.common.work_budget) against the allowance defined here.

The regular expressions built here let a byte scanner (anjian.common.xlsx_guard) find a cell reference
beyond the limits without looking at every cell in Python.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384  # XFD
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_LINE_CHARS = 1 << 20  # one physical CSV line
MAX_ZIP_ENTRIES = 1_000  # a workbook of our tables has about ten
MAX_RATIO = 100  # unpacked / packed size of one entry (Apache POI's default, 1 %)
RATIO_FLOOR = 1 << 20  # entries unpacking to less than this may compress as well as they like
MAX_UNPACKED_CAP = (1 << 32) - 1  # offsets into unpacked text are kept as 32-bit numbers


@dataclass(frozen=True)
class TableLimits:
    max_rows: int = 1_100_000  # highest row number a used cell may have (also: rows in a CSV)
    max_columns: int = 64  # highest column number a used cell may have (64 = BL)
    max_unpacked_bytes: int = 2 << 30  # XLSX: total declared unpacked size of all entries

    def __post_init__(self) -> None:
        if not 1 <= self.max_rows <= EXCEL_MAX_ROWS * 16:
            raise ValueError(f"max_rows out of range: {self.max_rows}")
        if not 1 <= self.max_columns <= EXCEL_MAX_COLUMNS:
            raise ValueError(f"max_columns out of range: {self.max_columns}")
        if not 1 << 16 <= self.max_unpacked_bytes <= MAX_UNPACKED_CAP:
            raise ValueError(f"max_unpacked_bytes out of range: {self.max_unpacked_bytes}")

    def narrowed(self, *, max_rows: int | None = None, max_columns: int | None = None,
                 max_unpacked_bytes: int | None = None) -> "TableLimits":
        """These limits, tightened (never widened) for one kind of table."""
        return TableLimits(min(self.max_rows, max_rows or self.max_rows),
                           min(self.max_columns, max_columns or self.max_columns),
                           min(self.max_unpacked_bytes, max_unpacked_bytes or self.max_unpacked_bytes))


def size_text(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.1f} KB"
    return f"{n} 字节"


# ---------------------------------------------------------------- cell references

_REF = re.compile(r"([A-Za-z]{1,7})0*([0-9]{1,12})")


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384 (case-insensitive)."""
    if not letters or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"not column letters: {letters!r}")
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    if number < 1:
        raise ValueError(f"column numbers start at 1: {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_reference(ref: str) -> tuple[int, int] | None:
    """"XFD1048576" → (row 1048576, column 16384); None when it is not a cell reference."""
    m = _REF.fullmatch(ref.strip())
    if not m or m[2].strip("0") == "":
        return None
    return int(m[2]), column_number(m[1])


def extent_problem(row: int, column: int | None, limits: TableLimits) -> str | None:
    """Why a used cell at (row, column) is out of bounds, or None (column None: a whole row)."""
    over_rows, over_columns = row > limits.max_rows, column is not None and column > limits.max_columns
    if not over_rows and not over_columns:
        return None
    where = f"第 {row} 行" if column is None else f"第 {row} 行、第 {column} 列（单元格 {column_letters(column)}{row}）"
    caps = []
    if over_rows:
        caps.append(f"最多 {limits.max_rows} 行")
    if over_columns:
        caps.append(f"最多 {limits.max_columns} 列（{column_letters(limits.max_columns)} 列）")
    return (f"表格范围过大：用到了{where}，超过上限（{'、'.join(caps)}）。"
            "请只保留数据区域（删除多余的行、列和远处的单元格）后重新上传")


def row_count_problem(rows: int, limits: TableLimits) -> str | None:
    if rows <= limits.max_rows:
        return None
    return f"表格行数过多：超过 {limits.max_rows} 行的上限，请拆分后分批上传"


def cell_length_problem(length: int) -> str | None:
    if length <= MAX_CELL_CHARS:
        return None
    return f"单元格内容过长：超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限）"


# ---------------------------------------------------------------- patterns for a byte scanner

def _greater_same_length(limit: str, alphabet: str) -> list[str]:
    """Alternatives matching strings over `alphabet` (in order) of len(limit) that sort above `limit`."""
    out = []
    for i, ch in enumerate(limit):
        above = alphabet[alphabet.index(ch) + 1:]
        if above:
            cls = above[0] if len(above) == 1 else f"[{above[0]}-{above[-1]}]"
            rest = len(limit) - i - 1
            out.append(re.escape(limit[:i]) + cls + (f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""))
    return out


def letters_above(max_column: int) -> str:
    """A regex matching exactly the uppercase column letters whose number is above max_column."""
    limit = column_letters(max_column)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "|".join([f"[A-Z]{{{len(limit) + 1},}}", *_greater_same_length(limit, alphabet)])


def number_above(limit: int) -> str:
    """A regex matching exactly the decimal numbers without leading zeros that are above `limit` (≥ 0)."""
    text = str(limit)
    return "|".join([f"[1-9][0-9]{{{len(text)},}}", *_greater_same_length(text, "0123456789")])


def over_limit_reference_pattern(limits: TableLimits) -> str:
    """A regex (for bytes, case-insensitive) matching a cell reference beyond the limits, e.g. XFD1048576.

    Group 1 is the whole reference. Leading zeros in the row number are allowed, as a lenient reader would.
    """
    letters = letters_above(limits.max_columns)
    rows = number_above(limits.max_rows)
    return (rf"((?:{letters})0*[0-9]{{1,12}}(?![0-9])"
            rf"|[A-Z]{{1,7}}0*(?:{rows})(?![0-9]))")


def over_limit_column_pattern(limits: TableLimits) -> str:
    """A regex matching a cell reference whose column is beyond the limit (group 1: the whole reference).
    Rows are checked on the row elements, which carry the number a reader uses."""
    return rf"((?:{letters_above(limits.max_columns)})0*[0-9]{{1,12}})(?![0-9])"


# ---------------------------------------------------------------- the zip container

def zip_problem(entries: Iterable[tuple[str, int, int]], limits: TableLimits) -> str | None:
    """entries: (name, packed size, declared unpacked size). Why the container is refused, or None."""
    count = total = 0
    for name, packed, unpacked in entries:
        count += 1
        if count > MAX_ZIP_ENTRIES:
            return f"Excel 文件结构异常：压缩包内超过 {MAX_ZIP_ENTRIES} 个部件，请另存为普通的 xlsx 文件后上传"
        if packed < 0 or unpacked < 0:
            return "Excel 文件已损坏：压缩包记录的大小无效"
        total += unpacked
        if total > limits.max_unpacked_bytes:
            return (f"Excel 文件解压后超过 {size_text(limits.max_unpacked_bytes)} 的上限，"
                    "请拆分后分批上传，或改用 CSV 格式")
        if unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1):
            return (f"Excel 文件异常：部件“{name[:60]}”压缩比超过 {MAX_RATIO} 倍"
                    f"（{size_text(packed)} 解压为 {size_text(unpacked)}），疑似压缩炸弹，已拒绝读取")
    if count == 0:
        return "Excel 文件是空的压缩包，不是有效的 xlsx 文件"
    return None


# ---------------------------------------------------------------- work that yields no value

# Reading work that yields no value is counted in units of about 0.35 µs of CPU (measured: the byte scan and
# the reading together), against IDLE_UNITS (≈ 0.5 s) plus room for each row with data:
BULK_UNITS = 1  # an empty cell dropped in bulk by a regular expression (C), or estimated by the byte scan
EMPTY_ROW_UNITS = 6  # a row without a cell with value (its number is checked: ≈ 2 µs read, 0.3 µs scanned)
ITEM_UNITS = 4  # anything else handled one at a time in Python: an element that is not a cell, an empty cell,
#                 a cell whose value is empty, rich-text markup, a blank CSV line
IDLE_UNITS = 1_500_000
TABLE_IDLE_ROWS = 16_384  # rows read (≈ 7 µs each) with nothing in the header's columns, beyond one per row kept
SHARED_STRINGS_AHEAD = 65_536  # shared strings read beyond the number of cells that referred to one so far
MAX_STYLE_ELEMENTS = 250_000  # styles.xml up to the cell formats (Excel keeps at most 64,000 formats)
MAX_PART_ELEMENTS = 20_000  # the workbook (up to its first sheet) and each relationships part


def idle_problem(csv: bool = False) -> str:
    if csv:
        return "表格中的空行过多，超出可处理的范围：请删除数据以外的空行后重新上传"
    return ("表格中没有数据的行、单元格或标记过多，超出可处理的范围（可能是大片设置了格式的空白区域，"
            "或不是正常的表格文件）：请只保留数据区域（删除多余的空行、空列和格式）后重新上传，或另存为 CSV 格式")


def shared_string_problem(index: int, string_cells: int) -> str | None:
    """A cell refers to shared string `index` (from 0) after `string_cells` cells referred to one: Excel
    numbers the strings in the order the cells use them, so a number far ahead is refused before the part
    is read that far."""
    if index < string_cells + SHARED_STRINGS_AHEAD:
        return None
    return (f"Excel 文件的共享字符串表异常：单元格引用了第 {index + 1:,} 个共享字符串，远多于表中用到的文本单元格。"
            "请只保留要导入的工作表，在 Excel 或 WPS 中另存为新的 xlsx 文件后上传")


def row_cells_problem(row: int | None, cells: int, limits: TableLimits) -> str | None:
    """A row holds more cell elements than columns (repeated cells are never written by Excel); row None:
    the scan counted more cells than max_columns per row."""
    if cells <= limits.max_columns:
        return None
    where = f"第 {row} 行" if row is not None else "有的行"
    return f"Excel 文件结构异常：{where}的单元格超过 {limits.max_columns} 个（单元格重复或列数过多），不是正常的表格文件"


def part_elements_problem(name: str, limit: int) -> str:
    if limit == MAX_STYLE_ELEMENTS:
        return (f"Excel 文件的单元格格式过多（样式部件超过 {limit:,} 个元素）：请清除多余的格式后另存为 xlsx，"
                "或另存为 CSV 格式后上传")
    return f"Excel 文件结构异常：部件“{name[:60]}”含有超过 {limit:,} 个元素，不是正常的表格文件"
