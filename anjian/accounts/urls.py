from django.urls import path

from anjian.accounts import views, views_profile, views_users

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", views.logout, name="logout"),
]

# One's own account (个人设置).
urlpatterns += [
    path("profile/", views_profile.profile, name="profile"),
    path("password/", views_profile.password_change_view, name="password_change"),
    path("2fa/", views_profile.totp_enrol_view, name="totp_enrol"),
    path("2fa/disable/", views_profile.totp_disable_view, name="totp_disable"),
    path("2fa/recovery-codes/", views_profile.recovery_codes_view, name="recovery_codes"),
    path("tokens/", views_profile.token_create_view, name="token_create"),
    path("tokens/<int:pk>/revoke/", views_profile.token_revoke_view, name="token_revoke"),
]

# Account administration (security admin).
urlpatterns += [
    path("users/", views_users.user_list, name="users"),
    path("users/new/", views_users.user_new, name="user_new"),
    path("users/<int:pk>/", views_users.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views_users.user_role_assign, name="user_role_assign"),
    path("users/<int:pk>/roles/<int:assignment_id>/revoke/", views_users.user_role_revoke, name="user_role_revoke"),
    path("users/<int:pk>/unlock/", views_users.user_unlock_view, name="user_unlock"),
    path("users/<int:pk>/lock/", views_users.user_lock_view, name="user_lock"),
    path("users/<int:pk>/reset-password/", views_users.user_password_reset_view, name="user_password_reset"),
    path("users/<int:pk>/active/", views_users.user_active, name="user_active"),
]
