from django.urls import path

from anjian.field import views

app_name = "field"
urlpatterns = [
    path("", views.app, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("inspections/<int:pk>/records/", views.records, name="records"),
]
