"""Bulletin jobs (issue 13): the body builds the same bulletin the page shows, as its submitter (scope read again
when it runs), reports its two steps and hands back the Word / xlsx file."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.reports.examples import SEED_002_BULLETIN, SEED_002_HEADER, SEED_002_ROWS
from anjian.reports.jobs import metrics_bulletin_body, table_bulletin_body
from anjian.reports.ranking_io import input_to_json, read_ranking_rows
from tests.services.test_reports_metrics import build

pytestmark = pytest.mark.django_db


class Job:
    def __init__(self, owner):
        self.owner = owner


def test_the_records_bulletin_body_steps_and_writes_word(make_user, make_enterprise, county_officer):
    data = build(make_user, make_enterprise, county_officer)
    leader = make_user("411700", Role.STATISTICIAN)
    steps = []
    outcome = metrics_bulletin_body(Job(leader), {"agency_id": data.city.pk, "period": "2024H1", "rank": [],
                                                  "fmt": "docx"}, lambda d, t, m="": steps.append((d, t, m)))
    assert steps == [(0, 2, "正在统计"), (1, 2, "正在生成Word")]
    texts = [p.text for p in Document(io.BytesIO(outcome.content)).paragraphs]
    assert "2024年1-6月全市应急管理系统安全生产行政执法情况通报" in texts
    assert outcome.filename == "2024年1-6月全市应急管理系统安全生产行政执法情况通报.docx"
    with pytest.raises(NotFound):  # a county officer's job cannot read the city's figures
        metrics_bulletin_body(Job(county_officer), {"agency_id": data.city.pk, "period": "2024H1", "fmt": "docx"},
                              lambda *a: None)
    with pytest.raises(ServiceInvalid, match="本期无数据"):
        metrics_bulletin_body(Job(leader), {"agency_id": data.city.pk, "period": "2019H1", "fmt": "xlsx"},
                              lambda *a: None)
    with pytest.raises(ServiceDenied):
        metrics_bulletin_body(Job(make_user("411700", Role.AUDIT_ADMIN)), {"agency_id": data.city.pk,
                                                                           "period": "2024H1", "fmt": "docx"},
                              lambda *a: None)


def test_the_table_bulletin_body_writes_the_sessions_table(make_user):
    read = read_ranking_rows(SEED_002_HEADER, SEED_002_ROWS)
    params = {"input": input_to_json(read.parsed), "bulletin": dict(SEED_002_BULLETIN), "fmt": "xlsx"}
    outcome = table_bulletin_body(Job(make_user("411700", Role.STATISTICIAN)), params, lambda *a: None)
    assert [c.value for c in load_workbook(io.BytesIO(outcome.content))["排名表"][4]][:3] == [1, "泌阳县", 27]
    with pytest.raises(ServiceInvalid, match="排名表格数据无效"):
        table_bulletin_body(Job(make_user("411700", Role.STATISTICIAN)), {**params, "input": {}}, lambda *a: None)
