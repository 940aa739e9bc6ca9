from django.urls import path

from anjian.guidance import views

app_name = "guidance"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("schedule/", views.review_schedule, name="schedule"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/start/", views.review_start, name="start"),
    path("<int:pk>/finding/", views.review_finding, name="finding"),
    path("<int:pk>/letter/", views.review_letter, name="letter"),
    path("<int:pk>/respond/", views.review_respond, name="respond"),
    path("<int:pk>/close/", views.review_close, name="close"),
    path("typical/", views.typical_list, name="typical"),
    path("typical/select/", views.typical_select, name="typical_select"),
    path("typical/<int:pk>/report/", views.typical_report, name="typical_report"),
]
