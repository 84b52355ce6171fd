"""Property-based test of the whole API from its OpenAPI description (schemathesis).

Every operation gets generated requests, valid and invalid (schemathesis' positive
and negative modes), through the Django WSGI application in this process (no server,
no network), with a token that holds every scope so the writes run too; no answer
may be a server error (5xx). Bounded: a few examples per operation and mode, a fixed
seed (the same cases in every run), no example database on disk. (The operations are
run in one test rather than with ``schemathesis.pytest.from_fixture``, whose
parametrisation does not work with pytest 9.)
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.tests.conftest import bearer, make_token
from metroagora.decisions.tests.factories import BudgetFactory, ProjectFactory, ProposalFactory
from metroagora.events.tests.factories import EventFactory, RegistrationFactory, TopicFactory
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding.tests.factories import CallFactory, FundedProjectFactory
from metroagora.funding.tests.factories import ParticipantFactory as FundingParticipantFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    VersionFactory,
)
from metroagora.publications.tests.factories_videos import TrackFactory, VideoFactory
from metroagora.publications.tests.factories_website import NewsPostFactory

EXAMPLES_PER_OPERATION = 8


def _seed() -> Any:
    """A little of everything, with the short names the generator is likely to try."""
    city = CityFactory(slug="a")
    event = EventFactory(slug="a", city=city)
    RegistrationFactory(event=event)
    debate = DebateFactory(slug="a", city=city)
    ContributionFactory(debate=debate)
    opinion_map = OpinionMapFactory(slug="a", city=city)
    StatementFactory(opinion_map=opinion_map)
    PracticeFactory(slug="a", city=city, published=True)
    proposal = ProposalFactory(process__slug="a", process__city=city)
    budget = BudgetFactory(process=proposal.process)
    ProjectFactory(budget=budget, proposal=proposal)
    CallFactory(identifier="a", topics=[TopicFactory(slug="a")])
    FundingParticipantFactory(project=FundedProjectFactory(), city=city)
    VersionFactory(
        publication=PublicationFactory(slug="a", published=True),
        published=True,
        pdf="publications/pdf/a.pdf",
    )
    NewsPostFactory(slug="a", city=city)
    TrackFactory(video=VideoFactory(slug="a", event=event), file="videos/tracks/a.vtt")
    user = UserFactory()
    return make_token(user, scopes=("read", "register", "contribute", "vote"), expires_in_days=None)


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """Django closes the database connection when a WSGI request ends; the test client
    prevents that, and so must we: the test's data lives in the open transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(db: None, settings: Any, wsgi_keeps_the_test_connection: None) -> str:
    # Generated requests come fast, from one address and one person: no rate limit here
    # (the limits have their own tests).
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1000000/m")
    return _seed()


def _check(operation: Any, token: str, mode: GenerationMode) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        case.call_and_validate(headers=bearer(token), checks=[not_a_server_error])

    run()


def test_no_operation_answers_with_a_server_error(api_token: str) -> None:
    # Loaded here, not at import: the OpenAPI view runs inside the test database.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 24
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _check(operation, api_token, mode)
            except Exception as error:  # noqa: BLE001 - collect them all, report at once
                failures.append(f"{operation.label} ({mode.value}):\n{error}")
    assert not failures, "\n\n".join(failures)
