"""Seed 002 from the records: inspections, teams, documents and cases that produce the seed's figures give
exactly the seed's ranked table, headline sentence (with 同比) and comparison sentence."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType

from anjian.cases.models import PenaltyCase
from anjian.documents.models import Document
from anjian.domain.metrics import MetricError, half_year
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.regions.models import Agency
from anjian.reports.metrics_bulletin import bulletin_from_records
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
# county code, name, inspections, cases, fines (万元) — the seed's attachment table
SEED = [
    ("411726", "泌阳县", 160, 8, "11"), ("411728", "遂平县", 121, 17, "30"), ("411727", "汝南县", 140, 11, "9.5"),
    ("411729", "新蔡县", 152, 4, "2.9"), ("411723", "平舆县", 148, 4, "3.3"), ("411721", "西平县", 83, 8, "5"),
    ("411722", "上蔡县", 85, 2, "8.01"), ("411725", "确山县", 120, 2, "4"), ("411724", "正阳县", 49, 3, "2"),
    ("411702", "驿城区", 59, 1, "1"),
]
SEED_TABLE = {  # unit: (total rank, total, (rank, score) per metric)
    "泌阳县": (1, 27, [(1, 10), (3, 8), (2, 9)]), "遂平县": (2, 26, [(5, 6), (1, 10), (1, 10)]),
    "汝南县": (3, 24, [(4, 7), (2, 9), (3, 8)]), "新蔡县": (4, 18, [(2, 9), (5, 6), (8, 3)]),
    "平舆县": (4, 18, [(3, 8), (5, 6), (7, 4)]), "西平县": (6, 17, [(8, 3), (3, 8), (5, 6)]),
    "上蔡县": (7, 14, [(7, 4), (8, 3), (4, 7)]), "确山县": (8, 13, [(6, 5), (8, 3), (6, 5)]),
    "正阳县": (9, 7, [(10, 1), (7, 4), (9, 2)]), "驿城区": (10, 4, [(9, 2), (10, 1), (10, 1)]),
}
HEADLINE = ("2020年1-6月，各县区局共检查生产经营单位1117家次（同比减少40.3%），出动行政执法人员2607人次"
            "（同比减少35.2%），使用执法文书1568份（同比减少49.3%），立案60起（同比减少64.3%），"
            "处罚款76.71万元（同比减少69.30%）。")
COMPARISON = ("从执法检查数、立案数、处罚数等综合执法成效来看，执法力度大、成效突出的是泌阳县、遂平县、汝南县；"
              "力度较小、成效较差的是驿城区、正阳县、确山县。")
# 2019 H1 (last year): totals giving the seed's percentages, spread over the counties
PREVIOUS = {"inspections": 1871, "turnouts": 4023, "documents": 3093, "cases": 168, "fines_yuan": Decimal("2498700")}


def _year(year: int, per_county, turnouts: int, documents: int, fines_yuan, teams, user) -> None:
    """Records of one half-year: per_county = [(code, inspections, cases)], fines on each county's first case."""
    inspection_type = ContentType.objects.get_for_model(Inspection)
    case_type = ContentType.objects.get_for_model(PenaltyCase)
    extra_team = turnouts - 2 * sum(n for _, n, _ in per_county)
    extra_documents = documents - sum(n for _, n, _ in per_county) - sum(1 for _, _, c in per_county if c)
    for left, (code, inspections, cases) in enumerate(reversed(per_county), start=1):
        agency = Agency.objects.get(region_id=code)
        enterprise = Enterprise.objects.create(uscc=f"S{year}{code}".ljust(18, "0"), name=f"{code}单位{year}",
                                               region_id=code, industry="industry_trade")
        made = Inspection.objects.bulk_create([
            Inspection(enterprise=enterprise, agency=agency, source="annual_plan", status="closed",
                       planned_date=date(year, 1, 2) + timedelta(days=k % 170),
                       ended_at=datetime(year, 1, 2, 10, tzinfo=CST) + timedelta(days=k % 170))
            for k in range(inspections)])
        members = []
        for inspection in made:
            size = 3 if extra_team > 0 else 2
            extra_team -= size - 2
            members += [InspectionOfficer(inspection=inspection, officer=o, certificate_number=o.certificate_number)
                        for o in teams[code][:size]]
        InspectionOfficer.objects.bulk_create(members)
        docs = [Document(agency=agency, kind_id="检记", status="issued", issued_at=i.ended_at, created_by=user,
                         subject_type=inspection_type, subject_id=i.pk, enterprise=enterprise) for i in made]
        take = extra_documents // left  # spread over the counties still to come
        extra_documents -= take
        docs += [Document(agency=agency, kind_id="责改", status="issued", issued_at=made[0].ended_at,
                          created_by=user, enterprise=enterprise) for _ in range(take)]
        Document.objects.bulk_create(docs)
        for k in range(cases):
            fine = fines_yuan[code] if k == 0 else None
            case = PenaltyCase.objects.create(
                agency=agency, enterprise=enterprise, name="案件", cause="违法", source="inspection",
                party_name=enterprise.name, status="decided", filed_on=date(year, 3, 1), result="penalized",
                decided_on=date(year, 4, 1) if fine is not None else None, fine_amount=fine)
            if fine is not None:
                Document.objects.create(agency=agency, kind_id="罚", status="issued", created_by=user,
                                        issued_at=datetime(year, 4, 1, 10, tzinfo=CST), subject_type=case_type,
                                        subject_id=case.pk, enterprise=enterprise)
    assert extra_team == 0 and extra_documents == 0


@pytest.fixture
def seed_records(county_officer):
    teams = {code: [officer(code, name=f"执法{n}") for n in range(3)] for code, *_ in SEED}
    _year(2020, [(c, n, k) for c, _, n, k, _ in SEED], 2607, 1568,
          {c: Decimal(f) * 10000 for c, _, _, _, f in SEED}, teams, county_officer)
    # last year: other figures per county, with the sums the seed's percentages imply
    per_county = [(code, 187, 17) for code, *_ in SEED[:-1]]
    per_county.append((SEED[-1][0], PREVIOUS["inspections"] - 9 * 187, PREVIOUS["cases"] - 9 * 17))
    fines = {code: PREVIOUS["fines_yuan"] / 10 for code, *_ in SEED}
    _year(2019, per_county, PREVIOUS["turnouts"], PREVIOUS["documents"], fines, teams, county_officer)


def test_seed_002_comes_out_exactly_from_the_records(seed_records):
    city = Agency.objects.get(region_id="411700")
    bulletin = bulletin_from_records(city, half_year(2020, 1), issued_on=date(2020, 7, 10))
    table = bulletin.ranked
    assert table.size == 10  # 经开区 (a functional zone with no records) is not a unit
    got = {r.unit: (r.total_rank, r.total, [(x.rank, x.score) for x in r.results]) for r in table.rows}
    assert got == SEED_TABLE
    values = {r.unit: [f"{x.value.normalize():f}" for x in r.results] for r in table.rows}
    assert values == {name: [str(n), str(k), f] for _, name, n, k, f in SEED}
    assert bulletin.title == "2020年1-6月全市应急管理系统安全生产行政执法情况通报"
    assert bulletin.headline_sentence == HEADLINE
    assert bulletin.comparison_sentence == COMPARISON
    assert bulletin.total_heading == "三项执法总得分"
    assert bulletin.table_heading == "各县区1-6月安全生产监管综合执法成效统计表"
    assert bulletin.results_heading == "1-6月各县区安全生产执法检查情况"
    assert bulletin.score_note.startswith("得分说明：每一项得分满分10分，按照该项排名顺序依次递减，第一名得10分，第十名得1分")
    assert bulletin.findings == ()  # every inspection has its record, every decision its 处罚决定书


def test_a_period_with_no_records_is_refused_clearly(seed_records):
    city = Agency.objects.get(region_id="411700")
    with pytest.raises(MetricError, match="2018年1-6月本期无数据，无法生成通报"):
        bulletin_from_records(city, half_year(2018, 1))


def test_a_county_has_no_units_to_rank(db):
    with pytest.raises(MetricError, match="没有下级单位"):
        bulletin_from_records(Agency.objects.get(region_id="411726"), half_year(2020, 1))


def test_counties_with_no_inspection_are_named_as_a_problem_never_as_the_best(db):
    # Only 泌阳 inspected in 2026 H1: the nine others tie at zero — they share rank 2 on every metric, which used to
    # make them "执法力度大、成效突出" by total rank.
    enterprise = Enterprise.objects.create(uscc="S2026411726".ljust(18, "0"), name="泌阳单位", region_id="411726",
                                           industry="industry_trade")
    Inspection.objects.bulk_create([
        Inspection(enterprise=enterprise, agency=Agency.objects.get(region_id="411726"), source="annual_plan",
                   status="closed", planned_date=date(2026, 3, 2), ended_at=datetime(2026, 3, 2, 10, tzinfo=CST))
        for _ in range(3)])
    bulletin = bulletin_from_records(Agency.objects.get(region_id="411700"), half_year(2026, 1),
                                     issued_on=date(2026, 7, 10))
    assert bulletin.best == ("泌阳县",)
    idle = set(bulletin.idle)
    assert len(idle) == 9 and "驿城区" in idle and not idle & set(bulletin.best + bulletin.worst)
    sentence = bulletin.comparison_sentence
    assert "执法力度大、成效突出的是泌阳县；" in sentence and "均为零，执法工作亟待加强" in sentence
    assert {f.unit for f in bulletin.findings if f.problem == "本期无执法检查"} == idle
