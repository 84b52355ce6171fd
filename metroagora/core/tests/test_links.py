"""``object_url`` gives exactly what ``reverse`` gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from metroagora.core.links import object_url

CASES = [
    ("events:detail", "slug", "lyon-assembly-2026"),
    ("network:city_detail", "slug", "gdansk"),
    ("funding:call", "identifier", "HORIZON-CL5-2026-D2-01-03"),
    ("funding:project", "pk", 42),
    ("decisions:proposal", "pk", 7),
    ("publications:video", "slug", "opening_session"),
]


@pytest.mark.parametrize(("viewname", "argument", "value"), CASES)
@pytest.mark.parametrize("language", ["en", "fr", "pl"])
def test_it_gives_what_reverse_gives(viewname, argument, value, language):
    with translation.override(language):
        assert object_url(viewname, **{argument: value}) == reverse(
            viewname, kwargs={argument: value}
        )


def test_it_follows_the_script_prefix():
    set_script_prefix("/agora/")
    try:
        assert object_url("events:detail", slug="x").startswith("/agora/")
    finally:
        set_script_prefix("/")
    assert object_url("events:detail", slug="x") == reverse("events:detail", kwargs={"slug": "x"})


def test_other_values_go_through_reverse():
    # Identifiers are free text on hand-made calls.
    for identifier in ("CALL 2026 a&b", "ÉTÉ-2026", "a+b;c=d", "x.y~z"):
        assert object_url("funding:call", identifier=identifier) == reverse(
            "funding:call", kwargs={"identifier": identifier}
        )
    with pytest.raises(NoReverseMatch):
        object_url("funding:call", identifier="a/b")
    with pytest.raises(NoReverseMatch):
        object_url("funding:project", pk="x1")


def test_an_unknown_view_is_an_error():
    with pytest.raises(NoReverseMatch):
        object_url("events:nothing-here", slug="x")


TWO_ARGUMENTS = [
    ("publications:publication_pdf", {"slug": "annual-report", "lang": "fr"}),
    ("publications:version_pdf", {"slug": "annual-report", "number": 12, "lang": "pl"}),
    # A pattern of its own ([a-z]{2,3}) that no marker fits: reverse every time.
    ("publications:video_track", {"slug": "opening_session", "lang": "de"}),
]


@pytest.mark.parametrize(("viewname", "kwargs"), TWO_ARGUMENTS)
@pytest.mark.parametrize("language", ["en", "it"])
def test_it_gives_what_reverse_gives_for_several_arguments(viewname, kwargs, language):
    with translation.override(language):
        assert object_url(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)


def test_a_value_that_looks_like_a_marker_stays_as_it_is():
    # Each value goes in its own place, even one that reads like another's marker.
    kwargs = {"slug": "metroagora-link-marker-b", "lang": "metroagora-link-marker-a"}
    assert object_url("publications:publication_pdf", **kwargs) == reverse(
        "publications:publication_pdf", kwargs=kwargs
    )
