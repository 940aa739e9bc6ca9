from django.shortcuts import render

from anjian.accounts.capabilities import requires
from anjian.common.service_views import REFUSED, attempt
from anjian.domain.permissions import Capability
from anjian.search.forms import SearchForm
from anjian.search.selectors import PER_KIND, search_for, search_words

LIST_PAGES = {"enterprise": ("enterprises:list", "enterprises:detail"),
              "inspection": ("inspections:list", "inspections:detail"),
              "case": ("cases:list", "cases:detail"),
              "document": ("documents:list", "documents:detail")}


@requires(Capability.ENTERPRISE_VIEW)  # every role but the administrators'; each kind checks its own capability
def search(request):
    form = SearchForm(request.GET or None)
    groups = None
    if form.is_bound and form.is_valid():  # an empty box says what to type (search_words refuses it)
        found = attempt(request, lambda: search_for(request.user, search_words(form.cleaned_data["q"])), form=form)
        if found is not REFUSED:
            groups = [{"group": g, "list": LIST_PAGES[g.kind][0], "detail": LIST_PAGES[g.kind][1]} for g in found]
    return render(request, "search/results.html", {
        "form": form, "groups": groups, "q": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
        "per_kind": PER_KIND, "total": sum(len(g["group"].hits) for g in groups or [])})
