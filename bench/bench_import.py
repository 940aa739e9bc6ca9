"""Import of N enterprises from CSV (full validation + all-or-nothing commit) vs a raw COPY of the same rows.

Called by bench/run.py after Django is set up against PostgreSQL, migrated and the regions loaded.
The limit is 3 × the COPY time measured in the same run, into the same (empty) table with the same indexes.
"""

import csv
import time
from pathlib import Path

from django.db import connection, transaction

from anjian.domain.rows import ENTERPRISE_COLUMNS, validate_enterprise
from anjian.enterprises.demo import enterprise_rows
from anjian.enterprises.importing import COLUMNS, FIELDS, TABLE, enterprise_import_commit
from anjian.regions.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED = 2026


def _label(scale: int) -> str:
    return f"{scale // 1_000_000}M" if scale % 1_000_000 == 0 else f"{scale:,}"


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def generate(scale: int) -> tuple[Path, Path]:
    """The import CSV (Chinese headers, as people type it) and the same rows as clean COPY text."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    import_csv = DATA_DIR / f"enterprises_{scale}_{SEED}.csv"
    clean_txt = DATA_DIR / f"enterprises_{scale}_{SEED}.copy"
    if import_csv.exists() and clean_txt.exists():
        return import_csv, clean_txt
    counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
    known = dict(Region.objects.values_list("code", "level"))
    stamp = "2026-01-01 00:00:00+00"
    tmp_csv, tmp_txt = import_csv.with_suffix(".csv.part"), clean_txt.with_suffix(".copy.part")
    with tmp_csv.open("w", encoding="utf-8", newline="") as fh, tmp_txt.open("w", encoding="utf-8") as out:
        writer = csv.writer(fh)
        writer.writerow([c.label for c in ENTERPRISE_COLUMNS])
        for row in enterprise_rows(counties, scale, SEED):
            writer.writerow([row[c.field] for c in ENTERPRISE_COLUMNS])
            clean, errors = validate_enterprise(row, known)
            assert not errors, errors
            out.write("\t".join([*(_copy_text(clean[f]) for f in FIELDS), stamp, stamp]) + "\n")
    tmp_csv.replace(import_csv)
    tmp_txt.replace(clean_txt)
    return import_csv, clean_txt


def _truncate() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")
        cursor.execute(f"VACUUM ANALYZE {TABLE}")


def time_copy(clean_txt: Path) -> float:
    """Raw COPY of clean rows (no per-row client work: the file's bytes are streamed), then commit."""
    columns = ", ".join((*COLUMNS, "created_at", "updated_at"))
    started = time.perf_counter()
    with (transaction.atomic(), connection.cursor() as cursor, clean_txt.open("rb") as fh,
          cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy):
        while block := fh.read(1 << 20):
            copy.write(block)
    return time.perf_counter() - started


def time_import(import_csv: Path) -> tuple[float, int]:
    started = time.perf_counter()
    report = enterprise_import_commit(actor=None, path=import_csv, max_bytes=0)
    elapsed = time.perf_counter() - started
    if not report.committed:
        raise RuntimeError(f"import failed: {report.summary()} {report.error_lines(5)}")
    return elapsed, report.created


def run(scale: int) -> list[dict]:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_import needs PostgreSQL (DATABASE_URL=postgres://…)")
    import_csv, clean_txt = generate(scale)
    label = _label(scale)
    _truncate()
    try:
        copy_seconds = time_copy(clean_txt)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            copied = cursor.fetchone()[0]
        assert copied == scale, (copied, scale)
        _truncate()
        import_seconds, created = time_import(import_csv)
        assert created == scale, (created, scale)
    finally:
        _truncate()
    limit = 3 * copy_seconds
    return [
        {"benchmark": f"raw COPY {label} enterprises (reference)", "value": round(copy_seconds, 2), "limit": None,
         "unit": "s", "ok": None},
        {"benchmark": f"import {label} enterprises (CSV)", "value": round(import_seconds, 2),
         "limit": round(limit, 2), "unit": "s", "ok": import_seconds <= limit,
         "note": f"{import_seconds / copy_seconds:.2f}× the raw COPY (limit 3×): parse, validate, check and commit"},
    ]
