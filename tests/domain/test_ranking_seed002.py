"""Seed 002 (驻马店市 2020年1-6月 通报) comes out exactly: its ranking table, its sentences, its score note.

The per-county figures below are the seed's attachment table (seeds/002_c575556b9448c792.txt). The seed
prints the year-on-year percentages but not last year's figures; PREVIOUS holds figures that give those
percentages (hypothetical: only the percentages are in the seed).
"""

from datetime import date
from decimal import Decimal

from anjian.domain.bulletin import Bulletin, HeadlineFigure, UnitFigures, score_note
from anjian.domain.ranking import Metric, best_units, rank_units, worst_units

# unit, inspections (家次), cases (立案数), fines (万元) — the seed's input columns, in the seed's row order
SEED_FIGURES = [
    ("泌阳县", 160, 8, "11"),
    ("遂平县", 121, 17, "30"),
    ("汝南县", 140, 11, "9.5"),
    ("新蔡县", 152, 4, "2.9"),
    ("平舆县", 148, 4, "3.3"),
    ("西平县", 83, 8, "5"),
    ("上蔡县", 85, 2, "8.01"),
    ("确山县", 120, 2, "4"),
    ("正阳县", 49, 3, "2"),
    ("驿城区", 59, 1, "1"),
]
# 名次, 单位, 三项执法总得分, (value, rank, score) × 3 — the seed's table exactly as printed
SEED_TABLE = """\
1	泌阳县	27	160	1	10	8	3	8	11	2	9
2	遂平县	26	121	5	6	17	1	10	30	1	10
3	汝南县	24	140	4	7	11	2	9	9.5	3	8
4	新蔡县	18	152	2	9	4	5	6	2.9	8	3
4	平舆县	18	148	3	8	4	5	6	3.3	7	4
6	西平县	17	83	8	3	8	3	8	5	5	6
7	上蔡县	14	85	7	4	2	8	3	8.01	4	7
8	确山县	13	120	6	5	2	8	3	4	6	5
9	正阳县	7	49	10	1	3	7	4	2	9	2
10	驿城区	4	59	9	2	1	10	1	1	10	1"""
SEED_METRICS = (
    Metric("inspections", "检查生产经营单位(家次)", short_label="执法检查数"),
    Metric("cases", "立案数", short_label="立案数"),
    Metric("fines", "监督检查罚款", places=2, short_label="处罚数"),
)
SEED_HEADLINE = ("2020年1-6月，各县区局共检查生产经营单位1117家次（同比减少40.3%），出动行政执法人员2607人次"
                 "（同比减少35.2%），使用执法文书1568份（同比减少49.3%），立案60起（同比减少64.3%），"
                 "处罚款76.71万元（同比减少69.30%）。")
SEED_COMPARISON = ("从执法检查数、立案数、处罚数等综合执法成效来看，执法力度大、成效突出的是泌阳县、遂平县、汝南县；"
                   "力度较小、成效较差的是驿城区、正阳县、确山县。")
SEED_SCORE_NOTE = "得分说明：每一项得分满分10分，按照该项排名顺序依次递减，第一名得10分，第十名得1分"
PREVIOUS = {"inspections": 1871, "turnouts": 4023, "documents": 3093, "cases": 168, "fines": Decimal("249.87")}


def seed_values() -> dict[str, dict[str, Decimal]]:
    return {u: {"inspections": Decimal(i), "cases": Decimal(c), "fines": Decimal(f)} for u, i, c, f in SEED_FIGURES}


def printed(row) -> list[str]:
    out = [str(row.total_rank), row.unit, str(row.total)]
    for result in row.results:
        out += [f"{result.value.normalize():f}", str(result.rank), str(result.score)]
    return out


def seed_bulletin() -> Bulletin:
    values = seed_values()
    total = {k: sum(v[k] for v in values.values()) for k in ("inspections", "cases", "fines")}
    return Bulletin(
        title="2020年1-6月全市应急管理系统安全生产行政执法情况通报",
        agency="驻马店市应急管理局",
        period="2020年1-6月",
        issued_on=date(2020, 7, 10),
        metrics=SEED_METRICS,
        units=tuple(UnitFigures(u, values[u]) for u, *_ in SEED_FIGURES),
        headline=(
            HeadlineFigure("检查生产经营单位", total["inspections"], "家次", Decimal(PREVIOUS["inspections"])),
            HeadlineFigure("出动行政执法人员", Decimal(2607), "人次", Decimal(PREVIOUS["turnouts"])),
            HeadlineFigure("使用执法文书", Decimal(1568), "份", Decimal(PREVIOUS["documents"])),
            HeadlineFigure("立案", total["cases"], "起", Decimal(PREVIOUS["cases"])),
            HeadlineFigure("处罚款", total["fines"], "万元", PREVIOUS["fines"], places=2, change_places=2),
        ),
        addressee="各县区应急管理（安全监管）局：",
        results_heading="1-6月各县区安全生产执法检查情况",
        subject="各县区局共",
        table_title="各县区1-6月安全生产监管综合执法成效统计表",
        total_label="三项执法总得分",
    )


def test_seed_table_comes_out_exactly_as_printed():
    table = rank_units([u for u, *_ in SEED_FIGURES], SEED_METRICS, seed_values())
    assert [printed(r) for r in table.rows] == [line.split("\t") for line in SEED_TABLE.splitlines()]


def test_seed_table_does_not_depend_on_the_order_the_counties_come_in():
    units = [u for u, *_ in SEED_FIGURES]
    forward = rank_units(units, SEED_METRICS, seed_values())
    backward = rank_units(units[::-1], SEED_METRICS, seed_values())
    assert {r.unit: printed(r) for r in forward.rows} == {r.unit: printed(r) for r in backward.rows}


def test_seed_bulletin_prints_the_seed_table():
    assert seed_bulletin().table_rows() == [line.split("\t") for line in SEED_TABLE.splitlines()]


def test_seed_totals_headline_and_sentences():
    bulletin = seed_bulletin()
    sums = {h.phrase: h.value_text for h in bulletin.headline}
    assert sums["检查生产经营单位"] == "1117" and sums["立案"] == "60" and sums["处罚款"] == "76.71"
    assert bulletin.headline_sentence == SEED_HEADLINE
    assert bulletin.comparison_sentence == SEED_COMPARISON
    assert bulletin.best == ("泌阳县", "遂平县", "汝南县")
    assert bulletin.worst == ("驿城区", "正阳县", "确山县")
    assert bulletin.total_heading == "三项执法总得分"


def test_seed_score_note_and_ties():
    assert score_note(10) == SEED_SCORE_NOTE
    bulletin = seed_bulletin()
    assert bulletin.score_note.startswith(SEED_SCORE_NOTE)  # the seed's table has ties: the note says how
    assert "并列" in bulletin.score_note


def test_seed_best_and_worst_named_by_rule():
    table = rank_units([u for u, *_ in SEED_FIGURES], SEED_METRICS, seed_values())
    assert best_units(table, 5) == ("泌阳县", "遂平县", "汝南县", "新蔡县", "平舆县")  # 4th is shared
    assert best_units(table, 4) == ("泌阳县", "遂平县", "汝南县", "新蔡县", "平舆县")
    assert worst_units(table, 1) == ("驿城区",)
