"""Reads of cross-region assignments, handover forms and listed supervision, scoped to the acting user.

- An assignment is visible to its visiting agency's own users (only what it was assigned), to users whose
  scope covers the home agency, and to users whose scope covers the issuing agency (the province sees all).
- A handover form is visible to the visiting side (its own forms), to the home side once sent, and to the
  issuer's side; the home agency's actions on items are shown to the home and issuer sides only.
- A listing is visible to users whose scope covers the listing or the responsible agency.
Fetchers raise NotFound for "missing" and "not yours" alike.
"""

from datetime import date

from django.db.models import Q, QuerySet

from anjian.accounts.access import agencies_for, can, scope_q
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import is_superior
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Evidence, Hazard, Inspection
from anjian.officers.models import Officer
from anjian.regions.models import Agency
from anjian.supervision.models import CrossRegionAssignment, HandoverForm, HandoverItem, ListedSupervision

V = Capability.INSPECTION_VIEW


def _agency_ids(user, capability: Capability) -> set[int]:
    return {g.agency_id for g in agencies_for(user, capability)}


# ---------------------------------------------------------------- assignments


def active_assignments_for(user, today: date) -> QuerySet[CrossRegionAssignment]:
    """Assignments the user's own agency carries out today (as visiting agency)."""
    return CrossRegionAssignment.objects.filter(
        visiting_agency_id__in=_agency_ids(user, Capability.INSPECTION_EDIT),
        period_from__lte=today, period_to__gte=today)


def assigned_enterprises_for(user, today: date) -> QuerySet[Enterprise]:
    """Enterprises the user may inspect today under an active assignment of their agency (outside normal scope)."""
    return Enterprise.objects.filter(
        cross_region_assignments__in=active_assignments_for(user, today)).distinct()


def assignment_list_for(user) -> QuerySet[CrossRegionAssignment]:
    q = (Q(visiting_agency_id__in=_agency_ids(user, V))
         | scope_q(user, V, column="home_agency__region_id")
         | scope_q(user, V, column="issuer__region_id"))
    return CrossRegionAssignment.objects.filter(q).select_related(
        "issuer", "visiting_agency", "home_agency").distinct()


def assignment_get_for(user, pk: int) -> CrossRegionAssignment:
    assignment = assignment_list_for(user).filter(pk=pk).first()
    if assignment is None:
        raise NotFound()
    return assignment


def assignment_enterprise_get(user, assignment: CrossRegionAssignment, pk: int, today: date) -> Enterprise:
    """An enterprise of this assignment that the user may inspect today (NotFound otherwise)."""
    enterprise = assigned_enterprises_for(user, today).filter(
        pk=pk, cross_region_assignments=assignment).select_related("region").first()
    if enterprise is None:
        raise NotFound()
    return enterprise


def assignment_inspections(assignment: CrossRegionAssignment) -> QuerySet[Inspection]:
    return Inspection.objects.filter(cross_region_link__assignment=assignment).select_related(
        "enterprise", "agency").order_by("planned_date", "id")


def visiting_officers_for(assignment: CrossRegionAssignment) -> QuerySet[Officer]:
    return Officer.objects.filter(agency=assignment.visiting_agency, status="active", in_post=True).order_by("name")


def assignment_issuers_for(user) -> list[Agency]:
    ids = _agency_ids(user, Capability.INSPECTION_APPROVE)
    return list(Agency.objects.filter(pk__in=ids).select_related("region"))


def agencies_under(agency: Agency) -> QuerySet[Agency]:
    """Agencies in the region of `agency` and below (for choosing visiting/home/responsible agencies)."""
    from anjian.domain.identifiers import prefix_range, region_prefix

    low, high = prefix_range(region_prefix(agency.region_id))
    return Agency.objects.filter(region_id__gte=low, region_id__lt=high).select_related("region")


# ---------------------------------------------------------------- handover forms


def _handover_q(user) -> Q:
    return (Q(visiting_agency_id__in=_agency_ids(user, V))
            | (scope_q(user, V, column="home_agency__region_id") & ~Q(status="draft"))
            | scope_q(user, V, column="assignment__issuer__region_id"))


def handover_list_for(user) -> QuerySet[HandoverForm]:
    return HandoverForm.objects.filter(_handover_q(user)).select_related(
        "enterprise", "visiting_agency", "home_agency", "inspection").distinct()


def handover_inbox_for(user) -> QuerySet[HandoverForm]:
    """Forms received by the user's home agency (sent or later)."""
    return HandoverForm.objects.filter(home_agency_id__in=_agency_ids(user, Capability.HANDOVER_ACT)).exclude(
        status="draft").select_related("enterprise", "visiting_agency", "home_agency")


def handover_outbox_for(user) -> QuerySet[HandoverForm]:
    """Forms of the user's own (visiting) agency."""
    return HandoverForm.objects.filter(visiting_agency_id__in=_agency_ids(user, V)).select_related(
        "enterprise", "visiting_agency", "home_agency")


def handover_get_for(user, pk: int) -> HandoverForm:
    form = handover_list_for(user).filter(pk=pk).select_related("assignment", "assignment__issuer").first()
    if form is None:
        raise NotFound()
    return form


def handover_item_get(form: HandoverForm, pk: int) -> HandoverItem:
    item = HandoverItem.objects.filter(pk=pk, form=form).select_related("form", "form__home_agency").first()
    if item is None:
        raise NotFound()
    return item


def handover_side(user, form: HandoverForm) -> str:
    """"home", "superior" or "visiting": decides whether the home agency's actions are shown."""
    if can(user, V, form.home_agency.region_id):
        return "home"
    if can(user, V, form.assignment.issuer.region_id):
        return "superior"
    return "visiting"


def inspection_for_handover(user, pk: int) -> Inspection:
    """A cross-region inspection of the user's own (visiting) agency."""
    inspection = Inspection.objects.select_related("agency", "enterprise").filter(
        pk=pk, agency_id__in=_agency_ids(user, V), cross_region_link__isnull=False).first()
    if inspection is None:
        raise NotFound()
    return inspection


def home_officers_for(form: HandoverForm) -> QuerySet[Officer]:
    return Officer.objects.filter(agency=form.home_agency).order_by("name")


# ---------------------------------------------------------------- listed supervision


def listing_list_for(user) -> QuerySet[ListedSupervision]:
    q = scope_q(user, V, column="listing_agency__region_id") | scope_q(user, V, column="responsible_agency__region_id")
    return ListedSupervision.objects.filter(q).select_related(
        "hazard", "hazard__enterprise", "listing_agency", "responsible_agency").distinct()


def listing_get_for(user, pk: int) -> ListedSupervision:
    listing = listing_list_for(user).filter(pk=pk).first()
    if listing is None:
        raise NotFound()
    return listing


def hazard_for_listing(user, pk: int) -> Hazard:
    """A hazard the user may list: its enterprise lies strictly below one of the user's listing agencies."""
    hazard = Hazard.objects.select_related("enterprise", "inspection", "inspection__agency").filter(pk=pk).first()
    if hazard is None or not can(user, V, hazard.enterprise.region_id):
        raise NotFound()
    return hazard


def listing_agencies_for(user) -> list[Agency]:
    ids = _agency_ids(user, Capability.LISTED_SUPERVISION)
    return list(Agency.objects.filter(pk__in=ids).select_related("region"))


def responsible_agencies_for(listing_agency: Agency, hazard: Hazard) -> list[Agency]:
    """Agencies below the listing agency whose region covers the hazard's enterprise."""
    code = hazard.enterprise.region_id
    return [a for a in agencies_under(listing_agency)
            if is_superior(listing_agency.region_id, a.region_id) and code.startswith(a.region.prefix)]


def listing_evidence_get(listing: ListedSupervision, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, supervision_progress__listing=listing).first()
    if evidence is None:
        raise NotFound()
    return evidence


def listing_evidence_count(listing: ListedSupervision) -> int:
    return Evidence.objects.filter(supervision_progress__listing=listing).distinct().count()


def agency_get(pk: int) -> Agency:
    """An agency by id (agencies are public reference data; the service decides whether it may be named)."""
    agency = Agency.objects.select_related("region").filter(pk=pk).first()
    if agency is None:
        raise NotFound()
    return agency


NOT_IN_HOME_REGION = "以下单位不存在或不在属地机关辖区内：{tokens}"


def enterprises_named(text: str, home_code: str) -> tuple[list[Enterprise], list[str]]:
    """Enterprises typed as ids or USCCs separated by spaces, in the home region ``home_code`` or below, and the
    tokens that name none of them: unknown and elsewhere alike (``NOT_IN_HOME_REGION`` echoes only what was typed).
    """
    tokens = list(dict.fromkeys(t.upper() for t in text.split()))
    as_id = {t: int(t) for t in tokens if digits(t) and len(t) < 12}
    found = list(Enterprise.objects.filter(Q(uscc__in=tokens) | Q(pk__in=as_id.values())).filter(
        _within(home_code)).order_by("pk"))
    usccs, pks = {e.uscc for e in found}, {e.pk for e in found}
    return found, [t for t in tokens if t not in usccs and as_id.get(t) not in pks]


def enterprises_in_home_region(text: str, home_code: str) -> list[Enterprise]:
    """`enterprises_named`, refusing (ServiceInvalid, NOT_IN_HOME_REGION) when any token names none of them."""
    found, unknown = enterprises_named(text, home_code)
    if unknown:
        raise ServiceInvalid([("enterprises", NOT_IN_HOME_REGION.format(tokens="、".join(unknown)))])
    return found


def _within(code: str) -> Q:
    low, high = prefix_range(region_prefix(code))
    return Q(region_id__gte=low, region_id__lt=high)
