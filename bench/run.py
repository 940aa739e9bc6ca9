"""Run the benchmarks on PostgreSQL and print one table (make bench).

    python bench/run.py [--scale 1000000] [--only import|list]

Each benchmark module exposes `run(scale: int) -> list[dict]`; a dict has the keys benchmark, value,
limit, unit, ok (True / False / None when there is no limit) and optionally note. Benchmarks never gate:
the exit code is 0 whatever the figures (2 only when the run cannot start, e.g. not PostgreSQL).
"""

import argparse
import importlib
import os
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
DATA_DIR = BENCH_DIR / "data"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/anjian_bench"
PG_SCHEMES = {"postgres", "postgresql", "pgsql"}
# Module name → --only value, in running order. Missing modules are skipped with a note.
MODULES = (("bench_import", "import"), ("bench_list", "list"), ("bench_documents", "documents"),
           ("bench_rectification", "rectification"), ("bench_draws", "draws"), ("bench_stats", "stats"),
           ("bench_cases", "cases"), ("bench_tables", "tables"), ("bench_load", "load"))
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def refuse(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def database_url(allow_any_db: bool) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = DEFAULT_URL
        log(f"DATABASE_URL 未设置，使用 {url}")
    parts = urlsplit(url)
    if parts.scheme not in PG_SCHEMES:
        refuse(f"基准测试只在 PostgreSQL 上运行：DATABASE_URL={url!r} 不是 PostgreSQL。"
               f"\n  例如 DATABASE_URL={DEFAULT_URL} python bench/run.py（或 make bench）")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        refuse(f"DATABASE_URL 没有数据库名：{url}")
    if "bench" not in name and not allow_any_db:
        refuse(f"数据库 {name!r} 的名称不含 bench：基准测试会写入上百万条演示单位，拒绝在可能是工作库的数据库上运行。"
               f"\n  请使用专用库（如 {DEFAULT_URL}），或加 --allow-any-db。")
    os.environ["DATABASE_URL"] = url
    return url


def database_ensure(url: str) -> None:
    """CREATE DATABASE when missing (connecting to the `postgres` maintenance database)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(url)["dbname"]
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                log(f"创建数据库 {name}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        refuse(f"无法连接 PostgreSQL（{urlsplit(url).hostname}:{urlsplit(url).port or 5432}）：{exc}".strip())


def django_prepare() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    log("migrate")
    call_command("migrate", interactive=False, verbosity=0)
    log("load_regions")
    call_command("load_regions", verbosity=0, stdout=sys.stderr)  # stdout is for the table


def error_row(label: str, exc: BaseException) -> dict:
    return {"benchmark": f"{label}: failed", "value": None, "limit": None, "unit": "",
            "ok": None, "failed": True, "note": f"{type(exc).__name__}: {exc}"}


def run_modules(scale: int, only: str | None) -> list[dict]:
    rows: list[dict] = []
    for module_name, label in MODULES:
        if only and only != label:
            continue
        if not (BENCH_DIR / f"{module_name}.py").exists():
            log(f"bench/{module_name}.py 不存在，跳过")
            rows.append({"benchmark": f"{label}: not available", "value": None, "limit": None, "unit": "",
                         "ok": None, "note": f"bench/{module_name}.py 不存在"})
            continue
        log(f"{module_name}（scale={scale:,}）")
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{module_name}")
            rows += module.run(scale)
        except Exception as exc:  # a failing benchmark is reported, never fatal to the others
            traceback.print_exc()
            rows.append(error_row(label, exc))
        log(f"{module_name} 用时 {time.perf_counter() - started:.1f} s")
    return rows


def fmt_number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e6:
            return f"{value:,.0f}"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def verdict(row: dict) -> str:
    if row.get("failed"):
        return "failed"
    ok = row.get("ok")
    if ok is None or (ok and row.get("limit") is None):
        return "—"  # a reference figure, nothing to compare with
    if ok:
        return "ok"
    value, limit = row.get("value"), row.get("limit")
    return "under limit" if value is not None and limit is not None and value < limit else "over limit"


def table(rows: list[dict]) -> str:
    header = ("benchmark", "value", "limit", "unit", "verdict")
    body = [(str(r["benchmark"]), fmt_number(r.get("value")), fmt_number(r.get("limit")), str(r.get("unit", "")),
             verdict(r)) for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(header)]
    right = {1, 2}

    def line(cells) -> str:
        return "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))) + " |"

    out = [line(header), "|" + "|".join(("-" * (w + 1) + ":" if i in right else "-" * (w + 2))
                                         for i, w in enumerate(widths)) + "|"]
    out += [line(b) for b in body]
    notes = [(i + 1, r["note"]) for i, r in enumerate(rows) if r.get("note")]
    if notes:
        out.append("")
        out += [f"  row {n}: {note}" for n, note in notes]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Anjian benchmarks on PostgreSQL (one table; never gates).")
    parser.add_argument("--scale", type=int, default=1_000_000, help="enterprise rows (default 1,000,000)")
    parser.add_argument("--only", choices=[label for _, label in MODULES], help="run one benchmark")
    parser.add_argument("--allow-any-db", action="store_true",
                        help="run even when the database name does not contain 'bench'")
    args = parser.parse_args(argv)
    if args.scale < 1:
        refuse("--scale 应 ≥ 1")

    started = time.perf_counter()
    url = database_url(args.allow_any_db)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    database_ensure(url)
    django_prepare()
    rows = run_modules(args.scale, args.only)
    elapsed = time.perf_counter() - started

    parts = urlsplit(url)
    print(f"\nAnjian benchmarks — PostgreSQL {parts.hostname}:{parts.port or 5432}{parts.path}, "
          f"scale {args.scale:,}, {os.cpu_count()} CPU, {time.strftime('%Y-%m-%d %H:%M')}")
    print(table(rows))
    print(f"\ntotal run time {elapsed:.0f} s; limits from the issue, figures never gate CI")
    return 0


if __name__ == "__main__":
    sys.exit(main())
