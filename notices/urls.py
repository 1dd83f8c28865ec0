from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("<int:pk>/", views.notice_preview, name="preview"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="pdf"),
]
