"""Enforcement metrics from the records: exact figures on a small hand-made dataset, year-on-year change,
a period with no data, and the attribution rule (county units, a city's whole system)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.documents.models import Document
from anjian.domain.metrics import METRICS, half_year
from anjian.domain.permissions import Role
from anjian.inspections.models import Hazard, Inspection, InspectionOfficer
from anjian.inspections.services import (
    inspection_approve,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.regions.models import Agency
from anjian.reports.metrics import (
    metrics_by_industry,
    metrics_for,
    metrics_table_with_yoy,
    unit_of,
    units_below,
)
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
BIYANG, XIPING, CITY = "411726", "411721", "411700"
H1 = half_year(2024, 1)


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CST)


class Data:
    """The dataset; attributes name its records (see `build`)."""


def _inspection(agency, enterprise, source, status, ended, team, *, started=None):
    inspection = Inspection.objects.create(
        enterprise=enterprise, agency=agency, source=source, status=status,
        planned_date=(ended or started).date(), started_at=started or ended, ended_at=ended,
        closed_at=ended if status == "closed" else None)
    InspectionOfficer.objects.bulk_create([InspectionOfficer(inspection=inspection, officer=o,
                                                             certificate_number=o.certificate_number) for o in team])
    return inspection


def _hazard(inspection, *, handling="deadline", deadline=None, status="rectifying", major=False, measures=(),
            rectified_at=None):
    return Hazard.objects.create(inspection=inspection, enterprise=inspection.enterprise, description="隐患",
                                 handling=handling, deadline=deadline, status=status, is_major=major,
                                 measures=list(measures), rectified_at=rectified_at)


def _document(user, agency, kind, issued, *, subject=None, enterprise=None, status="issued"):
    fields = {}
    if subject is not None:
        fields = {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
    return Document.objects.create(agency=agency, kind_id=kind, status=status, enterprise=enterprise,
                                   issued_at=issued if status != "draft" else None, created_by=user,
                                   year=issued.year, **fields)


def _case(agency, enterprise, *, filed=None, decided=None, fine=None, result="", status="decided"):
    return PenaltyCase.objects.create(agency=agency, enterprise=enterprise, name="案件", cause="违法行为",
                                      source="inspection", party_name=enterprise.name, status=status,
                                      filed_on=filed, decided_on=decided, fine_amount=fine, result=result)


def build(make_user, make_enterprise, county_officer) -> Data:
    """泌阳县 (county), 西平县 (county) and 驻马店市 (the city agency itself); 2024 H1 and 2023 H1."""
    x = Data()
    x.biyang, x.xiping, x.city = (Agency.objects.get(region_id=c) for c in (BIYANG, XIPING, CITY))
    team = [officer(BIYANG, name=n) for n in ("张一", "张二", "张三")]
    x.team = team
    x.e1 = make_enterprise(BIYANG, supervision_class="key", industry="chemical")
    x.e2 = make_enterprise(BIYANG, industry="industry_trade")
    x.e3 = make_enterprise(BIYANG, supervision_class="key", industry="chemical")  # never inspected
    x.e4 = make_enterprise(XIPING, supervision_class="key", industry="industry_trade")
    user = county_officer

    # 泌阳 2024 H1 — I1: planned, closed, team of three, four hazards
    x.i1 = _inspection(x.biyang, x.e1, "annual_plan", "closed", at(2024, 3, 10), team)
    x.h1 = _hazard(x.i1, deadline=date(2024, 4, 1), status="rectified", major=True, rectified_at=date(2024, 3, 30))
    x.h2 = _hazard(x.i1, handling="on_spot", status="corrected")  # due on the inspection day, corrected
    x.h3 = _hazard(x.i1, handling="measures", status="measures", measures=["halt"])  # no rectification record
    x.h7 = _hazard(x.i1, deadline=date(2024, 5, 1), status="rectifying")  # due, not rectified
    # documents issued in H1: 检记 and 现决 here, I2's 现场检查方案 (issued at its approval), the two 处罚决定书 below
    x.d1 = _document(user, x.biyang, "检记", at(2024, 3, 10, 16), subject=x.i1, enterprise=x.e1)
    x.d2 = _document(user, x.biyang, "现决", at(2024, 3, 10, 16), subject=x.i1, enterprise=x.e1)
    _document(user, x.biyang, "责改", at(2024, 3, 10, 16), subject=x.i1, enterprise=x.e1, status="draft")

    # I2 through the services: ended 30 June 23:30 (still June in Beijing), recorded 20 July (late entry)
    head = make_user(BIYANG, Role.DEPARTMENT_HEAD)
    with time_machine.travel(at(2024, 6, 29, 9), tick=False):
        x.i2 = inspection_plan(actor=user, enterprise=x.e2, source="complaint", planned_date=date(2024, 6, 30),
                               officer_ids=[team[0].pk, team[1].pk])
        x.i2 = inspection_approve(actor=head, inspection=x.i2)
    with time_machine.travel(at(2024, 6, 30, 21), tick=False):  # on-site times are never in the future
        x.i2 = inspection_start(actor=user, inspection=x.i2, started_at=at(2024, 6, 30, 20))
    x.h4 = _hazard(x.i2, deadline=date(2024, 7, 15))  # due in H2
    with time_machine.travel(at(2024, 7, 20, 9), tick=False):
        x.i2 = inspection_record(actor=user, inspection=x.i2, summary="检查情况", ended_at=at(2024, 6, 30, 23, 30))

    x.i3 = _inspection(x.biyang, x.e2, "random", "in_progress", None, team[:2], started=at(2024, 5, 1))
    _hazard(x.i3, deadline=date(2024, 5, 20))  # not carried out yet: counts nowhere
    x.i4 = _inspection(x.biyang, x.e2, "random", "closed", at(2024, 7, 1, 0, 30), team[:2])  # 1 July in Beijing

    # cases: two filed in H1; fines decided in H1 from three cases (12345.67 + 5000 + 10000 yuan)
    x.c1 = _case(x.biyang, x.e1, filed=date(2024, 3, 15), decided=date(2024, 5, 20), fine=Decimal("12345.67"),
                 result="penalized")
    x.c2 = _case(x.biyang, x.e2, filed=date(2024, 1, 5), decided=date(2024, 2, 1), fine=Decimal("5000.00"))
    x.c3 = _case(x.biyang, x.e1, filed=date(2023, 12, 20), decided=date(2024, 1, 10), fine=Decimal("10000.00"),
                 result="penalized")
    _case(x.biyang, x.e2, status="not_filed", result="not_filed")
    _document(user, x.biyang, "罚", at(2024, 5, 20), subject=x.c1, enterprise=x.e1)
    _document(user, x.biyang, "罚", at(2024, 1, 10), subject=x.c3, enterprise=x.e1)
    CaseTransfer.objects.create(case=x.c1, kind="public_security", receiver_name="泌阳县公安局", reason="涉嫌犯罪",
                                sent_on=date(2024, 6, 1))
    CaseTransfer.objects.create(case=x.c2, kind="agency", receiver_name="泌阳县市场监管局", reason="不属管辖",
                                sent_on=date(2024, 7, 2))

    # 泌阳 2023 H1
    x.i5 = _inspection(x.biyang, x.e1, "annual_plan", "closed", at(2023, 2, 1), team[:2])
    _hazard(x.i5, deadline=date(2023, 3, 1), status="escalated")
    _document(user, x.biyang, "检记", at(2023, 2, 1, 16), subject=x.i5, enterprise=x.e1)

    # 西平 2024 H1 and 2023 H1
    xiping_team = [officer(XIPING, name="李一"), officer(XIPING, name="李二")]
    x.i6 = _inspection(x.xiping, x.e4, "special_campaign", "closed", at(2024, 4, 1), xiping_team)
    _document(user, x.xiping, "检记", at(2024, 4, 1, 16), subject=x.i6, enterprise=x.e4)
    x.i7 = _inspection(x.xiping, x.e4, "random", "closed", at(2023, 5, 5), xiping_team)
    _document(user, x.xiping, "检记", at(2023, 5, 5, 16), subject=x.i7, enterprise=x.e4)

    # the city agency inspects an enterprise of 泌阳: counts for the city's system, for no county
    city_team = [officer(CITY, name="王一"), officer(CITY, name="王二")]
    x.i8 = _inspection(x.city, x.e1, "assignment", "closed", at(2024, 2, 2), city_team)
    _document(user, x.city, "检记", at(2024, 2, 2, 16), subject=x.i8, enterprise=x.e1)
    return x


@pytest.fixture
def data(make_user, make_enterprise, county_officer):
    return build(make_user, make_enterprise, county_officer)


def test_county_figures_are_exact(data):
    table = metrics_for([BIYANG, XIPING], H1)
    biyang = table.unit("泌阳县").values
    assert biyang == {
        "inspections": 2, "turnouts": 5, "documents": 5, "cases": 2, "fines": Decimal("2.73"),
        "hazards": 5, "major_hazards": 1, "rectification_rate": Decimal("66.7"), "hazards_per_1000": Decimal("2500.0"),
        "key_coverage": Decimal("50.0"), "planned_inspections": 1, "triggered_inspections": 1,
        "planned_share": Decimal("50.0"), "measure_hazards": 1, "measure_decisions": 1, "transfers": 1,
        "criminal_transfers": 1,
    }
    xiping = table.unit("西平县").values
    assert (xiping["inspections"], xiping["turnouts"], xiping["documents"], xiping["cases"]) == (1, 2, 1, 0)
    assert xiping["rectification_rate"] is None  # nothing due: no rate, never a made-up 0 or 100%
    assert (xiping["key_coverage"], xiping["planned_share"], xiping["fines"]) == (Decimal("100.0"), Decimal("0.0"), 0)


def test_the_total_is_derived_from_summed_counters(data):
    table = metrics_for([BIYANG, XIPING], H1)
    total = table.total.values
    assert (total["inspections"], total["turnouts"], total["documents"]) == (3, 7, 6)
    assert total["key_coverage"] == Decimal("66.7")  # 2 of 3 key enterprises, not the mean of 50% and 100%
    assert total["planned_share"] == Decimal("33.3")


def test_fines_are_ten_thousand_yuan_with_two_decimals(data):
    assert METRICS["fines"].unit == "万元"
    table = metrics_for([BIYANG], half_year(2024, 1), metrics=["fines"])
    assert table.rows()[0][1] == [("2.73", "")]  # 27345.67 yuan, printed with two decimals


def test_data_quality_counters(data):
    counters = metrics_for([BIYANG], H1).unit("泌阳县").counters
    assert {k: counters[k] for k in ("q_no_rectification", "q_missing_record", "q_late_entry",
                                     "q_no_penalty_document")} == {
        "q_no_rectification": 1,  # I1: a hazard under measures with no deadline
        "q_missing_record": 1,  # I2: its 现场检查记录 is only a draft
        "q_late_entry": 1,  # I2: recorded 20 days after it ended
        "q_no_penalty_document": 1,  # C2: decided with no 处罚决定书
    }


def test_year_on_year(data):
    table = metrics_table_with_yoy([BIYANG, XIPING], H1)
    assert table.previous_period == half_year(2023, 1)
    biyang = table.unit("泌阳县")
    before = biyang.previous_values
    assert (before["inspections"], before["turnouts"], before["documents"], before["hazards"]) == (1, 2, 1, 1)
    assert before["rectification_rate"] == Decimal("0.0")  # the escalated hazard was due and is not rectified
    assert biyang.change(METRICS["inspections"]).text == "同比增加100.0%"
    assert biyang.change(METRICS["rectification_rate"]).text == "同比提高66.7个百分点"
    assert biyang.change(METRICS["cases"]).text == "上年同期为0，无法计算同比增幅"
    assert biyang.change(METRICS["fines"]).text == "上年同期为0，无法计算同比增幅"
    xiping = table.unit("西平县")
    assert xiping.change(METRICS["inspections"]).text == "同比持平"
    assert xiping.change(METRICS["planned_share"]).text == "同比下降100.0个百分点"


def test_a_period_with_no_data_says_so(data):
    table = metrics_table_with_yoy([BIYANG, XIPING], half_year(2019, 1))
    assert not table.has_data
    assert table.empty_message == "2019年1-6月本期无数据"
    assert table.unit("泌阳县").values["inspections"] == 0
    assert table.unit("泌阳县").values["rectification_rate"] is None
    assert metrics_for([BIYANG], H1).empty_message == ""


def test_the_city_agency_counts_for_the_city_system_not_for_a_county(data):
    city = metrics_for([CITY], H1, metrics=["inspections", "turnouts", "key_coverage"]).unit("驻马店市").values
    assert city["inspections"] == 2 + 1 + 1  # 泌阳, 西平 and the city's own
    assert city["turnouts"] == 5 + 2 + 2
    counties = metrics_for(units_below(data.city), H1, metrics=["inspections"])
    assert counties.total.values["inspections"] == 3
    assert [u.unit for u in counties.units][:3] == ["驿城区", "西平县", "上蔡县"]
    assert unit_of(data.biyang).name == "泌阳县"


def test_by_industry(data):
    table = metrics_by_industry([BIYANG], H1)
    rows = {u.unit: u.values for u in table.units}
    assert set(rows) == {"化工", "工贸"}
    assert (rows["化工"]["inspections"], rows["化工"]["documents"], rows["化工"]["hazards"]) == (1, 4, 4)
    assert (rows["工贸"]["inspections"], rows["工贸"]["hazards"], rows["工贸"]["cases"]) == (1, 1, 1)
    assert rows["化工"]["key_coverage"] == Decimal("50.0")
    only = metrics_for([BIYANG], H1, industry="chemical").unit("泌阳县").values
    assert (only["inspections"], only["cases"], only["fines"]) == (1, 1, Decimal("2.23"))


def test_rollup_equals_the_bare_aggregation_of_the_records(data):
    for period in (H1, half_year(2023, 1), half_year(2024, 2)):
        units = [BIYANG, XIPING, CITY]
        rolled = metrics_table_with_yoy(units, period)
        bare = metrics_table_with_yoy(units, period, source="records")
        assert [dict(u.counters) for u in rolled.units] == [dict(u.counters) for u in bare.units]
        assert [dict(u.previous_counters) for u in rolled.units] == [dict(u.previous_counters) for u in bare.units]
    assert ([u.counters for u in metrics_by_industry([CITY], H1).units]
            == [u.counters for u in metrics_by_industry([CITY], H1, source="records").units])
