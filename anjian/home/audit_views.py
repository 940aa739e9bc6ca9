"""The audit log page (for the audit admin). Lives above accounts so it can declare its capability."""

from django.shortcuts import render

from anjian.accounts.capabilities import requires
from anjian.audit.models import AuditEvent
from anjian.audit.selectors import audit_chain_verify
from anjian.common.paging import paginate, query_without_page
from anjian.domain.permissions import Capability


@requires(Capability.AUDIT_VIEW)
def audit_list(request):
    qs = AuditEvent.objects.order_by("-seq")
    verb = request.GET.get("verb", "").strip()
    if verb:
        qs = qs.filter(verb=verb)
    actor = request.GET.get("actor", "").strip()
    if actor:
        qs = qs.filter(actor_name=actor)
    verification = None
    if request.GET.get("verify") == "1":
        count, broken = audit_chain_verify()
        verification = {"count": count, "broken": broken}
    return render(request, "home/audit_list.html", {
        "page": paginate(request, qs, default_size=50), "query": query_without_page(request), "verb": verb,
        "actor": actor, "verification": verification,
    })
