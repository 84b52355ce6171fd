"""CORDIS and Kohesio exports: network cities found, bad separators and encodings caught."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from metroagora.funding import cordis
from metroagora.funding.models import FundedProject
from metroagora.network.tests.factories import CityFactory

PROJECTS = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;"
    "topics;frameworkProgramme;objective\n"
    '101;COOL;SIGNED;Cool schoolyards;2023-01-01;2026-12-31;"4200000,50";3500000;'
    "HORIZON.2.5;HORIZON-CL5-2023-D2-01-05;HORIZON;Greening schoolyards.\n"
    "102;FAR;SIGNED;A project elsewhere;2022-01-01;2024-12-31;1000000;900000;HORIZON.1;;"
    "HORIZON;Nothing to do with us.\n"
)
ORGANISATIONS = (
    "projectID;organisationID;name;shortName;activityType;city;country;role;ecContribution\n"
    "101;1;VILLE DE LYON;LYON;PUB;Lyon;FR;coordinator;1100000\n"
    "101;2;MIASTO GDANSK;;PUB;GDAŃSK;PL;participant;620000\n"
    "101;3;UNIVERSITE LYON;;HES;Lyon;FR;participant;900000\n"
    "102;4;COMUNE DI ROMA;;PUB;Roma;IT;coordinator;900000\n"
)


@pytest.fixture
def cities():
    return [
        cordis.CityRef(1, "FR", frozenset({"lyon"})),
        cordis.CityRef(2, "PL", frozenset({"gdansk"})),
        cordis.CityRef(3, "GR", frozenset({"athens", "athina"})),
    ]


def test_it_keeps_the_projects_of_network_cities(cities):
    result = cordis.read_cordis(PROJECTS.encode(), ORGANISATIONS.encode(), cities)
    assert (result.read, result.outside) == (2, 1)
    [project] = result.projects
    assert project.source_id == "101"
    assert project.total_cost == Decimal("4200000.50")
    assert project.eu_contribution == Decimal("3500000")
    assert project.call_identifier == "HORIZON-CL5-2023-D2-01-05"
    assert project.city_pks == {1, 2}
    university = project.participants[2]
    assert university.city_pk is None  # a university in Lyon is not the city
    assert [p.role for p in project.participants] == ["coordinator", "participant", "participant"]
    assert cordis.guess_programme(project.programme) == "HORIZON"


def test_greece_is_el_in_cordis(cities):
    organisations = ORGANISATIONS + "101;5;DIMOS ATHINAION;;PUB;ATHINA;EL;participant;1\n"
    result = cordis.read_cordis(PROJECTS.encode(), organisations.encode(), cities)
    assert 3 in result.projects[0].city_pks


def test_a_comma_separated_file_is_reported(cities):
    wrong = PROJECTS.replace(";", ",")
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(wrong.encode(), ORGANISATIONS.encode(), cities)
    assert error.value.problems == [
        "project.csv, line 1: the columns are separated by ','; this export must be "
        "separated by ';'. Download it again, or save it with ';' as separator."
    ]


def test_a_file_in_another_encoding_is_reported_with_its_line(cities):
    latin1 = ORGANISATIONS.replace("GDAŃSK", "Besançon").encode("latin-1")
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(PROJECTS.encode(), latin1, cities)
    assert error.value.problems == [
        "organization.csv, line 3: this is not UTF-8 text (byte 0xe7). Download the file "
        "again from CORDIS, or save it as UTF-8."
    ]


def test_missing_columns_and_bad_values_are_all_reported(cities):
    broken = PROJECTS.replace("2023-01-01", "first of January").replace(
        "900000;HORIZON.1", "x;HORIZON.1"
    )
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(broken.encode(), ORGANISATIONS.encode(), cities)
    assert error.value.problems == [
        "project.csv, line 2 (project 101): 'first of January' is not a date (expected 2024-01-31)",
        "project.csv, line 3 (project 102): 'x' is not an amount",
    ]
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(b"id;title\n1;x\n", ORGANISATIONS.encode(), cities)
    assert error.value.problems[0].startswith("project.csv, line 1: missing columns acronym,")


def test_a_row_with_too_many_values_is_reported(cities):
    broken = ORGANISATIONS + "101;6;TOWN; HALL;PUB;Lyon;FR;participant;1;extra\n"
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(PROJECTS.encode(), broken.encode(), cities)
    assert error.value.problems == [
        "organization.csv, line 6: 10 values for 9 columns (a separator inside an unquoted value?)"
    ]


def test_an_organisation_of_an_unknown_project_is_reported(cities):
    broken = ORGANISATIONS + "999;7;X;;PUB;Lyon;FR;participant;1\n"
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_cordis(PROJECTS.encode(), broken.encode(), cities)
    assert error.value.problems == ["organization.csv, line 6: project 999 is not in project.csv"]


def test_amounts_in_every_notation():
    assert cordis.parse_amount("1234567,50") == Decimal("1234567.50")
    assert cordis.parse_amount("1.234.567,50") == Decimal("1234567.50")
    assert cordis.parse_amount("1,234,567.50") == Decimal("1234567.50")
    assert cordis.parse_amount("1 234 567") == Decimal("1234567")
    assert cordis.parse_amount("") is None


KOHESIO = (
    "ID,PROJECT NAME,TOTAL BUDGET,AMOUNT EU SUPPORT,START DATE,END DATE,COUNTRY,SUMMARY,"
    "PROGRAMME\n"
    'Q1,Green tram line,"12000000","7200000",2019-03-01,2023-06-30,FR,A new tram line.,'
    "European Regional Development Fund\n"
    "Q2,Housing renovation,2000000,1000000,01/01/2020,31/12/2022,FR,Renovating homes.,ESF\n"
)


def test_kohesio_rows_become_projects_of_the_city():
    lyon = cordis.CityRef(1, "FR", frozenset({"lyon"}))
    result = cordis.read_kohesio(KOHESIO.encode(), lyon)
    assert [p.source_id for p in result.projects] == ["Q1", "Q2"]
    tram = result.projects[0]
    assert tram.eu_contribution == Decimal("7200000")
    assert tram.participants[0].city_pk == 1
    assert cordis.guess_programme(tram.programme) == "COHESION"
    assert result.projects[1].starts_on.isoformat() == "2020-01-01"


def test_kohesio_rows_of_another_country_are_refused():
    lyon = cordis.CityRef(1, "FR", frozenset({"lyon"}))
    with pytest.raises(cordis.ExportError) as error:
        cordis.read_kohesio(KOHESIO.replace(",FR,A new", ",IT,A new").encode(), lyon)
    assert "the project is in IT, not in the city's country (FR)" in error.value.report()


# --- Commands: all or nothing, updates in place ----------------------------------------


@pytest.mark.django_db
def test_the_cordis_command_imports_and_updates(tmp_path):
    CityFactory(slug="lyon", name={"fr": "Lyon", "en": "Lyon", "_original": "fr"}, country="FR")
    CityFactory(
        slug="gdansk", name={"pl": "Gdańsk", "en": "Gdansk", "_original": "pl"}, country="PL"
    )
    projects, organisations = tmp_path / "project.csv", tmp_path / "organization.csv"
    projects.write_text(PROJECTS)
    organisations.write_text(ORGANISATIONS)
    out = io.StringIO()
    call_command("import_cordis_projects", projects, organisations, stdout=out)
    assert "Read 2 projects: 1 created, 0 updated, 1 without a network city" in out.getvalue()
    project = FundedProject.objects.get()
    assert project.programme.short_name == "HORIZON"
    assert project.participants.filter(city__isnull=False).count() == 2
    projects.write_text(PROJECTS.replace("Cool schoolyards", "Cool schoolyards 2"))
    out = io.StringIO()
    call_command("import_cordis_projects", projects, organisations, stdout=out)
    assert "0 created, 1 updated" in out.getvalue()
    assert FundedProject.objects.get().title == "Cool schoolyards 2"
    assert FundedProject.objects.get().participants.count() == 3


@pytest.mark.django_db
def test_the_cordis_command_imports_nothing_from_a_bad_file(tmp_path):
    CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    projects, organisations = tmp_path / "project.csv", tmp_path / "organization.csv"
    projects.write_text(PROJECTS)
    organisations.write_bytes(ORGANISATIONS.replace(";", "\t").encode())
    with pytest.raises(CommandError) as error:
        call_command("import_cordis_projects", projects, organisations)
    assert "Nothing was imported: 1 problem(s)." in str(error.value)
    assert "separated by '\\t'" in str(error.value)
    assert not FundedProject.objects.exists()


@pytest.mark.django_db
def test_the_kohesio_command(tmp_path):
    CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")
    export = tmp_path / "kohesio.csv"
    export.write_text(KOHESIO)
    out = io.StringIO()
    call_command("import_kohesio_projects", export, "--city", "lyon", stdout=out)
    assert "Read 2 projects for Lyon: 2 created, 0 updated." in out.getvalue()
    with pytest.raises(CommandError, match="No city with the short name"):
        call_command("import_kohesio_projects", export, "--city", "nowhere")
