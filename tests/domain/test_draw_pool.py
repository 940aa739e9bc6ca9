"""The pool kept as runs (anjian.domain.draw_pool) gives the same text, digest, record pool and targets as the pool
itself (anjian-draw/1); pure, no Django."""

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anjian.domain import draw
from anjian.domain import draw_pool as dp

# Labels of any characters but a tab or a line break ("\x01" sorts before "\t"), and decimal ids.
labels = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n"), min_size=1,
                 max_size=6)
pools = st.dictionaries(labels, st.sets(st.integers(1, 10**7), min_size=1, max_size=30), min_size=1, max_size=5)


def as_pairs(by_label: dict) -> list[list[str]]:
    seen, pairs = set(), []
    for label, ids in by_label.items():
        for i in sorted(ids):
            if i not in seen:  # an enterprise is in one stratum
                seen.add(i)
                pairs.append([label, str(i)])
    return pairs


def grouped(pairs) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for label, i in pairs:
        out.setdefault(label, []).append(i)
    return out


@settings(max_examples=200)
@given(pools)
def test_runs_give_the_canonical_text_digest_and_record_pool(by_label):
    pairs = as_pairs(by_label)
    runs = dp.canonical_runs(grouped(pairs))
    text = dp.pool_lines(pairs)
    assert dp.runs_text(runs) == text
    assert dp.runs_digest(runs) == draw.pool_digest(pairs) == hashlib.sha256(text.encode()).hexdigest()
    canonical = [line.split("\t") for line in text.split("\n")[:-1]]
    assert [[label, i] for label, ids in runs for i in ids] == canonical
    assert json.loads(dp.pool_json(dict(runs))) == canonical
    assert dp.pool_json(dict(runs)) == json.dumps(canonical, ensure_ascii=False)
    counts, ids, digest = dp.runs_pack(runs)
    assert digest == dp.runs_digest(runs)
    assert dp.runs_unpack(counts, ids) == runs
    as_bytes = dp.runs_unpack(counts, ids.encode())
    assert dp.runs_digest(as_bytes) == dp.runs_digest(runs)


@settings(max_examples=150)
@given(pools, st.text(max_size=8), st.data())
def test_ranking_the_runs_selects_the_same_targets(by_label, secret, data):
    pairs = as_pairs(by_label)
    runs = dp.canonical_runs(grouped(pairs))
    strata = [{"label": label, "quota": data.draw(st.integers(0, len(ids)))} for label, ids in runs]
    seed = draw.seed_for(secret, "", draw.pool_digest(pairs))
    quotas = {s["label"]: s["quota"] for s in strata}
    assert dp.merge_ranked(strata, dp.rank_runs(seed, runs, quotas)) == draw.select_targets(seed, pairs, strata)


@settings(max_examples=100)
@given(st.lists(st.fixed_dictionaries({"stratum": labels, "id": st.integers(1, 10**7).map(str),
                                       "reason": st.text(max_size=12)}), max_size=20),
       st.lists(st.fixed_dictionaries({"target": st.sampled_from(["*", "1", "22"]), "officer": st.sampled_from("789"),
                                       "reason": st.text(max_size=12)}), max_size=8))
def test_the_exclusions_digest_from_the_excluded_lines_is_the_same(excluded, recused):
    text = draw.excluded_lines(excluded)
    assert draw.exclusions_digest([], recused, excluded_text=text) == draw.exclusions_digest(excluded, recused)
    everything = [f"E\t{x['stratum']}\t{x['id']}\t{x['reason']}\n" for x in excluded]
    everything += [f"O\t{x['target']}\t{x['officer']}\t{x['reason']}\n" for x in recused]
    assert draw.exclusions_digest(excluded, recused) == hashlib.sha256("".join(sorted(everything)).encode()).hexdigest()


@pytest.mark.parametrize("label", ["化工\t甲", "化工\n甲"])
def test_a_label_with_a_tab_or_line_break_is_refused(label):
    assert not dp.plain_label(label)
    with pytest.raises(ValueError, match="制表符或换行符"):
        dp.canonical_runs({label: ["1"]})


@settings(max_examples=100)
@given(st.lists(st.fixed_dictionaries({"stratum": labels, "id": st.integers(1, 10**7).map(str),
                                       "reason": st.text(max_size=12)}), max_size=20))
def test_exclusions_are_written_as_json_dumps_writes_them(excluded):
    assert dp.excluded_json(excluded) == json.dumps(excluded, ensure_ascii=False)
