from django.urls import path

from metroagora.network import views

app_name = "network"
urlpatterns = [
    path("network/", views.overview, name="overview"),
    path("cities/", views.city_list, name="city_list"),
    path("cities/new/", views.city_create, name="city_create"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("cities/<slug:slug>/edit/", views.city_edit, name="city_edit"),
    path("cities/<slug:slug>/people/", views.city_people, name="city_people"),
    path("cities/<slug:slug>/residence/", views.declare_residence, name="declare_residence"),
    path(
        "cities/<slug:slug>/people/<int:pk>/verify/",
        views.membership_verify,
        name="membership_verify",
    ),
    path(
        "cities/<slug:slug>/people/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
