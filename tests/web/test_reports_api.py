"""POST /api/v1/reports/rank (JSON) and /rank/file (upload) → the ranked table; bad tables → 422 with detail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.domain.permissions import Role
from anjian.reports.examples import SEED_002_HEADER, SEED_002_ROWS, seed_002_csv
from tests.domain.test_ranking_seed002 import SEED_TABLE

CITY = "411700"


@pytest.fixture
def officer(make_user, client):
    user = make_user(CITY, Role.OFFICER)
    client.force_login(user)
    return user


def post(client, body):
    return client.post("/api/v1/reports/rank", body, content_type="application/json")


def flat(row) -> list[str]:
    out = [str(row["total_rank"]), row["unit"], str(row["total"])]
    for r in row["results"]:
        out += [r["value"], str(r["rank"]), str(r["score"])]
    return out


def test_json_table_is_ranked_exactly_like_the_seed(client, officer):
    rows = [[r[0], int(r[1]), int(r[2]), float(r[3])] for r in SEED_002_ROWS]  # numbers as JSON numbers
    response = post(client, {"header": SEED_002_HEADER, "rows": rows})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [flat(r) for r in body["rows"]] == [line.split("\t") for line in SEED_TABLE.splitlines()]
    assert body["best"] == ["泌阳县", "遂平县", "汝南县"] and body["worst"] == ["驿城区", "正阳县", "确山县"]
    assert body["unit_label"] == "县区" and body["score_note"].endswith("第十名得1分")


def test_metric_choice_and_direction(client, officer):
    response = post(client, {"header": ["县区", "检查", "事故"], "rows": [["甲", 5, 2], ["乙", 5, 0]],
                             "metrics": ["事故"], "lower_better": ["事故"]})
    body = response.json()
    assert body["metrics"] == [{"name": "事故", "higher_is_better": False}]
    assert [(r["unit"], r["total_rank"]) for r in body["rows"]] == [("乙", 1), ("甲", 2)]


def test_bad_table_answers_422_with_row_and_column(client, officer):
    response = post(client, {"header": ["县区", "立案数"], "rows": [["甲县", None], ["甲县", "x"]]})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_table" and body["message"].startswith("表格有 3 处错误，未排名")
    assert body["detail"] == [
        {"row": 2, "column": "立案数（B列）", "reason": "未填写数值（没有发生的请填 0）"},
        {"row": 3, "column": "县区（A列）", "reason": "单位“甲县”与第2行重复，每个单位只能有一行"},
        {"row": 3, "column": "立案数（B列）", "reason": "“x”不是数字（没有发生的请填 0）"},
    ]
    response = post(client, {"header": ["县区", "立案数"], "rows": [], "metrics": ["罚款"]})
    assert response.status_code == 422 and "参与排名的指标“罚款”不在表头中" in str(response.json()["detail"])


def test_file_upload(client, officer):
    file = SimpleUploadedFile("t.csv", seed_002_csv().encode("utf-8"))
    response = client.post("/api/v1/reports/rank/file", {"file": file, "metrics": "立案数"})
    assert response.status_code == 200
    assert [(r["unit"], r["total_rank"]) for r in response.json()["rows"]][:3] == [
        ("遂平县", 1), ("汝南县", 2), ("泌阳县", 3)]
    response = client.post("/api/v1/reports/rank/file", {"file": SimpleUploadedFile("t.csv", b"")})
    assert response.status_code == 422 and "文件是空的" in response.json()["message"]


def test_capability_is_required(client, make_user):
    assert post(client, {"header": ["县区", "立案数"], "rows": [["甲", 1]]}).status_code == 401
    client.force_login(make_user(CITY, Role.SECURITY_ADMIN))
    response = post(client, {"header": ["县区", "立案数"], "rows": [["甲", 1]]})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
