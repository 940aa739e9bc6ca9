"""The roll-up stays exact when records change: every change shows in the next figure read, on both
databases, and agrees with the bare aggregation of the records. Data-quality findings and their records."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from anjian.cases.models import CaseTransfer
from anjian.domain.metrics import half_year
from anjian.inspections.models import Hazard, InspectionOfficer
from anjian.inspections.services import inspection_record
from anjian.reports.metrics import metrics_by_industry, metrics_for, metrics_table_with_yoy
from anjian.reports.metrics_quality import quality_examples, quality_findings
from anjian.reports.models import RollupDirty
from anjian.reports.rollup import dialect, rollup_refresh, rollup_reset_checks, triggers_missing
from anjian.reports.rollup_sql import uninstall_statements
from tests.services.test_reports_metrics import BIYANG, CITY, XIPING, at, build

pytestmark = pytest.mark.django_db
H1 = half_year(2024, 1)


@pytest.fixture
def data(make_user, make_enterprise, county_officer):
    return build(make_user, make_enterprise, county_officer)


def biyang(**kwargs):
    return metrics_for([BIYANG], H1, **kwargs).unit("泌阳县").values


def assert_rollup_matches_records():
    for units in ([BIYANG, XIPING], [CITY]):
        rolled = metrics_table_with_yoy(units, H1)
        bare = metrics_table_with_yoy(units, H1, source="records")
        assert [dict(u.counters) for u in rolled.units] == [dict(u.counters) for u in bare.units]
        assert [dict(u.previous_counters) for u in rolled.units] == [dict(u.previous_counters) for u in bare.units]


def test_a_hazard_rectified_raises_the_rate(data):
    assert biyang()["rectification_rate"] == Decimal("66.7")
    data.h7.status, data.h7.rectified_at = "rectified", date(2024, 4, 20)
    data.h7.save()
    assert biyang()["rectification_rate"] == Decimal("100.0")
    assert_rollup_matches_records()


def test_a_deleted_hazard_and_a_new_major_one(data):
    data.h3.delete()
    figures = biyang()
    assert (figures["hazards"], figures["measure_hazards"]) == (4, 0)
    Hazard.objects.create(inspection=data.i2, enterprise=data.e2, description="新隐患", handling="on_spot",
                          status="corrected", is_major=True)
    figures = biyang()
    assert (figures["hazards"], figures["major_hazards"], figures["rectification_rate"]) == (5, 2, Decimal("75.0"))
    assert metrics_for([BIYANG], H1).unit("泌阳县").counters["q_no_rectification"] == 0
    assert_rollup_matches_records()


def test_team_documents_cases_and_transfers_follow_their_records(data):
    InspectionOfficer.objects.create(inspection=data.i2, officer=data.team[2],
                                     certificate_number=data.team[2].certificate_number)
    assert biyang()["turnouts"] == 6
    data.d2.status, data.d2.void_reason, data.d2.voided_at = "voided", "内容有误", timezone.now()
    data.d2.save()
    figures = biyang()
    assert (figures["documents"], figures["measure_decisions"]) == (4, 0)  # 检记, I2's 现场检查方案, two 罚
    data.c1.decided_on = date(2024, 7, 3)
    data.c1.save()
    assert biyang()["fines"] == Decimal("1.50")
    CaseTransfer.objects.filter(case=data.c1).delete()
    assert biyang()["transfers"] == 0
    assert_rollup_matches_records()


def test_an_enterprise_changing_industry_moves_its_figures(data):
    before = {u.unit: u.values["inspections"] for u in metrics_by_industry([BIYANG], H1).units}
    assert before == {"化工": 1, "工贸": 1}
    data.e2.industry = "chemical"
    data.e2.save()
    after = {u.unit: u.values for u in metrics_by_industry([BIYANG], H1).units}
    assert list(after) == ["化工"]
    assert (after["化工"]["inspections"], after["化工"]["cases"]) == (2, 2)
    assert ([u.counters for u in metrics_by_industry([BIYANG], H1).units]
            == [u.counters for u in metrics_by_industry([BIYANG], H1, source="records").units])


def test_an_inspection_recorded_through_the_service_counts_at_once(data, county_officer):
    assert biyang()["inspections"] == 2
    inspection_record(actor=county_officer, inspection=data.i3, summary="检查情况", ended_at=at(2024, 5, 2))
    figures = biyang()
    assert (figures["inspections"], figures["turnouts"], figures["hazards"]) == (3, 7, 6)
    assert not RollupDirty.objects.exists()  # the read refreshed every key the change marked
    assert_rollup_matches_records()


def test_a_change_moving_an_inspection_between_periods(data):
    data.i1.ended_at = at(2023, 6, 30, 23)
    data.i1.save()
    assert biyang()["inspections"] == 1
    previous = metrics_table_with_yoy([BIYANG], H1).unit("泌阳县").previous_values
    assert previous["inspections"] == 2
    assert_rollup_matches_records()


def test_missing_triggers_are_reinstalled_and_the_rollup_rebuilt(data):
    """SQLite drops a table's triggers when a migration rebuilds the table: the next read repairs it."""
    assert biyang()["inspections"] == 2
    with connection.cursor() as cur:
        for statement in uninstall_statements(dialect()):
            cur.execute(statement)
    rollup_reset_checks()
    data.h7.status = "rectified"
    data.h7.save()  # no trigger: nothing marked
    assert triggers_missing()
    assert biyang()["rectification_rate"] == Decimal("100.0")
    assert triggers_missing() == []
    assert_rollup_matches_records()


def test_quality_findings_and_their_records(data, settings):
    findings = quality_findings([BIYANG, XIPING], H1)
    assert [(f.unit, f.key, f.count) for f in findings] == [
        ("泌阳县", "q_no_rectification", 1), ("泌阳县", "q_missing_record", 1),
        ("泌阳县", "q_late_entry", 1), ("泌阳县", "q_no_penalty_document", 1)]
    assert findings[2].as_finding().text == "泌阳县：检查结束超过7日才录入检查记录，录入数据不及时（1条）"
    assert [i.pk for i in quality_examples(BIYANG, H1, "q_no_rectification")] == [data.i1.pk]
    assert [i.pk for i in quality_examples(BIYANG, H1, "q_missing_record")] == [data.i2.pk]
    assert [i.pk for i in quality_examples(BIYANG, H1, "q_late_entry")] == [data.i2.pk]
    assert [c.pk for c in quality_examples(BIYANG, H1, "q_no_penalty_document")] == [data.c2.pk]
    # the limit is configurable: 30 days is not late; the argument and the setting agree
    assert [f.key for f in quality_findings([BIYANG], H1, late_entry_days=30)] == [
        "q_no_rectification", "q_missing_record", "q_no_penalty_document"]
    assert quality_examples(BIYANG, H1, "q_late_entry", late_entry_days=30) == []
    settings.ANJIAN_LATE_ENTRY_DAYS = 30
    assert metrics_for([BIYANG], H1).unit("泌阳县").counters["q_late_entry"] == 0  # rebuilt with the new limit


def test_refresh_is_cheap_when_nothing_changed(data, django_assert_max_num_queries):
    rollup_refresh()
    with django_assert_max_num_queries(3):
        assert rollup_refresh() == 0


def test_the_cron_command_refreshes_and_checks(data, capsys):
    from django.core.management import call_command

    data.h7.status = "rectified"
    data.h7.save()
    call_command("reports_rollup", "--check")
    out = capsys.readouterr().out
    assert "已重算" in out and "核对一致" in out
    call_command("reports_rollup", "--rebuild")
    assert biyang()["rectification_rate"] == Decimal("100.0")
