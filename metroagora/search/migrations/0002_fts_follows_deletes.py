"""SQLite: a document deleted in SQL (``manage.py flush``, a cascade) leaves the index too.

The FTS5 table is raw SQL, so Django's flush and cascades do not know it; this trigger
keeps it in step. PostgreSQL keeps its vectors on the document rows themselves.
"""

from django.db import migrations

TRIGGER = (
    "CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument "
    "BEGIN DELETE FROM search_fts WHERE rowid = old.id; END"
)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_document_deleted")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
