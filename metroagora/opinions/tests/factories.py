from dataclasses import dataclass

import factory

from metroagora.accounts.tests.factories import UserFactory
from metroagora.opinions.models import (
    MapStatus,
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    StatementTranslation,
    Vote,
)


class OpinionMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpinionMap

    slug = factory.Sequence(lambda n: f"map-{n}")
    title = factory.Sequence(
        lambda n: {"en": f"What should our city do, part {n}?", "_original": "en"}
    )
    description = factory.LazyFunction(lambda: {"en": "Vote on each statement.", "_original": "en"})
    status = MapStatus.OPEN


class StatementFactory(factory.django.DjangoModelFactory):
    """A shown statement (``Statement.save`` fills in the normalised wording)."""

    class Meta:
        model = Statement

    opinion_map = factory.SubFactory(OpinionMapFactory)
    text = factory.Sequence(lambda n: f"Statement number {n} about the city")
    language = "en"
    status = StatementStatus.VISIBLE


class StatementTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementTranslation

    statement = factory.SubFactory(StatementFactory)
    language = "fr"
    text = factory.Sequence(lambda n: f"Affirmation numéro {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant with an account; ``user=None, token=...`` for an anonymous one."""

    class Meta:
        model = Participant

    opinion_map = factory.SubFactory(OpinionMapFactory)
    user = factory.SubFactory(UserFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    participant = factory.SubFactory(ParticipantFactory)
    statement = factory.LazyAttribute(
        lambda o: StatementFactory(opinion_map=o.participant.opinion_map)
    )
    opinion_map = factory.LazyAttribute(lambda o: o.participant.opinion_map)
    value = 1


CAMP_TEXTS = [
    "Cars should leave the old town",  # camp A agrees, camp B disagrees
    "Bus lanes deserve more space",  # camp A agrees, camp B disagrees
    "Parking should stay free",  # camp A disagrees, camp B agrees
    "Shops need customers who drive",  # camp A disagrees, camp B agrees
    "Our parks need more trees",  # everyone agrees
]


@dataclass
class TwoCamps:
    opinion_map: OpinionMap
    statements: list[Statement]
    camp_a: list[Participant]
    camp_b: list[Participant]


def vote_in_two_camps(opinion_map: OpinionMap, size: int = 10) -> TwoCamps:
    """Two camps of ``size`` people who vote opposite on four statements, alike on one."""
    statements = [StatementFactory(opinion_map=opinion_map, text=text) for text in CAMP_TEXTS]
    camps: list[list[Participant]] = [[], []]
    votes = []
    for camp, sign in ((0, 1), (1, -1)):
        for _n in range(size):
            participant = ParticipantFactory(opinion_map=opinion_map)
            camps[camp].append(participant)
            for statement, value in zip(statements, (sign, sign, -sign, -sign, 1), strict=True):
                votes.append(
                    Vote(
                        participant=participant,
                        statement=statement,
                        opinion_map=opinion_map,
                        value=value,
                    )
                )
    Vote.objects.bulk_create(votes)
    return TwoCamps(opinion_map, statements, camps[0], camps[1])
