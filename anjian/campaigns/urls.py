from django.urls import path

from anjian.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/rounds/new/", views.round_add, name="round_add"),
    path("<int:pk>/rounds/<int:round_pk>/groups/new/", views.group_add, name="group_add"),
    path("<int:pk>/rounds/<int:round_pk>/generate/", views.pairings_generate, name="generate"),
    path("<int:pk>/rounds/<int:round_pk>/assign/", views.round_assign, name="assign"),
    path("<int:pk>/approve/", views.campaign_approve, name="approve"),
    path("<int:pk>/pairings/<int:pairing_pk>/team/", views.pairing_team, name="team"),
    path("<int:pk>/deadlines/done/", views.deadline_done, name="deadline_done"),
    path("<int:pk>/export/<str:which>.<str:fmt>", views.table_export, name="export"),
]
