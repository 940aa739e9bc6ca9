from django.urls import path

from anjian.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.sanction_list, name="list"),
    path("new/", views.sanction_create, name="create"),
    path("<int:pk>/", views.sanction_detail, name="detail"),
    path("<int:pk>/lift/", views.sanction_lift, name="lift"),
]
