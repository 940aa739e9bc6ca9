"""Pages and API: before a draw's results are disclosed, its inspections, findings and documents are shown to their
team and the task's owners only, and read like nonexistent ones to everyone else (ADR 0023)."""

import re

import pytest

from anjian.documents.models import Document
from anjian.documents.selectors import documents_of
from anjian.inspections.models import Inspection
from tests.services.sealed_helpers import sealed_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    return sealed_world(make_user)


def _same(a, b) -> bool:
    """Two answers alike but for the per-response CSP nonce and CSRF token."""
    strip = lambda r: re.sub(rb'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', b"", r.content)  # noqa: E731
    return a.status_code == b.status_code and strip(a) == strip(b)


def shown(client, world) -> dict[str, bool]:
    """What each page and endpoint gives away of the drawn inspection."""
    i, name, finding = world.inspection, world.inspection.enterprise.name, world.hazard.description
    doc = documents_of(i).order_by("pk").first()
    api_ids = {r["id"] for r in client.get("/api/v1/inspections/?size=100").json()["results"]}
    api_docs = {r["id"] for r in client.get("/api/v1/documents/?size=100").json()["results"]}
    rectification = client.get("/api/v1/rectification/?state=all_open").json()
    return {
        "list": name in client.get("/inspections/").content.decode(),
        "list by name": name in client.get("/inspections/", {"q": i.enterprise.uscc}).content.decode(),
        "api list": i.pk in api_ids,
        "api list by source": bool(client.get("/api/v1/inspections/?source=random").json()["count"]),
        "detail": client.get(f"/inspections/{i.pk}/").status_code == 200,
        "api detail": client.get(f"/api/v1/inspections/{i.pk}").status_code == 200,
        "documents": name in client.get("/documents/").content.decode(),
        "api documents": doc.pk in api_docs,
        "document": client.get(f"/documents/{doc.pk}/").status_code == 200,
        "api document": client.get(f"/api/v1/documents/{doc.pk}").status_code == 200,
        "rectification": finding in client.get("/inspections/rectification/?state=all_open").content.decode(),
        "api rectification": finding in str(rectification),
        "enterprise hazards": finding in client.get(
            f"/inspections/rectification/enterprise/{i.enterprise_id}/").content.decode(),
    }


def test_before_disclosure_only_the_team_and_the_owners_are_shown_the_drawn_inspection(client, world):
    for label, user in world.insiders.items():
        client.force_login(user)
        assert all(shown(client, world).values()), (label, shown(client, world))
    for label, user in world.outsiders.items():
        client.force_login(user)
        assert not any(shown(client, world).values()), (label, shown(client, world))
        listing = client.get("/inspections/").content.decode()
        assert world.ordinary.enterprise.name in listing, label
        page = client.get(f"/enterprises/{world.inspection.enterprise_id}/")
        assert page.status_code == 200 and world.hazard.description not in page.content.decode()


def test_a_sealed_inspection_and_its_documents_read_exactly_like_nonexistent_ones(client, world):
    client.force_login(world.outsiders["city read-only"])
    i, doc = world.inspection, documents_of(world.inspection).first()
    none_i = Inspection.objects.order_by("-pk").first().pk + 100
    none_d = Document.objects.order_by("-pk").first().pk + 100
    for sealed, missing in ((f"/inspections/{i.pk}/", f"/inspections/{none_i}/"),
                            (f"/inspections/{i.pk}/rectification/", f"/inspections/{none_i}/rectification/"),
                            (f"/documents/{doc.pk}/", f"/documents/{none_d}/"),
                            (f"/documents/{doc.pk}/pdf", f"/documents/{none_d}/pdf")):
        a, b = client.get(sealed), client.get(missing)
        assert a.status_code == 404 and _same(a, b), sealed
    for sealed, missing in ((f"/api/v1/inspections/{i.pk}", f"/api/v1/inspections/{none_i}"),
                            (f"/api/v1/documents/{doc.pk}", f"/api/v1/documents/{none_d}")):
        a, b = client.get(sealed), client.get(missing)
        assert a.status_code == 404 and a.json() == b.json(), sealed


def test_a_case_may_not_be_prefilled_from_it_by_an_officer_outside_it(client, world):
    client.force_login(world.outsiders["county officer not assigned"])
    assert client.get(f"/cases/new/?inspection={world.inspection.pk}").status_code == 404
    assert client.get(f"/cases/new/?hazard={world.hazard.pk}").status_code == 404
    page = client.get(f"/cases/new/?enterprise={world.inspection.enterprise_id}")
    assert page.status_code == 200 and world.hazard.description not in page.content.decode()
    client.force_login(world.assigned)
    assert client.get(f"/cases/new/?inspection={world.inspection.pk}").status_code == 200


def test_after_disclosure_everyone_in_scope_is_shown_it(client, world):
    world.disclose()
    for label, user in {**world.insiders, **world.outsiders}.items():
        client.force_login(user)
        assert all(shown(client, world).values()), (label, shown(client, world))
