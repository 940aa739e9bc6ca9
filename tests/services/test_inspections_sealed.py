"""A random draw's inspections are sealed until the task discloses its results (不发通知、不打招呼, ADR 0023): only
their team and the task's owners see them, their findings or their documents; afterwards everyone in scope does."""

import pytest
from django.http import Http404
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.calendars.selectors import work_calendar
from anjian.cases.core.origins import hazards_for_case, inspection_for_case
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.documents.models import Document
from anjian.documents.selectors import document_get_for, document_list_for, documents_of
from anjian.domain.metrics import half_year
from anjian.inspections import selectors as sel
from anjian.inspections import selectors_rectification as rsel
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_plan, inspections_unseal
from anjian.inspections.services_rectification import rectification_remind
from anjian.notices.models import Notice
from anjian.reports.metrics import metrics_for
from tests.services.inspection_helpers import officer
from tests.services.sealed_helpers import sealed_world

pytestmark = pytest.mark.django_db
MISSING = (NotFound, Http404)  # other apps' readers may still raise Http404 (issue 11 moves them to NotFound)


@pytest.fixture
def world(make_user):
    return sealed_world(make_user)


def sees(user, world) -> dict[str, bool]:
    """Every read of the drawn inspection, its finding and its documents, for ``user``."""
    i, h = world.inspection, world.hazard
    docs = list(documents_of(i))

    def found(read) -> bool:
        try:
            read()
        except MISSING:
            return False
        return True

    return {
        "list": sel.inspection_list_for(user).filter(pk=i.pk).exists(),
        "list by name": sel.inspection_list_for(user, sel.InspectionFilters(q=i.enterprise.name)).exists(),
        "detail": found(lambda: sel.inspection_get_for(user, i.pk)),
        "rectification list": rsel.rectification_list_for(user, state="all_open", today=timezone.localdate())
        .filter(pk=h.pk).exists(),
        "rectification counts": rsel.rectification_counts_for(user, today=timezone.localdate())["all_open"] == 1,
        "enterprise hazards": rsel.enterprise_open_hazards(user, i.enterprise).filter(pk=h.pk).exists(),
        "hazard": found(lambda: rsel.hazard_get_for(user, h.pk)),
        "documents list": document_list_for(user).filter(pk__in=[d.pk for d in docs]).exists(),
        "document": any(found(lambda d=d: document_get_for(user, d.pk)) for d in docs),
    }


def test_before_disclosure_only_the_team_and_the_owners_see_the_drawn_inspection(world):
    assert world.inspection.sealed and world.inspection.source == "random"
    assert {d.kind_id for d in documents_of(world.inspection)} >= {"检查", "检记", "责改"}
    for label, user in world.insiders.items():
        assert all(sees(user, world).values()), label
    for label, user in world.outsiders.items():
        assert not any(sees(user, world).values()), (label, sees(user, world))
        # The ordinary inspection of the same agency and its documents stay visible to them.
        assert sel.inspection_list_for(user).filter(pk=world.ordinary.pk).exists(), label
        assert sel.inspection_get_for(user, world.ordinary.pk) == world.ordinary
        assert document_list_for(user).filter(pk__in=documents_of(world.ordinary).values("pk")).exists(), label


def test_a_sealed_inspection_reads_like_a_nonexistent_one(world):
    reader = world.outsiders["county read-only"]
    missing = Inspection.objects.order_by("-pk").first().pk + 100
    with pytest.raises(NotFound) as sealed:
        sel.inspection_get_for(reader, world.inspection.pk)
    with pytest.raises(NotFound) as nothing:
        sel.inspection_get_for(reader, missing)
    assert str(sealed.value) == str(nothing.value)
    document = documents_of(world.inspection).first()
    with pytest.raises(MISSING) as sealed_doc:
        document_get_for(reader, document.pk)
    with pytest.raises(MISSING) as no_doc:
        document_get_for(reader, Document.objects.order_by("-pk").first().pk + 100)
    assert str(sealed_doc.value) == str(no_doc.value)


def test_a_case_cannot_be_built_on_a_sealed_inspection_by_someone_outside_it(world):
    idle = world.outsiders["county officer not assigned"]
    with pytest.raises(MISSING):
        inspection_for_case(idle, world.inspection.pk)
    assert not hazards_for_case(idle, world.inspection.enterprise).exists()
    assert inspection_for_case(world.assigned, world.inspection.pk) == world.inspection
    assert list(hazards_for_case(world.assigned, world.inspection.enterprise)) == [world.hazard]


def test_the_yearly_cap_counts_a_sealed_inspection_without_naming_or_offering_it(world):
    idle = world.outsiders["county officer not assigned"]
    mine = inspection_plan(actor=idle, enterprise=world.inspection.enterprise, source="complaint",
                           planned_date=world.inspection.planned_date,
                           officer_ids=[officer(name="甲").pk, officer(name="乙").pk])
    frequency = sel.inspection_frequency(mine, idle)
    assert world.inspection not in frequency.joinable
    assert frequency.warnings and all(world.inspection.agency.name not in w for w in frequency.warnings)


def test_notices_reach_the_agency_only_after_disclosure(world):
    rectification_remind(today=timezone.localdate(), calendar=work_calendar())
    assert not Notice.objects.filter(key__startswith=f"hazard:{world.hazard.pk}:").exists()
    world.disclose()
    rectification_remind(today=timezone.localdate(), calendar=work_calendar())
    assert Notice.objects.filter(key__startswith=f"hazard:{world.hazard.pk}:", resolved_at__isnull=True).exists()


def test_after_disclosure_everyone_in_scope_sees_it_and_the_unsealing_is_audited(world):
    world.disclose()
    world.inspection.refresh_from_db()
    assert not world.inspection.sealed
    for label, user in {**world.insiders, **world.outsiders}.items():
        assert all(sees(user, world).values()), label
    event = AuditEvent.objects.get(verb="inspection_unseal", target_id=str(world.inspection.pk))
    assert event.payload["new"] == {"sealed": False} and "保密抽查" in event.payload["reason"]
    assert AuditEvent.objects.get(verb="draw_task_disclose").payload["new"]["inspections_unsealed"] == 1


def test_only_the_owners_may_unseal(world):
    with pytest.raises(ServiceDenied):
        inspections_unseal(actor=world.assigned, inspection_ids=[world.inspection.pk], reason="提前公开")
    with pytest.raises(ServiceInvalid):
        inspections_unseal(actor=world.head, inspection_ids=[world.inspection.pk], reason=" ")
    world.inspection.refresh_from_db()
    assert world.inspection.sealed
    assert inspections_unseal(actor=world.head, inspection_ids=[world.inspection.pk, world.ordinary.pk],
                              reason="依法公开") == 1


def test_statistics_keep_counting_sealed_inspections(world):
    """Counts name no enterprise: the metrics count the sealed inspection as carried out."""
    today = timezone.localdate()
    period = half_year(today.year, 1 if today.month <= 6 else 2)
    counters = metrics_for(["411726"], period, source="records").unit("泌阳县").counters
    assert counters["inspections"] == 1 and counters["hazards"] == 1


def test_the_migration_seals_inspections_planned_before_the_rule(world):
    from importlib import import_module

    from django.apps import apps

    Inspection.objects.update(sealed=False)
    import_module("anjian.draws.migrations.0004_seal_drawn_inspections").seal(apps, None)
    assert list(Inspection.objects.filter(sealed=True)) == [world.inspection]
    world.disclose()
    Inspection.objects.update(sealed=False)
    import_module("anjian.draws.migrations.0004_seal_drawn_inspections").seal(apps, None)
    assert not Inspection.objects.filter(sealed=True).exists()
