from django.urls import include, path

from anjian.accounts.views import root
from config.api import api

urlpatterns = [
    path("", root),
    path("accounts/", include("anjian.accounts.urls")),
    path("home/", include("anjian.home.urls")),
    path("enterprises/", include("anjian.enterprises.urls")),
    path("officers/", include("anjian.officers.urls")),
    path("calendar/", include("anjian.calendars.urls")),
    path("documents/", include("anjian.documents.urls")),
    path("inspections/", include("anjian.inspections.urls")),
    path("supervision/", include("anjian.supervision.urls")),
    path("cases/", include("anjian.cases.urls")),
    path("guidance/", include("anjian.guidance.urls")),
    path("public/penalties/", include("anjian.cases.records.urls_public")),
    path("planning/", include("anjian.planning.urls")),
    path("draws/", include("anjian.draws.urls")),
    path("campaigns/", include("anjian.campaigns.urls")),
    path("credit/", include("anjian.credit.urls")),
    path("public/credit/", include("anjian.credit.urls_public")),
    path("reports/", include("anjian.reports.urls")),
    path("reports/", include("anjian.reports.metrics_urls")),
    path("audit/", include("anjian.home.audit_urls")),
    path("search/", include("anjian.search.urls")),
    path("jobs/", include("anjian.jobs.urls")),  # background jobs (issue 13)
    path("field/", include("anjian.field.urls")),  # the officer's phone app (issue 14)
    path("map/", include("anjian.maps.urls")),
    path("api/v1/", api.urls),
    path("", include("anjian.ops.urls")),  # /healthz, /readyz (issue 13)
]
handler403 = "anjian.home.views.forbidden"
handler404 = "anjian.home.views.not_found"
handler500 = "anjian.home.views.server_error"
