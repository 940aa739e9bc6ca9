"""Officer rules of the ``anjian-draw/1`` draw (ADR 13), and the HMAC and error the whole draw shares.

Pure: no Django, no I/O. A record names its rule in ``officer_rule``; a record without the field used
``least-loaded-hmac/1``. Both rules share the hard rules: ``per_target`` (≥ 2) officers per target, never one recused
for that target (or for ``"*"``), each pick among the least-loaded remaining candidates (so workload stays within one
of even), the first pick restricted to specialty matches for the target's industry when any remain.

* ``least-loaded-hmac/1``: a target's candidates are ordered by ``HMAC-SHA256(key, target_id + "\\n" + officer_id)``;
  a draw of T targets over N officers needs up to T × N HMACs.
* ``rotation/2``: one ring of all officers not recused for ``"*"``, ordered by
  ``HMAC-SHA256(key, "officer\\n" + officer_id)`` ascending (tie: id). For a target, let ``m`` = its ranking HMAC
  ``HMAC-SHA256(key, stratum + "\\n" + target_id)`` and n the ring size; pick k (k = 0, 1, …) walks the ring from
  position ``int.from_bytes(m[8j:8j+8], "big") mod n`` with j = k mod 4, wrapping around, and takes the first
  remaining candidate among the least-loaded ones. A draw needs N + T HMACs. Its first pick looked for a specialty
  match among the matches' own least-loaded, which could be far above everyone else's load (ADR 29).
* ``rotation/3`` (new draws): the ring and starts of ``rotation/2``, but every pick, the first included, takes the
  least load among all remaining candidates; the specialty preference only chooses among those (the first match
  walking from the start, else the first candidate at that load). Officers eligible for exactly the same targets
  therefore end within one of each other (ADR 29).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Mapping, Sequence

MIN_OFFICERS = 2
OFFICER_RULE_V1 = "least-loaded-hmac/1"
OFFICER_RULE_V2 = "rotation/2"
OFFICER_RULE = "rotation/3"


class DrawError(ValueError):
    """Bad input for a draw; ``messages`` are in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def hmac_sha256(key: bytes):
    """HMAC-SHA256 (RFC 2104) with the key's pads hashed once; equal to ``hmac.digest(key, m, "sha256")``."""
    k = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    inner = hashlib.sha256(bytes(x ^ 0x36 for x in k))
    outer = hashlib.sha256(bytes(x ^ 0x5C for x in k))

    def mac(message: bytes) -> bytes:
        a = inner.copy()
        a.update(message)
        o = outer.copy()
        o.update(a.digest())
        return o.digest()
    mac.inner, mac.outer = inner, outer  # for callers that feed a shared message prefix once
    return mac


def _check_enough(targets: Sequence[Sequence], everyone: set[str], recused: Mapping[str, set[str]],
                  per_target: int) -> None:
    short = "两" if per_target == MIN_OFFICERS else str(per_target)
    none: set[str] = set()
    short_of = [str(t[1]) for t in targets
                if len(everyone) - len(everyone & recused.get(str(t[1]), none)) < per_target]
    if short_of:
        shown = [f"检查对象 {t}：可抽取执法人员不足{short}名" for t in short_of[:5]]
        if len(short_of) > 5:
            shown.append(f"共 {len(short_of)} 个检查对象可抽取执法人员不足{short}名")
        raise DrawError(shown)


def _by_industry(specialties: Mapping[str, Sequence[str]], everyone: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for o, specs in specialties.items():
        if str(o) in everyone:
            for ind in specs:
                out[ind].add(str(o))
    return out


def assign(rule: str, seed: str, targets: Sequence[Sequence], base: Sequence[str], recused: Mapping[str, set[str]],
           *, specialties: Mapping[str, Sequence[str]] | None = None, industries: Mapping[str, str] | None = None,
           per_target: int = MIN_OFFICERS) -> dict[str, list[str]]:
    """``{target_id: [officer ids]}`` by ``rule``; a target's candidates are ``base`` minus ``recused[target]``."""
    per_target = max(int(per_target), MIN_OFFICERS)
    _check_enough(targets, set(base), recused, per_target)
    fn = RULES[rule]
    return fn(seed, targets, sorted(base), recused, _by_industry(specialties or {}, set(base)), industries or {},
              per_target)


class _Levels:
    """Ring positions grouped by load, each group sorted: the first remaining position from a start, least load."""

    def __init__(self, positions: list[int]):
        self.at: dict[int, list[int]] = {0: positions} if positions else {}

    def first(self, start: int, blocked: set[int]) -> int | None:
        for level in sorted(self.at):
            p = self.first_at(level, start, blocked)
            if p is not None:
                return p
        return None

    def first_at(self, level: int, start: int, blocked: set[int]) -> int | None:
        """The first remaining position from ``start`` (wrapping) among those at exactly ``level``."""
        row = self.at.get(level, ())
        i, size = bisect_left(row, start), len(row)
        for j in range(size):
            p = row[(i + j) % size]
            if p not in blocked:
                return p
        return None

    def bump(self, p: int, level: int) -> None:
        row = self.at[level]
        del row[bisect_left(row, p)]
        if not row:
            del self.at[level]
        insort(self.at.setdefault(level + 1, []), p)


def _rotation(seed, targets, base, recused, by_industry, industries, per_target, *, even: bool = False
              ) -> dict[str, list[str]]:
    """``rotation/2``, or ``rotation/3`` with ``even``: the specialty match only among the least-loaded."""
    mac = hmac_sha256(bytes.fromhex(seed))
    ring = sorted(base, key=lambda o: (mac(f"officer\n{o}".encode()), o))
    n = len(ring)
    pos = {o: i for i, o in enumerate(ring)}
    load = [0] * n
    levels = _Levels(list(range(n)))
    spec = {ind: _Levels(sorted(pos[o] for o in members)) for ind, members in by_industry.items()}
    industries_of: dict[int, list[_Levels]] = defaultdict(list)
    for ind, members in by_industry.items():
        for o in members:
            industries_of[pos[o]].append(spec[ind])
    out: dict[str, list[str]] = {}
    for t in targets:
        tid = str(t[1])
        m = mac(f"{t[0]}\n{tid}".encode())
        starts = [int.from_bytes(m[8 * j:8 * j + 8], "big") % n for j in range(4)]
        blocked = {pos[o] for o in recused.get(tid, ()) if o in pos}
        first = spec.get(industries.get(tid)) if industries.get(tid) else None
        chosen = []
        for k in range(per_target):
            start = starts[k % 4]
            if even:
                p = levels.first(start, blocked)
                match = first.first_at(load[p], start, blocked) if k == 0 and first is not None else None
                p = p if match is None else match
            else:
                p = first.first(start, blocked) if k == 0 and first is not None else None
                if p is None:
                    p = levels.first(start, blocked)
            chosen.append(ring[p])
            blocked.add(p)
            level = load[p]
            load[p] = level + 1
            levels.bump(p, level)
            for group in industries_of.get(p, ()):
                group.bump(p, level)
        out[tid] = chosen
    return out


def _rotation_even(*args) -> dict[str, list[str]]:
    return _rotation(*args, even=True)


def _least_loaded_hmac(seed, targets, base, recused, by_industry, industries, per_target) -> dict[str, list[str]]:
    """Officers kept in buckets by load, so each pick computes HMACs only for the least-loaded candidates."""
    mac = hmac_sha256(bytes.fromhex(seed))
    inner, outer_copy = mac.inner, mac.outer.copy
    none: set[str] = set()
    encoded = {o: o.encode() for o in base}
    load: dict[str, int] = dict.fromkeys(base, 0)
    levels: dict[int, set[str]] = {0: set(base)}
    out: dict[str, list[str]] = {}
    for t in targets:
        tid = str(t[1])
        blocked = set(recused.get(tid, none))
        industry = industries.get(tid)
        keyed = inner.copy()
        keyed.update(f"{tid}\n".encode())
        copy = keyed.copy
        cache: dict[str, bytes] = {}
        chosen: list[str] = []
        for k in range(per_target):
            spec = by_industry.get(industry) if k == 0 and industry else None
            cands = spec - blocked if spec else None
            if cands:
                least = min(load[o] for o in cands)
                cands = [o for o in cands if load[o] == least]
            else:
                least = min(levels)
                while not levels.get(least, none) - blocked:
                    least += 1
                cands = levels[least]
            best_m = best = None
            for o in cands:
                if o in blocked:
                    continue
                m = cache.get(o)
                if m is None:
                    a = copy()
                    a.update(encoded[o])
                    h = outer_copy()
                    h.update(a.digest())
                    m = cache[o] = h.digest()
                if best is None or m < best_m or (m == best_m and o < best):
                    best_m, best = m, o
            chosen.append(best)
            blocked.add(best)
            level = levels[least]
            level.discard(best)
            if not level:
                del levels[least]
            levels.setdefault(least + 1, set()).add(best)
            load[best] = least + 1
        out[tid] = chosen
    return out


RULES = {OFFICER_RULE: _rotation_even, OFFICER_RULE_V2: _rotation, OFFICER_RULE_V1: _least_loaded_hmac}
