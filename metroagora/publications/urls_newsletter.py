"""Addresses of the newsletter pages, all under ``newsletter/``."""

from django.urls import URLPattern, path

from metroagora.publications import newsletter_views as views

urlpatterns: list[URLPattern] = [
    path("newsletter/", views.archive, name="newsletter"),
    path("newsletter/city/<slug:slug>/", views.city_archive, name="newsletter_city"),
    path("newsletter/subscribe/", views.subscribe, name="newsletter_subscribe"),
    path("newsletter/subscribe/sent/", views.subscribe_sent, name="newsletter_subscribe_sent"),
    path("newsletter/subscribe/me/", views.subscribe_me, name="newsletter_subscribe_me"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
    path("newsletter/new/", views.issue_create, name="newsletter_create"),
    path("newsletter/<int:pk>/", views.issue_detail, name="newsletter_issue"),
    path("newsletter/<int:pk>/edit/", views.issue_edit, name="newsletter_edit"),
    path("newsletter/<int:pk>/preview/", views.issue_preview, name="newsletter_preview"),
    path(
        "newsletter/<int:pk>/preview/email/",
        views.issue_preview_email,
        name="newsletter_preview_email",
    ),
    path("newsletter/<int:pk>/send/", views.issue_send, name="newsletter_send"),
    path("newsletter/<int:pk>/delete/", views.issue_delete, name="newsletter_delete"),
]
