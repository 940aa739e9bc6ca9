"""Writes of handover forms (问题移交表): generate → send → acknowledge → act on each item → close.

Status changes follow `supervision_rules.HANDOVER_MOVES` and are applied with a conditional update.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.inspection_rules import HAZARD_HANDLINGS, TeamMember
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import (
    HANDOVER_MOVES,
    HANDOVER_STATUSES,
    acknowledgement_problems,
    handover_close_problems,
    handover_generate_problems,
    item_action_problems,
)
from anjian.inspections.models import Inspection
from anjian.inspections.services import officers_for
from anjian.supervision.models import HandoverAcknowledgement, HandoverForm, HandoverItem

CONFLICT = "该移交表已被他人处理（状态已变化），请刷新后重试"


def _suggested(hazard) -> str:
    text = HAZARD_HANDLINGS.get(hazard.handling, "")
    if hazard.measures:
        text += "：" + "、".join(hazard.measure_labels())
    if hazard.deadline:
        text += f"（期限{hazard.deadline.isoformat()}）"
    if hazard.is_major:
        text = "重大事故隐患；" + text
    return text[:255]


def _time_of(inspection: Inspection) -> str:
    if inspection.started_at:
        start = timezone.localtime(inspection.started_at).strftime("%Y-%m-%d %H:%M")
        end = timezone.localtime(inspection.ended_at).strftime("%H:%M") if inspection.ended_at else ""
        return f"{start}至{end}" if end else start
    return inspection.planned_date.isoformat()


def _step(*, actor, form: HandoverForm, new: str, verb: str, agency, **fields) -> HandoverForm:
    """Inside a transaction: the form along `supervision_rules.HANDOVER_MOVES`, audited."""
    return transition(actor=actor, agency=agency, obj=form, table=HANDOVER_MOVES, new=new, verb=verb, kind="移交表",
                      allow_same=False, labels=HANDOVER_STATUSES, conflict=CONFLICT, updated_at=timezone.now(),
                      **fields)


def handover_form_generate(*, actor, inspection: Inspection) -> HandoverForm:
    """The visiting team lists the inspection's hazards on a draft 问题移交表 (one item per hazard)."""
    if not can(actor, Capability.HANDOVER_ACT, inspection.agency.region_id):
        raise ServiceDenied("您无权为该检查生成问题移交表")
    link = getattr(inspection, "cross_region_link", None)
    hazards = list(inspection.hazards.order_by("id"))
    problems = handover_generate_problems(source=inspection.source, inspection_status=inspection.status,
                                          hazard_count=len(hazards))
    if link is None and not problems:
        problems = ["该检查不属于异地执法任务"]
    if problems:
        raise ServiceInvalid(problems)
    if HandoverForm.objects.filter(inspection=inspection).exists():
        raise ServiceInvalid("该检查已生成问题移交表")
    team = [{"name": m.officer.name, "certificate_number": m.certificate_number}
            for m in inspection.team.select_related("officer")]
    assignment = link.assignment
    with transaction.atomic():
        form = HandoverForm.objects.create(
            assignment=assignment, inspection=inspection, enterprise=inspection.enterprise,
            visiting_agency=inspection.agency, home_agency=assignment.home_agency,
            inspection_time=_time_of(inspection), visiting_officers=team, created_by=actor)
        HandoverItem.objects.bulk_create([
            HandoverItem(form=form, hazard=h, description=h.description, legal_basis=h.legal_basis,
                         suggested_handling=_suggested(h)) for h in hazards])
        audit_record(actor=actor, agency=inspection.agency, verb="handover_form_generate", target=form,
                     new={**model_snapshot(form), "hazards": [h.pk for h in hazards]})
    return form


def handover_form_send(*, actor, form: HandoverForm) -> HandoverForm:
    if not can(actor, Capability.HANDOVER_ACT, form.visiting_agency.region_id):
        raise ServiceDenied("您无权移交该问题移交表")
    with transaction.atomic():
        return _step(actor=actor, form=form, new="sent", verb="handover_form_send", agency=form.visiting_agency,
                     sent_at=timezone.now(), sent_by=actor)


def _require_home(actor, form: HandoverForm, what: str) -> None:
    if not can(actor, Capability.HANDOVER_ACT, form.home_agency.region_id):
        raise ServiceDenied(f"只有属地机关可以{what}")


def handover_form_acknowledge(*, actor, form: HandoverForm, officer_ids: Sequence[int], today: date
                              ) -> HandoverForm:
    """属地签收: at least two home-agency officers with valid certificates sign for the form."""
    _require_home(actor, form, "签收问题移交表")
    _, officers, errors = officers_for(form.home_agency, officer_ids)  # others read as unknown ids
    members = [TeamMember(o.pk, o.status, o.certificate_expires, o.in_post, o.name) for o in officers]
    errors += acknowledgement_problems(members, today)
    if errors:
        raise ServiceInvalid(errors)
    now = timezone.now()
    with transaction.atomic():
        fresh = _step(actor=actor, form=form, new="acknowledged", verb="handover_form_acknowledge",
                      agency=form.home_agency, acknowledged_at=now, acknowledged_by=actor)
        HandoverAcknowledgement.objects.bulk_create([
            HandoverAcknowledgement(form=fresh, officer=o, name=o.name, certificate_number=o.certificate_number,
                                    acknowledged_at=now) for o in officers])
        audit_record(actor=actor, agency=form.home_agency, verb="handover_form_signatures", target=fresh,
                     new={"officers": [{"name": o.name, "certificate_number": o.certificate_number}
                                       for o in officers]})
    return fresh


def handover_item_act(*, actor, item: HandoverItem, action: str, today: date, deadline: date | None = None,
                      note: str = "") -> HandoverItem:
    """The home agency's action on one handed-over problem (立案处罚 / 责令限期整改 / 现场处理措施 / 其他)."""
    form = item.form
    _require_home(actor, form, "处理移交的问题")
    errors = item_action_problems(action=action, deadline=deadline, note=note, today=today)
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        locked = HandoverForm.objects.select_for_update().get(pk=form.pk)
        if locked.status != "acknowledged":
            raise ServiceInvalid("属地签收后、办结前才能处理移交的问题")
        row = HandoverItem.objects.select_for_update().get(pk=item.pk, form=locked)
        old = {"action": row.action, "action_deadline": str(row.action_deadline or ""), "action_note": row.action_note}
        row.action = action
        row.action_deadline = deadline if action == "rectify_order" else None
        row.action_note = note.strip()
        row.acted_by = actor
        row.acted_at = timezone.now()
        row.save(update_fields=["action", "action_deadline", "action_note", "acted_by", "acted_at"])
        audit_record(actor=actor, agency=form.home_agency, verb="handover_item_act", target=locked, old=old,
                     new={"item": row.pk, "action": action, "action_deadline": str(row.action_deadline or ""),
                          "action_note": row.action_note})
    return row


def handover_form_close(*, actor, form: HandoverForm) -> HandoverForm:
    _require_home(actor, form, "办结问题移交表")
    with transaction.atomic():
        locked = HandoverForm.objects.select_for_update().get(pk=form.pk)
        errors = handover_close_problems(list(locked.items.values_list("action", flat=True)))
        if errors:
            raise ServiceInvalid(errors)
        return _step(actor=actor, form=locked, new="closed", verb="handover_form_close", agency=form.home_agency,
                     closed_at=timezone.now())
