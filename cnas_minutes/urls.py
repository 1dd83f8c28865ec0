from django.contrib import admin
from django.urls import include, path

from dashboard.views import health, home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", health, name="health"),
    path("meetings/", include("meetings.urls")),
    path("meetings/", include("minutes.urls")),
    path("", include("notices.urls")),
    path("people/", include("attendees.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
