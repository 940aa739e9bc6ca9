"""Routes of the statistics computed from the records. Included beside anjian.reports.urls:
    path("reports/", include("anjian.reports.metrics_urls")),   # in config/urls.py
"""

from django.urls import path

from anjian.reports import metrics_views as views

app_name = "report_metrics"
urlpatterns = [
    path("metrics/", views.metrics_page, name="metrics"),
    path("metrics/quality/", views.quality_page, name="quality"),
    path("bulletin/", views.bulletin_page, name="bulletin"),
    path("bulletin.<str:fmt>", views.bulletin_export, name="bulletin_export"),
]
