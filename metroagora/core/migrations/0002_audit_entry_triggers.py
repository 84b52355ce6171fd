"""Database triggers that keep the audit log append-only, whatever code talks to it.

UPDATE is refused except the anonymising changes (``core.models.ANONYMISED``): a
person forgotten (actor and subject unlinked, labels emptied) and the SET_NULL of a
deleted account or city. DELETE is refused on PostgreSQL; TRUNCATE (``flush``, the
restore of a backup, the end of a transactional test) still empties the table. SQLite
empties tables with DELETE, so it gets the UPDATE trigger only (Python refuses deletes).
"""

from typing import Any

from django.db import migrations

#: When an UPDATE changes something it may not: the same test in both dialects.
FORBIDDEN_CHANGE = """
    NEW.id IS DISTINCT FROM OLD.id
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
    OR NEW.action IS DISTINCT FROM OLD.action
    OR NEW.params::text IS DISTINCT FROM OLD.params::text
    OR NEW.reason IS DISTINCT FROM OLD.reason
    OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
    OR (NEW.actor_label IS DISTINCT FROM OLD.actor_label AND NEW.actor_label <> '(erased)')
    OR (NEW.subject_id IS DISTINCT FROM OLD.subject_id AND NEW.subject_id IS NOT NULL)
    OR (NEW.object_label IS DISTINCT FROM OLD.object_label AND NEW.object_label <> '')
    OR (NEW.object_url IS DISTINCT FROM OLD.object_url AND NEW.object_url <> '')
    OR (NEW.city_id IS DISTINCT FROM OLD.city_id AND NEW.city_id IS NOT NULL)
"""

POSTGRESQL = f"""
CREATE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit log entries cannot be deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF {FORBIDDEN_CHANGE} THEN
        RAISE EXCEPTION 'audit log entries cannot be changed' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""

POSTGRESQL_TRIGGER = """
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
"""

POSTGRESQL_REVERSE = (
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
)

SQLITE = f"""
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE ON core_auditentry
WHEN {FORBIDDEN_CHANGE.replace("IS DISTINCT FROM", "IS NOT").replace("::text", "")}
BEGIN
    SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
"""

SQLITE_REVERSE = "DROP TRIGGER IF EXISTS core_auditentry_append_only;"


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
        schema_editor.execute(POSTGRESQL_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_entry")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
