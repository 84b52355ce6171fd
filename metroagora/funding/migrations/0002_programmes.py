"""The EU programmes of 2021-2027 relevant to cities, from the reference CSV.

Programmes that already exist (same short name) are left as network admins edited them.
"""

from django.db import migrations


def create_programmes(apps, schema_editor):
    from metroagora.funding.programme_data import programme_rows

    Programme = apps.get_model("funding", "Programme")
    for row in programme_rows():
        info = row.info
        if Programme.objects.filter(short_name=info.short).exists():
            continue
        Programme.objects.create(
            slug=info.slug,
            short_name=info.short,
            name={**info.names, "_original": "en"},
            description={**info.description, "_original": "en"},
            city_funding={"en": info.city_funding, "_original": "en"},
            budget_eur=row.budget_eur,
            budget_note=row.budget_note,
            source=row.source,
            website=info.website,
            city_fit=info.city_fit,
            portal_codes=list(info.portal_codes),
        )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(create_programmes, migrations.RunPython.noop)]
