"""`anjian prune-uploads`: uploaded import tables (names, phone numbers) do not stay forever — older ones are
deleted through the storage API, except those a queued or running job still imports."""

import io
import os
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from anjian.audit.models import AuditEvent
from anjian.common.storage import IMPORTS, keep_bytes, sha256_of, stored_names
from anjian.jobs.models import Job


@pytest.fixture
def on_disk(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    return tmp_path


def _upload(media, body: bytes, days_old: float) -> str:
    name = f"{IMPORTS}/{sha256_of(body)}.csv"
    keep_bytes(name, body)
    when = time.time() - days_old * 86400
    os.utime(media / name, (when, when))
    return name


@pytest.mark.django_db
def test_old_uploads_are_deleted_except_those_a_pending_job_imports(on_disk):
    fresh = _upload(on_disk, b"fresh", 1)
    _upload(on_disk, b"old", 8)
    queued = _upload(on_disk, b"queued", 30)
    running = _upload(on_disk, b"running", 30)
    finished = _upload(on_disk, b"finished", 30)
    keep_bytes("documents/" + "0" * 64 + ".pdf", b"not an upload")
    Job.objects.create(kind="enterprises.import", title="q", state=Job.State.QUEUED, params={"stored_name": queued})
    Job.objects.create(kind="enterprises.import", title="r", state=Job.State.RUNNING, params={"stored_name": running})
    Job.objects.create(kind="enterprises.import", title="d", state=Job.State.DONE, params={"stored_name": finished})
    out = io.StringIO()
    call_command("prune_uploads", stdout=out)
    assert "已删除 2 个超过 7 天" in out.getvalue()
    assert sorted(stored_names(IMPORTS)) == sorted([fresh, queued, running])
    assert list(stored_names("documents")) == ["documents/" + "0" * 64 + ".pdf"]
    event = AuditEvent.objects.get(verb="uploads_prune")
    assert event.target_repr == "删除 2 个上传的导入文件" and "older_than_days" in str(event.payload)

    call_command("prune_uploads", "--older-than", "0", stdout=out)
    assert sorted(stored_names(IMPORTS)) == sorted([queued, running])


@pytest.mark.django_db
def test_nothing_to_prune_writes_no_audit_event_and_bad_days_are_refused(on_disk):
    _upload(on_disk, b"fresh", 1)
    call_command("prune_uploads", stdout=io.StringIO())
    assert not AuditEvent.objects.filter(verb="uploads_prune").exists()
    with pytest.raises(CommandError, match="0 到 3650"):
        call_command("prune_uploads", "--older-than", "-1")
