"""Import page for officers (filled in by the import/export work)."""

from django.http import HttpResponse

from anjian.accounts.capabilities import requires
from anjian.domain.permissions import Capability


@requires(Capability.OFFICER_IMPORT)
def officer_import(request):
    return HttpResponse("TODO")
