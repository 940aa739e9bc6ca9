"""The to-do list (待办): each kind reaches the user who acts on it — by capability and scope — and nobody else;
superiors see a subordinate's item once overdue; `anjian remind` covers the deadline kinds and is idempotent."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.documents.services import document_draft
from anjian.domain.permissions import Role
from anjian.domain.todo import campaign_report_deadlines
from anjian.home.todo import todo_count, todo_list
from anjian.inspections.services import inspection_plan
from anjian.inspections.services_rectification import extension_request_record
from anjian.notices.models import Notice
from anjian.notices.services import handoff_open
from anjian.regions.models import Agency
from anjian.supervision.services_handover import handover_form_generate, handover_form_send
from tests.services import case_helpers as ch
from tests.services import supervision_helpers as sh
from tests.services.inspection_helpers import HOME, OTHER, officer
from tests.services.test_rectification import build

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
CITY, PROVINCE = "411700", "410000"


def kinds(user, today=TODAY) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in todo_list(user, today).items:
        out.setdefault(item.kind, []).append(item)
    return out


def _planned(actor, enterprise, day):
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    return inspection_plan(actor=actor, enterprise=enterprise, source="random", planned_date=day,
                           officer_ids=[o.pk for o in team])


def test_an_inspection_plan_waits_for_its_agencys_approvers_and_reaches_the_city_once_overdue(
        make_user, make_enterprise, county_officer):
    head, city = make_user(HOME, Role.DEPARTMENT_HEAD), make_user(CITY, Role.AGENCY_LEADER)
    other_head = make_user(OTHER, Role.DEPARTMENT_HEAD)
    soon = _planned(county_officer, make_enterprise(HOME), TODAY + timedelta(days=3))
    (item,) = kinds(head)["inspection_approve"]
    assert (item.link, item.due, item.overdue, item.agency, item.action) == (
        f"/inspections/{soon.pk}/", soon.planned_date, False, "", "审批检查方案")
    assert "inspection_approve" not in kinds(county_officer)  # no INSPECTION_APPROVE
    assert "inspection_approve" not in kinds(other_head)  # another county
    assert "inspection_approve" not in kinds(city)  # not overdue: the county approves its own
    late = _planned(county_officer, make_enterprise(HOME), TODAY - timedelta(days=2))
    (seen,) = kinds(city)["inspection_approve"]
    assert seen.link == f"/inspections/{late.pk}/" and seen.overdue and seen.days_overdue == 2
    assert seen.agency == Agency.objects.get(region_id=HOME).name
    assert [i.link for i in todo_list(head, TODAY).items][:1] == [f"/inspections/{late.pk}/"]  # overdue first


def test_a_county_without_an_approver_keeps_its_steps_the_levels_above_only_press_once_overdue(
        make_user, make_enterprise, other_county_officer):
    city_head, province = make_user(CITY, Role.DEPARTMENT_HEAD), make_user(PROVINCE, Role.AGENCY_LEADER)
    team = [officer(OTHER, name="甲").pk, officer(OTHER, name="乙").pk]
    inspection_plan(actor=other_county_officer, enterprise=make_enterprise(OTHER), source="random",
                    planned_date=TODAY + timedelta(days=3), officer_ids=team)
    assert "inspection_approve" not in kinds(city_head)  # the city does not approve in the county's name
    assert todo_list(city_head, TODAY).below == []  # nor counts a step in time as overdue
    late = inspection_plan(actor=other_county_officer, enterprise=make_enterprise(OTHER), source="random",
                           planned_date=TODAY - timedelta(days=1), officer_ids=team)
    for superior in (city_head, province):  # every level above sees it alike, to press (督促)
        (item,) = kinds(superior)["inspection_approve"]
        assert (item.link, item.overdue, item.supervise, item.action) == (
            f"/inspections/{late.pk}/", True, True, "督促审批检查方案")
        assert item.agency == Agency.objects.get(region_id=OTHER).name


def test_a_decision_published_late_reaches_the_city_and_the_province_alike(make_user, make_enterprise):
    city, province = make_user(CITY, Role.AGENCY_LEADER), make_user(PROVINCE, Role.AGENCY_LEADER)
    w = ch.world(make_user, make_enterprise)
    case = ch.bring(w, "decided", start=TODAY - timedelta(days=120))
    type(w["head"]).objects.filter(pk__in=[w["head"].pk, w["leader"].pk]).update(is_active=False)  # nobody left
    for superior in (city, province):
        (item,) = kinds(superior)["case_disclose"]
        assert item.link == f"/cases/{case.pk}/" and item.overdue and item.supervise and item.agency


def test_case_steps_reach_the_approver_and_the_legal_reviewer_not_the_officer(make_user, make_enterprise):
    w = ch.world(make_user, make_enterprise)
    case = ch.propose(w)
    assert [i.link for i in kinds(w["head"])["case_filing"]] == [f"/cases/{case.pk}/"]
    assert "case_filing" in kinds(w["leader"])
    assert "case_filing" not in kinds(w["officer"]) and "case_filing" not in kinds(w["reviewer"])
    reviewed = ch.bring(w, "legal_review", case=case)
    (item,) = kinds(w["reviewer"])["case_legal_review"]
    assert item.link == f"/cases/{reviewed.pk}/" and item.action == "法制审核" and item.due is not None
    other_reviewer = make_user(OTHER, Role.LEGAL_REVIEWER)
    assert "case_legal_review" not in kinds(other_reviewer)
    assert not ({"case_filing", "case_legal_review"} & set(kinds(w["reader"])))


def test_a_decision_waits_for_the_leader(make_user, make_enterprise):
    w = ch.world(make_user, make_enterprise)
    case = ch.bring(w, "notified")
    assert [i.link for i in kinds(w["leader"])["case_decide"]] == [f"/cases/{case.pk}/"]
    assert "case_decide" not in kinds(w["officer"])


def test_a_draft_waits_for_the_one_who_drafted_it(make_user, make_enterprise, county_officer):
    colleague = make_user(HOME, Role.OFFICER)
    enterprise = make_enterprise(HOME)
    team = [officer(HOME, name="张三"), officer(HOME, name="李四")]
    doc = document_draft(actor=county_officer, agency=Agency.objects.get(region_id=HOME), kind_code="责改",
                         enterprise=enterprise, content={
                             "addressee": enterprise.name, "inspection_date": TODAY.isoformat(),
                             "problems": f"消防通道堵塞｜{(TODAY + timedelta(days=10)).isoformat()}",
                             "inspectors": "\n".join(f"{o.name} {o.certificate_number}" for o in team)})
    (item,) = kinds(county_officer)["document_issue"]
    assert item.link == f"/documents/{doc.pk}/" and item.action == "签发文书"
    assert "document_issue" not in kinds(colleague)


def test_a_draft_of_a_record_that_moved_on_is_no_longer_to_sign(make_user, make_enterprise, county_officer):
    from anjian.inspections.models import Inspection

    planned = _planned(county_officer, make_enterprise(HOME), TODAY)
    doc = document_draft(actor=county_officer, agency=planned.agency, kind_code="检查", enterprise=planned.enterprise,
                         subject=planned, content={"purpose": "现场检查"})
    assert [i.link for i in kinds(county_officer)["document_issue"]] == [f"/documents/{doc.pk}/"]
    Inspection.objects.filter(pk=planned.pk).update(status="recorded")  # the inspection was carried out
    assert "document_issue" not in kinds(county_officer)
    assert todo_count(county_officer, TODAY) == 0


def test_a_sent_handover_form_waits_for_the_home_agency(make_user, make_enterprise):
    w = sh.world(make_user, make_enterprise)
    form = handover_form_send(actor=w["visitor"], form=handover_form_generate(actor=w["visitor"],
                                                                             inspection=sh.carried_out(w)))
    (item,) = kinds(w["home_officer"])["handover_acknowledge"]
    assert item.link == f"/supervision/handovers/{form.pk}/" and item.action == "签收移交单"
    assert "handover_acknowledge" not in kinds(w["visitor"]) and "handover_acknowledge" not in kinds(w["third"])


def test_extension_requests_and_reinspections_reach_approver_and_team(make_user, make_enterprise, county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    start = TODAY - timedelta(days=40)
    inspection, (hazard, late), team = build(county_officer, head, make_enterprise(HOME), started=start,
                                            deadlines=[TODAY + timedelta(days=30), TODAY - timedelta(days=3)])
    request = extension_request_record(actor=county_officer, hazard=hazard, requested_at=TODAY,
                                       requested_deadline=TODAY + timedelta(days=60), reason="设备到货延迟", today=TODAY)
    (item,) = kinds(head)["extension_decide"]
    assert item.link == f"/inspections/rectification/extension/{request.pk}/decide/" and item.due == hazard.deadline
    assert "extension_decide" not in kinds(county_officer)
    member = make_user(HOME, Role.OFFICER)
    assert "reinspection" not in kinds(member)  # not on the team yet
    type(team[0]).objects.filter(pk=team[0].pk).update(user=member)
    (visit,) = kinds(member)["reinspection"]
    assert visit.link == f"/inspections/rectification/inspection/{inspection.pk}/reinspect/"
    assert visit.overdue and visit.due == late.deadline
    (overdue,) = kinds(head)["rectification_overdue"]
    assert overdue.link == f"/inspections/rectification/inspection/{inspection.pk}/"


def test_a_step_sent_back_reaches_only_its_sender(make_user):
    sender, colleague = make_user(HOME, Role.OFFICER), make_user(HOME, Role.OFFICER)
    leader = make_user(HOME, Role.AGENCY_LEADER)
    with transaction.atomic():
        handoff_open(actor=leader, user=sender, agency=Agency.objects.get(region_id=HOME),
                     key="returned:inspection:7", title="检查方案已退回", text="检查事项不全", link="/inspections/7/")
    (item,) = kinds(sender)["returned"]
    assert (item.action, item.note, item.link) == ("已退回", "检查事项不全", "/inspections/7/")
    assert "returned" not in kinds(colleague)


def test_a_locked_account_reaches_the_security_admin_in_scope(make_user):
    from anjian.accounts.services_security import user_lock

    admin = make_user(PROVINCE, Role.SECURITY_ADMIN)
    locked = make_user(HOME, Role.OFFICER)
    user_lock(actor=admin, user=locked, until=timezone.now() + timedelta(hours=2), reason="测试")
    (item,) = kinds(admin)["account_locked"]
    assert item.link == f"/accounts/users/{locked.pk}/"
    assert "account_locked" not in kinds(make_user(HOME, Role.AGENCY_LEADER))
    auditor = make_user(PROVINCE, Role.AUDIT_ADMIN)
    assert [i.title for i in kinds(auditor)["security_review"]] == ["账号被锁定 1 次"]


def test_the_list_is_bounded_and_the_count_agrees(make_user, make_enterprise, county_officer):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    for n in range(4):
        _planned(county_officer, make_enterprise(HOME), TODAY + timedelta(days=n + 1))
    todo = todo_list(head, TODAY, limit=3)
    assert len(todo.items) == 3 and todo.total == 4 and todo.more == 1
    assert [i.due for i in todo.items] == sorted(i.due for i in todo.items)
    assert todo_count(head, TODAY) == 4


def _remind(day: date) -> str:
    out = StringIO()
    call_command("remind", "--today", day.isoformat(), stdout=out)
    return out.getvalue()


def test_remind_covers_every_kind_and_a_second_run_changes_nothing(make_user, make_enterprise, county_officer):
    late = _planned(county_officer, make_enterprise(HOME), TODAY - timedelta(days=5))
    w = ch.world(make_user, make_enterprise)
    decided = ch.bring(w, "decided", start=TODAY - timedelta(days=80))
    first = _remind(TODAY)
    assert "检查方案逾期未审批 1 项" in first
    keys = set(Notice.objects.filter(resolved_at__isnull=True).values_list("key", flat=True))
    assert f"inspection_approve:{late.pk}" in keys
    assert any(k == f"case_disclosure:{decided.pk}" for k in keys) or "处罚决定公开 0 项" in first
    before, events = list(Notice.objects.order_by("id").values()), AuditEvent.objects.count()
    assert "提醒新增 0，更新 0，消除 0" in _remind(TODAY)
    assert list(Notice.objects.order_by("id").values()) == before and AuditEvent.objects.count() == events


def test_remind_reminds_a_campaign_report_and_resolves_it_when_done(make_user):
    from anjian.campaigns.services import campaign_create, campaign_deadline_done

    planner = make_user(PROVINCE, Role.DEPARTMENT_HEAD)
    year = TODAY.year
    campaign = campaign_create(actor=planner, organiser=Agency.objects.get(region_id=PROVINCE), year=year,
                               title="异地执法检查（测试）", deadlines=campaign_report_deadlines(year))
    day = date(year, 6, 29)  # the round-1 summary is due on 30 June (seed 000); the plan of 5 May is late
    _remind(day)
    open_ = dict(Notice.objects.filter(key__startswith="campaign_report:", resolved_at__isnull=True)
                 .values_list("title", "level"))
    assert open_ == {"第一轮次异地执法检查方案上报：异地执法检查（测试）": "overdue",
                     "第一轮次异地执法检查工作总结上报：异地执法检查（测试）": "due"}
    items = {i.note: i for i in todo_list(planner, day).items if i.kind == "campaign_report"}
    assert items["第一轮次异地执法检查方案上报"].overdue and not items["第一轮次异地执法检查工作总结上报"].overdue
    assert "campaign_report" not in kinds(make_user(PROVINCE, Role.AGENCY_LEADER), day)  # no PLAN_EDIT
    campaign_deadline_done(actor=planner, campaign=campaign, name="第一轮次异地执法检查方案上报")
    _remind(day)
    assert Notice.objects.filter(key__startswith="campaign_report:", resolved_at__isnull=True).count() == 1
    assert [i.note for i in todo_list(planner, day).items if i.kind == "campaign_report"] == [
        "第一轮次异地执法检查工作总结上报"]


def test_guidance_steps_reach_the_guiding_and_the_guided_agency(make_user):
    from anjian.guidance.models import GuidanceReview

    city, county, other = (make_user(CITY, Role.DEPARTMENT_HEAD), make_user(HOME, Role.DEPARTMENT_HEAD),
                           make_user(OTHER, Role.DEPARTMENT_HEAD))
    agencies = {code: Agency.objects.get(region_id=code) for code in (CITY, HOME, OTHER)}
    owed = GuidanceReview.objects.create(superior=agencies[CITY], subordinate=agencies[HOME], year=TODAY.year,
                                         month=1, status="letter_issued", rectify_by=TODAY + timedelta(days=5))
    (item,) = kinds(county)["guidance_report"]
    assert item.link == f"/guidance/{owed.pk}/" and item.due == owed.rectify_by and not item.overdue
    assert "guidance_report" not in kinds(city) and "guidance_report" not in kinds(other)
    GuidanceReview.objects.filter(pk=owed.pk).update(rectify_by=TODAY - timedelta(days=1))
    (late,) = kinds(city)["guidance_report"]  # the guiding city sees it once late, labelled
    assert late.overdue and late.agency == agencies[HOME].name
    due = GuidanceReview.objects.create(superior=agencies[CITY], subordinate=agencies[OTHER], year=TODAY.year,
                                        month=TODAY.month, status="scheduled")
    (start,) = kinds(city)["guidance_start"]
    assert start.link == f"/guidance/{due.pk}/" and start.due.month == TODAY.month and start.due.day >= 28
    assert "guidance_start" not in kinds(other)
    GuidanceReview.objects.filter(pk=owed.pk).update(status="responded", responded_on=TODAY)
    assert [i.link for i in kinds(city)["guidance_close"]] == [f"/guidance/{owed.pk}/"]
    assert "guidance_close" not in kinds(county)


def test_the_case_officer_submits_the_report_and_serves_the_decision(make_user, make_enterprise):
    w = ch.world(make_user, make_enterprise)
    case = ch.bring(w, "investigated")
    (item,) = kinds(w["officer"])["case_submit"]
    assert item.link == f"/cases/{case.pk}/" and item.action == "提交法制审核" and item.due is not None
    assert "case_submit" not in kinds(w["head"]) and "case_submit" not in kinds(make_user(HOME, Role.OFFICER))
    decided = ch.bring(w, "decided", start=TODAY - timedelta(days=70))
    (serve,) = kinds(w["officer"])["case_serve"]
    assert serve.link == f"/cases/{decided.pk}/" and serve.due == ch.workdays_after(decided.decided_on, 7)


def test_random_inspection_results_wait_for_the_tasks_planners(make_user):
    from anjian.draws.models import RandomInspectionTask

    planner, officer_ = make_user(HOME, Role.DEPARTMENT_HEAD), make_user(HOME, Role.OFFICER)
    city = make_user(CITY, Role.DEPARTMENT_HEAD)
    task = RandomInspectionTask.objects.create(
        agency=Agency.objects.get(region_id=HOME), year=TODAY.year, name="双随机抽查（测试）", period_from=TODAY,
        period_to=TODAY, status="completed", completed_on=TODAY, disclosure_deadline=TODAY + timedelta(days=7))
    (item,) = kinds(planner)["draw_disclose"]
    assert item.link == f"/draws/{task.pk}/" and item.due == task.disclosure_deadline and item.action == "公开抽查结果"
    assert "draw_disclose" not in kinds(officer_) and "draw_disclose" not in kinds(city)
    RandomInspectionTask.objects.filter(pk=task.pk).update(disclosure_deadline=TODAY - timedelta(days=1))
    assert kinds(city)["draw_disclose"][0].agency == Agency.objects.get(region_id=HOME).name
    RandomInspectionTask.objects.filter(pk=task.pk).update(disclosed_on=TODAY)
    assert "draw_disclose" not in kinds(planner)


def test_a_drafted_annual_plan_waits_for_the_approver(make_user, make_enterprise):
    from anjian.planning.services import plan_create, plan_entry_add

    editor, leader = make_user(HOME, Role.DEPARTMENT_HEAD), make_user(HOME, Role.AGENCY_LEADER)
    plan = plan_create(actor=editor, agency=Agency.objects.get(region_id=HOME), year=TODAY.year + 1)
    assert "plan_approve" not in kinds(leader)  # an empty plan is not ready
    plan_entry_add(actor=editor, plan=plan, enterprise=make_enterprise(HOME), month=3)
    (item,) = kinds(leader)["plan_approve"]
    assert item.link == f"/planning/{plan.pk}/" and item.action == "审批年度计划"
    assert "plan_approve" not in kinds(editor) and "plan_approve" not in kinds(make_user(OTHER, Role.AGENCY_LEADER))


def test_a_decision_to_publish_waits_for_the_case_officer(make_user, make_enterprise):
    w = ch.world(make_user, make_enterprise)
    case = ch.bring(w, "decided", start=TODAY - timedelta(days=70))
    (item,) = kinds(w["officer"])["case_disclose"]
    assert item.link == f"/cases/{case.pk}/" and item.due == ch.workdays_after(case.decided_on, 20)
    assert "case_disclose" not in kinds(make_user(HOME, Role.OFFICER))


def test_the_system_admin_is_asked_for_a_missing_holiday_year(make_user):
    admin, leader = make_user(PROVINCE, Role.SYSTEM_ADMIN), make_user(PROVINCE, Role.AGENCY_LEADER)
    autumn = date(2040, 11, 15)  # no arrangement loaded for 2040 or 2041
    items = kinds(admin, autumn)["calendar_missing"]
    assert [(i.title, i.overdue) for i in items] == [("2040年节假日安排", True), ("2041年节假日安排", False)]
    assert [i.title for i in kinds(admin, date(2040, 3, 1))["calendar_missing"]] == ["2040年节假日安排"]
    assert "calendar_missing" not in kinds(leader, autumn)


def test_a_listed_hazard_near_its_deadline_waits_for_the_listing_agency(make_user, make_enterprise):
    from anjian.inspections.models import Hazard
    from anjian.supervision.models import ListedSupervision
    from anjian.supervision.services_listing import listed_supervision_create

    w = sh.world(make_user, make_enterprise)
    major = Hazard.objects.get(inspection=sh.carried_out(w), is_major=True)
    listing = listed_supervision_create(actor=w["city_leader"], hazard=major, responsible_agency=sh.agency(HOME),
                                        deadline=TODAY + timedelta(days=30), requirements="限期消除", today=TODAY)
    assert "listing_due" not in kinds(w["city_leader"])  # a month ahead
    ListedSupervision.objects.filter(pk=listing.pk).update(deadline=TODAY + timedelta(days=3))
    (item,) = kinds(w["city_leader"])["listing_due"]
    assert item.link == f"/supervision/listings/{listing.pk}/" and item.action == "督办到期审核"
    assert "listing_due" not in kinds(w["home_head"]) and "listing_due" not in kinds(w["home_officer"])
