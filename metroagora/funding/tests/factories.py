"""Factories for EU funding: calls in each state, watches, needs, partners, projects.

``CallFactory()`` is an open single-stage LIFE call on nature-based solutions, with
its deadline 40 days away. Traits: ``forthcoming``, ``closed``, ``two_stage``.
Programmes come from the data migration (``programme("LIFE")``).
"""

import importlib
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from metroagora.funding import matching
from metroagora.funding.models import (
    Application,
    Call,
    CallSource,
    CityNeeds,
    FundedProject,
    Guide,
    PartnerAnswer,
    PartnerSearch,
    Programme,
    ProjectParticipant,
    Watch,
)
from metroagora.network.tests.factories import CityFactory


def programme(short: str = "LIFE") -> Programme:
    """A programme of the data migration; made again if a transactional test (a browser
    test) emptied the tables before this test."""
    found = Programme.objects.filter(short_name=short).first()
    if found is None:
        from django.apps import apps

        importlib.import_module("metroagora.funding.migrations.0002_programmes").create_programmes(
            apps, None
        )
        found = Programme.objects.get(short_name=short)
    return found


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


def _terms(call: Call) -> dict[str, int]:
    return matching.call_terms(call.title, call.keywords, matching.plain_text(call.description))


class CallFactory(factory.django.DjangoModelFactory):
    """An open single-stage call, its deadline 40 days away."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    class Params:
        forthcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=20)),
            deadline=factory.LazyFunction(lambda: timezone.now() + timedelta(days=90)),
        )
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=120)),
            deadline=factory.LazyFunction(lambda: timezone.now() - timedelta(days=3)),
        )
        two_stage = factory.Trait(
            deadline_model="two-stage",
            second_deadline=factory.LazyAttribute(lambda o: o.deadline + timedelta(days=150)),
        )

    identifier = factory.Sequence(lambda n: f"LIFE-2026-SAP-CLIMA-{n:03d}")
    title = "Nature-based solutions for heat resilience in dense urban areas"
    programme = factory.LazyFunction(lambda: programme("LIFE"))
    call_identifier = "LIFE-2026-SAP"
    call_title = "LIFE Standard Action Projects 2026"
    action_type = "LIFE Standard Action Projects"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=40))
    deadline_model = "single-stage"
    budget_eur = 12_000_000
    expected_grants = 6
    min_contribution = 1_000_000
    max_contribution = 2_000_000
    keywords = factory.LazyFunction(lambda: ["Climate adaptation", "Urban heat", "Cities"])
    description = "<p>Cities green schoolyards and streets to reduce urban heat islands.</p>"
    url = factory.LazyAttribute(
        lambda o: (
            "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/"
            f"opportunities/topic-details/{o.identifier}"
        )
    )
    source = CallSource.IMPORTED
    match_terms = factory.LazyAttribute(_terms)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)


class WatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Watch

    user = factory.SubFactory("metroagora.accounts.tests.factories.UserFactory")
    city = None
    call = factory.SubFactory(CallFactory)
    search = None


class CityNeedsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityNeeds
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    text = (
        "Our schools overheat every summer. We want to green schoolyards and streets with "
        "trees and to reduce urban heat islands in the densest districts."
    )
    priorities = factory.LazyFunction(lambda: ["heat in schools", "urban greening"])
    language = "en"

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)


class PartnerSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerSearch

    city = factory.SubFactory(CityFactory)
    call = factory.SubFactory(CallFactory)
    city_role = "coordinator"
    role_sought = "partner"
    countries = factory.LazyFunction(lambda: ["FR", "PL"])
    text = "We coordinate a project on cool schoolyards and look for two cities to replicate it."
    language = "en"


class PartnerAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAnswer

    search = factory.SubFactory(PartnerSearchFactory)
    city = factory.SubFactory(CityFactory)
    role = "partner"
    message = "We would bring our school greening programme and a university partner."
    language = "en"


class FundedProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundedProject

    source = "manual"
    source_id = ""
    programme = factory.LazyFunction(lambda: programme("HORIZON"))
    acronym = factory.Sequence(lambda n: f"COOLCITY{n}")
    title = "Cool and green cities: nature-based solutions against heat"
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate().replace(year=2023, month=1, day=1)
    )
    ends_on = factory.LazyFunction(
        lambda: timezone.localdate().replace(year=2026, month=12, day=31)
    )
    total_cost = Decimal("4000000.00")
    eu_contribution = Decimal("3500000.00")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(FundedProjectFactory)
    city = factory.SubFactory(CityFactory)
    name = factory.LazyAttribute(
        lambda o: f"Municipality of {o.city.slug.title()}" if o.city else "Org"
    )
    country = "IT"
    role = "participant"
    eu_contribution = Decimal("500000.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    city = factory.SubFactory(CityFactory)
    call = factory.SubFactory(CallFactory)
    status = "submitted"
    role = "partner"


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"guide-{n}")
    title = factory.LazyFunction(lambda: en("How to find a call that fits your city"))
    summary = factory.LazyFunction(lambda: en("Where calls are published and how to read them."))
    body = factory.LazyFunction(
        lambda: en("## Where to look\n\nStart with the **Funding & Tenders Portal**.")
    )

    @factory.post_generation
    def programmes(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.programmes.set(extracted)
