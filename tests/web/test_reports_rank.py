"""统计排名 page: upload a county table, see it ranked (errors inline), re-rank, download CSV/XLSX."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from anjian.domain.permissions import Role
from anjian.reports.examples import SEED_002_HEADER, SEED_002_ROWS, seed_002_csv
from tests.domain.test_ranking_seed002 import SEED_TABLE

CITY = "411700"  # 驻马店市


@pytest.fixture
def statistician(make_user):
    return make_user(CITY, Role.STATISTICIAN)


def csv_file(header, rows, name="counties.csv", encoding="utf-8") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def upload(client, file, **fields):
    return client.post("/reports/rank/", {"file": file, "action": "upload", **fields}, follow=True)


def test_upload_shows_the_seed_table_and_the_csv_download_matches_it(client, statistician):
    client.force_login(statistician)
    page = upload(client, csv_file(SEED_002_HEADER, SEED_002_ROWS, encoding="gbk"), period="2020年1-6月")
    html = page.content.decode()
    assert page.status_code == 200 and "排名结果：counties.csv" in html
    assert "综合排名靠前：<b>泌阳县、遂平县、汝南县</b>；靠后：<b>驿城区、正阳县、确山县</b>" in html
    for line in SEED_TABLE.splitlines():  # every printed row of the seed, cell by cell
        assert "".join(f"<td>{c}</td>" for c in line.split("\t")) in html.replace("\n      ", "")
    download = client.get("/reports/rank/result.csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1] == ["泌阳县", "160", "1", "10", "8", "3", "8", "11", "2", "9", "27", "1"]
    assert rows[5][0] == "平舆县" and rows[5][-1] == "4"  # shares 4th with 新蔡县
    sheet = load_workbook(io.BytesIO(client.get("/reports/rank/result.xlsx").content)).active
    assert [c.value for c in sheet[2]][:4] == ["泌阳县", 160, 1, 10]


def test_example_button_ranks_the_seed_without_a_file(client, statistician):
    client.force_login(statistician)
    html = client.post("/reports/rank/", {"action": "example"}, follow=True).content.decode()
    assert "驻马店市2020年1-6月各县区执法成效（示例）" in html and "三项总得分" in html
    example = client.get("/reports/rank/example.csv")
    assert example.content.decode("utf-8") == seed_002_csv()


def test_errors_are_shown_inline_with_row_and_column_and_nothing_is_ranked(client, statistician):
    client.force_login(statistician)
    rows = [["甲县", "10", "2"], ["乙县", "", "3"], ["甲县", "八", "1"], ["合计", "18", "6"]]
    html = upload(client, csv_file(["县区", "检查家次", "立案数"], rows)).content.decode()
    assert "表格有错误，未排名" in html
    assert "第 3 行</td><td>检查家次（B列）</td><td>未填写数值（没有发生的请填 0）" in html
    assert "单位“甲县”与第2行重复" in html and "“八”不是数字" in html and "“合计”是合计行" in html
    assert "排名结果" not in html
    assert client.get("/reports/rank/result.csv").status_code == 404  # nothing was kept


def test_file_level_problems_and_unknown_metric_option(client, statistician):
    client.force_login(statistician)
    html = upload(client, SimpleUploadedFile("a.pdf", b"%PDF-1.4")).content.decode()
    assert "不支持的文件类型“pdf”" in html
    html = upload(client, SimpleUploadedFile("a.csv", b"")).content.decode()
    assert "文件是空的" in html
    html = client.post("/reports/rank/", {"action": "upload"}).content.decode()
    assert "请选择要排名的文件" in html
    html = upload(client, csv_file(["县区", "立案数"], [["甲县", "1"]]), metrics="罚款").content.decode()
    assert "参与排名的指标“罚款”不在表头中；表中的指标：立案数" in html


def test_rerank_with_chosen_metrics_and_lower_is_better(client, statistician):
    client.force_login(statistician)
    upload(client, csv_file(["县区", "检查家次", "事故起数"], [["甲县", "10", "3"], ["乙县", "5", "0"]]))
    html = client.post("/reports/rank/", {"action": "rerank", "rank": ["事故起数"], "lower": ["事故起数"]},
                       follow=True).content.decode()
    assert "已按 1 项指标重新排名" in html
    rows = list(csv.reader(io.StringIO(client.get("/reports/rank/result.csv").content.decode("utf-8-sig"))))
    assert rows == [["县区", "事故起数", "事故起数排名", "事故起数得分", "总得分", "总排名"],
                    ["乙县", "0", "1", "2", "2", "1"], ["甲县", "3", "2", "1", "1", "2"]]
    html = client.post("/reports/rank/", {"action": "rerank"}, follow=True).content.decode()
    assert "请至少选择一项参与排名的指标" in html


def test_a_unit_with_zero_everywhere_is_ranked_and_flagged(client, statistician):
    client.force_login(statistician)
    html = upload(client, csv_file(["县区", "检查家次"], [["甲县", "0"], ["乙县", "0"], ["丙县", "4"]])).content.decode()
    assert "甲县：全部指标均为0，请核实是否漏报或未按时录入" in html
    rows = list(csv.reader(io.StringIO(client.get("/reports/rank/result.csv").content.decode("utf-8-sig"))))
    assert rows[2][-1] == rows[3][-1] == "2"  # 甲 and 乙 share 2nd, by the rule


@pytest.mark.parametrize("role", [Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.OFFICER, Role.STATISTICIAN,
                                  Role.READ_ONLY, Role.LEGAL_REVIEWER])
def test_reading_roles_may_rank_and_see_the_nav_link(client, make_user, role):
    client.force_login(make_user(CITY, role))
    page = client.get("/reports/rank/")
    assert page.status_code == 200 and 'href="/reports/rank/">上报表排名</a>' in page.content.decode()


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_administrators_may_not(client, make_user, role):
    client.force_login(make_user(CITY, role))
    assert client.get("/reports/rank/").status_code == 403
    assert client.get("/reports/rank/example.csv").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/reports/rank/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
