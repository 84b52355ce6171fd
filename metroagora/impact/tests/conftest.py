"""Hand-made data for the impact figures, and a helper to read one stored figure.

``world`` builds two cities and a little of everything, with the expected figures
worked out by hand in the docstring of :class:`World`.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions.models import BallotReceipt, Support
from metroagora.decisions.tests.factories import BudgetFactory, ProcessFactory, ProposalFactory
from metroagora.events.models import EventStatus, RegistrationStatus
from metroagora.events.tests.factories import EventFactory, RegistrationFactory
from metroagora.forum.models import Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding.tests.factories import FundedProjectFactory
from metroagora.funding.tests.factories import ParticipantFactory as ProjectParticipantFactory
from metroagora.impact.models import ImpactFigure
from metroagora.network.models import City
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.network.tests.factories import CityFactory
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from metroagora.practices.models import TransferStatus
from metroagora.practices.tests.factories import PracticeFactory, TransferFactory

MISSING = object()


def figure(metric: str, city: City | None = None, key: str = "", period: Any = None) -> Any:
    """The stored value of one figure; ``MISSING`` when there is no row (zero)."""
    row = ImpactFigure.objects.filter(city=city, metric=metric, key=key, period=period).first()
    return MISSING if row is None else row.value


def sign_in(client: Any, user: Any) -> None:
    if user.is_authenticated:
        client.force_login(user)
    else:
        client.logout()


@dataclass
class World:
    """Milan (IT, south) and Lyon (FR, west).

    Milan, a held event (yesterday): ana (account, lives in IT) and bruno (a guest
    registration with the address of his account, lives in FR) and carla (a guest
    without account, FR, takes part as a policymaker) checked in; dario registered
    but did not come; one cancelled registration. A Milan debate: ana writes 2
    contributions (one 3 months ago) and one hidden one; eva, a verified
    policymaker, an official response. A debate of no city: frank writes 1. A
    published process in Milan: hugo proposes and casts a ballot, bruno and ines
    support; a draft process's proposal does not count. A published practice of
    Milan (and a draft), adopted by Lyon. A funded project: Milan gets 500,000 euros.

    Lyon: an upcoming event with jo registered; an opinion map where gina (account)
    votes 3 times and an anonymous participant twice.
    """

    milan: City
    lyon: City
    people: dict[str, Any]
    event: Any
    debate: Any
    opinion_map: Any
    process: Any
    old_contribution: Any


def _at(instance: Any, field: str, moment: Any) -> None:
    type(instance).objects.filter(pk=instance.pk).update(**{field: moment})


@pytest.fixture
def world(db: None) -> World:
    now = timezone.now()
    milan = CityFactory(slug="milano", country="IT", region="south")
    lyon = CityFactory(slug="lione", country="FR", region="west")
    people = {
        "ana": UserFactory(email="ana@example.org", residence_country="IT"),
        "bruno": UserFactory(email="bruno@example.org"),
        "eva": UserFactory(email="eva@example.org", is_verified_policymaker=True),
        "frank": UserFactory(email="frank@example.org"),
        "gina": UserFactory(email="gina@example.org"),
        "hugo": UserFactory(email="hugo@example.org"),
        "ines": UserFactory(email="ines@example.org"),
    }

    # Events
    event = EventFactory(
        city=milan,
        status=EventStatus.HELD,
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(days=1) + timedelta(hours=3),
    )
    checked_in = now - timedelta(days=1)
    RegistrationFactory(
        event=event,
        user=people["ana"],
        email="ana@example.org",
        residence_country="IT",
        checked_in_at=checked_in,
        demographics_consent=True,
        age_bracket="18-30",
        gender="woman",
    )
    RegistrationFactory(
        event=event, email="Bruno@Example.org", residence_country="FR", checked_in_at=checked_in
    )
    RegistrationFactory(
        event=event,
        email="carla@example.org",
        residence_country="FR",
        role="policymaker",
        checked_in_at=checked_in,
        demographics_consent=True,
        age_bracket="31-45",
        gender="woman",
    )
    RegistrationFactory(event=event, email="dario@example.org", residence_country="IT")
    RegistrationFactory(event=event, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    upcoming = EventFactory(city=lyon)
    RegistrationFactory(event=upcoming, email="jo@example.org", residence_country="FR")

    # Forum
    debate = DebateFactory(city=milan)
    ContributionFactory(debate=debate, author=people["ana"])
    old = ContributionFactory(debate=debate, author=people["ana"])
    _at(old, "created_at", now - timedelta(days=92))
    ContributionFactory(debate=debate, author=people["ana"], visibility=Visibility.HIDDEN)
    ContributionFactory(debate=debate, author=people["eva"], is_official=True)
    ContributionFactory(debate=DebateFactory(), author=people["frank"])

    # Opinion maps
    opinion_map = OpinionMapFactory(city=lyon)
    gina = ParticipantFactory(opinion_map=opinion_map, user=people["gina"])
    anonymous = ParticipantFactory(opinion_map=opinion_map, user=None, token="anonymous-token")
    for participant, votes in ((gina, 3), (anonymous, 2)):
        for _n in range(votes):
            VoteFactory(
                participant=participant,
                statement=StatementFactory(opinion_map=opinion_map),
                opinion_map=opinion_map,
            )

    # Local decisions
    process = ProcessFactory(city=milan)
    proposal = ProposalFactory(process=process, author=people["hugo"])
    Support.objects.create(proposal=proposal, user=people["bruno"])
    Support.objects.create(proposal=proposal, user=people["ines"])
    BallotReceipt.objects.create(budget=BudgetFactory(process=process), user=people["hugo"])
    ProposalFactory(process=ProcessFactory(city=milan, status="draft"), author=people["ines"])

    # Practices and funding
    practice = PracticeFactory(city=milan, published=True)
    PracticeFactory(city=milan)
    TransferFactory(practice=practice, city=lyon, status=TransferStatus.ADOPTED)
    project = FundedProjectFactory(eu_contribution=Decimal("2000000"))
    ProjectParticipantFactory(project=project, city=milan, eu_contribution=Decimal("500000"))
    return World(milan, lyon, people, event, debate, opinion_map, process, old)


def attendees(city: City, count: int, **fields: Any) -> list[Any]:
    """``count`` people checked in at a held event of ``city`` yesterday."""
    now = timezone.now()
    event = EventFactory(
        city=city,
        status=EventStatus.HELD,
        starts_at=now - timedelta(days=1),
        ends_at=now - timedelta(hours=20),
    )
    return [
        RegistrationFactory(event=event, checked_in_at=now - timedelta(days=1), **fields)
        for _n in range(count)
    ]
