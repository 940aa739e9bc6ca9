"""Import and export pages (filled in by the import/export work)."""

from django.http import HttpResponse

from anjian.accounts.capabilities import requires
from anjian.domain.permissions import Capability


@requires(Capability.ENTERPRISE_IMPORT)
def enterprise_import(request):
    return HttpResponse("TODO")


@requires(Capability.ENTERPRISE_EXPORT)
def enterprise_export(request):
    return HttpResponse("TODO")
