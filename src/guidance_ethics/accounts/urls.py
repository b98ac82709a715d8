from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from guidance_ethics.accounts import security_views, views
from guidance_ethics.accounts.forms import EmailAuthenticationForm, EmailPasswordResetForm
from guidance_ethics.accounts.security import recent_login_required

app_name = "accounts"
urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/wijzigen/",
        recent_login_required(
            views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "wachtwoord/vergeten/",
        views.LimitedPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=EmailPasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("tweestapsverificatie/", security_views.two_factor, name="two_factor"),
    path(
        "tweestapsverificatie/instellen/",
        security_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path("tweestapsverificatie/code/", security_views.two_factor_verify, name="two_factor_verify"),
    path(
        "tweestapsverificatie/uitzetten/",
        security_views.two_factor_disable,
        name="two_factor_disable",
    ),
    path(
        "tweestapsverificatie/herstelcodes/",
        security_views.recovery_codes,
        name="recovery_codes",
    ),
    path("bevestigen/", security_views.reauthenticate, name="reauthenticate"),
    path("sessies-en-apparaten/", security_views.login_sessions, name="sessions"),
    path("mijn-gegevens.json", security_views.my_data, name="my_data"),
    path("e-mailadres/wijzigen/", security_views.email_change, name="email_change"),
    path(
        "e-mailadres/bevestigen/<str:token>/",
        security_views.email_confirm,
        name="email_confirm",
    ),
    path(
        "organisaties/<slug:slug>/beveiliging/",
        security_views.organisation_security,
        name="organisation_security",
    ),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("api-sleutels/", views.api_tokens, name="api_tokens"),
    path("api-sleutels/<int:pk>/intrekken/", views.api_token_revoke, name="api_token_revoke"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisaties/<slug:slug>/leden/", views.members, name="members"),
    path("organisaties/<slug:slug>/leden/uitnodigen/", views.invite, name="invite"),
    path("organisaties/<slug:slug>/leden/<int:pk>/rol/", views.change_role, name="change_role"),
    path(
        "organisaties/<slug:slug>/leden/<int:pk>/verwijderen/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "organisaties/<slug:slug>/uitnodigingen/<int:pk>/intrekken/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
]
