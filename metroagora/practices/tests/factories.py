"""Factories for best practices: a complete French case study, its transfers and figures.

``PracticeFactory()`` is a draft of a French city with every required section filled
in French, ready to be submitted. Traits give the other stages (``in_review``,
``changes_requested``, ``published``), an English translation of the title
(``translated``), or a bare draft with a title only (``bare``).
"""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.network.tests.factories import CityFactory
from metroagora.practices.models import (
    Indicator,
    Practice,
    PracticeLink,
    PracticeStatus,
    Transfer,
    Transferability,
    TransferStatus,
    TransferUpdate,
)


def fr(text: str) -> dict[str, str]:
    """A text written in French."""
    return {"fr": text, "_original": "fr"}


def png_file(name: str = "photo.png", size: tuple[int, int] = (4, 3)) -> SimpleUploadedFile:
    """A small, valid PNG made with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class PracticeFactory(factory.django.DjangoModelFactory):
    """A draft with every required section, in French, from a French city."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=PracticeStatus.DRAFT)  # the default, for parametrised tests
        in_review = factory.Trait(
            status=PracticeStatus.IN_REVIEW,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        changes_requested = factory.Trait(
            status=PracticeStatus.CHANGES_REQUESTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            status=PracticeStatus.PUBLISHED,
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )
        # The French title with its English translation.
        translated = factory.Trait(
            title=factory.LazyAttribute(
                lambda o: {
                    "fr": f"Budget participatif des quartiers {o.number}",
                    "en": f"Neighbourhood participatory budget {o.number}",
                    "_original": "fr",
                }
            ),
            languages=factory.LazyFunction(lambda: ["fr", "en"]),
        )
        # A draft with its title only: what a coordinator saves at the first sitting.
        bare = factory.Trait(
            summary=factory.LazyFunction(dict),
            challenge=factory.LazyFunction(dict),
            actions=factory.LazyFunction(dict),
            results=factory.LazyFunction(dict),
            resources=factory.LazyFunction(dict),
            success_factors=factory.LazyFunction(dict),
            obstacles=factory.LazyFunction(dict),
            transferability="",
            transfer_conditions=factory.LazyFunction(dict),
        )
        number = factory.Sequence(lambda n: n)

    slug = factory.LazyAttribute(lambda o: f"pratique-{o.number}")
    city = factory.SubFactory(CityFactory, country="FR", region="west")
    title = factory.LazyAttribute(lambda o: fr(f"Budget participatif des quartiers {o.number}"))
    summary = factory.LazyFunction(
        lambda: fr("Les habitants décident chaque année de 5 % du budget d'investissement.")
    )
    challenge = factory.LazyFunction(
        lambda: fr("La participation aux conseils de quartier baissait depuis dix ans.")
    )
    actions = factory.LazyFunction(
        lambda: fr("La ville a ouvert un appel à projets et un vote en ligne et en mairie.")
    )
    results = factory.LazyFunction(
        lambda: fr("La participation au vote est passée de 8 % à 14 % en trois éditions.")
    )
    resources = factory.LazyFunction(lambda: fr("Deux agents à temps plein et une plateforme."))
    cost_eur = Decimal("120000.00")
    eu_funds = factory.LazyFunction(lambda: fr("FEDER pour la plateforme numérique."))
    success_factors = factory.LazyFunction(
        lambda: fr("Un engagement du maire et des règles claires publiées dès le départ.")
    )
    obstacles = factory.LazyFunction(lambda: fr("Les quartiers populaires votaient moins."))
    transferability = Transferability.HIGH
    transfer_conditions = factory.LazyFunction(
        lambda: fr("Un budget d'investissement voté et une équipe dédiée.")
    )
    contact_name = "Claire Martin"
    contact_role = "Cheffe de projet participation"
    contact_email = factory.Sequence(lambda n: f"contact{n}@ville.example.fr")
    languages = factory.LazyFunction(lambda: ["fr"])
    status = PracticeStatus.DRAFT

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    practice = factory.SubFactory(PracticeFactory, published=True)
    label = factory.Sequence(lambda n: f"Participation au vote {n}")
    baseline = Decimal("8")
    value = Decimal("14")
    unit = "%"
    year = 2024


class PracticeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeLink

    practice = factory.SubFactory(PracticeFactory)
    kind = "document"
    title = factory.Sequence(lambda n: f"Règlement du budget participatif {n}")
    url = factory.Sequence(lambda n: f"https://ville.example.fr/documents/{n}.pdf")
    language = "fr"


class TransferFactory(factory.django.DjangoModelFactory):
    """Another city's transfer of a published practice, just opened."""

    class Meta:
        model = Transfer

    practice = factory.SubFactory(PracticeFactory, published=True)
    city = factory.SubFactory(CityFactory)
    status = TransferStatus.INTERESTED
    started_by = None


class TransferUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransferUpdate

    transfer = factory.SubFactory(TransferFactory)
    status = factory.LazyAttribute(lambda o: o.transfer.status)
    note = "Premier échange avec l'équipe du projet."
