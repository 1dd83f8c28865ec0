from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("", views.record_list, name="list"),
    path("verify/", views.verify, name="verify"),
    path("fixity/", views.fixity, name="fixity"),
    path("<int:pk>/<slug:kind>/", views.record_file, name="file"),
]
