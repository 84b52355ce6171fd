from typing import Any

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_visible(apps: Any, schema_editor: Any) -> None:
    """Each debate's visible contributions, from the rows (as services.recount_contributions)."""
    debate = apps.get_model("forum", "Debate")
    contribution = apps.get_model("forum", "Contribution")
    visible = (
        contribution.objects.filter(debate=OuterRef("pk"), visibility="visible")
        .order_by()
        .values("debate")
        .annotate(n=Count("pk"))
        .values("n")
    )
    debate.objects.update(contribution_count=Coalesce(Subquery(visible), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_visible_contributions_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="debate",
            name="contribution_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="visible contributions"
            ),
        ),
        migrations.RunPython(count_visible, migrations.RunPython.noop),
    ]
