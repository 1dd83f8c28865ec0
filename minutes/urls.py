from django.urls import path

from .views import document, editor, overrides, paste, rows

app_name = "minutes"
urlpatterns = [
    path("<int:pk>/edit/", editor.meeting_editor, name="editor"),
    path("<int:pk>/attendance/members/", rows.attendance_from_members, name="attendance_from_members"),
    path("<int:pk>/attendance/bulk/", rows.attendance_bulk, name="attendance_bulk"),
    path(
        "<int:pk>/attendance/order/<str:clause>/<str:direction>/",
        rows.attendance_order_move,
        name="attendance_order_move",
    ),
    path("<int:pk>/speeches/<int:speech_pk>/<str:direction>/", rows.speech_move, name="speech_move"),
    path("<int:pk>/overrides/<str:key>/", overrides.override_save, name="override_save"),
    path("<int:pk>/overrides/<str:key>/revert/", overrides.override_revert, name="override_revert"),
    path("<int:pk>/<slug:slug>/add/", rows.section_add, name="section_add"),
    path("<int:pk>/<slug:slug>/paste/", paste.section_paste, name="section_paste"),
    path("<int:pk>/<slug:slug>/text/", rows.section_text, name="section_text"),
    path("<int:pk>/<slug:slug>/panel/", editor.section_panel, name="section_panel"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/", rows.section_edit, name="section_edit"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/delete/", rows.section_delete, name="section_delete"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/move/", rows.section_move_to, name="section_move_to"),
    path("<int:pk>/<slug:slug>/<int:row_pk>/<str:direction>/", rows.section_move, name="section_move"),
    path("<int:pk>/minutes/", document.minutes_preview, name="preview"),
    path("<int:pk>/minutes.pdf", document.minutes_pdf, name="pdf"),
]
