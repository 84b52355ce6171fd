"""A person with data in every part of the platform, and the people around them.

Used by the personal-data tests (export, account deletion, retention). The person has
a distinctive name and two addresses, so a test can look for them anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.api import services as api_services
from metroagora.decisions.models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    ImplementationUpdate,
    InvitationBatch,
    InvitationCode,
    ProposalImage,
    Support,
)
from metroagora.decisions.services import ballot_key
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    ProcessFactory,
    ProjectFactory,
    ProposalFactory,
)
from metroagora.events.models import EventStatus, Feedback, RegistrationStatus
from metroagora.events.tests.factories import EventFactory, RegistrationFactory
from metroagora.forum.models import Follow, ForumPreferences, Reaction, Report
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding.tests.factories import WatchFactory
from metroagora.impact.models import ImpactRefresh
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.tests.factories import CityFactory
from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tests.factories import (
    OpinionMapFactory,
    ParticipantFactory,
    StatementFactory,
    VoteFactory,
)
from metroagora.practices.models import ReviewComment
from metroagora.practices.tests.factories import (
    PracticeFactory,
    TransferFactory,
    TransferUpdateFactory,
)
from metroagora.publications.models.newsletter import Subscription

NAME = "Zelda Quixotic"
EMAIL = "zelda.quixotic@example.org"
OTHER_EMAIL = "zq.elsewhere@example.net"
PASSWORD = "correct-horse-battery"
#: What must be found nowhere once the account is deleted.
TRACES = ("Quixotic", "zelda.quixotic", "zq.elsewhere")

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass
class World:
    person: User
    other: User
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    now = timezone.now()
    person = UserFactory(
        email=EMAIL,
        display_name=NAME,
        residence_city="Lyon",
        residence_country="FR",
        preferred_languages=["fr", "en"],
    )
    other = UserFactory(display_name="Olga Other")
    world = World(person, other)
    o = world.objects

    # --- Account ------------------------------------------------------------------------------
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=person, email=OTHER_EMAIL, verified=True, primary=False)
    with_two_factor(person)
    browser = Client()
    browser.force_login(person)  # a session, and its record as allauth's sign-in makes it
    UserSession.objects.create(
        user=person,
        session_key=browser.session.session_key,
        ip="192.0.2.7",
        user_agent="Firefox",
    )
    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="192.0.2.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/en/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    LogEntry.objects.create(
        user=other,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Changed the display name of {NAME}",
    )

    # --- Network ------------------------------------------------------------------------------
    lyon = o["city"] = CityFactory(slug="lyon", country="FR")
    Membership.objects.create(user=person, city=lyon, role="resident", verified_at=now)
    VerificationLogEntry.objects.create(city=lyon, person=person, method="code")

    # --- Events -------------------------------------------------------------------------------
    past = o["past_event"] = EventFactory(
        city=lyon,
        status=EventStatus.HELD,
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=4),
    )
    o["past_registration"] = RegistrationFactory(
        event=past,
        user=person,
        name=NAME,
        email=EMAIL,
        organisation="Quixotic Consulting",
        accessibility_needs="Step-free access for Zelda Quixotic",
        checked_in_at=now - timedelta(days=10),
        demographics_consent=True,
        age_bracket="31-45",
        gender="woman",
    )
    Feedback.objects.create(registration=o["past_registration"], event=past, rating=4)
    RegistrationFactory(event=past, residence_country="DE")
    future = o["future_event"] = EventFactory(city=lyon, capacity=1)
    o["future_registration"] = RegistrationFactory(
        event=future, user=person, name=NAME, email=EMAIL
    )
    o["waiting"] = RegistrationFactory(
        event=future, status=RegistrationStatus.WAITLISTED, confirmed_at=None
    )
    o["guest_registration"] = RegistrationFactory(
        event=EventFactory(city=lyon),
        name=NAME,
        email=OTHER_EMAIL,
        status=RegistrationStatus.PENDING,
        confirmed_at=None,
    )

    # --- Forum --------------------------------------------------------------------------------
    debate = o["debate"] = DebateFactory(created_by=person)
    o["answered"] = ContributionFactory(debate=debate, author=person, text="Cities first.")
    o["reply"] = ContributionFactory(parent=o["answered"], author=other)
    o["unanswered"] = ContributionFactory(debate=debate, author=person)
    o["others"] = ContributionFactory(debate=debate, author=other)
    o["my_reply"] = ContributionFactory(parent=o["others"], author=person)
    Reaction.objects.create(contribution=o["others"], user=person)
    Report.objects.create(contribution=o["others"], reporter=person, reason="Off topic")
    Follow.objects.create(user=person, debate=debate)
    ForumPreferences.objects.create(user=person, digest="weekly")

    # --- Opinion maps -------------------------------------------------------------------------
    opinion_map = o["opinion_map"] = OpinionMapFactory()
    voter = ParticipantFactory(opinion_map=opinion_map, user=person)
    o["statement"] = StatementFactory(opinion_map=opinion_map, author=person)
    StatementFactory(opinion_map=opinion_map, author=person, status=StatementStatus.PENDING)
    VoteFactory(participant=voter, statement=o["statement"], value=1)
    VoteFactory(participant=ParticipantFactory(opinion_map=opinion_map, user=other), value=-1)

    # --- Local decisions ----------------------------------------------------------------------
    process = o["process"] = ProcessFactory(city=lyon, participation="registered")
    o["supported"] = ProposalFactory(process=process, author=person, support_count=1)
    Support.objects.create(proposal=o["supported"], user=other)
    o["lonely"] = ProposalFactory(process=process, author=person)
    o["image"] = ProposalImage.objects.create(
        proposal=o["supported"],
        image=SimpleUploadedFile("tree.png", PNG, content_type="image/png"),
        alt_text="A tree",
    )
    o["lonely_image"] = ProposalImage.objects.create(
        proposal=o["lonely"],
        image=SimpleUploadedFile("bench.png", PNG, content_type="image/png"),
        alt_text="A bench",
    )
    o["theirs"] = ProposalFactory(process=process, author=other, support_count=1)
    Support.objects.create(proposal=o["theirs"], user=person)
    budget = o["budget"] = BudgetFactory(process=process)
    projects = [ProjectFactory(budget=budget), ProjectFactory(budget=budget)]
    for voter_user, chosen in ((person, projects), (other, projects[:1])):
        BallotReceipt.objects.create(budget=budget, user=voter_user)
        ballot = Ballot.objects.create(budget=budget, key=ballot_key(budget.pk, voter_user.pk))
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, project=p) for p in chosen])
    batch = InvitationBatch.objects.create(city=lyon, label="Market day", created_by=other)
    InvitationCode.objects.create(
        batch=batch, city=lyon, code="QX-1234", used_by=person, used_at=now
    )
    implementation = ImplementationFactory(
        proposal=o["theirs"],
        project=None,
        process=process,
        city=lyon,
        title={"en": "Trees", "_original": "en"},
        promised_cost=None,
    )
    ImplementationUpdate.objects.create(
        implementation=implementation,
        author=person,
        text="The works started.",
        language="en",
        status="in_progress",
        progress=10,
    )

    # --- Best practices -----------------------------------------------------------------------
    practice = o["practice"] = PracticeFactory(
        city=lyon, created_by=person, contact_name=NAME, contact_email=EMAIL.upper()
    )
    ReviewComment.objects.create(practice=practice, author=person, verdict="comment", text="Ok")
    transfer = TransferFactory(started_by=person)
    TransferUpdateFactory(transfer=transfer, author=person, note="We called Lyon.")

    # --- Funding, publications, API, impact ---------------------------------------------------
    WatchFactory(user=person)
    Subscription.objects.create(email=OTHER_EMAIL, language="fr", confirmed_at=now)
    Subscription.objects.create(email=EMAIL, user=person, city=lyon, language="fr")
    api_services.create_token(person, name="My phone", scopes=["read"], expires_in_days=None)
    ImpactRefresh.objects.create(requested_by=person)
    return world
