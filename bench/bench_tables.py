"""Uploaded tables read within bounds (ADR 21): the attack files, and a large XLSX read and imported.

- Refusing the 1.8 KB XLSX with cells at A1 and XFD1048576, and a 20,000,000-row sheet compressed ~1,000 : 1:
  seconds (limit 2 s) and the reading process's peak memory growth (limit 200 MB), each in a fresh interpreter.
- Answering the files that held a worker 6–35 s yielding no row (ADR 21, work budget), at the tester's sizes,
  read as an import (enterprise columns) and as a ranking table: 10,000,000 shared strings no cell uses (70 MB),
  3,000,000 elements that are not cells in sheetData, 20,000,000 blank CSV rows (80 MB).
- Reading an N-row enterprise XLSX laid out as Excel saves it (N = min(scale, 200,000), 17 columns, text as
  shared strings): the bounded reader (byte scan + rows) against python-calamine's dense read of the same file
  (the reader used before, as reference): CPU seconds and peak memory growth.
- Importing it with `enterprise_import_commit` (PostgreSQL), against the same rows as CSV.

Run through bench/run.py (it prepares the database): python bench/run.py --only tables --scale 200000
"""

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.enterprises.demo import enterprise_rows
from anjian.enterprises.importing import TABLE, enterprise_import_commit
from anjian.regions.models import Region
from tests.xlsx_files import (
    blank_csv_rows,
    compressed_rows,
    corner_cells,
    junk_elements,
    many_shared_strings,
    table_xlsx,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
SEED = 2026
MB = 1024 * 1024
CHILD = """
import json, sys, time
def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(field))
mode, path = sys.argv[1], sys.argv[2]
if mode == "calamine":
    from python_calamine import CalamineWorkbook
    from anjian.common.tabular import cell_text
elif mode == "ranking":
    from anjian.reports.ranking_io import read_ranking_table
else:
    from anjian.common.tabular import TabularError, read_table
    from anjian.domain.rows import ENTERPRISE_COLUMNS
base, started, cpu = status("VmRSS"), time.perf_counter(), time.process_time()
if mode == "calamine":
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    message = f"{sum(1 for row in sheet.iter_rows() if [cell_text(v) for v in row])} rows"
elif mode == "ranking":
    read = read_ranking_table(path)
    message = read.file_error or "; ".join(read.error_lines()[:1]) or "read"
else:
    try:
        with read_table(path, ENTERPRISE_COLUMNS, max_bytes=None) as table:
            message = f"{sum(1 for _ in table)} rows"
    except TabularError as exc:
        message = str(exc)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "growth": status("VmHWM") - base, "message": message}))
"""


def _child(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=1200)
    if done.returncode != 0:
        return {"seconds": None, "cpu": None, "growth": None, "message": f"died ({done.returncode})"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(n: int) -> tuple[Path, Path]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    xlsx, text = DATA_DIR / f"enterprises_{n}_{SEED}.xlsx", DATA_DIR / f"enterprises_{n}_{SEED}_tables.csv"
    if xlsx.exists() and text.exists():
        return xlsx, text
    counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
    rows = [[r[c.field] for c in ENTERPRISE_COLUMNS] for r in enterprise_rows(counties, n, SEED)]
    with text.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.label for c in ENTERPRISE_COLUMNS])
        writer.writerows(rows)
    numeric = {i for i, c in enumerate(ENTERPRISE_COLUMNS) if c.field in ("region", "longitude", "latitude")}
    for row in rows:  # numbers as numbers, as Excel stores them
        for i in numeric:
            if row[i]:
                row[i] = int(row[i]) if ENTERPRISE_COLUMNS[i].field == "region" else float(row[i])
    xlsx.write_bytes(table_xlsx([[c.label for c in ENTERPRISE_COLUMNS], *rows]))
    return xlsx, text


def _import_seconds(path: Path) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
    started = time.perf_counter()
    report = enterprise_import_commit(actor=None, path=path, max_bytes=0)
    elapsed = time.perf_counter() - started
    if not report.committed:
        raise RuntimeError(f"import failed: {report.summary()} {report.error_lines(3)}")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
    return elapsed


def run(scale: int) -> list[dict]:
    rows: list[dict] = []
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for label, build in (("cells at A1 and XFD1048576 (1.8 KB)", corner_cells),
                         ("20,000,000 rows compressed ~1,000 : 1", lambda: compressed_rows(20_000_000, level=6))):
        path = DATA_DIR / f"attack_{label.split()[0]}.xlsx"
        path.write_bytes(build())
        result = _child("bounded", path)
        ok = result["seconds"] is not None
        rows.append({"benchmark": f"refuse XLSX: {label}", "value": result["seconds"] and round(result["seconds"], 2),
                     "limit": 2, "unit": "s", "ok": ok and result["seconds"] < 2,
                     "note": f"{path.stat().st_size:,} bytes; {result['message'][:60]}"})
        rows.append({"benchmark": f"refuse XLSX: {label}: memory", "value": ok and round(result["growth"] / MB, 1),
                     "limit": 200, "unit": "MB", "ok": ok and result["growth"] < 200 * MB})
    header = [c.label for c in ENTERPRISE_COLUMNS if c.required]
    for label, name, build in (
            ("10,000,000 unused shared strings", "sst_many.xlsx", lambda: many_shared_strings(header, 10_000_000)),
            ("3,000,000 elements in sheetData", "junk_elems.xlsx", lambda: junk_elements(header, 3_000_000)),
            ("20,000,000 blank CSV rows", "blank20m.csv", lambda: blank_csv_rows(header, 20_000_000))):
        path = DATA_DIR / f"attack_{name}"
        if not path.exists():
            path.write_bytes(build())
        for mode in ("bounded", "ranking"):
            result = _child(mode, path)
            ok = result["seconds"] is not None
            kind = "import" if mode == "bounded" else "ranking"
            rows.append({"benchmark": f"answer {label} ({kind})", "value": ok and round(result["seconds"], 2),
                         "limit": 2, "unit": "s", "ok": ok and result["seconds"] < 2,
                         "note": f"{path.stat().st_size:,} bytes, peak +{(result['growth'] or 0) / MB:.0f} MB; "
                                 f"{result['message'][:50]}"})
    n = min(scale, 200_000)
    xlsx, text = _files(n)
    bounded, dense = _child("bounded", xlsx), _child("calamine", xlsx)
    rows += [
        {"benchmark": f"read {n:,}-row XLSX, bounded reader (CPU)", "value": round(bounded["cpu"], 2),
         "limit": None, "unit": "s", "ok": None,
         "note": f"{bounded['cpu'] / dense['cpu']:.2f}× calamine's CPU; peak +{bounded['growth'] / MB:.0f} MB"},
        {"benchmark": f"read {n:,}-row XLSX, python-calamine dense (reference, CPU)", "value": round(dense["cpu"], 2),
         "limit": None, "unit": "s", "ok": None, "note": f"peak +{dense['growth'] / MB:.0f} MB"},
    ]
    xlsx_seconds, csv_seconds = _import_seconds(xlsx), _import_seconds(text)
    rows += [
        {"benchmark": f"import {n:,} enterprises (XLSX)", "value": round(xlsx_seconds, 2), "limit": None,
         "unit": "s", "ok": None, "note": f"{xlsx_seconds / csv_seconds:.2f}× the same rows from CSV"},
        {"benchmark": f"import {n:,} enterprises (CSV, reference)", "value": round(csv_seconds, 2), "limit": None,
         "unit": "s", "ok": None},
    ]
    return rows
