"""Paging for long lists: keyset-free, but bounded page sizes and a cheap count.

A list whose count could scan millions of rows (inspections at 10 M) counts at most ``COUNT_BOUND + 1`` of them
(`BoundedPaginator`): past the bound it shows "10,000+" and offers the pages of the first ``COUNT_BOUND`` rows.
"""

from collections.abc import Callable
from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZES = (20, 50, 100)
COUNT_BOUND = 10_000  # a multiple of every page size: the last known page is a full one

Counter = Callable[[int], int]  # counter(limit) -> how many rows there are, counting at most `limit`


def count_upto(queryset, limit: int) -> int:
    """How many rows ``queryset`` has, counting at most ``limit`` (SELECT count(*) FROM (… LIMIT limit))."""
    return queryset.order_by().values("pk")[:limit].count()


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``bound``: ``over_bound`` says there are more rows than ``count``."""

    def __init__(self, object_list, per_page, *, bound: int | None = None, counter: Counter | None = None):
        super().__init__(object_list, per_page)
        self.bound = COUNT_BOUND if bound is None else bound
        self._counter = counter or (lambda limit: count_upto(object_list, limit))

    @cached_property
    def _seen(self) -> int:
        return self._counter(self.bound + 1)

    @cached_property
    def count(self) -> int:
        return min(self._seen, self.bound)

    @property
    def over_bound(self) -> bool:
        return self._seen > self.bound


def page_size(request, default_size: int = 20) -> int:
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    return size if size in PAGE_SIZES else default_size


def paginate(request, queryset, default_size: int = 20, *, bounded: bool = False, counter: Counter | None = None):
    """The requested page of ``queryset``; ``bounded`` counts at most COUNT_BOUND + 1 rows (``counter`` may count
    them faster than ``count_upto`` does)."""
    size = page_size(request, default_size)
    paginator = BoundedPaginator(queryset, size, counter=counter) if bounded else Paginator(queryset, size)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
