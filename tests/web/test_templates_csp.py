"""Every served page keeps to the CSP (script-src 'self', style-src 'self'): no javascript: links, no inline
<script> or <style>, no on…= handlers in any template a browser is sent. The PDF templates (rendered on the
server, never served) may style themselves."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "anjian"
PDF_ONLY = ("documents/templates/documents/pdf/", "cases/templates/cases/case_file_front.html")
FORBIDDEN = [re.compile(r"javascript:", re.I), re.compile(r"<style", re.I), re.compile(r"<script(?![^>]*\ssrc=)", re.I),
             re.compile(r"\son[a-z]+\s*=", re.I)]


def test_no_served_template_breaks_the_csp():
    bad = []
    for path in ROOT.rglob("templates/**/*.html"):
        rel = path.relative_to(ROOT).as_posix()
        if any(part in rel for part in PDF_ONLY):
            continue
        text = path.read_text(encoding="utf-8")
        bad += [f"{rel}: {p.pattern}" for p in FORBIDDEN if p.search(text)]
    assert bad == []
