"""Property tests for the verifiable draw (anjian-draw/1); pure, no Django."""

import copy
import hashlib
import hmac
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.domain import draw


def _record(n_per_stratum=(6, 5), quotas=(3, 2), secret="s3cret", witness="", recused=()):
    pool = [[f"S{k}", str(100 * k + i)] for k, n in enumerate(n_per_stratum) for i in range(n)]
    strata = [{"label": f"S{k}", "quota": q} for k, q in enumerate(quotas)]
    officers = [str(o) for o in range(1, 7)]
    off_ex = [{"target": t, "officer": o, "reason": "声明利害关系"} for t, o in recused]
    return draw.run(secret=secret, witness_entropy=witness, pool=pool, strata=strata, officers=officers,
                    excluded=[{"stratum": "S0", "id": "999", "reason": "本年度已被抽取（任务1）"}],
                    officer_exclusions=off_ex, officer_specialties={"1": ["mining"]},
                    target_industries={p[1]: "mining" for p in pool})


secrets = st.text(min_size=1, max_size=20)
shapes = st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12)), min_size=1, max_size=4).map(
    lambda xs: ([n for n, _ in xs], [min(q, n) for n, q in xs]))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(secret=secrets, witness=st.text(max_size=8), shape=shapes)
def test_draw_is_deterministic_verifies_and_respects_quotas(secret, witness, shape):
    sizes, quotas = shape
    a = _record(sizes, quotas, secret, witness)
    b = _record(sizes, quotas, secret, witness)
    assert a == b
    assert draw.verify(json.loads(json.dumps(a))) == []
    for k, q in enumerate(quotas):
        assert sum(1 for t in a["targets"] if t[0] == f"S{k}") == q
    assert len({t[1] for t in a["targets"]}) == len(a["targets"])
    for officers in a["assignments"].values():
        assert len(set(officers)) == len(officers) >= 2


@settings(max_examples=40)
@given(secret=secrets, pairs=st.sets(st.tuples(st.sampled_from(["0", "1", "2", "100"]),
                                            st.sampled_from(["1", "2", "3", "4"])), max_size=8))
def test_recusal_is_never_violated(secret, pairs):
    r = _record((6, 5), (3, 2), secret, recused=pairs)
    for t, o in pairs:
        assert o not in r["assignments"].get(t, [])
    assert draw.verify(r) == []


def _tamper_target(r):
    drawn = {t[1] for t in r["targets"]}
    other = next(p for p in r["pool"] if p[1] not in drawn and p[0] == r["targets"][0][0])
    r["targets"][0] = list(other)


def _tamper_pool(r):
    r["pool"].append(["S0", "555"])


def _tamper_seed(r):
    r["seed"] = hashlib.sha256(b"other").hexdigest()


def _tamper_exclusion(r):
    r["excluded"].pop()


def _tamper_recusal(r):
    r["officer_exclusions"].pop()


def _tamper_officer(r):
    t, officers = next(iter(r["assignments"].items()))
    officers[0] = next(o for o in r["officers"] if o not in officers)


def _tamper_secret(r):
    r["secret"] += "x"


@settings(max_examples=30)
@given(secret=secrets, tamper=st.sampled_from([_tamper_target, _tamper_pool, _tamper_seed, _tamper_exclusion,
                                               _tamper_recusal, _tamper_officer, _tamper_secret]))
def test_any_tampering_fails_verify(secret, tamper):
    r = copy.deepcopy(_record((6, 5), (3, 2), secret, recused={("*", "6")}))
    tamper(r)
    assert draw.verify(r)


def test_global_recusal_applies_to_every_target():
    r = draw.run(secret="g", witness_entropy="", pool=[["A", str(i)] for i in range(5)],
                 strata=[{"label": "A", "quota": 5}], officers=["1", "2", "3"],
                 officer_exclusions=[{"target": "*", "officer": "3", "reason": "执法证已过期"}])
    assert all("3" not in v for v in r["assignments"].values())
    assert draw.verify(r) == []


def test_tampered_target_message_is_clear():
    r = _record()
    _tamper_target(r)
    assert "抽中的检查对象与按种子重新计算的结果不符" in draw.verify(r)


def test_seed_and_ordering_follow_the_published_encoding():
    r = _record(secret="abc", witness="上证指数3000.12")
    digest = hashlib.sha256("".join(sorted(f"{s}\t{i}\n" for s, i in r["pool"])).encode()).hexdigest()
    assert r["pool_digest"] == digest
    assert r["seed"] == hashlib.sha256(b"abc" + "上证指数3000.12".encode() + digest.encode()).hexdigest()
    key = bytes.fromhex(r["seed"])
    s0 = sorted((p for p in r["pool"] if p[0] == "S0"),
                key=lambda p: hmac.new(key, f"S0\n{p[1]}".encode(), hashlib.sha256).digest())
    assert [t for t in r["targets"] if t[0] == "S0"] == s0[:3]
    assert r["commitment"] == hashlib.sha256(b"abc").hexdigest()


def test_quota_larger_than_pool_is_a_clear_error():
    with pytest.raises(draw.DrawError) as exc:
        _record((3,), (5,))
    assert exc.value.messages == ["S0：抽取数量（5）超过该类别可抽取对象数（3）"]


def test_empty_pool_and_too_few_officers_are_errors():
    with pytest.raises(draw.DrawError, match="抽取对象库为空"):
        draw.run(secret="x", witness_entropy="", pool=[], strata=[{"label": "A", "quota": 0}], officers=[])
    with pytest.raises(draw.DrawError, match="可抽取执法人员不足两名"):
        draw.run(secret="x", witness_entropy="", pool=[["A", "1"]], strata=[{"label": "A", "quota": 1}],
                 officers=["7"])


def test_workload_is_spread_and_specialty_preferred():
    pool = [["A", str(i)] for i in range(6)]
    r = draw.run(secret="k", witness_entropy="", pool=pool, strata=[{"label": "A", "quota": 6}],
                 officers=["1", "2", "3", "4"],
                 officer_specialties={"4": ["chem"]}, target_industries={"0": "chem"})
    loads = [sum(o in v for v in r["assignments"].values()) for o in "1234"]
    assert max(loads) - min(loads) <= 1
    assert r["assignments"]["0"][0] == "4"


def test_weighted_variant_verifies_and_favours_heavy_weights():
    pool = [["A", str(i), 100.0 if i < 5 else 1.0] for i in range(50)]
    hits = 0
    for k in range(200):
        r = draw.run(secret=f"w{k}", witness_entropy="", pool=pool, strata=[{"label": "A", "quota": 5}],
                     officers=["1", "2"], weighted=True)
        if k < 5:
            assert draw.verify(r) == []
        hits += sum(int(t[1]) < 5 for t in r["targets"])
    assert hits > 0.8 * 200 * 5


def test_chi_square_uniformity_of_10000_draws_of_10_from_100():
    pool = [["A", str(i)] for i in range(100)]
    counts = [0] * 100
    draws = 10_000
    for k in range(draws):
        seed = draw.seed_for(f"secret-{k}", "", draw.pool_digest(pool))
        for _, i in draw.select_targets(seed, pool, [{"label": "A", "quota": 10}]):
            counts[int(i)] += 1
    expected = draws * 10 / 100
    chi2 = sum((c - expected) ** 2 / expected for c in counts)
    assert chi2 < 134.642, chi2
