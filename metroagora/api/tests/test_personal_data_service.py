"""The whole of a person's data: the export (data.json, files, README) and the deletion of
the account across every app, on a person with data everywhere (``personal_data_world``).
"""

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import personal_data
from metroagora.api.tests.personal_data_world import (
    EMAIL,
    NAME,
    OTHER_EMAIL,
    PNG,
    TRACES,
    build_world,
)
from metroagora.decisions.models import BallotReceipt, Proposal, ProposalImage, Support
from metroagora.decisions.services import compute_results
from metroagora.events import report_data
from metroagora.events.models import Registration, RegistrationStatus
from metroagora.forum.models import Contribution
from metroagora.forum.tests.factories import ContributionFactory
from metroagora.opinions.models import Vote
from metroagora.opinions.tests.factories import VoteFactory

pytestmark = pytest.mark.django_db

#: References to people that deliberately survive the deletion, on the anonymous
#: account: what they count must stay right, and they say nothing about the person.
KEPT_LINKS = {("decisions.Support", "user"), ("decisions.BallotReceipt", "user")}


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return build_world()


def _delete(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.delete_account(world.person, world.person)
    world.person.refresh_from_db()


def _event_report(event):
    registrations = report_data.registrations_for_report(event)
    return report_data.build_event_report(
        registrations, report_data.feedback_for([event]).get(event.pk, [])
    )


# --- Export -----------------------------------------------------------------------------


def test_it_exports_everything_about_the_person(world):
    data = personal_data.export_personal_data(world.person)
    json.dumps(data)  # JSON-ready as it is
    assert data["format"] == personal_data.FORMAT
    account = data["account"]
    assert account["profile"]["email"] == EMAIL
    assert account["profile"]["display_name"] == NAME
    assert {a["email"] for a in account["email_addresses"]} == {EMAIL, OTHER_EMAIL}
    assert [d["type"] for d in account["two_factor_devices"]] == ["totp"]
    assert "secret" not in json.dumps(account["two_factor_devices"])
    assert len(account["sessions"]) == 1
    assert account["failed_sign_ins"][0]["address"] == "192.0.2.7"
    assert data["network"]["memberships"][0]["city"] == "lyon"
    assert data["network"]["verifications"][0]["method"] == "code"
    registrations = data["events"]["registrations"]
    assert len(registrations) == 3  # the guest registration with the other address too
    past = next(r for r in registrations if r["event"] == world.past_event.slug)
    assert past["name"] == NAME and past["feedback"]["rating"] == 4
    assert past["age_bracket"] == "31-45"
    forum = data["forum"]
    assert {c["id"] for c in forum["contributions"]} == {
        world.answered.pk,
        world.unanswered.pk,
        world.my_reply.pk,
    }
    assert forum["agreements"][0]["contribution"] == world.others.pk
    assert forum["reports"][0]["reason"] == "Off topic"
    assert forum["follows"][0]["debate"] == world.debate.slug
    assert forum["email_digest"] == "weekly"
    assert forum["debates_opened"] == [world.debate.slug]
    opinions = data["opinions"]
    assert opinions["maps"][0]["votes"][0]["vote"] == 1
    assert len(opinions["statements"]) == 2
    decisions = data["decisions"]
    assert {p["id"] for p in decisions["proposals"]} == {world.supported.pk, world.lonely.pk}
    assert decisions["supports"][0]["proposal"] == world.theirs.pk
    assert len(decisions["ballot_receipts"]) == 1
    assert decisions["residence_verifications"][0]["with"] == "invitation code"
    assert decisions["implementation_updates"][0]["text"] == "The works started."
    practices = data["practices"]
    assert practices["practices_written"][0]["practice"] == world.practice.slug
    assert practices["contact_person_of"][0]["name"] == NAME
    assert practices["review_comments"][0]["text"] == "Ok"
    assert practices["transfer_notes"][0]["note"] == "We called Lyon."
    assert len(practices["transfers_started"]) == 1
    assert len(data["funding"]["watches"]) == 1
    assert {s["email"] for s in data["publications"]["newsletter_subscriptions"]} == {
        EMAIL,
        OTHER_EMAIL,
    }
    assert data["api"]["api_tokens"][0]["name"] == "My phone"


def test_ballots_stay_secret_in_the_export(world):
    receipts = personal_data.export_personal_data(world.person)["decisions"]["ballot_receipts"]
    assert set(receipts[0]) == {"process", "budget", "voted"}  # when, never what


def test_the_zip_has_the_data_a_readme_and_the_persons_files(world):
    archive = zipfile.ZipFile(io.BytesIO(personal_data.build_archive(world.person)))
    names = set(archive.namelist())
    assert {"data.json", "README.txt"} <= names
    images = sorted(n for n in names if n.startswith("files/"))
    assert len(images) == 2
    assert all(archive.read(name) == PNG for name in images)
    data = json.loads(archive.read("data.json"))
    listed = [i["file"] for p in data["decisions"]["proposals"] for i in p["images"]]
    assert sorted(f"files/{name}" for name in listed) == images
    readme = archive.read("README.txt").decode()
    assert "data.json" in readme and "ballots are secret" in readme


def test_a_lost_file_is_listed_and_the_rest_is_given(world):
    Path(world.image.image.path).unlink()
    archive = zipfile.ZipFile(io.BytesIO(personal_data.build_archive(world.person)))
    data = json.loads(archive.read("data.json"))
    assert len(data["missing_files"]) == 1
    assert len([n for n in archive.namelist() if n.startswith("files/")]) == 1
    assert data["missing_files"][0] in archive.read("README.txt").decode()


def test_the_export_takes_the_same_few_queries_however_much_data(world, settings):
    with CaptureQueriesContext(connection) as first:
        personal_data.export_personal_data(world.person)
    assert len(first) <= 60
    person = world.person
    for _ in range(3):
        reply = ContributionFactory(parent=world.others, author=person)
        ContributionFactory(parent=reply, author=world.other)
        VoteFactory(participant=person.opinion_participations.get(), value=-1)
        proposal = Proposal.objects.create(
            process=world.process, author=person, title="Benches", body="More.", language="en"
        )
        ProposalImage.objects.create(proposal=proposal, image=world.image.image.name, alt_text="")
    with CaptureQueriesContext(connection) as second:
        personal_data.export_personal_data(person)
    assert len(second) == len(first)


# --- Deletion -----------------------------------------------------------------------------


def test_no_trace_of_the_person_is_left_in_the_database(world, django_capture_on_commit_callbacks):
    before = io.StringIO()
    call_command("dumpdata", stdout=before)
    assert all(trace.lower() in before.getvalue().lower() for trace in TRACES)
    _delete(world, django_capture_on_commit_callbacks)
    after = io.StringIO()
    call_command("dumpdata", stdout=after)
    dump = after.getvalue().lower()
    assert [trace for trace in TRACES if trace.lower() in dump] == []


def test_the_account_becomes_an_anonymous_tombstone(world, django_capture_on_commit_callbacks):
    pk = world.person.pk
    _delete(world, django_capture_on_commit_callbacks)
    person = User.objects.get(pk=pk)
    assert person.email == f"erased-{pk}@erased.invalid"
    assert (person.display_name, person.residence_city, person.preferred_languages) == ("", "", [])
    assert not person.is_active and not person.has_usable_password()
    assert person.emailaddress_set.count() == 0
    assert person.authenticator_set.count() == 0
    assert person.usersession_set.count() == 0


def test_counts_stay_the_same(world, django_capture_on_commit_callbacks):
    past, budget = world.past_event, world.budget
    report = _event_report(past)
    results = compute_results(budget)
    supports = Support.objects.filter(proposal=world.theirs).count()
    votes = Vote.objects.filter(opinion_map=world.opinion_map).count()
    agreed = world.others.agree_count
    _delete(world, django_capture_on_commit_callbacks)
    assert _event_report(past) == report
    assert report.registered == 2 and report.attended == 1
    after = compute_results(budget)
    assert (after.results, after.ballots) == (results.results, results.ballots) != ([], 0)
    assert BallotReceipt.objects.filter(budget=budget).count() == 2
    assert Support.objects.filter(proposal=world.theirs).count() == supports == 1
    assert Vote.objects.filter(opinion_map=world.opinion_map).count() == votes
    world.others.refresh_from_db()
    assert world.others.agree_count == agreed


def test_past_registrations_stay_without_name_or_address(world, django_capture_on_commit_callbacks):
    _delete(world, django_capture_on_commit_callbacks)
    kept = Registration.objects.get(pk=world.past_registration.pk)
    assert (kept.user, kept.name, kept.organisation, kept.accessibility_needs) == (None, "", "", "")
    assert kept.email.endswith("@erased.invalid")
    assert kept.token != world.past_registration.token
    assert (kept.status, kept.residence_country, kept.gender) == ("confirmed", "FR", "woman")
    assert kept.checked_in_at is not None and kept.feedback.rating == 4


def test_coming_registrations_are_cancelled_and_the_seat_goes_on(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    _delete(world, django_capture_on_commit_callbacks)
    assert Registration.objects.get(pk=world.future_registration.pk).status == "cancelled"
    waiting = Registration.objects.get(pk=world.waiting.pk)
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    guest = Registration.objects.get(pk=world.guest_registration.pk)
    assert (guest.status, guest.name) == ("cancelled", "")


def test_contributions_others_answered_stay_without_their_author(
    world, django_capture_on_commit_callbacks
):
    _delete(world, django_capture_on_commit_callbacks)
    answered = Contribution.objects.get(pk=world.answered.pk)
    assert (answered.author, answered.text) == (None, "Cities first.")
    assert Contribution.objects.get(pk=world.reply.pk).parent == answered
    gone = [world.unanswered.pk, world.my_reply.pk]
    assert not Contribution.objects.filter(pk__in=gone).exists()
    others = Contribution.objects.get(pk=world.others.pk)
    assert others.reply_count == 0  # the deleted reply no longer counts


def test_proposals_others_took_part_in_stay_and_the_rest_go_with_their_images(
    world, django_capture_on_commit_callbacks
):
    lonely_file = Path(world.lonely_image.image.path)
    debate = world.lonely.debate
    assert lonely_file.exists()
    _delete(world, django_capture_on_commit_callbacks)
    assert Proposal.objects.get(pk=world.supported.pk).author is None
    assert not Proposal.objects.filter(pk=world.lonely.pk).exists()
    assert not lonely_file.exists()
    assert debate is None or not type(debate).objects.filter(pk=debate.pk).exists()
    assert Path(world.image.image.path).exists()  # the kept proposal keeps its picture


def test_only_counted_links_stay_on_the_anonymous_account(
    world, django_capture_on_commit_callbacks
):
    _delete(world, django_capture_on_commit_callbacks)
    left = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                key = (model._meta.label, field.name)
                if model._default_manager.filter(**{field.name: world.person}).exists():
                    left.append(key)
    assert set(left) == KEPT_LINKS


#: Every reference to a person that deleting the account row would delete (CASCADE)
#: or that would stop it (PROTECT): each app's erase_personal_data handles these
#: explicitly. "Set null" references are unlinked by personal_data itself.
HANDLED = {
    ("account.EmailAddress", "user"),
    ("admin.LogEntry", "user"),
    ("api.ApiToken", "user"),
    ("decisions.BallotReceipt", "user"),
    ("decisions.Support", "user"),
    ("forum.Follow", "user"),
    ("forum.ForumPreferences", "user"),
    ("forum.Notification", "user"),
    ("forum.Reaction", "user"),
    ("forum.UserBlock", "user"),
    ("funding.Watch", "user"),
    ("mfa.Authenticator", "user"),
    ("network.Membership", "user"),
    ("publications.Subscription", "user"),
    ("usersessions.UserSession", "user"),
}


def test_every_reference_to_people_is_handled_by_an_erase_function():
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            remote = field.remote_field
            if (
                field.is_relation
                and field.related_model is User
                and remote is not None
                and remote.on_delete is not models.SET_NULL
            ):
                found.add((model._meta.label, field.name))
    assert found == HANDLED, "a new reference to people: erase it in the app's privacy.py"


def test_people_delete_only_their_own_account(world):
    with pytest.raises(PermissionDenied):
        personal_data.delete_account(world.other, world.person)
    world.person.refresh_from_db()
    assert world.person.email == EMAIL


def test_the_last_network_admin_cannot_delete_their_account(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError) as error:
        personal_data.delete_account(admin, admin)
    assert error.value.code == "last_admin"
    other_admin = UserFactory(is_superuser=True)
    personal_data.delete_account(admin, admin)
    admin.refresh_from_db()
    assert not admin.is_superuser and other_admin.is_superuser


def test_nothing_is_written_when_a_step_fails(world, monkeypatch):
    def broken(user):
        raise RuntimeError("disk full")

    last = dataclasses.replace(personal_data.DOMAINS[-1], erase=broken)
    monkeypatch.setattr(personal_data, "DOMAINS", (*personal_data.DOMAINS[:-1], last))
    with pytest.raises(RuntimeError):
        personal_data.delete_account(world.person, world.person)
    world.person.refresh_from_db()
    assert world.person.email == EMAIL
    assert Contribution.objects.filter(pk=world.unanswered.pk).exists()
    assert Registration.objects.get(pk=world.past_registration.pk).name == NAME


def test_deleting_twice_changes_nothing_more(world, django_capture_on_commit_callbacks):
    _delete(world, django_capture_on_commit_callbacks)
    email = world.person.email
    personal_data.delete_account(None, world.person)
    world.person.refresh_from_db()
    assert world.person.email == email
