"""The audit log page (for the audit admin). Lives above accounts so it can declare its capability."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from anjian.accounts.capabilities import requires
from anjian.audit.keys import audit_key
from anjian.audit.models import AuditEvent
from anjian.audit.selectors import audit_checkpoint, audit_head, audit_verify
from anjian.common.errors import ServiceInvalid
from anjian.common.paging import paginate, query_without_page
from anjian.domain.audit_chain import checkpoint_parse
from anjian.domain.permissions import Capability


@requires(Capability.AUDIT_VIEW)
def audit_list(request):
    qs = AuditEvent.objects.order_by("-seq")
    verb = request.GET.get("verb", "").strip()[:64]
    if verb:
        qs = qs.filter(verb=verb)
    actor = request.GET.get("actor", "").strip()[:150]
    if actor:
        qs = qs.filter(actor_name=actor)
    verification = audit_verify() if request.GET.get("verify") == "1" else None
    head_seq, head_hash = audit_head()
    return render(request, "home/audit_list.html", {
        "page": paginate(request, qs, default_size=50), "query": query_without_page(request), "verb": verb,
        "actor": actor, "verification": verification,
        "head": {"seq": head_seq, "hash": head_hash, "key_id": audit_key().key_id},
    })


@requires(Capability.AUDIT_VIEW)
def audit_checkpoint_download(request):
    """One signed checkpoint line of the current head, to keep outside the database (ADR 0019)."""
    try:
        line = audit_checkpoint()
    except ServiceInvalid as exc:
        messages.error(request, str(exc))
        return redirect("audit:list")
    seq = checkpoint_parse(line).seq
    response = HttpResponse(line + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="anjian-audit-checkpoint-{seq}.txt"'
    response["Cache-Control"] = "no-store"
    return response
