from django.urls import path

from anjian.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:public_id>/", views.job_detail, name="detail"),
    path("<uuid:public_id>/result", views.job_result, name="result"),
    path("<uuid:public_id>/cancel", views.job_cancel_view, name="cancel"),
]
