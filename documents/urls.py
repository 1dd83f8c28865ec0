from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("meetings/<int:pk>/minutes/", views.minutes_preview, name="minutes_preview"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("notices/<int:pk>/", views.notice_preview, name="notice_preview"),
    path("notices/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
]
