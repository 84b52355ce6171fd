"""Data for the open data tests: a bit of everything, public and private, and people whose
names and email addresses must never reach the ZIP."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import opendata
from metroagora.decisions.models import Ballot, BallotChoice, BallotReceipt, Support
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    CategoryFactory,
    DistrictFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.events.models import EventStatus, Session
from metroagora.events.tests.factories import EventFactory, RegistrationFactory, TopicFactory
from metroagora.forum.models import Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding.tests.factories import (
    CallFactory,
    FundedProjectFactory,
    ParticipantFactory,
)
from metroagora.network.tests.factories import CityFactory, MembershipFactory, PartnerFactory
from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    StatementFactory,
    StatementTranslationFactory,
    VoteFactory,
)
from metroagora.opinions.tests.factories import ParticipantFactory as VoterFactory
from metroagora.practices.models import Transfer
from metroagora.practices.tests.factories import IndicatorFactory, PracticeFactory
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    VersionFactory,
)
from metroagora.publications.tests.factories_videos import TrackFactory, VideoFactory
from metroagora.publications.tests.factories_website import NewsPostFactory


@dataclass
class World:
    """What the tests look for: ``shown`` must be in the ZIP, ``secret`` never."""

    shown: dict[str, str] = field(default_factory=dict)
    secret: list[str] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)


def person(world: World, name: str, email: str, *, public: bool = False) -> Any:
    """A person; their email address is always secret, their name unless ``public``."""
    user = UserFactory(display_name=name, email=email)
    world.secret.append(email)
    if not public:
        world.secret.append(name)
    return user


def make_world() -> World:
    world = World()
    now = timezone.now()
    city = CityFactory(slug="lyon", name={"fr": "Lyon", "en": "Lyon", "_original": "fr"})
    world.objects["city"] = city
    MembershipFactory(user=person(world, "Mona Member", "mona@example.org"), city=city)
    topic = TopicFactory(slug="mobility")
    partner = PartnerFactory(slug="agora-lyon", city=city)

    # Events: a public one with registrations and check-ins, a draft.
    event = EventFactory(slug="lyon-forum", city=city, status=EventStatus.HELD, capacity=50)
    event.topics.add(topic)
    event.partners.add(partner)
    Session.objects.create(
        event=event, starts_at=event.starts_at, title="Opening", speakers="Sam Speaker"
    )
    world.secret.append("Sam Speaker")
    registrant = person(world, "Rita Account", "rita.account@example.org")
    RegistrationFactory(
        event=event,
        user=registrant,
        name="Rita Registrant",
        email="rita@example.org",
        organisation="Rita's Secret Org",
        accessibility_needs="RITA-NEEDS-A-RAMP",
        checked_in_at=now,
    )
    world.secret += ["Rita Registrant", "rita@example.org", "Rita's Secret Org", "RITA-NEEDS"]
    RegistrationFactory(event=event, status="waitlisted", name="Walter Waiting")
    world.secret.append("Walter Waiting")
    EventFactory(slug="secret-draft-event", city=city, status=EventStatus.DRAFT)
    world.secret.append("secret-draft-event")
    world.objects["event"] = event

    # The Forum: visible contributions by named people, a hidden one, a held one.
    debate = DebateFactory(slug="cities-and-eu", city=city)
    debate.topics.add(topic)
    debate.events.add(event)
    author = person(world, "Aurelia Visible", "aurelia.visible@example.org", public=True)
    first = ContributionFactory(debate=debate, author=author, text="VISIBLE-CONTRIBUTION")
    first.root = first
    first.save(update_fields=["root"])
    quiet = person(world, "", "quiet.writer@example.org", public=True)
    ContributionFactory(debate=debate, parent=first, author=quiet, text="A reply", stance="against")
    hider = person(world, "Hector Hidden", "hector@example.org")
    ContributionFactory(
        debate=debate, author=hider, text="HIDDEN-CONTRIBUTION", visibility=Visibility.HIDDEN
    )
    waiting = person(world, "Helga Held", "helga@example.org")
    ContributionFactory(
        debate=debate, author=waiting, text="HELD-CONTRIBUTION", visibility=Visibility.PENDING
    )
    world.secret += ["HIDDEN-CONTRIBUTION", "HELD-CONTRIBUTION"]
    world.shown.update(
        author="Aurelia Visible", quiet="quiet.writer", contribution="VISIBLE-CONTRIBUTION"
    )
    world.objects["debate"] = debate

    # Opinion maps: votes are counted, never listed; a held statement stays out.
    opinion_map = OpinionMapFactory(slug="lyon-map", city=city, debate=debate)
    statement = StatementFactory(
        opinion_map=opinion_map,
        text="More trees in every street",
        author=person(world, "Stan Statement", "stan@example.org"),
    )
    StatementTranslationFactory(statement=statement, language="fr", text="Plus d'arbres")
    StatementFactory(opinion_map=opinion_map, text="HELD-STATEMENT", status=StatementStatus.PENDING)
    world.secret.append("HELD-STATEMENT")
    for i, value in enumerate((1, 1, -1, 0)):
        voter = VoterFactory(
            opinion_map=opinion_map,
            user=person(world, f"Victor Voter {i}", f"victor{i}@example.org"),
        )
        VoteFactory(participant=voter, statement=statement, value=value)
    world.objects["statement"] = statement

    # Local decisions: supports counted, ballots secret, results once closed.
    process = ProcessFactory(slug="lyon-budget", city=city, phase="voting")
    district = DistrictFactory(city=city, slug="croix-rousse", name="Croix-Rousse")
    category = CategoryFactory(process=process, name={"en": "Greenery", "_original": "en"})
    proposal = ProposalFactory(
        process=process,
        author=person(world, "Pia Proposer", "pia@example.org", public=True),
        title="Shade for the school yard",
        category=category,
        district=district,
        support_count=1,
    )
    Support.objects.create(
        proposal=proposal, user=person(world, "Sofia Supporter", "sofia@example.org")
    )
    world.shown["proposer"] = "Pia Proposer"
    budget = BudgetFactory(process=process, ballot_count=1)
    project = ProjectFactory(budget=budget, proposal=proposal, vote_count=1, selected=True)
    BallotReceipt.objects.create(
        budget=budget, user=person(world, "Bruno Ballot", "bruno@example.org")
    )
    ballot = Ballot.objects.create(budget=budget, key="SECRETBALLOTKEY0123456789")
    choice = BallotChoice.objects.create(ballot=ballot, project=project)
    world.secret += ["SECRETBALLOTKEY", str(ballot.pk), str(choice.pk)]
    implementation = ImplementationFactory(project=project)
    MilestoneFactory(implementation=implementation, title="Trees planted")
    draft_process = ProcessFactory(slug="secret-draft-process", city=city, status="draft")
    ProposalFactory(process=draft_process, title="DRAFT-PROCESS-PROPOSAL")
    world.secret += ["secret-draft-process", "DRAFT-PROCESS-PROPOSAL"]
    world.objects.update(budget=budget, project=project, proposal=proposal)

    # Best practices: published ones without contact persons; drafts out.
    practice = PracticeFactory(published=True, city=city, contact_name="Paul Contact")
    practice.topics.add(topic)
    practice.events.add(event)
    IndicatorFactory(practice=practice, label="Turnout")
    Transfer.objects.create(practice=practice, city=CityFactory(slug="porto"), status="adopted")
    qa = DebateFactory(slug="practice-questions")
    practice.qa_debate = qa
    practice.save(update_fields=["qa_debate"])
    ContributionFactory(debate=qa, text="QA-CONTRIBUTION")
    draft = PracticeFactory(
        city=city,
        title={"fr": "PRATIQUE-BROUILLON", "_original": "fr"},
        contact_name="Diane Draft",
        created_by=person(world, "Dora Drafter", "dora@example.org"),
    )
    world.secret += [
        "Paul Contact",
        str(practice.contact_email),
        "PRATIQUE-BROUILLON",
        "Diane Draft",
        str(draft.contact_email),
        "QA-CONTRIBUTION",
    ]
    world.objects["practice"] = practice

    # EU funding.
    call = CallFactory(identifier="LIFE-2026-TEST-01")
    call.topics.add(topic)
    funded = FundedProjectFactory(acronym="COOLLYON")
    ParticipantFactory(project=funded, city=city, name="Métropole de Lyon")

    # Publications, videos and news: published ones only.
    publication = PublicationFactory(published=True, slug="yearbook")
    VersionFactory(publication=publication, published=True, language="en")
    PublicationFactory(slug="secret-draft-publication")
    video = VideoFactory(slug="forum-talk", event=event, speakers="Vera Speaker")
    TrackFactory(video=video, language="fr")
    VideoFactory(slug="secret-unpublished-video", published=False)
    NewsPostFactory(
        slug="network-news",
        city=city,
        author=person(world, "Nora News", "nora@example.org"),
    )
    NewsPostFactory(slug="secret-draft-news", published_at=None)
    NewsPostFactory(slug="secret-future-news", published_at=now + timedelta(days=3))
    world.secret += [
        "Vera Speaker",
        "secret-draft-publication",
        "secret-unpublished-video",
        "secret-draft-news",
        "secret-future-news",
    ]
    return world


def more_rows(n: int = 3) -> None:
    """More of every kind of row (and of the lists they hold), to compare query counts."""
    city = CityFactory()
    topic = TopicFactory()
    for _i in range(n):
        event = EventFactory(city=city)
        event.topics.add(topic)
        RegistrationFactory(event=event)
        debate = DebateFactory()
        debate.topics.add(topic)
        ContributionFactory(debate=debate)
        statement = StatementFactory()
        StatementTranslationFactory(statement=statement)
        VoteFactory(statement=statement, participant__opinion_map=statement.opinion_map)
        process = ProcessFactory(phase="proposals")
        ProposalFactory(process=process, estimated_cost=Decimal("5"))
        ProjectFactory(budget=BudgetFactory(process=process))
        practice = PracticeFactory(published=True)
        practice.topics.add(topic)
        IndicatorFactory(practice=practice)
        ParticipantFactory()
        VideoFactory()
        NewsPostFactory()
        VersionFactory(publication=PublicationFactory(published=True), published=True)


def build_zip() -> bytes:
    target = io.BytesIO()
    opendata.build_archive(target)
    return target.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    """Every file of the ZIP, uncompressed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def table(data: bytes, filename: str) -> list[dict[str, str]]:
    """One CSV of the ZIP as dictionaries (checks that every row has every column)."""
    text = members(data)[filename].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body), filename
    return [dict(zip(header, row, strict=True)) for row in body]
