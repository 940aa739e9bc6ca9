"""Fixtures for the database tiers: Henan regions loaded once per session, users per role and agency."""

import sys
from pathlib import Path

import pytest

from anjian.domain.permissions import Role

PASSWORD = "Correct-Horse-42"


# Reference data put in by data migrations; a transactional test's flush empties it, so it is reloaded after.
DATA_MIGRATIONS = ("anjian.documents.migrations.0002_load_catalog", "anjian.inspections.migrations.0002_seed_checklist",
                   "anjian.cases.migrations.0003_load_discretion")


def reference_data_load() -> None:
    """Regions, agencies, the calendar and every data migration's rows (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    from anjian.calendars.services import calendar_seed_official
    from anjian.regions.services import regions_load

    regions_load()
    calendar_seed_official()
    for module in DATA_MIGRATIONS:
        import_module(module).load(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data_load()


@pytest.fixture(autouse=True)
def password_hashers(request):
    """Passwords are hashed with MD5 in tests (tests/conftest.py); a test marked ``argon2`` gets the production
    hashers (Argon2 first)."""
    if request.node.get_closest_marker("argon2") is not None:
        from tests.conftest import PRODUCTION_HASHERS

        request.getfixturevalue("settings").PASSWORD_HASHERS = PRODUCTION_HASHERS


_STUB_PDF: list[bytes] = []
_DOCUMENT_RENDERING = str(Path("anjian", "documents", "rendering.py"))


def stub_pdf_bytes() -> bytes:
    """One blank A4 page: a valid PDF that pypdf reads as one page."""
    if not _STUB_PDF:
        import io

        from pypdf import PdfWriter

        writer, out = PdfWriter(), io.BytesIO()
        writer.add_blank_page(595, 842)
        writer.write(out)
        _STUB_PDF.append(out.getvalue())
    return _STUB_PDF[0]


def stub_document_pdfs(monkeypatch) -> None:
    """Documents' PDFs (anjian/documents/rendering.py: ≈ 0.2-1 s each) become one blank page; their HTML is still
    rendered and parsed. Other PDFs (a case file's cover and contents, which must match its table) stay real."""
    from weasyprint import HTML

    real = HTML.write_pdf

    def write_pdf(self, target=None, *args, **kwargs):
        if not sys._getframe(1).f_code.co_filename.endswith(_DOCUMENT_RENDERING):
            return real(self, target, *args, **kwargs)
        assert target is None, "rendering.py asks for bytes"
        return stub_pdf_bytes()

    monkeypatch.setattr(HTML, "write_pdf", write_pdf)


@pytest.fixture(autouse=True)
def pdf_rendering(request, monkeypatch):
    """Documents' PDFs are laid out for real only in the tests marked ``pdf``, where the PDF itself is under test."""
    if request.node.get_closest_marker("pdf") is None:
        stub_document_pdfs(monkeypatch)


@pytest.fixture
def make_user(db):
    from anjian.accounts.services import user_create
    from anjian.regions.models import Agency

    counter = {"n": 0}

    def make(region_code: str, *roles: Role, username: str | None = None):
        counter["n"] += 1
        agency = Agency.objects.get(region_id=region_code)
        name = username or f"u{counter['n']}-{region_code}"
        return user_create(actor=None, username=name, full_name=name, password=PASSWORD, agency=agency,
                           roles=list(roles) or [Role.OFFICER])

    return make


@pytest.fixture
def make_enterprise(db):
    from anjian.enterprises.demo import make_uscc
    from anjian.enterprises.models import Enterprise

    counter = {"n": 0}

    def make(region_code: str = "411726", **fields):
        counter["n"] += 1
        values = {"uscc": make_uscc(region_code, 900000 + counter["n"]), "name": f"测试企业{counter['n']}有限公司",
                  "industry": "industry_trade", **fields}
        return Enterprise.objects.create(region_id=region_code, **values)

    return make


@pytest.fixture
def county_officer(make_user):
    """An officer of 泌阳县 (411726, under 驻马店 411700)."""
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def other_county_officer(make_user):
    """An officer of 西平县 (411721), a sibling county of 泌阳县."""
    return make_user("411721", Role.OFFICER)


# --- file storage (issue 13, ADR 0034): the suite runs on the disk and on Django's InMemoryStorage alike.

def storage_clear() -> None:
    """Delete every stored file (InMemoryStorage only: a disk storage is pointed at a fresh directory instead)."""
    from django.core.files.storage import default_storage

    from anjian.common.storage import every_stored_name

    for name in list(every_stored_name()):
        default_storage.delete(name)


def use_storage(settings, tmp_path):
    """A fresh, empty file storage for one test: a new MEDIA_ROOT on disk, an emptied InMemoryStorage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage"):
        storage_clear()
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def memory_storage_cleared():
    """With ANJIAN_STORAGE=memory, no test sees another's stored files."""
    from django.conf import settings

    yield
    if settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage"):
        storage_clear()


@pytest.fixture(autouse=True)
def cache_cleared():
    """No test sees another's cached figures (the home page's registry counts are kept a minute)."""
    from django.core.cache import cache

    yield
    cache.clear()


# --- transactional tests: their flush empties every table, reference data included
def reload_reference_data() -> None:
    from django.db import transaction

    from anjian.documents.models import DocumentKind
    from anjian.regions.models import Agency

    if not Agency.objects.exists() or not DocumentKind.objects.exists():
        with transaction.atomic():
            reference_data_load()


@pytest.fixture(scope="module")
def reference_data_after_module(django_db_blocker):
    """Use in a module of transactional tests: the reference data is put back after its last test, so the tests
    that run later on the same worker still find regions, calendars and the document catalog."""
    yield
    with django_db_blocker.unblock():
        reload_reference_data()
