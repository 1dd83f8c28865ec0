from django.urls import path

from .views import document, edit, package, register

app_name = "notices"
urlpatterns = [
    path("meetings/<int:pk>/", package.meeting_page, name="meeting"),
    path("meetings/<int:pk>/notice/", edit.notice_edit, name="edit"),
    path("notices/register/", register.register, name="register"),
    path("notices/<int:pk>/", document.notice_preview, name="preview"),
    path("notices/<int:pk>/notice.pdf", document.notice_pdf, name="pdf"),
    path("notices/<int:pk>/<slug:action>/", package.notice_transition, name="transition"),
]
