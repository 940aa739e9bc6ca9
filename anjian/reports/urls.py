from django.urls import path

from anjian.reports import views

app_name = "reports"
urlpatterns = [
    path("rank/", views.rank_upload, name="rank"),
    path("rank/example.csv", views.rank_example, name="rank_example"),
    path("rank/result.<str:fmt>", views.rank_export, name="rank_export"),
    path("rank/bulletin/", views.bulletin_page, name="bulletin"),
    path("rank/bulletin.<str:fmt>", views.bulletin_export, name="bulletin_export"),
]
