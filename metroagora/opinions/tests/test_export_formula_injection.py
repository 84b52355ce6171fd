"""The Pol.is export: statements and titles people wrote cannot run as spreadsheet
formulas, votes of -1 stay numbers, and importing the files gives the texts back."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from metroagora.opinions.models import StatementStatus
from metroagora.opinions.polis import read_export, read_summary, write_export
from metroagora.opinions.tests.factories import StatementFactory, vote_in_two_camps

EVIL = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def camps(make_map):
    opinion_map = make_map(statements=0, title={"en": "@SUM(A1)", "_original": "en"})
    StatementFactory(opinion_map=opinion_map, text=EVIL)
    StatementFactory(opinion_map=opinion_map, text="@SUM(A1)", status=StatementStatus.REJECTED)
    return vote_in_two_camps(opinion_map, size=3)


def _files(response):
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {n.rsplit("/", 1)[-1]: archive.read(n).decode() for n in archive.namelist()}


def test_the_downloaded_csvs_hold_no_formulas(client, people, camps):
    client.force_login(people.moderator)
    response = client.get(reverse("opinions:export", args=[camps.opinion_map.slug]))
    assert response.status_code == 200
    files = _files(response)
    comments = list(csv.DictReader(io.StringIO(files["comments.csv"])))
    bodies = {c["comment-body"]: c for c in comments}
    assert "'" + EVIL in bodies and EVIL not in bodies
    assert bodies["'@SUM(A1)"]["moderated"] == "-1"  # a number, no quote before it
    summary = dict(csv.reader(io.StringIO(files["summary.csv"])))
    assert summary["topic"] == "'@SUM(A1)"
    votes = list(csv.DictReader(io.StringIO(files["votes.csv"])))
    assert {v["vote"] for v in votes} == {"1", "-1"}  # disagreeing stays a number


def test_importing_the_export_gives_the_texts_back(people, camps, tmp_path):
    write_export(camps.opinion_map, tmp_path / "out")
    bodies = {c.body for c in read_export(tmp_path / "out").comments}
    assert {EVIL, "@SUM(A1)"} <= bodies
    assert read_summary(tmp_path / "out")["topic"] == "@SUM(A1)"
