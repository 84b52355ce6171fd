"""A person's data: download it, delete the account, and what the site keeps and why.

Included at the root of the language-prefixed addresses (``/en/account/data/``...).
"""

from django.urls import path

from metroagora.api import personal_data_views as views

app_name = "personal_data"
urlpatterns = [
    path("account/data/", views.download, name="download"),
    path("account/delete/", views.delete, name="delete"),
    path("account/deleted/", views.deleted, name="deleted"),
    path("privacy/data/", views.privacy, name="privacy"),
]
