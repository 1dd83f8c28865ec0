from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("resolutions/", views.resolution_list, name="resolutions"),
    path("resolutions.csv", views.resolution_export, {"fmt": "csv"}, name="resolutions_csv"),
    path("resolutions.xlsx", views.resolution_export, {"fmt": "xlsx"}, name="resolutions_xlsx"),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations.csv", views.recommendation_export, {"fmt": "csv"}, name="recommendations_csv"),
    path("recommendations.xlsx", views.recommendation_export, {"fmt": "xlsx"}, name="recommendations_xlsx"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
