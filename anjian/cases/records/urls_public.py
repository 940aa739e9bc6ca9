"""Public pages of published penalty decisions (no login), mounted at /public/penalties/."""

from django.urls import path

from anjian.cases.records import views_public as v

app_name = "cases_public"
urlpatterns = [
    path("", v.public_list, name="list"),
    path("<int:pk>/", v.public_detail, name="detail"),
]
