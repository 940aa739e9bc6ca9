"""The blacklist (失信联合惩戒) through its services and selectors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.audit.selectors import audit_chain_verify
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.credit import selectors as sel
from anjian.credit.demo import credit_demo
from anjian.credit.models import CreditSanction
from anjian.credit.services import sanction_lift, sanction_record
from anjian.domain.credit_rules import ALREADY_LIFTED, PERIOD_REVERSED, REASON_MISSING
from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = timedelta(days=365)


@pytest.fixture
def head(make_user):
    """A department head of 泌阳县 (411726): may record sanctions there."""
    return make_user("411726", Role.DEPARTMENT_HEAD)


def _record(actor, enterprise, **kw):
    values = {"list_kind": "serious_dishonesty", "reason": "发生较大生产安全事故，负有责任",
              "legal_basis": "《安全生产严重失信主体名单管理办法》第五条", "source_reference": "泌应急罚〔2025〕3号",
              "start_date": TODAY - timedelta(days=10), "end_date": TODAY + 3 * YEAR}
    return sanction_record(actor=actor, enterprise=enterprise, **{**values, **kw})


def test_recording_a_sanction_names_the_deciding_agency_and_is_audited(head, make_enterprise):
    enterprise = make_enterprise("411726")
    sanction = _record(head, enterprise)
    assert sanction.agency.region_id == "411726" and sanction.status == "active" and sanction.created_by == head
    assert sanction.in_force_on(TODAY) and sanction.state(TODAY) == "in_force"
    event = AuditEvent.objects.get(verb="credit_sanction_record")
    assert event.target_id == str(sanction.pk) and event.actor_agency_id == sanction.agency_id
    assert event.payload["new"]["reason"] == "发生较大生产安全事故，负有责任"
    assert event.payload["new"]["end_date"] == str(TODAY + 3 * YEAR)
    assert audit_chain_verify()[1] is None


def test_a_city_records_for_a_county_enterprise_but_a_county_not_for_its_neighbour(make_user, make_enterprise):
    city_leader = make_user("411700", Role.AGENCY_LEADER)
    sanction = _record(city_leader, make_enterprise("411726"))
    assert sanction.agency.region_id == "411700"
    neighbour = make_user("411721", Role.DEPARTMENT_HEAD)
    with pytest.raises(ServiceDenied):
        _record(neighbour, make_enterprise("411726"))
    assert CreditSanction.objects.count() == 1


def test_an_officer_without_the_capability_cannot_record(county_officer, make_enterprise):
    with pytest.raises(ServiceDenied):
        _record(county_officer, make_enterprise("411726"))
    assert not CreditSanction.objects.exists()


def test_bad_period_or_empty_reason_is_refused_and_nothing_is_written(head, make_enterprise):
    enterprise = make_enterprise("411726")
    with pytest.raises(ServiceInvalid) as exc:
        _record(head, enterprise, reason="  ", start_date=TODAY, end_date=TODAY - timedelta(days=1))
    assert exc.value.errors == [REASON_MISSING, PERIOD_REVERSED]
    assert not CreditSanction.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="credit_").exists()


def test_overlapping_periods_of_the_same_list_are_refused_other_lists_and_later_periods_are_not(
        head, make_enterprise):
    enterprise = make_enterprise("411726")
    first = _record(head, enterprise, start_date=TODAY, end_date=TODAY + YEAR)
    with pytest.raises(ServiceInvalid) as exc:
        _record(head, enterprise, start_date=TODAY + YEAR, end_date=TODAY + 2 * YEAR)
    assert "惩戒期间不能重叠" in exc.value.errors[0]
    _record(head, enterprise, list_kind="watch", start_date=TODAY, end_date=TODAY + YEAR)
    _record(head, enterprise, start_date=TODAY + YEAR + timedelta(days=1), end_date=TODAY + 2 * YEAR)
    sanction_lift(actor=head, sanction=first, reason="信用修复完成")
    _record(head, enterprise, start_date=TODAY + timedelta(days=1), end_date=TODAY + timedelta(days=30))
    assert CreditSanction.objects.filter(enterprise=enterprise).count() == 4


def test_lifting_ends_the_sanction_today_is_audited_and_happens_once(head, make_enterprise):
    sanction = _record(head, make_enterprise("411726"))
    stale = CreditSanction.objects.get(pk=sanction.pk)  # read before the lift: still "active"
    lifted = sanction_lift(actor=head, sanction=sanction, reason="已完成信用修复")
    assert lifted.status == "lifted" and lifted.lifted_by == head and lifted.lift_reason == "已完成信用修复"
    assert not lifted.in_force_on(TODAY) and lifted.in_force_on(TODAY - timedelta(days=1))
    event = AuditEvent.objects.get(verb="credit_sanction_lift")
    assert event.payload["old"] == {"status": "active"} and event.payload["new"]["lift_reason"] == "已完成信用修复"
    with pytest.raises(ServiceInvalid) as exc:
        sanction_lift(actor=head, sanction=lifted, reason="再次移出")
    assert exc.value.errors == [ALREADY_LIFTED]
    # A stale copy (still "active" in memory) loses the race: the conditional update changes nothing.
    with pytest.raises(ServiceConflict):
        sanction_lift(actor=head, sanction=stale, reason="并发移出")
    assert AuditEvent.objects.filter(verb="credit_sanction_lift").count() == 1


def test_lifting_needs_a_reason_and_a_sanction_still_running(head, make_enterprise):
    enterprise = make_enterprise("411726")
    running = _record(head, enterprise)
    with pytest.raises(ServiceInvalid):
        sanction_lift(actor=head, sanction=running, reason=" ")
    expired = _record(head, enterprise, list_kind="watch", start_date=TODAY - 2 * YEAR, end_date=TODAY - YEAR)
    with pytest.raises(ServiceInvalid) as exc:
        sanction_lift(actor=head, sanction=expired, reason="已到期")
    assert "届满" in exc.value.errors[0]
    assert CreditSanction.objects.filter(status="lifted").count() == 0


def test_only_the_deciding_agency_or_one_above_it_lifts(make_user, make_enterprise):
    enterprise = make_enterprise("411726")
    by_city = _record(make_user("411700", Role.AGENCY_LEADER), enterprise)
    county_head = make_user("411726", Role.DEPARTMENT_HEAD)
    with pytest.raises(ServiceDenied):
        sanction_lift(actor=county_head, sanction=by_city, reason="县局无权移出市局决定")
    by_county = _record(county_head, enterprise, list_kind="watch")
    province = make_user("410000", Role.AGENCY_LEADER)
    assert sanction_lift(actor=province, sanction=by_county, reason="省厅复核后移出").status == "lifted"


def test_selectors_scope_by_enterprise_region_and_filter_by_state(head, make_user, make_enterprise):
    mine, theirs = make_enterprise("411726"), make_enterprise("411721")
    running = _record(head, mine)
    expired = _record(head, mine, list_kind="watch", start_date=TODAY - 2 * YEAR, end_date=TODAY - YEAR)
    _record(make_user("411721", Role.DEPARTMENT_HEAD), theirs)
    assert list(sel.sanction_list_for(head, today=TODAY)) == [running]
    assert set(sel.sanction_list_for(head, today=TODAY, state="all")) == {running, expired}
    assert list(sel.sanction_list_for(head, today=TODAY, state="expired")) == [expired]
    city = make_user("411700", Role.READ_ONLY)
    assert sel.sanction_list_for(city, today=TODAY).count() == 2
    with pytest.raises(NotFound):
        sel.sanction_get_for(head, CreditSanction.objects.get(enterprise=theirs).pk)
    assert list(sel.sanctions_of(head, mine, TODAY)) == [running]
    assert not sel.sanctions_of(head, theirs, TODAY).exists()
    assert {x.enterprise_id for x in sel.public_sanctions(TODAY)} == {mine.pk, theirs.pk}
    assert list(sel.public_sanctions(TODAY, mine.uscc)) == [running]


def test_enterprise_named_accepts_an_id_or_uscc_in_scope_only(head, make_enterprise):
    mine, theirs = make_enterprise("411726"), make_enterprise("411721")
    assert sel.enterprise_named(head, str(mine.pk)) == mine
    assert sel.enterprise_named(head, f" {mine.uscc.lower()} ") == mine
    assert sel.enterprise_named(head, theirs.uscc) is None and sel.enterprise_named(head, str(theirs.pk)) is None
    assert sel.enterprise_named(head, "") is None


def test_demo_sanctions_cover_in_force_expired_and_lifted(make_user, make_enterprise):
    for _ in range(3):
        make_enterprise("411726")
        make_enterprise("411721")
    actors = [make_user("411726", Role.DEPARTMENT_HEAD), make_user("411700", Role.AGENCY_LEADER)]
    assert credit_demo(actors=actors, today=TODAY) == 6
    states = sorted(x.state(TODAY) for x in CreditSanction.objects.all())
    assert states == ["expired", "expired", "in_force", "in_force", "lifted", "lifted"]
    assert credit_demo(actors=actors, today=TODAY) == 0  # idempotent
