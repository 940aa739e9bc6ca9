from django.urls import path

from anjian.planning import views, views_items

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/draft/", views.plan_draft, name="draft"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/return/", views.plan_return, name="return"),
    path("<int:pk>/file/", views.plan_file, name="file"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/export.xlsx", views.plan_export, name="export"),
    path("<int:pk>/entries/add/", views.entry_add, name="entry_add"),
    path("<int:pk>/entries/<int:entry_pk>/move/", views.entry_move, name="entry_move"),
    path("<int:pk>/entries/<int:entry_pk>/remove/", views.entry_remove, name="entry_remove"),
    path("<int:pk>/entries/<int:entry_pk>/inspect/", views.entry_start, name="entry_start"),
    path("public/", views.public_plan_list, name="public_plans"),
    path("public/<int:pk>/", views.public_plan, name="public_plan"),
    path("items/", views_items.item_lists, name="item_lists"),
    path("items/import/", views_items.item_list_import_view, name="item_import"),
    path("items/<int:pk>/", views_items.item_list_detail, name="item_list"),
    path("items/<int:pk>/publish/", views_items.item_list_publish_view, name="item_publish"),
    path("items/<int:pk>/items/add/", views_items.item_edit, name="item_add"),
    path("items/<int:pk>/items/<int:item_pk>/", views_items.item_edit, name="item_edit"),
    path("items/public/<int:pk>/", views_items.public_item_list, name="public_item_list"),
]
