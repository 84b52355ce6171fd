"""Plain factories for local decisions. ``ProcessFactory(phase="supports")`` gives a
published process whose supports phase is open now (the phases before it are over)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions.models import (
    PHASE_ORDER,
    Budget,
    BudgetProject,
    Category,
    District,
    Implementation,
    Milestone,
    Process,
    ProcessPhase,
    Proposal,
)
from metroagora.network.tests.factories import CityFactory


def set_phases(process: Process, current: str | None, *, days: int = 10) -> None:
    """Give ``process`` every phase, each ``days`` long, with ``current`` open now.

    ``current=None``: every phase is over (the process has ended).
    """
    process.phases.all().delete()
    now = timezone.now()
    index = PHASE_ORDER.index(current) if current else len(PHASE_ORDER)
    for i, kind in enumerate(PHASE_ORDER):
        starts = now + timedelta(days=(i - index) * days) - timedelta(days=days // 2)
        ProcessPhase.objects.create(
            process=process, kind=kind, starts_at=starts, ends_at=starts + timedelta(days=days)
        )


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    slug = factory.Sequence(lambda n: f"process-{n}")
    title = factory.Sequence(lambda n: {"en": f"Our neighbourhood {n}", "_original": "en"})
    description = factory.LazyFunction(
        lambda: {"en": "Ideas for the neighbourhood, chosen by residents.", "_original": "en"}
    )
    participation = "verified"
    support_threshold = 3
    status = "published"

    @factory.post_generation
    def phase(obj: Process, create: bool, extracted: str | None, **kwargs: object) -> None:  # noqa: N805
        """``phase="proposals"``: that phase is open now. Default: proposals."""
        if create:
            set_phases(obj, extracted if extracted is not None else "proposals")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: {"en": f"Category {n}", "_original": "en"})


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"More trees in street {n}")
    body = "Plant trees along the street to give shade in summer and calm the traffic."
    language = "en"
    estimated_cost = Decimal("20000")


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    process = factory.SubFactory(ProcessFactory, phase="voting")
    title = factory.Sequence(lambda n: {"en": f"Budget {n}", "_original": "en"})
    amount = Decimal("100000")
    currency = "EUR"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetProject

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: {"en": f"Project {n}", "_original": "en"})
    description = factory.LazyFunction(lambda: {"en": "What it does.", "_original": "en"})
    cost = Decimal("30000")


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation

    project = factory.SubFactory(ProjectFactory)
    process = factory.LazyAttribute(lambda o: o.project.budget.process)
    city = factory.LazyAttribute(lambda o: o.project.budget.process.city)
    title = factory.LazyAttribute(lambda o: o.project.title)
    promised_cost = factory.LazyAttribute(lambda o: o.project.cost)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    implementation = factory.SubFactory(ImplementationFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
