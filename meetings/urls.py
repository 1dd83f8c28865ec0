from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/edit/", views.meeting_editor, name="editor"),
    path("<int:pk>/attendance/members/", views.attendance_from_members, name="attendance_from_members"),
    path("<int:pk>/attendance/bulk/", views.attendance_bulk, name="attendance_bulk"),
    path("<int:pk>/speeches/<int:speech_pk>/<str:direction>/", views.speech_move, name="speech_move"),
    path("<int:pk>/overrides/<str:key>/", views.override_save, name="override_save"),
    path("<int:pk>/overrides/<str:key>/revert/", views.override_revert, name="override_revert"),
    path("<int:pk>/<slug:slug>/add/", views.section_add, name="section_add"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/", views.section_edit, name="section_edit"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/delete/", views.section_delete, name="section_delete"),
    path(
        "<int:pk>/<slug:slug>/<int:row_pk>/<str:direction>/",
        views.section_move,
        name="section_move",
    ),
]
