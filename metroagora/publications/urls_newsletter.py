"""Addresses of the newsletter pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
