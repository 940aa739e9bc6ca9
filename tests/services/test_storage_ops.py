"""What IT relies on from stored files (issue 13 review): private modes on disk, and an ERROR log line naming a
stored file whose bytes no longer match the SHA-256 recorded for it."""

import logging
import stat

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage, storages

from anjian.common.storage import StoredFileProblem, keep_bytes, read_verified, sha256_of
from anjian.documents.files import document_file_bytes


@pytest.fixture
def on_disk(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path / "media")}}}
    assert isinstance(storages["default"], FileSystemStorage)
    return tmp_path / "media"


def test_stored_files_and_their_folders_are_not_world_readable(on_disk):
    assert django_settings.FILE_UPLOAD_PERMISSIONS == 0o640
    assert django_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o750
    data = b"%PDF-1.7 issued"
    name = f"documents/{sha256_of(data)}.pdf"
    assert keep_bytes(name, data)
    assert stat.S_IMODE((on_disk / name).stat().st_mode) == 0o640
    assert stat.S_IMODE((on_disk / "documents").stat().st_mode) == 0o750


def test_a_tampered_stored_file_is_logged_at_error_for_it_without_its_content(on_disk, caplog):
    recorded = sha256_of(b"%PDF-1.7 as issued")
    name = f"documents/{recorded}.pdf"
    keep_bytes(name, b"%PDF-1.7 SECRET altered")
    document = type("Doc", (), {"number": "豫安监责改〔2024〕7号", "pk": 41, "pdf_sha256": recorded})()
    with caplog.at_level(logging.ERROR, logger="anjian.storage"), pytest.raises(Exception, match="可能已被篡改"):
        document_file_bytes(document, "pdf")
    [record] = [r for r in caplog.records if r.name == "anjian.storage"]
    assert record.levelno == logging.ERROR
    line = record.getMessage()
    assert name in line and "豫安监责改〔2024〕7号" in line
    assert recorded in line and sha256_of(b"%PDF-1.7 SECRET altered") in line
    assert "SECRET" not in line and record.expected_sha256 == recorded


def test_a_missing_or_matching_file_logs_no_tampering(on_disk, caplog):
    data = b"fine"
    keep_bytes(f"evidence/{sha256_of(data)}", data)
    with caplog.at_level(logging.ERROR, logger="anjian.storage"):
        assert read_verified(f"evidence/{sha256_of(data)}", sha256_of(data)) == data
        with pytest.raises(StoredFileProblem, match="找不到"):
            read_verified(f"evidence/{'1' * 64}", "1" * 64)
    assert [r for r in caplog.records if r.name == "anjian.storage"] == []
