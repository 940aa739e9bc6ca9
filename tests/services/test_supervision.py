"""异地检查、属地办案 and 挂牌督办 through the services and selectors."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.audit.models import AuditEvent
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.inspections import selectors as inspection_sel
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.services_hazards import hazard_add
from anjian.supervision import selectors as sel
from anjian.supervision.services import cross_region_assignment_issue, cross_region_inspection_plan
from anjian.supervision.services_handover import (
    handover_form_acknowledge,
    handover_form_close,
    handover_form_generate,
    handover_form_send,
    handover_item_act,
)
from anjian.supervision.services_listing import (
    listed_supervision_create,
    listed_supervision_delist,
    supervision_progress_add,
)
from tests.services.inspection_helpers import officer, photo, use_media
from tests.services.supervision_helpers import CITY, HOME, TODAY, VISITING, agency, carried_out, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


@pytest.fixture
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


def test_only_a_superior_over_both_regions_issues_an_assignment(w):
    with pytest.raises(ServiceDenied):
        cross_region_assignment_issue(
            actor=w["city_leader"], visiting_agency=agency(VISITING), home_agency=agency(HOME),
            enterprises=[w["assigned"]], round_label="x", mode="mutual", period_from=TODAY, period_to=TODAY)
    assert w["assignment"].issuer.region_id == "410000"
    assert AuditEvent.objects.filter(verb="cross_region_assignment_issue").count() == 1


def test_visiting_officer_inspects_an_assigned_enterprise_but_not_another_of_that_region(w, media):
    assert list(sel.assigned_enterprises_for(w["visitor"], TODAY)) == [w["assigned"]]
    assert not sel.assigned_enterprises_for(w["visitor"], TODAY + timedelta(days=60)).exists()
    with pytest.raises(NotFound):
        sel.assignment_enterprise_get(w["visitor"], w["assignment"], w["unassigned"].pk, TODAY)
    with pytest.raises(ServiceInvalid, match="不在本次异地执法任务的检查名单内"):
        cross_region_inspection_plan(actor=w["visitor"], assignment=w["assignment"], enterprise=w["unassigned"],
                                     planned_date=TODAY, officer_ids=[o.pk for o in w["team"]], today=TODAY)
    with pytest.raises(NotFound):  # the normal door stays shut for the home region
        inspection_sel.enterprise_for_inspection(w["visitor"], w["assigned"].pk)
    inspection = carried_out(w)
    assert inspection.source == "cross_region" and inspection.agency.region_id == VISITING
    assert inspection_sel.inspection_get_for(w["visitor"], inspection.pk) == inspection  # visiting team opens it
    assert Hazard.objects.filter(inspection=inspection).count() == 2
    home_inspection = Inspection.objects.create(enterprise=w["unassigned"], agency=agency(HOME), source="annual_plan",
                                                planned_date=TODAY)
    with pytest.raises(NotFound):
        inspection_sel.inspection_get_for(w["visitor"], home_inspection.pk)


def test_home_officers_cannot_use_the_assignment(w):
    with pytest.raises(ServiceDenied):
        cross_region_inspection_plan(actor=w["home_officer"], assignment=w["assignment"], enterprise=w["assigned"],
                                     planned_date=TODAY, officer_ids=[o.pk for o in w["home_team"]], today=TODAY)


def test_handover_chain(w, media):
    inspection = carried_out(w)
    form = handover_form_generate(actor=w["visitor"], inspection=inspection)
    items = list(form.items.all())
    assert [i.description for i in items] == ["消防通道堵塞", "重大危险源未监控"]
    assert items[0].legal_basis == "《安全生产法》第四十一条"
    assert sorted(o["name"] for o in form.visiting_officers) == ["周一", "周二"]
    assert not sel.handover_inbox_for(w["home_officer"]).exists()  # drafts stay with the visiting team
    form = handover_form_send(actor=w["visitor"], form=form)
    assert form.status == "sent" and form.sent_at is not None
    assert list(sel.handover_inbox_for(w["home_officer"])) == [form]

    with pytest.raises(ServiceDenied):
        handover_form_acknowledge(actor=w["visitor"], form=form, officer_ids=[o.pk for o in w["home_team"]],
                                  today=TODAY)
    with pytest.raises(ServiceInvalid, match="属地执法人员签名不少于2人"):
        handover_form_acknowledge(actor=w["home_officer"], form=form, officer_ids=[w["home_team"][0].pk], today=TODAY)
    with pytest.raises(ServiceInvalid) as foreign:
        handover_form_acknowledge(actor=w["home_officer"], form=form,
                                  officer_ids=[w["home_team"][0].pk, w["team"][0].pk], today=TODAY)
    with pytest.raises(ServiceInvalid) as unknown:
        handover_form_acknowledge(actor=w["home_officer"], form=form,
                                  officer_ids=[w["home_team"][0].pk, w["team"][0].pk + 1000], today=TODAY)
    assert str(foreign.value) == str(unknown.value) and "执法人员不存在或不可选" in foreign.value.errors
    expired = officer(HOME, name="过期丙", expires=TODAY - timedelta(days=1))
    with pytest.raises(ServiceInvalid):
        handover_form_acknowledge(actor=w["home_officer"], form=form, officer_ids=[w["home_team"][0].pk, expired.pk],
                                  today=TODAY)
    form = handover_form_acknowledge(actor=w["home_officer"], form=form, officer_ids=[o.pk for o in w["home_team"]],
                                     today=TODAY)
    assert form.status == "acknowledged"
    assert sorted(form.acknowledgements.values_list("name", flat=True)) == ["属地乙", "属地甲"]

    handover_item_act(actor=w["home_officer"], item=items[0], action="penalty_case", today=TODAY)
    with pytest.raises(ServiceInvalid, match="每项问题都须有属地处理结果"):
        handover_form_close(actor=w["home_officer"], form=form)
    with pytest.raises(ServiceInvalid, match="须填写整改期限"):
        handover_item_act(actor=w["home_officer"], item=items[1], action="rectify_order", today=TODAY)
    handover_item_act(actor=w["home_officer"], item=items[1], action="rectify_order",
                      deadline=TODAY + timedelta(days=15), today=TODAY)
    form = handover_form_close(actor=w["home_officer"], form=form)
    assert form.status == "closed"

    # the province sees the whole chain, the issuer side; a third county sees nothing
    assert sel.handover_get_for(w["province"], form.pk) == form
    assert sel.handover_side(w["province"], form) == "home"  # province covers the home region too
    assert sel.assignment_get_for(w["province"], w["assignment"].pk)
    with pytest.raises(NotFound):
        sel.handover_get_for(w["third"], form.pk)
    with pytest.raises(NotFound):
        sel.assignment_get_for(w["third"], w["assignment"].pk)
    assert sel.handover_side(w["visitor"], form) == "visiting"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"handover_form_generate", "handover_form_send", "handover_form_acknowledge", "handover_item_act",
            "handover_form_close"} <= verbs


def test_only_cross_region_inspections_hand_over(w, media):
    inspection = carried_out(w)
    Inspection.objects.filter(pk=inspection.pk).update(source="annual_plan")
    inspection.refresh_from_db()
    with pytest.raises(ServiceInvalid, match="只有异地执法检查的问题可以移交"):
        handover_form_generate(actor=w["visitor"], inspection=inspection)


def _major(w):
    inspection = carried_out(w)
    return (Hazard.objects.get(inspection=inspection, is_major=False),
            Hazard.objects.get(inspection=inspection, is_major=True))


def test_listed_supervision(w, media):
    minor, major = _major(w)
    with pytest.raises(ServiceInvalid, match="只有重大事故隐患可以挂牌督办"):
        listed_supervision_create(actor=w["city_leader"], hazard=minor, responsible_agency=agency(HOME),
                                  deadline=TODAY + timedelta(days=30), requirements="限期消除", today=TODAY)
    with pytest.raises(ServiceInvalid, match="挂牌督办机关须为责任单位的上级机关"):
        listed_supervision_create(actor=w["home_head"], hazard=major, responsible_agency=agency(HOME),
                                  deadline=TODAY + timedelta(days=30), requirements="限期消除", today=TODAY)
    with pytest.raises(ServiceInvalid, match="督办期限不能早于今天"):
        listed_supervision_create(actor=w["city_leader"], hazard=major, responsible_agency=agency(HOME),
                                  deadline=TODAY - timedelta(days=1), requirements="限期消除", today=TODAY)
    listing = listed_supervision_create(actor=w["city_leader"], hazard=major, responsible_agency=agency(HOME),
                                        deadline=TODAY + timedelta(days=30), requirements="限期消除", today=TODAY)
    assert listing.listing_agency.region_id == CITY and listing.status == "listed"
    assert list(sel.listing_list_for(w["home_officer"])) == [listing]
    assert not sel.listing_list_for(w["third"]).exists()

    with pytest.raises(ServiceInvalid, match="摘牌须有整改证据"):
        listed_supervision_delist(actor=w["city_leader"], listing=listing, opinion="同意摘牌")
    fake = SimpleUploadedFile("现场.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ServiceInvalid, match="不是有效的图片文件"):
        supervision_progress_add(actor=w["home_officer"], listing=listing, report_date=TODAY, text="已停产整改",
                                 uploads=[(fake, "")], kind="photo", today=TODAY)
    assert not listing.progress.exists()
    with pytest.raises(ServiceDenied):
        supervision_progress_add(actor=w["third"], listing=listing, report_date=TODAY, text="x", today=TODAY)
    progress = supervision_progress_add(actor=w["home_officer"], listing=listing, report_date=TODAY,
                                        text="已停产整改", uploads=[(photo(), "整改后")], kind="photo", today=TODAY)
    assert progress.evidence.count() == 1
    with pytest.raises(ServiceDenied):
        listed_supervision_delist(actor=w["home_head"], listing=listing, opinion="同意摘牌")
    listing = listed_supervision_delist(actor=w["city_leader"], listing=listing, opinion="隐患已消除，同意摘牌")
    assert listing.status == "delisted"
    assert AuditEvent.objects.filter(verb="listed_supervision_delist").exists()


def test_overdue_is_shown_for_a_listing_past_its_deadline(w, media):
    _, major = _major(w)
    listing = listed_supervision_create(actor=w["province"], hazard=major, responsible_agency=agency(CITY),
                                        deadline=TODAY, requirements="限期消除", today=TODAY)
    assert listing.display_status(TODAY) == "listed"
    assert listing.display_status(TODAY + timedelta(days=1)) == "overdue"


def test_hazard_add_on_cross_region_inspection_uses_visiting_scope(w, media):
    inspection = cross_region_inspection_plan(
        actor=w["visitor"], assignment=w["assignment"], enterprise=w["assigned"], planned_date=TODAY,
        officer_ids=[o.pk for o in w["team"]], today=TODAY)
    Inspection.objects.filter(pk=inspection.pk).update(status="in_progress")
    inspection.refresh_from_db()
    with pytest.raises(ServiceDenied):
        hazard_add(actor=w["third"], inspection=inspection, description="x", handling="on_spot")
    hazard_add(actor=w["visitor"], inspection=inspection, description="安全出口锁闭", handling="on_spot")


def test_a_visiting_officer_records_the_inspection_through_the_inspection_service(w, media):
    from anjian.inspections.services import inspection_approve, inspection_record, inspection_start

    inspection = cross_region_inspection_plan(
        actor=w["visitor"], assignment=w["assignment"], enterprise=w["assigned"], planned_date=TODAY,
        officer_ids=[o.pk for o in w["team"]], today=TODAY)
    inspection = inspection_approve(actor=w["visiting_head"], inspection=inspection, opinion="同意")
    inspection = inspection_start(actor=w["visitor"], inspection=inspection)
    hazard_add(actor=w["visitor"], inspection=inspection, description="消防通道堵塞", handling="deadline",
               deadline=TODAY + timedelta(days=10))
    assert inspection_record(actor=w["visitor"], inspection=inspection, summary="发现问题").status == "recorded"
