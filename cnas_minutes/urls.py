from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard.views import health, home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health, name="health"),
    # First: the editor's meetings/<pk>/<section>/… and the notices' notices/<pk>/<action>/
    # would otherwise take circulation's meetings/<pk>/replies/… and notices/<pk>/circulation/
    # (tests/security/test_authorization_matrix.py checks every name resolves to itself).
    path("", include("circulation.urls")),
    path("meetings/", include("meetings.urls")),
    path("meetings/", include("minutes.urls")),
    path("", include("notices.urls")),
    path("people/", include("attendees.urls")),
    path("committees/", include("attendees.roster_urls")),
    path("archive/", include("archive.urls")),
    path("registers/", include("registers.urls")),
    # Log in, log out, change one's password. No self-service password reset: accounts are
    # issued by the secretariat, and an intranet server usually sends no mail.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
