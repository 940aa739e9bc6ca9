from datetime import date, timedelta
from decimal import Decimal

import pytest

from anjian.campaigns.models import Campaign, CampaignPairing
from anjian.campaigns.selectors import arrangement_rows, arrangement_table, deadlines_of, round_problems
from anjian.campaigns.services import campaign_create, campaign_group_add, campaign_round_add
from anjian.campaigns.services_load import DATA_DIR, campaign_load
from anjian.campaigns.services_pairing import (
    campaign_pairings_generate,
    campaign_round_assign,
    campaign_team_form,
)
from anjian.campaigns.statistics import COLUMNS, statistics_rows
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.inspections.services import inspection_approve, inspection_start
from anjian.inspections.services_hazards import hazard_add
from anjian.officers.models import Expert
from anjian.supervision import services_handover as handover
from anjian.supervision.services import cross_region_inspection_plan
from tests.services.inspection_helpers import officer
from tests.services.supervision_helpers import HOME, TODAY, VISITING, agency, record_directly, world

R1, R2 = "第一轮次 (5月1日-6月30日)", "第二轮次 (8月1日-9月30日)"
IN_CITY = "其他市级单位以市为单元组织所辖县区开展异地执法检查"
DEMO = "省厅抽调市县执法骨干力量组成执法检查小组开展示范式执法"

# Seed 000 attachment 1 (异地执法检查统一安排表), one line per group within a cell.
SEED_TABLE = [
    (R1, "局域式异地执法", "安阳检查鹤壁、鹤壁检查濮阳、濮阳检查安阳\n新乡检查焦作、焦作检查济源、济源检查新乡"),
    (R1, "互查式异地执法", "南阳检查信阳、信阳检查南阳\n驻马店检查周口、周口检查驻马店"),
    (R1, "单元式异地执法", IN_CITY),
    (R1, "示范式异地执法", DEMO),
    (R2, "局域式异地执法", "平顶山检查许昌、许昌检查漯河、漯河检查平顶山\n洛阳检查三门峡、三门峡检查郑州、郑州检查洛阳"),
    (R2, "互查式异地执法", "开封检查商丘、商丘检查开封"),
    (R2, "单元式异地执法", IN_CITY),
    (R2, "示范式异地执法", DEMO),
]
SEED_PAIRS = [
    ("第一轮次", "局域式", 1, "安阳", "鹤壁"), ("第一轮次", "局域式", 1, "鹤壁", "濮阳"),
    ("第一轮次", "局域式", 1, "濮阳", "安阳"), ("第一轮次", "局域式", 2, "新乡", "焦作"),
    ("第一轮次", "局域式", 2, "焦作", "济源"), ("第一轮次", "局域式", 2, "济源", "新乡"),
    ("第一轮次", "互查式", 3, "南阳", "信阳"), ("第一轮次", "互查式", 3, "信阳", "南阳"),
    ("第一轮次", "互查式", 4, "驻马店", "周口"), ("第一轮次", "互查式", 4, "周口", "驻马店"),
    ("第二轮次", "局域式", 1, "平顶山", "许昌"), ("第二轮次", "局域式", 1, "许昌", "漯河"),
    ("第二轮次", "局域式", 1, "漯河", "平顶山"), ("第二轮次", "局域式", 2, "洛阳", "三门峡"),
    ("第二轮次", "局域式", 2, "三门峡", "郑州"), ("第二轮次", "局域式", 2, "郑州", "洛阳"),
    ("第二轮次", "互查式", 3, "开封", "商丘"), ("第二轮次", "互查式", 3, "商丘", "开封"),
]


@pytest.fixture
def province_head(make_user):
    return make_user("410000", Role.DEPARTMENT_HEAD)


@pytest.fixture
def campaign_2023(db):
    return campaign_load(actor=None, path=DATA_DIR / "henan_2023.json")


def test_2023_arrangement_table_reproduces_seed_attachment_1(campaign_2023):
    assert arrangement_table(campaign_2023) == SEED_TABLE
    assert arrangement_rows(campaign_2023) == SEED_PAIRS
    assert campaign_2023.document_reference == "豫应急办〔2023〕41号"


def test_loading_again_is_idempotent(campaign_2023):
    ids = sorted(CampaignPairing.objects.values_list("pk", flat=True))
    again = campaign_load(actor=None, path=DATA_DIR / "henan_2023.json")
    assert again.pk == campaign_2023.pk and Campaign.objects.count() == 1
    assert sorted(CampaignPairing.objects.values_list("pk", flat=True)) == ids


def test_deadlines_5_5_8_5_6_30_9_30(campaign_2023):
    rows = deadlines_of(campaign_2023, date(2023, 6, 28))
    assert [(r["date"], r["status"]) for r in rows] == [
        (date(2023, 5, 5), "overdue"), (date(2023, 6, 30), "due"), (date(2023, 8, 5), "upcoming"),
        (date(2023, 9, 30), "upcoming")]


@pytest.fixture
def rnd(province_head):
    campaign = campaign_create(actor=province_head, organiser=agency("410000"), year=2024, title="测试异地执法")
    return campaign_round_add(actor=province_head, campaign=campaign, number=1, name="第一轮次",
                              date_from=TODAY - timedelta(days=5), date_to=TODAY + timedelta(days=30))


def test_empty_group_unit_in_two_groups_and_self_inspection_refused(province_head, rnd):
    with pytest.raises(ServiceInvalid, match="为空"):
        campaign_group_add(actor=province_head, round=rnd, mode="ring", members=[])
    campaign_group_add(actor=province_head, round=rnd, mode="ring",
                       members=[agency("410500"), agency("410600"), agency("410900")])
    with pytest.raises(ServiceInvalid, match="鹤壁同时在本轮次第1组和第2组中"):
        campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency("410600"), agency("411300")])
    with pytest.raises(ServiceInvalid, match="会检查自己"):
        campaign_group_add(actor=province_head, round=rnd, mode="ring", members=[agency("411300")])
    with pytest.raises(ServiceInvalid, match="南阳重复出现"):
        campaign_group_add(actor=province_head, round=rnd, mode="ring", members=[agency("411300"), agency("411300")])
    with pytest.raises(ServiceInvalid, match="须恰好由两个单位组成"):
        campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency("411300")] * 1)
    assert rnd.groups.count() == 1


def test_a_county_head_cannot_arrange_the_provincial_campaign(make_user, rnd):
    with pytest.raises(ServiceDenied):
        campaign_group_add(actor=make_user(HOME, Role.DEPARTMENT_HEAD), round=rnd, mode="mutual",
                           members=[agency(VISITING), agency(HOME)])


def _pairing(rnd, visiting, home):
    return rnd.pairings.get(inspecting_agency__region_id=visiting, inspected_agency__region_id=home)


def test_pairings_create_supervision_assignments_and_warn_below_12(province_head, rnd, make_enterprise):
    campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency(VISITING), agency(HOME)])
    campaign_group_add(actor=province_head, round=rnd, mode="demonstration", members=[agency("411300")])
    campaign_pairings_generate(actor=province_head, round=rnd)
    first = sorted(rnd.pairings.values_list("pk", flat=True))
    campaign_pairings_generate(actor=province_head, round=rnd)
    assert sorted(rnd.pairings.values_list("pk", flat=True)) == first
    home_side = _pairing(rnd, VISITING, HOME)
    demo = _pairing(rnd, "410000", "411300")
    warnings = campaign_round_assign(actor=province_head, round=rnd, enterprises={
        home_side.pk: [make_enterprise(HOME) for _ in range(11)],
        demo.pk: [make_enterprise("411302") for _ in range(10)]})
    assert warnings == ["扶沟县检查泌阳县：互查式异地执法检查每轮次检查企业数不少于12家，现为11家"]
    home_side.refresh_from_db()
    a = home_side.assignment
    assert (a.visiting_agency.region_id, a.home_agency.region_id, a.mode, a.enterprises.count()) == (
        VISITING, HOME, "mutual", 11)
    assert a.period_from == rnd.date_from and a.round_label == "2024年第一轮次"
    assert _pairing(rnd, HOME, VISITING).assignment is None  # no enterprises chosen yet
    assert any("不少于12家" in p for p in round_problems(rnd))


def test_team_needs_two_valid_officers_of_the_inspecting_agency(province_head, rnd):
    campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency(VISITING), agency(HOME)])
    campaign_pairings_generate(actor=province_head, round=rnd)
    pairing = _pairing(rnd, VISITING, HOME)
    own = [officer(VISITING, name="周一"), officer(VISITING, name="周二")]
    foreign = officer(HOME, name="属地甲")
    with pytest.raises(ServiceInvalid) as exc:
        campaign_team_form(actor=province_head, pairing=pairing, officer_ids=[own[0].pk, foreign.pk], expert_ids=[],
                           today=TODAY)
    with pytest.raises(ServiceInvalid) as unknown:
        campaign_team_form(actor=province_head, pairing=pairing, officer_ids=[own[0].pk, foreign.pk + 1000],
                           expert_ids=[], today=TODAY)
    assert exc.value.errors == unknown.value.errors == ["执法人员不存在或不可选"]  # never named, whoever they are
    with pytest.raises(ServiceInvalid, match="不少于2人"):
        campaign_team_form(actor=province_head, pairing=pairing, officer_ids=[own[0].pk], expert_ids=[], today=TODAY)
    campaign_team_form(actor=province_head, pairing=pairing, officer_ids=[o.pk for o in own], expert_ids=[],
                       today=TODAY)
    assert set(pairing.officers.values_list("name", flat=True)) == {"周一", "周二"}


def test_statistics_count_inspections_hazards_and_handover_items(province_head, rnd, make_user, make_enterprise):
    campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency(VISITING), agency(HOME)])
    campaign_pairings_generate(actor=province_head, round=rnd)
    pairing = _pairing(rnd, VISITING, HOME)
    w = world(make_user, make_enterprise)
    campaign_round_assign(actor=province_head, round=rnd, enterprises={pairing.pk: [w["assigned"]]})
    pairing.refresh_from_db()
    expert = Expert.objects.create(name="王专家", region_id="410000")
    campaign_team_form(actor=province_head, pairing=pairing, officer_ids=[o.pk for o in w["team"]],
                       expert_ids=[expert.pk], today=TODAY)
    w["assignment"] = pairing.assignment
    inspection = cross_region_inspection_plan(actor=w["visitor"], assignment=w["assignment"], enterprise=w["assigned"],
                                              planned_date=TODAY, officer_ids=[o.pk for o in w["team"]], today=TODAY)
    inspection = inspection_approve(actor=w["visiting_leader"], inspection=inspection, opinion="同意")
    inspection = inspection_start(actor=w["visitor"], inspection=inspection, place="厂区")
    hazard_add(actor=w["visitor"], inspection=inspection, description="消防通道堵塞", handling="deadline",
               deadline=TODAY + timedelta(days=10), legal_basis="《安全生产法》第四十一条")
    hazard_add(actor=w["visitor"], inspection=inspection, description="重大危险源未监控", handling="measures",
               measures=["suspend_operations"], is_major=True, legal_basis="《安全生产法》第四十一条")
    inspection = record_directly(inspection)
    form = handover.handover_form_generate(actor=w["visitor"], inspection=inspection)
    form = handover.handover_form_send(actor=w["visitor"], form=form)
    form = handover.handover_form_acknowledge(actor=w["home_head"], form=form,
                                              officer_ids=[o.pk for o in w["home_team"]], today=TODAY)
    item = form.items.order_by("id").first()
    handover.handover_item_act(actor=w["home_head"], item=item, action="penalty_case", today=TODAY)
    assert COLUMNS[5:] == ["检查企业（家）", "出动执法人员（人次）", "检查组专家（人）", "发现问题隐患（项）",
                           "其中重大事故隐患（项）", "已整改（项）", "采取现场处理措施（项）", "其中责令停产停业（家）",
                           "移交问题（项）", "移交立案处罚（项）", "立案处罚（起）", "罚款金额（万元）"]
    # 1 enterprise, 2 officers, 1 expert; 2 hazards, 1 major, 0 rectified, 1 with on-site measures (停产停业);
    # 2 handed over, 1 to be penalised; no case filed yet.
    figures = [1, 2, 1, 2, 1, 0, 1, 1, 2, 1, 0, 0]
    rows = statistics_rows(rnd.campaign)
    row = next(r for r in rows if r[3] == "扶沟县")
    assert row[1:] == ["第一轮次", "互查式", "扶沟县", "泌阳县", *figures]
    assert rows[-1][0] == "合计" and rows[-1][5:] == figures
    # 附件3 as the home county fills it in: it inspected nothing in this round
    home_rows = statistics_rows(rnd.campaign, unit=agency(HOME))
    assert [r[3] for r in home_rows] == ["泌阳县", ""] and home_rows[-1][5:] == [0] * 12
    visiting_rows = statistics_rows(rnd.campaign, unit=agency(VISITING))
    assert len(visiting_rows) == 2 and visiting_rows[0][5:] == figures
    # 属地办案: the home agency files a case from the handover form and fines 35,000 yuan → 1 case, 3.50 万元
    PenaltyCase.objects.create(agency=agency(HOME), enterprise=w["assigned"], handover=form, name="消防通道堵塞案",
                               cause="消防通道堵塞", source="handover", party_name=w["assigned"].name,
                               status="executing", result="penalized", fine_amount=Decimal("35000"))
    PenaltyCase.objects.create(agency=agency(HOME), enterprise=w["assigned"], handover=form, name="未立案",
                               cause="x", source="handover", party_name=w["assigned"].name, status="not_filed")
    row = next(r for r in statistics_rows(rnd.campaign) if r[3] == "扶沟县")
    assert row[-2:] == [1, Decimal("3.50")]


def test_a_pairing_is_issued_before_its_enterprises_are_chosen(province_head, rnd, make_user, make_enterprise):
    from anjian.supervision.services import assignment_enterprises_add

    campaign_group_add(actor=province_head, round=rnd, mode="mutual", members=[agency(VISITING), agency(HOME)])
    campaign_pairings_generate(actor=province_head, round=rnd)
    pairing = _pairing(rnd, VISITING, HOME)
    warnings = campaign_round_assign(actor=province_head, round=rnd, enterprises={pairing.pk: []})
    pairing.refresh_from_db()
    assert pairing.assignment is not None and pairing.assignment.enterprises.count() == 0
    assert "现为0家" in warnings[0]
    # The home agency then picks its enterprises; one outside its region is refused.
    home_head = make_user(HOME, Role.DEPARTMENT_HEAD)
    assignment_enterprises_add(actor=home_head, assignment=pairing.assignment,
                               enterprises=[make_enterprise(HOME) for _ in range(12)])
    assert pairing.assignment.enterprises.count() == 12
    with pytest.raises(ServiceInvalid, match="属地机关辖区"):
        assignment_enterprises_add(actor=home_head, assignment=pairing.assignment,
                                   enterprises=[make_enterprise(VISITING)])
    with pytest.raises(ServiceDenied):
        assignment_enterprises_add(actor=make_user(VISITING, Role.DEPARTMENT_HEAD), assignment=pairing.assignment,
                                   enterprises=[make_enterprise(HOME)])
