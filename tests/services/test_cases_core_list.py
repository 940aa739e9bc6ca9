"""Case reads: the list with next deadlines and the 90-day flag (a fixed number of queries per page), scope,
where a new case starts from, the timeline — and an archived case that never changes."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from anjian.cases.core import origins
from anjian.cases.core import selectors as sel
from anjian.cases.core.selectors import CaseFilters, case_get_for
from anjian.cases.core.services_investigation import case_extension_approve, case_investigation_add
from anjian.cases.core.transitions import case_update
from anjian.cases.models import CaseInvestigation, PenaltyCase
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.domain.case_process import ARCHIVED_FROZEN
from anjian.domain.permissions import Role
from tests.services.case_helpers import HOME, OTHER, TODAY, bring, propose, stub_pdf, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _rows(user, **filters):
    qs = sel.case_list_rows_qs(user, CaseFilters(**filters) if filters else None, TODAY)
    return sel.case_rows(list(qs), TODAY)


def test_each_row_carries_its_next_deadline_and_the_ninety_day_flag(w):
    old = bring(w, "investigating", start=TODAY - timedelta(days=120))
    fresh = bring(w, "investigating", start=TODAY - timedelta(days=10))
    rows = {r.case.pk: r for r in _rows(w["reader"])}
    assert rows[old.pk].undecided_too_long and not rows[fresh.pk].undecided_too_long
    assert rows[old.pk].next.deadline.key == "decision" and rows[old.pk].next.state == "overdue"
    assert rows[fresh.pk].next.deadline.due == fresh.filed_on + timedelta(days=90)
    assert rows[fresh.pk].next.state == "open" and rows[fresh.pk].next.state_label == "未到期"


def test_the_overdue_filter_counts_each_cases_extensions_in_sql(w):
    late = bring(w, "investigating", start=TODAY - timedelta(days=100))
    extended = bring(w, "investigating", start=TODAY - timedelta(days=100))
    case_extension_approve(actor=w["head"], case=extended, days=30, reason="补充鉴定")
    bring(w, "investigating", start=TODAY - timedelta(days=30))
    decided = bring(w, "decided", start=TODAY - timedelta(days=100))
    ids = [r.case.pk for r in _rows(w["reader"], overdue=True)]
    assert ids == [late.pk]
    assert decided.pk not in ids


def test_the_list_costs_the_same_number_of_queries_for_two_or_ten_cases(w):
    for _ in range(2):
        bring(w, "investigating")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            rows = _rows(w["reader"])
            [r.next for r in rows]
        return len(ctx.captured_queries), len(rows)

    count()  # the user's grants are loaded once per request
    few, n = count()
    assert n == 2
    for _ in range(8):
        bring(w, "notified")
    case_investigation_add(actor=w["head"], case=bring(w, "investigating"), kind="preservation",
                           occurred_on=TODAY - timedelta(days=50), summary="物品")
    many, n = count()
    assert n == 11 and many == few


def test_list_filters(w):
    a = bring(w, "investigating")
    b = propose(w, source="complaint", source_note="群众电话举报", cause="非法储存危险化学品")
    assert [r.case.pk for r in _rows(w["reader"], source="complaint")] == [b.pk]
    assert [r.case.pk for r in _rows(w["reader"], status="investigating")] == [a.pk]
    assert [r.case.pk for r in _rows(w["reader"], q="非法储存")] == [b.pk]
    assert [r.case.pk for r in _rows(w["reader"], year=a.filed_on.year)] == [a.pk]


def test_another_county_neither_sees_nor_changes_the_case(w, make_user):
    case = bring(w, "investigating")
    stranger = make_user(OTHER, Role.DEPARTMENT_HEAD)
    assert _rows(stranger) == []
    with pytest.raises(NotFound):
        case_get_for(stranger, case.pk)
    with pytest.raises(ServiceDenied):
        case_investigation_add(actor=make_user(OTHER, Role.OFFICER), case=case, kind="inquiry", occurred_on=TODAY,
                               summary="x")
    city = make_user("411700", Role.READ_ONLY)
    assert [r.case.pk for r in _rows(city)] == [case.pk]


def test_an_archived_case_is_refused_by_the_services_and_by_the_database(w):
    case = bring(w, "investigating")
    PenaltyCase.objects.filter(pk=case.pk).update(status="archived")
    case.refresh_from_db()
    with pytest.raises(ServiceInvalid, match=ARCHIVED_FROZEN), transaction.atomic():
        case_update(actor=w["officer"], case=case, verb="case_edit", facts="改写事实")
    with pytest.raises(ServiceInvalid, match=ARCHIVED_FROZEN):
        case_investigation_add(actor=w["officer"], case=case, kind="inquiry", occurred_on=TODAY, summary="补充")
    with pytest.raises(DatabaseError, match="案件已归档"), transaction.atomic():
        PenaltyCase.objects.filter(pk=case.pk).update(facts="改写事实")
    with pytest.raises(DatabaseError, match="案件已归档"), transaction.atomic():
        CaseInvestigation.objects.create(case=case, kind="inquiry", occurred_on=TODAY, summary="补充")
    assert PenaltyCase.objects.get(pk=case.pk).facts == case.facts


def test_timeline_lists_the_steps_in_date_order(w):
    case = bring(w, "executing")
    labels = [e.label for e in sel.case_timeline(case)]
    assert labels.index("立案") < labels.index("询问笔录") < labels.index("调查终结") < labels.index("法制审核")
    assert labels.index("法制审核") < labels.index("行政处罚告知书送达") < labels.index("作出处罚决定")
    assert labels[-1] == "送达处罚决定书" or labels.index("送达处罚决定书") > labels.index("作出处罚决定")


def test_a_new_case_can_start_from_an_unrectified_hazard_or_its_inspection(w, make_user):
    from anjian.inspections.models import Hazard, Inspection
    from anjian.regions.models import Agency

    inspection = Inspection.objects.create(enterprise=w["enterprise"], agency=Agency.objects.get(region_id=HOME),
                                           source="random", planned_date=TODAY - timedelta(days=40),
                                           summary="检查储罐区")
    inspection.team.create(officer=w["team"][0], role="leader", certificate_number=w["team"][0].certificate_number)
    inspection.team.create(officer=w["team"][1], role="member", certificate_number=w["team"][1].certificate_number)
    hazard = Hazard.objects.create(inspection=inspection, enterprise=w["enterprise"], description="可燃气体报警器失效",
                                   handling="deadline", deadline=TODAY - timedelta(days=20), status="escalated")
    Hazard.objects.create(inspection=inspection, enterprise=w["enterprise"], description="已整改", handling="deadline",
                          status="rectified")
    p = origins.case_prefill(w["officer"], hazard=str(hazard.pk))
    assert p.source == "hazard_unrectified" and p.hazard_ids == [hazard.pk] and p.enterprise == w["enterprise"]
    assert "逾期未整改" in p.cause and "届满仍未整改" in p.facts
    assert sorted(p.officer_ids) == sorted(o.pk for o in w["team"])
    p = origins.case_prefill(w["officer"], inspection=str(inspection.pk))
    assert p.source == "random_inspection" and p.hazard_ids == [hazard.pk]
    with pytest.raises(NotFound):
        origins.case_prefill(make_user(OTHER, Role.OFFICER), hazard=str(hazard.pk))
    case = propose(w, source=p.source, hazards=[hazard], inspection=inspection)
    assert list(case.hazards.all()) == [hazard] and case.inspection == inspection


def test_list_rows_compute_the_same_facts_as_the_case_page(w):
    from anjian.cases.core.selectors import case_facts
    from anjian.cases.models import CaseTransfer

    cases = [bring(w, state) for state in ("filing", "investigating", "notified", "executing")]
    case_investigation_add(actor=w["head"], case=cases[1], kind="preservation", occurred_on=TODAY, summary="物品")
    CaseTransfer.objects.create(case=cases[1], kind="public_security", receiver_name="泌阳县公安局", reason="涉嫌犯罪",
                                sent_on=TODAY, acknowledged_on=TODAY)
    PenaltyCase.objects.filter(pk=cases[3].pk).update(installment_until=TODAY + timedelta(days=30))
    rows = {c.pk: c for c in sel.case_list_rows_qs(w["reader"], None, TODAY)}
    for case in cases:
        fresh = PenaltyCase.objects.get(pk=case.pk)
        assert sel.facts_of_row(rows[case.pk]) == case_facts(fresh), case.status


def test_a_handover_form_becomes_a_case_of_the_home_agency(make_user, make_enterprise, monkeypatch):
    """异地检查、属地办案: the home agency files the problems handed over by the visiting team."""
    from anjian.supervision.services_handover import (
        handover_form_acknowledge,
        handover_form_generate,
        handover_form_send,
        handover_item_act,
    )
    from tests.services import supervision_helpers as sh

    sw = sh.world(make_user, make_enterprise)
    inspection = sh.carried_out(sw)
    form = handover_form_send(actor=sw["visitor"], form=handover_form_generate(actor=sw["visitor"],
                                                                               inspection=inspection))
    form = handover_form_acknowledge(actor=sw["home_officer"], form=form, officer_ids=[o.pk for o in sw["home_team"]],
                                     today=TODAY)
    major = form.items.get(hazard__is_major=True)
    handover_item_act(actor=sw["home_officer"], item=major, action="penalty_case", today=TODAY)
    with pytest.raises(NotFound):
        origins.case_prefill(sw["visitor"], handover=str(form.pk))  # the visiting team does not file it
    p = origins.case_prefill(sw["home_officer"], handover=str(form.pk))
    assert p.source == "handover" and p.enterprise == sw["assigned"] and p.hazard_ids == [major.hazard_id]
    assert "重大危险源未监控" in p.facts and "消防通道堵塞" not in p.facts
    from anjian.cases.core.services_filing import case_propose

    case = case_propose(actor=sw["home_officer"], enterprise=p.enterprise, source=p.source, cause=p.cause,
                        facts=p.facts, officers=sw["home_team"], handover=p.handover, inspection=p.inspection,
                        hazards=[major.hazard])
    assert case.agency.region_id == sh.HOME and case.handover == form and case.inspection == inspection
