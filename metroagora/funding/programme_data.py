"""The EU programmes of 2021-2027 relevant to cities (no Django: read by a migration).

Budgets come from ``data/eu-programmes-2021-2027.csv`` (EU contribution, one public
source per row); names, what each funds for cities, how directly cities apply, and the
Funding & Tenders Portal codes are kept here. Network admins edit all of it later.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "eu-programmes-2021-2027.csv"
LANGS = ("en", "fr", "de", "it", "es", "pl")


@dataclass(frozen=True)
class ProgrammeInfo:
    short: str
    slug: str
    names: dict[str, str]  # per language; "en" is the original
    description: dict[str, str]
    city_funding: str  # English markdown
    city_fit: int  # 0..3, see models.CityFit
    website: str
    portal_codes: list[str] = field(default_factory=list)


def _names(*names: str) -> dict[str, str]:
    return dict(zip(LANGS, names, strict=True))


PROGRAMMES: dict[str, ProgrammeInfo] = {
    info.short: info
    for info in [
        ProgrammeInfo(
            "EUI",
            "eui",
            _names(
                "European Urban Initiative",
                "Initiative urbaine européenne",
                "Europäische Stadtinitiative",
                "Iniziativa urbana europea",
                "Iniciativa Urbana Europea",
                "Europejska Inicjatywa Miejska",
            ),
            {
                "en": "Innovative actions, capacity building and knowledge for sustainable urban "
                "development, funded by the ERDF.",
                "fr": "Actions innovatrices, renforcement des capacités et connaissances pour le "
                "développement urbain durable, financés par le FEDER.",
            },
            "Only **urban authorities** apply. *Innovative Actions* calls fund up to "
            "€5 million per project (80% co-financing) to test bold solutions over three and a "
            "half years; *City-to-City exchanges* and peer reviews pay for short visits between "
            "cities.",
            3,
            "https://www.urban-initiative.eu/",
        ),
        ProgrammeInfo(
            "URBACT",
            "urbact",
            _names("URBACT IV", "URBACT IV", "URBACT IV", "URBACT IV", "URBACT IV", "URBACT IV"),
            {
                "en": "Networks of European cities that learn from each other to design and "
                "implement integrated urban policies.",
                "fr": "Réseaux de villes européennes qui apprennent les unes des autres pour "
                "concevoir et mettre en œuvre des politiques urbaines intégrées.",
            },
            "Cities join **Action Planning**, **Transfer** or **Innovation Transfer Networks** "
            "of 6 to 10 partners for about two and a half years; the programme pays experts, "
            "exchanges and a local group that co-writes the city's action plan.",
            3,
            "https://urbact.eu/",
        ),
        ProgrammeInfo(
            "INTERREG",
            "interreg",
            _names(
                "Interreg (European territorial cooperation)",
                "Interreg (coopération territoriale européenne)",
                "Interreg (Europäische territoriale Zusammenarbeit)",
                "Interreg (cooperazione territoriale europea)",
                "Interreg (cooperación territorial europea)",
                "Interreg (Europejska współpraca terytorialna)",
            ),
            {
                "en": "Cross-border, transnational and interregional cooperation between regions "
                "and cities.",
                "fr": "Coopération transfrontalière, transnationale et interrégionale entre "
                "régions et villes.",
            },
            "Cities lead or join projects of **cross-border** (Interreg A), **transnational** "
            "(B: Baltic Sea, Central Europe, Mediterranean...) and **interregional** (Interreg "
            "Europe) programmes; each programme opens its own calls, usually with 80% "
            "co-financing.",
            2,
            "https://interreg.eu/",
        ),
        ProgrammeInfo(
            "CERV",
            "cerv",
            _names(
                "Citizens, Equality, Rights and Values",
                "Citoyens, égalité, droits et valeurs",
                "Bürgerinnen und Bürger, Gleichstellung, Rechte und Werte",
                "Cittadini, uguaglianza, diritti e valori",
                "Ciudadanos, Igualdad, Derechos y Valores",
                "Obywatele, Równość, Prawa i Wartości",
            ),
            {
                "en": "Civic participation, remembrance, equality and the rights of the Charter.",
                "fr": "Participation civique, mémoire, égalité et droits de la Charte.",
            },
            "**Town twinning** and **networks of towns** grants pay for citizens' meetings "
            "between municipalities; other strands fund democratic participation, equality and "
            "the fight against discrimination. Lump sums make small grants simple.",
            2,
            "https://commission.europa.eu/funding-tenders/find-funding/eu-funding-programmes/"
            "citizens-equality-rights-and-values-programme_en",
            ["43251589"],
        ),
        ProgrammeInfo(
            "COHESION",
            "cohesion",
            _names(
                "Cohesion policy (all funds)",
                "Politique de cohésion (tous les fonds)",
                "Kohäsionspolitik (alle Fonds)",
                "Politica di coesione (tutti i fondi)",
                "Política de cohesión (todos los fondos)",
                "Polityka spójności (wszystkie fundusze)",
            ),
            {
                "en": "The ERDF, ESF+, Cohesion Fund and JTF, spent through national and regional "
                "programmes.",
                "fr": "FEDER, FSE+, Fonds de cohésion et FTJ, dépensés par les programmes "
                "nationaux et régionaux.",
            },
            "At least 8% of the ERDF goes to **sustainable urban development** strategies led "
            "by cities (integrated territorial investments). Calls are opened by the national "
            "or regional managing authority, not in the EU portal.",
            2,
            "https://ec.europa.eu/regional_policy/",
        ),
        ProgrammeInfo(
            "ESF+",
            "esf-plus",
            _names(
                "European Social Fund Plus",
                "Fonds social européen plus",
                "Europäischer Sozialfonds Plus",
                "Fondo sociale europeo Plus",
                "Fondo Social Europeo Plus",
                "Europejski Fundusz Społeczny Plus",
            ),
            {
                "en": "Jobs, skills, social inclusion and the fight against poverty.",
                "fr": "Emploi, compétences, inclusion sociale et lutte contre la pauvreté.",
            },
            "Cities get ESF+ money through **national and regional programmes** for "
            "employment services, social innovation, housing-first and child guarantee "
            "measures; the EaSI strand runs EU-level calls for social innovation.",
            2,
            "https://european-social-fund-plus.ec.europa.eu/",
        ),
        ProgrammeInfo(
            "LIFE",
            "life",
            _names(
                "LIFE Programme",
                "Programme LIFE",
                "LIFE-Programm",
                "Programma LIFE",
                "Programa LIFE",
                "Program LIFE",
            ),
            {
                "en": "Environment, nature, climate action and the clean energy transition.",
                "fr": "Environnement, nature, action climatique et transition vers une énergie "
                "propre.",
            },
            "Cities lead **Standard Action Projects** (nature, circular economy, climate "
            "adaptation), **Strategic Integrated Projects** for regional climate or air plans, "
            "and clean energy transition coordination actions (energy poverty, one-stop shops).",
            2,
            "https://cinea.ec.europa.eu/programmes/life_en",
            ["43252405"],
        ),
        ProgrammeInfo(
            "HORIZON",
            "horizon",
            _names(
                "Horizon Europe",
                "Horizon Europe",
                "Horizont Europa",
                "Orizzonte Europa",
                "Horizonte Europa",
                "Horyzont Europa",
            ),
            {
                "en": "Research and innovation; includes the Mission on 100 climate-neutral and "
                "smart cities.",
                "fr": "Recherche et innovation ; comprend la mission 100 villes neutres pour le "
                "climat et intelligentes.",
            },
            "Cities join consortia as **pilot sites and partners**, above all in the "
            "**Cities Mission** and the Cluster 5 (climate, energy, mobility) and Cluster 2 "
            "(democracy, culture) calls. Research organisations usually coordinate.",
            1,
            "https://research-and-innovation.ec.europa.eu/funding/funding-opportunities/"
            "funding-programmes-and-open-calls/horizon-europe_en",
            ["43108390"],
        ),
        ProgrammeInfo(
            "DIGITAL",
            "digital",
            _names(
                "Digital Europe Programme",
                "Programme pour une Europe numérique",
                "Programm Digitales Europa",
                "Programma Europa digitale",
                "Programa Europa Digital",
                "Program Cyfrowa Europa",
            ),
            {
                "en": "Digital capacity: data, artificial intelligence, cybersecurity, skills.",
                "fr": "Capacités numériques : données, intelligence artificielle, "
                "cybersécurité, compétences.",
            },
            "Cities take part in **local digital twins**, the **data space for smart "
            "communities** and European Digital Innovation Hubs, usually in consortia with "
            "co-financing of 50%.",
            1,
            "https://digital-strategy.ec.europa.eu/en/activities/digital-programme",
            ["43152860"],
        ),
        ProgrammeInfo(
            "ERASMUS",
            "erasmus",
            _names("Erasmus+", "Erasmus+", "Erasmus+", "Erasmus+", "Erasmus+", "Erasmus+"),
            {
                "en": "Education, training, youth and sport.",
                "fr": "Éducation, formation, jeunesse et sport.",
            },
            "Municipalities run **youth participation** activities, mobility of staff and "
            "**cooperation partnerships** with schools and youth organisations, mostly through "
            "the national agencies.",
            1,
            "https://erasmus-plus.ec.europa.eu/",
        ),
        ProgrammeInfo(
            "CREA",
            "crea",
            _names(
                "Creative Europe",
                "Europe créative",
                "Kreatives Europa",
                "Europa creativa",
                "Europa Creativa",
                "Kreatywna Europa",
            ),
            {
                "en": "Culture, cultural heritage and the audiovisual sector.",
                "fr": "Culture, patrimoine culturel et secteur audiovisuel.",
            },
            "City cultural departments join **European cooperation projects**; the programme "
            "also runs the European Capitals of Culture and the New European Bauhaus calls.",
            1,
            "https://culture.ec.europa.eu/creative-europe",
            ["43251814"],
        ),
        ProgrammeInfo(
            "CF",
            "cf",
            _names(
                "Cohesion Fund",
                "Fonds de cohésion",
                "Kohäsionsfonds",
                "Fondo di coesione",
                "Fondo de Cohesión",
                "Fundusz Spójności",
            ),
            {
                "en": "Transport and environment investments in member states with a gross "
                "national income below 90% of the EU average.",
                "fr": "Investissements dans les transports et l'environnement des États membres "
                "dont le revenu national brut est inférieur à 90 % de la moyenne de l'UE.",
            },
            "Finances **large infrastructure**: public transport, water and waste, in eligible "
            "countries, through national programmes.",
            1,
            "https://ec.europa.eu/regional_policy/funding/cohesion-fund_en",
        ),
        ProgrammeInfo(
            "JTF",
            "jtf",
            _names(
                "Just Transition Fund",
                "Fonds pour une transition juste",
                "Fonds für einen gerechten Übergang",
                "Fondo per una transizione giusta",
                "Fondo de Transición Justa",
                "Fundusz na rzecz Sprawiedliwej Transformacji",
            ),
            {
                "en": "Support for the regions most affected by the move away from fossil fuels.",
                "fr": "Soutien aux régions les plus touchées par la sortie des énergies fossiles.",
            },
            "Cities in the territories of a **territorial just transition plan** apply for "
            "reskilling, clean energy and site regeneration projects, through their region.",
            1,
            "https://commission.europa.eu/funding-tenders/find-funding/eu-funding-programmes/"
            "just-transition-fund_en",
        ),
        ProgrammeInfo(
            "RRF",
            "rrf",
            _names(
                "Recovery and Resilience Facility",
                "Facilité pour la reprise et la résilience",
                "Aufbau- und Resilienzfazilität",
                "Dispositivo per la ripresa e la resilienza",
                "Mecanismo de Recuperación y Resiliencia",
                "Instrument na rzecz Odbudowy i Zwiększania Odporności",
            ),
            {
                "en": "Grants and loans to member states for the reforms and investments of "
                "their national recovery plans, until 2026.",
                "fr": "Subventions et prêts aux États membres pour les réformes et "
                "investissements de leurs plans nationaux de relance, jusqu'en 2026.",
            },
            "Cities receive money through **national recovery plans** (building renovation, "
            "public transport, digital services), under national calls and deadlines.",
            0,
            "https://commission.europa.eu/business-economy-euro/economic-recovery/"
            "recovery-and-resilience-facility_en",
        ),
    ]
}


@dataclass(frozen=True)
class ProgrammeRow:
    info: ProgrammeInfo
    budget_eur: int
    budget_note: str
    source: str


def programme_rows(path: Path = CSV_PATH) -> list[ProgrammeRow]:
    """The CSV's programmes with what we know of each (every row must be described here)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            info = PROGRAMMES[row["short"]]
            rows.append(
                ProgrammeRow(
                    info=info,
                    budget_eur=int(row["budget_eur"]),
                    budget_note=row["budget_note"].strip(),
                    source=row["source"].strip(),
                )
            )
    return rows
