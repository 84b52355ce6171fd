"""Addresses of the publications pages (under ``publications/``)."""

from django.urls import URLPattern, path

from metroagora.publications import publications_views as views

urlpatterns: list[URLPattern] = [
    path("publications/", views.publication_list, name="publications"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
    path("publications/<slug:slug>/edit/", views.publication_edit, name="publication_edit"),
    path("publications/<slug:slug>/cover/", views.publication_image, name="publication_cover"),
    path("publications/<slug:slug>/parts/", views.publication_compose, name="publication_compose"),
    path("publications/<slug:slug>/parts/<int:pk>/", views.part_edit, name="part_edit"),
    path("publications/<slug:slug>/parts/<int:pk>/move/", views.part_move, name="part_move"),
    path(
        "publications/<slug:slug>/parts/<int:pk>/image/",
        views.publication_image,
        name="part_image",
    ),
    path("publications/<slug:slug>/parts/<int:pk>/remove/", views.part_remove, name="part_remove"),
    path(
        "publications/<slug:slug>/publish/", views.publication_publish, name="publication_publish"
    ),
    path("publications/<slug:slug>/versions/", views.version_list, name="versions"),
    path("publications/<slug:slug>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "publications/<slug:slug>/versions/<int:number>/<str:lang>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
    path(
        "publications/<slug:slug>/versions/<int:number>/<str:lang>/",
        views.version_action,
        name="version_action",
    ),
    path(
        "publications/<slug:slug>/pdf/<str:lang>/",
        views.publication_download,
        name="publication_pdf",
    ),
]
