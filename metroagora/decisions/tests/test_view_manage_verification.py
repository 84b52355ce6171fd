"""Staff pages for resident verification: codes, census list, manual checks, audit log."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.decisions import services
from metroagora.decisions.models import CensusEntry, CensusUpload, InvitationBatch, InvitationCode
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.services import record_verification
from metroagora.network.tests.factories import MembershipFactory

MANAGERS = {"coordinator", "admin"}


def _url(city) -> str:
    return f"/en/decisions/manage/{city.slug}/verification/"


def _csv(text: str, name: str = "census.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _assert_access(response, role: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


@pytest.fixture
def batch(roles):
    return services.generate_invitation_codes(roles.coordinator, roles.city, count=3, label="Fair")


# --- Who may open the pages -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_verification_page_to_managers_of_the_city(client, people, roles, role):
    sign_in(client, people[role])
    _assert_access(client.get(_url(roles.city)), role)


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_a_batch_of_codes_to_managers_of_its_city(client, people, batch, role):
    sign_in(client, people[role])
    _assert_access(client.get(f"/en/decisions/manage/codes/{batch.pk}/"), role)
    _assert_access(client.get(f"/en/decisions/manage/codes/{batch.pk}.csv"), role)


@pytest.mark.parametrize("role", ["participant", "official", "moderator", "other_coordinator"])
def test_it_refuses_every_write_to_others(client, people, roles, role):
    pending = Membership.objects.get(user=roles.unverified_resident, city=roles.city)
    sign_in(client, people[role])
    base = _url(roles.city)
    assert client.post(f"{base}codes/", {"count": 5, "label": "Fair"}).status_code == 403
    assert client.post(f"{base}census/", {"file": _csv("12345678Z\n")}).status_code == 403
    assert client.post(f"{base}residents/{pending.pk}/").status_code == 403
    assert not InvitationBatch.objects.exists()
    assert not CensusEntry.objects.exists()
    pending.refresh_from_db()
    assert pending.verified_at is None


# --- Invitation codes ---------------------------------------------------------------------


def test_it_generates_a_batch_and_shows_the_printable_cards(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(f"{_url(roles.city)}codes/", {"count": "12", "label": "Fair, 12 March"})
    batch = InvitationBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/manage/codes/{batch.pk}/"
    assert (batch.label, batch.codes.count(), batch.created_by) == (
        "Fair, 12 March",
        12,
        roles.coordinator,
    )
    page = client.get(response["Location"])
    content = page.content.decode()
    assert content.count('class="code-card"') == 12
    for code in batch.codes.values_list("code", flat=True):
        assert code in content
    assert "http://testserver/en/decisions/verify/milan/" in content
    assert 'class="code-sheet"' in content
    assert "12 codes are ready" in content


def test_it_leaves_used_codes_off_the_cards(client, roles, batch):
    code = batch.codes.first()
    services.verify_with_code(roles.participant, roles.city, code.code)
    client.force_login(roles.coordinator)
    response = client.get(f"/en/decisions/manage/codes/{batch.pk}/")
    content = response.content.decode()
    assert content.count('class="code-card"') == 2
    assert code.code not in content
    assert "1 code of this batch is already used" in content


def test_it_refuses_an_impossible_number_of_codes(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(f"{_url(roles.city)}codes/", {"count": "0", "label": "Fair"})
    assert response.status_code == 400
    assert 'id="id_count_error"' in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_it_asks_where_the_codes_go(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(f"{_url(roles.city)}codes/", {"count": "5", "label": "  "})
    assert response.status_code == 400
    assert 'id="id_label_error"' in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_it_downloads_the_codes_as_csv(client, roles, batch):
    code = batch.codes.first()
    services.verify_with_code(roles.participant, roles.city, code.code)
    client.force_login(roles.coordinator)
    response = client.get(f"/en/decisions/manage/codes/{batch.pk}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="invitation-codes-milan-{batch.pk}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["code", "city", "verify_at", "used_at"]
    assert sorted(r[0] for r in rows[1:]) == sorted(batch.codes.values_list("code", flat=True))
    assert {r[2] for r in rows[1:]} == {"http://testserver/en/decisions/verify/milan/"}
    assert [r[3] != "" for r in rows[1:] if r[0] == code.code] == [True]


def test_it_lists_batches_with_used_and_unused_counts(client, roles, batch):
    services.verify_with_code(roles.participant, roles.city, batch.codes.first().code)
    services.generate_invitation_codes(
        roles.other_coordinator, roles.other_city, count=2, label="X"
    )
    client.force_login(roles.coordinator)
    response = client.get(_url(roles.city))
    [shown] = response.context["batches"]
    assert (shown.label, shown.total, shown.used, shown.unused) == ("Fair", 3, 1, 2)
    assert f'href="/en/decisions/manage/codes/{batch.pk}/"' in response.content.decode()


# --- Census list ------------------------------------------------------------------------------


def test_it_uploads_a_census_list_and_keeps_only_hashes(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        f"{_url(roles.city)}census/",
        {"file": _csv("identifier\n12345678Z\n87654321X\n", "padron.csv")},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_url(roles.city)}#census"
    assert CensusEntry.objects.filter(city=roles.city).count() == 2
    stored = " ".join(CensusEntry.objects.values_list("digest", flat=True))
    assert "12345678Z" not in stored
    upload = CensusUpload.objects.get()
    assert (upload.filename, upload.row_count, upload.added, upload.removed) == (
        "padron.csv",
        2,
        2,
        0,
    )
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "padron.csv" in content
    assert "hashed on upload and never stored" in content
    assert "2 identifiers, 2 added, 0 removed" in content


def test_it_shows_every_bad_line_and_imports_nothing(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        f"{_url(roles.city)}census/", {"file": _csv("12345678Z\n\n12345678Z\nnot valid!\n")}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Nothing was imported" in content
    assert "Line 3: the same identifier as line 1." in content
    assert "Line 4: “not valid!” is not an identifier" in content
    assert 'id="id_file_error"' in content
    assert not CensusEntry.objects.exists()
    assert not CensusUpload.objects.exists()


def test_it_refuses_a_file_that_is_not_utf8(client, roles):
    client.force_login(roles.coordinator)
    data = SimpleUploadedFile("census.csv", "12345678Z\nMÜLLER\n".encode("latin-1"))
    response = client.post(f"{_url(roles.city)}census/", {"file": data})
    assert response.status_code == 400
    assert "Save it as CSV UTF-8" in response.content.decode()
    assert not CensusEntry.objects.exists()


def test_it_asks_for_a_file(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(f"{_url(roles.city)}census/", {})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()


# --- Manual checks and the audit log -------------------------------------------------------


def test_it_verifies_a_resident_waiting_for_it(client, roles):
    pending = Membership.objects.get(user=roles.unverified_resident, city=roles.city)
    client.force_login(roles.coordinator)
    page = client.get(_url(roles.city)).content.decode()
    assert roles.unverified_resident.email in page
    action = f"/en/decisions/manage/milan/verification/residents/{pending.pk}/"
    assert f'action="{action}"' in page
    response = client.post(action)
    assert response.status_code == 302
    assert response["Location"] == f"{_url(roles.city)}#pending"
    pending.refresh_from_db()
    assert pending.verified_at is not None
    assert (pending.verified_by, pending.verification_method) == (roles.coordinator, "manual")
    entry = VerificationLogEntry.objects.get()
    assert (entry.person, entry.verified_by, entry.method) == (
        roles.unverified_resident,
        roles.coordinator,
        "manual",
    )
    after = client.get(_url(roles.city))
    assert not list(after.context["pending"])
    assert "Checked by a coordinator" in after.content.decode()


def test_it_says_when_the_resident_is_already_verified(client, roles):
    pending = Membership.objects.get(user=roles.unverified_resident, city=roles.city)
    client.force_login(roles.coordinator)
    client.post(f"{_url(roles.city)}residents/{pending.pk}/")
    response = client.post(f"{_url(roles.city)}residents/{pending.pk}/", follow=True)
    assert "is already a verified resident" in response.content.decode()
    assert VerificationLogEntry.objects.count() == 1


def test_it_does_not_verify_a_membership_of_another_city(client, roles):
    other = MembershipFactory(city=roles.other_city, role="resident", verified_at=None)
    client.force_login(roles.coordinator)
    response = client.post(f"{_url(roles.city)}residents/{other.pk}/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.verified_at is None


def test_it_pages_the_verification_log(client, roles):
    for _i in range(55):
        person = MembershipFactory(city=roles.city, role="resident", verified_at=None).user
        record_verification(person, roles.city, "code", detail="batch 1")
    client.force_login(roles.coordinator)
    first = client.get(_url(roles.city))
    assert len(first.context["log"].object_list) == 50
    assert "?log=2#log" in first.content.decode()
    second = client.get(f"{_url(roles.city)}?log=2")
    assert len(second.context["log"].object_list) == 5


def test_it_shows_the_verification_page_in_a_constant_number_of_queries(
    client, roles, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for _i in range(n):
            services.generate_invitation_codes(roles.coordinator, roles.city, count=2, label="B")
            person = MembershipFactory(city=roles.city, role="resident", verified_at=None).user
            record_verification(person, roles.city, "census")
            MembershipFactory(city=roles.city, role="resident", verified_at=None)
        services.upload_census(roles.coordinator, roles.city, filename="c.csv", data=b"1\n2\n")

    add(2)
    client.force_login(roles.coordinator)
    with django_assert_max_num_queries(20) as few:
        assert client.get(_url(roles.city)).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(roles.city)).status_code == 200
    assert InvitationCode.objects.filter(city=roles.city).count() == 16
