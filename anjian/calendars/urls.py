from django.urls import path

from anjian.calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("days/", views.calendar_day_add, name="day_add"),
    path("import/", views.calendar_upload, name="import"),
    path("years/", views.calendar_year_complete, name="year_complete"),
]
