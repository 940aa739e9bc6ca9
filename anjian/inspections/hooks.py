"""Enforcement documents drafted from the inspection process.

`inspection_documents_hook` runs inside the calling service's transaction after each step:
- approved: 现场检查方案, issued at once (numbered, signed by the approver) when the approver may issue documents;
  otherwise the officer who starts the inspection issues it (`started`): no plan draft outlives the start
- recorded: 现场检查记录 always; 责令限期整改指令书 for hazards to rectify by a deadline;
  现场处理措施决定书 for hazards with on-site measures
- reinspected: 整改复查意见书 naming the issued 责令限期整改指令书 it follows up
Drafts are reviewed and issued (numbered, frozen) by an officer on the document page. A user without
Capability.DOCUMENT_ISSUE (e.g. an agency leader approving) gets no draft; the step itself still succeeds.
A visiting team's cross-region inspection drafts nothing: its findings go to the home agency by handover form.
"""

from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.documents.services import document_draft, document_issue
from anjian.domain.identifiers import region_covers
from anjian.inspections import documents_content as content

STEPS = ("approved", "started", "hazard_added", "recorded", "closed", "reinspected")


def _draft(actor, inspection, kind_code: str, data: dict):
    if not region_covers(inspection.agency.region_id, inspection.enterprise.region_id):
        return None  # 异地检查、属地办案: the home agency issues documents from the handover form
    try:
        return document_draft(actor=actor, agency=inspection.agency, kind_code=kind_code,
                              enterprise=inspection.enterprise, subject=inspection, content=data)
    except ServiceDenied:
        return None


def _plan_issue(actor, inspection) -> None:
    """The approved plan (现场检查方案) issued by ``actor``: the waiting draft, or a new one when none was made (the
    approver could not draft). A plan the actor may not issue, or whose signer may not sign, stays a draft."""
    from anjian.inspections.models import ChecklistItem

    plans = [d for d in documents_of(inspection) if d.kind.code == "检查" and d.status in ("draft", "issued")]
    if any(d.status == "issued" for d in plans):
        return
    draft = plans[0] if plans else None
    if draft is None:
        items = list(ChecklistItem.objects.filter(is_active=True, industry__in=["all", inspection.enterprise.industry])
                     .order_by("-is_key", "code").values_list("content", flat=True)[:12])
        draft = _draft(actor, inspection, "检查", content.plan_content(inspection, items))
    if draft is None:
        return
    try:
        document_issue(actor=actor, document=draft)
    except (ServiceDenied, ServiceInvalid):
        return  # left for an officer to correct and issue on the document page


def inspection_documents_hook(*, actor, inspection, step: str, hazard=None, opinion: str = "") -> None:
    assert step in STEPS, step
    if step in ("approved", "started"):
        _plan_issue(actor, inspection)
    elif step == "recorded":
        hazards = list(inspection.hazards.order_by("id"))
        _draft(actor, inspection, "检记", content.record_content(inspection, hazards))
        to_rectify = [h for h in hazards if h.deadline and h.handling != "on_spot"]
        if to_rectify:
            _draft(actor, inspection, "责改", content.rectify_content(inspection, to_rectify))
        with_measures = [h for h in hazards if h.measures]
        if with_measures:
            _draft(actor, inspection, "现决", content.measures_content(inspection, with_measures))
    elif step == "reinspected":
        issued = [d for d in documents_of(inspection) if d.kind.code == "责改" and d.status == "issued"]
        original = max(issued, key=lambda d: d.issued_at) if issued else None
        _draft(actor, inspection, "复查", content.review_content(inspection, original, opinion or "经复查，"))
