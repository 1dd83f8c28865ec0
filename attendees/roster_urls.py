from django.urls import path

from . import roster_views as views

app_name = "rosters"
urlpatterns = [
    path("", views.committee_list, name="committees"),
    path("new/", views.committee_create, name="committee_create"),
    path("<int:pk>/terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/", views.term_roster, name="term"),
    path("terms/<int:pk>/dates/", views.term_dates, name="term_dates"),
    path("terms/<int:pk>/seats/", views.seat_add, name="seat_add"),
    path("terms/<int:pk>/seats/<int:seat_pk>/", views.seat_edit, name="seat_edit"),
    path("terms/<int:pk>/seats/<int:seat_pk>/delete/", views.seat_delete, name="seat_delete"),
    path("terms/<int:pk>/seats/<int:seat_pk>/move/<str:direction>/", views.seat_move, name="seat_move"),
]
