from django.urls import path

from iproceeds.accounts.views import admin, auth, mfa, profile

app_name = "accounts"
urlpatterns = [
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/", auth.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("mfa/verify/", mfa.verify, name="mfa_verify"),
    path("mfa/setup/", mfa.setup, name="mfa_setup"),
    path("mfa/totp/", mfa.totp_setup, name="totp_setup"),
    path("mfa/recovery-codes/", mfa.recovery_codes, name="recovery_codes"),
    path("mfa/devices/remove/", mfa.device_remove, name="device_remove"),
    path("security/", mfa.security, name="security"),
    path("profile/", profile.profile, name="profile"),
    path("users/", admin.user_list, name="user_list"),
    path("users/invite/", admin.user_invite, name="user_invite"),
    path("users/<int:pk>/", admin.user_detail, name="user_detail"),
    path("users/<int:pk>/role/", admin.user_role, name="user_role"),
    path("users/<int:pk>/deactivate/", admin.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", admin.user_reactivate, name="user_reactivate"),
]
