"""Demo EU funding on top of the demo network (``seed_demo`` first).

Calls recur every year, so the demo holds each call's previous edition (closed) and
its next one (open or forthcoming): 28 calls, each in two editions, from Horizon
Europe's Cities Mission and Cluster 5, LIFE, CERV, Creative Europe and Digital
Europe (imported through the portal importer, from portal-format JSON), and from
the European Urban Initiative, URBACT and Interreg Europe (added by hand, as those
programmes publish outside the EU portal). Identifiers, budgets and dates follow the
patterns of the real programmes; the texts are written for the demo.

Then: guides in English (two also in French), the needs of Lyon, Gdańsk and Milan,
watches and saved searches of the demo coordinators, partner searches with answers,
funded projects of the demo cities (fictional acronyms, plausible figures) and the
applications they track. Dates are relative to today; two runs give the same demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events.models import Topic
from metroagora.funding import services
from metroagora.funding.models import (
    Application,
    Call,
    FundedProject,
    Guide,
    PartnerSearch,
    Programme,
    ProjectParticipant,
    Watch,
)
from metroagora.funding.portal_fixtures import portal_page, portal_result, to_json
from metroagora.network.models import City

ADMIN = "admin@metroagora.eu"
LYON = "coordinator@metroagora.eu"
GDANSK = "coordinator.gdansk@metroagora.eu"
WARSAW = "k.nowak@example.org"
PARTICIPANT = "participant@metroagora.eu"
ACCOUNTS = frozenset([ADMIN, LYON, GDANSK, WARSAW, PARTICIPANT])
CITIES = (
    "lyon",
    "gdansk",
    "warsaw",
    "milan",
    "barcelona",
    "helsinki",
    "amsterdam",
    "athens",
    "hamburg",
    "lisbon",
    "prague",
    "dublin",
)


@dataclass(frozen=True)
class CallPlan:
    programme: str
    stem: str  # identifier with {year}
    title: str
    keywords: tuple[str, ...]
    action: str
    what: str  # what the call funds (becomes the description)
    budget: int
    grants: int
    minimum: int | None
    maximum: int
    # Days from today of the next edition's opening and (first) deadline; the previous
    # edition ran a year earlier.
    opens: int
    closes: int
    second: int | None = None  # days after the first deadline (two-stage)


PLANS: list[CallPlan] = [
    CallPlan(
        "HORIZON",
        "HORIZON-MISS-{year}-CIT-01-01",
        "Climate-neutral cities: citizens' engagement in the city climate transition",
        ("Climate neutrality", "Citizen engagement", "Climate City Contracts", "Cities"),
        "HORIZON-CSA HORIZON Coordination and Support Actions",
        "Mission cities co-create their Climate City Contract with residents, local "
        "businesses and civil society, using citizens' assemblies, participatory budgets and "
        "neighbourhood climate labs, and measure who takes part.",
        6_000_000,
        3,
        1_500_000,
        2_000_000,
        -20,
        45,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-MISS-{year}-CIT-02-03",
        "Positive clean energy districts in mission cities",
        ("Positive energy districts", "Energy communities", "Renovation"),
        "HORIZON-IA HORIZON Innovation Actions",
        "Consortia of cities, utilities and research demonstrate districts that produce more "
        "renewable energy than they use, with tenants organised in energy communities and "
        "a replication plan for follower cities.",
        30_000_000,
        3,
        8_000_000,
        10_000_000,
        -10,
        30,
        150,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-CL5-{year}-D2-01-05",
        "Urban heat resilience: nature-based solutions for schools and neighbourhoods",
        ("Climate adaptation", "Urban heat", "Nature-based solutions", "Schools"),
        "HORIZON-RIA HORIZON Research and Innovation Actions",
        "Research teams and pilot cities assess how greening schoolyards, streets and roofs "
        "reduces heat stress for children and older people, and how to target the most "
        "exposed districts.",
        15_000_000,
        3,
        4_000_000,
        5_000_000,
        20,
        120,
        140,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-CL5-{year}-D6-01-02",
        "Zero-emission urban logistics and sustainable urban mobility plans",
        ("Urban mobility", "Logistics", "Air quality"),
        "HORIZON-IA HORIZON Innovation Actions",
        "Cities test low-emission zones, cargo-bike hubs and consolidation centres, and "
        "update their sustainable urban mobility plans with residents and businesses.",
        20_000_000,
        2,
        8_000_000,
        10_000_000,
        -40,
        12,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-CL2-{year}-DEMOCRACY-01-04",
        "Deliberative and participatory democracy at local level",
        ("Democracy", "Deliberation", "Citizen participation", "Trust"),
        "HORIZON-RIA HORIZON Research and Innovation Actions",
        "Researchers and municipalities test citizens' assemblies, digital participation "
        "platforms and participatory budgeting, and evaluate their effects on trust, "
        "inclusion and policy.",
        9_000_000,
        3,
        2_500_000,
        3_000_000,
        -60,
        25,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-CL2-{year}-TRANSFORMATIONS-01-07",
        "Inclusive urban regeneration and the right to housing",
        ("Housing", "Urban regeneration", "Social inclusion"),
        "HORIZON-RIA HORIZON Research and Innovation Actions",
        "Projects study how regeneration can avoid displacement, with community land trusts, "
        "cooperative housing and tenant participation in pilot neighbourhoods.",
        10_000_000,
        3,
        3_000_000,
        3_500_000,
        45,
        160,
    ),
    CallPlan(
        "HORIZON",
        "HORIZON-MISS-{year}-CIT-03-02",
        "Twinning of mission cities with cities outside the mission",
        ("Twinning", "Climate neutrality", "Capacity building"),
        "HORIZON-CSA HORIZON Coordination and Support Actions",
        "Pairs of cities exchange staff, methods and data so that cities outside the mission "
        "prepare their own climate-neutrality plans.",
        4_000_000,
        8,
        None,
        500_000,
        -5,
        70,
    ),
    CallPlan(
        "LIFE",
        "LIFE-{year}-SAP-CLIMA-CCA",
        "Climate change adaptation: cities and regions",
        ("Climate adaptation", "Nature-based solutions", "Water management"),
        "LIFE-SAP LIFE Standard Action Projects",
        "Local and regional authorities put adaptation plans into practice: sponge-city "
        "designs, river restoration, shade and cooling in public spaces.",
        25_000_000,
        10,
        1_000_000,
        4_000_000,
        -30,
        60,
    ),
    CallPlan(
        "LIFE",
        "LIFE-{year}-CET-ENERPOV",
        "Energy poverty: one-stop shops and renovation support for vulnerable households",
        ("Energy poverty", "Building renovation", "One-stop shops"),
        "LIFE-PJG LIFE Project Grants",
        "Municipalities and energy agencies set up one-stop shops that help low-income "
        "households renovate, cut their bills and use support schemes.",
        8_000_000,
        5,
        None,
        1_750_000,
        -15,
        90,
    ),
    CallPlan(
        "LIFE",
        "LIFE-{year}-SAP-ENV-CIRC",
        "Circular economy and quality of life: reuse, repair and zero waste in cities",
        ("Circular economy", "Waste prevention", "Public procurement"),
        "LIFE-SAP LIFE Standard Action Projects",
        "Cities and utilities develop reuse centres, repair networks and circular public "
        "procurement, measuring waste avoided and jobs created.",
        30_000_000,
        12,
        1_000_000,
        3_000_000,
        30,
        130,
    ),
    CallPlan(
        "LIFE",
        "LIFE-{year}-SAP-NAT-URBAN",
        "Urban nature and biodiversity: greening plans for cities",
        ("Biodiversity", "Urban greening", "Nature restoration"),
        "LIFE-SAP LIFE Standard Action Projects",
        "Cities implement urban greening plans: tree canopy, pollinator corridors and "
        "de-sealed squares, with residents caring for the new green spaces.",
        20_000_000,
        8,
        1_000_000,
        3_500_000,
        -50,
        5,
    ),
    CallPlan(
        "LIFE",
        "LIFE-{year}-CET-LOCAL",
        "Local authorities' technical assistance for clean energy investments",
        ("Energy efficiency", "Technical assistance", "Local authorities"),
        "LIFE-PJG LIFE Project Grants",
        "Cities get expert help to prepare bankable renovation and renewable-energy "
        "investment programmes for their buildings and districts.",
        12_000_000,
        8,
        None,
        1_500_000,
        60,
        200,
    ),
    CallPlan(
        "CERV",
        "CERV-{year}-CITIZENS-TOWN-TT",
        "Town twinning: citizens' meetings on the future of Europe",
        ("Town twinning", "Civic engagement", "European remembrance"),
        "CERV-LS CERV Lump Sum Grants",
        "Municipalities bring together citizens of twinned towns to debate European policies "
        "and their local effects, with a focus on young people and under-represented groups.",
        4_000_000,
        150,
        None,
        30_000,
        -25,
        20,
    ),
    CallPlan(
        "CERV",
        "CERV-{year}-CITIZENS-TOWN-NT",
        "Networks of towns: democratic participation and the green transition",
        ("Networks of towns", "Democratic participation", "Green transition"),
        "CERV-LS CERV Lump Sum Grants",
        "Networks of municipalities run joint events and exchange practices on citizen "
        "participation in local climate, social and digital policies.",
        6_000_000,
        40,
        None,
        150_000,
        -25,
        20,
    ),
    CallPlan(
        "CERV",
        "CERV-{year}-CITIZENS-CIV",
        "Civil dialogue, participation and civic space",
        ("Civic space", "Participation", "Civil society"),
        "CERV-PJG CERV Project Grants",
        "Civil society organisations and local authorities strengthen participation in "
        "democratic life, citizens' panels and consultations on EU policies.",
        5_000_000,
        20,
        75_000,
        300_000,
        15,
        95,
    ),
    CallPlan(
        "CERV",
        "CERV-{year}-EQUAL",
        "Equality and non-discrimination at local level",
        ("Equality", "Non-discrimination", "Local authorities"),
        "CERV-PJG CERV Project Grants",
        "Local authorities and civil society build local equality action plans, train "
        "frontline staff and reach groups facing discrimination.",
        6_000_000,
        15,
        75_000,
        400_000,
        -70,
        -10,
    ),
    CallPlan(
        "CERV",
        "CERV-{year}-DAPHNE",
        "Preventing gender-based violence in public spaces",
        ("Gender equality", "Safety", "Public space"),
        "CERV-PJG CERV Project Grants",
        "Cities map unsafe places with women and girls, redesign public spaces and train "
        "transport and security staff.",
        10_000_000,
        25,
        75_000,
        500_000,
        40,
        140,
    ),
    CallPlan(
        "CREA",
        "CREA-CULT-{year}-COOP",
        "European cooperation projects: culture for inclusive cities",
        ("Culture", "Audience development", "Social inclusion"),
        "CREA-LS CREA Lump Sum Grants",
        "Cultural organisations and city culture departments co-create programmes with "
        "residents of neighbourhoods that take little part in cultural life.",
        60_000_000,
        100,
        None,
        1_000_000,
        -35,
        15,
    ),
    CallPlan(
        "CREA",
        "CREA-CROSS-{year}-NEB",
        "New European Bauhaus: beautiful, sustainable, together in neighbourhoods",
        ("New European Bauhaus", "Urban regeneration", "Cultural heritage"),
        "CREA-LS CREA Lump Sum Grants",
        "Projects regenerate places with artists, architects and residents following the "
        "New European Bauhaus values of sustainability, aesthetics and inclusion.",
        5_000_000,
        5,
        None,
        1_000_000,
        25,
        110,
    ),
    CallPlan(
        "DIGITAL",
        "DIGITAL-{year}-CLOUD-DATA-AI-LDT",
        "Local digital twins towards the CitiVERSE",
        ("Local digital twins", "Data spaces", "Artificial intelligence"),
        "DIGITAL-SIMPLE DIGITAL Simple Grants",
        "Cities build interoperable local digital twins on open standards to simulate "
        "traffic, energy and flood scenarios and to discuss them with citizens.",
        15_000_000,
        3,
        4_000_000,
        5_000_000,
        -45,
        18,
        0,
    ),
    CallPlan(
        "DIGITAL",
        "DIGITAL-{year}-DEPLOY-SMART-COMMUNITIES",
        "Data space for smart communities: deployment in cities",
        ("Data spaces", "Open data", "Interoperability"),
        "DIGITAL-SIMPLE DIGITAL Simple Grants",
        "Municipalities connect their open data platforms to the European data space for "
        "smart communities, with reusable services for mobility and energy.",
        12_000_000,
        2,
        5_000_000,
        6_000_000,
        35,
        150,
    ),
    CallPlan(
        "DIGITAL",
        "DIGITAL-{year}-SKILLS-PUBLIC",
        "Digital skills of public administrations and inclusive digital public services",
        ("Digital skills", "Public services", "Inclusion"),
        "DIGITAL-GFS DIGITAL Grants for Financial Support",
        "Local administrations train staff, simplify online services and keep assisted "
        "access for residents without digital skills.",
        8_000_000,
        4,
        None,
        2_000_000,
        -90,
        -20,
    ),
]

# Programmes that publish calls outside the EU portal: added by hand.
MANUAL_PLANS: list[CallPlan] = [
    CallPlan(
        "EUI",
        "EUI-IA-{year}",
        "European Urban Initiative: Innovative Actions on the green transition",
        ("Innovative actions", "Green transition", "Urban authorities"),
        "Innovative Actions",
        "Urban authorities test bold, untried solutions for the green transition of their "
        "city over three and a half years, with 80% ERDF co-financing.",
        120_000_000,
        25,
        None,
        5_000_000,
        -20,
        65,
    ),
    CallPlan(
        "EUI",
        "EUI-C2C-{year}",
        "City-to-City exchanges on sustainable urban development",
        ("Peer learning", "Capacity building", "Urban development"),
        "City-to-City exchanges",
        "Short visits between two or three cities to learn a practice, paid as lump sums.",
        1_000_000,
        40,
        None,
        25_000,
        -100,
        8,
    ),
    CallPlan(
        "URBACT",
        "URBACT-IV-ITN-{year}",
        "URBACT Innovation Transfer Networks",
        ("Transfer networks", "Good practices", "Integrated urban development"),
        "Innovation Transfer Network",
        "A city that ran an EU-funded Innovative Action transfers it to 6 to 8 partner "
        "cities, each with a local group and an investment plan.",
        6_000_000,
        8,
        None,
        750_000,
        50,
        140,
    ),
    CallPlan(
        "URBACT",
        "URBACT-IV-APN-{year}",
        "URBACT Action Planning Networks",
        ("Action planning", "Participation", "Integrated urban development"),
        "Action Planning Network",
        "Networks of 8 to 10 cities co-write integrated action plans with local groups of "
        "residents and stakeholders over two and a half years.",
        25_000_000,
        30,
        None,
        850_000,
        -150,
        -60,
    ),
    CallPlan(
        "INTERREG",
        "INTERREG-EUROPE-{year}-C",
        "Interreg Europe: interregional cooperation projects",
        ("Interregional cooperation", "Policy learning", "Regional policy"),
        "Interregional cooperation project",
        "Public authorities from several countries improve their regional development "
        "policies by learning from each other, then carry out the improvements.",
        70_000_000,
        60,
        None,
        2_000_000,
        -30,
        110,
    ),
    CallPlan(
        "INTERREG",
        "INTERREG-CE-{year}-SMALL",
        "Interreg Central Europe: small-scale projects on climate and green cities",
        ("Climate adaptation", "Green infrastructure", "Central Europe"),
        "Small-scale project",
        "Smaller partnerships of Central European cities test climate and greening "
        "measures in pilot areas over eighteen months.",
        10_000_000,
        12,
        None,
        900_000,
        10,
        100,
    ),
]


def _edition_dates(
    plan: CallPlan, now: datetime, previous: bool
) -> tuple[datetime, list[datetime]]:
    shift = timedelta(days=365 if previous else 0)
    # Calls open in the morning and close at 17:00, Brussels time.
    opens = timezone.localtime(now + timedelta(days=plan.opens) - shift).replace(hour=9, minute=0)
    first = timezone.localtime(now + timedelta(days=plan.closes) - shift).replace(hour=17, minute=0)
    if plan.second:
        return opens, [first, first + timedelta(days=plan.second)]
    if plan.second == 0:  # several cut-off dates
        return opens, [first, first + timedelta(days=90), first + timedelta(days=180)]
    return opens, [first]


def _description(plan: CallPlan) -> str:
    return (
        f"<p><strong>Expected outcome:</strong> {plan.what}</p>"
        "<p><strong>Scope:</strong> Proposals should involve cities or local authorities from "
        "at least three eligible countries and build on existing local strategies. "
        "Applicants are encouraged to involve residents from the design stage and to "
        "publish their results as open data.</p>"
        "<ul><li>engage citizens and stakeholders from the start;</li>"
        "<li>plan the replication in other cities;</li>"
        "<li>share methods, data and lessons learnt with the network.</li></ul>"
    )


def _portal_rows(now: datetime) -> list[dict]:
    rows = []
    for plan in PLANS:
        for previous in (True, False):
            year = (now - timedelta(days=365) if previous else now).year + (
                1 if plan.closes > 200 else 0
            )
            identifier = plan.stem.format(year=year)
            opens, deadlines = _edition_dates(plan, now, previous)
            model = (
                "two-stage"
                if plan.second
                else ("multiple cut-off" if plan.second == 0 else "single-stage")
            )
            status = "closed" if previous else ("forthcoming" if opens > now else "open")
            if previous and plan.closes < 40:
                status = "open"  # the portal has not caught up: a stale status
            rows.append(
                portal_result(
                    identifier,
                    title=plan.title,
                    programme=plan.programme,
                    call_identifier=identifier.rsplit("-", 1)[0],
                    call_title=f"{plan.title.split(':')[0]} {year}",
                    opens=opens,
                    deadlines=deadlines,
                    model=model,
                    status=status,
                    action=plan.action,
                    budget=plan.budget,
                    expected_grants=plan.grants,
                    min_contribution=plan.minimum,
                    max_contribution=plan.maximum,
                    keywords=plan.keywords,
                    description=_description(plan),
                )
            )
    return rows


def _manual_calls(admin: User, now: datetime) -> int:
    programmes = {p.short_name: p for p in Programme.objects.all()}
    made = 0
    for plan in MANUAL_PLANS:
        for previous in (True, False):
            year = (now - timedelta(days=365) if previous else now).year
            identifier = plan.stem.format(year=year)
            opens, deadlines = _edition_dates(plan, now, previous)
            Call.objects.filter(identifier=identifier).delete()
            services.create_call(
                admin,
                identifier=identifier,
                title=plan.title,
                programme=programmes[plan.programme],
                call_identifier=identifier,
                action_type=plan.action,
                opens_at=opens,
                deadline=deadlines[0],
                second_deadline=deadlines[1] if len(deadlines) > 1 else None,
                deadline_model="single-stage",
                budget_eur=plan.budget,
                expected_grants=plan.grants,
                min_contribution=plan.minimum,
                max_contribution=plan.maximum,
                keywords=list(plan.keywords),
                description=_description(plan),
                url=programmes[plan.programme].website,
            )
            made += 1
    return made


# --- Guides ---------------------------------------------------------------------------


GUIDES = [
    (
        "finding-calls",
        {
            "en": "Finding the calls that fit your city",
            "fr": "Trouver les appels qui conviennent à votre ville",
        },
        {
            "en": "Where EU calls are published, how to read a topic page, and how to watch "
            "deadlines without missing one.",
            "fr": "Où sont publiés les appels européens, comment lire une fiche d'appel, et "
            "comment suivre les échéances sans en manquer une.",
        },
        {
            "en": """## Where calls are published

- **Directly managed programmes** (Horizon Europe, LIFE, CERV, Creative Europe, Digital
  Europe) publish their calls in the EU **Funding & Tenders Portal**. MetroAgora imports
  them every night.
- **Shared management** (ERDF, ESF+, Cohesion Fund, JTF) is spent through national and
  regional programmes: calls are published by your managing authority.
- **Cities' own programmes** (European Urban Initiative, URBACT, Interreg) publish on
  their websites; the network adds their calls by hand.

## Reading a call

1. Check the **type of action**: a research action (RIA) is usually led by a university;
   a coordination and support action (CSA) pays for networking and exchanges.
2. Read the **expected outcomes**: the evaluators score how you contribute to them.
3. Note the **deadlines** (Brussels time) and whether the call has **two stages**.

## Never miss a deadline

Watch a call, or save a search: you get an email when a call opens and 30, 7 and 1 days
before each deadline, and the deadlines appear in your calendar feed.
""",
            "fr": """## Où les appels sont publiés

- Les **programmes en gestion directe** (Horizon Europe, LIFE, CERV, Europe créative,
  Europe numérique) publient leurs appels sur le **portail Funding & Tenders** de l'UE.
- La **gestion partagée** (FEDER, FSE+, Fonds de cohésion, FTJ) passe par les programmes
  nationaux et régionaux : votre autorité de gestion publie les appels.
- Les **programmes des villes** (Initiative urbaine européenne, URBACT, Interreg)
  publient sur leurs sites ; le réseau ajoute leurs appels à la main.

## Ne manquez aucune échéance

Suivez un appel ou enregistrez une recherche : vous recevez un courriel à l'ouverture,
puis 30, 7 et 1 jours avant chaque échéance.
""",
        },
        [],
        True,
    ),
    (
        "building-a-consortium",
        {"en": "Building a consortium with other cities"},
        {"en": "Roles, partners to look for, and how the network's partner search helps."},
        {
            "en": """## Roles

- The **coordinator** (lead partner) signs the grant agreement and manages the project.
- **Partners** carry out work packages and receive part of the grant.
- **Associated partners** take part without funding.

## Who to look for

Most calls ask for partners from **at least three eligible countries**. Mix cities of
different sizes and regions, and add a research organisation when the call is a
research action.

## Using the partner search

Announce your project on the partner search page: say your role, whom you look for and
which countries. Coordinators of other cities answer; you decide who joins, and the
network sees who builds which consortium.
"""
        },
        ["HORIZON", "LIFE", "INTERREG", "URBACT"],
        False,
    ),
    (
        "lump-sums-and-two-stage-calls",
        {"en": "Lump sums and two-stage calls, explained"},
        {"en": "What changes when a call pays a lump sum or selects proposals in two steps."},
        {
            "en": """## Lump-sum grants

A lump sum pays a fixed amount per work package when the work is done: you report on
**results**, not on every cost. Budget carefully at the proposal stage: the amount will
not change.

## Two-stage calls

In the **first stage** you send a short proposal (about 10 pages). Only the proposals
above the threshold are invited to the **second stage**, with the full proposal. Start
building the consortium before the first deadline: there is little time between the
stages.
"""
        },
        ["HORIZON", "CERV", "CREA"],
        False,
    ),
    (
        "writing-the-proposal",
        {
            "en": "Writing a proposal evaluators can score",
            "fr": "Rédiger une proposition que les évaluateurs peuvent noter",
        },
        {
            "en": "Excellence, impact, implementation: answer the criteria in their order.",
            "fr": "Excellence, impact, mise en œuvre : répondez aux critères dans leur ordre.",
        },
        {
            "en": """## Follow the template

Evaluators score **excellence**, **impact** and **quality of implementation**. Use the
template's headings, and answer each expected outcome of the call explicitly.

## Show the city's commitment

A letter of the mayor or a council decision, a named team, and co-financing set aside
in the budget show that the city will carry the project.

## Plan the participation

Say who will take part (residents, districts, groups rarely heard), how, and what will
change with what they say.
""",
            "fr": """## Suivez le modèle

Les évaluateurs notent l'**excellence**, l'**impact** et la **qualité de la mise en
œuvre**. Reprenez les titres du modèle et répondez à chaque résultat attendu de l'appel.

## Montrez l'engagement de la ville

Une lettre du maire ou une délibération, une équipe nommée et un cofinancement inscrit
au budget montrent que la ville portera le projet.
""",
        },
        ["HORIZON", "LIFE", "EUI"],
        False,
    ),
    (
        "reporting-and-audits",
        {"en": "Reporting on EU funds and preparing for audits"},
        {"en": "Timesheets, deliverables, and keeping the evidence for five years."},
        {
            "en": """## Reporting periods

Projects report every 12 to 18 months: a technical report on the work done and a
financial statement per partner. Lump-sum projects report deliverables only.

## Keep the evidence

Keep timesheets, invoices, procurement files and proof of deliverables for **five
years** after the final payment: the Commission and the Court of Auditors may check
them.

## Publicity

Show the EU emblem and the funding statement on every publication, event and website of
the project.
"""
        },
        ["HORIZON", "LIFE", "COHESION", "INTERREG"],
        False,
    ),
]


# --- Needs, watches, partner searches, projects ---------------------------------------------


NEEDS = {
    "lyon": (
        "fr",
        "Nos écoles et nos quartiers denses souffrent de la chaleur chaque été. Nous voulons "
        "végétaliser les cours d'école et les rues (urban heat, schoolyards, trees, "
        "nature-based solutions), associer les habitants aux choix par des assemblées "
        "citoyennes (citizens' assemblies, participation) et lutter contre la précarité "
        "énergétique (energy poverty, renovation).",
        ["urban heat in schools", "citizen participation in climate action", "energy poverty"],
        ["climate", "environment", "citizens-assemblies"],
    ),
    "gdansk": (
        "en",
        "Gdańsk wants to involve residents in the city's climate transition and to extend its "
        "participatory budget to climate projects. We also need support for the renovation "
        "of social housing and for digital skills of older residents.",
        ["participatory budgeting for climate", "social housing renovation", "digital skills"],
        ["participatory-budgeting", "climate", "housing"],
    ),
    "milan": (
        "it",
        "Milano vuole ridurre le emissioni della logistica urbana (urban logistics, cargo bikes, "
        "low-emission zones) e trasformare gli spazi pubblici con i cittadini (public space, "
        "urban regeneration).",
        ["zero-emission urban logistics", "public space regeneration"],
        ["mobility", "urban-regeneration"],
    ),
}

PROJECTS = [
    # (source id, acronym, title, programme, start year, years, total, EU, city roles)
    (
        "D-101",
        "COOLSCHOOLS",
        "Cool schoolyards against urban heat",
        "LIFE",
        2021,
        4,
        "4200000",
        "2520000",
        [("lyon", "coordinator", "1100000"), ("gdansk", "participant", "620000")],
    ),
    (
        "D-102",
        "CLIMATEASSEMBLY",
        "Citizens' assemblies for the climate transition",
        "HORIZON",
        2022,
        3,
        "3000000",
        "3000000",
        [
            ("gdansk", "participant", "410000"),
            ("warsaw", "participant", "380000"),
            ("helsinki", "coordinator", "720000"),
        ],
    ),
    (
        "D-103",
        "ENERPOV-ONE",
        "One-stop shops against energy poverty",
        "LIFE",
        2023,
        3,
        "1900000",
        "1805000",
        [("lyon", "participant", "310000"), ("athens", "coordinator", "640000")],
    ),
    (
        "D-104",
        "TWIN4EU",
        "Twinned towns debating the future of Europe",
        "CERV",
        2024,
        1,
        "30000",
        "30000",
        [("gdansk", "coordinator", "30000")],
    ),
    (
        "D-105",
        "DATA4CITIES",
        "Local digital twins for planning with residents",
        "DIGITAL",
        2023,
        3,
        "9800000",
        "4900000",
        [
            ("amsterdam", "coordinator", "1400000"),
            ("milan", "participant", "900000"),
            ("lyon", "participant", "650000"),
        ],
    ),
    (
        "D-106",
        "GREENLOGI",
        "Zero-emission logistics hubs in dense centres",
        "HORIZON",
        2020,
        4,
        "8500000",
        "7900000",
        [("milan", "coordinator", "1800000"), ("barcelona", "participant", "1200000")],
    ),
    (
        "D-107",
        "SPONGE-BALTIC",
        "Sponge-city streets for Baltic ports",
        "INTERREG",
        2022,
        3,
        "2400000",
        "1920000",
        [("gdansk", "coordinator", "520000"), ("helsinki", "participant", "310000")],
    ),
    (
        "D-108",
        "URBACT-PB",
        "Participatory budgets for every district",
        "URBACT",
        2023,
        2,
        "850000",
        "680000",
        [
            ("warsaw", "coordinator", "140000"),
            ("lisbon", "participant", "72000"),
            ("lyon", "participant", "70000"),
        ],
    ),
    (
        "D-109",
        "HEATMAP",
        "Heat-health warning system for older residents",
        "EUI",
        2024,
        3,
        "6250000",
        "5000000",
        [("athens", "coordinator", "5000000")],
    ),
    (
        "D-110",
        "RENOVATE-SOCIAL",
        "Deep renovation of social housing estates",
        "COHESION",
        2019,
        5,
        "14000000",
        "8400000",
        [("prague", "coordinator", "8400000")],
    ),
    (
        "D-111",
        "CULTURE-4-ALL",
        "Neighbourhood culture programmes with residents",
        "CREA",
        2022,
        2,
        "420000",
        "336000",
        [("lisbon", "coordinator", "140000"), ("dublin", "participant", "98000")],
    ),
    (
        "D-112",
        "SKILLS60",
        "Digital skills for residents over sixty",
        "ESF+",
        2021,
        3,
        "1250000",
        "1000000",
        [("hamburg", "coordinator", "1000000")],
    ),
]

APPLICATIONS = [
    # (city, plan stem, previous edition?, status, role)
    ("lyon", "LIFE-{year}-SAP-CLIMA-CCA", True, "won", "coordinator"),
    ("lyon", "HORIZON-MISS-{year}-CIT-01-01", True, "lost", "partner"),
    ("lyon", "CERV-{year}-CITIZENS-TOWN-TT", True, "won", "coordinator"),
    ("lyon", "LIFE-{year}-CET-ENERPOV", False, "preparing", "partner"),
    ("gdansk", "CERV-{year}-CITIZENS-TOWN-NT", True, "won", "coordinator"),
    ("gdansk", "HORIZON-CL2-{year}-DEMOCRACY-01-04", True, "lost", "partner"),
    ("gdansk", "HORIZON-MISS-{year}-CIT-01-01", False, "submitted", "partner"),
    ("warsaw", "HORIZON-CL5-{year}-D6-01-02", True, "lost", "partner"),
    ("warsaw", "URBACT-IV-APN-{year}", True, "won", "coordinator"),
]


@dataclass
class Summary:
    calls: int = 0
    open: int = 0
    forthcoming: int = 0
    closed: int = 0
    two_stage: int = 0
    guides: int = 0
    watches: int = 0
    partner_searches: int = 0
    projects: int = 0
    applications: int = 0


def _year_identifier(stem: str, now: datetime, previous: bool) -> str | None:
    year = (now - timedelta(days=365) if previous else now).year
    for candidate in (year, year + 1):
        identifier = stem.format(year=candidate)
        if Call.objects.filter(identifier=identifier).exists():
            return identifier
    return None


@transaction.atomic
def seed_demo_funding(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo funding data. Needs ``seed_demo``."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    users = {user.email: user for user in User.objects.filter(email__in=ACCOUNTS)}
    cities = {city.slug: city for city in City.objects.filter(slug__in=CITIES)}
    missing = (ACCOUNTS - set(users)) | (set(CITIES) - set(cities))
    if missing:
        raise LookupError(f"Missing: {sorted(missing)}. Run manage.py seed_demo first.")
    admin = users[ADMIN]
    topics = {t.slug: t for t in Topic.objects.all()}
    programmes = {p.short_name: p for p in Programme.objects.all()}

    # What refers to the demo calls goes first (applications protect their calls).
    Application.objects.filter(city__in=cities.values()).delete()
    services.import_calls(to_json(portal_page(_portal_rows(now))), actor=admin, now=now)
    _manual_calls(admin, now)

    for position, guide_data in enumerate(GUIDES):
        slug, g_title, g_summary, g_body, programme_shorts, everywhere = guide_data
        guide, _created = Guide.objects.update_or_create(
            slug=slug,
            defaults={
                "title": {**g_title, "_original": "en"},
                "summary": {**g_summary, "_original": "en"},
                "body": {**g_body, "_original": "en"},
                "for_all_calls": everywhere,
                "position": position * 10,
            },
        )
        guide.programmes.set([programmes[s] for s in programme_shorts])

    coordinators = {"lyon": users[LYON], "gdansk": users[GDANSK], "warsaw": users[WARSAW]}
    for slug, (language, text, priorities, topic_slugs) in NEEDS.items():
        actor = coordinators.get(slug, admin)
        services.save_needs(
            actor,
            cities[slug],
            text=text,
            priorities=priorities,
            topics=[topics[t] for t in topic_slugs],
            language=language,
        )

    def current(stem: str) -> Call:
        identifier = _year_identifier(stem, now, previous=False)
        assert identifier is not None, stem
        return Call.objects.get(identifier=identifier)

    Watch.objects.filter(created_by__in=users.values()).delete()
    lyon, gdansk, warsaw = users[LYON], users[GDANSK], users[WARSAW]
    for stem in (
        "LIFE-{year}-SAP-CLIMA-CCA",
        "HORIZON-MISS-{year}-CIT-01-01",
        "LIFE-{year}-CET-ENERPOV",
    ):
        services.watch_call(lyon, current(stem), city=cities["lyon"])
    services.watch_call(lyon, current("EUI-IA-{year}"))
    services.save_search(
        lyon, {"programme": "cerv", "status": "current"}, name="CERV: citizens and town twinning"
    )
    services.watch_call(
        gdansk, current("HORIZON-CL2-{year}-DEMOCRACY-01-04"), city=cities["gdansk"]
    )
    services.save_search(
        gdansk, {"q": "housing", "status": "current"}, name="Housing", city=cities["gdansk"]
    )
    services.watch_call(warsaw, current("URBACT-IV-ITN-{year}"), city=cities["warsaw"])
    services.watch_call(users[PARTICIPANT], current("CERV-{year}-CITIZENS-CIV"))

    PartnerSearch.objects.filter(city__in=cities.values()).delete()
    searches = [
        (
            lyon,
            "lyon",
            "LIFE-{year}-SAP-CLIMA-CCA",
            "coordinator",
            "partner",
            ["PL", "IT", "ES"],
            "Lyon coordinates a project on cool schoolyards: greening 40 schoolyards with pupils "
            "and teachers, and opening them to the neighbourhood in summer. We look for two or "
            "three cities with a school greening plan and a university partner for the "
            "evaluation of heat and health effects.",
            [
                (
                    "gdansk",
                    gdansk,
                    "partner",
                    "accepted",
                    "Gdańsk has a programme of 12 green schoolyards and works with the Gdańsk "
                    "University of Technology on heat measurements. We would lead the "
                    "monitoring work package.",
                ),
                (
                    "warsaw",
                    warsaw,
                    "partner",
                    "proposed",
                    "Warsaw's participatory budget funds schoolyard projects every year; we would "
                    "bring our experience of involving pupils in the choices.",
                ),
            ],
        ),
        (
            gdansk,
            "gdansk",
            "HORIZON-MISS-{year}-CIT-01-01",
            "partner",
            "coordinator",
            [],
            "Gdańsk wants to join a consortium on citizens' engagement in Climate City Contracts. "
            "We bring our climate citizens' assembly (2023) and a participatory budget with a "
            "climate strand. We look for a coordinating mission city or research organisation.",
            [
                (
                    "lyon",
                    lyon,
                    "coordinator",
                    "proposed",
                    "Lyon could coordinate: we prepare our Climate City Contract with a citizens' "
                    "convention and would welcome Gdańsk's experience.",
                )
            ],
        ),
        (
            warsaw,
            "warsaw",
            "URBACT-IV-ITN-{year}",
            "coordinator",
            "partner",
            ["PT", "IE", "CZ"],
            "Warsaw prepares a transfer network on participatory budgets for every district, "
            "based on our Innovative Action. We look for six cities ready to run a first budget "
            "cycle within two years.",
            [
                (
                    "lyon",
                    lyon,
                    "partner",
                    "accepted",
                    "Lyon runs a participatory budget since 2021 and would like to extend it to "
                    "every district with the network's methods.",
                )
            ],
        ),
    ]
    for actor, city_slug, stem, role, sought, countries, text, answers in searches:
        search = services.open_partner_search(
            actor,
            city=cities[city_slug],
            call=current(stem),
            city_role=role,
            role_sought=sought,
            countries=countries,
            text=text,
            language="en",
        )
        for answer_city, who, answer_role, status, message in answers:
            answer = services.answer_partner_search(
                who,
                search,
                city=cities[answer_city],
                role=answer_role,
                message=message,
            )
            if status != "proposed":
                services.decide_partner_answer(actor, answer, status)

    FundedProject.objects.filter(source="manual", source_id__startswith="D-").delete()
    for source_id, acronym, title, short, year, years, total, eu, roles in PROJECTS:
        project = FundedProject.objects.create(
            source="manual",
            source_id=source_id,
            programme=programmes.get(short),
            acronym=acronym,
            title=title,
            starts_on=now.date().replace(year=year, month=1 + (int(source_id[-2:]) % 12), day=1),
            ends_on=now.date().replace(
                year=year + years, month=1 + (int(source_id[-2:]) % 12), day=1
            ),
            total_cost=Decimal(total),
            eu_contribution=Decimal(eu),
            summary=f"{title}: a project of the network's cities, funded by {short}.",
            results="Methods, open data and a replication guide published for other cities.",
            created_by=admin,
        )
        for city_slug, role, amount in roles:
            city = cities[city_slug]
            ProjectParticipant.objects.create(
                project=project,
                city=city,
                name=f"City of {city.name.get('en') or city}",
                country=str(city.country),
                role=role,
                eu_contribution=Decimal(amount),
            )
        ProjectParticipant.objects.create(
            project=project,
            name="A university partner",
            country="BE",
            role="participant",
            eu_contribution=Decimal(eu) / 10,
        )

    for city_slug, stem, previous, status, role in APPLICATIONS:
        identifier = _year_identifier(stem, now, previous=previous)
        if identifier is None:
            continue
        call = Call.objects.get(identifier=identifier)
        submitted = (call.deadline or now).date() if status != "preparing" else None
        services.track_application(
            coordinators.get(city_slug, admin),
            city=cities[city_slug],
            call=call,
            status=status,
            role=role,
            submitted_on=submitted,
        )

    summary = Summary()
    for call in Call.objects.all():
        summary.calls += 1
        setattr(summary, call.status, getattr(summary, call.status) + 1)
        summary.two_stage += int(call.is_two_stage)
    summary.guides = Guide.objects.count()
    summary.watches = Watch.objects.count()
    summary.partner_searches = PartnerSearch.objects.count()
    summary.projects = FundedProject.objects.count()
    summary.applications = Application.objects.count()
    return summary
