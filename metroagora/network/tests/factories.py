import factory
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.models import City, Membership, PartnerOrganisation


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.slug.title(), "_original": "en"})
    country = "IT"
    region = "south"
    population = 1_000_000
    latitude = 45.46
    longitude = 9.19
    description = factory.LazyFunction(lambda: {"en": "A city in the network.", "_original": "en"})


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.LazyAttribute(lambda o: {"en": o.slug.title()})
    kind = "civil_society"
    country = "BE"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    role = "resident"
    verified_at = factory.LazyFunction(timezone.now)
