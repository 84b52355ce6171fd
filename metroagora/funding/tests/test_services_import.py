"""Importing portal JSON: create and update in place, skip what did not change, all or nothing."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.funding import portal, services
from metroagora.funding.models import Call, CallSource
from metroagora.funding.portal_fixtures import (
    generate_pages,
    portal_page,
    portal_result,
    stub_result,
    to_json,
)
from metroagora.funding.tests.factories import CallFactory, programme
from metroagora.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def page(*rows):
    return to_json(portal_page(list(rows)))


def row(identifier="LIFE-2026-SAP-CLIMA-CCA", **kwargs):
    now = timezone.now()
    kwargs.setdefault("opens", now - timedelta(days=30))
    kwargs.setdefault("deadlines", [now + timedelta(days=60)])
    return portal_result(identifier, **kwargs)


def test_it_creates_calls_with_their_programme_topics_and_terms():
    report = services.import_calls(
        page(
            row(),
            row(
                "CERV-2026-CITIZENS-TOWN-TT",
                programme="CERV",
                title="Town twinning: citizens' meetings",
            ),
        )
    )
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    call = Call.objects.get(identifier="LIFE-2026-SAP-CLIMA-CCA")
    assert call.programme == programme("LIFE")
    assert call.source == CallSource.IMPORTED
    assert call.status == "open"
    assert call.budget_eur == 4_000_000
    assert {t.slug for t in call.topics.all()} >= {"climate"}
    assert call.match_terms["heat"] >= 3  # a title word
    assert Call.objects.get(identifier="CERV-2026-CITIZENS-TOWN-TT").programme == programme("CERV")


def test_a_second_import_updates_in_place_and_skips_what_did_not_change():
    services.import_calls(page(row("A-1"), row("A-2")))
    first = Call.objects.get(identifier="A-1")
    report = services.import_calls(page(row("A-1", budget=9_000_000), row("A-2"), row("A-3")))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert report.skipped == 1
    updated = Call.objects.get(identifier="A-1")
    assert updated.pk == first.pk
    assert updated.budget_eur == 9_000_000
    assert updated.updated_at > first.updated_at


def test_an_update_replaces_the_topics():
    services.import_calls(page(row("A-1")))
    services.import_calls(
        page(row("A-1", title="Affordable housing for all", keywords=["Housing"]))
    )
    assert [t.slug for t in Call.objects.get(identifier="A-1").topics.all()] == ["housing"]


def test_a_call_added_by_hand_is_taken_over_by_the_portal():
    CallFactory(identifier="A-1", source=CallSource.MANUAL, title="Typed by hand")
    report = services.import_calls(page(row("A-1")))
    assert report.updated == 1
    call = Call.objects.get(identifier="A-1")
    assert call.source == CallSource.IMPORTED
    assert call.title != "Typed by hand"


def test_stubs_and_duplicates_are_counted():
    report = services.import_calls(page(row("A-1"), row("A-1", language="fr"), stub_result("A-9")))
    assert (report.created, report.stubs, report.merged) == (1, 1, 1)
    assert not Call.objects.filter(identifier="A-9").exists()


def test_the_status_comes_from_the_dates_not_from_the_portal():
    now = timezone.now()
    stale = row(
        "A-1", opens=now - timedelta(days=90), deadlines=[now - timedelta(days=1)], status="open"
    )
    report = services.import_calls(page(stale))
    assert report.stale_status == 1
    call = Call.objects.get()
    assert call.portal_status == "open"
    assert call.status == "closed"
    assert call.portal_status_is_stale


def test_the_description_is_sanitised():
    services.import_calls(
        page(
            row(
                description='<p onclick="x()">Hi<script>alert(1)</script></p>'
                '<img src="https://evil.example/x.png">'
            )
        )
    )
    assert Call.objects.get().description == "<p>Hi</p>"


def test_nothing_is_imported_when_one_row_is_wrong():
    now = timezone.now()
    bad = row("A-2", opens=now, deadlines=[now - timedelta(days=3)])
    with pytest.raises(portal.PortalFormatError) as error:
        services.import_calls(page(row("A-1"), bad, row(None)))
    assert len(error.value.problems) == 2
    assert not Call.objects.exists()


def test_imported_calls_are_found_by_search():
    services.import_calls(page(row("A-1", title="Positive energy districts in neighbourhoods")))
    call = Call.objects.get()
    document = SearchDocument.objects.get(kind="call", object_id=call.pk)
    assert document.title["en"] == "Positive energy districts in neighbourhoods"
    assert document.url == "/funding/calls/A-1/"
    services.import_calls(page(row("A-1", title="Energy communities")))
    document.refresh_from_db()
    assert document.title["en"] == "Energy communities"


def test_a_person_without_the_right_cannot_import():
    with pytest.raises(PermissionDenied):
        services.import_calls(page(row()), actor=UserFactory())
    admin = UserFactory(is_superuser=True)
    assert services.import_calls(page(row()), actor=admin).created == 1


def test_programmes_are_matched_by_the_codes_admins_give():
    life = programme("LIFE")
    life.portal_codes = ["43252405", "99999999"]
    life.save()
    services.import_calls(page(row("X-1", programme=None, programme_code="99999999")))
    assert Call.objects.get().programme == life


def test_a_generated_portal_export_imports_and_reimports_without_change():
    pages, made = generate_pages(60, seed=5)
    report = services.import_calls(to_json(pages))
    assert report.created == 60
    again = services.import_calls(to_json(pages))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)
    for generated in made:
        assert Call.objects.get(identifier=generated.identifier).status == generated.status


# --- The command ------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_funding_calls", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_reports_created_updated_and_skipped(tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(page(row("A-1"), row("A-2"), stub_result("A-3")))
    out, _err = run(str(path), "--no-progress")
    assert "2 created, 0 updated, 1 skipped (0 unchanged, 1 stubs)" in out
    path.write_text(page(row("A-1", budget=1), row("A-2"), stub_result("A-3")))
    out, _err = run(str(path), "--no-progress")
    assert "0 created, 1 updated, 2 skipped (1 unchanged, 1 stubs)" in out


def test_the_command_shows_a_progress_bar(tmp_path, capsys):
    path = tmp_path / "calls.json"
    path.write_text(page(row("A-1")))
    run(str(path))
    err = capsys.readouterr().err
    assert "calls: 100%" in err and "search index: 100%" in err


def test_the_command_fails_with_the_report_and_imports_nothing(tmp_path):
    path = tmp_path / "calls.json"
    now = timezone.now()
    path.write_text(page(row("A-1"), row("A-2", opens=now, deadlines=[now - timedelta(days=1)])))
    with pytest.raises(CommandError) as error:
        run(str(path), "--no-progress")
    message = str(error.value)
    assert message.startswith("Nothing was imported: 1 problem(s) in")
    assert "page 1, result 2, A-2: the deadline" in message
    assert not Call.objects.exists()


def test_the_command_refuses_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(
        page(*[row(f"A-{n}", description="<p>" + "x" * 20_000 + "</p>") for n in range(60)])
    )
    with pytest.raises(CommandError) as error:
        run(str(path), "--no-progress", "--max-size", "1")
    assert "the file is too big" in str(error.value)


def test_the_command_says_when_there_is_no_file(tmp_path):
    with pytest.raises(CommandError, match="No file at"):
        run(str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="Only files and http"):
        run("ftp://example.org/calls.json")


def test_the_command_fetches_an_http_address(monkeypatch):
    body = page(row("A-1")).encode()

    class Response(io.BytesIO):
        headers = {"Content-Length": str(len(body))}

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    seen = []

    def fake_urlopen(request, timeout):
        seen.append(request.full_url)
        return Response(body)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    out, _err = run(
        "https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA", "--no-progress"
    )
    assert seen == ["https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA"]
    assert "1 created" in out
