"""Public pages (no login), mounted at /public/credit/."""

from django.urls import path

from anjian.credit import views

app_name = "credit_public"
urlpatterns = [
    path("", views.public_list, name="list"),
]
