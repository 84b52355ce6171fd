"""Whose requests a rate limit counts: the visitor's address, also behind a proxy."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from metroagora.core.ratelimit import client_address, client_id


def _request(**meta: str):
    request = RequestFactory().get("/", **meta)
    request.user = AnonymousUser()
    return request


def test_it_counts_the_connecting_address_when_not_behind_a_proxy(settings):
    settings.BEHIND_PROXY = False
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_address(request) == "10.0.0.1"
    assert client_id(request) == "ip:10.0.0.1"


def test_it_counts_the_address_the_proxy_saw_behind_a_proxy(settings):
    settings.BEHIND_PROXY = True
    # The client may send its own X-Forwarded-For; the proxy appends the real address.
    request = _request(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_it_falls_back_to_the_connecting_address_without_the_header(settings):
    settings.BEHIND_PROXY = True
    assert client_address(_request(REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
