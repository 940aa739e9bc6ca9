from django.urls import path

from anjian.draws import views

app_name = "draws"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("new/", views.task_create, name="create"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/commit/", views.task_commit, name="commit"),
    path("<int:pk>/draw/", views.task_draw, name="draw"),
    path("<int:pk>/inspections/", views.task_inspections, name="inspections"),
    path("<int:pk>/complete/", views.task_complete, name="complete"),
    path("<int:pk>/disclose/", views.task_disclose, name="disclose"),
    path("<int:pk>/record/<int:draw_pk>.json", views.draw_record, name="record"),
    path("<int:pk>/results.xlsx", views.draw_results_xlsx, name="results_xlsx"),
    path("conflicts/", views.conflict_list, name="conflicts"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/record/<int:draw_pk>.json", views.public_record, name="public_record"),
]
