"""Seed 002: 驻马店市应急管理局 2020年1-6月 各县区执法成效统计表, as a table the upload page can rank.

The figures are the seed's attachment table (values only: ranks and scores are computed). It serves as
the upload page's example file and demo; tests check it against the seed's printed table.
"""

SEED_002_HEADER = ["县区", "检查生产经营单位(家次)", "立案数", "监督检查罚款"]
SEED_002_ROWS = [
    ["泌阳县", "160", "8", "11"],
    ["遂平县", "121", "17", "30"],
    ["汝南县", "140", "11", "9.5"],
    ["新蔡县", "152", "4", "2.9"],
    ["平舆县", "148", "4", "3.3"],
    ["西平县", "83", "8", "5"],
    ["上蔡县", "85", "2", "8.01"],
    ["确山县", "120", "2", "4"],
    ["正阳县", "49", "3", "2"],
    ["驿城区", "59", "1", "1"],
]
SEED_002_BULLETIN = {
    "agency": "驻马店市应急管理局",
    "period": "2020年1-6月",
    "title": "2020年1-6月全市应急管理系统安全生产行政执法情况通报",
    "issued_on": "2020-07-10",
}


def seed_002_csv() -> str:
    lines = [",".join(SEED_002_HEADER), *(",".join(r) for r in SEED_002_ROWS)]
    return "\ufeff" + "\n".join(lines) + "\n"
