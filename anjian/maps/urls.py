from django.urls import path

from anjian.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.map_page, name="index"),
]
