"""Shared builders for the inspection tests (services and web)."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from anjian.common.storage import EVIDENCE, stored_names
from anjian.officers.models import Officer
from anjian.regions.models import Agency
from tests.django_fixtures import use_storage

HOME = "411726"  # 泌阳县
OTHER = "411721"  # 西平县
FAR = date(2030, 12, 31)


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def photo(name="现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def officer(region=HOME, name="张三", number=None, expires=FAR, status="active", in_post=True, user=None) -> Officer:
    agency = Agency.objects.get(region_id=region)
    number = number or f"{region}{Officer.objects.count() + 1:08d}"
    return Officer.objects.create(certificate_number=number, certificate_expires=expires, name=name, agency=agency,
                                  region_id=region, status=status, in_post=in_post, user=user)


def use_media(settings, tmp_path):
    """A fresh, empty file storage (call from a `media` fixture)."""
    return use_storage(settings, tmp_path)


def evidence_files(media_root=None) -> list:
    """The names of the stored evidence files, whatever the storage."""
    return sorted(name.rsplit("/", 1)[-1] for name in stored_names(EVIDENCE))
