"""Public pages of published penalty decisions (no login), mounted at /public/penalties/."""

from django.shortcuts import render

from anjian.accounts.capabilities import public
from anjian.cases.records import selectors as sel
from anjian.cases.records.forms import PublicFilterForm
from anjian.common.paging import paginate, query_without_page


@public
def public_list(request):
    agencies = list(sel.public_agencies())
    form = PublicFilterForm(request.GET or None, agencies=agencies)
    f = form.cleaned_data if form.is_valid() else {}
    qs = sel.public_decisions(q=f.get("q") or "", agency_id=f.get("agency"), year=f.get("year"))
    page = paginate(request, qs)
    rows = [(c, sel.public_party(c)) for c in page]
    return render(request, "cases/public_list.html", {"form": form, "page": page, "rows": rows,
                                                      "query": query_without_page(request)})


@public
def public_detail(request, pk: int):
    case = sel.public_decision_get(pk)
    return render(request, "cases/public_detail.html", {"c": case, "party": sel.public_party(case)})
