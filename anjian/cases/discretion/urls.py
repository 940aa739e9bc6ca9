"""URL patterns of the discretion part of penalty cases (mounted under /cases/, namespace "cases")."""

from django.urls import path

from anjian.cases.discretion import views
from anjian.cases.discretion import views_case as case_views

urlpatterns = [
    path("discretion/", views.discretion_list, name="discretion_list"),
    path("discretion/<int:pk>/deactivate/", views.discretion_deactivate, name="discretion_deactivate"),
    path("discretion/<int:pk>/activate/", views.discretion_activate, name="discretion_activate"),
    path("discretion/import/", views.discretion_import, name="discretion_import"),
    path("discretion/import/confirm/", views.discretion_import_confirm, name="discretion_import_confirm"),
    path("discretion/import/template.xlsx", views.discretion_import_template, name="discretion_import_template"),
    path("discretion/report/", views.discretion_report, name="discretion_report"),
    path("discretion/report.xlsx", views.discretion_report_export, name="discretion_report_export"),
    path("<int:pk>/discretion/", case_views.discretion_case, name="discretion_case"),
    path("<int:pk>/discretion/set/", case_views.discretion_case_set, name="discretion_case_set"),
]
