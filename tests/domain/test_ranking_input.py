"""A per-unit table as typed by people → ranked input, or every problem with its row and column."""

from decimal import Decimal

from anjian.domain.ranking_input import column_letter, parse_number, parse_table, split_names

HEADER = ["县区", "检查家次", "立案数", "罚款（万元）"]


def rows(*lines):
    return [(i + 2, list(line)) for i, line in enumerate(lines)]


def errors_of(header, data, **options):
    parsed, errors = parse_table(header, rows(*data), **options)
    assert parsed is None
    return [e.text() for e in errors]


def test_a_good_table_ranks_every_metric_by_default():
    parsed, errors = parse_table(HEADER, rows(["甲县", "10", "2", "1.5"], ["乙县", "8", "3", "0"]))
    assert errors == [] and parsed.units == ("甲县", "乙县")
    assert [m.label for m in parsed.metrics] == ["检查家次", "立案数", "罚款（万元）"]
    assert parsed.values["甲县"]["罚款（万元）"] == Decimal("1.5")
    assert [(r.unit, r.total, r.total_rank) for r in parsed.rank().rows] == [("甲县", 5, 1), ("乙县", 4, 2)]


def test_options_choose_metrics_and_lower_is_better():
    parsed, errors = parse_table(HEADER + ["事故起数"], rows(["甲县", "10", "2", "1", "3"], ["乙县", "8", "3", "0", "0"]),
                                 metrics="检查家次，事故起数", lower_better=["事故起数"])
    assert errors == []
    assert [(m.label, m.higher_is_better) for m in parsed.metrics] == [("检查家次", True), ("事故起数", False)]
    ranked = {r.unit: r for r in parsed.rank().rows}
    assert ranked["乙县"].results[1].rank == 1 and ranked["甲县"].results[0].rank == 1


def test_missing_and_non_numeric_cells_name_row_and_column():
    assert errors_of(HEADER, [["甲县", "10", "", "1"], ["乙县", "八", "3", "1"]]) == [
        "第2行 立案数（C列）：未填写数值（没有发生的请填 0）",
        "第3行 检查家次（B列）：“八”不是数字（没有发生的请填 0）",
    ]


def test_duplicate_blank_and_total_units_are_refused():
    assert errors_of(HEADER, [["甲县", "1", "1", "1"], [" 甲县 ", "2", "2", "2"], ["", "1", "1", "1"],
                              ["合 计", "3", "3", "3"]]) == [
        "第3行 县区（A列）：单位“甲县”与第2行重复，每个单位只能有一行",
        "第4行 县区（A列）：单位名称为空",
        "第5行 县区（A列）：“合 计”是合计行，不是单位：请删除合计行后再排名",
    ]


def test_empty_table_no_metric_and_no_rows():
    assert errors_of([], []) == ["表格是空的：第一行为表头（单位、各项指标），其下每行一个单位"]
    assert errors_of(["县区"], [["甲县"]]) == ["第1行：表中没有指标列：第一列为单位名称，其后每列一项指标"]
    assert errors_of(HEADER, []) == ["表中没有数据行：表头之下每行填写一个单位的各项指标"]


def test_header_problems():
    assert errors_of(["县区", "立案数", "立案数"], [["甲县", "1", "2"]]) == [
        "第1行 立案数（C列）：表头与B列重复，每项指标只能有一列"]
    assert errors_of(["县区", "立案数"], [["甲县", "1", "5"]]) == ["第1行 C列：该列有数据但没有表头（指标名称）"]


def test_unknown_metric_options_are_named():
    assert errors_of(HEADER, [["甲县", "1", "1", "1"]], metrics="检查家次,罚没款", lower_better="事故") == [
        "参与排名的指标“罚没款”不在表头中；表中的指标：检查家次、立案数、罚款（万元）",
        "越低越好的指标“事故”不在表头中；表中的指标：检查家次、立案数、罚款（万元）",
    ]
    assert errors_of(HEADER, [["甲县", "1", "1", "1"]], metrics="检查家次", lower_better="立案数") == [
        "越低越好的指标“立案数”未参与排名"]


def test_previous_period_columns_feed_changes_and_are_not_ranked():
    header = [*HEADER, "立案数（上年同期）"]
    parsed, errors = parse_table(header, rows(["甲县", "10", "2", "1", "4"], ["乙县", "8", "3", "0", ""]))
    assert errors == [] and parsed.columns == ("检查家次", "立案数", "罚款（万元）")
    assert parsed.previous == {"甲县": {"立案数": Decimal(4)}}
    assert errors_of(["县区", "立案数", "罚款(上年同期)"], [["甲县", "1", "1"]]) == [
        "第1行 罚款(上年同期)（C列）：没有与之对应的指标列“罚款”（上年同期列应写作“指标名称（上年同期）”）"]


def test_numbers_as_people_type_them():
    assert parse_number("1,117") == Decimal(1117) and parse_number("１２") == Decimal(12)
    assert parse_number("95.5%") == Decimal("95.5") and parse_number(" 0 ") == Decimal(0)
    for bad in ("—", "1,2", "1e5", "NaN", "Infinity", "12元", ""):
        assert parse_number(bad) is None, bad


def test_helpers():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]
    assert split_names("a, b，c、d;;") == ["a", "b", "c", "d"] and split_names(None) == []


def test_zero_everywhere_is_a_valid_row():
    parsed, errors = parse_table(HEADER, rows(["甲县", "0", "0", "0"], ["乙县", "0", "1", "0"]))
    assert errors == [] and {r.unit: r.total for r in parsed.rank().rows} == {"甲县": 5, "乙县": 6}
