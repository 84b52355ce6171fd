from django.urls import path

from metroagora.practices import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_create, name="create"),
    path("review/", views.review_queue, name="queue"),
    path("transfers/", views.transfers_overview, name="transfers"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("event/<slug:slug>/", views.event_practices, name="event_practices"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/edit/", views.practice_edit, name="edit"),
    path("<slug:slug>/media/", views.practice_media, name="media"),
    path("<slug:slug>/review/", views.practice_review, name="review"),
    path("<slug:slug>/adopt/", views.practice_adopt, name="adopt"),
]
