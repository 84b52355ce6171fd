"""Addresses of the publications pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
