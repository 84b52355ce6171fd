"""Network admins ask for a computation from the dashboard; its status updates by polling."""

import pytest

from metroagora.impact.models import ImpactRefresh, RefreshStatus
from metroagora.impact.tests.conftest import sign_in

pytestmark = pytest.mark.django_db
URL = "/en/impact/refresh/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_anonymous_people_are_sent_to_sign_in(client, db):
    response = client.post(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ImpactRefresh.objects.exists()


@pytest.mark.parametrize("role", ["participant", "moderator", "coordinator", "policymaker"])
def test_other_people_may_neither_ask_nor_see_the_status(client, roles, role):
    sign_in(client, getattr(roles, role))
    assert client.post(URL).status_code == 403
    assert client.get(URL).status_code == 403
    assert not ImpactRefresh.objects.exists()


def test_a_network_admin_asks_and_the_figures_are_computed(
    client, roles, world, django_capture_on_commit_callbacks
):
    sign_in(client, roles.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"back": f"/en/impact/{world.milan.slug}/"})
    assert response.status_code == 302
    refresh = ImpactRefresh.objects.get()
    assert refresh.status == RefreshStatus.DONE
    page = client.get(response["Location"]).content.decode()
    assert "The figures are being computed." in page
    assert "Last computed on" in page
    assert f'href="/en/impact/{world.milan.slug}/"' in page  # back where they asked


def test_with_htmx_the_box_polls_while_the_computation_runs(client, roles, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sign_in(client, roles.admin)
    response = client.post(URL, {"back": "/en/impact/"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="refresh-status"')
    assert 'hx-trigger="every 2s"' in html
    assert "step 0 of" in html
    assert "<progress" in html
    assert "Compute the figures now" not in html  # one at a time


def test_asking_twice_says_one_is_running(client, roles):
    ImpactRefresh.objects.create(status=RefreshStatus.RUNNING)
    sign_in(client, roles.admin)
    html = client.post(URL, **HTMX).content.decode()
    assert "being computed already" in html
    assert ImpactRefresh.objects.count() == 1


def test_the_poll_stops_when_the_computation_is_done(client, roles):
    ImpactRefresh.objects.create(status=RefreshStatus.DONE, figures=12, seconds=1.5)
    sign_in(client, roles.admin)
    html = client.get(URL + "?back=/en/impact/", **HTMX).content.decode()
    assert "hx-trigger" not in html
    assert "12 figures in 1.5 seconds" in html
    assert '<a href="/en/impact/">Show the dashboard with these figures</a>' in html


def test_a_failure_is_shown_with_what_to_do(client, roles):
    ImpactRefresh.objects.create(status=RefreshStatus.FAILED, error="OperationalError: locked")
    sign_in(client, roles.admin)
    html = client.get(URL).content.decode()
    assert "Try again" in html
    assert "OperationalError: locked" in html


def test_the_status_page_works_without_javascript(client, roles):
    ImpactRefresh.objects.create(status=RefreshStatus.RUNNING, steps_total=12, steps_done=4)
    sign_in(client, roles.admin)
    html = client.get(URL).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "step 4 of 12" in html


def test_the_back_address_must_be_on_this_site(client, roles):
    ImpactRefresh.objects.create(status=RefreshStatus.DONE)
    sign_in(client, roles.admin)
    html = client.get(URL + "?back=https://evil.example.com/", **HTMX).content.decode()
    assert "evil.example.com" not in html
