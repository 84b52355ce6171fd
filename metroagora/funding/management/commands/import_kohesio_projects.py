"""Import the cohesion-policy projects of one network city from a Kohesio CSV export."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metroagora.funding import cordis, services
from metroagora.funding.management.commands.import_cordis_projects import read_bytes
from metroagora.network.models import City


class Command(BaseCommand):
    help = (
        "Import a Kohesio export (CSV with the columns ID, PROJECT NAME, TOTAL BUDGET, "
        "AMOUNT EU SUPPORT, START DATE, END DATE, COUNTRY, SUMMARY) as projects of one city: "
        "filter Kohesio on the city's beneficiaries before exporting. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", metavar="CSV")
        parser.add_argument("--city", required=True, metavar="SLUG", help="the city's short name")

    def handle(self, *args: Any, **options: Any) -> None:
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city with the short name {options['city']}.")
        ref = next(ref for ref in services.city_refs() if ref.pk == city.pk)
        try:
            result = cordis.read_kohesio(read_bytes(options["export"]), ref)
        except cordis.ExportError as error:
            raise CommandError(
                f"Nothing was imported: {error.total} problem(s).\n{error.report()}"
            ) from error
        report = services.import_funded_projects(result, source="kohesio")
        self.stdout.write(
            f"Read {report.read:,} projects for {city}: {report.created:,} created, "
            f"{report.updated:,} updated."
        )
