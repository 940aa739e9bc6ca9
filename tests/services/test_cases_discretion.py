"""Discretion benchmarks with the database: loading (idempotent, all or nothing), applying a level to a case,
switching entries off, and the fine comparison across agencies."""

import csv
import io
from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from anjian.audit.models import AuditEvent
from anjian.cases.discretion.importing import BUNDLED, discretion_import_commit, discretion_import_preview
from anjian.cases.discretion.report import ComparisonFilters, comparison_xlsx, fine_comparison
from anjian.cases.discretion.services import (
    case_discretion_set,
    discretion_entry_activate,
    discretion_entry_deactivate,
)
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.discretion_rules import BENCHMARK_COLUMNS
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db
SOURCE = "安全生产法（2021）示例基准"
FIELDS = [c.field for c in BENCHMARK_COLUMNS]


def load_bundled():
    return import_module("anjian.cases.migrations.0003_load_discretion").load(apps, None)


def entry(code: str, level: str) -> DiscretionEntry:
    return DiscretionEntry.objects.get(source=SOURCE, code=code, level=level)


def make_case(enterprise, region="411726", **fields) -> PenaltyCase:
    values = {"agency": Agency.objects.get(region_id=region), "enterprise": enterprise, "name": f"{enterprise.name}案",
              "cause": "未如实记录安全生产教育和培训情况", "source": "inspection", "party_name": enterprise.name}
    return PenaltyCase.objects.create(**{**values, **fields})


def write_csv(tmp_path, rows, name="benchmark.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def bundled_rows() -> list[dict]:
    with BUNDLED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def benchmarks():
    load_bundled()


@pytest.fixture
def reviewer(make_user):
    return make_user("411700", Role.LEGAL_REVIEWER)


# ---------------------------------------------------------------- loading

def test_the_migration_loaded_the_bundled_benchmark_and_loading_again_changes_nothing(benchmarks):
    rows = bundled_rows()
    assert DiscretionEntry.objects.filter(source=SOURCE).count() == len(rows)
    assert load_bundled() == 0
    out = io.StringIO()
    call_command("discretion_load", stdout=out)
    assert f"共 {len(rows)} 行，新增 0，更新 0，未变 {len(rows)}" in out.getvalue()
    e = entry("AQ-97-1", "严重")
    assert (e.statutory_min, e.statutory_max, e.fine_min, e.fine_max) == (100000, 200000, 100000, 200000)
    assert "第九十七条" in e.penalty_basis and e.party_kind == "unit"


def test_a_file_updates_by_source_code_and_level_and_keeps_a_deactivated_entry_off(benchmarks, tmp_path, reviewer):
    light = entry("AQ-97-4", "较轻")
    discretion_entry_deactivate(actor=reviewer, entry=light)
    row = next(r for r in bundled_rows() if r["code"] == "AQ-97-4" and r["level"] == "较轻")
    path = write_csv(tmp_path, [{**row, "conditions": "比例在5%以下的", "fine_max": "2万"}])
    preview = discretion_import_preview(actor=reviewer, path=path)
    assert preview.ok and (preview.created, preview.updated) == (0, 1)
    assert entry("AQ-97-4", "较轻").conditions == row["conditions"]  # a preview writes nothing
    report = discretion_import_commit(actor=reviewer, path=path)
    assert report.committed and report.updated_keys == ["AQ-97-4／较轻"]
    light.refresh_from_db()
    assert light.conditions == "比例在5%以下的" and light.fine_max == 20000 and light.is_active is False
    assert AuditEvent.objects.filter(verb="discretion_import").exists()


def test_one_bad_row_and_nothing_is_written(tmp_path, reviewer):
    good = {**bundled_rows()[0], "source": "某市补充基准", "code": "SJ-1"}
    bad = {**good, "level": "一般", "level_order": "2", "fine_min": "3万", "fine_max": "12万"}
    path = write_csv(tmp_path, [good, bad])
    report = discretion_import_commit(actor=reviewer, path=path)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(3, "罚款上限（元）")]
    assert report.errors[0].reason == "罚款上限12万元超过法定罚款上限5万元"
    assert not DiscretionEntry.objects.filter(source="某市补充基准").exists()
    with pytest.raises(CommandError, match="第3行 罚款上限（元）：罚款上限12万元超过法定罚款上限5万元"):
        call_command("discretion_load", str(path))


def test_an_xlsx_with_chinese_headers_is_loaded(tmp_path, reviewer):
    from anjian.common.tabular import write_xlsx

    row = {**bundled_rows()[0], "source": "某县补充基准"}
    path = tmp_path / "benchmark.xlsx"
    write_xlsx(path, [c.label for c in BENCHMARK_COLUMNS], [[row[f] for f in FIELDS]])
    report = discretion_import_commit(actor=reviewer, path=path)
    assert report.committed and report.created == 1
    assert DiscretionEntry.objects.get(source="某县补充基准").fine_max == Decimal(row["fine_max"])


def test_switching_an_entry_off_and_on_is_audited_and_twice_is_a_conflict(benchmarks, reviewer, county_officer):
    e = entry("AQ-99-1", "一般")
    discretion_entry_deactivate(actor=reviewer, entry=e)
    with pytest.raises(ServiceConflict):
        discretion_entry_deactivate(actor=reviewer, entry=e)
    with pytest.raises(ServiceDenied):
        discretion_entry_activate(actor=county_officer, entry=e)
    assert discretion_entry_activate(actor=reviewer, entry=e).is_active
    assert AuditEvent.objects.filter(verb="discretion_entry_deactivate", target_id=str(e.pk)).count() == 1


# ---------------------------------------------------------------- a case

def test_recording_discretion_on_a_case_fills_the_provisions_and_is_audited(benchmarks, county_officer,
                                                                              make_enterprise):
    case = make_case(make_enterprise(), status="investigated")
    level = entry("AQ-97-4", "一般")
    case = case_discretion_set(actor=county_officer, case=case, entry=level, proposed_fine=Decimal("45000"),
                               reasoning="未如实记录培训情况的从业人员占20%，首次被查处")
    case.refresh_from_db()
    assert case.discretion_entry == level and case.proposed_fine == Decimal("45000.00")
    assert case.violated_provision == level.legal_provision and case.penalty_provision == level.penalty_basis
    event = AuditEvent.objects.get(verb="case_discretion_set", target_id=str(case.pk))
    assert event.payload["new"]["proposed_fine"] == "45000.00"


def test_provisions_already_written_are_kept(benchmarks, county_officer, make_enterprise):
    case = make_case(make_enterprise(), violated_provision="第二十八条第一款", penalty_provision="第九十七条第三项")
    case_discretion_set(actor=county_officer, case=case, entry=entry("AQ-97-3", "较轻"), proposed_fine=Decimal(8000),
                        reasoning="比例5%")
    case.refresh_from_db()
    assert (case.violated_provision, case.penalty_provision) == ("第二十八条第一款", "第九十七条第三项")


@pytest.mark.parametrize(("fine", "reason"), [
    ("70000", "罚款70000元超过所选裁量阶次「一般」的上限60000.00元"),
    ("20000", "罚款20000元低于所选裁量阶次「一般」的下限30000.00元"),
    ("120000", "罚款120000元超过法定上限100000.00元"),
])
def test_a_fine_outside_the_ranges_is_refused_with_the_reason(benchmarks, county_officer, make_enterprise, fine,
                                                              reason):
    case = make_case(make_enterprise())
    with pytest.raises(ServiceInvalid) as exc:
        case_discretion_set(actor=county_officer, case=case, entry=entry("AQ-97-4", "一般"),
                            proposed_fine=Decimal(fine), reasoning="理由")
    assert exc.value.errors == [reason]
    case.refresh_from_db()
    assert case.discretion_entry_id is None


def test_reasoning_party_and_active_level_are_required(benchmarks, county_officer, reviewer, make_enterprise):
    case = make_case(make_enterprise())
    with pytest.raises(ServiceInvalid, match="请填写裁量理由"):
        case_discretion_set(actor=county_officer, case=case, entry=entry("AQ-97-4", "一般"),
                            proposed_fine=Decimal(40000), reasoning="  ")
    with pytest.raises(ServiceInvalid, match="所选裁量基准适用于个人，本案当事人为单位"):
        case_discretion_set(actor=county_officer, case=case, entry=entry("AQ-94", "较轻"),
                            proposed_fine=Decimal(25000), reasoning="理由")
    off = discretion_entry_deactivate(actor=reviewer, entry=entry("AQ-97-4", "较重"))
    with pytest.raises(ServiceInvalid, match="已停用"):
        case_discretion_set(actor=county_officer, case=case, entry=off, proposed_fine=Decimal(70000), reasoning="理由")


def test_a_decided_or_archived_case_and_another_county_are_refused(benchmarks, county_officer,
                                                                   other_county_officer, make_enterprise):
    level = entry("AQ-97-4", "一般")
    decided = make_case(make_enterprise(), status="decided", decided_on=date(2025, 3, 1), fine_amount=40000)
    with pytest.raises(ServiceInvalid, match="已作出决定的案件不能再调整裁量"):
        case_discretion_set(actor=county_officer, case=decided, entry=level, proposed_fine=Decimal(40000),
                            reasoning="理由")
    archived = make_case(make_enterprise(), status="archived")
    with pytest.raises(ServiceInvalid, match="已归档"):
        case_discretion_set(actor=county_officer, case=archived, entry=level, proposed_fine=Decimal(40000),
                            reasoning="理由")
    with pytest.raises(ServiceDenied):
        case_discretion_set(actor=other_county_officer, case=make_case(make_enterprise()), entry=level,
                            proposed_fine=Decimal(40000), reasoning="理由")


# ---------------------------------------------------------------- comparison across agencies

@pytest.fixture
def decided_cases(benchmarks, make_enterprise):
    """AQ-97-4 fines: 泌阳 30k, 40k, 50k (all 一般), 西平 10k (一般: outside), 60k; one 2024 case; AQ-99-1 once."""
    general = entry("AQ-97-4", "一般")

    def decided(region, fine, on=date(2025, 5, 1), level=general):
        return make_case(make_enterprise(region), region=region, status="decided", decided_on=on, fine_amount=fine,
                         discretion_entry=level, proposed_fine=fine)

    for fine in (30000, 40000, 50000):
        decided("411726", fine)
    decided("411721", 10000)
    decided("411721", 60000)
    decided("411721", 90000, on=date(2024, 6, 1))
    decided("411726", 20000, level=entry("AQ-99-1", "一般"))
    make_case(make_enterprise(), discretion_entry=general, proposed_fine=40000)  # not decided: not counted


def test_fines_for_the_same_violation_are_compared_across_agencies(decided_cases, make_user):
    city = make_user("411700", Role.STATISTICIAN)
    groups = fine_comparison(city, ComparisonFilters(year=2025))
    assert [g.code for g in groups] == ["AQ-97-4", "AQ-99-1"]
    by_agency = {s.agency_name: s for s in groups[0].agencies}
    biyang = next(s for n, s in by_agency.items() if "泌阳" in n)
    xiping = next(s for n, s in by_agency.items() if "西平" in n)
    assert (biyang.cases, biyang.low, biyang.median, biyang.mean, biyang.high, biyang.outside) == (
        3, Decimal("30000.00"), Decimal("40000.00"), Decimal("40000.00"), Decimal("50000.00"), 0)
    assert (xiping.cases, xiping.median, xiping.outside, xiping.outside_share) == (2, Decimal("35000.00"), 1, "50.0%")
    total = groups[0].total
    assert (total.cases, total.median, total.outside) == (5, Decimal("40000.00"), 1)
    assert groups[0].spread == Decimal("5000.00")
    assert len(fine_comparison(city, ComparisonFilters(year=2024, code="AQ-97-4"))[0].agencies) == 1
    assert fine_comparison(city, ComparisonFilters(code="AQ-97-4"))[0].total.cases == 6
    assert comparison_xlsx(groups)[:2] == b"PK"


def test_a_county_sees_only_its_own_cases_in_the_comparison(decided_cases, county_officer):
    groups = fine_comparison(county_officer, ComparisonFilters(year=2025, code="AQ-97-4"))
    assert len(groups[0].agencies) == 1 and groups[0].total.cases == 3 and groups[0].spread is None
