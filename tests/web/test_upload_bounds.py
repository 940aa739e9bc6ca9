"""Hostile or absurd tables posted through the pages and the API get a Chinese message, fast, and the
server process neither dies nor grows: a read-only user used to be able to abort it with a 1.8 KB XLSX, and
to hold a worker for 10–35 s with files that yield no row (ten million unused shared strings, millions of
elements that are not cells, twenty million blank CSV rows)."""

import functools
import time
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, encode_multipart

from anjian.domain.discretion_rules import BENCHMARK_COLUMNS
from anjian.domain.permissions import Role
from anjian.domain.rows import ENTERPRISE_COLUMNS
from tests.django_fixtures import use_storage
from tests.xlsx_files import (
    blank_csv_rows,
    compressed_rows,
    corner_cells,
    empty_cells,
    empty_rows,
    junk_elements,
    many_shared_strings,
    numbered_rows,
    repeated_cells,
    styles_junk,
    values_past_the_header,
    workbook_junk,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [c.label for c in ENTERPRISE_COLUMNS if c.required]  # a header both uploads accept
IDLE = "没有数据的行、单元格或标记过多"
TOO_BIG = "解压后超过 32.0 MB 的上限"  # a ranking table unpacks to at most 32 MiB
# attack: (file name, builder, message on the ranking API, message on the enterprise import page). Sizes are
# over the bounds and took 2–8 s each before them (the tester's files were larger: 10 M shared strings, 3 M
# elements, 20 M blank rows).
ATTACKS = {
    "corner_cells": ("t.xlsx", corner_cells, "第 1048576 行、第 16384 列", "第 1048576 行、第 16384 列"),
    "compressed_rows": ("t.xlsx", lambda: compressed_rows(3_000_000), TOO_BIG, "疑似压缩炸弹"),
    "many_shared_strings": ("t.xlsx", lambda: many_shared_strings(HEADER, 3_000_000), TOO_BIG, "没有数据行"),
    "shared_string_far_ahead": ("t.xlsx", lambda: many_shared_strings(HEADER, 1_200_000, refer_last=True),
                                "共享字符串表异常", "共享字符串表异常"),
    "junk_elements": ("t.xlsx", lambda: junk_elements(HEADER, 2_400_000), IDLE, IDLE),
    "empty_cells": ("t.xlsx", lambda: empty_cells(HEADER, 40_000), TOO_BIG, IDLE),
    "empty_cells_expat": ("t.xlsx", lambda: empty_cells(HEADER, 20_000, plain=False), "第 10001 行", IDLE),
    "empty_rows": ("t.xlsx", lambda: empty_rows(HEADER, 1_000_000), "第 10001 行", IDLE),
    "repeated_cells": ("t.xlsx", lambda: repeated_cells(HEADER, 1_200_000), "单元格超过 64 个", "单元格超过 64 个"),
    "styles_junk": ("t.xlsx", lambda: styles_junk(HEADER, 2_400_000), "单元格格式过多", "单元格格式过多"),
    "workbook_junk": ("t.xlsx", lambda: workbook_junk(HEADER, 2_400_000), "含有超过 20,000 个元素",
                      "含有超过 20,000 个元素"),
    "values_past_the_header": ("t.xlsx", lambda: values_past_the_header(HEADER, 1_000_000), TOO_BIG, IDLE),
    "blank_csv_rows": ("t.csv", lambda: blank_csv_rows(HEADER, 3_000_000), "超过 10000 行的上限",
                       "超过 1100000 行的上限"),
}


@functools.cache
def attack_file(name: str) -> bytes:
    return ATTACKS[name][1]()


def upload(client, path: str, name: str, content: bytes):
    """POST a file as a browser sends it; the body is encoded before the clock starts (the test client's
    encoding is the browser's work, not the server's)."""
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, content, XLSX)})
    with bounded():
        return client.post(path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def _status(field: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(field))


@contextmanager
def bounded(seconds: float = 2.0, growth: int = 200 * MB):
    """Asserts the block took less than `seconds` and the process's peak memory grew by less than `growth`."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM (peak resident size) to the current size
        peak = "VmHWM"
    except OSError:  # cannot reset the peak here: the size after the request is the best measure left
        peak = "VmRSS"
    base, started = _status("VmRSS"), time.perf_counter()
    yield
    assert time.perf_counter() - started < seconds
    assert _status(peak) - base < growth


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    use_storage(settings, tmp_path)


@pytest.fixture
def reader(client, make_user):
    client.force_login(make_user("411700", Role.READ_ONLY))
    assert client.get("/reports/rank/").status_code == 200  # warm: the first request imports every URL module
    return client


@pytest.fixture
def officer(client, make_user):
    client.force_login(make_user("411726", Role.OFFICER))
    assert client.get("/enterprises/import/").status_code == 200  # warm, as above
    return client


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_ranking_api_refuses_attack_files_from_a_read_only_user(reader, attack):
    name, _, expected, _ = ATTACKS[attack]
    response = upload(reader, "/api/v1/reports/rank/file", name, attack_file(attack))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_table" and expected in body["message"], body["message"]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_import_page_refuses_attack_files(officer, attack):
    name, _, _, expected = ATTACKS[attack]
    page = upload(officer, "/enterprises/import/", name, attack_file(attack))
    assert page.status_code == 200 and expected in page.content.decode()


def test_discretion_import_answers_ten_million_unused_shared_strings_fast(client, make_user):
    client.force_login(make_user("411700", Role.LEGAL_REVIEWER))
    assert client.get("/cases/discretion/import/").status_code == 200
    header = [c.label for c in BENCHMARK_COLUMNS if c.required]
    page = upload(client, "/cases/discretion/import/", "基准.xlsx", many_shared_strings(header, 3_000_000))
    assert page.status_code == 200 and "没有数据行" in page.content.decode()


def test_ranking_page_refuses_a_table_longer_than_a_ranking(reader):
    with bounded():
        page = reader.post("/reports/rank/", {"file": SimpleUploadedFile("t.xlsx", numbered_rows(10_001), XLSX),
                                              "action": "upload"}, follow=True)
    assert page.status_code == 200 and "第 10001 行" in page.content.decode()


def test_import_page_refuses_rows_past_the_configured_limit(officer, settings):
    settings.ANJIAN_IMPORT_MAX_ROWS = 5_000
    page = officer.post("/enterprises/import/", {"file": SimpleUploadedFile("单位.xlsx", numbered_rows(5_001), XLSX)})
    assert "表格范围过大：用到了第 5001 行" in page.content.decode() and "最多 5000 行" in page.content.decode()


def test_old_xls_files_are_refused_with_how_to_convert_them(officer):
    page = officer.post("/enterprises/import/", {"file": SimpleUploadedFile("单位.xls", b"\xd0\xcf\x11\xe0" * 64)})
    assert "另存为” Excel 工作簿（.xlsx）" in page.content.decode()


THIRTY_DIGITS = "123456789012345678901234567890"
TABLE = f"单位,立案数,立案数（上年同期）\n甲,{THIRTY_DIGITS},1\n乙,1,2\n".encode()


def test_a_30_digit_number_answers_422_with_its_cell(reader):
    response = reader.post("/api/v1/reports/rank/file", {"file": SimpleUploadedFile("t.csv", TABLE)})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_table" and "超出可处理的范围" in body["message"]
    assert body["detail"][0]["row"] == 2 and body["detail"][0]["column"] == "立案数（B列）"
    response = reader.post("/api/v1/reports/rank", {"header": ["单位", "立案数"], "rows": [["甲", THIRTY_DIGITS]]},
                           content_type="application/json")
    assert response.status_code == 422 and "整数部分最多 12 位" in response.json()["message"]


def test_a_30_digit_number_is_shown_on_the_ranking_page(reader):
    page = reader.post("/reports/rank/", {"file": SimpleUploadedFile("t.csv", TABLE), "action": "upload"},
                       follow=True)
    assert page.status_code == 200 and "超出可处理的范围" in page.content.decode()
