"""Computing a draw from a committed pool snapshot (algorithm ``anjian-draw/1``).

The record is the one ``anjian.domain.draw.prepare`` + ``complete`` would build from the same pool; only the work is
arranged differently (the pool is read from the snapshot's runs, not row by row). Officers (rule ``rotation/3``)
need only one HMAC per officer and per target. A province-wide draw is CPU-bound for about a second; long draws
will run in a background worker, not in a second process forked from the web request.
"""

import json
from datetime import date

from anjian.domain import draw as algo
from anjian.domain.draw_pool import merge_ranked, rank_runs, runs_digest, runs_unpack
from anjian.draws.models import PoolSnapshot, RandomInspectionTask
from anjian.draws.pool import officer_base, officer_recusals, officer_shortage


def _targets(seed: str, runs, strata, quotas: dict, excluded_json: str) -> tuple[list[list[str]], str, str]:
    """(targets in draw order, digest of the snapshot's pool, ``excluded_lines`` of its exclusions)."""
    ranked = rank_runs(seed, runs, quotas)
    return merge_ranked(strata, ranked), runs_digest(runs), algo.excluded_lines(json.loads(excluded_json))


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
    short, messages = officer_shortage(task, target_ids, officers, everywhere, recusals)
    if short:  # the domain would refuse with ids only: name the enterprises, the officers recused and why
        raise algo.DrawError(messages)
    prepared = {"secret": secret, "witness_entropy": witness_entropy, "pool": None, "pool_digest": digest,
                "seed": seed, "strata": task.strata, "weighted": False, "targets": targets}
    return algo.complete(prepared, officers=officers, officer_specialties=specialties, target_industries=industries,
                         excluded=(), excluded_text=excluded_text, officer_exclusions=everywhere + recusals,
                         officers_per_target=task.officers_per_target, extra=extra)
