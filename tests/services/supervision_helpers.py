"""Builders for the supervision tests: a province-issued assignment 扶沟县 (visiting) → 泌阳县 (home)."""

from datetime import timedelta

from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.inspections.services import inspection_approve, inspection_start
from anjian.inspections.services_hazards import hazard_add
from anjian.regions.models import Agency
from anjian.supervision.services import cross_region_assignment_issue, cross_region_inspection_plan
from tests.services.inspection_helpers import officer

VISITING = "411621"  # 扶沟县（周口）
HOME = "411726"  # 泌阳县（驻马店）
THIRD = "411721"  # 西平县
PROVINCE = "410000"
CITY = "411700"  # 驻马店市
TODAY = timezone.localdate()


def agency(code: str) -> Agency:
    return Agency.objects.select_related("region").get(region_id=code)


def world(make_user, make_enterprise) -> dict:
    province = make_user(PROVINCE, Role.AGENCY_LEADER)
    visitor = make_user(VISITING, Role.OFFICER)
    w = {
        "province": province, "visitor": visitor, "visiting_head": make_user(VISITING, Role.DEPARTMENT_HEAD),
        "visiting_leader": make_user(VISITING, Role.AGENCY_LEADER),
        "home_officer": make_user(HOME, Role.OFFICER), "home_head": make_user(HOME, Role.DEPARTMENT_HEAD),
        "third": make_user(THIRD, Role.OFFICER), "city_leader": make_user(CITY, Role.AGENCY_LEADER),
        "assigned": make_enterprise(HOME, name="泌阳县被抽查化工有限公司"),
        "unassigned": make_enterprise(HOME, name="泌阳县未列入名单有限公司"),
        "team": [officer(VISITING, name="周一"), officer(VISITING, name="周二")],
        "home_team": [officer(HOME, name="属地甲"), officer(HOME, name="属地乙")],
    }
    w["assignment"] = cross_region_assignment_issue(
        actor=province, visiting_agency=agency(VISITING), home_agency=agency(HOME), enterprises=[w["assigned"]],
        round_label="第一轮次", mode="mutual", period_from=TODAY - timedelta(days=5),
        period_to=TODAY + timedelta(days=30))
    return w


def carried_out(w, *, hazards=(("消防通道堵塞", False), ("重大危险源未监控", True))):
    """A cross-region inspection planned, approved, started, with hazards recorded."""
    inspection = cross_region_inspection_plan(
        actor=w["visitor"], assignment=w["assignment"], enterprise=w["assigned"], planned_date=TODAY,
        officer_ids=[o.pk for o in w["team"]], today=TODAY)
    # Approved by the agency leader (no DOCUMENT_ISSUE, so the documents hook drafts nothing): see
    # `record_directly` for why the documents hook cannot run for a cross-region inspection yet.
    inspection = inspection_approve(actor=w["visiting_leader"], inspection=inspection, opinion="同意")
    inspection = inspection_start(actor=w["visitor"], inspection=inspection, place="厂区")
    for text, major in hazards:
        hazard_add(actor=w["visitor"], inspection=inspection, description=text, handling="deadline",
                   deadline=TODAY + timedelta(days=10), is_major=major, legal_basis="《安全生产法》第四十一条")
    return record_directly(inspection)


def record_directly(inspection):
    """Record the visiting team's inspection through the inspection service, as its planner."""
    from anjian.inspections.services import inspection_record

    return inspection_record(actor=inspection.created_by, inspection=inspection, summary="发现问题，移交属地")
