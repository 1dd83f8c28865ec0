from django.urls import path

from . import views

app_name = "attendees"
urlpatterns = [
    path("search/", views.person_search, name="person_search"),
]
