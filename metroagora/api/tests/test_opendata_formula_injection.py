"""The open data ZIP: texts people wrote cannot run as spreadsheet formulas, numbers stay
numbers, and the README says how a program gets the texts back."""

import pytest

from metroagora.api.tests.factories_opendata import build_zip, make_world, members, table
from metroagora.core.spreadsheets import restore_cell

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil","x")'


def test_texts_people_wrote_get_a_quote_and_numbers_stay_numbers():
    world = make_world()
    contribution = world.objects["debate"].contributions.get(text="VISIBLE-CONTRIBUTION")
    contribution.text = EVIL
    contribution.save(update_fields=["text"])
    contribution.author.display_name = "@SUM(A1)"
    contribution.author.save(update_fields=["display_name"])
    proposal = world.objects["proposal"]
    proposal.title = "-2+3"
    proposal.save(update_fields=["title"])
    city = world.objects["city"]
    city.longitude = -4.85
    city.save(update_fields=["longitude"])

    data = build_zip()
    (row,) = [r for r in table(data, "contributions.csv") if r["author_name"] == "'@SUM(A1)"]
    assert row["text"] == "'" + EVIL
    assert restore_cell(row["text"]) == EVIL
    (written,) = table(data, "proposals.csv")
    assert written["title"] == "'-2+3"
    (lyon,) = [r for r in table(data, "cities.csv") if r["slug"] == "lyon"]
    assert lyon["longitude"] == "-4.85"  # a number, not "'-4.85"
    assert float(lyon["longitude"]) == -4.85
    raw = members(data)["cities.csv"].decode()
    assert ",-4.85," in raw  # unquoted: a number for spreadsheets and programs alike


def test_the_readme_says_how_to_remove_the_quote():
    readme = members(build_zip())["README.txt"].decode()
    assert "have a ' put before" in readme
    assert "remove that first '" in readme
    assert "-3 is the number -3" in readme
