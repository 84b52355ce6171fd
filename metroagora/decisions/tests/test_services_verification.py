"""Verifying residents: invitation codes and census lists (hashed, never in clear)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.models import CensusEntry, CensusUpload, InvitationBatch, InvitationCode
from metroagora.network.models import Membership, VerificationLogEntry

CODE_FORMAT = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def _codes(roles, count=3, city=None, actor=None):
    batch = services.generate_invitation_codes(
        actor or roles.coordinator, city or roles.city, count=count, label="Market, Saturday"
    )
    return list(batch.codes.values_list("code", flat=True))


def _verified_membership(user, city):
    return Membership.objects.get(user=user, city=city, role="resident", verified_at__isnull=False)


def _messages(error):
    return [message for messages in error.message_dict.values() for message in messages]


# --- Invitation codes ------------------------------------------------------------------


def test_it_generates_unique_codes_that_are_easy_to_read_aloud(roles):
    codes = _codes(roles, count=500)
    assert len(codes) == len(set(codes)) == 500
    assert all(CODE_FORMAT.fullmatch(code) for code in codes)
    assert not any(char in "".join(codes) for char in "01IO")
    batch = InvitationBatch.objects.get()
    assert (batch.city, batch.created_by, batch.label) == (
        roles.city,
        roles.coordinator,
        "Market, Saturday",
    )
    assert set(InvitationCode.objects.values_list("city", flat=True)) == {roles.city.pk}


def test_it_draws_again_when_a_code_already_exists(roles, monkeypatch):
    (existing,) = _codes(roles, count=1)
    draws = iter([existing, "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"])
    monkeypatch.setattr(services, "_new_code", lambda: next(draws))
    batch = services.generate_invitation_codes(
        roles.coordinator, roles.city, count=2, label="Library"
    )
    assert sorted(batch.codes.values_list("code", flat=True)) == [
        "BBBB-BBBB-BBBB",
        "CCCC-CCCC-CCCC",
    ]


@pytest.mark.parametrize("count", [0, -1, services.MAX_CODES_PER_BATCH + 1])
def test_it_refuses_an_impossible_number_of_codes(roles, count):
    with pytest.raises(ValidationError) as error:
        _codes(roles, count=count)
    assert set(error.value.error_dict) == {"count"}
    assert not InvitationBatch.objects.exists()


def test_it_asks_where_the_codes_go(roles):
    with pytest.raises(ValidationError) as error:
        services.generate_invitation_codes(roles.coordinator, roles.city, count=1, label="  ")
    assert set(error.value.error_dict) == {"label"}


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator", "moderator"])
def test_it_lets_only_city_managers_generate_codes(people, roles, role):
    with pytest.raises(PermissionDenied):
        _codes(roles, actor=people[role])
    assert not InvitationCode.objects.exists()


def test_it_verifies_a_resident_with_a_code(roles):
    code, *_rest = _codes(roles)
    person = UserFactory()
    membership = services.verify_with_code(person, roles.city, code)
    assert membership.is_verified
    assert membership.verification_method == "code"
    assert membership.verified_by is None
    invitation = InvitationCode.objects.get(code=code)
    assert invitation.used_by == person
    assert invitation.used_at is not None
    entry = VerificationLogEntry.objects.get()
    assert (entry.city, entry.person, entry.method, entry.verified_by) == (
        roles.city,
        person,
        "code",
        None,
    )
    assert entry.detail == f"batch {invitation.batch_id}"


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", " "),
        lambda code: f"  {code[:7]} {code[7:].lower()} ",
    ],
)
def test_it_accepts_a_code_typed_loosely(roles, typed):
    (code,) = _codes(roles, count=1)
    services.verify_with_code(roles.participant, roles.city, typed(code))
    assert _verified_membership(roles.participant, roles.city)


def test_it_verifies_a_resident_who_had_declared_their_residence(roles):
    (code,) = _codes(roles, count=1)
    before = Membership.objects.get(user=roles.unverified_resident)
    membership = services.verify_with_code(roles.unverified_resident, roles.city, code)
    assert membership.pk == before.pk
    assert membership.is_verified


def test_it_refuses_a_code_used_twice(roles):
    (code,) = _codes(roles, count=1)
    services.verify_with_code(roles.participant, roles.city, code)
    other = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.verify_with_code(other, roles.city, code)
    assert error.value.error_dict["code"][0].code == "used"
    assert "already been used" in _messages(error.value)[0]
    assert not Membership.objects.filter(user=other).exists()
    assert InvitationCode.objects.get().used_by == roles.participant


def test_it_refuses_a_code_of_another_city(roles):
    (code,) = _codes(roles, count=1, city=roles.other_city, actor=roles.other_coordinator)
    with pytest.raises(ValidationError) as error:
        services.verify_with_code(roles.participant, roles.city, code)
    assert error.value.error_dict["code"][0].code == "other_city"
    assert _messages(error.value) == ["This code is for Lyon, not Milan."]
    assert InvitationCode.objects.get().used_at is None
    assert not VerificationLogEntry.objects.exists()


@pytest.mark.parametrize(("typed", "code"), [("ABCD-EFGH-JKLM", "unknown"), ("  ", "empty")])
def test_it_refuses_an_unknown_or_empty_code(roles, typed, code):
    _codes(roles)
    with pytest.raises(ValidationError) as error:
        services.verify_with_code(roles.participant, roles.city, typed)
    assert error.value.error_dict["code"][0].code == code


def test_it_refuses_anonymous_people(people, roles):
    (code,) = _codes(roles, count=1)
    with pytest.raises(PermissionDenied):
        services.verify_with_code(people["anonymous"], roles.city, code)
    assert InvitationCode.objects.get().used_at is None


def test_it_verifies_a_person_once_per_city(roles):
    first, second = _codes(roles, count=2)
    services.verify_with_code(roles.participant, roles.city, first)
    with pytest.raises(ValidationError) as error:
        services.verify_with_code(roles.participant, roles.city, second)
    assert error.value.code == "already_verified"
    assert InvitationCode.objects.get(code=second).used_at is None
    assert VerificationLogEntry.objects.count() == 1


def test_it_refuses_a_second_method_once_verified(roles):
    _upload(roles, "12345678Z\n")
    (code,) = _codes(roles, count=1)
    services.verify_with_census(roles.participant, roles.city, "12345678Z")
    with pytest.raises(ValidationError) as error:
        services.verify_with_code(roles.participant, roles.city, code)
    assert error.value.code == "already_verified"
    assert InvitationCode.objects.get().used_at is None
    assert list(VerificationLogEntry.objects.values_list("method", flat=True)) == ["census"]


def test_it_refuses_a_code_to_a_resident_verified_by_a_coordinator(roles):
    # roles.resident is a verified resident of Milan already.
    (code,) = _codes(roles, count=1)
    with pytest.raises(ValidationError):
        services.verify_with_code(roles.resident, roles.city, code)
    assert InvitationCode.objects.get().used_at is None


def test_it_verifies_a_person_in_two_cities(roles):
    (milan,) = _codes(roles, count=1)
    (lyon,) = _codes(roles, count=1, city=roles.other_city, actor=roles.other_coordinator)
    services.verify_with_code(roles.participant, roles.city, milan)
    services.verify_with_code(roles.participant, roles.other_city, lyon)
    assert _verified_membership(roles.participant, roles.city)
    assert _verified_membership(roles.participant, roles.other_city)


# --- Census lists ----------------------------------------------------------------------


def _upload(roles, text, *, encoding="utf-8", city=None, actor=None, filename="census.csv"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return services.upload_census(
        actor or roles.coordinator, city or roles.city, filename=filename, data=data
    )


def _census_text():
    """Every value the census tables hold, as one string."""
    rows = [*CensusEntry.objects.values_list(), *CensusUpload.objects.values_list()]
    return " ".join(str(value) for row in rows for value in row)


def test_it_stores_a_census_list_as_keyed_hashes_only(roles):
    upload = _upload(roles, "12345678Z\n87654321X\nY1234567B\n", filename="padron-2026.csv")
    assert (upload.row_count, upload.added, upload.removed) == (3, 3, 0)
    assert (upload.filename, upload.uploaded_by, upload.city) == (
        "padron-2026.csv",
        roles.coordinator,
        roles.city,
    )
    digests = set(CensusEntry.objects.values_list("digest", flat=True))
    assert digests == {
        services.census_digest(roles.city.pk, i) for i in ("12345678Z", "87654321X", "Y1234567B")
    }
    stored = _census_text()
    for identifier in ("12345678Z", "87654321X", "Y1234567B", "12345678", "1234567"):
        assert identifier not in stored
        assert identifier.lower() not in stored


def test_it_hashes_identifiers_differently_in_each_city(roles):
    assert services.census_digest(roles.city.pk, "12345678Z") != services.census_digest(
        roles.other_city.pk, "12345678Z"
    )


def test_it_hashes_identifiers_with_a_secret(roles, settings):
    before = services.census_digest(roles.city.pk, "12345678Z")
    settings.CENSUS_SECRET = "another secret"
    assert services.census_digest(roles.city.pk, "12345678Z") != before


def test_it_normalises_identifiers_before_hashing(roles):
    same = {
        services.census_digest(roles.city.pk, i)
        for i in ("12.345.678-z", " 12345678Z", "12 345 678/Z")
    }
    assert len(same) == 1


@pytest.mark.parametrize(
    "text",
    [
        "12345678Z;Anna Rossi;Via Roma 1\n87654321X;Marco Bianchi;Via Po 2\n",
        "12345678Z\tAnna Rossi\n87654321X\tMarco Bianchi\n",
        "12345678Z,Anna Rossi\n87654321X,Marco Bianchi\n",
        "identifier;name\n12345678Z;Anna Rossi\n87654321X;Marco Bianchi\n",
        "Identifiant\tNom\n12345678Z\tAnna\n87654321X\tMarco\n",
        "\ufeffid,name\r\n12345678Z,Anna\r\n\r\n87654321X,Marco\r\n",
        '"12.345.678-Z";"Rossi; Anna"\n"87654321-X";"Bianchi"\n',
    ],
    ids=["semicolons", "tabs", "commas", "header", "tab-header", "bom-crlf", "quoted"],
)
def test_it_reads_the_usual_csv_dialects(roles, text):
    upload = _upload(roles, text)
    assert upload.row_count == 2
    expected = {services.census_digest(roles.city.pk, i) for i in ("12345678Z", "87654321X")}
    assert set(CensusEntry.objects.values_list("digest", flat=True)) == expected


def test_it_skips_a_header_it_does_not_know_by_name(roles):
    # A header like "DNI" must not become an identifier anyone could type.
    upload = _upload(roles, "DNI;Nombre\n12345678Z;Ana\n")
    assert upload.row_count == 1
    with pytest.raises(ValidationError):
        services.verify_with_census(roles.participant, roles.city, "dni")


def test_it_refuses_bad_rows_naming_each_line_and_imports_nothing(roles):
    text = "12345678Z;a\n\n;Anna\n12345678Z;b\nnot an id!;c\n87654321X;d\n12.345.678-z;e\n"
    with pytest.raises(ValidationError) as error:
        _upload(roles, text)
    assert error.value.messages == [
        "Line 3: the identifier is empty.",
        "Line 4: the same identifier as line 1.",
        "Line 5: “not an id!” is not an identifier (letters and digits only).",
        "Line 7: the same identifier as line 1.",
    ]
    assert not CensusEntry.objects.exists()
    assert not CensusUpload.objects.exists()


def test_it_counts_lines_of_the_file_across_quoted_line_breaks(roles):
    text = 'identifier;address\n12345678Z;"Via Roma 1\n20100 Milano"\n9 9!;x\n'
    with pytest.raises(ValidationError) as error:
        _upload(roles, text)
    assert error.value.messages == [
        "Line 4: “9 9!” is not an identifier (letters and digits only)."
    ]


def test_it_skips_a_header_after_blank_lines(roles):
    assert _upload(roles, "\n\nidentifier\n12345678Z\n").row_count == 1


def test_it_keeps_the_previous_list_when_a_new_one_is_bad(roles):
    _upload(roles, "12345678Z\n87654321X\n")
    with pytest.raises(ValidationError):
        _upload(roles, "11111111A\n11111111A\n")
    assert CensusEntry.objects.count() == 2
    assert CensusUpload.objects.count() == 1


def test_it_stops_listing_errors_after_twenty(roles):
    text = "".join(f"bad id {n}!\n" for n in range(40))
    with pytest.raises(ValidationError) as error:
        _upload(roles, text)
    assert len(error.value.messages) == 21
    assert error.value.messages[-1].startswith("… and possibly more")


def test_it_names_the_line_of_a_file_that_is_not_utf8(roles):
    data = "12345678Z\n87654321X\nMüller\n".encode("latin-1")
    with pytest.raises(ValidationError) as error:
        _upload(roles, data)
    assert error.value.code == "encoding"
    assert "line 3" in error.value.messages[0]
    assert "UTF-8" in error.value.messages[0]
    assert not CensusEntry.objects.exists()
    assert not CensusUpload.objects.exists()


@pytest.mark.parametrize("text", ["", "\n\n", "identifier\n"])
def test_it_refuses_a_file_without_identifiers(roles, text):
    with pytest.raises(ValidationError) as error:
        _upload(roles, text)
    assert error.value.code == "empty"
    assert not CensusUpload.objects.exists()


def test_it_replaces_the_list_but_keeps_used_identifiers(roles):
    _upload(roles, "11111111A\n22222222B\n33333333C\n")
    services.verify_with_census(roles.participant, roles.city, "22222222B")
    upload = _upload(roles, "33333333C\n44444444D\n")
    assert (upload.row_count, upload.added, upload.removed) == (2, 1, 1)
    digest = {
        services.census_digest(roles.city.pk, i): i
        for i in ("11111111A", "22222222B", "33333333C", "44444444D")
    }
    kept = {digest[d] for d in CensusEntry.objects.values_list("digest", flat=True)}
    assert kept == {"22222222B", "33333333C", "44444444D"}
    used = CensusEntry.objects.get(used_by=roles.participant)
    assert digest[used.digest] == "22222222B"
    assert _verified_membership(roles.participant, roles.city)
    assert CensusUpload.objects.count() == 2


def test_it_keeps_the_census_of_each_city_apart(roles):
    _upload(roles, "11111111A\n")
    _upload(roles, "22222222B\n", city=roles.other_city, actor=roles.other_coordinator)
    _upload(roles, "33333333C\n")
    assert CensusEntry.objects.filter(city=roles.other_city).count() == 1
    assert CensusEntry.objects.filter(city=roles.city).count() == 1


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator", "anonymous"])
def test_it_lets_only_city_managers_upload_a_census(people, roles, role):
    with pytest.raises(PermissionDenied):
        _upload(roles, "11111111A\n", actor=people[role])
    assert not CensusEntry.objects.exists()


def test_it_lets_a_network_admin_upload_a_census(roles):
    assert _upload(roles, "11111111A\n", actor=roles.admin).uploaded_by == roles.admin


def test_it_verifies_a_resident_with_the_census(roles):
    _upload(roles, "12.345.678-Z;Anna\n")
    membership = services.verify_with_census(roles.participant, roles.city, " 12345678z ")
    assert (membership.is_verified, membership.verification_method) == (True, "census")
    entry = CensusEntry.objects.get()
    assert (entry.used_by, entry.used_at is not None) == (roles.participant, True)
    log = VerificationLogEntry.objects.get()
    assert (log.person, log.method, log.verified_by, log.detail) == (
        roles.participant,
        "census",
        None,
        "",
    )
    assert "12345678" not in _census_text()
    assert "12345678" not in log.detail


def test_it_refuses_an_identifier_used_twice(roles):
    _upload(roles, "12345678Z\n")
    services.verify_with_census(roles.participant, roles.city, "12345678Z")
    other = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.verify_with_census(other, roles.city, "12345678Z")
    assert error.value.error_dict["identifier"][0].code == "used"
    assert not Membership.objects.filter(user=other).exists()


def test_it_refuses_an_identifier_of_another_city(roles):
    _upload(roles, "12345678Z\n", city=roles.other_city, actor=roles.other_coordinator)
    with pytest.raises(ValidationError) as error:
        services.verify_with_census(roles.participant, roles.city, "12345678Z")
    assert error.value.error_dict["identifier"][0].code == "unknown"
    assert "not in the census list of Milan" in _messages(error.value)[0]


@pytest.mark.parametrize(("typed", "code"), [("99999999Q", "unknown"), (" - ", "empty")])
def test_it_refuses_an_unknown_or_empty_identifier(roles, typed, code):
    _upload(roles, "12345678Z\n")
    with pytest.raises(ValidationError) as error:
        services.verify_with_census(roles.participant, roles.city, typed)
    assert error.value.error_dict["identifier"][0].code == code
    assert CensusEntry.objects.get().used_at is None


def test_it_refuses_the_census_to_a_person_verified_with_a_code(roles):
    _upload(roles, "12345678Z\n")
    (code,) = _codes(roles, count=1)
    services.verify_with_code(roles.participant, roles.city, code)
    with pytest.raises(ValidationError) as error:
        services.verify_with_census(roles.participant, roles.city, "12345678Z")
    assert error.value.code == "already_verified"
    assert CensusEntry.objects.get().used_at is None


def test_it_refuses_the_census_to_anonymous_people(people, roles):
    _upload(roles, "12345678Z\n")
    with pytest.raises(PermissionDenied):
        services.verify_with_census(people["anonymous"], roles.city, "12345678Z")
