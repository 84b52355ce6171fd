"""Portal-format JSON for tests, the demo and benchmarks (no Django).

:func:`portal_result` builds one search-API result the way the EU Funding & Tenders
Portal sends it (every metadata value an array of strings, ``budgetOverview`` a JSON
string); :func:`generate_pages` builds thousands of them, deterministic for a seed, with
the portal's traps mixed in: duplicate rows for one identifier, stubs, and a status
that says Open after the deadline.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# frameworkProgramme codes of the portal (see programme_data.PROGRAMMES).
CODES = {
    "HORIZON": "43108390",
    "CERV": "43251589",
    "CREA": "43251814",
    "LIFE": "43252405",
    "DIGITAL": "43152860",
}
STATUS_CODES = {"forthcoming": "31094501", "open": "31094502", "closed": "31094503"}
ACTIONS = {
    "HORIZON": [
        "HORIZON-RIA HORIZON Research and Innovation Actions",
        "HORIZON-IA HORIZON Innovation Actions",
        "HORIZON-CSA HORIZON Coordination and Support Actions",
    ],
    "CERV": ["CERV-LS CERV Lump Sum Grants", "CERV-PJG CERV Project Grants"],
    "CREA": ["CREA-LS CREA Lump Sum Grants"],
    "LIFE": [
        "LIFE-SAP LIFE Standard Action Projects",
        "LIFE-PJG LIFE Project Grants",
        "LIFE-SIP LIFE Strategic Integrated Projects",
    ],
    "DIGITAL": [
        "DIGITAL-SIMPLE DIGITAL Simple Grants",
        "DIGITAL-GFS DIGITAL Grants for Financial Support",
    ],
}
PREFIX = {
    "HORIZON": [
        "HORIZON-MISS-{year}-CIT",
        "HORIZON-CL5-{year}-D2",
        "HORIZON-CL2-{year}-DEMOCRACY",
        "HORIZON-CL6-{year}-COMMUNITIES",
    ],
    "CERV": ["CERV-{year}-CITIZENS-TOWN", "CERV-{year}-CITIZENS-CIV", "CERV-{year}-EQUAL"],
    "CREA": ["CREA-CULT-{year}-COOP", "CREA-CROSS-{year}-NEB"],
    "LIFE": ["LIFE-{year}-SAP-CLIMA", "LIFE-{year}-SAP-ENV", "LIFE-{year}-CET"],
    "DIGITAL": ["DIGITAL-{year}-CLOUD-DATA-AI", "DIGITAL-{year}-DEPLOY"],
}

# Themes of calls that matter to cities: (title, keywords, what the call wants).
THEMES: list[tuple[str, list[str], str]] = [
    (
        "Climate-neutral and smart cities: citizen engagement in the climate transition",
        ["Climate neutrality", "Citizen engagement", "Cities"],
        "pilot cities co-create climate action plans with residents, local businesses and "
        "civil society, using citizens' assemblies and participatory budgeting",
    ),
    (
        "Positive energy districts and energy communities in urban neighbourhoods",
        ["Energy communities", "Positive energy districts", "Renewable energy"],
        "municipalities and energy agencies demonstrate districts that produce more renewable "
        "energy than they use, with tenants and owners organised in energy communities",
    ),
    (
        "Tackling energy poverty through local one-stop shops",
        ["Energy poverty", "Building renovation", "Social inclusion"],
        "local authorities set up one-stop shops that help vulnerable households renovate their "
        "homes, cut their energy bills and access support schemes",
    ),
    (
        "Nature-based solutions for heat resilience in dense urban areas",
        ["Nature-based solutions", "Climate adaptation", "Urban heat"],
        "cities green schoolyards, streets and roofs to reduce heat islands, manage storm water "
        "and improve health in the most exposed neighbourhoods",
    ),
    (
        "Zero-emission urban logistics and sustainable urban mobility plans",
        ["Urban mobility", "Logistics", "Air quality"],
        "cities test low-emission zones, cargo bikes and consolidation centres, and update their "
        "sustainable urban mobility plans with residents and businesses",
    ),
    (
        "Local digital twins for evidence-based urban planning",
        ["Local digital twins", "Data spaces", "Artificial intelligence"],
        "municipalities build interoperable local digital twins on open standards to simulate "
        "traffic, energy and flood scenarios and to discuss them with citizens",
    ),
    (
        "Deliberative democracy and innovative citizen participation at local level",
        ["Democracy", "Citizen participation", "Deliberation"],
        "research and cities test deliberative mini-publics, digital participation platforms and "
        "participatory budgeting, and assess their impact on trust and inclusion",
    ),
    (
        "Town twinning: citizens' meetings on the future of Europe",
        ["Town twinning", "European remembrance", "Civic engagement"],
        "municipalities organise meetings of citizens from twinned towns to debate European "
        "policies, with a focus on young people and under-represented groups",
    ),
    (
        "Networks of towns on democratic participation and the green transition",
        ["Networks of towns", "Democratic participation", "Green transition"],
        "networks of municipalities exchange good practices and run joint events on citizen "
        "participation in local climate and social policies",
    ),
    (
        "Circular economy in cities: reuse, repair and zero waste",
        ["Circular economy", "Waste prevention", "Public procurement"],
        "cities and their utilities develop reuse centres, repair cafés and circular public "
        "procurement, measuring waste avoided and jobs created",
    ),
    (
        "Clean air in urban areas: monitoring and citizen science",
        ["Air quality", "Citizen science", "Health"],
        "local authorities deploy low-cost sensors with schools and residents, publish open data "
        "and link air quality measures with health services",
    ),
    (
        "Cultural heritage as a driver of urban regeneration",
        ["Cultural heritage", "Urban regeneration", "New European Bauhaus"],
        "cities restore heritage buildings with communities and artists, following the New "
        "European Bauhaus values of sustainability, beauty and inclusion",
    ),
    (
        "Inclusion of migrants and refugees in local communities",
        ["Migrant integration", "Social inclusion", "Local authorities"],
        "municipalities coordinate language courses, housing and employment services with civil "
        "society to include newcomers in local life",
    ),
    (
        "Youth engagement and participation in local democracy",
        ["Youth", "Participation", "Democracy"],
        "cities and youth organisations set up youth councils, online consultations and school "
        "programmes on local democracy",
    ),
    (
        "Urban water resilience: floods, droughts and sponge cities",
        ["Water management", "Climate adaptation", "Nature-based solutions"],
        "cities redesign public spaces to retain rainwater, restore rivers and prepare for floods "
        "and droughts with their water utilities",
    ),
    (
        "Affordable and sustainable housing for all",
        ["Housing", "Affordable housing", "Building renovation"],
        "municipalities and social housing providers pilot community land trusts, cooperative "
        "housing and deep renovation of social housing",
    ),
    (
        "Digital skills and inclusion of older people in public services",
        ["Digital skills", "E-government", "Inclusion"],
        "local administrations train staff and residents, simplify online services and keep "
        "assisted access for people without digital skills",
    ),
    (
        "Gender equality and the fight against violence in public spaces",
        ["Gender equality", "Safety", "Public space"],
        "cities map unsafe places with women and girls, redesign public spaces and train "
        "frontline staff",
    ),
]

PARAGRAPHS = [
    '<p><span class="topicdescriptionkind">Expected Outcome:</span> Project results are '
    "expected to contribute to {want}.</p>",
    '<p><span class="topicdescriptionkind">Scope:</span> Proposals should involve at least '
    "three {who} from different Member States and build on existing initiatives of the "
    "network of cities. Applicants are encouraged to cooperate with projects funded under "
    "the {programme} programme.</p>",
    "<ul><li>engage citizens and stakeholders from the start;</li><li>replicate the "
    "solutions in follower cities;</li><li>share open data and lessons learnt.</li></ul>",
]


@dataclass(frozen=True)
class GeneratedCall:
    identifier: str
    programme: str
    status: str  # what the dates say, at ``now``
    two_stage: bool


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def budget_overview(
    identifier: str,
    *,
    ccm2_id: str,
    action: str,
    budget: int | None,
    expected_grants: int | None,
    min_contribution: int | None,
    max_contribution: int | None,
    opening: datetime | None,
    deadlines: Sequence[datetime],
    model: str,
    year: int,
) -> str:
    """The ``budgetOverview`` JSON string of one topic."""
    line: dict[str, Any] = {
        "action": f"{identifier} - {action}",
        "plannedOpeningDate": opening.strftime("%Y-%m-%d") if opening else None,
        "deadlineModel": model,
        "deadlineDates": [d.strftime("%Y-%m-%d") for d in deadlines],
        "budgetYearMap": {str(year): str(budget)} if budget is not None else {},
        "expectedGrants": expected_grants,
        "minContribution": min_contribution,
        "maxContribution": max_contribution,
    }
    return json.dumps(
        {"budgetYearsColumns": [str(year)], "budgetTopicActionMap": {ccm2_id: [line]}},
        separators=(",", ":"),
    )


def portal_result(
    identifier: str | None,
    *,
    title: str = "Nature-based solutions for heat resilience in dense urban areas",
    programme: str | None = "LIFE",
    programme_code: str | None = None,
    call_identifier: str = "",
    call_title: str = "",
    opens: datetime | None = None,
    deadlines: Sequence[datetime] = (),
    model: str | None = None,
    status: str = "open",
    action: str | None = None,
    budget: int | None = 4_000_000,
    expected_grants: int | None = 2,
    min_contribution: int | None = 1_000_000,
    max_contribution: int | None = 2_000_000,
    keywords: Iterable[str] = ("Climate adaptation", "Cities"),
    description: str = "<p>Cities green streets and schoolyards to reduce urban heat.</p>",
    ccm2_id: str = "",
    language: str = "en",
    extra: dict[str, Any] | None = None,
    budget_in_metadata: bool = True,
) -> dict[str, Any]:
    """One result of the search API. ``identifier=None`` leaves it out (a broken row)."""
    now = datetime.now(tz=UTC)
    opens = opens if opens is not None else now - timedelta(days=30)
    deadlines = list(deadlines) or [now + timedelta(days=60)]
    model = model or ("two-stage" if len(deadlines) == 2 else "single-stage")
    code = programme_code or (CODES.get(programme, "") if programme else "")
    action = action or (ACTIONS.get(programme or "", ["Grant"])[0])
    ccm2_id = ccm2_id or str(100000 + zlib.crc32((identifier or "").encode()) % 900000)
    metadata: dict[str, Any] = {
        "title": [title],
        "type": ["1"],
        "status": [STATUS_CODES.get(status, status)],
        "startDate": [_stamp(opens)],
        "deadlineDate": [_stamp(d) for d in deadlines],
        "deadlineModel": [model],
        "callIdentifier": [call_identifier or (identifier or "X").rsplit("-", 1)[0]],
        "callTitle": [call_title or f"Call for proposals {opens.year}"],
        "typesOfAction": [action.split(" ", 1)[1] if " " in action else action],
        "keywords": list(keywords),
        "programmePeriod": ["2021 - 2027"],
        "descriptionByte": [description],
        "ccm2Id": [ccm2_id],
        "language": [language],
    }
    if code:
        metadata["frameworkProgramme"] = [code]
    if identifier is not None:
        metadata["identifier"] = [identifier]
    if budget_in_metadata:
        metadata["budgetOverview"] = [
            budget_overview(
                identifier or "",
                ccm2_id=ccm2_id,
                action=action,
                budget=budget,
                expected_grants=expected_grants,
                min_contribution=min_contribution,
                max_contribution=max_contribution,
                opening=opens,
                deadlines=deadlines,
                model=model,
                year=(deadlines[0] if deadlines else opens).year,
            )
        ]
    metadata.update(extra or {})
    return {
        "reference": f"{identifier or 'missing'}{language.upper()}",
        "url": "https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/"
        f"{(identifier or '').lower()}.json",
        "summary": title,
        "language": language,
        "metadata": metadata,
    }


def stub_result(identifier: str) -> dict[str, Any]:
    """What the portal sometimes sends: an identifier and hardly anything else."""
    return {
        "reference": f"{identifier}STUB",
        "url": "",
        "summary": "",
        "language": "en",
        "metadata": {"identifier": [identifier], "type": ["1"], "programmePeriod": ["2021 - 2027"]},
    }


def portal_page(
    results: list[dict[str, Any]], page_number: int = 1, total: int | None = None
) -> dict[str, Any]:
    return {
        "apiVersion": "2.126",
        "terms": "https://ec.europa.eu/info/legal-notice_en",
        "responseTime": 120,
        "totalResults": total if total is not None else len(results),
        "pageNumber": page_number,
        "pageSize": len(results),
        "sort": "sortStatus asc,deadlineDate desc",
        "results": results,
    }


def generate_pages(
    count: int,
    *,
    seed: int = 8,
    now: datetime | None = None,
    page_size: int = 100,
    duplicate_every: int = 20,
    stub_every: int = 50,
    paragraphs: int = 3,
    title_suffix: str = "",
) -> tuple[list[dict[str, Any]], list[GeneratedCall]]:
    """``count`` topics as portal pages, with duplicates, stubs and stale statuses.

    Deterministic for a seed. A third of the topics are forthcoming, a third open, a third
    closed (half of those still marked Open by the "portal"); one in five is two-stage.
    """
    rng = random.Random(seed)
    now = now or datetime.now(tz=UTC).replace(microsecond=0)
    programmes = list(CODES)
    rows: list[dict[str, Any]] = []
    made: list[GeneratedCall] = []
    for number in range(count):
        programme = programmes[number % len(programmes)]
        year = now.year + rng.choice((-1, 0, 0, 1))
        prefix = rng.choice(PREFIX[programme]).format(year=year)
        identifier = f"{prefix}-{number // 100 + 1:02d}-{number % 100 + 1:02d}-{number}"
        title, keywords, want = THEMES[number % len(THEMES)]
        state = ("forthcoming", "open", "closed")[rng.randrange(3)]
        two_stage = programme == "HORIZON" and rng.random() < 0.5
        if state == "forthcoming":
            opens = now + timedelta(days=rng.randint(5, 120))
            first = opens + timedelta(days=rng.randint(60, 150))
        elif state == "open":
            opens = now - timedelta(days=rng.randint(1, 90))
            first = now + timedelta(days=rng.randint(2, 150))
        else:
            first = now - timedelta(days=rng.randint(1, 300))
            opens = first - timedelta(days=rng.randint(60, 150))
        first = first.replace(hour=15, minute=0, second=0)
        deadlines = [first] + ([first + timedelta(days=rng.randint(120, 200))] if two_stage else [])
        portal_status = state
        if state == "closed" and rng.random() < 0.5:
            portal_status = "open"  # stale: the portal has not caught up
        action = rng.choice(ACTIONS[programme])
        grants = rng.randint(1, 12)
        maximum = rng.choice(
            (60_000, 150_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000)
        )
        description = "".join(
            PARAGRAPHS[i % len(PARAGRAPHS)].format(
                want=want,
                who=rng.choice(("cities", "local authorities", "municipalities")),
                programme=programme,
            )
            for i in range(paragraphs)
        )
        row = portal_result(
            identifier,
            title=f"{title}{title_suffix}" + (f" ({number})" if number >= len(THEMES) else ""),
            programme=programme,
            opens=opens,
            deadlines=deadlines,
            status=portal_status,
            action=action,
            budget=grants * maximum,
            expected_grants=grants,
            min_contribution=maximum // 2,
            max_contribution=maximum,
            keywords=keywords,
            description=description,
            ccm2_id=str(200000 + number),
        )
        rows.append(row)
        if duplicate_every and number % duplicate_every == 0:
            # The same topic again, in another language and with less data.
            twin = json.loads(json.dumps(row))
            twin["language"] = "fr"
            twin["metadata"]["language"] = ["fr"]
            twin["metadata"].pop("keywords", None)
            rows.append(twin)
        if stub_every and number % stub_every == 0:
            rows.append(stub_result(identifier))
        made.append(GeneratedCall(identifier, programme, state, two_stage))
    if stub_every:
        rows.append(stub_result(f"HORIZON-STUB-{seed}-ONLY"))
    rng.shuffle(rows)
    pages = [
        portal_page(rows[start : start + page_size], start // page_size + 1, len(rows))
        for start in range(0, len(rows), page_size)
    ]
    return pages, made


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
