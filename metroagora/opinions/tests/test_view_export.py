"""The Pol.is export: a ZIP of CSV files, for the map's moderators."""

import io
import zipfile

import pytest
from django.urls import reverse

from metroagora.opinions.tests.factories import vote_in_two_camps

pytest.importorskip("metroagora.opinions.polis")


def _url(opinion_map):
    return reverse("opinions:export", args=[opinion_map.slug])


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_sends_moderators_a_zip_of_csv_files(client, people, make_map, role):
    camps = vote_in_two_camps(make_map(statements=0))
    client.force_login(getattr(people, role))
    response = client.get(_url(camps.opinion_map))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "polis-export.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = {name.rsplit("/", 1)[-1] for name in archive.namelist()}
    assert {"comments.csv", "votes.csv"} <= names
    comments = next(n for n in archive.namelist() if n.endswith("comments.csv"))
    text = archive.read(comments).decode()
    for statement in camps.statements:
        assert statement.text in text
    votes = next(n for n in archive.namelist() if n.endswith("votes.csv"))
    assert len(archive.read(votes).decode().strip().splitlines()) == 1 + 100


def test_it_sends_anonymous_visitors_to_sign_in(client, make_map):
    response = client.get(_url(make_map()))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_the_export_to_others(client, people, make_map, role):
    client.force_login(getattr(people, role))
    assert client.get(_url(make_map())).status_code == 403
