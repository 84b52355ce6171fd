"""What the open data ZIP holds: every dataset with its header, public rows only, counts
instead of people, and a query count that does not grow with the rows."""

import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import opendata
from metroagora.api.opendata_datasets import DATASETS
from metroagora.api.tests.factories_opendata import (
    build_zip,
    make_world,
    members,
    more_rows,
    table,
)
from metroagora.decisions.models import Budget

pytestmark = pytest.mark.django_db

FILES = {dataset.filename for dataset in DATASETS}


def test_it_writes_every_dataset_with_its_header_even_with_no_data():
    files = members(build_zip())
    assert set(files) == FILES | {"README.txt", "datapackage.json"}
    for dataset in DATASETS:
        header = files[dataset.filename].decode("utf-8").split("\r\n")[0]
        assert header == ",".join(column.name for column in dataset.columns), dataset.name


def test_it_names_the_files_asked_for():
    assert {
        "cities.csv",
        "districts.csv",
        "partner_organisations.csv",
        "events.csv",
        "debates.csv",
        "contributions.csv",
        "opinion_maps.csv",
        "opinion_statements.csv",
        "processes.csv",
        "proposals.csv",
        "budgets.csv",
        "budget_projects.csv",
        "implementations.csv",
        "practices.csv",
        "funding_programmes.csv",
        "funding_calls.csv",
        "funded_projects.csv",
        "publications.csv",
        "videos.csv",
        "news.csv",
    } <= FILES
    for dataset in DATASETS:
        names = [column.name for column in dataset.columns]
        assert len(names) == len(set(names)), dataset.name


def test_it_describes_every_file_and_column_and_the_licence():
    make_world()
    files = members(build_zip())
    package = json.loads(files["datapackage.json"])
    assert package["licenses"] == [opendata.DEFAULT_LICENCE]
    resources = {resource["path"]: resource for resource in package["resources"]}
    assert set(resources) == FILES
    readme = files["README.txt"].decode("utf-8")
    assert "ODbL-1.0" in readme
    for dataset in DATASETS:
        fields = resources[dataset.filename]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in dataset.columns]
        assert all(f["description"] and f["type"] for f in fields)
        assert resources[dataset.filename]["count"] == len(table(build_zip(), dataset.filename))
        assert f"{dataset.filename}: " in readme
        for column in dataset.columns:
            assert f"  {column.name} " in readme, (dataset.name, column.name)


def test_a_licence_can_be_set_in_the_settings(settings):
    settings.OPEN_DATA_LICENCE = {"name": "CC-BY-4.0", "title": "CC BY 4.0", "path": "https://x"}
    package = json.loads(members(build_zip())["datapackage.json"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_no_personal_data_reaches_the_zip():
    world = make_world()
    files = members(build_zip())
    everything = b"\n".join(files.values())
    for secret in world.secret:
        assert secret.encode() not in everything, secret
    assert b"@example" not in everything
    assert b"@ville.example" not in everything
    # Authors of what the Forum and the proposals show, by their public name only there.
    for name, shown in world.shown.items():
        assert shown.encode() in everything, name
    writers = {row["author_name"] for row in table(build_zip(), "contributions.csv")}
    assert writers == {"Aurelia Visible", "quiet.writer"}
    others = b"".join(v for k, v in files.items() if k not in {"contributions.csv"})
    assert b"Aurelia Visible" not in others
    assert {row["author_name"] for row in table(build_zip(), "proposals.csv")} == {"Pia Proposer"}


def test_the_public_name_is_the_one_the_site_shows():
    make_world()
    by_text = {row["text"]: row for row in table(build_zip(), "contributions.csv")}
    quiet = UserFactory.build(display_name="", email="quiet.writer@example.org")
    assert by_text["A reply"]["author_name"] == quiet.public_name == "quiet.writer"


def test_hidden_contributions_drafts_and_ballots_stay_out():
    world = make_world()
    data = build_zip()
    texts = {row["text"] for row in table(data, "contributions.csv")}
    assert texts == {"VISIBLE-CONTRIBUTION", "A reply"}  # not hidden, held or Q&A ones
    assert {row["slug"] for row in table(data, "events.csv")} == {"lyon-forum"}
    assert [row["slug"] for row in table(data, "practices.csv")] == [world.objects["practice"].slug]
    assert {row["slug"] for row in table(data, "processes.csv")} == {"lyon-budget"}
    assert {row["text"] for row in table(data, "opinion_statements.csv")} == {
        "More trees in every street"
    }
    assert not any("ballot" in name for name in members(data))
    assert [row["slug"] for row in table(data, "videos.csv")] == ["forum-talk"]
    assert [row["slug"] for row in table(data, "news.csv")] == ["network-news"]
    assert [row["slug"] for row in table(data, "publications.csv")] == ["yearbook"]


def test_people_are_counted_not_listed():
    world = make_world()
    data = build_zip()
    (event,) = table(data, "events.csv")
    assert (event["registrations"], event["waiting_list"], event["attendance"]) == ("1", "1", "1")
    assert event["topics"] == "mobility" and event["partners"] == "agora-lyon"
    (statement,) = table(data, "opinion_statements.csv")
    assert (statement["agree"], statement["disagree"], statement["pass"]) == ("2", "1", "1")
    assert json.loads(statement["translations"]) == {"fr": "Plus d'arbres"}
    (opinion_map,) = table(data, "opinion_maps.csv")
    assert (opinion_map["participants"], opinion_map["votes"], opinion_map["statements"]) == (
        "4",
        "4",
        "1",
    )
    (proposal,) = table(data, "proposals.csv")
    assert proposal["supports"] == "1" and proposal["category"] == "Greenery"
    (debate,) = table(data, "debates.csv")
    assert (debate["contributions"], debate["for"], debate["against"]) == ("2", "1", "1")
    assert debate["events"] == "lyon-forum"
    (city,) = [row for row in table(data, "cities.csv") if row["slug"] == "lyon"]
    assert city["members"] == "1"
    (practice,) = table(data, "practices.csv")
    assert (practice["transfers"], practice["adopted"], practice["events"]) == (
        "1",
        "1",
        "lyon-forum",
    )
    assert world.objects["event"].slug in {row["event"] for row in table(data, "videos.csv")}


def test_budget_results_appear_once_the_vote_is_closed():
    world = make_world()
    (budget,) = table(build_zip(), "budgets.csv")
    (project,) = table(build_zip(), "budget_projects.csv")
    assert (budget["ballots"], budget["spent"], budget["closed_at"]) == ("", "", "")
    assert (project["votes"], project["selected"]) == ("", "")
    closed = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    Budget.objects.filter(pk=world.objects["budget"].pk).update(closed_at=closed)
    (budget,) = table(build_zip(), "budgets.csv")
    (project,) = table(build_zip(), "budget_projects.csv")
    assert (budget["ballots"], budget["closed_at"]) == ("1", "2026-05-01T12:00:00Z")
    assert Decimal(budget["spent"]) == world.objects["project"].cost
    assert (project["votes"], project["selected"]) == ("1", "true")


def test_translated_texts_take_three_columns():
    make_world()
    (city,) = [row for row in table(build_zip(), "cities.csv") if row["slug"] == "lyon"]
    assert (city["name"], city["name_language"]) == ("Lyon", "fr")
    assert json.loads(city["name_translations"]) == {"en": "Lyon"}
    assert city["url"] == "http://127.0.0.1:8000/en/cities/lyon/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (datetime(2026, 5, 1, 9, 30, 15, 123, tzinfo=UTC), "2026-05-01T09:30:15Z"),
        (3, 3),
        ({"fr": "é"}, '{"fr": "é"}'),
        ({}, ""),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
    ],
)
def test_it_writes_each_kind_of_value(value, expected):
    assert opendata.cell(value) == expected


def test_times_are_written_in_utc():
    local = timezone.make_aware(datetime(2026, 7, 1, 12, 0), timezone.get_fixed_timezone(120))
    assert opendata.cell(local) == "2026-07-01T10:00:00Z"


def _queries(progress=None):
    with CaptureQueriesContext(connection) as queries:
        opendata.build_archive(io.BytesIO(), progress)
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows():
    make_world()
    few = _queries()
    with_progress = _queries(lambda done, expected: None)
    more_rows(4)
    assert _queries() == few
    assert _queries(lambda done, expected: None) == with_progress
    # One query per dataset and per list or count it takes from another table.
    assert few <= 3 * len(DATASETS)
    assert with_progress == few + len(DATASETS)  # the COUNT per dataset, for the progress
