"""Reading funded projects from CORDIS and Kohesio exports (pure Python, no Django).

CORDIS publishes ``project.csv`` and ``organization.csv``: semicolon-separated, UTF-8.
Kohesio's exports have one row per project (comma- or semicolon-separated). Both
readers check everything first and raise :class:`ExportError` with every problem and
its line (wrong separator, wrong encoding, missing columns, unreadable values); the
caller imports all or nothing.

A project belongs to the network when one of its organisations is a public body
(``activityType`` PUB) located in a network city: same country, and the city's name
in any language (accents and case ignored) is the organisation's city.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MAX_PROBLEMS = 100
PROJECT_COLUMNS = (
    "id",
    "acronym",
    "title",
    "startDate",
    "endDate",
    "totalCost",
    "ecMaxContribution",
    "frameworkProgramme",
)
ORGANISATION_COLUMNS = ("projectID", "name", "city", "country", "role", "ecContribution")
KOHESIO_COLUMNS = (
    "ID",
    "PROJECT NAME",
    "TOTAL BUDGET",
    "AMOUNT EU SUPPORT",
    "START DATE",
    "END DATE",
    "COUNTRY",
    "SUMMARY",
)
# CORDIS and Eurostat country codes that differ from ISO 3166.
COUNTRY_FIXES = {"EL": "GR", "UK": "GB"}
ROLES = {
    "coordinator": "coordinator",
    "participant": "participant",
    "partner": "participant",
    "associatedpartner": "associated",
    "thirdparty": "other",
    "internationalpartner": "other",
}


class ExportError(Exception):
    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)[:MAX_PROBLEMS]
        self.total = len(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = list(self.problems)
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more problems.")
        return "\n".join(lines)


@dataclass(frozen=True)
class CityRef:
    """A network city as the readers match it: pk, ISO country, folded names."""

    pk: int
    country: str
    names: frozenset[str]


@dataclass
class Participant:
    name: str
    country: str
    role: str
    eu_contribution: Decimal | None
    city_pk: int | None = None


@dataclass
class ProjectRow:
    source_id: str
    title: str
    acronym: str = ""
    programme: str = ""  # frameworkProgramme / legal basis as given
    call_identifier: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    total_cost: Decimal | None = None
    eu_contribution: Decimal | None = None
    summary: str = ""
    url: str = ""
    participants: list[Participant] = field(default_factory=list)

    @property
    def city_pks(self) -> set[int]:
        return {p.city_pk for p in self.participants if p.city_pk}


@dataclass
class ReadResult:
    projects: list[ProjectRow]
    read: int = 0  # projects in the file
    outside: int = 0  # projects without a network city


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ExportError(
            [
                f"{name}, line {line}: this is not UTF-8 text (byte {raw[error.start]:#04x}). "
                "Download the file again from CORDIS, or save it as UTF-8."
            ]
        ) from None


def _rows(
    raw: bytes, name: str, required: Sequence[str], separators: str = ";"
) -> tuple[list[dict[str, str]], list[int]]:
    """Rows as dicts with their line numbers; ExportError on separator or columns."""
    text = _decode(raw, name)
    header = text.split("\n", 1)[0]
    chosen = None
    for separator in separators:
        columns = [c.strip() for c in next(csv.reader([header], delimiter=separator))]
        if all(column in columns for column in required):
            chosen = separator
            break
    if chosen is None:
        found = max(",;\t", key=header.count)
        expected = " or ".join(repr(s) for s in separators)
        if header.count(found) and found not in separators:
            raise ExportError(
                [
                    f"{name}, line 1: the columns are separated by {found!r}; this export "
                    f"must be separated by {expected}. Download it again, or save it with "
                    f"{expected} as separator."
                ]
            )
        columns = [c.strip() for c in next(csv.reader([header], delimiter=separators[0]))]
        missing = [column for column in required if column not in columns]
        raise ExportError(
            [f"{name}, line 1: missing columns {', '.join(missing)} (found: {', '.join(columns)})"]
        )
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=chosen)
    reader.fieldnames = [f.strip() for f in reader.fieldnames or []]
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    problems: list[str] = []
    width = len(reader.fieldnames)
    try:
        for row in reader:
            extra = row.pop(None, None)
            if extra or any(value is None for value in row.values()):
                count = sum(1 for v in row.values() if v is not None) + len(extra or [])
                problems.append(
                    f"{name}, line {reader.line_num}: {count} values for {width} columns "
                    "(a separator inside an unquoted value?)"
                )
                continue
            rows.append({key: (value or "").strip() for key, value in row.items()})
            lines.append(reader.line_num)
    except csv.Error as error:
        problems.append(f"{name}, line {reader.line_num}: {error}")
    if problems:
        raise ExportError(problems)
    return rows, lines


# Words of programme names in CORDIS and Kohesio -> the programme's short name.
PROGRAMME_WORDS = (
    ("HORIZON", "HORIZON"),
    ("LIFE", "LIFE"),
    ("DIGITAL", "DIGITAL"),
    ("CERV", "CERV"),
    ("CREA", "CREA"),
    ("ERASMUS", "ERASMUS"),
    ("INTERREG", "INTERREG"),
    ("URBACT", "URBACT"),
    ("URBAN INITIATIVE", "EUI"),
    ("JUST TRANSITION", "JTF"),
    ("JTF", "JTF"),
    ("COHESION FUND", "CF"),
    ("ESF", "ESF+"),
    ("SOCIAL FUND", "ESF+"),
    ("ERDF", "COHESION"),
    ("REGIONAL DEVELOPMENT", "COHESION"),
    ("RECOVERY AND RESILIENCE", "RRF"),
)


def guess_programme(label: str) -> str | None:
    """The short name of the programme a CORDIS or Kohesio label names, if known."""
    upper = (label or "").upper()
    for word, short in PROGRAMME_WORDS:
        if word in upper:
            return short
    return None


def parse_amount(text: str) -> Decimal | None:
    """ "1234567.5", "1234567,50", "1.234.567,50", "1 234 567" -> Decimal; "" -> None."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if not text:
        return None
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount") from None
    if value < 0:
        raise ValueError(f"{text!r} is negative")
    return value


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected 2024-01-31)")


def country(code: str) -> str:
    code = (code or "").strip().upper()[:2]
    return COUNTRY_FIXES.get(code, code)


def match_city(city_name: str, country_code: str, cities: Iterable[CityRef]) -> int | None:
    folded = fold(city_name)
    if not folded:
        return None
    for city in cities:
        if city.country == country_code and folded in city.names:
            return city.pk
    return None


def read_cordis(
    project_csv: bytes, organization_csv: bytes, cities: Sequence[CityRef]
) -> ReadResult:
    """Projects of CORDIS with a network city among their organisations."""
    projects_raw, project_lines = _rows(project_csv, "project.csv", PROJECT_COLUMNS)
    organisations_raw, organisation_lines = _rows(
        organization_csv, "organization.csv", ORGANISATION_COLUMNS
    )
    problems: list[str] = []
    projects: dict[str, ProjectRow] = {}
    for row, line in zip(projects_raw, project_lines, strict=True):
        where = f"project.csv, line {line}"
        source_id = row["id"]
        if not source_id:
            problems.append(f"{where}: the id is missing")
            continue
        if source_id in projects:
            problems.append(f"{where}: project {source_id} appears twice")
            continue
        try:
            starts, ends = parse_date(row["startDate"]), parse_date(row["endDate"])
            total = parse_amount(row["totalCost"])
            eu = parse_amount(row["ecMaxContribution"])
        except ValueError as error:
            problems.append(f"{where} (project {source_id}): {error}")
            continue
        if starts and ends and ends < starts:
            problems.append(f"{where} (project {source_id}): it ends before it starts")
            continue
        projects[source_id] = ProjectRow(
            source_id=source_id,
            title=row["title"][:500] or row["acronym"],
            acronym=row["acronym"][:60],
            programme=row.get("legalBasis") or row["frameworkProgramme"],
            call_identifier=(row.get("topics") or row.get("masterCall") or "")[:200],
            starts_on=starts,
            ends_on=ends,
            total_cost=total,
            eu_contribution=eu,
            summary=(row.get("objective") or "")[:20000],
            url=f"https://cordis.europa.eu/project/id/{source_id}",
        )
    for row, line in zip(organisations_raw, organisation_lines, strict=True):
        where = f"organization.csv, line {line}"
        project = projects.get(row["projectID"])
        if project is None:
            if row["projectID"] and not any(row["projectID"] in p for p in problems):
                problems.append(f"{where}: project {row['projectID']} is not in project.csv")
            continue
        try:
            amount = parse_amount(row["ecContribution"])
        except ValueError as error:
            problems.append(f"{where}: {error}")
            continue
        code = country(row["country"])
        public = (row.get("activityType") or "PUB").upper() == "PUB"
        project.participants.append(
            Participant(
                name=row["name"][:300],
                country=code,
                role=ROLES.get(fold(row["role"]).replace(" ", ""), "participant"),
                eu_contribution=amount,
                city_pk=match_city(row["city"], code, cities) if public else None,
            )
        )
    if problems:
        raise ExportError(problems)
    kept = [p for p in projects.values() if p.city_pks]
    return ReadResult(kept, read=len(projects), outside=len(projects) - len(kept))


def read_kohesio(raw: bytes, city: CityRef) -> ReadResult:
    """Every row of a Kohesio export (filtered on Kohesio for the city's beneficiaries)."""
    rows, lines = _rows(raw, "Kohesio export", KOHESIO_COLUMNS, separators=",;")
    problems: list[str] = []
    projects: list[ProjectRow] = []
    seen: set[str] = set()
    for row, line in zip(rows, lines, strict=True):
        where = f"Kohesio export, line {line}"
        source_id = row["ID"]
        if not source_id:
            problems.append(f"{where}: the ID is missing")
            continue
        if source_id in seen:
            problems.append(f"{where}: project {source_id} appears twice")
            continue
        seen.add(source_id)
        try:
            starts, ends = parse_date(row["START DATE"]), parse_date(row["END DATE"])
            total = parse_amount(row["TOTAL BUDGET"])
            eu = parse_amount(row["AMOUNT EU SUPPORT"])
        except ValueError as error:
            problems.append(f"{where} (project {source_id}): {error}")
            continue
        code = country(row["COUNTRY"]) if len(row["COUNTRY"]) == 2 else city.country
        if code != city.country:
            problems.append(
                f"{where} (project {source_id}): the project is in {row['COUNTRY']}, "
                f"not in the city's country ({city.country})"
            )
            continue
        projects.append(
            ProjectRow(
                source_id=source_id,
                title=row["PROJECT NAME"][:500],
                programme=row.get("PROGRAMME") or row.get("FUND") or "",
                starts_on=starts,
                ends_on=ends,
                total_cost=total,
                eu_contribution=eu,
                summary=row["SUMMARY"][:20000],
                url=f"https://kohesio.ec.europa.eu/en/projects/{source_id}",
                participants=[
                    Participant(
                        name=row.get("BENEFICIARY") or "",
                        country=code,
                        role="coordinator",
                        eu_contribution=eu,
                        city_pk=city.pk,
                    )
                ],
            )
        )
    if problems:
        raise ExportError(problems)
    return ReadResult(projects, read=len(rows))
