"""Verifiable random draw, algorithm ``anjian-draw/1`` (see docs/draw-algorithm.md).

Pure: no Django, no I/O, no randomness of its own. Everything is a function of the published record.

Byte encodings (normative):

* ``pool_digest`` = SHA-256 hex (lower case) of the concatenation, in ascending code-point order, of the
  lines ``f"{stratum}\\t{id}\\n"`` for every ``[stratum, id]`` pair of the pool, UTF-8 encoded.
* ``commitment`` = SHA-256 hex of ``secret.encode("utf-8")``.
* ``seed`` = SHA-256 hex of ``secret.encode("utf-8") + witness_entropy.encode("utf-8") +
  pool_digest.encode("ascii")`` (the digest's 64 hex characters, not its raw 32 bytes). The HMAC key is
  ``bytes.fromhex(seed)`` (32 bytes).
* Targets: inside each stratum, candidates are ordered by ``HMAC-SHA256(key, (stratum + "\\n" + id)
  .encode("utf-8")).digest()`` ascending as bytes (ties broken by id string); the first ``quota`` are taken.
  Strata are processed in the order given in ``strata``.
* Weighted variant (``weighted: true``, each pool entry may carry a weight w > 0):
  ``u = (int.from_bytes(mac[:8], "big") + 0.5) / 2**64`` ∈ (0, 1), key = ``u ** (1 / w)``, take the
  ``quota`` largest keys (Efraimidis–Spirakis); ties broken by the HMAC bytes.
* Officers: by the rule named in ``officer_rule`` (``rotation/3`` for new draws, ``rotation/2`` before it; a record
  without the field used ``least-loaded-hmac/1``), see ``anjian.domain.draw_officers``. ``officers_per_target`` (≥ 2) officers are
  assigned per target, none recused for it (``officer_exclusions`` for that target or for ``"*"``).
* ``exclusions_digest`` = SHA-256 hex of the sorted UTF-8 lines ``E\tstratum\tid\treason\n`` (excluded
  candidates) and ``O\ttarget\tofficer\treason\n`` (recused officers), so an exclusion cannot be dropped
  silently; ``committed_pool_digest`` is the digest published with the commitment before the draw.

``verify`` checks the record's internal consistency; compare its ``commitment`` and ``committed_pool_digest``
with the values published before the draw.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from anjian.domain.draw_officers import (
    MIN_OFFICERS,
    OFFICER_RULE,
    OFFICER_RULE_V1,
    OFFICER_RULE_V2,
    DrawError,
    assign,
    hmac_sha256,
)

ALGORITHM = "anjian-draw/1"
ALGORITHM_NOTES_V1 = (
    "pool_digest = SHA-256 hex of sorted UTF-8 lines 'stratum\\tid\\n'; "
    "commitment = SHA-256 hex of UTF-8(secret); "
    "seed = SHA-256 hex of UTF-8(secret) || UTF-8(witness_entropy) || ASCII(pool_digest hex); "
    "HMAC key = bytes.fromhex(seed); target order per stratum = HMAC-SHA256(key, UTF-8(stratum + '\\n' + id)) "
    "ascending (tie: id), take quota, strata in listed order; eligible officers of a target = officers minus "
    "officer_exclusions for that target or '*'; weighted: u = (first 8 bytes big-endian + 0.5)/2^64, "
    "key = u^(1/w), largest first; officers per target in target order: HMAC-SHA256(key, UTF-8(target_id + '\\n' "
    "+ officer_id)) ascending, each pick = first in that order among the least-loaded remaining candidates, "
    "first pick restricted to specialty matches when any exist; officers_per_target picks per target; "
    "exclusions_digest = SHA-256 hex of sorted UTF-8 lines 'E\\tstratum\\tid\\treason\\n' and "
    "'O\\ttarget\\tofficer\\treason\\n'."
)
_NOTES_HEAD = ALGORITHM_NOTES_V1[:ALGORITHM_NOTES_V1.index("officers per target in target order")]
ALGORITHM_NOTES = _NOTES_HEAD + (
    "officers (officer_rule rotation/2): ring = officers not recused for '*' ordered by HMAC-SHA256(key, "
    "UTF-8('officer\\n' + officer_id)) ascending (tie: id); per target in target order, m = its HMAC-SHA256(key, "
    "UTF-8(stratum + '\\n' + id)), pick k walks the ring (wrapping) from position int(m[8j:8j+8] big-endian) mod "
    "ring size, j = k mod 4, and takes the first remaining candidate among the least-loaded ones, first pick "
    "restricted to specialty matches when any exist; officers_per_target picks per target; "
    "exclusions_digest = SHA-256 hex of sorted UTF-8 lines 'E\\tstratum\\tid\\treason\\n' and "
    "'O\\ttarget\\tofficer\\treason\\n'."
)
ALGORITHM_NOTES_V2 = ALGORITHM_NOTES
ALGORITHM_NOTES = _NOTES_HEAD + (
    "officers (officer_rule rotation/3): ring = officers not recused for '*' ordered by HMAC-SHA256(key, "
    "UTF-8('officer\\n' + officer_id)) ascending (tie: id); per target in target order, m = its HMAC-SHA256(key, "
    "UTF-8(stratum + '\\n' + id)), pick k starts at ring position int(m[8j:8j+8] big-endian) mod ring size, "
    "j = k mod 4; L = the least load among the remaining candidates; the pick is the first candidate at load L "
    "walking the ring (wrapping) from the start, except that the first pick of a target takes the first specialty "
    "match at load L when there is one; officers_per_target picks per target; "
    "exclusions_digest = SHA-256 hex of sorted UTF-8 lines 'E\\tstratum\\tid\\treason\\n' and "
    "'O\\ttarget\\tofficer\\treason\\n'."
)
NOTES = {OFFICER_RULE: ALGORITHM_NOTES, OFFICER_RULE_V2: ALGORITHM_NOTES_V2, OFFICER_RULE_V1: ALGORITHM_NOTES_V1}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def commitment_for(secret: str) -> str:
    return sha256_hex(secret.encode("utf-8"))


def pool_digest(pool: Iterable[Sequence]) -> str:
    lines = sorted(f"{p[0]}\t{p[1]}\n" for p in pool)
    return sha256_hex("".join(lines).encode("utf-8"))


def exclusions_digest(excluded: Iterable[Mapping], officer_exclusions: Iterable[Mapping], *,
                      excluded_text: str | None = None) -> str:
    """SHA-256 hex of sorted UTF-8 lines ``E\tstratum\tid\treason\n`` and ``O\ttarget\tofficer\treason\n``.

    Every ``E`` line sorts before every ``O`` line, so the text is ``excluded_lines`` followed by the sorted ``O``
    lines; ``excluded_text`` may be passed by a caller that already holds ``excluded_lines(excluded)``.
    """
    lines = sorted(f"O\t{x['target']}\t{x['officer']}\t{x.get('reason', '')}\n" for x in officer_exclusions)
    head = excluded_lines(excluded) if excluded_text is None else excluded_text
    return sha256_hex((head + "".join(lines)).encode("utf-8"))


def excluded_lines(excluded: Iterable[Mapping]) -> str:
    """The sorted ``E`` lines of ``exclusions_digest``."""
    return "".join(sorted(f"E\t{x.get('stratum', '')}\t{x['id']}\t{x.get('reason', '')}\n" for x in excluded))


def seed_for(secret: str, witness_entropy: str, digest: str) -> str:
    return sha256_hex(secret.encode("utf-8") + witness_entropy.encode("utf-8") + digest.encode("ascii"))


def select_targets(seed: str, pool: Sequence[Sequence], strata: Sequence[Mapping], *,
                   weighted: bool = False) -> list[list[str]]:
    """``pool``: ``[stratum, id]`` or ``[stratum, id, weight]``; ``strata``: ``{"label", "quota"}``.

    Returns ``[[stratum, id], ...]`` in draw order.
    """
    if not pool:
        raise DrawError(["抽取对象库为空"])
    by_stratum: dict[str, list] = defaultdict(list)
    if weighted:
        for p in pool:
            by_stratum[str(p[0])].append((str(p[1]), float(p[2]) if len(p) > 2 else 1.0))
    else:
        for p in pool:
            by_stratum[str(p[0])].append(str(p[1]))
    return select_from_strata(seed, by_stratum, strata, weighted=weighted)


def check_quotas(sizes: Mapping[str, int], strata: Sequence[Mapping]) -> None:
    """Raise ``DrawError`` for an empty pool or a quota that is negative or larger than its stratum."""
    if not any(sizes.values()):
        raise DrawError(["抽取对象库为空"])
    errors = []
    for s in strata:
        n, m = int(s["quota"]), sizes.get(str(s["label"]), 0)
        if n > m:
            errors.append(f"{s['label']}：抽取数量（{n}）超过该类别可抽取对象数（{m}）")
        if n < 0:
            errors.append(f"{s['label']}：抽取数量不能为负数")
    if errors:
        raise DrawError(errors)


def select_from_strata(seed: str, by_stratum: Mapping[str, Sequence], strata: Sequence[Mapping], *,
                       weighted: bool = False) -> list[list[str]]:
    """``select_targets`` over a pool already grouped by stratum: ``{stratum: [id, ...]}`` (unweighted) or
    ``{stratum: [(id, weight), ...]}`` (weighted)."""
    check_quotas({label: len(rows) for label, rows in by_stratum.items()}, strata)
    mac = hmac_sha256(bytes.fromhex(seed))
    out: list[list[str]] = []
    for s in strata:
        label, quota = str(s["label"]), int(s["quota"])
        rows = by_stratum.get(label, [])
        if quota <= 0:
            continue
        prefix = f"{label}\n"
        if weighted:
            macs = [mac((prefix + i).encode()) for i, _ in rows]

            def es_key(c):
                u = (int.from_bytes(c[1][:8], "big") + 0.5) / 2 ** 64
                return (-(u ** (1.0 / c[0][1])) if c[0][1] > 0 else 0.0, c[1])
            chosen = heapq.nsmallest(quota, zip(rows, macs, strict=True), key=es_key)
            out += [[label, c[0][0]] for c in chosen]
            continue
        out += [[label, i.decode()] for _, i in stratum_smallest(seed, label, rows, quota)]
    return out


def stratum_smallest(seed: str, label: str, ids: Sequence[str] | Sequence[bytes], quota: int
                     ) -> list[tuple[bytes, bytes]]:
    """The ``quota`` smallest ``(HMAC, UTF-8 id)`` of one stratum's candidates, ascending.

    ``ids`` may be a slice of the stratum: the smallest of a union are the smallest of its parts' smallest, so
    slices can be ranked apart and merged with ``heapq.nsmallest``. UTF-8 byte order is code-point order, so
    ties between equal HMACs fall as between the id strings.
    """
    if quota <= 0 or not ids:
        return []
    if isinstance(ids[0], str):
        ids = [i.encode() for i in ids]
    elif not isinstance(ids[0], bytes):
        ids = [str(i).encode() for i in ids]
    mac = hmac_sha256(bytes.fromhex(seed))
    keyed, outer = mac.inner.copy(), mac.outer
    keyed.update(f"{label}\n".encode())  # every message of the stratum starts with the same bytes
    copy, outer_copy = keyed.copy, outer.copy
    macs = []
    add = macs.append
    for i in ids:
        a = copy()
        a.update(i)
        o = outer_copy()
        o.update(a.digest())
        add(o.digest())
    return heapq.nsmallest(quota, zip(macs, ids, strict=True))


def _recusals(officers: Iterable[str], officer_exclusions: Iterable[Mapping]) -> tuple[list[str], dict[str, set[str]]]:
    """(officers not recused for every target, ``{target: officers recused for it}``)."""
    recused: dict[str, set[str]] = defaultdict(set)
    for x in officer_exclusions:
        recused[str(x["target"])].add(str(x["officer"]))
    every = recused.pop("*", set())
    return sorted(set(map(str, officers)) - every), recused


def prepare(*, secret: str, witness_entropy: str, pool: Sequence[Sequence], strata: Sequence[Mapping],
            weighted: bool = False, digest: str | None = None, by_stratum: Mapping[str, Sequence] | None = None
            ) -> dict:
    """First half of a draw: normalised pool, its digest, the seed and the targets (no officers yet).

    ``digest`` may be passed by a caller that already holds ``pool_digest(pool)`` (e.g. ``draw_pool.runs_digest``)
    together with ``by_stratum`` (``{stratum: [id, ...]}``), to skip building and regrouping the pool.
    """
    if digest is None:
        pool = [list(map(str, p[:2])) + ([float(p[2])] if weighted and len(p) > 2 else []) for p in pool]
        digest = pool_digest(pool)
    seed = seed_for(secret, witness_entropy, digest)
    return {"secret": secret, "witness_entropy": witness_entropy, "pool": pool, "pool_digest": digest,
            "seed": seed, "strata": strata, "weighted": weighted,
            "targets": select_targets(seed, pool, strata, weighted=weighted) if by_stratum is None
            else select_from_strata(seed, by_stratum, strata, weighted=weighted)}


def complete(prepared: Mapping, *, officers: Sequence[str], officer_specialties: Mapping[str, Sequence[str]] | None = None,
             target_industries: Mapping[str, str] | None = None, excluded: Sequence[Mapping] = (),
             officer_exclusions: Sequence[Mapping] = (), officers_per_target: int = MIN_OFFICERS,
             extra: Mapping | None = None, excluded_text: str | None = None,
             officer_rule: str = OFFICER_RULE) -> dict:
    """Second half: assign officers to the prepared targets and build the publishable record.

    ``officer_rule``: new draws use ``OFFICER_RULE``; ``OFFICER_RULE_V1`` rebuilds a record of the earlier rule
    (which had no ``officer_rule`` field);
    ``excluded_text``: ``excluded_lines`` of the exclusions, when the caller keeps them out of the record.
    """
    targets, seed = prepared["targets"], prepared["seed"]
    excluded = [dict(x) for x in excluded]
    officers = sorted(set(map(str, officers)))
    ids = {t[1] for t in targets}
    officer_exclusions = [{**x, "target": str(x["target"]), "officer": str(x["officer"])}
                          for x in officer_exclusions if str(x["target"]) in ids or str(x["target"]) == "*"]
    industries = {str(k): v for k, v in (target_industries or {}).items() if str(k) in ids}
    known = set(officers)
    specs = {str(k): list(v) for k, v in (officer_specialties or {}).items() if str(k) in known and v}
    base, recused = _recusals(officers, officer_exclusions)
    assignments = assign(officer_rule, seed, targets, base, recused, specialties=specs, industries=industries,
                         per_target=officers_per_target)
    return {
        **(extra or {}),
        "algorithm": ALGORITHM,
        "algorithm_notes": NOTES[officer_rule],
        "strata": [{"label": str(s["label"]), "quota": int(s["quota"])} for s in prepared["strata"]],
        "weighted": prepared["weighted"],
        "pool": prepared["pool"],
        "excluded": excluded,
        "pool_digest": prepared["pool_digest"],
        "committed_pool_digest": (extra or {}).get("committed_pool_digest", prepared["pool_digest"]),
        "commitment": commitment_for(prepared["secret"]),
        "secret": prepared["secret"],
        "witness_entropy": prepared["witness_entropy"],
        "seed": seed,
        "targets": targets,
        "target_industries": industries,
        "officers": officers,
        "officer_specialties": specs,
        "officer_exclusions": officer_exclusions,
        "exclusions_digest": exclusions_digest(excluded, officer_exclusions, excluded_text=excluded_text),
        "officers_per_target": max(int(officers_per_target), MIN_OFFICERS),
        **({"officer_rule": officer_rule} if officer_rule != OFFICER_RULE_V1 else {}),
        "assignments": assignments,
    }


def run(*, secret: str, witness_entropy: str, pool: Sequence[Sequence], strata: Sequence[Mapping],
        officers: Sequence[str], weighted: bool = False, **rest) -> dict:
    """Run a complete draw and return the publishable record (a JSON-ready dict).

    ``officer_exclusions``: ``{"target": target id or "*", "officer", "reason"}``.
    """
    prepared = prepare(secret=secret, witness_entropy=witness_entropy, pool=pool, strata=strata, weighted=weighted)
    return complete(prepared, officers=officers, **rest)


def verify(record: Mapping) -> list[str]:
    """Recompute the draw from the record alone; return the failing rules in Chinese (empty = ok)."""
    try:
        return _verify(record)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return [f"记录格式错误：{exc}"]


def _verify(r: Mapping) -> list[str]:
    errors: list[str] = []
    if r.get("algorithm") != ALGORITHM:
        errors.append(f"算法标识不是 {ALGORITHM}")
    pool = r["pool"]
    pool_ids = {str(p[1]) for p in pool}
    if len(pool_ids) != len(pool):
        errors.append("抽取对象库中有重复对象")
    excluded_ids = {str(x["id"]) for x in r.get("excluded", [])}
    if pool_ids & excluded_ids:
        errors.append("被排除的对象出现在抽取对象库中")
    if pool_digest(pool) != r["pool_digest"]:
        errors.append("对象库摘要（pool_digest）与对象库不符")
    if r.get("committed_pool_digest", r["pool_digest"]) != r["pool_digest"]:
        errors.append("对象库摘要与抽取前公布的摘要不符")
    if exclusions_digest(r.get("excluded", []), r.get("officer_exclusions", [])) != r.get("exclusions_digest"):
        errors.append("排除名单（含回避）与其摘要（exclusions_digest）不符")
    if commitment_for(r["secret"]) != r["commitment"]:
        errors.append("公布的承诺值与揭示的密钥不符")
    seed = seed_for(r["secret"], r.get("witness_entropy", ""), r["pool_digest"])
    if seed != r["seed"]:
        errors.append("随机种子（seed）与密钥、见证随机数和对象库摘要不符")
    try:
        targets = select_targets(seed, pool, r["strata"], weighted=bool(r.get("weighted")))
    except DrawError as exc:
        return errors + exc.messages
    if [list(map(str, t)) for t in r["targets"]] != targets:
        errors.append("抽中的检查对象与按种子重新计算的结果不符")
    for s in r["strata"]:
        got = sum(1 for t in r["targets"] if str(t[0]) == str(s["label"]))
        if got != int(s["quota"]):
            errors.append(f"{s['label']}：抽中数量（{got}）与抽取数量（{s['quota']}）不符")
    base, recused_for = _recusals(r["officers"], r.get("officer_exclusions", []))
    recused: dict[str, set[str]] = defaultdict(set)
    for x in r.get("officer_exclusions", []):
        recused[str(x["target"])].add(str(x["officer"]))
    for tid, officers in r["assignments"].items():
        bad = set(map(str, officers)) & (recused.get(str(tid), set()) | recused.get("*", set()))
        if bad:
            errors.append(f"检查对象 {tid}：抽中的执法人员 {'、'.join(sorted(bad))} 应当回避")
    rule = r.get("officer_rule", OFFICER_RULE_V1)  # records from before the field used the first rule
    if rule not in NOTES:
        return errors + [f"执法人员分配规则 {rule} 未知"]
    try:
        assignments = assign(rule, seed, targets, base, recused_for, specialties=r.get("officer_specialties", {}),
                             industries=r.get("target_industries", {}),
                             per_target=r.get("officers_per_target", MIN_OFFICERS))
    except DrawError as exc:
        return errors + exc.messages
    given = {str(k): list(map(str, v)) for k, v in r["assignments"].items()}
    if given != assignments:
        errors.append("执法人员分配与按种子重新计算的结果不符")
    return list(dict.fromkeys(errors))
