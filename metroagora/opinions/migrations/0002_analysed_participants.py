from typing import Any

from django.db import migrations, models


def copy_participants(apps: Any, schema_editor: Any) -> None:
    """Each analysed map's number of participants, from its analysis."""
    opinion_map = apps.get_model("opinions", "OpinionMap")
    for pk, analysis in opinion_map.objects.values_list("pk", "analysis").iterator():
        participants = (analysis or {}).get("participants") or 0
        if participants:
            opinion_map.objects.filter(pk=pk).update(analysed_participants=participants)


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinionmap",
            name="analysed_participants",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(copy_participants, migrations.RunPython.noop),
    ]
