"""Importing a Pol.is export (ZIP) from the site: all or nothing, errors name file and line."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metroagora.opinions.models import OpinionMap

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "polis_small"


def _zip(files: dict[str, bytes], name: str = "export.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for filename, content in files.items():
            archive.writestr(filename, content)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def _export(**changes: bytes) -> dict[str, bytes]:
    files = {path.name: path.read_bytes() for path in DATA.iterdir()}
    files.update(changes)
    return files


def _post(client, archive, slug="imported"):
    return client.post(
        reverse("opinions:import"),
        {"slug": slug, "title": "Imported conversation", "language": "en", "archive": archive},
    )


def test_it_imports_a_zip_and_shows_the_results(client, people):
    client.force_login(people.moderator)
    response = _post(client, _zip(_export()))
    assert response.status_code == 302
    opinion_map = OpinionMap.objects.get(slug="imported")
    assert response["Location"].endswith(reverse("opinions:results", args=["imported"]))
    assert opinion_map.votes.exists()
    assert opinion_map.analysed_at is not None


def test_it_names_the_file_and_line_and_imports_nothing(client, people):
    client.force_login(people.moderator)
    votes = (DATA / "votes.csv").read_bytes().splitlines()
    votes[2] = votes[2].rsplit(b",", 1)[0] + b",7"
    response = _post(client, _zip(_export(**{"votes.csv": b"\n".join(votes) + b"\n"})))
    assert response.status_code == 400
    page = response.content.decode()
    assert "votes.csv" in page and "line 3" in page
    assert not OpinionMap.objects.filter(slug="imported").exists()


def test_it_refuses_a_file_that_is_not_a_zip(client, people):
    client.force_login(people.moderator)
    fake = SimpleUploadedFile("export.zip", b"not a zip", content_type="application/zip")
    response = _post(client, fake)
    assert response.status_code == 400
    assert "not a ZIP file" in response.content.decode()
    assert not OpinionMap.objects.exists()


def test_it_forbids_people_who_cannot_open_maps(client, people):
    client.force_login(people.participant)
    assert _post(client, _zip(_export())).status_code == 403
    assert not OpinionMap.objects.exists()
