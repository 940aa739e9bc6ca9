"""`anjian stats rank FILE`: a city ranks the table its counties sent in (XLSX or CSV in UTF-8/BOM/GBK)."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from anjian.reports.examples import SEED_002_HEADER, SEED_002_ROWS
from tests.domain.test_ranking_seed002 import SEED_TABLE

ROOT = Path(__file__).resolve().parents[2]


def write_csv(path: Path, header, rows, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header, rows) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([row[0], *(float(c) if "." in c else int(c) for c in row[1:])])  # numbers, as Excel keeps them
    wb.save(path)
    return path


def run(*args) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", "rank", *map(str, args), stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def expected_seed_rows() -> list[list[str]]:
    """The seed's printed table, in the command's column order: unit, (value, rank, score)×3, total, rank."""
    out = []
    for line in SEED_TABLE.splitlines():
        rank, unit, total, *rest = line.split("\t")
        out.append([unit, *rest, total, rank])
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding_gives_the_seed_table(tmp_path, encoding):
    path = write_csv(tmp_path / "counties.csv", SEED_002_HEADER, SEED_002_ROWS, encoding)
    rows = run(path)
    assert rows[0] == ["县区", "检查生产经营单位(家次)", "检查生产经营单位(家次)排名", "检查生产经营单位(家次)得分",
                       "立案数", "立案数排名", "立案数得分", "监督检查罚款", "监督检查罚款排名", "监督检查罚款得分",
                       "总得分", "总排名"]
    assert rows[1:] == expected_seed_rows()


def test_xlsx_gives_the_same_table(tmp_path):
    rows = run(write_xlsx(tmp_path / "counties.xlsx", SEED_002_HEADER, SEED_002_ROWS))
    assert rows[1:] == expected_seed_rows()


def test_metrics_option_and_lower_is_better(tmp_path):
    header = ["县区", "检查家次", "事故起数"]
    path = write_csv(tmp_path / "t.csv", header, [["甲县", "10", "2"], ["乙县", "8", "0"], ["丙县", "8", "1"]])
    rows = run(path, "--metrics", "事故起数", "--lower-better", "事故起数")
    assert rows == [["县区", "事故起数", "事故起数排名", "事故起数得分", "总得分", "总排名"],
                    ["乙县", "0", "1", "3", "3", "1"], ["丙县", "1", "2", "2", "2", "2"],
                    ["甲县", "2", "3", "1", "1", "3"]]
    rows = run(path, "--metrics", "检查家次")
    assert rows[1:] == [["甲县", "10", "1", "3", "3", "1"], ["乙县", "8", "2", "2", "2", "2"],
                        ["丙县", "8", "2", "2", "2", "2"]]  # a tie shares rank 2; nobody is 3rd


def test_output_to_csv_and_xlsx_files(tmp_path):
    source = write_csv(tmp_path / "in.csv", SEED_002_HEADER, SEED_002_ROWS)
    call_command("stats", "rank", str(source), "--output", str(tmp_path / "out.csv"), stdout=io.StringIO(),
                 stderr=io.StringIO())
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # Excel opens it as UTF-8
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:] == expected_seed_rows()
    call_command("stats", "rank", str(source), "--output", str(tmp_path / "out.xlsx"), stdout=io.StringIO(),
                 stderr=io.StringIO())
    sheet = load_workbook(tmp_path / "out.xlsx").active
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[0] == "泌阳县" and first[-2:] == [27, 1]


def bad(tmp_path, header, rows, *options) -> tuple[str, int]:
    path = write_csv(tmp_path / "bad.csv", header, rows)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("stats", "rank", str(path), *options, stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(caught.value), caught.value.returncode


@pytest.mark.parametrize(("header", "rows", "options", "message"), [
    (["县区", "立案数"], [["甲县", ""]], (), "第2行 立案数（B列）：未填写数值"),
    (["县区", "立案数"], [["甲县", "五"]], (), "第2行 立案数（B列）：“五”不是数字"),
    (["县区", "立案数"], [["甲县", "1"], ["甲县", "2"]], (), "第3行 县区（A列）：单位“甲县”与第2行重复"),
    (["县区", "立案数"], [], (), "表中没有数据行"),
    (["县区"], [["甲县"]], (), "表中没有指标列"),
    (["县区", "立案数"], [["甲县", "1"]], ("--metrics", "罚款"), "参与排名的指标“罚款”不在表头中；表中的指标：立案数"),
    (["县区", "立案数"], [["甲县", "1"]], ("--lower-better", "事故"), "越低越好的指标“事故”不在表头中"),
])
def test_bad_tables_say_where_and_exit_2(tmp_path, header, rows, options, message):
    text, code = bad(tmp_path, header, rows, *options)
    assert message in text and code == 2


def test_empty_or_missing_file_exits_2(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="文件是空的") as caught:
        call_command("stats", "rank", str(tmp_path / "empty.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="文件不存在") as caught:
        call_command("stats", "rank", str(tmp_path / "none.csv"))
    assert caught.value.returncode == 2


def test_the_anjian_command_line_prints_csv_and_exits_2_on_bad_input(tmp_path):
    good = write_csv(tmp_path / "good.csv", SEED_002_HEADER, SEED_002_ROWS, "gbk")
    broken = write_csv(tmp_path / "broken.csv", ["县区", "立案数"], [["甲县", "1"], ["乙县", "x"]])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    cli = [sys.executable, "-c", "from anjian.cli import main; main()", "stats", "rank"]
    done = subprocess.run([*cli, str(good)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "泌阳县,160,1,10,8,3,8,11,2,9,27,1"
    done = subprocess.run([*cli, str(broken)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert "第3行 立案数（B列）：“x”不是数字" in done.stderr
