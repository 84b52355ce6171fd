"""The open data page, the download, and "Rebuild now" for each role."""

import io
import zipfile

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.api import opendata
from metroagora.api.models import ExportStatus, OpenDataExport
from metroagora.api.opendata_datasets import DATASETS
from metroagora.network.tests.factories import CityFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGE = "/en/open-data/"
DOWNLOAD = "/en/open-data/metroagora-open-data.zip"
REBUILD = "/en/open-data/rebuild/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def people(db):
    city = CityFactory()
    coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    return {
        "anonymous": None,
        "participant": UserFactory(),
        "coordinator": coordinator,
        "admin": with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
    }


def built(django_capture_on_commit_callbacks) -> OpenDataExport:
    with django_capture_on_commit_callbacks(execute=True):
        export = opendata.start_export(None)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    return export


def test_it_has_the_addresses_asked_for():
    assert reverse("open_data:page") == PAGE
    assert reverse("open_data:download") == DOWNLOAD


def test_the_page_before_the_first_build(client, media, django_assert_num_queries):
    with django_assert_num_queries(1):  # the last build
        response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has not been built yet" in html
    assert DOWNLOAD not in html
    assert "Rebuild now" not in html
    for dataset in DATASETS:  # what the file will hold, column by column
        assert f"<code>{dataset.filename}</code>" in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html


def test_the_page_lists_the_last_build(
    client, media, django_capture_on_commit_callbacks, django_assert_num_queries
):
    CityFactory(slug="lyon")
    CityFactory(slug="porto")
    export = built(django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        response = client.get(PAGE)
    html = response.content.decode()
    assert f'href="{DOWNLOAD}"' in html
    assert "<code>cities.csv</code> · Cities · 2 rows" in html
    assert f"{len(DATASETS)} files." in html
    assert f"{export.total_rows} rows in all." in html
    assert "Open Data Commons Open Database License 1.0" in html
    assert 'rel="license"' in html


def test_the_page_keeps_the_last_good_build_after_a_failure(
    client, media, django_capture_on_commit_callbacks
):
    CityFactory(slug="lyon")
    built(django_capture_on_commit_callbacks)
    OpenDataExport.objects.create(status=ExportStatus.FAILED, error="Boom")
    html = client.get(PAGE).content.decode()
    assert f'href="{DOWNLOAD}"' in html and "Cities · 1 row" in html
    assert "Boom" not in html  # only network admins see the errors


def test_the_download_is_the_zip(client, media, django_capture_on_commit_callbacks):
    CityFactory(slug="lyon")
    built(django_capture_on_commit_callbacks)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="metroagora-open-data.zip"'
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"lyon" in archive.read("cities.csv")


def test_the_address_without_a_language_leads_to_the_download(client):
    response = client.get("/open-data/metroagora-open-data.zip")
    assert response.status_code == 302
    assert response["Location"] == DOWNLOAD


def test_no_file_yet_is_a_helpful_404(client, media):
    response = client.get(DOWNLOAD)
    assert response.status_code == 404
    html = response.content.decode()
    assert "The open data file is not ready yet" in html
    assert "built every night" in html
    assert f'href="{PAGE}"' in html
    assert "Rebuild now" not in html


def test_no_file_yet_offers_network_admins_to_build_it(
    client, media, people, django_assert_max_num_queries
):
    client.force_login(people["admin"])
    with django_assert_max_num_queries(5):  # session, person, their authenticator, builds
        response = client.get(DOWNLOAD)
    assert response.status_code == 404
    assert "Rebuild now" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees_button"),
    [("anonymous", False), ("participant", False), ("coordinator", False), ("admin", True)],
)
def test_only_network_admins_see_rebuild_now(client, media, people, role, sees_button):
    if people[role] is not None:
        client.force_login(people[role])
    html = client.get(PAGE).content.decode()
    assert ("Rebuild now" in html) is sees_button
    assert (f'action="{REBUILD}"' in html) is sees_button


@pytest.mark.parametrize("role", ["participant", "coordinator"])
def test_other_people_cannot_rebuild(client, media, people, role):
    client.force_login(people[role])
    assert client.post(REBUILD).status_code == 403
    assert client.get(REBUILD, headers=HTMX).status_code == 403
    assert OpenDataExport.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, media):
    response = client.post(REBUILD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert OpenDataExport.objects.count() == 0


def test_a_network_admin_rebuilds_without_javascript(
    client, media, people, django_capture_on_commit_callbacks
):
    CityFactory(slug="lyon")
    client.force_login(people["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REBUILD)
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#rebuild"
    export = OpenDataExport.objects.get()
    assert export.status == ExportStatus.DONE and export.requested_by == people["admin"]
    html = client.get(PAGE).content.decode()
    assert "The file is being rebuilt" in html  # the message
    assert "Last built on" in html and f'href="{DOWNLOAD}"' in html
    assert (media / opendata.ARCHIVE_NAME).exists()


def test_htmx_gets_the_status_box_and_polls_while_it_runs(client, media, people):
    client.force_login(people["admin"])
    response = client.post(REBUILD, headers=HTMX)  # queued: the task runs after the commit
    html = response.content.decode()
    assert response.status_code == 200 and 'id="open-data-status"' in html
    assert f'hx-get="{REBUILD}"' in html and 'hx-trigger="every 2s"' in html
    assert "<progress" in html and "Rebuild now" not in html
    export = OpenDataExport.objects.get()
    OpenDataExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=42)
    html = client.get(REBUILD, headers=HTMX).content.decode()
    assert "42%" in html and 'value="42"' in html
    OpenDataExport.objects.filter(pk=export.pk).update(status=ExportStatus.DONE, progress=100)
    html = client.get(REBUILD, headers=HTMX).content.decode()
    assert "hx-get" not in html.split(">")[0]  # polling stops
    assert "Reload the page" in html and "Rebuild now" in html


def test_a_second_rebuild_while_one_runs_is_refused(client, media, people):
    client.force_login(people["admin"])
    client.post(REBUILD, headers=HTMX)
    html = client.post(REBUILD, headers=HTMX).content.decode()
    assert "being rebuilt already" in html
    assert OpenDataExport.objects.count() == 1
    response = client.post(REBUILD, follow=True)
    assert "being rebuilt already" in response.content.decode()


def test_a_failed_build_shows_its_error_to_network_admins(client, media, people):
    OpenDataExport.objects.create(status=ExportStatus.FAILED, error="OSError: disk full")
    client.force_login(people["admin"])
    html = client.get(PAGE).content.decode()
    assert "failed" in html and "OSError: disk full" in html and "Rebuild now" in html


def test_the_status_address_without_htmx_leads_to_the_page(client, media, people):
    client.force_login(people["admin"])
    response = client.get(REBUILD)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}#rebuild"


def test_rebuilding_is_rate_limited(client, media, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.open_data": "2/d"}
    client.force_login(people["admin"])
    assert client.post(REBUILD, headers=HTMX).status_code == 200
    assert client.post(REBUILD, headers=HTMX).status_code == 200
    assert client.post(REBUILD, headers=HTMX).status_code == 429


def test_the_footer_links_to_the_page(client):
    assert f'href="{PAGE}"' in client.get("/en/forum/").content.decode()
