"""Paging for long lists: keyset-free, but bounded page sizes and a cheap count."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZES = (20, 50, 100)


def paginate(request, queryset, default_size: int = 20):
    try:
        size = int(request.GET.get("size", default_size))
    except ValueError:
        size = default_size
    if size not in PAGE_SIZES:
        size = default_size
    paginator = Paginator(queryset, size)
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
