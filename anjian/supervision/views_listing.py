"""Pages of listed supervision (挂牌督办): list, list a hazard, detail with progress and delisting."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for, can
from anjian.accounts.capabilities import requires
from anjian.common.service_views import form_step, post_step
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.inspections.evidence import evidence_open
from anjian.inspections.views_common import uploads_of
from anjian.supervision import selectors as sel
from anjian.supervision import services_listing as listing_services
from anjian.supervision.forms import DelistForm, ListingForm, ProgressForm


@requires(Capability.INSPECTION_VIEW)
def listing_list(request):
    today = timezone.localdate()
    rows = [(x, x.display_label(today), x.display_status(today)) for x in sel.listing_list_for(request.user)]
    return render(request, "supervision/listing_list.html", {"rows": rows})


@requires(Capability.LISTED_SUPERVISION)
@require_http_methods(["GET", "POST"])
def listing_create(request):
    hazard_id = request.POST.get("hazard") or request.GET.get("hazard", "")
    if not digits(hazard_id):
        raise Http404("hazard")
    hazard = sel.hazard_for_listing(request.user, int(hazard_id))
    listing_agency = listing_services.listing_agency_for(request.user)
    form = ListingForm(request.POST or None, agencies=sel.responsible_agencies_for(listing_agency, hazard))
    return form_step(request, form, lambda d: listing_services.listed_supervision_create(
        actor=request.user, hazard=hazard, listing_agency=listing_agency,
        responsible_agency=sel.agency_get(d["responsible_agency"]), deadline=d["deadline"],
        requirements=d["requirements"], today=timezone.localdate()),
        "已挂牌督办", lambda x: reverse("supervision:listing", args=[x.pk])) \
        or render(request, "supervision/listing_create.html", {"form": form, "hazard": hazard,
                                                               "listing_agency": listing_agency})


@requires(Capability.INSPECTION_VIEW)
def listing_detail(request, pk: int):
    listing = sel.listing_get_for(request.user, pk)
    today = timezone.localdate()
    member_ids = {g.agency_id for g in agencies_for(request.user, Capability.LISTED_SUPERVISION)}
    return render(request, "supervision/listing_detail.html", {
        "x": listing, "label": listing.display_label(today), "state": listing.display_status(today),
        "progress": listing.progress.prefetch_related("evidence"),
        "can_report": listing.status == "listed" and (
            can(request.user, Capability.INSPECTION_EDIT, listing.responsible_agency.region_id)
            or listing.listing_agency_id in member_ids),
        "can_delist": listing.status == "listed" and listing.listing_agency_id in member_ids,
        "progress_form": ProgressForm(initial={"report_date": today}), "delist_form": DelistForm()})


@requires(Capability.INSPECTION_EDIT)
@require_POST
def listing_progress(request, pk: int):
    listing = sel.listing_get_for(request.user, pk)
    return post_step(request, listing, ProgressForm, lambda x, d: listing_services.supervision_progress_add(
        actor=request.user, listing=x, report_date=d["report_date"], text=d["text"],
        uploads=uploads_of(request, "files"), kind=d["kind"], today=timezone.localdate()),
        "已报送整改进展", reverse("supervision:listing", args=[pk]))


@requires(Capability.LISTED_SUPERVISION)
@require_POST
def listing_delist(request, pk: int):
    listing = sel.listing_get_for(request.user, pk)
    form = DelistForm(request.POST)
    opinion = form.cleaned_data["opinion"] if form.is_valid() else ""  # blank: the service says what is missing
    return post_step(request, listing, None, lambda x, d: listing_services.listed_supervision_delist(
        actor=request.user, listing=x, opinion=opinion), "已摘牌", reverse("supervision:listing", args=[pk]))


@requires(Capability.INSPECTION_VIEW)
def listing_evidence(request, pk: int, evidence_id: int):
    listing = sel.listing_get_for(request.user, pk)
    evidence = sel.listing_evidence_get(listing, evidence_id)
    stored = evidence_open(evidence)
    if stored is None:
        raise Http404("evidence file")
    return FileResponse(stored, content_type=evidence.mime_type, as_attachment=evidence.kind != "photo",
                        filename=evidence.original_name or evidence.sha256)
