"""Reading the EU Funding & Tenders Portal's search API (the public "SEDIA" index).

Pure Python, no Django: :func:`parse_portal_json` turns what the API returned (one
page ``{"totalResults": N, "results": [...]}``, or a list of such pages) into one
:class:`CallData` per topic identifier, or raises :class:`PortalFormatError` listing
every problem with its position. Nothing is half-read: one bad row fails the file.

The format's traps, all handled here:

- every value in ``metadata`` is an array of strings (``"identifier": ["LIFE-..."]``);
- ``budgetOverview`` (and ``actions``) are JSON *strings* inside those arrays;
- several rows can share one identifier (one per language or per call version), and
  some rows are stubs with an identifier and almost nothing else: rows are merged,
  preferring the non-stub row with the most data;
- ``status`` can still say Open after the deadline: it is kept for information only,
  the status is derived from the dates;
- ``deadlineDate`` holds several dates for two-stage calls and cut-off calls.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, time
from typing import Any

DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # 10,000 topics with long descriptions: about 60 MB
MAX_PROBLEMS = 200  # a report longer than this is cut (the count is still given)
TOPIC_PAGE = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{identifier}"
)

# The portal's status codes (``status`` filter of the search API).
PORTAL_STATUS = {
    "31094501": "forthcoming",
    "31094502": "open",
    "31094503": "closed",
    "forthcoming": "forthcoming",
    "open": "open",
    "closed": "closed",
}
TWO_STAGE = "two-stage"
SINGLE_STAGE = "single-stage"
CUT_OFFS = "multiple cut-off"

# Fields whose presence makes a row more than a stub.
SUBSTANTIVE = ("title", "startDate", "deadlineDate", "descriptionByte", "budgetOverview")


class PortalFormatError(Exception):
    """The file cannot be imported; ``problems`` says every reason, with its position."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None):
        self.problems = list(problems)[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems]
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more problems.")
        return "\n".join(lines)


class RowError(ValueError):
    """A result that cannot be imported; ``only_programme`` when its programme is the sole
    problem (``skip_unknown_programmes`` leaves such rows out instead)."""

    def __init__(self, problems: Sequence[str], only_programme: bool = False):
        self.only_programme = only_programme
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Problem:
    message: str
    page: int | None = None  # 1-based
    result: int | None = None  # 1-based, within the page
    identifier: str = ""

    def __str__(self) -> str:
        where = []
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.result is not None:
            where.append(f"result {self.result}")
        if self.identifier:
            where.append(self.identifier)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class CallData:
    """One call topic, normalised: what the database stores, before sanitising HTML."""

    identifier: str
    title: str
    call_identifier: str = ""
    call_title: str = ""
    programme: str | None = None  # a key of the ``programmes`` mapping given to the parser
    action_type: str = ""
    opens_at: datetime | None = None
    deadline: datetime | None = None
    second_deadline: datetime | None = None
    deadline_model: str = SINGLE_STAGE
    budget_eur: int | None = None
    expected_grants: int | None = None
    min_contribution: int | None = None
    max_contribution: int | None = None
    keywords: list[str] = field(default_factory=list)
    description: str = ""
    url: str = ""
    portal_status: str = ""

    def digest(self) -> str:
        """A hash of everything imported: equal hashes, nothing to update."""
        cached = self.__dict__.get("_digest")
        if cached is None:
            values = [
                value.isoformat() if isinstance(value, datetime) else value
                for value in (getattr(self, name) for name in _DIGEST_FIELDS)
            ]
            encoded = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
            cached = self.__dict__["_digest"] = hashlib.sha256(encoded.encode()).hexdigest()
        return str(cached)


_DIGEST_FIELDS = [f.name for f in fields(CallData)]


@dataclass
class ParseResult:
    calls: list[CallData]
    rows: int = 0  # results read
    stubs: int = 0  # identifiers that had only stub rows (skipped)
    merged: int = 0  # rows folded into another row with the same identifier
    stale_status: int = 0  # calls whose portal status disagrees with their dates
    stub_identifiers: list[str] = field(default_factory=list)
    unknown_programme: int = 0  # identifiers left out by skip_unknown_programmes


# --- Small readers -------------------------------------------------------------------


def _values(metadata: Mapping[str, Any], name: str) -> list[str]:
    """The array under ``name`` as strings ("every value is an array"; tolerate scalars)."""
    value = metadata.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    return [str(item).strip() for item in value if item is not None and str(item).strip()]


def _first(metadata: Mapping[str, Any], name: str) -> str:
    values = _values(metadata, name)
    return values[0] if values else ""


_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z")


def parse_datetime(text: str) -> datetime:
    """A portal date ("2026-03-04T00:00:00.000+0000", "2026-03-04") as an aware datetime."""
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).astimezone(UTC)
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.combine(date.fromisoformat(text), time(0, 0), tzinfo=UTC)
    if re.fullmatch(r"\d{12,13}", text):  # epoch milliseconds, seen in older exports
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _amount(value: Any) -> int | None:
    """A number of euros from the budget JSON (numbers or strings; "" is none)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        number = float(str(value).replace(",", "").replace(" ", ""))
    if number < 0:
        raise ValueError(f"negative amount: {value!r}")
    return round(number)


def _json_error(error: json.JSONDecodeError) -> str:
    return f"{error.msg} (line {error.lineno}, column {error.colno})"


# --- Budget overview ------------------------------------------------------------------


@dataclass
class Budget:
    total: int | None = None
    expected_grants: int | None = None
    min_contribution: int | None = None
    max_contribution: int | None = None
    action: str = ""
    opening: str = ""
    deadlines: list[str] = field(default_factory=list)
    deadline_model: str = ""


def _topic_actions(
    action_map: Mapping[str, Any], identifier: str, ccm2_id: str
) -> list[Mapping[str, Any]]:
    """The budget lines of this topic: ``budgetTopicActionMap`` covers the whole call."""
    if ccm2_id and isinstance(action_map.get(ccm2_id), list):
        return [a for a in action_map[ccm2_id] if isinstance(a, Mapping)]
    every = [a for actions in action_map.values() if isinstance(actions, list) for a in actions]
    every = [a for a in every if isinstance(a, Mapping)]
    mine = [a for a in every if str(a.get("action", "")).upper().startswith(identifier.upper())]
    if mine:
        return mine
    return every if len(action_map) == 1 else []


def parse_budget(raw: str, identifier: str, ccm2_id: str = "") -> Budget:
    """Read the ``budgetOverview`` JSON string; ValueError says what is wrong."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"budgetOverview is not valid JSON: {_json_error(error)}") from None
    if not isinstance(data, Mapping):
        raise ValueError("budgetOverview is not a JSON object")
    action_map = data.get("budgetTopicActionMap") or {}
    if not isinstance(action_map, Mapping):
        raise ValueError("budgetOverview: budgetTopicActionMap is not an object")
    actions = _topic_actions(action_map, identifier, ccm2_id)
    budget = Budget()
    if not actions:
        return budget
    totals: list[int] = []
    grants: list[int] = []
    minimums: list[int] = []
    maximums: list[int] = []
    for action in actions:
        years = action.get("budgetYearMap") or {}
        if not isinstance(years, Mapping):
            raise ValueError("budgetOverview: budgetYearMap is not an object")
        try:
            totals.extend(a for a in (_amount(v) for v in years.values()) if a is not None)
            for target, name in (
                (grants, "expectedGrants"),
                (minimums, "minContribution"),
                (maximums, "maxContribution"),
            ):
                number = _amount(action.get(name))
                if number is not None:
                    target.append(number)
        except ValueError as error:
            raise ValueError(f"budgetOverview: {error}") from None
    first = actions[0]
    budget.total = sum(totals) if totals else None
    budget.expected_grants = sum(grants) if grants else None
    budget.min_contribution = min(minimums) if minimums else None
    budget.max_contribution = max(maximums) if maximums else None
    action_text = str(first.get("action") or "")
    if " - " in action_text:
        action_text = action_text.split(" - ", 1)[1]
    budget.action = action_text.strip()
    budget.opening = str(first.get("plannedOpeningDate") or "")
    dates = first.get("deadlineDates") or []
    budget.deadlines = [str(d) for d in dates if d] if isinstance(dates, list) else []
    budget.deadline_model = str(first.get("deadlineModel") or "")
    return budget


# --- One result --------------------------------------------------------------------


def is_stub(metadata: Mapping[str, Any]) -> bool:
    return not any(_values(metadata, name) for name in SUBSTANTIVE)


def _richness(metadata: Mapping[str, Any]) -> tuple[int, int]:
    """How much a row holds: fields with a value, then the size of its description."""
    filled = sum(1 for name in metadata if _values(metadata, name))
    return filled, len(_first(metadata, "descriptionByte"))


def _clean_keywords(metadata: Mapping[str, Any]) -> list[str]:
    seen: dict[str, str] = {}
    for name in ("keywords", "tags", "crossCuttingPriorities"):
        for word in _values(metadata, name):
            word = " ".join(word.split())[:80]
            if word and word.lower() not in seen:
                seen[word.lower()] = word
    return list(seen.values())[:40]


def parse_result(
    result: Mapping[str, Any],
    programmes: Mapping[str, str],
) -> CallData:
    """One non-stub result as a call; ValueError (with every problem joined) when invalid.

    ``programmes`` maps the portal's ``frameworkProgramme`` codes (and programme short
    names) to the key stored in :attr:`CallData.programme`.
    """
    metadata = result.get("metadata")
    if not isinstance(metadata, Mapping):
        raise RowError(["no metadata object"])
    identifier = _first(metadata, "identifier")
    problems: list[str] = []
    if not identifier:
        raise RowError(["the identifier is missing"])
    if len(identifier) > 120:
        problems.append("the identifier is longer than 120 characters")
    title = _first(metadata, "title") or str(result.get("summary") or "").strip()
    if not title:
        problems.append("the title is missing")

    codes = _values(metadata, "frameworkProgramme")
    programme = None
    unknown_programme = False
    if codes:
        known = [programmes[code] for code in codes if code in programmes]
        if known:
            programme = known[0]
        else:
            unknown_programme = True
            problems.append(
                f"unknown programme {', '.join(codes)}: add the code to a programme's portal "
                "codes (EU programmes in the admin) or leave the row out"
            )

    budget = Budget()
    raw_budget = _first(metadata, "budgetOverview")
    if raw_budget:
        try:
            budget = parse_budget(raw_budget, identifier, _first(metadata, "ccm2Id"))
        except ValueError as error:
            problems.append(str(error))

    def dates(texts: Iterable[str], what: str) -> list[datetime]:
        out = []
        for text in texts:
            try:
                out.append(parse_datetime(text))
            except ValueError:
                problems.append(f"{what} {text!r} is not a date (expected 2026-03-04)")
        return out

    opening = dates(
        _values(metadata, "startDate")[:1] or ([budget.opening] if budget.opening else []),
        "the opening date",
    )
    deadline_texts = _values(metadata, "deadlineDate") or budget.deadlines
    deadlines = sorted(set(dates(deadline_texts, "the deadline")))
    model = (_first(metadata, "deadlineModel") or budget.deadline_model or "").lower()
    if model not in (SINGLE_STAGE, TWO_STAGE, CUT_OFFS):
        model = (
            TWO_STAGE
            if len(deadlines) == 2 and "two" in model
            else (CUT_OFFS if len(deadlines) > 1 else SINGLE_STAGE)
        )
    if model == SINGLE_STAGE and len(deadlines) > 1:
        model = CUT_OFFS
    if model == TWO_STAGE and len(deadlines) > 2:
        problems.append(f"a two-stage call has two deadlines, this one has {len(deadlines)}")
    opens_at = opening[0] if opening else None
    deadline = deadlines[0] if deadlines else None
    second = deadlines[-1] if len(deadlines) > 1 else None
    if opens_at and deadline and deadline < opens_at:
        problems.append(
            f"the deadline ({deadline:%Y-%m-%d}) is before the opening date ({opens_at:%Y-%m-%d})"
        )
    if (
        budget.min_contribution is not None
        and budget.max_contribution is not None
        and budget.min_contribution > budget.max_contribution
    ):
        problems.append(
            f"the minimum contribution ({budget.min_contribution:,}) is above the maximum "
            f"({budget.max_contribution:,})"
        )
    if problems:
        raise RowError(problems, only_programme=unknown_programme and len(problems) == 1)

    status = PORTAL_STATUS.get(_first(metadata, "status").lower(), "")
    return CallData(
        identifier=identifier,
        title=" ".join(title.split())[:500],
        call_identifier=_first(metadata, "callIdentifier")[:120],
        call_title=" ".join(_first(metadata, "callTitle").split())[:500],
        programme=programme,
        action_type=(_first(metadata, "typesOfAction") or budget.action)[:200],
        opens_at=opens_at,
        deadline=deadline,
        second_deadline=second,
        deadline_model=model,
        budget_eur=budget.total,
        expected_grants=budget.expected_grants,
        min_contribution=budget.min_contribution,
        max_contribution=budget.max_contribution,
        keywords=_clean_keywords(metadata),
        description=_first(metadata, "descriptionByte"),
        url=TOPIC_PAGE.format(identifier=identifier),
        portal_status=status,
    )


def _merge(best: CallData, others: list[CallData]) -> CallData:
    """Fill what the best row lacks from the other rows of the same identifier."""
    for other in others:
        for name, value in asdict(other).items():
            if getattr(best, name) in (None, "", []) and value not in (None, "", []):
                setattr(best, name, getattr(other, name))
                best.__dict__.pop("_digest", None)
    return best


# --- Whole files ---------------------------------------------------------------------


def load_json(raw: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    size = len(raw)
    if size > max_bytes:
        raise PortalFormatError(
            [
                Problem(
                    f"the file is too big ({size / 1_048_576:.1f} MB, the limit is "
                    f"{max_bytes / 1_048_576:.1f} MB): split it into smaller pages, or raise "
                    "the limit with --max-size"
                )
            ]
        )
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise PortalFormatError(
            [Problem(f"this is not valid JSON: {_json_error(error)}")]
        ) from None
    except UnicodeDecodeError as error:
        raise PortalFormatError(
            [Problem(f"this is not UTF-8 text (byte {error.start}): save it as UTF-8 JSON")]
        ) from None


def pages_of(data: Any) -> list[list[Any]]:
    """The pages' result lists, or PortalFormatError if this is not the portal's format."""
    not_portal = (
        "this is not the EU Funding & Tenders Portal's search format: expected "
        '{"results": [...]} or a list of such pages'
    )
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list) or not data:
        raise PortalFormatError([Problem(not_portal)])
    pages: list[list[Any]] = []
    problems: list[Problem] = []
    for number, page in enumerate(data, start=1):
        if not isinstance(page, Mapping) or not isinstance(page.get("results"), list):
            problems.append(Problem(not_portal, page=number))
            continue
        pages.append(page["results"])
    if problems:
        raise PortalFormatError(problems)
    return pages


def parse_portal_json(
    raw: bytes | str,
    programmes: Mapping[str, str],
    *,
    now: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_unknown_programmes: bool = False,
) -> ParseResult:
    """Every call in a portal export, merged by identifier; all problems or nothing."""
    pages = pages_of(load_json(raw, max_bytes))
    problems: list[Problem] = []
    by_identifier: dict[str, list[tuple[tuple[int, int], CallData]]] = {}
    stub_ids: dict[str, None] = {}
    stub_rows: dict[str, int] = {}
    skipped_programme: dict[str, None] = {}
    rows = 0
    for page_number, results in enumerate(pages, start=1):
        for index, result in enumerate(results, start=1):
            rows += 1
            if not isinstance(result, Mapping) or not isinstance(result.get("metadata"), Mapping):
                problems.append(
                    Problem("not a portal result (no metadata object)", page_number, index)
                )
                continue
            metadata = result["metadata"]
            identifier = _first(metadata, "identifier")
            if not identifier:
                problems.append(
                    Problem("the identifier is missing (metadata.identifier)", page_number, index)
                )
                continue
            if is_stub(metadata):
                stub_ids.setdefault(identifier)
                stub_rows[identifier] = stub_rows.get(identifier, 0) + 1
                continue
            try:
                call = parse_result(result, programmes)
            except RowError as error:
                if skip_unknown_programmes and error.only_programme:
                    skipped_programme.setdefault(identifier)
                    continue
                problems.append(Problem(str(error), page_number, index, identifier))
                continue
            by_identifier.setdefault(identifier, []).append((_richness(metadata), call))
    if problems:
        raise PortalFormatError(problems)
    calls: list[CallData] = []
    merged = 0
    for candidates in by_identifier.values():
        candidates.sort(key=lambda item: item[0], reverse=True)
        best, *others = [call for _rank, call in candidates]
        merged += len(others)
        calls.append(_merge(best, others))
    stubs = [
        identifier
        for identifier in stub_ids
        if identifier not in by_identifier and identifier not in skipped_programme
    ]
    merged += sum(n for identifier, n in stub_rows.items() if identifier in by_identifier)
    when = now or datetime.now(tz=UTC)
    stale = sum(
        1
        for call in calls
        if call.portal_status and call.portal_status != derived_status(call, when)
    )
    return ParseResult(
        calls=calls,
        rows=rows,
        stubs=len(stubs),
        merged=merged,
        stale_status=stale,
        stub_identifiers=stubs,
        unknown_programme=len(skipped_programme),
    )


def derived_status(call: CallData, now: datetime) -> str:
    """Forthcoming, open or closed from the dates (the portal's own status goes stale)."""
    closes = (
        call.deadline
        if call.deadline_model == TWO_STAGE
        else (call.second_deadline or call.deadline)
    )
    if call.opens_at and now < call.opens_at:
        return "forthcoming"
    if closes and now > closes:
        return "closed"
    return "open"
