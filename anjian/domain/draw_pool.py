"""The pool of an ``anjian-draw/1`` draw kept as runs ``(stratum, [id, ...])`` instead of its text.

Pure: no Django, no I/O. The canonical pool text (docs/draw-algorithm.md) is the code-point-sorted lines
``f"{stratum}\\t{id}\\n"``. When no stratum label contains a tab or a line break and the ids are decimal strings
(enterprise ids), every stratum's lines are contiguous in that text, the strata come in the order of
``label + "\\t"`` and, inside a stratum, the ids in string order. So the text, its digest and the record's ``pool``
can all be produced from the runs, and the runs can be stored as the ids alone plus ``[[stratum, count], ...]``.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
from collections.abc import Iterable, Mapping, Sequence

from anjian.domain.draw import DrawError, sha256_hex, stratum_smallest


def plain_label(label: str) -> bool:
    """True when the stratum label keeps each pool line one line with one tab."""
    return "\t" not in label and "\n" not in label


def canonical_runs(by_label: Mapping[str, list[str]]) -> list[tuple[str, list[str]]]:
    """``[(stratum, ids), ...]`` in canonical text order; each id list is sorted in place (ids: decimal strings).

    Empty strata are left out (they have no line in the text).
    """
    if not all(plain_label(label) for label in by_label):
        raise ValueError("类别名称不能包含制表符或换行符")
    runs = [(label, ids) for label, ids in by_label.items() if ids]
    runs.sort(key=lambda run: run[0] + "\t")
    for _, ids in runs:
        ids.sort()
    return runs


def run_text(label: str, ids: Sequence[str]) -> str:
    """One run's lines ``stratum\\tid\\n``."""
    head = f"{label}\t"
    return head + f"\n{head}".join(ids) + "\n" if ids else ""


def runs_text(runs: Iterable[tuple[str, Sequence[str]]]) -> str:
    """The canonical pool text of the runs (equal to ``draw.pool_lines`` of their pairs)."""
    return "".join(run_text(label, ids) for label, ids in runs)


def runs_digest(runs: Iterable[tuple[str, Sequence[str] | Sequence[bytes]]]) -> str:
    """``pool_digest`` of the runs: SHA-256 hex of the canonical text, hashed one run at a time.

    Ids may be strings or their UTF-8 bytes (as ``runs_unpack`` gives them from bytes).
    """
    h = hashlib.sha256()
    for label, ids in runs:
        if ids and isinstance(ids[0], bytes):
            head = f"{label}\t".encode()
            h.update(head + (b"\n" + head).join(ids) + b"\n")
        else:
            h.update(run_text(label, ids).encode("utf-8"))
    return h.hexdigest()


def runs_pack(runs: Sequence[tuple[str, Sequence[str]]]) -> tuple[list[list], str, str]:
    """Storage form and digest in one pass: (``[[stratum, count], ...]``, the ids of all runs joined by line breaks,
    ``runs_digest(runs)``). Ids are decimal strings."""
    h = hashlib.sha256()
    parts = []
    for label, ids in runs:
        if not ids:
            continue
        joined = "\n".join(ids)
        parts.append(joined)
        head = f"{label}\t"
        h.update((head + joined.replace("\n", f"\n{head}") + "\n").encode("utf-8"))
    return [[label, len(ids)] for label, ids in runs if ids], "\n".join(parts), h.hexdigest()


def runs_unpack(counts: Sequence[Sequence], ids_text: str | bytes) -> list[tuple[str, list]]:
    """Inverse of ``runs_pack``; from bytes the ids come as bytes (ready to be hashed)."""
    ids = ids_text.split(b"\n" if isinstance(ids_text, bytes) else "\n") if ids_text else []
    if sum(int(n) for _, n in counts) != len(ids):
        raise ValueError("对象库数据不完整")
    runs, pos = [], 0
    for label, n in counts:
        runs.append((str(label), ids[pos:pos + int(n)]))
        pos += int(n)
    return runs


def rank_runs(seed: str, runs: Iterable[tuple[str, Sequence]], quotas: Mapping[str, int]
              ) -> dict[str, list[tuple[bytes, bytes]]]:
    """Per stratum the ``quota`` smallest ``(HMAC, id)`` among these runs (whole strata or slices of them)."""
    ranked: dict[str, list[tuple[bytes, bytes]]] = {}
    for label, ids in runs:
        quota = int(quotas.get(label, 0))
        if quota > 0 and ids:
            ranked.setdefault(label, []).extend(stratum_smallest(seed, label, ids, quota))
    return ranked


def merge_ranked(strata: Sequence[Mapping], *ranked: Mapping[str, list[tuple[bytes, bytes]]]) -> list[list[str]]:
    """The targets ``[[stratum, id], ...]`` in draw order from the rankings of the pieces of the pool."""
    out: list[list[str]] = []
    for s in strata:
        label, quota = str(s["label"]), int(s["quota"])
        if quota > 0:
            found = [c for r in ranked for c in r.get(label, ())]
            out += [[label, i.decode()] for _, i in heapq.nsmallest(quota, found)]
    return out


def pool_lines(pool: Iterable[Sequence]) -> str:
    """The canonical text of a pool: its sorted lines ``stratum\tid\n`` (what ``pool_digest`` hashes)."""
    return "".join(sorted(f"{p[0]}\t{p[1]}\n" for p in pool))


def pool_from_lines(text: str) -> tuple[list[list[str]], str]:
    """Parse pool text (lines ``stratum\tid\n``) → (pool in text order, SHA-256 of the text).

    The digest equals ``pool_digest(pool)`` when the text is canonical (``pool_lines``); a caller compares it with
    the digest published at commitment, so a text that is not canonical is refused by that comparison.
    """
    if text and not text.endswith("\n"):
        raise DrawError(["对象库文本不是规范的排序行"])
    flat = text[:-1].replace("\n", "\t").split("\t") if text else []
    if len(flat) % 2:
        raise DrawError(["对象库文本不是规范的排序行"])
    return list(map(list, zip(flat[0::2], flat[1::2], strict=True))), sha256_hex(text.encode("utf-8"))


_JSON_UNSAFE = re.compile(r'["\\\x00-\x1f]')


def pool_json(runs: Mapping[str, Sequence[str]]) -> str:
    """``json.dumps(pool, ensure_ascii=False)`` of the pool ``[[stratum, id], ...]`` given as ordered runs."""
    parts = []
    for label, ids in runs.items():
        if not ids:
            continue
        lab = json.dumps(label, ensure_ascii=False)
        joined = '"], [' + lab + ', "'
        if _JSON_UNSAFE.search("".join(ids)):
            parts.append(json.dumps([[label, i] for i in ids], ensure_ascii=False)[1:-1])
        else:
            parts.append(f'[{lab}, "' + joined.join(ids) + '"]')
    return "[" + ", ".join(parts) + "]"


def excluded_json(excluded: Sequence[Mapping]) -> str:
    """``json.dumps(excluded, ensure_ascii=False)`` of exclusions ``{"stratum", "id", "reason"}`` (in that order)."""
    if any(list(x) != ["stratum", "id", "reason"] for x in excluded):
        return json.dumps(list(excluded), ensure_ascii=False)
    return excluded_rows_json([(x["stratum"], x["id"], x["reason"]) for x in excluded])


def excluded_rows_json(rows: Sequence[tuple[str, str, str]]) -> str:
    """The record's ``excluded`` array for rows ``(stratum, id, reason)``, as ``json.dumps`` writes it, formatted
    directly: strata and reasons repeat, so each is encoded once."""
    if _JSON_UNSAFE.search("".join(str(i) for _, i, _ in rows)):
        return json.dumps([{"stratum": s, "id": i, "reason": r} for s, i, r in rows], ensure_ascii=False)
    text: dict[str, str] = {}

    def enc(value: str) -> str:
        out = text.get(value)
        if out is None:
            out = text[value] = json.dumps(value, ensure_ascii=False)
        return out
    return "[" + ", ".join(f'{{"stratum": {enc(s)}, "id": "{i}", "reason": {enc(r)}}}' for s, i, r in rows) + "]"
