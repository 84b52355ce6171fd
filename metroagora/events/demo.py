"""Demo events on top of the demo network (``manage.py seed_demo``).

A funded project with past events that left a mark (participants checked in,
feedback, minutes and conclusions) and upcoming ones (one full with a waiting list,
one online session, one draft). Dates are relative to now; the randomness is seeded,
so two runs give the same people.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events.models import (
    Event,
    EventKind,
    EventOutcome,
    EventStatus,
    Feedback,
    Project,
    Registration,
    RegistrationStatus,
    Session,
    Topic,
    new_code,
    new_token,
)
from metroagora.network.models import City, PartnerOrganisation

PROJECT_SLUG = "cities-for-europes-future"
PROJECT_NAME = {
    "en": "Cities for Europe's Future (CERV Networks of Towns)",
    "fr": "Des villes pour l'avenir de l'Europe (CERV Réseaux de villes)",
    "de": "Städte für die Zukunft Europas (CERV Städtenetzwerke)",
    "it": "Città per il futuro dell'Europa (CERV Reti di città)",
    "es": "Ciudades por el futuro de Europa (CERV Redes de ciudades)",
    "pl": "Miasta dla przyszłości Europy (CERV Sieci miast)",
    "_original": "en",
}

TOPICS = {
    "participatory-budgeting": {
        "en": "Participatory budgeting",
        "fr": "Budget participatif",
        "de": "Bürgerhaushalt",
        "it": "Bilancio partecipativo",
        "es": "Presupuestos participativos",
        "pl": "Budżet obywatelski",
    },
    "climate": {
        "en": "Climate",
        "fr": "Climat",
        "de": "Klima",
        "it": "Clima",
        "es": "Clima",
        "pl": "Klimat",
    },
    "future-of-europe": {
        "en": "Future of Europe",
        "fr": "Avenir de l'Europe",
        "de": "Zukunft Europas",
        "it": "Futuro dell'Europa",
        "es": "Futuro de Europa",
        "pl": "Przyszłość Europy",
    },
    "youth": {
        "en": "Youth",
        "fr": "Jeunesse",
        "de": "Jugend",
        "it": "Giovani",
        "es": "Juventud",
        "pl": "Młodzież",
    },
    "digital-democracy": {
        "en": "Digital democracy",
        "fr": "Démocratie numérique",
        "de": "Digitale Demokratie",
        "it": "Democrazia digitale",
        "es": "Democracia digital",
        "pl": "Demokracja cyfrowa",
    },
}

# Given names and family names per country, for believable participant lists.
NAMES = {
    "FR": (
        ["Camille", "Léa", "Hugo", "Louis", "Chloé", "Manon", "Julien", "Inès", "Théo", "Sarah"],
        ["Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Girard", "Roux"],
    ),
    "IT": (
        ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Davide"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
    ),
    "PL": (
        ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Zofia", "Michał"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"],
    ),
    "ES": (
        ["Lucía", "Pau", "Marta", "Jordi", "Carmen", "Alejandro", "Núria", "Javier"],
        ["García", "Martínez", "López", "Puig", "Fernández", "Sánchez", "Vidal", "Serra"],
    ),
    "FI": (
        ["Aino", "Eero", "Helmi", "Juho", "Saara", "Mikko", "Venla", "Ville"],
        ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Laine", "Heikkinen"],
    ),
    "SE": (
        ["Elsa", "Oscar", "Maja", "Erik", "Astrid", "Lars"],
        ["Andersson", "Johansson", "Karlsson", "Nilsson", "Lindqvist"],
    ),
    "PT": (
        ["Inês", "João", "Beatriz", "Tiago", "Mariana", "Rui"],
        ["Silva", "Santos", "Ferreira", "Pereira", "Costa", "Oliveira"],
    ),
    "DE": (
        ["Lena", "Jonas", "Mia", "Felix", "Hannah", "Lukas"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"],
    ),
    "CZ": (
        ["Tereza", "Jakub", "Eliška", "Jan", "Karolína", "Ondřej"],
        ["Novák", "Svoboda", "Dvořák", "Černý", "Procházka"],
    ),
    "EE": (
        ["Mari", "Kristjan", "Liis", "Rasmus", "Kadri"],
        ["Tamm", "Saar", "Sepp", "Mägi", "Kask"],
    ),
    "HU": (
        ["Anna", "Bence", "Réka", "Dániel", "Zsófia"],
        ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth"],
    ),
    "BE": (
        ["Emma", "Arthur", "Louise", "Noah", "Elise"],
        ["Peeters", "Janssens", "Maes", "Dupont", "Lambert"],
    ),
    "GR": (
        ["Maria", "Giorgos", "Eleni", "Nikos", "Sofia"],
        ["Papadopoulos", "Nikolaou", "Georgiou", "Pappas"],
    ),
    "IE": (["Aoife", "Conor", "Niamh", "Seán"], ["Murphy", "Kelly", "O'Brien", "Byrne"]),
    "NL": (["Sanne", "Daan", "Fleur", "Bram"], ["de Jong", "Jansen", "Visser", "Bakker"]),
    "DK": (["Freja", "Mads", "Ida", "Rasmus"], ["Nielsen", "Jensen", "Hansen", "Larsen"]),
}
UI_LANGUAGE = {"FR": "fr", "BE": "fr", "IT": "it", "PL": "pl", "ES": "es", "DE": "de"}
NEARBY = {
    "lyon": ["Lyon", "Lyon", "Lyon", "Villeurbanne", "Vénissieux", "Caluire-et-Cuire"],
    "milan": ["Milano", "Milano", "Milano", "Sesto San Giovanni", "Monza", "Rho"],
    "warsaw": ["Warszawa", "Warszawa", "Warszawa", "Piaseczno", "Pruszków"],
    "barcelona": ["Barcelona", "Barcelona", "L'Hospitalet de Llobregat", "Badalona"],
    "helsinki": ["Helsinki", "Helsinki", "Espoo", "Vantaa"],
    "brussels": ["Bruxelles", "Bruxelles", "Ixelles", "Schaerbeek"],
    "prague": ["Praha"],
}
ORGANISATIONS = [
    "",
    "",
    "",
    "",
    "Neighbourhood council",
    "Youth council",
    "City council",
    "University",
    "Residents' association",
    "Climate action group",
    "Civic tech collective",
]
ROLES = (["citizen"] * 12) + ["civil_society"] * 3 + ["official"] * 2 + ["policymaker", "expert"]
AGES = ["u18"] + ["18-30"] * 4 + ["31-45"] * 4 + ["46-60"] * 3 + ["60+"] * 2
GENDERS = ["woman"] * 10 + ["man"] * 9 + ["non_binary", "other"]
RATINGS = [5] * 40 + [4] * 38 + [3] * 14 + [2] * 6 + [1] * 2
CHANGED = ["yes"] * 35 + ["somewhat"] * 40 + ["no"] * 20 + [""] * 5
LEARNED = {
    "en": [
        "How other cities let residents decide part of the budget.",
        "That our problems are the same in every city, and the solutions can travel.",
        "How EU funding reaches neighbourhood projects.",
        "",
    ],
    "fr": ["Comment d'autres villes associent les habitants au budget.", ""],
    "it": ["Come altre città coinvolgono i giovani nelle decisioni.", ""],
    "pl": ["Jak inne miasta prowadzą budżet obywatelski.", ""],
    "es": ["Herramientas digitales para la participación ciudadana.", ""],
    "de": ["Wie andere Städte Klimaräte organisieren.", ""],
}


@dataclass
class Plan:
    slug: str
    city: str
    kind: str
    status: str
    days: int  # start, relative to today
    hours: float
    organiser_language: str
    title: dict[str, str]
    description: dict[str, str]
    topics: list[str]
    partners: list[str] = field(default_factory=list)  # the partner cities that send people
    registrations: int = 0
    capacity: int | None = None
    waitlisted: int = 0
    online_url: str = ""
    venue: tuple[str, str] = ("", "")
    time_zone: str = "Europe/Brussels"
    agenda: list[tuple[float, float, str, str]] = field(default_factory=list)
    outcome: tuple[str, str] | None = None  # minutes, conclusions (organiser's language)
    in_project: bool = True


def _t(original: str, **texts: str) -> dict[str, str]:
    return {**texts, "_original": original}


PLANS = [
    Plan(
        slug="lyon-citizens-forum-participatory-budgets",
        city="lyon",
        kind=EventKind.INTERNATIONAL,
        status=EventStatus.HELD,
        days=-210,
        hours=30,
        organiser_language="fr",
        title=_t(
            "fr",
            fr="Forum citoyen de Lyon : les budgets participatifs en Europe",
            en="Lyon Citizens' Forum: participatory budgets across Europe",
            it="Forum cittadino di Lione: i bilanci partecipativi in Europa",
        ),
        description=_t(
            "fr",
            fr="Deux jours pour comparer les budgets participatifs de huit villes "
            "européennes, avec les habitants qui les font vivre.\n\nAteliers, visites de "
            "projets financés et débat avec les élus.",
            en="Two days to compare the participatory budgets of eight European cities, "
            "with the residents who run them.\n\nWorkshops, visits of funded projects and "
            "a debate with elected representatives.",
        ),
        topics=["participatory-budgeting", "future-of-europe"],
        partners=["milan", "warsaw", "barcelona", "helsinki"],
        registrations=112,
        venue=("Hôtel de Ville de Lyon", "1 place de la Comédie, 69001 Lyon"),
        time_zone="Europe/Paris",
        agenda=[
            (0, 1, "Accueil et ouverture", "Maire adjointe à la démocratie locale"),
            (1.5, 3.5, "Ateliers : comment décider ensemble ?", ""),
            (24, 26, "Visites de projets à la Duchère et à Gerland", ""),
            (27, 29, "Débat : l'Europe vue depuis les quartiers", ""),
        ],
        outcome=(
            "## Déroulement\n\nLe forum a réuni des habitants de cinq pays. Les ateliers "
            "ont comparé les règles de vote, la part du budget confiée aux habitants et le "
            "suivi des projets.\n\n- Helsinki : vote en ligne dès 12 ans\n- Milan : "
            "co-conception avec les services\n- Varsovie : budget des écoles",
            "1. Publier chaque année le suivi des projets votés.\n2. Ouvrir le vote aux "
            "jeunes dès 16 ans.\n3. Échanger les méthodes au sein du réseau.",
        ),
    ),
    Plan(
        slug="milan-metropolitan-climate-assembly",
        city="milan",
        kind=EventKind.INTERNATIONAL,
        status=EventStatus.HELD,
        days=-150,
        hours=8,
        organiser_language="it",
        title=_t(
            "it",
            it="Assemblea metropolitana per il clima",
            en="Metropolitan Climate Assembly",
            fr="Assemblée métropolitaine pour le climat",
        ),
        description=_t(
            "it",
            it="Cittadini estratti a sorte e ospiti delle città partner discutono il piano "
            "di adattamento al caldo della Città metropolitana.",
            en="Citizens drawn by lot and guests from partner cities discuss the "
            "metropolitan heat adaptation plan.",
        ),
        topics=["climate", "future-of-europe"],
        partners=["lyon", "barcelona", "athens", "lisbon"],
        registrations=94,
        venue=("Palazzo Isimbardi", "Corso Monforte 35, Milano"),
        time_zone="Europe/Rome",
        agenda=[
            (0, 1, "Apertura dei lavori", "Assessora alla Partecipazione"),
            (1, 3, "Tavoli tematici: ombra, acqua, verde", ""),
            (4, 6, "Proposte e voto", ""),
        ],
        outcome=(
            "## Sintesi\n\nI 12 tavoli hanno prodotto 34 proposte, 9 delle quali votate "
            "in plenaria.",
            "- Mappa pubblica delle isole di calore\n- 200 nuovi alberi per quartiere\n"
            "- Rifugi climatici nelle biblioteche",
        ),
    ),
    Plan(
        slug="warsaw-youth-council-workshop",
        city="warsaw",
        kind=EventKind.LOCAL,
        status=EventStatus.HELD,
        days=-110,
        hours=4,
        organiser_language="pl",
        title=_t(
            "pl",
            pl="Młodzi Europejczycy w Warszawie: warsztat młodzieżowych rad",
            en="Young Europeans in Warsaw: youth council workshop",
        ),
        description=_t(
            "pl",
            pl="Warsztat dla młodzieżowych rad dzielnic o tym, jak młodzi mogą wpływać na "
            "decyzje miasta i Unii.",
            en="A workshop for district youth councils on how young people can weigh on "
            "the decisions of their city and of the EU.",
        ),
        topics=["youth", "future-of-europe"],
        partners=["gdansk", "prague"],
        registrations=58,
        venue=("Centrum Komunikacji Społecznej", "ul. Senatorska 27, Warszawa"),
        time_zone="Europe/Warsaw",
        agenda=[(0, 1.5, "Gra symulacyjna: Rada Miasta", ""), (2, 4, "Nasze postulaty", "")],
        outcome=(
            "Uczestnicy przygotowali 15 postulatów dla Rady Miasta.",
            "Młodzieżowe rady spotkają się ponownie za pół roku.",
        ),
    ),
    Plan(
        slug="barcelona-digital-democracy-forum",
        city="barcelona",
        kind=EventKind.FORUM,
        status=EventStatus.HELD,
        days=-70,
        hours=7,
        organiser_language="es",
        title=_t(
            "es",
            es="Foro: herramientas de democracia digital",
            en="Forum: digital democracy tools",
            fr="Forum : les outils de la démocratie numérique",
        ),
        description=_t(
            "es",
            es="Ciudades y colectivos comparan plataformas abiertas de participación, su "
            "accesibilidad y su gobernanza.",
            en="Cities and civic tech groups compare open participation platforms, their "
            "accessibility and their governance.",
        ),
        topics=["digital-democracy"],
        partners=["tallinn", "amsterdam", "lyon"],
        registrations=81,
        venue=("Ajuntament de Barcelona", "Plaça de Sant Jaume 1, Barcelona"),
        time_zone="Europe/Madrid",
        agenda=[
            (0, 1, "Bienvenida", ""),
            (1, 3, "Demostraciones de plataformas", ""),
            (4, 6, "Accesibilidad y brecha digital", ""),
        ],
        outcome=(
            "## Resumen\n\nSe presentaron seis plataformas de código abierto.",
            "Crear un grupo de trabajo sobre accesibilidad de las plataformas.",
        ),
    ),
    Plan(
        slug="helsinki-omastadi-study-visit",
        city="helsinki",
        kind=EventKind.INTERNATIONAL,
        status=EventStatus.HELD,
        days=-35,
        hours=28,
        organiser_language="en",
        title=_t(
            "en",
            en="OmaStadi study visit: a city-wide participatory budget",
            fr="Visite d'étude OmaStadi : un budget participatif à l'échelle de la ville",
            de="Studienreise OmaStadi: ein stadtweiter Bürgerhaushalt",
        ),
        description=_t(
            "en",
            en="Partner cities visit Helsinki's OmaStadi process, from the district "
            "workshops to the online vote.",
        ),
        topics=["participatory-budgeting", "digital-democracy"],
        partners=["stockholm", "tallinn", "lyon", "dublin"],
        registrations=47,
        venue=("Helsinki City Hall", "Pohjoisesplanadi 11-13, Helsinki"),
        time_zone="Europe/Helsinki",
        agenda=[
            (0, 2, "How OmaStadi works", "Head of Participation"),
            (3, 5, "District workshop visit", ""),
            (24, 26, "Lessons for our cities", ""),
        ],
        outcome=(
            "## Minutes\n\nThe delegations visited two district workshops and met the "
            "team running the online vote.",
            "- Share the voting platform's accessibility audit\n- Pilot co-creation "
            "workshops in Lyon and Dublin",
        ),
    ),
    Plan(
        slug="lyon-european-neighbourhoods-day",
        city="lyon",
        kind=EventKind.INTERNATIONAL,
        status=EventStatus.PUBLISHED,
        days=21,
        hours=7,
        organiser_language="fr",
        title=_t(
            "fr",
            fr="Journée des quartiers européens",
            en="European Neighbourhoods Day",
            it="Giornata dei quartieri europei",
        ),
        description=_t(
            "fr",
            fr="Habitants de Lyon et des villes partenaires présentent les projets de leur "
            "quartier. Complet : inscrivez-vous sur la liste d'attente.",
            en="Residents of Lyon and of partner cities present their neighbourhood "
            "projects. Full: join the waiting list.",
        ),
        topics=["future-of-europe", "participatory-budgeting"],
        partners=["milan", "warsaw", "brussels"],
        registrations=50,
        capacity=50,
        waitlisted=6,
        venue=("Maison de la Métropole", "20 rue du Lac, 69003 Lyon"),
        time_zone="Europe/Paris",
        agenda=[(0, 2, "Marché des projets", ""), (3, 5, "Table ronde", "")],
    ),
    Plan(
        slug="online-eu-funding-for-neighbourhood-projects",
        city="brussels",
        kind=EventKind.ONLINE,
        status=EventStatus.PUBLISHED,
        days=9,
        hours=1.5,
        organiser_language="en",
        title=_t(
            "en",
            en="Online session: EU funding for neighbourhood projects",
            fr="Session en ligne : les fonds européens pour les projets de quartier",
            es="Sesión en línea: fondos europeos para proyectos de barrio",
        ),
        description=_t(
            "en",
            en="One hour to understand which EU programmes fund citizens' projects, with "
            "questions and answers.",
        ),
        topics=["future-of-europe"],
        partners=["lyon", "milan", "warsaw", "lisbon"],
        registrations=36,
        online_url="https://meet.example.org/metroagora-eu-funding",
        agenda=[(0, 1, "Presentation", ""), (1, 1.5, "Questions and answers", "")],
    ),
    Plan(
        slug="prague-open-data-hackathon",
        city="prague",
        kind=EventKind.LOCAL,
        status=EventStatus.DRAFT,
        days=60,
        hours=24,
        organiser_language="en",
        title=_t("en", en="Open data hackathon for city services"),
        description=_t("en", en="Draft: the programme is being prepared."),
        topics=["digital-democracy"],
        time_zone="Europe/Prague",
        in_project=False,
    ),
]


@dataclass
class Summary:
    events: int = 0
    registrations: int = 0
    feedback: int = 0
    topics: int = 0


def _email(name: str, slug: str, index: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = ".".join(ascii_name.lower().replace("'", "").split())
    return f"{local}.{index}@{slug.split('-')[0]}.example.org"


@transaction.atomic
def seed_demo_events(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo project, topics and events. Needs ``seed_demo``."""
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    cities = {city.slug: city for city in City.objects.all()}
    missing = {plan.city for plan in PLANS} - set(cities)
    if missing:
        raise LookupError(f"Cities missing: {sorted(missing)}. Run manage.py seed_demo first.")
    summary = Summary()
    Event.objects.filter(slug__in=[plan.slug for plan in PLANS]).delete()
    topics = {}
    for slug, names in TOPICS.items():
        topics[slug], _created = Topic.objects.update_or_create(
            slug=slug, defaults={"name": {**names, "_original": "en"}}
        )
    summary.topics = len(topics)
    project, _created = Project.objects.update_or_create(
        slug=PROJECT_SLUG, defaults={"name": PROJECT_NAME, "programme": "CERV – Networks of Towns"}
    )
    users = {user.email: user for user in User.objects.filter(email__endswith="@metroagora.eu")}
    association = PartnerOrganisation.objects.filter(supports_network=True).first()
    codes: set[str] = set()
    for plan in PLANS:
        rng = random.Random(plan.slug)
        event = _event(plan, cities, project, now, users)
        event.topics.set([topics[t] for t in plan.topics])
        if association:
            event.partners.add(association)
        registrations = _registrations(plan, event, cities, rng, codes, now, users)
        summary.events += 1
        summary.registrations += len(registrations)
        if plan.status == EventStatus.HELD:
            summary.feedback += _feedback(event, registrations, rng)
            if plan.outcome:
                minutes, conclusions = plan.outcome
                EventOutcome.objects.create(
                    event=event,
                    language=plan.organiser_language,
                    minutes=minutes,
                    conclusions=conclusions,
                )
    return summary


def _event(
    plan: Plan,
    cities: dict[str, City],
    project: Project,
    now: datetime,
    users: dict[str, User],
) -> Event:
    start = (now + timedelta(days=plan.days)).replace(hour=7)  # 9:00 or so, local time
    end = start + timedelta(hours=plan.hours)
    creator = users.get(
        "coordinator@metroagora.eu" if plan.city == "lyon" else "admin@metroagora.eu"
    )
    event = Event(
        slug=plan.slug,
        title=plan.title,
        kind=plan.kind,
        status=plan.status,
        city=cities[plan.city],
        project=project if plan.in_project else None,
        description=plan.description,
        starts_at=start,
        ends_at=end,
        time_zone=plan.time_zone,
        venue_name=plan.venue[0],
        venue_address=plan.venue[1],
        online_url=plan.online_url,
        languages=sorted({plan.organiser_language, "en"}),
        interpretation=["en"] if plan.kind == EventKind.INTERNATIONAL else [],
        capacity=plan.capacity,
        registration_deadline=start - timedelta(days=2) if plan.days > 0 else None,
        accessibility={
            "en": "Step-free access, induction loop, quiet room. Tell us what you need.",
            "_original": "en",
        },
        created_by=creator,
    )
    event.full_clean()
    event.save()
    Session.objects.bulk_create(
        Session(
            event=event,
            starts_at=start + timedelta(hours=a),
            ends_at=start + timedelta(hours=b),
            title=title,
            speakers=speakers,
        )
        for a, b, title, speakers in plan.agenda
    )
    return event


def _person(rng: random.Random, country: str) -> str:
    given, family = NAMES.get(country, NAMES["BE"])
    return f"{rng.choice(given)} {rng.choice(family)}"


def _registrations(
    plan: Plan,
    event: Event,
    cities: dict[str, City],
    rng: random.Random,
    codes: set[str],
    now: datetime,
    users: dict[str, User],
) -> list[Registration]:
    host = cities[plan.city]
    past = plan.status == EventStatus.HELD
    partners = [cities[slug] for slug in plan.partners if slug in cities]
    registrations: list[Registration] = []
    total = plan.registrations + plan.waitlisted
    for index in range(total):
        invited = partners and rng.random() < 0.36
        sender = rng.choice(partners) if invited else None
        if sender is not None:
            country = str(sender.country)
            residence = sender.name.get(sender.name.original or "en") or str(sender.name)
        elif rng.random() < 0.06:  # people from elsewhere who live in the host city
            country = rng.choice(["PT", "DE", "GR", "IE", "IT", "ES"])
            residence = rng.choice(NEARBY.get(plan.city, [str(host.name)]))
        else:
            country = str(host.country)
            residence = rng.choice(NEARBY.get(plan.city, [str(host.name)]))
        name = _person(rng, country)
        consent = rng.random() < 0.55
        confirmed = index < plan.registrations
        status = RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED
        if past and rng.random() < 0.02:
            status = RegistrationStatus.CANCELLED
        attended = past and status == RegistrationStatus.CONFIRMED and rng.random() < 0.88
        created = event.starts_at - timedelta(days=40) + timedelta(hours=index * 3)
        created = min(created, now - timedelta(minutes=total - index))
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        registrations.append(
            Registration(
                event=event,
                name=name,
                email=_email(name, plan.slug, index),
                language=UI_LANGUAGE.get(country, "en"),
                status=status,
                code=code,
                token=new_token(),
                organisation=rng.choice(ORGANISATIONS),
                residence_city=residence,
                residence_country=country,
                role=rng.choice(ROLES),
                invited_by=sender,
                demographics_consent=consent,
                age_bracket=rng.choice(AGES) if consent else "",
                gender=rng.choice(GENDERS) if consent else "",
                photo_consent=rng.random() < 0.7,
                onsite=attended and rng.random() < 0.05,
                confirmed_at=created if status == RegistrationStatus.CONFIRMED else None,
                checked_in_at=event.starts_at + timedelta(minutes=rng.randint(-30, 50))
                if attended
                else None,
                created_at=created,
            )
        )
    _demo_people(plan, registrations, users, cities)
    created_at = {r.code: r.created_at for r in registrations}
    Registration.objects.bulk_create(registrations)
    for r in registrations:  # bulk_create stamps auto_now_add fields with "now"
        r.created_at = created_at[r.code]
    Registration.objects.bulk_update(registrations, ["created_at"], batch_size=200)
    return registrations


def _demo_people(
    plan: Plan, registrations: list[Registration], users: dict[str, User], cities: dict[str, City]
) -> None:
    """Give a few registrations to the demo accounts, so their pages are not empty."""
    wanted = {
        "lyon-citizens-forum-participatory-budgets": ("resident@metroagora.eu", "warsaw"),
        "online-eu-funding-for-neighbourhood-projects": ("resident@metroagora.eu", None),
        "lyon-european-neighbourhoods-day": ("participant@metroagora.eu", None),
    }
    if plan.slug not in wanted or not registrations:
        return
    email, sender = wanted[plan.slug]
    user = users.get(email)
    if user is None:
        return
    r = next(r for r in registrations if r.status == RegistrationStatus.CONFIRMED)
    r.user = user
    r.name = user.public_name
    r.email = user.email
    r.language = "en"
    if sender:
        r.invited_by = cities[sender]
        r.residence_country = str(cities[sender].country)
        r.residence_city = str(cities[sender].name)


def _feedback(event: Event, registrations: list[Registration], rng: random.Random) -> int:
    attended = [r for r in registrations if r.checked_in_at is not None]
    answers: list[Any] = []
    for r in attended:
        if rng.random() >= 0.6:
            continue
        would_return = rng.random()
        answers.append(
            Feedback(
                registration=r,
                event=event,
                rating=rng.choice(RATINGS),
                learned=rng.choice(LEARNED.get(r.language, LEARNED["en"])),
                would_return=True
                if would_return < 0.85
                else False
                if would_return < 0.95
                else None,
                changed_view=rng.choice(CHANGED),
            )
        )
    Feedback.objects.bulk_create(answers)
    return len(answers)
