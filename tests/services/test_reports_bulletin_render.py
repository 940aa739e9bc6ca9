"""Seed 002's bulletin rendered: the Word document in the official layout and the XLSX workbook."""

import dataclasses
import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from anjian.domain.bulletin import Finding, Section
from anjian.reports.bulletin_charts import bulletin_charts
from anjian.reports.bulletin_word import bulletin_docx, date_cn
from anjian.reports.bulletin_xlsx import bulletin_xlsx
from tests.domain.test_ranking_seed002 import (
    SEED_COMPARISON,
    SEED_HEADLINE,
    SEED_SCORE_NOTE,
    SEED_TABLE,
    seed_bulletin,
)


def with_findings():
    return dataclasses.replace(
        seed_bulletin(),
        findings=(Finding("有现场检查、有立案处罚，但无整改记录", unit="正阳县", count=4),),
        sections=(Section("工作要求", ("切实加大执法力度。",)),))


def test_word_document_in_the_official_layout():
    doc = Document(io.BytesIO(bulletin_docx(with_findings())))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "驻马店市应急管理局"
    assert "2020年1-6月全市应急管理系统安全生产行政执法情况通报" in texts
    assert "各县区应急管理（安全监管）局：" in texts
    assert "一、1-6月各县区安全生产执法检查情况" in texts
    assert SEED_HEADLINE + SEED_COMPARISON in texts  # one paragraph, as in the seed
    assert "二、数据质量问题" in texts and "（一）正阳县：有现场检查、有立案处罚，但无整改记录（4条）。" in texts
    assert "三、工作要求" in texts and "切实加大执法力度。" in texts
    assert "附件：各县区1-6月安全生产监管综合执法成效统计表" in texts
    assert texts.index("驻马店市应急管理局", 1) < texts.index("2020年7月10日")  # signature, then date
    assert any(t.startswith(SEED_SCORE_NOTE) for t in texts)
    fonts = {r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
             for p in doc.paragraphs for r in p.runs}
    assert {"仿宋_GB2312", "黑体", "方正小标宋简体"} <= fonts
    assert doc.sections[1].page_width > doc.sections[1].page_height  # the table's page is landscape


def test_word_ranking_table_has_the_seed_headers_and_rows():
    table = Document(io.BytesIO(bulletin_docx(seed_bulletin()))).tables[0]
    top = [c.text for c in table.rows[0].cells]
    second = [c.text for c in table.rows[1].cells]
    # merged cells repeat their text in python-docx's view of the grid
    assert top == ["名次", "单位", "三项执法总得分", "一", "一", "一", "二", "二", "二", "三", "三", "三"]
    assert second == ["名次", "单位", "三项执法总得分", "检查生产经营单位(家次)", "排名", "得分",
                      "立案数", "排名", "得分", "监督检查罚款", "排名", "得分"]
    rows = [[c.text for c in r.cells] for r in table.rows[2:]]
    assert rows == [line.split("\t") for line in SEED_TABLE.splitlines()]
    assert len(table.rows[0]._tr.tc_lst) == 6  # 3 vertical merges + 3 groups of 3 merged across


def test_xlsx_workbook_has_the_ranking_with_numbers_and_merged_headers():
    wb = load_workbook(io.BytesIO(bulletin_xlsx(with_findings())))
    assert wb.sheetnames == ["排名表", "各单位指标", "汇总", "数据质量"]
    sheet = wb["排名表"]
    assert sheet["A1"].value == "各县区1-6月安全生产监管综合执法成效统计表"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:I2", "J2:L2"} <= merged
    assert [c.value for c in sheet[4]] == [1, "泌阳县", 27, 160, 1, 10, 8, 3, 8, 11, 2, 9]
    assert [c.value for c in sheet[8]][:3] == [4, "平舆县", 18]
    assert sheet["B10"].value == "上蔡县" and sheet["J10"].value == 8.01
    assert sheet.cell(row=14, column=1).value.startswith(SEED_SCORE_NOTE)
    summary = [[c.value for c in r] for r in wb["汇总"].iter_rows(min_row=2, max_row=6)]
    assert summary[0][:2] == ["检查生产经营单位", 1117] and summary[0][4] == "同比减少40.3%"
    assert summary[4][4] == "同比减少69.30%"
    assert wb["数据质量"]["A2"].value == "正阳县" and wb["数据质量"]["C2"].value == 4


def test_charts_one_per_metric_and_the_totals_in_rank_order():
    charts = bulletin_charts(seed_bulletin())
    assert [c["title"] for c in charts] == ["检查生产经营单位(家次)", "立案数", "监督检查罚款", "三项执法总得分"]
    cases = charts[1]["option"]
    assert cases["xAxis"]["data"][:3] == ["遂平县", "汝南县", "泌阳县"]
    assert cases["series"][0]["data"][:3] == [17.0, 11.0, 8.0]
    totals = charts[3]["option"]["series"][0]["data"]
    assert [d["value"] for d in totals] == [27, 26, 24, 18, 18, 17, 14, 13, 7, 4]


def test_chinese_date():
    assert date_cn(date(2020, 7, 10)) == "2020年7月10日"
