"""Writes of listed supervision (挂牌督办): list → progress reports → delist. One transaction each, audited.

Evidence files of progress reports are checked and stored by `anjian.inspections.evidence` (content-sniffed,
one file per SHA-256) as Evidence rows of the hazard, and linked to the progress report.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import agencies_for, can, highest_grant
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import (
    LISTING_MOVES,
    LISTING_STATUSES,
    delisting_problems,
    listing_problems,
    progress_problems,
)
from anjian.inspections import evidence as files
from anjian.inspections.models import Evidence, Hazard
from anjian.regions.models import Agency
from anjian.supervision.models import ListedSupervision, SupervisionProgress


def _member_of(actor, capability: Capability, agency: Agency) -> bool:
    return agency.pk in {g.agency_id for g in agencies_for(actor, capability)}


def listing_agency_for(actor) -> Agency | None:
    """The agency a listing is made in: the actor's highest agency holding LISTED_SUPERVISION."""
    grant = highest_grant(actor, Capability.LISTED_SUPERVISION)
    return Agency.objects.select_related("region").get(pk=grant.agency_id) if grant else None


def listed_supervision_create(*, actor, hazard: Hazard, responsible_agency: Agency, deadline: date | None,
                              requirements: str, today: date, listing_agency: Agency | None = None
                              ) -> ListedSupervision:
    """A superior agency lists a major hazard, naming the responsible agency and a deadline."""
    if listing_agency is None:
        listing_agency = listing_agency_for(actor)
        if listing_agency is None:
            raise ServiceDenied("您无权挂牌督办")
    elif not _member_of(actor, Capability.LISTED_SUPERVISION, listing_agency):
        raise ServiceDenied("您不能以该机关名义挂牌督办")
    enterprise_code = hazard.enterprise.region_id
    errors = listing_problems(is_major=hazard.is_major, hazard_status=hazard.status,
                              listing_code=listing_agency.region_id, responsible_code=responsible_agency.region_id,
                              enterprise_code=enterprise_code, deadline=deadline, requirements=requirements,
                              today=today)
    if not errors and ListedSupervision.objects.filter(hazard=hazard, status="listed").exists():
        errors.append("该隐患已在挂牌督办中")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        listing = ListedSupervision.objects.create(
            hazard=hazard, listing_agency=listing_agency, responsible_agency=responsible_agency,
            listed_at=timezone.now(), deadline=deadline, requirements=requirements.strip(), created_by=actor)
        audit_record(actor=actor, agency=listing_agency, verb="listed_supervision_create", target=listing,
                     new=model_snapshot(listing))
    return listing


def supervision_progress_add(*, actor, listing: ListedSupervision, report_date: date | None, text: str, today: date,
                             uploads: Sequence = (), kind: str = "") -> SupervisionProgress:
    """The responsible agency (or the listing agency) reports progress, with evidence files; all or nothing."""
    if not (can(actor, Capability.INSPECTION_EDIT, listing.responsible_agency.region_id)
            or _member_of(actor, Capability.LISTED_SUPERVISION, listing.listing_agency)):
        raise ServiceDenied("只有责任单位可以报送督办进展")
    errors = progress_problems(status=listing.status, report_date=report_date, text=text, today=today)
    if errors:
        raise ServiceInvalid(errors)
    hazard = listing.hazard
    staged = files.stage(uploads, kind)
    try:
        with transaction.atomic():
            progress = SupervisionProgress.objects.create(listing=listing, report_date=report_date,
                                                          text=text.strip(), reported_by=actor)
            rows = files.keep(staged, actor=actor, inspection=hazard.inspection, hazard=hazard)
            if rows and all(r.pk for r in rows):
                progress.evidence.set(rows)
            elif rows:  # a database that does not return ids from bulk_create
                progress.evidence.set(list(Evidence.objects.filter(
                    hazard=hazard, sha256__in=[r.sha256 for r in rows], uploaded_by=actor).order_by("-id")[:len(rows)]))
            audit_record(actor=actor, agency=listing.responsible_agency, verb="supervision_progress_add",
                         target=listing, new={"progress": progress.pk, "report_date": str(report_date),
                                              "text": progress.text, "evidence": [r.sha256 for r in rows]})
    except BaseException:
        files.discard(staged)
        raise
    return progress


def listed_supervision_delist(*, actor, listing: ListedSupervision, opinion: str) -> ListedSupervision:
    """摘牌 by the listing agency, with evidence (a file, or the hazard rectified) and an opinion."""
    if not _member_of(actor, Capability.LISTED_SUPERVISION, listing.listing_agency):
        raise ServiceDenied("只有挂牌机关可以摘牌")
    evidence_count = Evidence.objects.filter(supervision_progress__listing=listing).count()
    hazard_status = Hazard.objects.filter(pk=listing.hazard_id).values_list("status", flat=True).first()
    errors = delisting_problems(status=listing.status, evidence_count=evidence_count,
                                hazard_rectified=hazard_status == "rectified", opinion=opinion)
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        return transition(actor=actor, agency=listing.listing_agency, obj=listing, table=LISTING_MOVES,
                          allow_same=False, new="delisted", verb="listed_supervision_delist", kind="督办事项",
                          labels=LISTING_STATUSES, conflict="该督办事项已被他人处理，请刷新后重试",
                          payload={"evidence_count": evidence_count, "hazard_status": hazard_status},
                          delisted_at=timezone.now(), delisted_by=actor, delisting_opinion=opinion.strip())
