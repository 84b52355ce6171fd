from django.urls import path

from metroagora.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.network_dashboard, name="dashboard"),
    path("figures.csv", views.network_figures_csv, name="figures_csv"),
    path("refresh/", views.refresh, name="refresh"),
    path("<slug:slug>/", views.city_dashboard, name="city"),
    path("<slug:slug>/figures.csv", views.city_figures_csv, name="city_figures_csv"),
]
