from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ErrorOut
from anjian.common.api_types import Query as Words
from anjian.domain.permissions import Capability
from anjian.search.selectors import search_for, search_words
from anjian.search.views import LIST_PAGES

router = Router(tags=["检索"])


class SearchIn(Schema):
    q: Words


class HitOut(Schema):
    id: int
    title: str
    detail: str
    url: str


class GroupOut(Schema):
    kind: str
    label: str
    more: bool
    results: list[HitOut]


class SearchOut(Schema):
    q: str
    groups: list[GroupOut]


@router.get("", response={200: SearchOut, 422: ErrorOut}, summary="检索单位、检查、案件和文书（本辖区）")
@api_requires(Capability.ENTERPRISE_VIEW)
def search(request: HttpRequest, params: Query[SearchIn]):
    """At most 10 results per kind the caller may view; out-of-scope records never appear. ``q``: 1–100
    characters (a name fragment, a USCC, a case name, or a document number)."""
    q = search_words(params.q)
    return SearchOut(q=q, groups=[GroupOut(
        kind=g.kind, label=g.label, more=g.more,
        results=[HitOut(id=h.pk, title=h.title, detail=h.detail, url=reverse(LIST_PAGES[g.kind][1], args=[h.pk]))
                 for h in g.hits]) for g in search_for(request.user, q)])
