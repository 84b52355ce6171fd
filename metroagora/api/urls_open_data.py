"""Addresses of the open data page (under ``open-data/``)."""

from django.urls import path

from metroagora.api import views

app_name = "open_data"
urlpatterns = [
    path("", views.open_data, name="page"),
    path("metroagora-open-data.zip", views.open_data_download, name="download"),
    path("rebuild/", views.open_data_rebuild, name="rebuild"),
]
