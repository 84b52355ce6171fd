"""Close every participatory budget whose voting phase is over (run it daily, from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from metroagora.decisions import services
from metroagora.decisions.models import Budget


class Command(BaseCommand):
    help = (
        "Close every participatory budget whose voting phase is over: count the ballots, "
        "select the winning projects and publish the results. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        count = services.close_due_budgets(now)
        # Each budget closed by this run is stamped with this run's time.
        closed = Budget.objects.filter(closed_at=now).select_related("process__city").order_by("pk")
        for budget in closed:
            winners = budget.projects.filter(selected=True).count()
            self.stdout.write(
                f"Closed budget {budget.pk} “{budget.title}” "
                f"({budget.process.city.slug}, {budget.process.slug}): "
                f"{budget.ballot_count} ballot(s), {winners} project(s) selected."
            )
        self.stdout.write(f"{count} budget(s) closed.")
