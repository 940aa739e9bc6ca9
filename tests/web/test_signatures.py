"""现场签名 through the inspection page and /api/v1/signatures/: taking a signature or a refusal, the list with the
device and receipt times, images only for users who may see the inspection, idempotent uploads, bounded input."""

import base64
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.accounts.services import user_issue_api_token
from anjian.domain.permissions import Role
from anjian.signatures.models import Signature
from tests.services.inspection_helpers import OTHER, use_media
from tests.services.signature_helpers import drawn_png, new_id, now, site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def onsite(make_user, make_enterprise):
    return site(make_user, make_enterprise)


def form(**fields):
    values = {"role": "enterprise_head", "signer_name": "王五", "kind_code": "", "client_id": str(new_id()),
              "device_time": (now() - timedelta(minutes=2)).isoformat(),
              "image": SimpleUploadedFile("signature.png", drawn_png(1), content_type="image/png"), **fields}
    return {k: v for k, v in values.items() if v is not None}


# --- pages

def main(response) -> str:
    """What the page says (the header names the user and the path; messages wait for the next page)."""
    return re.search(r'<div class="card">.*</main>', response.content.decode(), re.S).group()


def test_an_officer_takes_a_signature_and_a_refusal_on_the_inspection_page(client, onsite):
    client.force_login(onsite.user)
    url = f"/inspections/{onsite.inspection.pk}/"
    page = client.get(url).content.decode()
    assert "现场签名（0）" in page and 'id="signature-form"' in page and "js/signature-pad.js" in page
    assert "<script>" not in page and " onclick=" not in page  # strict CSP: the pad's script is a file
    client_id = str(new_id())
    saved = client.post(f"{url}signatures/", form(client_id=client_id, latitude="32.72", longitude="113.32",
                                                   accuracy_m="12"))
    assert saved.status_code == 302 and saved["Location"] == f"{url}#signatures"
    again = client.post(f"{url}signatures/", form(client_id=client_id, latitude="32.72", longitude="113.32",
                                                   accuracy_m="12"))  # the same form sent twice
    assert again.status_code == 302 and Signature.objects.count() == 1
    missing_witness = client.post(f"{url}signatures/", form(role="site_head", refused="on", image=None))
    assert missing_witness.status_code == 302 and Signature.objects.count() == 1
    client.post(f"{url}signatures/", form(role="site_head", signer_name="赵六", refused="on", witness_name="李见证",
                                          image=None, note="不同意检查结论"))
    page = client.get(url).content.decode()
    signature = Signature.objects.get(refused=False)
    assert "现场签名（2）" in page and f"/inspections/{onsite.inspection.pk}/signatures/{signature.pk}/image" in page
    assert "拒绝签字（见证人：李见证）：不同意检查结论" in page
    assert "签名时间（设备）" in page and "接收时间（服务器）" in page and "32.720000, 113.320000" in page
    assert "⚠" not in page  # two minutes apart: no flag


def test_the_page_flags_a_device_time_far_from_the_receipt(client, onsite):
    client.force_login(onsite.user)
    url = f"/inspections/{onsite.inspection.pk}/"
    client.post(f"{url}signatures/", form(device_time=(now() - timedelta(hours=3)).isoformat()))
    page = client.get(url).content.decode()
    assert "⚠ 设备时间早于服务器接收时间 3 小时" in page


def test_a_refused_upload_says_why_and_keeps_nothing(client, onsite):
    client.force_login(onsite.user)
    url = f"/inspections/{onsite.inspection.pk}/"
    jpeg = SimpleUploadedFile("s.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, content_type="image/jpeg")
    response = client.post(f"{url}signatures/", form(image=jpeg), follow=True)
    assert "签名图像须为 PNG 格式" in response.content.decode() and not Signature.objects.exists()
    huge = SimpleUploadedFile("s.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 310 * 1024, content_type="image/png")
    response = client.post(f"{url}signatures/", form(image=huge), follow=True)
    assert "不得超过 300 KB" in response.content.decode() and not Signature.objects.exists()


def test_images_are_shown_only_to_users_who_may_see_the_inspection(client, onsite, make_user):
    client.force_login(onsite.user)
    client.post(f"/inspections/{onsite.inspection.pk}/signatures/", form())
    signature = Signature.objects.get()
    image_url = f"/inspections/{onsite.inspection.pk}/signatures/{signature.pk}/image"
    shown = client.get(image_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png" and shown.content == drawn_png(1)
    client.force_login(make_user("411726", Role.READ_ONLY))  # may view the county's inspections
    assert client.get(image_url).status_code == 200
    client.force_login(make_user(OTHER, Role.OFFICER))
    foreign = client.get(image_url)
    missing = client.get(f"/inspections/{onsite.inspection.pk}/signatures/{signature.pk + 99}/image")
    assert foreign.status_code == missing.status_code == 404
    assert main(foreign) == main(missing) and "不在您的管辖范围内" in main(foreign)
    assert client.post(f"/inspections/{onsite.inspection.pk}/signatures/", form()).status_code == 404


def test_the_section_works_without_a_form_once_the_inspection_is_closed(client, onsite):
    from anjian.inspections.services import inspection_close, inspection_record

    client.force_login(onsite.user)
    client.post(f"/inspections/{onsite.inspection.pk}/signatures/", form())
    inspection = inspection_record(actor=onsite.user, inspection=onsite.inspection, summary="检查了罐区。")
    inspection_close(actor=onsite.user, inspection=inspection)
    page = client.get(f"/inspections/{onsite.inspection.pk}/").content.decode()
    assert "现场签名（1）" in page and 'id="signature-form"' not in page


# --- API

def api(client, user):
    token = user_issue_api_token(actor=user)

    def call(method, url, body=None):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if body is not None:
            return getattr(client, method)(f"/api/v1/signatures{url}", body, content_type="application/json", **extra)
        return getattr(client, method)(f"/api/v1/signatures{url}", **extra)

    return call


def body(onsite, **fields):
    return {"inspection_id": onsite.inspection.pk, "client_id": str(new_id()), "role": "enterprise_head",
            "signer_name": "王五", "image_base64": base64.b64encode(drawn_png(1)).decode(),
            "device_time": now().isoformat(), **fields}


def test_the_api_records_once_per_client_id_and_lists_with_both_times(client, onsite):
    call = api(client, onsite.user)
    sent = body(onsite, latitude=32.72, longitude=113.32, accuracy_m=8)
    created = call("post", "/", sent)
    assert created.status_code == 201, created.json()
    out = created.json()
    assert out["role_label"] == "被检查单位负责人" and out["image_width"] == 300 and out["clock_note"] == ""
    assert out["received_at"] and out["device_time"] and out["latitude"] == 32.72
    retried = call("post", "/", sent)
    assert retried.status_code == 200 and retried.json()["id"] == out["id"]
    conflict = call("post", "/", {**sent, "signer_name": "赵六"})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"
    officer = call("post", "/", body(onsite, role="officer", officer_id=onsite.team[1].pk, signer_name="",
                                     image_base64="data:image/png;base64," + base64.b64encode(drawn_png(2)).decode()))
    assert officer.status_code == 201 and officer.json()["signer_name"] == "李四"
    listed = call("get", f"/?inspection={onsite.inspection.pk}")
    assert [s["id"] for s in listed.json()] == [out["id"], officer.json()["id"]]
    image = call("get", f"/{out['id']}/image")
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content == drawn_png(1)


def test_the_api_takes_a_refusal_only_with_a_witness(client, onsite):
    call = api(client, onsite.user)
    refused = call("post", "/", body(onsite, role="site_head", refused=True, image_base64=None))
    assert refused.status_code == 422
    assert refused.json()["detail"] == [{"field": "witness_name", "reason": "拒绝签字须记录见证人姓名"}]
    kept = call("post", "/", body(onsite, role="site_head", refused=True, image_base64=None, witness_name="李见证"))
    assert kept.status_code == 201 and kept.json()["image_url"] is None
    assert call("get", f"/{kept.json()['id']}/image").status_code == 404


def test_the_api_bounds_every_field(client, onsite):
    call = api(client, onsite.user)
    for wrong in ({"image_base64": "not base64!"}, {"image_base64": "A" * 409_700}, {"role": "boss"},
                  {"signer_name": "名" * 101}, {"latitude": 91, "longitude": 113}, {"client_id": "123"},
                  {"kind_code": "罚"}, {"inspection_id": 0}, {"image_base64": "QUJD"}):
        response = call("post", "/", body(onsite, **wrong))
        assert response.status_code == 422, (wrong, response.json())
        assert set(response.json()) >= {"code", "message"} and response.json()["code"] == "invalid_request"
    assert not Signature.objects.exists()


def test_an_inspection_out_of_scope_reads_like_a_missing_one(client, onsite, make_user):
    call = api(client, make_user(OTHER, Role.OFFICER))
    theirs = call("post", "/", body(onsite))
    missing = call("post", "/", body(onsite, inspection_id=onsite.inspection.pk + 999))
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    assert call("get", f"/?inspection={onsite.inspection.pk}").json() == \
        call("get", f"/?inspection={onsite.inspection.pk + 999}").json()
    kept = api(client, onsite.user)("post", "/", body(onsite)).json()
    assert call("get", f"/{kept['id']}/image").json() == call("get", f"/{kept['id'] + 999}/image").json()


def test_openapi_describes_the_signature_operations(client, onsite):
    client.force_login(onsite.user)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    post = paths["/api/v1/signatures/"]["post"]
    assert set(post["responses"]) >= {"200", "201", "401", "403", "404", "409", "422"}
    assert "image/png" in paths["/api/v1/signatures/{signature_id}/image"]["get"]["responses"]["200"]["content"]
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["SignatureIn"]["properties"]
    assert schema["image_base64"]["anyOf"][0]["maxLength"] == 409_622
    assert schema["signer_name"]["maxLength"] == 100 and schema["role"]["enum"][0] == "enterprise_head"
