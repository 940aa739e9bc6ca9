"""The officer's phone (issue 14, ADR 0040): records made offline are applied once, in order, with place and time;
a change to a record that changed on the server meanwhile becomes a conflict the officer settles."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from anjian.audit.guard import guards_missing
from anjian.common.errors import NotFound
from anjian.domain.permissions import Role
from anjian.field import selectors as sel
from anjian.field.models import ChecklistResult, FieldConflict, FieldRecord
from anjian.field.services import field_conflict_settle, field_photo, field_sync
from anjian.inspections.models import ChecklistItem, Evidence, Hazard
from anjian.inspections.services import inspection_approve, inspection_plan
from anjian.inspections.services_hazards import hazard_update
from tests.services.inspection_helpers import HOME, officer, png_bytes, use_media
from tests.services.signature_helpers import drawn_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def trip(make_user, make_enterprise):
    """An officer whose account is a team member of an approved inspection of a 泌阳 enterprise (at 113.3, 32.7)."""
    user = make_user(HOME, Role.OFFICER)
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    enterprise = make_enterprise(HOME, name="泌阳县恒达化工有限公司", industry="hazardous_chemicals",
                                 longitude="113.300000", latitude="32.700000")
    team = [officer(name="张三", user=user), officer(name="李四")]
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan", planned_date=date.today(),
                                 officer_ids=[o.pk for o in team])
    inspection = inspection_approve(actor=head, inspection=inspection)
    return user, inspection, team


def rec(kind, inspection, minutes_ago=30, **fields):
    return {"client_id": uuid.uuid4(), "kind": kind, "inspection_id": inspection.pk,
            "device_time": timezone.now() - timedelta(minutes=minutes_ago), **fields}


def hazard_rec(inspection, **kw):
    return rec("hazard", inspection, 20, description="储罐区未设置可燃气体报警装置", handling="deadline",
               deadline=date.today() + timedelta(days=15), position={"latitude": 32.7001, "longitude": 113.3002},
               **kw)


def test_the_pack_holds_the_users_coming_inspections_with_the_checklist_of_the_industry(trip, make_user):
    user, inspection, _ = trip
    pack = sel.pack_for(user, date.today(), 3)
    [item] = pack["inspections"]
    assert item["id"] == inspection.pk and item["enterprise"]["name"] == "泌阳县恒达化工有限公司"
    offered = {c["id"]: c for c in pack["checklist"]}
    assert item["checklist"] and all(i in offered for i in item["checklist"])
    industries = set(ChecklistItem.objects.filter(pk__in=item["checklist"]).values_list("industry", flat=True))
    assert industries <= {"all", "hazardous_chemicals"}
    assert all(offered[i]["legal_basis"] for i in item["checklist"])
    assert sel.pack_for(make_user(HOME, Role.OFFICER), date.today(), 3)["inspections"] == []  # not on the team


def test_an_offline_visit_is_applied_once_in_order_with_place_and_time(trip, media):
    user, inspection, _ = trip
    item = ChecklistItem.objects.filter(industry__in=("all", "hazardous_chemicals")).first()
    records = [rec("start", inspection, 60, place="罐区", position={"latitude": 32.7, "longitude": 113.3}),
               rec("checklist", inspection, 50, item_id=item.pk, result="problem", note="报警器缺失"),
               hazard_rec(inspection),
               rec("end", inspection, 5, summary="发现隐患一项，已责令限期整改")]
    sent = timezone.now()
    first = field_sync(actor=user, records=records, sent_at=sent)
    assert [o.outcome for o in first] == ["applied"] * 4, [o.message for o in first]
    again = field_sync(actor=user, records=records, sent_at=sent)  # the answer was lost; the phone sends again
    assert [o.outcome for o in again] == ["duplicate"] * 4
    assert Hazard.objects.filter(inspection=inspection).count() == 1
    assert ChecklistResult.objects.get(inspection=inspection).result == "problem"
    assert FieldRecord.objects.filter(inspection=inspection).count() == 4
    inspection.refresh_from_db()
    assert inspection.status == "recorded"
    assert abs(inspection.started_at - (sent - timedelta(minutes=60))) < timedelta(seconds=5)
    h = FieldRecord.objects.get(kind="hazard")
    assert h.distance_m is not None and h.distance_m < 50 and h.received_at >= h.device_time


def test_a_phone_clock_hours_off_is_corrected_by_its_clock_at_sending_and_flagged(trip):
    user, inspection, _ = trip
    skew = timedelta(hours=7)  # the phone shows 7 hours later than the server
    now = timezone.now()
    start = rec("start", inspection, 0)
    start["device_time"] = now - timedelta(minutes=40) + skew
    [o] = field_sync(actor=user, records=[start], sent_at=now + skew)
    assert o.outcome == "applied" and "偏快" in o.message
    inspection.refresh_from_db()
    assert abs(inspection.started_at - (now - timedelta(minutes=40))) < timedelta(seconds=30)
    row = FieldRecord.objects.get()
    assert row.device_time - row.corrected_time > timedelta(hours=6) and "偏快" in row.clock_flag


def test_a_change_to_a_hazard_changed_on_the_server_meanwhile_is_a_conflict_to_settle(trip):
    user, inspection, _ = trip
    field_sync(actor=user, records=[rec("start", inspection, 60), hazard_rec(inspection)], sent_at=timezone.now())
    hazard = Hazard.objects.get(inspection=inspection)
    taken = sel.hazard_snapshot(hazard)["version"]  # what both devices hold
    hazard_update(actor=user, hazard=hazard, description="desk: 报警装置失效", handling="deadline",
                  deadline=date.today() + timedelta(days=10))
    change = rec("hazard_update", inspection, 1, hazard_id=hazard.pk, base_version=taken, description="phone: 已拍照",
                 handling="deadline", deadline=date.today() + timedelta(days=20))
    [o] = field_sync(actor=user, records=[change], sent_at=timezone.now())
    assert o.outcome == "conflict" and o.server["description"] == "desk: 报警装置失效"
    hazard.refresh_from_db()
    assert hazard.description == "desk: 报警装置失效"  # never overwritten silently
    [again] = field_sync(actor=user, records=[change], sent_at=timezone.now())
    assert again.outcome == "conflict" and FieldConflict.objects.count() == 1
    conflict = sel.conflict_for(user, o.conflict_id)
    field_conflict_settle(actor=user, conflict=conflict, resolution="mine")
    hazard.refresh_from_db()
    assert hazard.description == "phone: 已拍照" and hazard.deadline == date.today() + timedelta(days=20)
    assert list(sel.open_conflicts_for(user)) == []
    [after] = field_sync(actor=user, records=[change], sent_at=timezone.now())
    assert after.outcome == "duplicate"


def test_a_refused_record_is_not_kept_so_the_phone_can_correct_it(trip):
    user, inspection, _ = trip
    bad = hazard_rec(inspection)  # before the start: the inspection is not under way
    [o] = field_sync(actor=user, records=[bad], sent_at=timezone.now())
    assert o.outcome == "rejected" and "实施中" in o.message
    assert not FieldRecord.objects.exists()
    [o1, o2] = field_sync(actor=user, records=[rec("start", inspection, 60), bad], sent_at=timezone.now())
    assert (o1.outcome, o2.outcome) == ("applied", "applied")


def test_another_countys_inspection_reads_like_a_missing_one(trip, make_user):
    _, inspection, _ = trip
    stranger = make_user("411721", Role.OFFICER)
    [o] = field_sync(actor=stranger, records=[rec("start", inspection)], sent_at=timezone.now())
    [m] = field_sync(actor=stranger, records=[{**rec("start", inspection), "inspection_id": 10**9}], sent_at=timezone.now())
    assert o.outcome == m.outcome == "rejected" and o.message == m.message == str(NotFound())
    with pytest.raises(NotFound):
        sel.conflict_for(stranger, 1)


def test_a_photo_without_exif_is_kept_once_with_the_device_time_the_position_and_a_far_flag(trip, media):
    user, inspection, _ = trip
    field_sync(actor=user, records=[rec("start", inspection, 60)], sent_at=timezone.now())
    cid = uuid.uuid4()
    inspection.refresh_from_db()
    kw = {"actor": user, "inspection": inspection, "client_id": cid,
          "device_time": timezone.now() - timedelta(minutes=3), "sent_at": timezone.now(), "position": {"latitude": 32.75, "longitude": 113.3, "accuracy_m": 12.4}}
    first = field_photo(upload=SimpleUploadedFile("a.png", png_bytes(), "image/png"), **kw)
    retry = field_photo(upload=SimpleUploadedFile("a.png", png_bytes(), "image/png"), **kw)
    assert (first.outcome, retry.outcome) == ("applied", "duplicate")
    [e] = Evidence.objects.filter(inspection=inspection)
    assert e.client_id == cid and e.exif_time == "" and e.accuracy_m == 12
    assert 5000 < e.distance_m < 6000  # 0.05° of latitude north of the registered point
    fake = field_photo(upload=SimpleUploadedFile("b.png", b"not a png at all", "image/png"),
                       **{**kw, "client_id": uuid.uuid4()})
    assert fake.outcome == "rejected" and Evidence.objects.count() == 1


def test_a_signature_and_a_refusal_come_through_the_sync(trip, media):
    user, inspection, team = trip
    sign = rec("signature", inspection, 10, role="officer", officer_id=team[0].pk, image=drawn_png(1))
    refuse = rec("signature", inspection, 9, role="enterprise_head", refused=True, witness_name="王五",
                 signer_name="赵六")
    outcomes = field_sync(actor=user, records=[rec("start", inspection, 60), sign, refuse], sent_at=timezone.now())
    assert [o.outcome for o in outcomes] == ["applied"] * 3, [o.message for o in outcomes]
    from anjian.signatures.models import Signature

    assert Signature.objects.filter(inspection=inspection).count() == 2


def test_uploaded_records_are_frozen_in_the_database(trip):
    user, inspection, _ = trip
    field_sync(actor=user, records=[rec("start", inspection, 60)], sent_at=timezone.now())
    assert not [g for g in guards_missing() if "field" in g]
    with pytest.raises(DatabaseError), transaction.atomic():
        FieldRecord.objects.update(device=b"x".decode())
    with pytest.raises(DatabaseError), transaction.atomic():
        FieldRecord.objects.all().delete()


def test_the_pack_never_carries_a_sealed_or_foreign_inspection_or_its_hazards(trip, make_user, make_enterprise):
    from anjian.inspections.models import Inspection
    from anjian.regions.models import Agency

    user, inspection, team = trip
    sealed = Inspection.objects.create(enterprise=inspection.enterprise, agency=inspection.agency, source="random",
                                       status="in_progress", planned_date=date.today(), sealed=True)
    Hazard.objects.create(inspection=sealed, enterprise=inspection.enterprise, description="抽查结果公示前保密的隐患",
                          handling="deadline", status="rectifying", deadline=date.today() + timedelta(days=3))
    elsewhere = Inspection.objects.create(enterprise=make_enterprise("411721"), source="annual_plan",
                                          agency=Agency.objects.get(region_id="411700"), status="approved",
                                          planned_date=date.today())
    elsewhere.team.create(officer=team[0], role="member", certificate_number=team[0].certificate_number)
    pack = sel.pack_for(user, date.today(), 3)
    assert [i["id"] for i in pack["inspections"]] == [inspection.pk]
    assert pack["inspections"][0]["earlier_hazards"] == []


def test_times_after_the_receipt_are_refused_and_a_photo_bomb_or_a_pdf_is_not_a_photo(trip, media):
    import io

    from PIL import Image

    user, inspection, _ = trip
    late = rec("start", inspection, 0)
    late["device_time"] = timezone.now() + timedelta(hours=3)
    [o] = field_sync(actor=user, records=[late], sent_at=None)  # no clock reading: taken as it is
    assert o.outcome == "rejected" and "校准手机时钟" in o.message
    field_sync(actor=user, records=[rec("start", inspection, 60)], sent_at=timezone.now())
    inspection.refresh_from_db()
    buffer = io.BytesIO()
    Image.new("1", (13000, 13000)).save(buffer, "PNG")  # a few KB declaring 169 million pixels
    kw = {"actor": user, "inspection": inspection, "device_time": timezone.now(), "sent_at": timezone.now()}
    bomb = field_photo(upload=SimpleUploadedFile("b.png", buffer.getvalue(), "image/png"), client_id=uuid.uuid4(), **kw)
    assert bomb.outcome == "rejected" and "13000×13000" in bomb.message
    pdf = field_photo(upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello", "application/pdf"),
                      client_id=uuid.uuid4(), **kw)
    assert pdf.outcome == "rejected" and "照片或视频" in pdf.message
    assert not Evidence.objects.exists()
