from anjian.accounts.access import acting_grant, grants_of
from anjian.domain.permissions import Capability


def acting(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    caps = set()
    for g in grants_of(user):
        caps |= g.capabilities
    return {"acting_grant": acting_grant(user), "caps": {c.name: True for c in Capability if c in caps}}
