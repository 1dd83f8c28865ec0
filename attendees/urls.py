from django.urls import path

from . import roster_views, views

app_name = "attendees"
urlpatterns = [
    path("", roster_views.person_list, name="people"),
    path("search/", views.person_search, name="person_search"),
    path("<int:pk>/", roster_views.person_page, name="person"),
    path("<int:pk>/posts/", roster_views.post_add, name="post_add"),
    path("<int:pk>/posts/<int:post_pk>/", roster_views.post_edit, name="post_edit"),
    path("<int:pk>/posts/<int:post_pk>/delete/", roster_views.post_delete, name="post_delete"),
]
