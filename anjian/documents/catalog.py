"""The catalog of document kinds is data (data/catalog.csv); this loads it into DocumentKind idempotently."""

import csv
from pathlib import Path

CATALOG = Path(__file__).resolve().parent / "data" / "catalog.csv"
COLUMNS = ("code", "name", "numbered", "has_remedy_clause", "template")


def _flag(value: str, column: str, line: int) -> bool:
    value = value.strip().lower()
    if value not in {"yes", "no"}:
        raise ValueError(f"catalog.csv 第 {line} 行 {column} 应为 yes 或 no：{value!r}")
    return value == "yes"


def catalog_rows(path: Path = CATALOG) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"catalog.csv 的列应为 {','.join(COLUMNS)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            rows.append({
                "code": row["code"].strip(), "name": row["name"].strip(),
                "numbered": _flag(row["numbered"], "numbered", line),
                "has_remedy_clause": _flag(row["has_remedy_clause"], "has_remedy_clause", line),
                "template": row["template"].strip() or "generic", "position": line - 1,
            })
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise ValueError("catalog.csv 中文书代码重复")
    return rows


def document_kinds_load(model=None) -> tuple[int, int]:
    """Insert missing kinds and refresh changed ones; never deletes (documents refer to kinds).

    `model` is the historical model when called from a migration. Returns (created, updated).
    """
    if model is None:
        from anjian.documents.models import DocumentKind as model
    created = updated = 0
    existing = {k.code: k for k in model.objects.all()}
    for row in catalog_rows():
        code = row.pop("code")
        kind = existing.get(code)
        if kind is None:
            model.objects.create(code=code, **row)
            created += 1
        elif any(getattr(kind, key) != value for key, value in row.items()):
            model.objects.filter(code=code).update(**row)
            updated += 1
    return created, updated
