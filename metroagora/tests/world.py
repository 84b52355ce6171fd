"""One small world for the site-wide security tests: two cities and a little of everything.

City A (``milan``) is the city of the per-city roles: its verified resident, its
coordinator. City B (``lyon``) has its own coordinator. Every kind of object exists
published (or public) and as a draft (or private) where the kind has drafts, most of
them in city A. Built once per test module (see ``build_world``); the objects are
plain attributes, named after the URL keyword they usually fill in.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.utils import timezone

ROLES = (
    "anonymous",
    "participant",
    "resident",  # verified resident of city A
    "policymaker",  # verified policymaker (badge), policymaker of city A
    "moderator",
    "coordinator",  # of city A
    "other_coordinator",  # of city B
    "admin",  # network admin (superuser, staff)
)


def png_bytes(size: tuple[int, int] = (8, 6)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


@dataclass
class World:
    """What the tests address; ``people`` maps every role of ``ROLES`` to a person."""

    people: dict[str, Any]
    tokens: dict[str, str]  # role -> raw API token with every scope (none for anonymous)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def client_for(world: World, role: str, api: bool = False) -> Any:
    """A test client acting as ``role``: its session, or its API token (``api``)."""
    from django.conf import settings
    from django.test import Client

    if api:
        token = world.tokens.get(role)
        return Client(headers={"Authorization": f"Bearer {token}"} if token else {})
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.objects[f"session_{role}"]
    return client


def build_world() -> World:
    """Create the world (call inside a transaction that the caller rolls back)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import AnonymousUser

    from metroagora.accounts.tests.factories import UserFactory, with_two_factor
    from metroagora.api import services as api_services
    from metroagora.api.models import Scope
    from metroagora.decisions.models import (
        CensusEntry,
        ImplementationPhoto,
        InvitationBatch,
        ProposalImage,
    )
    from metroagora.decisions.tests.factories import (
        BudgetFactory,
        DistrictFactory,
        ImplementationFactory,
        MilestoneFactory,
        ProcessFactory,
        ProjectFactory,
        ProposalFactory,
    )
    from metroagora.events.models import EventPhoto, EventStatus
    from metroagora.events.tests.factories import (
        EventFactory,
        RegistrationFactory,
    )
    from metroagora.events.tests.factories import (
        ProjectFactory as EventProjectFactory,
    )
    from metroagora.forum.models import Report, UserBlock, Visibility
    from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
    from metroagora.funding.tests.factories import (
        ApplicationFactory,
        CallFactory,
        FundedProjectFactory,
        GuideFactory,
        PartnerAnswerFactory,
        PartnerSearchFactory,
        WatchFactory,
        programme,
    )
    from metroagora.funding.tests.factories import (
        ParticipantFactory as ProjectParticipantFactory,
    )
    from metroagora.network.tests.factories import CityFactory, MembershipFactory
    from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory
    from metroagora.practices.models import PracticeStatus
    from metroagora.practices.tests.factories import PracticeFactory, TransferFactory
    from metroagora.publications import newsletter_emails
    from metroagora.publications.models import IssueStatus, PartKind
    from metroagora.publications.tests.factories_newsletter import (
        IssueFactory,
        SubscriptionFactory,
    )
    from metroagora.publications.tests.factories_publications import (
        PublicationFactory,
        TextPartFactory,
        VersionFactory,
    )
    from metroagora.publications.tests.factories_videos import TrackFactory, VideoFactory
    from metroagora.publications.tests.factories_website import NewsPostFactory, PageFactory

    now = timezone.now()
    city = CityFactory(slug="milan")
    other_city = CityFactory(slug="lyon", country="FR", region="west")

    # --- People ------------------------------------------------------------------------
    resident = UserFactory()
    MembershipFactory(user=resident, city=city, role="resident")
    policymaker = UserFactory(is_verified_policymaker=True)
    MembershipFactory(user=policymaker, city=city, role="policymaker")
    coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    other_coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=other_coordinator, city=other_city, role="coordinator")
    people: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "participant": UserFactory(),
        "resident": resident,
        "policymaker": policymaker,
        "moderator": with_two_factor(UserFactory(is_moderator=True)),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "admin": with_two_factor(UserFactory(is_superuser=True, is_staff=True)),
    }
    for person in people.values():
        if person.is_authenticated:
            EmailAddress.objects.create(
                user=person, email=person.email, verified=True, primary=True
            )
    tokens = {
        role: api_services.create_token(
            person, name="Matrix", scopes=Scope.values, expires_in_days=30
        )[1]
        for role, person in people.items()
        if person.is_authenticated
    }
    participant = people["participant"]
    o: dict[str, Any] = {"city": city, "other_city": other_city}

    # Someone waiting for a coordinator's check in city A; a stranger with a token.
    o["unverified"] = MembershipFactory(city=city, role="resident", verified_at=None)
    stranger = UserFactory()
    o["stranger_token"] = api_services.create_token(
        stranger, name="Someone else's", scopes=["read"], expires_in_days=30
    )[0]
    o["participant_token"] = api_services.create_token(
        participant, name="Own", scopes=["read"], expires_in_days=30
    )[0]

    # --- Events ------------------------------------------------------------------------
    project = EventProjectFactory(slug="cities-together")
    o["event_project"] = project
    o["event"] = EventFactory(slug="open-day", city=city, project=project)
    o["draft_event"] = EventFactory(slug="secret-day", city=city, status=EventStatus.DRAFT)
    o["other_event"] = EventFactory(slug="lyon-day", city=other_city)
    o["registration"] = RegistrationFactory(
        event=o["event"], user=participant, email=participant.email
    )
    held = EventFactory(
        slug="last-month",
        city=city,
        status=EventStatus.HELD,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=30) + timedelta(hours=3),
    )
    o["held_event"] = held
    o["held_registration"] = RegistrationFactory(
        event=held, user=participant, email=participant.email
    )
    EventPhoto.objects.create(
        event=o["event"], image=ContentFile(png_bytes(), name="photo.png"), alt_text="A room"
    )
    o["events_feed_token"] = signing.Signer(salt="metroagora.events.feed").sign(str(participant.pk))

    # --- Forum -------------------------------------------------------------------------
    o["debate"] = DebateFactory(slug="our-streets", city=city, created_by=coordinator)
    o["contribution"] = ContributionFactory(debate=o["debate"], author=participant)
    Report.objects.create(contribution=o["contribution"], reporter=resident, reason="Rude")
    o["hidden_contribution"] = ContributionFactory(
        debate=o["debate"], author=participant, visibility=Visibility.HIDDEN
    )
    o["closed_debate"] = DebateFactory(slug="old-streets", city=city, status="closed")
    blocked = UserFactory()
    UserBlock.objects.create(user=blocked, reason="Spam", blocked_by=people["moderator"])
    o["blocked"] = blocked
    o["forum_unsubscribe_token"] = "not-a-real-token"

    # --- Opinion maps ------------------------------------------------------------------
    o["opinion_map"] = OpinionMapFactory(slug="parks", city=city)
    StatementFactory(opinion_map=o["opinion_map"])
    o["pending_statement"] = StatementFactory(
        opinion_map=o["opinion_map"], status="pending", author=resident
    )
    o["closed_map"] = OpinionMapFactory(slug="closed-parks", city=city, status="closed")
    o["closed_statement"] = StatementFactory(opinion_map=o["closed_map"])

    # --- Practices ---------------------------------------------------------------------
    o["practice"] = PracticeFactory(slug="green-roofs", city=city, published=True)
    o["draft_practice"] = PracticeFactory(
        slug="draft-roofs", city=city, status=PracticeStatus.DRAFT
    )
    o["transfer"] = TransferFactory(practice=o["practice"], city=other_city)

    # --- Local decisions ---------------------------------------------------------------
    DistrictFactory(city=city)
    o["process"] = ProcessFactory(slug="our-budget", city=city, phase="proposals")
    o["draft_process"] = ProcessFactory(slug="draft-budget", city=city, status="draft")
    o["proposal"] = ProposalFactory(process=o["process"], author=participant)
    o["draft_proposal"] = ProposalFactory(process=o["draft_process"], author=participant)
    ProposalImage.objects.create(
        proposal=o["proposal"], image=ContentFile(png_bytes(), name="idea.png"), alt_text="An idea"
    )
    o["budget"] = BudgetFactory(process=ProcessFactory(slug="vote-now", city=city, phase="voting"))
    o["budget_project"] = ProjectFactory(budget=o["budget"])
    o["draft_budget"] = BudgetFactory(process=o["draft_process"])
    o["closed_budget"] = BudgetFactory(
        process=ProcessFactory(slug="voted", city=city, phase="voting"), closed_at=now
    )
    o["draft_closed_budget"] = BudgetFactory(process=o["draft_process"], closed_at=now)
    o["draft_implementation"] = ImplementationFactory(
        project=ProjectFactory(budget=o["draft_closed_budget"])
    )
    o["implementation"] = ImplementationFactory(project=o["budget_project"])
    o["milestone"] = MilestoneFactory(implementation=o["implementation"])
    o["implementation_photo"] = ImplementationPhoto.objects.create(
        implementation=o["implementation"],
        image=ContentFile(png_bytes(), name="works.png"),
        alt_text="Works",
    )
    CensusEntry.objects.create(city=city, digest="0" * 64)
    o["code_batch"] = InvitationBatch.objects.create(
        city=city, label="Meeting", created_by=coordinator
    )

    # --- EU funding --------------------------------------------------------------------
    o["call"] = CallFactory(identifier="LIFE-2026-SAP-CLIMA-001")
    o["other_call"] = CallFactory(identifier="LIFE-2026-SAP-NAT-002", title="Rivers in cities")
    o["programme"] = programme("LIFE")
    o["watch"] = WatchFactory(user=participant, call=o["call"])
    o["partner_search"] = PartnerSearchFactory(city=city, call=o["call"])
    o["partner_answer"] = PartnerAnswerFactory(search=o["partner_search"], city=other_city)
    o["funded_project"] = FundedProjectFactory()
    ProjectParticipantFactory(project=o["funded_project"], city=city)
    o["application"] = ApplicationFactory(city=city, call=o["call"])
    o["guide"] = GuideFactory(slug="first-steps")
    o["draft_guide"] = GuideFactory(slug="draft-steps", is_published=False)
    o["funding_feed_token"] = signing.Signer(salt="metroagora.funding.feed").sign(
        str(participant.pk)
    )

    # --- Publications, videos, newsletter, website -------------------------------------
    o["publication"] = PublicationFactory(
        slug="yearbook",
        published=True,
        cover=ContentFile(_jpeg(), name="cover.jpg"),
        cover_alt="Cover",
    )
    o["publication_part"] = TextPartFactory(
        publication=o["publication"],
        image=ContentFile(_jpeg(), name="part.jpg"),
        image_alt="A part",
    )
    o["publication_version"] = VersionFactory(publication=o["publication"], published=True)
    o["draft_publication"] = PublicationFactory(
        slug="draft-yearbook", cover=ContentFile(_jpeg(), name="cover2.jpg")
    )
    o["draft_part"] = TextPartFactory(
        publication=o["draft_publication"],
        kind=PartKind.TEXT,
        image=ContentFile(_jpeg(), name="part2.jpg"),
    )
    o["draft_version"] = VersionFactory(publication=o["draft_publication"])
    o["video"] = VideoFactory(slug="talk", uploaded=True, poster=ContentFile(png_bytes(), "p.png"))
    TrackFactory(video=o["video"])
    o["draft_video"] = VideoFactory(
        slug="draft-talk", uploaded=True, published=False, poster=ContentFile(png_bytes(), "p2.png")
    )
    TrackFactory(video=o["draft_video"])
    o["subscription"] = SubscriptionFactory(email=participant.email)
    o["pending_subscription"] = SubscriptionFactory(email="new@example.org", pending=True)
    o["newsletter_confirm_token"] = newsletter_emails.confirmation_token(o["pending_subscription"])
    o["sent_issue"] = IssueFactory(city=city, sent=True)
    o["draft_issue"] = IssueFactory(city=city, status=IssueStatus.DRAFT)
    o["page"] = PageFactory(slug="about")
    o["draft_page"] = PageFactory(slug="draft-about", draft=True)
    o["news"] = NewsPostFactory(slug="big-news", city=city)
    o["draft_news"] = NewsPostFactory(slug="draft-news", city=city, draft=True)
    return World(people=people, tokens=tokens, objects=o)
