"""Sortable list columns: ``?sort=key`` (ascending) or ``?sort=-key`` (descending) from a whitelist per list.

A list declares its columns as ``{key: (order_by field, ...)}``; an unknown or over-long value is ignored (the
list's default order). The primary key breaks ties in the same direction, so paging through a sorted list neither
repeats nor skips a row. Column headers: the ``sort_th`` tag (``anjian.common.templatetags.sorting``).
"""

from dataclasses import dataclass

MAX_SORT = 40  # characters of ?sort= read at all


@dataclass(frozen=True)
class Sort:
    key: str  # "" = the list's default order
    descending: bool
    columns: dict[str, tuple[str, ...]]
    params: str  # the request's other query parameters (no page, no sort), url-encoded

    def apply(self, queryset):
        if not self.key:
            return queryset
        sign = "-" if self.descending else ""
        fields = [f"{sign}{f}" if not f.startswith("-") else (f[1:] if self.descending else f)
                  for f in self.columns[self.key]]
        return queryset.order_by(*fields, f"{sign}pk")

    def link(self, key: str) -> tuple[str, str]:
        """(query string that sorts by ``key``, the current direction of ``key``: "asc", "desc" or "")."""
        state = ("desc" if self.descending else "asc") if key == self.key else ""
        value = f"-{key}" if state == "asc" else key  # a click on the sorted column turns it around
        query = f"{self.params}&sort={value}" if self.params else f"sort={value}"
        return query, state


def sort_from(request, columns: dict[str, tuple[str, ...]]) -> Sort:
    """The sort asked for in ``request.GET`` if its key is one of ``columns``, else none (the default order)."""
    raw = str(request.GET.get("sort", ""))[:MAX_SORT + 1]
    descending = raw.startswith("-")
    key = raw[1:] if descending else raw
    if len(raw) > MAX_SORT or key not in columns:
        key, descending = "", False
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return Sort(key=key, descending=descending, columns=columns, params=params.urlencode())
