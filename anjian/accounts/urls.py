from django.urls import path

from anjian.accounts import views, views_users

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("profile/", views.profile, name="profile"),
]

# Account administration (security admin).
urlpatterns += [
    path("users/", views_users.user_list, name="users"),
    path("users/new/", views_users.user_new, name="user_new"),
    path("users/<int:pk>/", views_users.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views_users.user_role_assign, name="user_role_assign"),
    path("users/<int:pk>/roles/<int:assignment_id>/revoke/", views_users.user_role_revoke, name="user_role_revoke"),
    path("users/<int:pk>/unlock/", views_users.user_unlock_view, name="user_unlock"),
    path("users/<int:pk>/active/", views_users.user_active, name="user_active"),
]
