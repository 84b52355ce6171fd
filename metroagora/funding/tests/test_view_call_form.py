"""Network admins add and edit calls by hand; nobody else can."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from metroagora.funding.models import Call, CallSource
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import CallFactory, programme

pytestmark = pytest.mark.django_db
CREATE = reverse("funding:call_create")


def form_data(**overrides):
    now = timezone.localtime()
    data = {
        "identifier": "URBACT-2026-ITN",
        "title": "URBACT Innovation Transfer Networks",
        "programme": programme("URBACT").pk,
        "call_identifier": "URBACT-IV-2026",
        "call_title": "",
        "action_type": "Innovation Transfer Network",
        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "deadline_model": "single-stage",
        "deadline": (now + timedelta(days=50)).strftime("%Y-%m-%dT%H:%M"),
        "second_deadline": "",
        "budget_eur": "6000000",
        "expected_grants": "8",
        "min_contribution": "",
        "max_contribution": "750000",
        "keywords": "Transfer, Innovation, Cities",
        "description": "Cities transfer an **innovative** practice.\n\n<script>x()</script>",
        "url": "https://urbact.eu/calls",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_network_admins_add_calls(client, people, role):
    sign_in(client, people[role])
    response = client.get(CREATE)
    if role == "admin":
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_network_admins_edit_calls(client, people, role):
    call = CallFactory()
    sign_in(client, people[role])
    client.post(
        reverse("funding:call_edit", kwargs={"identifier": call.identifier}),
        form_data(title="Changed"),
    )
    call.refresh_from_db()
    assert (call.title == "Changed") == (role == "admin"), role


def test_an_admin_adds_a_call_by_hand(client, roles):
    client.force_login(roles.admin)
    response = client.post(CREATE, form_data())
    call = Call.objects.get(identifier="URBACT-2026-ITN")
    assert response.status_code == 302
    assert response.url == call.get_absolute_url()
    assert call.source == CallSource.MANUAL
    assert call.created_by == roles.admin
    assert call.status == "open"
    assert call.keywords == ["Transfer", "Innovation", "Cities"]
    assert "<strong>innovative</strong>" in call.description
    assert "script" not in call.description
    assert call.match_terms["innov"] >= 3


def test_a_deadline_before_the_opening_is_refused_with_what_to_do(client, roles):
    client.force_login(roles.admin)
    now = timezone.localtime()
    response = client.post(
        CREATE, form_data(deadline=(now - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 400
    assert "The deadline is before the opening date: check both dates." in response.content.decode()
    assert not Call.objects.exists()


def test_a_second_deadline_before_the_first_is_refused(client, roles):
    client.force_login(roles.admin)
    now = timezone.localtime()
    response = client.post(
        CREATE,
        form_data(
            deadline_model="two-stage",
            second_deadline=(now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 400
    assert "The second deadline is before the first one" in response.content.decode()


def test_the_identifier_cannot_change_when_editing(client, roles):
    call = CallFactory(identifier="KEEP-ME")
    client.force_login(roles.admin)
    client.post(
        reverse("funding:call_edit", kwargs={"identifier": call.identifier}),
        form_data(identifier="OTHER"),
    )
    call.refresh_from_db()
    assert call.identifier == "KEEP-ME"
    assert call.title == "URBACT Innovation Transfer Networks"
