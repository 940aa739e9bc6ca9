"""The phone app's doors (issue 14): the pack, the sync and photo uploads as JSON, their bounds, scope, and the
installable shell (manifest, service worker) and the desk's page of what phones recorded."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anjian.domain.permissions import Role
from anjian.field.models import FieldRecord
from tests.services.inspection_helpers import png_bytes
from tests.services.test_field_sync import trip  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
JSON = "application/json"


def start(inspection, **kw):
    return {"client_id": str(uuid.uuid4()), "kind": "start", "inspection_id": inspection.pk,
            "device_time": (timezone.now() - timedelta(minutes=30)).isoformat(), **kw}


def test_pack_sync_and_photo_through_the_api(client, trip, settings, tmp_path):  # noqa: F811
    from tests.django_fixtures import use_storage

    use_storage(settings, tmp_path)
    user, inspection, _ = trip
    client.force_login(user)
    pack = client.get("/api/v1/field/pack?days=3").json()
    assert [i["id"] for i in pack["inspections"]] == [inspection.pk] and pack["csrf_token"]
    assert pack["vocab"]["handlings"]["deadline"] == "限期整改"
    body = {"device": "phone-1", "sent_at": timezone.now().isoformat(), "records": [start(inspection)]}
    first = client.post("/api/v1/field/sync", body, content_type=JSON).json()
    again = client.post("/api/v1/field/sync", body, content_type=JSON).json()
    assert (first[0]["outcome"], again[0]["outcome"]) == ("applied", "duplicate")
    photo = {"file": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "client_id": str(uuid.uuid4()),
             "inspection_id": inspection.pk, "device_time": timezone.now().isoformat(), "latitude": "32.7",
             "longitude": "113.3"}
    answer = client.post("/api/v1/field/photos", photo)
    assert answer.status_code == 200 and answer.json()["outcome"] == "applied"
    assert FieldRecord.objects.count() == 2
    page = client.get(f"/field/inspections/{inspection.pk}/records/")
    assert page.status_code == 200 and "开始检查" in page.content.decode() and "p.png" in page.content.decode()
    detail = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "手机拍摄" in detail and "距登记位置" in detail and f"/field/inspections/{inspection.pk}/records/" in detail


@pytest.mark.parametrize("change", [
    {"client_id": "not-a-uuid"}, {"kind": "delete"}, {"device_time": "1970-01-01T00:00:00Z"},
    {"position": {"latitude": 91, "longitude": 0}}, {"position": {"latitude": 32, "longitude": 113, "accuracy_m": True}},
    {"position": {"latitude": "32", "longitude": 113}}, {"image": "@@@"}, {"base_version": "x" * 41},
    {"inspection_id": 0}, {"refused": "true"}, {"is_major": 1}, {"place": "场" * 256},
])
def test_bad_records_are_refused_as_json_with_the_field(client, trip, change):  # noqa: F811
    user, inspection, _ = trip
    client.force_login(user)
    body = {"sent_at": timezone.now().isoformat(), "records": [{**start(inspection), **change}]}
    answer = client.post("/api/v1/field/sync", body, content_type=JSON)
    assert answer.status_code == 422 and set(answer.json()) >= {"code", "message"}
    assert not FieldRecord.objects.exists()


def test_another_countys_inspection_reads_like_a_missing_one(client, trip, make_user):  # noqa: F811
    _, inspection, _ = trip
    client.force_login(make_user("411721", Role.OFFICER))
    photo = {"file": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "client_id": str(uuid.uuid4()),
             "device_time": timezone.now().isoformat()}
    theirs = client.post("/api/v1/field/photos", {**photo, "inspection_id": inspection.pk})
    missing = client.post("/api/v1/field/photos", {**photo, "inspection_id": 10**9})
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    assert client.get(f"/field/inspections/{inspection.pk}/records/").status_code == 404
    assert client.get("/api/v1/field/pack").json()["inspections"] == []


def test_the_app_is_installable_and_its_worker_caches_the_current_assets(client, trip):  # noqa: F811
    manifest = client.get("/field/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    assert {"start_url", "icons", "display"} <= set(manifest.json())
    worker = client.get("/field/sw.js")
    assert worker.status_code == 200 and "javascript" in worker["Content-Type"]
    assert "/static/field/app" in worker.content.decode() and worker["Service-Worker-Allowed"] == "/field/"
    assert client.get("/field/").status_code == 302  # the app itself needs a sign-in
    client.force_login(trip[0])
    shell = client.get("/field/").content.decode()
    assert 'rel="manifest"' in shell and "<script>" not in shell  # CSP: only files, no inline script


def test_a_time_without_zone_is_local_and_another_accounts_records_are_refused(client, trip):  # noqa: F811
    user, inspection, _ = trip
    client.force_login(user)
    naive = timezone.localtime().replace(tzinfo=None)
    body = {"sent_at": naive.isoformat(), "records": [{**start(inspection), "device_time": naive.isoformat()}]}
    other = client.post("/api/v1/field/sync", {**body, "username": "someone-else"}, content_type=JSON)
    assert other.status_code == 409 and "另一账号" in other.json()["message"]
    answer = client.post("/api/v1/field/sync", {**body, "username": user.username}, content_type=JSON)
    assert answer.status_code == 200 and answer.json()[0]["outcome"] == "applied"
