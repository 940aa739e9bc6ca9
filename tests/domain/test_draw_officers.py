"""Officer rules of the draw (anjian.domain.draw_officers): ``rotation/3`` for new draws; records of the earlier
``rotation/2`` and ``least-loaded-hmac/1`` (no ``officer_rule`` field) still verify. Pure, no Django."""

import copy
import hmac
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anjian.domain import draw, draw_officers

V1_RECORD = Path(__file__).with_name("draw_record_v1.json")  # written by the code before rotation/2 existed
V2_RECORD = Path(__file__).with_name("draw_record_v2.json")  # written by the code before rotation/3 existed


def reference(r: dict) -> dict[str, list[str]]:
    """rotation/3 (ADR 29) and rotation/2 (ADR 13) exactly as the ADRs and the record's notes state them, with the
    standard library's HMAC."""
    key = bytes.fromhex(r["seed"])

    def mac(text: str) -> bytes:
        return hmac.digest(key, text.encode(), "sha256")
    recused = {(x["target"], x["officer"]) for x in r["officer_exclusions"]}
    ring = sorted((o for o in r["officers"] if ("*", o) not in recused), key=lambda o: (mac(f"officer\n{o}"), o))
    load = dict.fromkeys(ring, 0)
    out = {}
    for stratum, tid in r["targets"]:
        m = mac(f"{stratum}\n{tid}")
        chosen: list[str] = []
        for k in range(r["officers_per_target"]):
            j = k % 4
            start = int.from_bytes(m[8 * j:8 * j + 8], "big") % len(ring)
            walk = [o for o in ring[start:] + ring[:start] if (tid, o) not in recused and o not in chosen]
            if r["officer_rule"] == "rotation/3":
                least = min(load[o] for o in walk)
                walk = [o for o in walk if load[o] == least]
            spec = [o for o in walk if r["target_industries"].get(tid) in r["officer_specialties"].get(o, [])]
            if k == 0 and spec:
                walk = spec
            least = min(load[o] for o in walk)
            pick = next(o for o in walk if load[o] == least)
            load[pick] += 1
            chosen.append(pick)
        out[tid] = chosen
    return out


def _run(n_targets, officers, recused=(), specialties=None, industries=None, per_target=2, secret="rotation",
         rule=draw.OFFICER_RULE):
    pool = [["A" if i % 3 else "B", str(i)] for i in range(1, n_targets + 1)]
    quotas = [{"label": s, "quota": sum(p[0] == s for p in pool)} for s in ("A", "B")]
    return draw.run(secret=secret, witness_entropy="", pool=pool, strata=quotas,
                    officers=[str(o) for o in officers],
                    officer_exclusions=[{"target": t, "officer": o, "reason": "回避"} for t, o in recused],
                    officer_specialties=specialties or {}, target_industries=industries or {},
                    officers_per_target=per_target, officer_rule=rule)


officer_ids = st.integers(1, 12).map(lambda m: [str(o) for o in range(1, m + 1)])
setups = officer_ids.flatmap(lambda offs: st.fixed_dictionaries({
    "n_targets": st.integers(1, 30),
    "officers": st.just(offs),
    "recused": st.sets(st.tuples(st.sampled_from(["*", *map(str, range(1, 31))]), st.sampled_from(offs)),
                       max_size=25),
    "specialties": st.dictionaries(st.sampled_from(offs), st.lists(st.sampled_from(["mine", "chem"]), max_size=2)),
    "industries": st.dictionaries(st.integers(1, 30).map(str), st.sampled_from(["mine", "chem"])),
    "per_target": st.integers(2, 5),
    "secret": st.text(min_size=1, max_size=8),
}))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(setup=setups, rule=st.sampled_from(["rotation/3", "rotation/2"]))
def test_rotation_never_assigns_a_recused_officer_and_gives_each_target_enough_officers(setup, rule):
    recused = setup["recused"]
    everywhere = {o for t, o in recused if t == "*"}
    left = {str(t): len(set(setup["officers"]) - everywhere - {o for x, o in recused if x == str(t)})
            for t in range(1, setup["n_targets"] + 1)}
    if min(left.values()) < setup["per_target"]:
        with pytest.raises(draw.DrawError, match="可抽取执法人员不足"):
            _run(**setup, rule=rule)
        return
    r = _run(**setup, rule=rule)
    assert r["officer_rule"] == rule
    for tid, team in r["assignments"].items():
        assert len(team) == len(set(team)) == setup["per_target"]
        assert not {o for o in team if (tid, o) in recused or ("*", o) in recused}
    assert r["assignments"] == reference(r)
    assert draw.verify(json.loads(json.dumps(r, ensure_ascii=False))) == []


@settings(max_examples=100)
@given(n_targets=st.integers(1, 60), officers=officer_ids.filter(lambda o: len(o) >= 3), per_target=st.integers(2, 3),
       secret=st.text(min_size=1, max_size=8), away=st.integers(0, 12))
def test_rotation_spreads_the_workload_within_one_of_even(n_targets, officers, per_target, secret, away):
    recused = {("*", str(away))} if str(away) in officers and len(officers) > per_target else set()
    r = _run(n_targets, officers, recused, per_target=per_target, secret=secret)
    loads = [sum(o in team for team in r["assignments"].values()) for o in officers if ("*", o) not in recused]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == n_targets * per_target


def test_rotation_prefers_a_specialty_match_for_the_first_pick():
    r = _run(6, range(1, 5), specialties={"4": ["chem"]}, industries={"1": "chem"}, recused={("2", "4")},
             rule="rotation/2")
    assert r["assignments"]["1"][0] == "4"
    assert "4" not in r["assignments"]["2"]
    for secret in ("a", "b", "c"):  # rotation/3: among the least loaded (here everyone)
        r = _run(1, range(1, 9), specialties={"6": ["chem"]}, industries={"1": "chem"}, secret=secret)
        assert r["assignments"]["1"][0] == "6"


def loads(r: dict) -> dict[str, int]:
    out = dict.fromkeys(r["officers"], 0)
    for team in r["assignments"].values():
        for o in team:
            out[o] += 1
    return out


def eligibility_groups(r: dict) -> list[list[str]]:
    """Officers grouped by the exact set of targets they may be drawn for (ADR 29's "eligible for the same
    targets"); officers recused for "*" are eligible for none and left out."""
    recused = {(x["target"], x["officer"]) for x in r["officer_exclusions"]}
    groups: dict[frozenset, list[str]] = {}
    for o in r["officers"]:
        if ("*", o) in recused:
            continue
        eligible = frozenset(t for _, t in r["targets"] if (t, o) not in recused)
        groups.setdefault(eligible, []).append(o)
    return list(groups.values())


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(setup=setups)
def test_rotation_3_keeps_officers_eligible_for_the_same_targets_within_one(setup):
    """ADR 29: however specialties and recusals fall, officers eligible for exactly the same targets end with loads
    that differ by at most one."""
    try:
        r = _run(**setup)
    except draw.DrawError:
        return
    load = loads(r)
    for group in eligibility_groups(r):
        assert max(load[o] for o in group) - min(load[o] for o in group) <= 1, group


def test_a_lone_specialist_no_longer_takes_every_target_of_the_industry():
    """The seed-004 demo: the only non-coal-mine specialist got the first pick of all 12 mine targets (12 of 148
    picks, the others 6–7). rotation/3 keeps everyone within one; rotation/2 records keep their own result."""
    industries = {str(i): "mine" for i in range(1, 13)}
    specialties = {"1": ["mine"]}
    new = _run(40, range(1, 11), specialties=specialties, industries=industries)
    assert max(loads(new).values()) - min(loads(new).values()) <= 1
    old = _run(40, range(1, 11), specialties=specialties, industries=industries, rule="rotation/2")
    assert loads(old)["1"] >= 12 > max(v for o, v in loads(old).items() if o != "1")
    assert draw.verify(json.loads(json.dumps(old, ensure_ascii=False))) == []
    assert draw.verify(json.loads(json.dumps(new, ensure_ascii=False))) == []


def test_a_rotation_2_record_still_verifies_byte_for_byte():
    record = json.loads(V2_RECORD.read_text(encoding="utf-8"))
    assert record["officer_rule"] == "rotation/2"
    assert draw.verify(record) == []
    assert draw.verify({**record, "officer_rule": "rotation/3"}) != []


def test_rotation_needs_one_hmac_per_officer_and_per_target(monkeypatch):
    calls = []
    make = draw_officers.hmac_sha256

    def counting(key):
        mac = make(key)
        return lambda message: calls.append(message) or mac(message)
    monkeypatch.setattr(draw_officers, "hmac_sha256", counting)
    r = _run(200, range(1, 41), per_target=3)
    assert len(r["assignments"]) == 200 and len(calls) == 40 + 200


@pytest.fixture
def v2():
    return _run(12, range(1, 8), recused={("*", "7"), ("1", "2"), ("5", "3")}, specialties={"1": ["mine"]},
                industries={"1": "mine", "2": "mine"}, secret="v2-record")


def test_an_untouched_rotation_record_verifies(v2):
    assert draw.verify(json.loads(json.dumps(v2, ensure_ascii=False))) == []


def _swap_in_outsider(r):
    tid, team = next(iter(r["assignments"].items()))
    team[1] = next(o for o in r["officers"] if o not in team and ("*", o) != ("*", "7"))


def _swap_teams(r):
    a, b = list(r["assignments"])[:2]
    r["assignments"][a], r["assignments"][b] = r["assignments"][b], r["assignments"][a]


def _reorder_team(r):
    team = next(iter(r["assignments"].values()))
    team.reverse()


@pytest.mark.parametrize("tamper", [_swap_in_outsider, _swap_teams, _reorder_team])
def test_a_tampered_officer_assignment_fails_verify(v2, tamper):
    r = copy.deepcopy(v2)
    tamper(r)
    assert "执法人员分配与按种子重新计算的结果不符" in draw.verify(r)


def test_a_recused_officer_put_in_by_hand_is_named(v2):
    r = copy.deepcopy(v2)
    r["assignments"]["5"][0] = "3"
    assert "检查对象 5：抽中的执法人员 3 应当回避" in draw.verify(r)


def test_the_rule_cannot_be_swapped_or_invented(v2):
    old = {k: v for k, v in v2.items() if k != "officer_rule"}  # read as the earlier rule
    assert "执法人员分配与按种子重新计算的结果不符" in draw.verify(old)
    assert draw.verify({**v2, "officer_rule": "rotation/9"}) == ["执法人员分配规则 rotation/9 未知"]


def test_a_record_of_the_earlier_rule_still_verifies():
    record = json.loads(V1_RECORD.read_text(encoding="utf-8"))
    assert "officer_rule" not in record
    assert draw.verify(record) == []
    assert draw.verify({**record, "officer_rule": "least-loaded-hmac/1"}) == []
    tampered = copy.deepcopy(record)
    tampered["assignments"]["3"].reverse()
    assert "执法人员分配与按种子重新计算的结果不符" in draw.verify(tampered)


def test_the_earlier_rule_is_reproduced_byte_for_byte():
    record = json.loads(V1_RECORD.read_text(encoding="utf-8"))
    pool = [[f"S{k}", str(100 * k + i)] for k, n in enumerate((6, 5)) for i in range(n)]
    again = draw.run(secret="legacy-v1", witness_entropy="上证指数3000.12", pool=pool, strata=record["strata"],
                     officers=[str(o) for o in range(1, 7)], excluded=record["excluded"],
                     officer_exclusions=[{"target": "*", "officer": "6", "reason": "执法证已过期"},
                                         {"target": "3", "officer": "1", "reason": "声明利害关系"}],
                     officer_specialties={"1": ["mining"]}, target_industries={p[1]: "mining" for p in pool},
                     officer_rule=draw.OFFICER_RULE_V1)
    assert again == record
