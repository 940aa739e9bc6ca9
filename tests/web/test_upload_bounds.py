"""Hostile or absurd tables posted through the pages and the API get a Chinese message, fast, and the
server process neither dies nor grows: a read-only user used to be able to abort it with a 1.8 KB XLSX."""

import time
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.domain.permissions import Role
from tests.xlsx_files import compressed_rows, corner_cells, numbered_rows

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ATTACKS = {"corner_cells": (corner_cells, "第 1048576 行、第 16384 列"),
           "compressed_rows": (lambda: compressed_rows(3_000_000), "疑似压缩炸弹")}


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
    settings.MEDIA_ROOT = tmp_path / "media"


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
    build, expected = ATTACKS[attack]
    content = build()
    with bounded():
        response = reader.post("/api/v1/reports/rank/file", {"file": SimpleUploadedFile("t.xlsx", content, XLSX)})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_table" and expected in body["message"]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_import_page_refuses_attack_files(officer, attack):
    build, expected = ATTACKS[attack]
    content = build()
    with bounded():
        page = officer.post("/enterprises/import/", {"file": SimpleUploadedFile("单位.xlsx", content, XLSX)})
    assert page.status_code == 200 and expected in page.content.decode()


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
