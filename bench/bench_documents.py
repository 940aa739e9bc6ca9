"""Enforcement documents: rendering speed (Word and PDF) and concurrent number allocation on PostgreSQL.

    run(scale) -> rows; `scale` is ignored (the figures do not depend on the number of enterprises).
"""

import statistics
import threading
import time
from datetime import date

RENDERS = 100
THREADS = 50
BENCH_YEAR = 9999  # a year no real document uses; its counter row is removed afterwards


def _render_rows() -> list[dict]:
    from anjian.documents.fields import sample_content
    from anjian.documents.models import DocumentKind
    from anjian.documents.rendering import render_context, render_docx, render_pdf, template_for
    from anjian.regions.models import Agency

    kind = DocumentKind.objects.get(code="责改")
    agency = Agency.objects.select_related("region__parent").filter(region_id="411726").first() \
        or Agency.objects.select_related("region__parent").order_by("region_id").first()
    template, _ = template_for(kind)
    word, pdf = [], []
    for i in range(RENDERS):
        ctx = render_context(kind=kind, agency=agency, enterprise=None, content=sample_content(kind.template),
                             number=f"({agency.short_name})应急责改〔2024〕{i + 1}号", issued_on=date(2024, 6, 30))
        started = time.perf_counter()
        render_docx(ctx, template)
        word.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_pdf(kind, ctx)
        pdf.append(time.perf_counter() - started)
    word_ms, pdf_ms = statistics.median(word) * 1000, statistics.median(pdf) * 1000
    return [
        {"benchmark": "documents: 责改 Word render, median", "value": word_ms, "limit": 100, "unit": "ms",
         "ok": word_ms < 100},
        {"benchmark": "documents: 责改 PDF render, median", "value": pdf_ms, "limit": 1000, "unit": "ms",
         "ok": pdf_ms < 1000},
        {"benchmark": "documents: Word + PDF per second (one thread)", "value": RENDERS / (sum(word) + sum(pdf)),
         "limit": None, "unit": "documents/s", "ok": None},
    ]


def _allocation_row() -> dict:
    from django.db import connections, transaction

    from anjian.documents.models import DocumentKind, NumberCounter
    from anjian.documents.numbering import number_allocate
    from anjian.regions.models import Agency

    kind = DocumentKind.objects.get(code="责改")
    agency = Agency.objects.order_by("region_id").first()
    NumberCounter.objects.filter(year=BENCH_YEAR).delete()
    barrier, lock, seqs, errors = threading.Barrier(THREADS), threading.Lock(), [], []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                seq, _ = number_allocate(agency=agency, kind=kind, year=BENCH_YEAR)
            with lock:
                seqs.append(seq)
        except Exception as exc:  # reported in the row
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    elapsed = time.perf_counter() - started
    NumberCounter.objects.filter(year=BENCH_YEAR).delete()
    ok = not errors and sorted(seqs) == list(range(1, THREADS + 1))
    note = (f"{THREADS} 线程各用独立连接，得到 {len(set(seqs))} 个不同序号 1..{max(seqs, default=0)}，"
            f"用时 {elapsed:.2f} s" + (f"；错误：{errors[0]}" if errors else ""))
    return {"benchmark": f"documents: {THREADS} concurrent numbers distinct and consecutive",
            "value": len(set(seqs)), "limit": THREADS, "unit": "numbers", "ok": ok, "note": note}


def run(scale: int) -> list[dict]:
    from django.db import connection

    rows = _render_rows()
    if connection.vendor == "postgresql":
        rows.append(_allocation_row())
    else:
        rows.append({"benchmark": "documents: concurrent numbers", "value": None, "limit": None, "unit": "",
                     "ok": None, "note": "只在 PostgreSQL 上测量"})
    return rows
