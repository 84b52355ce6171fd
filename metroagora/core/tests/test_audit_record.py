"""Every family of admin and moderation actions writes one audit entry, in the same
transaction: none when the action is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.audit import ACTIONS, actor_display, record, summary
from metroagora.core.models import AuditEntry
from metroagora.decisions import services as decisions
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory
from metroagora.events import services as events
from metroagora.events.tests.factories import EventFactory
from metroagora.forum import services as forum
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding import services as funding
from metroagora.funding.tests.factories import CallFactory
from metroagora.network import services as network
from metroagora.network.models import Membership, MembershipRole
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.network.tests.factories import MembershipFactory
from metroagora.opinions import services as opinions
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory
from metroagora.practices import services as practices
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications import newsletter_services as newsletter
from metroagora.publications.tests.factories_newsletter import IssueFactory

pytestmark = pytest.mark.django_db


def only_entry() -> AuditEntry:
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0]


# --- record() itself ---------------------------------------------------------------------


def test_it_refuses_an_unknown_action():
    with pytest.raises(ValueError, match="forum.burn"):
        record(UserFactory(), "forum.burn")
    assert not AuditEntry.objects.exists()


def test_it_stores_a_code_and_translates_the_sentence_when_shown(roles):  # noqa: F811
    entry = record(
        roles.coordinator,
        "network.add_membership",
        obj_label="Rita",
        city=roles.city,
        role=MembershipRole.RESIDENT.label,  # a lazy label
        place="Milan",
    )
    entry.refresh_from_db()
    assert entry.params == {"role": "Resident", "place": "Milan"}  # English, the source text
    assert summary(entry) == "Gave Rita the role “Resident” in Milan"
    with translation.override("fr"):  # the reader's language, not the actor's
        french = summary(entry)
    assert "Habitant" in french
    assert "Gave" not in french
    assert actor_display(entry) == entry.actor_label


def test_every_sentence_can_be_built_without_its_parameters():
    for action in ACTIONS:
        assert summary(AuditEntry(action=action, object_label="X"))


def test_it_records_the_platform_itself_without_a_name():
    entry = record(None, "decisions.close_vote", obj_label="Vote")
    assert (entry.actor_id, entry.actor_label) == (None, "")
    assert actor_display(entry) == "The platform (automatic)"


# --- Forum -------------------------------------------------------------------------------


def test_it_records_forum_moderation(roles):  # noqa: F811
    contribution = ContributionFactory(debate=DebateFactory(city=roles.city))
    forum.hide_contribution(roles.moderator, contribution, reason="Insults")
    entry = only_entry()
    assert (entry.actor, entry.action, entry.city, entry.reason) == (
        roles.moderator,
        "forum.hide",
        roles.city,
        "Insults",
    )
    assert entry.object_url == contribution.get_absolute_url()
    forum.restore_contribution(roles.moderator, contribution)
    forum.dismiss_reports(roles.moderator, contribution)
    forum.block_user(roles.moderator, contribution.author, reason="Spam")
    forum.unblock_user(roles.moderator, contribution.author)
    forum.close_debate(roles.admin, contribution.debate, conclusions={"en": "Done"})
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "forum.hide",
        "forum.restore",
        "forum.dismiss_reports",
        "forum.block",
        "forum.unblock",
        "forum.close_debate",
    ]
    assert AuditEntry.objects.get(action="forum.block").subject == contribution.author


def test_it_records_nothing_when_forum_moderation_is_refused(roles):  # noqa: F811
    contribution = ContributionFactory()
    with pytest.raises(PermissionDenied):
        forum.hide_contribution(roles.participant, contribution, reason="I dislike it")
    with pytest.raises(ValidationError):
        forum.block_user(roles.admin, roles.moderator, reason="Moderators cannot be blocked")
    assert not AuditEntry.objects.exists()


# --- Opinion maps --------------------------------------------------------------------------


def test_it_records_statement_moderation_and_closing_a_map(roles):  # noqa: F811
    opinion_map = OpinionMapFactory(city=roles.city)
    held = StatementFactory(opinion_map=opinion_map, status="pending")
    opinions.reject_statement(roles.moderator, held, reason="Off topic")
    entry = only_entry()
    assert (entry.actor, entry.action, entry.city, entry.reason) == (
        roles.moderator,
        "opinions.reject_statement",
        roles.city,
        "Off topic",
    )
    opinions.approve_statement(roles.moderator, StatementFactory(opinion_map=opinion_map))
    opinions.close_map(roles.moderator, opinion_map)
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "opinions.reject_statement",
        "opinions.accept_statement",
        "opinions.close_map",
    }


def test_it_records_nothing_when_statement_moderation_is_refused(roles):  # noqa: F811
    held = StatementFactory(opinion_map=OpinionMapFactory(city=roles.city), status="pending")
    with pytest.raises(PermissionDenied):
        opinions.reject_statement(roles.participant, held, reason="No")
    with pytest.raises(ValidationError):
        opinions.reject_statement(roles.moderator, held, reason="  ")  # a reason is needed
    assert not AuditEntry.objects.exists()


# --- Cities, roles and verification ------------------------------------------------------


def test_it_records_roles_and_manual_verification(roles):  # noqa: F811
    person = UserFactory(display_name="Rita Resident")
    network.add_membership(roles.coordinator, roles.city, person, "official")
    entry = only_entry()
    assert (entry.actor, entry.action, entry.city, entry.subject) == (
        roles.coordinator,
        "network.add_membership",
        roles.city,
        person,
    )
    assert entry.object_label == "Rita Resident"
    unverified = MembershipFactory(user=person, city=roles.city, verified_at=None)
    network.verify_resident(roles.coordinator, unverified)
    network.remove_membership(
        roles.coordinator, Membership.objects.get(user=person, role="official")
    )
    network.update_city(roles.coordinator, roles.city, population=1_350_000)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "network.add_membership",
        "network.verify",
        "network.remove_membership",
        "network.update_city",
    ]
    assert AuditEntry.objects.filter(city=roles.city).count() == 4


def test_it_records_nothing_for_refused_roles_and_self_service(roles):  # noqa: F811
    with pytest.raises(PermissionDenied):  # only network admins make coordinators
        network.add_membership(roles.coordinator, roles.city, UserFactory(), "coordinator")
    with pytest.raises(PermissionDenied):
        network.add_membership(roles.other_coordinator, roles.city, UserFactory(), "official")
    # A person's own residence, and self-verification with a code: not staff actions.
    membership = network.declare_residence(roles.participant, roles.city)
    network.remove_membership(roles.participant, membership)
    assert not AuditEntry.objects.exists()


# --- Local decisions ---------------------------------------------------------------------


def test_it_records_decisions_staff_actions(roles):  # noqa: F811
    process = ProcessFactory(city=roles.city, status="draft")
    decisions.publish_process(roles.coordinator, process)
    assert only_entry().action == "decisions.publish_process"
    proposal = ProposalFactory(process=process)
    decisions.answer_proposal(roles.coordinator, proposal, answer="rejected", reason="Too costly")
    decisions.generate_invitation_codes(roles.coordinator, roles.city, count=3, label="Library")
    answer = AuditEntry.objects.get(action="decisions.answer")
    assert (answer.actor, answer.city, answer.reason) == (
        roles.coordinator,
        roles.city,
        "Too costly",
    )
    assert "Rejected" in summary(answer)
    codes = AuditEntry.objects.get(action="decisions.generate_codes")
    assert codes.params["count"] == 3
    assert "3 invitation codes" in summary(codes)


def test_it_records_nothing_when_a_decision_is_refused(roles):  # noqa: F811
    proposal = ProposalFactory(process=ProcessFactory(city=roles.city))
    with pytest.raises(PermissionDenied):
        decisions.answer_proposal(roles.other_coordinator, proposal, answer="accepted", reason="Ok")
    with pytest.raises(ValidationError):
        decisions.answer_proposal(roles.coordinator, proposal, answer="accepted", reason="")
    with pytest.raises(PermissionDenied):
        decisions.generate_invitation_codes(roles.resident, roles.city, count=3, label="Hall")
    assert not AuditEntry.objects.exists()


# --- Events, practices, funding, newsletter --------------------------------------------


def test_it_records_an_event_cancelled_by_its_organisers(roles):  # noqa: F811
    event = EventFactory(city=roles.city)
    with pytest.raises(PermissionDenied):
        events.set_event_status(roles.participant, event, "cancelled")
    assert not AuditEntry.objects.exists()
    events.set_event_status(roles.admin, event, "cancelled")
    entry = only_entry()
    assert (entry.actor, entry.action, entry.city) == (roles.admin, "events.set_status", roles.city)
    assert summary(entry).endswith("“Cancelled”")


def test_it_records_the_review_of_practices(roles):  # noqa: F811
    editor = UserFactory(is_editor=True)
    practice = PracticeFactory(city=roles.city, in_review=True)
    with pytest.raises(PermissionDenied):
        practices.publish_practice(roles.participant, practice)
    assert not AuditEntry.objects.exists()
    practices.publish_practice(editor, practice)
    practices.unpublish_practice(editor, practice, reason="Figures to check")
    published, unpublished = AuditEntry.objects.order_by("pk")
    assert (published.action, published.actor, published.city) == (
        "practices.publish",
        editor,
        roles.city,
    )
    assert (unpublished.action, unpublished.reason) == ("practices.unpublish", "Figures to check")


def test_it_records_calls_edited_by_hand(roles):  # noqa: F811
    call = CallFactory()
    with pytest.raises(PermissionDenied):
        funding.update_call(roles.coordinator, call, title="Renamed")
    assert not AuditEntry.objects.exists()
    funding.update_call(roles.admin, call, title="Green roofs for schools")
    entry = only_entry()
    assert (entry.actor, entry.action, entry.object_label) == (
        roles.admin,
        "funding.change_call",
        str(call.__class__.objects.get(pk=call.pk)),
    )
    assert entry.params == {"fields": ["title"]}


def test_it_records_a_newsletter_sent(roles):  # noqa: F811
    issue = IssueFactory(city=roles.city)
    with pytest.raises(PermissionDenied):
        newsletter.send_issue(roles.participant, issue, background=False)
    assert not AuditEntry.objects.exists()
    newsletter.send_issue(roles.coordinator, issue, background=False)
    entry = only_entry()
    assert (entry.actor, entry.action, entry.city) == (
        roles.coordinator,
        "publications.send_newsletter",
        roles.city,
    )
