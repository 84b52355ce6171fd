"""Addresses of the video library (under ``videos/``)."""

from django.urls import URLPattern, path, re_path

from metroagora.publications import videos_views as views

urlpatterns: list[URLPattern] = [
    path("videos/", views.video_list, name="videos"),
    path("videos/new/", views.video_create, name="video_create"),
    path("videos/<slug:slug>/", views.video_detail, name="video"),
    path("videos/<slug:slug>/edit/", views.video_edit, name="video_edit"),
    path("videos/<slug:slug>/captions/", views.video_captions, name="video_captions"),
    re_path(
        r"^videos/(?P<slug>[-a-zA-Z0-9_]+)/captions/(?P<lang>[a-z]{2,3})\.vtt$",
        views.video_track_file,
        name="video_track",
    ),
    path("videos/<slug:slug>/publish/", views.video_publish, name="video_publish"),
    path("videos/<slug:slug>/file", views.video_file, name="video_file"),
    path("videos/<slug:slug>/poster", views.video_poster, name="video_poster"),
]
