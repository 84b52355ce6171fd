"""Factories for events tests: a published future event, a confirmed registration."""

from datetime import timedelta

import factory
from django.utils import timezone

from metroagora.events.models import (
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Project,
    Registration,
    RegistrationStatus,
    Topic,
    new_code,
    new_token,
)
from metroagora.network.tests.factories import CityFactory


def _start():
    now = timezone.now().replace(microsecond=0, second=0, minute=0)
    return now + timedelta(days=30)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        # The fixed list of topics exists from the migrations on (events 0005).
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "_original": "en"})


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    name = factory.LazyAttribute(lambda o: {"en": f"Project {o.slug}", "_original": "en"})
    programme = "CERV"


class EventFactory(factory.django.DjangoModelFactory):
    """A valid, published event in a city, a month from now, without capacity limit."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.LazyAttribute(lambda o: {"en": f"Event {o.slug}", "_original": "en"})
    kind = EventKind.INTERNATIONAL
    status = EventStatus.PUBLISHED
    city = factory.SubFactory(CityFactory)
    description = factory.LazyFunction(
        lambda: {"en": "Citizens discuss the future of their cities.", "_original": "en"}
    )
    starts_at = factory.LazyFunction(_start)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    time_zone = "Europe/Rome"
    venue_name = "Town hall"
    venue_address = "Piazza della Scala 2"
    languages = factory.LazyFunction(lambda: ["en"])
    capacity = None


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a citizen living in France."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    language = "en"
    status = RegistrationStatus.CONFIRMED
    code = factory.LazyFunction(new_code)
    token = factory.LazyFunction(new_token)
    residence_city = "Lyon"
    residence_country = "FR"
    role = "citizen"
    confirmed_at = factory.LazyFunction(timezone.now)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    registration = factory.SubFactory(RegistrationFactory)
    event = factory.LazyAttribute(lambda o: o.registration.event)
    rating = 5
    would_return = True
    changed_view = "yes"
