from django.urls import path

from anjian.officers import views, views_transfer

app_name = "officers"
urlpatterns = [
    path("", views.officer_list, name="list"),
    path("new/", views.officer_create, name="create"),
    path("<int:pk>/", views.officer_detail, name="detail"),
    path("<int:pk>/edit/", views.officer_edit, name="edit"),
    path("import/", views_transfer.officer_import, name="import"),
    path("import/confirm/", views_transfer.officer_import_confirm, name="import_confirm"),
    path("import/template.xlsx", views_transfer.officer_import_template, name="import_template"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert_detail"),
]
