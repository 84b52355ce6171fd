"""The audit log only grows: in Python, and in the database itself."""

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.personal_data import delete_account
from metroagora.core.audit import actor_display, record
from metroagora.core.models import ERASED_ACTOR_LABEL, AuditEntry, AuditLogIsAppendOnly
from metroagora.network.tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    moderator = UserFactory(display_name="Mona Moderator", email="mona@example.org")
    return record(moderator, "forum.hide", obj_label="A debate", city=CityFactory(), reason="Spam")


def _raw_sql(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_records_who_acted_even_after_their_account_row_goes(entry):
    assert entry.actor_label == "Mona Moderator <mona@example.org>"
    entry.actor.delete()  # SET_NULL is an UPDATE the database accepts
    entry.refresh_from_db()
    assert entry.actor_id is None
    assert entry.actor_label == "Mona Moderator <mona@example.org>"


def test_it_refuses_to_save_an_entry_again(entry):
    entry.reason = "Something else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    entry.refresh_from_db()
    assert entry.reason == "Spam"


def test_it_refuses_to_delete_an_entry(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_refuses_bulk_changes(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="Rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="Someone else")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Spam"


@pytest.mark.parametrize(
    ("column", "value"),
    [("reason", "Rewritten"), ("action", "forum.restore"), ("actor_label", "Someone else")],
)
def test_the_database_refuses_to_change_an_entry(entry, column, value):
    with pytest.raises(DatabaseError):
        sql = f"UPDATE core_auditentry SET {column} = %s WHERE id = %s"  # noqa: S608 - test columns
        _raw_sql(sql, [value, entry.pk])
    assert getattr(AuditEntry.objects.get(pk=entry.pk), column) != value


def test_the_database_refuses_to_give_an_entry_another_actor(entry):
    other = UserFactory()
    with pytest.raises(DatabaseError):
        _raw_sql("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [other.pk, entry.pk])


def test_the_database_refuses_to_move_an_entry_to_another_city(entry):
    other = CityFactory()
    with pytest.raises(DatabaseError):
        _raw_sql("UPDATE core_auditentry SET city_id = %s WHERE id = %s", [other.pk, entry.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's DELETE trigger")
def test_postgresql_refuses_to_delete_an_entry(entry):
    with pytest.raises(DatabaseError):
        _raw_sql("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_city_keeps_its_entries(entry):
    entry.city.delete()
    entry.refresh_from_db()
    assert entry.city_id is None
    assert entry.reason == "Spam"


def test_deleting_an_account_keeps_the_entries_without_the_name(entry):
    moderator = entry.actor
    person = UserFactory(display_name="Rita Resident")
    about = record(moderator, "forum.block", obj_label=person.public_name, subject=person)
    delete_account(moderator, moderator)
    delete_account(person, person)
    entry.refresh_from_db()
    about.refresh_from_db()
    assert (entry.actor_id, entry.actor_label) == (None, ERASED_ACTOR_LABEL)
    assert actor_display(entry) == "Deleted account"
    assert entry.reason == "Spam"  # what happened and why stays
    assert (about.subject_id, about.object_label) == (None, "")
    assert "Rita" not in str(AuditEntry.objects.values_list())
    assert User.objects.filter(pk=moderator.pk).exists()  # the tombstone


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flushing_the_database_still_empties_the_log():
    record(UserFactory(), "forum.unblock", obj_label="Someone")
    statements = connection.ops.sql_flush(no_style(), [AuditEntry._meta.db_table])
    connection.ops.execute_sql_flush(statements)
    assert not AuditEntry.objects.exists()
