"""Competition ranking and scores (ADR 14): 1, 2, 2, 4; score N + 1 − rank; totals ranked alike."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.ranking import (
    Metric,
    RankingError,
    best_units,
    competition_ranks,
    rank_units,
    worst_units,
)

ONE = (Metric("m", "指标"),)


def table_of(values: dict[str, list], metrics=None):
    metrics = metrics or tuple(Metric(f"m{i}", f"指标{i}") for i in range(len(next(iter(values.values())))))
    data = {u: {m.key: v for m, v in zip(metrics, row, strict=True)} for u, row in values.items()}
    return rank_units(list(values), metrics, data)


def test_equal_values_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([10, 9, 9, 7]) == [1, 2, 2, 4]
    assert competition_ranks([5, 5, 5]) == [1, 1, 1]
    assert competition_ranks([Decimal("2.50"), Decimal("2.5"), 3]) == [2, 2, 1]


def test_lower_is_better_reverses_the_order():
    assert competition_ranks([3, 1, 1, 0], higher_is_better=False) == [4, 2, 2, 1]
    table = rank_units(["甲", "乙", "丙"], [Metric("acc", "事故起数", higher_is_better=False)],
                       {"甲": {"acc": 2}, "乙": {"acc": 0}, "丙": {"acc": 5}})
    assert [(r.unit, r.results[0].rank, r.results[0].score) for r in table.rows] == [
        ("乙", 1, 3), ("甲", 2, 2), ("丙", 3, 1)]


def test_score_is_n_plus_one_minus_rank_and_totals_are_ranked_the_same_way():
    table = table_of({"甲": [10, 1], "乙": [9, 2], "丙": [9, 3], "丁": [1, 3]})
    rows = {r.unit: r for r in table.rows}
    assert [x.score for x in rows["乙"].results] == [3, 2]  # ranks 2 and 3 of 4
    assert [x.score for x in rows["丁"].results] == [1, 4]  # rank 4, rank 1 shared with 丙
    assert {u: r.total for u, r in rows.items()} == {"甲": 5, "乙": 5, "丙": 7, "丁": 5}
    assert {u: r.total_rank for u, r in rows.items()} == {"丙": 1, "甲": 2, "乙": 2, "丁": 2}
    assert [r.unit for r in table.rows] == ["丙", "甲", "乙", "丁"]  # equal totals keep the order given


def test_a_unit_with_zero_everywhere_is_ranked_by_the_rule():
    table = table_of({"甲": [0, 0], "乙": [3, 0], "丙": [0, 0]})
    rows = {r.unit: r for r in table.rows}
    assert [(x.rank, x.score) for x in rows["甲"].results] == [(2, 2), (1, 3)]
    assert rows["甲"].total == rows["丙"].total == 5 and rows["甲"].total_rank == rows["丙"].total_rank == 2


def test_money_is_rounded_to_its_places_before_ranking():
    metric = (Metric("fines", "罚款（万元）", places=2),)
    table = rank_units(["甲", "乙"], metric, {"甲": {"fines": "8.014"}, "乙": {"fines": "8.006"}})
    assert [(r.results[0].value, r.results[0].rank) for r in table.rows] == [(Decimal("8.01"), 1)] * 2


def test_best_and_worst_are_named_by_the_rule_not_by_list_order():
    table = table_of({"甲": [5], "乙": [9], "丙": [9], "丁": [1], "戊": [1]})
    assert best_units(table, 1) == ("乙", "丙")  # two share the best total: both are named
    assert worst_units(table, 1) == ("戊", "丁")  # two share the worst: both, worst first
    assert set(best_units(table, 2)) == {"乙", "丙"}  # rank 2 does not exist (1, 1, 3)


def test_a_unit_is_never_both_best_and_worst():
    table = table_of({"甲": [1], "乙": [1], "丙": [1]})
    assert best_units(table) == ("甲", "乙", "丙") and worst_units(table) == ()


@pytest.mark.parametrize(("units", "values", "message"), [
    ([], {}, "没有参与排名的单位"),
    (["甲", "甲"], {"甲": {"m": 1}}, "重复"),
    (["甲"], {"甲": {}}, "缺少指标"),
])
def test_bad_input_is_refused_with_a_reason(units, values, message):
    with pytest.raises(RankingError, match=message):
        rank_units(units, ONE, values)
    with pytest.raises(RankingError, match="没有参与排名的指标"):
        rank_units(["甲"], (), {"甲": {}})


# ---------------------------------------------------------------- properties

units_st = st.lists(st.text(alphabet="甲乙丙丁戊己庚辛壬癸", min_size=1, max_size=3), min_size=1, max_size=12,
                    unique=True)


@st.composite
def tables(draw):
    units = draw(units_st)
    n_metrics = draw(st.integers(1, 4))
    directions = draw(st.lists(st.booleans(), min_size=n_metrics, max_size=n_metrics))
    metrics = tuple(Metric(f"m{i}", f"指标{i}", higher_is_better=d) for i, d in enumerate(directions))
    value = st.integers(0, 6).map(Decimal) | st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
    values = {u: {m.key: draw(value) for m in metrics} for u in units}
    return units, metrics, values


def _by_unit(table):
    return {r.unit: ([(x.value, x.rank, x.score) for x in r.results], r.total, r.total_rank) for r in table.rows}


@given(tables(), st.randoms())
def test_ranks_do_not_depend_on_input_order(data, rnd):
    units, metrics, values = data
    shuffled = list(units)
    rnd.shuffle(shuffled)
    first, second = rank_units(units, metrics, values), rank_units(shuffled, metrics, values)
    assert _by_unit(first) == _by_unit(second)
    assert set(best_units(first)) == set(best_units(second))
    assert set(worst_units(first)) == set(worst_units(second))


@given(tables())
def test_ranks_and_scores_follow_the_rule(data):
    units, metrics, values = data
    table = rank_units(units, metrics, values)
    n = len(units)
    for i, metric in enumerate(metrics):
        for row in table.rows:
            mine = row.results[i].value
            others = [r.results[i].value for r in table.rows]
            better = sum(1 for v in others if (v > mine if metric.higher_is_better else v < mine))
            assert row.results[i].rank == better + 1
            assert row.results[i].score == n + 1 - row.results[i].rank
            assert 1 <= row.results[i].score <= n
        # without ties the scores are n, n-1, …, 1; a tie gives every member the best score of the group
        assert sum(r.results[i].score for r in table.rows) >= n * (n + 1) // 2
        if len({r.results[i].value for r in table.rows}) == n:
            assert sum(r.results[i].score for r in table.rows) == n * (n + 1) // 2
    for row in table.rows:
        assert row.total == sum(x.score for x in row.results)
        assert row.total_rank == 1 + sum(1 for r in table.rows if r.total > row.total)
    assert [r.total_rank for r in table.rows] == sorted(r.total_rank for r in table.rows)


@given(tables())
def test_equal_figures_get_equal_ranks_scores_and_totals(data):
    units, metrics, values = data
    twin = units[0] + "′"
    values = {**values, twin: dict(values[units[0]])}
    table = rank_units([*units, twin], metrics, values)
    assert _by_unit(table)[units[0]] == _by_unit(table)[twin]
    if units[0] in best_units(table):
        assert twin in best_units(table)
    assert (units[0] in worst_units(table)) == (twin in worst_units(table))


# --- a tie among zeros is not a best --------------------------------------------------------------------------

@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=12), st.integers(1, 5))
def test_all_zero_units_are_never_best_nor_worst_but_idle(rows, leaders):
    from anjian.domain.ranking import idle_units

    units = [f"单位{i}" for i in range(len(rows))]
    metrics = (Metric("a", "检查数"), Metric("b", "立案数"))
    values = {u: {"a": a, "b": b} for u, (a, b) in zip(units, rows, strict=True)}
    table = rank_units(units, metrics, values)
    zero = {u for u, (a, b) in zip(units, rows, strict=True) if a == 0 and b == 0}
    assert set(idle_units(table)) == zero
    best, worst = best_units(table, leaders), worst_units(table, leaders)
    assert not zero & set(best) and not zero & set(worst) and not set(best) & set(worst)
    if len(zero) < len(units):
        assert best  # someone did something: someone is named best


# --- a sentence names at most three; a tie crossing the cut is told in words ----------------------------------

def test_a_tie_crossing_the_cut_is_told_in_words_not_listed():
    from anjian.domain.ranking import units_named

    values = {"郑州市": [9], "开封市": [8], "洛阳市": [7], "焦作市": [1]} | {c: [2] for c in
                                                                         ("安阳市", "鹤壁市", "新乡市", "濮阳市", "许昌市")}
    table = table_of(values)
    worst = worst_units(table)
    assert len(worst) == 6  # ties included: 焦作市 and the five tied above it
    assert units_named(table, worst) == "焦作市，及并列第4位的安阳市等5个单位"
    assert units_named(table, best_units(table)) == "郑州市、开封市、洛阳市"


@given(st.lists(st.integers(0, 4), min_size=1, max_size=20), st.integers(1, 5))
def test_a_sentence_names_at_most_the_leaders_and_only_units_of_the_list(scores, leaders):
    import re

    from anjian.domain.ranking import units_named

    units = [f"U{i:02d}" for i in range(len(scores))]
    table = table_of({u: [s] for u, s in zip(units, scores, strict=True)})
    for listed in (best_units(table, leaders), worst_units(table, leaders)):
        text = units_named(table, listed, leaders)
        named = re.findall(r"U\d\d", text)
        assert len(named) <= leaders and set(named) <= set(listed)
        if len(listed) <= leaders:
            assert named == list(listed) and "并列" not in text
        else:
            assert f"等{len(listed) - len(named) + 1}个单位" in text
