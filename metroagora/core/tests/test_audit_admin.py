"""What is done in the Django admin is in the audit log; the log itself is read-only there."""

from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.core.audit import record, summary
from metroagora.core.models import AuditEntry
from metroagora.network.models import PartnerOrganisation
from metroagora.network.tests.factories import CityFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    return client


def _admin_user(client):
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_it_records_a_deletion_made_in_the_admin(admin_client):
    partner = PartnerFactory(name={"en": "Green Streets"})
    url = reverse("admin:network_partnerorganisation_delete", args=[partner.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not PartnerOrganisation.objects.exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_label, entry.actor) == (
        "admin.delete",
        "Green Streets",
        _admin_user(admin_client),
    )
    assert summary(entry) == "Deleted partner organisation “Green Streets” in the administration"


def test_it_records_each_object_of_a_bulk_deletion(admin_client):
    partners = [PartnerFactory(name={"en": name}) for name in ("One", "Two", "Three")]
    response = admin_client.post(
        reverse("admin:network_partnerorganisation_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [p.pk for p in partners],
        },
    )
    assert response.status_code == 302
    assert not PartnerOrganisation.objects.exists()
    assert sorted(AuditEntry.objects.values_list("object_label", flat=True)) == [
        "One",
        "Three",
        "Two",
    ]
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"admin.delete"}


def test_it_records_nothing_before_the_deletion_is_confirmed(admin_client):
    partners = [PartnerFactory(), PartnerFactory()]
    response = admin_client.post(
        reverse("admin:network_partnerorganisation_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in partners]},
    )
    assert response.status_code == 200  # the confirmation page
    assert not AuditEntry.objects.exists()


def test_it_records_changes_with_the_admin_address_and_the_person_concerned():
    admin = UserFactory(is_superuser=True, is_staff=True)
    city: Any = CityFactory(slug="turin")
    LogEntry.objects.log_actions(
        admin.pk, [city], CHANGE, change_message=[{"changed": {"fields": ["Population"]}}]
    )
    person: Any = UserFactory(display_name="Rita Resident")
    LogEntry.objects.log_actions(admin.pk, [person], CHANGE, change_message="Made moderator")
    about_city, about_person = AuditEntry.objects.order_by("pk")
    assert (about_city.action, about_city.actor, about_city.params["type"]) == (
        "admin.change",
        admin,
        "city",
    )
    assert about_city.object_url == reverse("admin:network_city_change", args=[city.pk])
    assert about_city.params["fields"] == ["Population"]
    assert about_person.params["fields"] == []  # a message in free text may name people
    assert about_person.subject == person  # its label goes when the account is deleted


def test_the_log_is_read_only_in_the_admin_for_superusers_too(admin_client):
    entry = record(UserFactory(), "forum.hide", obj_label="A debate", reason="Spam")
    changelist = reverse("admin:core_auditentry_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200
    assert "A debate" in response.content.decode()
    assert 'name="action"' not in response.content.decode()  # no bulk actions at all
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    change = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert admin_client.get(change).status_code == 200  # to read
    admin_client.post(change, {"reason": "Rewritten"})
    delete = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.reason == "Spam"
    assert AuditEntry.objects.count() == 1  # and reading it added nothing
