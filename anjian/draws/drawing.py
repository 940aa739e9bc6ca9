"""Computing a draw from a committed pool snapshot (algorithm ``anjian-draw/1``), on one process or two.

The record is the one ``anjian.domain.draw.prepare`` + ``complete`` would build from the same pool; only the work is
arranged differently. For a large pool, a forked child (``parallel.Forked``) ranks half of the candidates and checks
the pool digest while this process ranks the other half. Whatever the child fails to deliver is computed here, so
the result never depends on it. Officers (rule ``rotation/2``) need only one HMAC per officer and per target.
"""

import json
from datetime import date

from anjian.domain import draw as algo
from anjian.domain.draw_pool import merge_ranked, rank_runs, runs_digest, runs_unpack, split_runs
from anjian.draws import parallel
from anjian.draws.models import PoolSnapshot, RandomInspectionTask
from anjian.draws.pool import officer_base, officer_recusals

MINE = 0.56  # share of the candidates ranked here; the child also re-checks the digest and the exclusions


def _rank_and_check(seed: str, piece, quotas: dict, runs, excluded_json: str) -> tuple[dict, str, str]:
    return rank_runs(seed, piece, quotas), runs_digest(runs), algo.excluded_lines(json.loads(excluded_json))


def _targets(seed: str, runs, strata, quotas: dict, excluded_json: str) -> tuple[list[list[str]], str, str]:
    """(targets in draw order, digest of the snapshot's pool, ``excluded_lines`` of its exclusions)."""
    if parallel.worth_it(sum(len(ids) for _, ids in runs)):
        mine, theirs = split_runs(runs, 2, first=MINE)
        child = parallel.Forked(_rank_and_check, seed, theirs, quotas, runs, excluded_json)
        try:
            ranked = rank_runs(seed, mine, quotas)
        except BaseException:
            child.cancel()
            raise
        got = child.result()
        if got is not None:
            return merge_ranked(strata, ranked, got[0]), got[1], got[2]
        _, digest, lines = _rank_and_check(seed, (), quotas, runs, excluded_json)
        return merge_ranked(strata, ranked, rank_runs(seed, theirs, quotas)), digest, lines
    ranked, digest, lines = _rank_and_check(seed, runs, quotas, runs, excluded_json)
    return merge_ranked(strata, ranked), digest, lines


def draw_record(task: RandomInspectionTask, snapshot: PoolSnapshot, *, secret: str, witness_entropy: str,
                extra: dict, today: date) -> dict:
    """The publishable record with ``"pool": None`` and ``"excluded": []`` (both stay in the snapshot); raises
    ``DrawError``."""
    runs = runs_unpack(snapshot.runs, snapshot.ids.encode())  # ids as bytes: hashed as they are
    digest = task.committed_pool_digest
    algo.check_quotas({label: len(ids) for label, ids in runs}, task.strata)
    seed = algo.seed_for(secret, witness_entropy, digest)
    quotas = {str(s["label"]): int(s["quota"]) for s in task.strata}
    officers, everywhere, specialties, regions = officer_base(task, today)
    targets, actual, excluded_text = _targets(seed, runs, task.strata, quotas, snapshot.excluded_json)
    if actual != digest or actual != snapshot.digest:
        raise algo.DrawError(["对象库与公布的摘要不符"])
    target_ids = [t[1] for t in targets]
    recusals, industries = officer_recusals(task, target_ids, officers, regions, today)
    prepared = {"secret": secret, "witness_entropy": witness_entropy, "pool": None, "pool_digest": digest,
                "seed": seed, "strata": task.strata, "weighted": False, "targets": targets}
    return algo.complete(prepared, officers=officers, officer_specialties=specialties, target_industries=industries,
                         excluded=(), excluded_text=excluded_text, officer_exclusions=everywhere + recusals,
                         officers_per_target=task.officers_per_target, extra=extra)
