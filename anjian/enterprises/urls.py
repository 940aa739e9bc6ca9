from django.urls import path

from anjian.enterprises import views, views_transfer

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/hazard-installations/", views.hazard_installation_create, name="hazard_add"),
    path("import/", views_transfer.enterprise_import, name="import"),
    path("import/confirm/", views_transfer.enterprise_import_confirm, name="import_confirm"),
    path("import/template.xlsx", views_transfer.enterprise_import_template, name="import_template"),
    path("export/", views_transfer.enterprise_export, name="export"),
]
