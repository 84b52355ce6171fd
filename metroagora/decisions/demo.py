"""Demo participatory processes on top of the demo network (``seed_demo`` comes first).

Two processes, with dates computed from now so that the demo stays current:

* **Lyon, a finished participatory budget** (every phase over): districts and
  categories, twenty proposals in French (one in English) with supports and the city's
  answers (accepted, or rejected with a reason shown to everyone; those under the
  threshold answered too; one withdrawn by its author), a budget of 2,000,000 EUR with
  twelve projects (nine from accepted proposals, three from the city's services), a few
  hundred secret ballots cast through ``services.cast_ballot``, the vote closed with
  ``services.close_budget`` (results published), then the follow-up: implementation
  records with progress, milestones (some done, one overdue) and updates in French.
* **Gdańsk, a citizens' budget in its supports phase now**, for verified residents
  only: fifteen proposals in Polish (two in English) with supports, some past the
  threshold (under evaluation), one answered by the city, one a support short of the
  threshold; a budget with projects for the voting phase that comes later.

Residents: a few hundred generated accounts per city (``demo-lyon-NNN@example.org``,
``demo-gdansk-NNN@example.org``, no usable password), bulk-created and verified the way
the city does it (Lyon: a census list uploaded through the service, so identifiers are
hashed; Gdańsk: invitation codes of a batch handed out at a neighbourhood centre), with
the audit log written for each. Through the services: ``resident@metroagora.eu`` becomes
a verified resident of Gdańsk with a code, a person of the Forum demo with the census,
another checked in person by the Lyon coordinator, and one person waits for a check.
``participant@metroagora.eu`` is verified nowhere. A second batch of codes for Gdańsk is
printed and unused, beside a short census list.

Comments on a few proposals are Forum contributions on each proposal's debate. Writes go
through ``services`` (proposals, answers, budgets, ballots, closing, follow-up); the
crowd's supports and the residents' verification are bulk-created with the same rows
the services write, then dates are spread over the past. The randomness is seeded: two
runs give the same demo.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.text import slugify

from metroagora.accounts.models import User
from metroagora.decisions import services, tally
from metroagora.decisions.models import (
    PHASE_ORDER,
    Ballot,
    BallotChoice,
    BallotReceipt,
    Budget,
    BudgetProject,
    Category,
    CensusEntry,
    CensusUpload,
    District,
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
    InvitationBatch,
    InvitationCode,
    Process,
    Proposal,
    ProposalState,
    Support,
)
from metroagora.forum import services as forum_services
from metroagora.forum.demo import _date_notifications, _people
from metroagora.forum.models import Contribution, Debate
from metroagora.network import services as network_services
from metroagora.network.models import (
    City,
    Membership,
    MembershipRole,
    VerificationLogEntry,
    VerificationMethod,
)

LYON_COORDINATOR = "coordinator@metroagora.eu"
GDANSK_COORDINATOR = "coordinator.gdansk@metroagora.eu"
RESIDENT = "resident@metroagora.eu"
PARTICIPANT = "participant@metroagora.eu"
ACCOUNTS = frozenset([LYON_COORDINATOR, GDANSK_COORDINATOR, RESIDENT, PARTICIPANT])
LYON_SLUG = "lyon-budget-participatif"
GDANSK_SLUG = "gdansk-budzet-obywatelski"
SLUGS = (LYON_SLUG, GDANSK_SLUG)
LYON_RESIDENTS = 360
GDANSK_RESIDENTS = 140
LYON_VOTERS = 310  # of the generated residents; two people of the Forum demo vote too
PENDING_NAME = "Oleksandr Kovalenko"
PENDING_EMAIL = "oleksandr.kovalenko@example.org"
CODE_BATCH = "Punkt konsultacyjny – Dom Sąsiedzki Wrzeszcz"
PRINTED_BATCH = "Wydruk dla rad dzielnic"
LYON_CENSUS = "fichier-habitants-metropole.csv"
GDANSK_CENSUS = "spis-mieszkancow-oliwa.csv"

# Phases, in days from now (negative: in the past): (kind, starts, ends).
LYON_PHASES = [
    ("information", -340, -310),
    ("proposals", -310, -270),
    ("supports", -270, -240),
    ("evaluation", -240, -185),
    ("voting", -185, -165),
    ("implementation", -165, -5),
]
GDANSK_PHASES = [
    ("information", -45, -32),
    ("proposals", -32, -9),
    ("supports", -9, 12),
    ("evaluation", 12, 40),
    ("voting", 40, 54),
    ("implementation", 60, 420),
]


@dataclass
class Comment:
    who: str  # a Forum demo person, a demo account's email or a generated resident's name
    lang: str
    stance: str
    text: str
    replies: tuple[Comment, ...] = ()


def cm(who: str, lang: str, stance: str, text: str, *replies: Comment) -> Comment:
    return Comment(who, lang, stance, text, replies)


@dataclass
class P:
    """A proposal of the demo and what happens to it."""

    key: str
    who: str  # as for Comment
    lang: str
    title: str
    body: str
    category: int  # index in the process's categories
    district: str | None  # a district name, None: the whole city
    cost: int | None
    supports: int  # from the crowd, besides the named people below
    location: str = ""
    answer: str = ""  # "accepted", "rejected" or "" (no answer)
    reason: str = ""
    withdrawn: bool = False
    supporters: tuple[str, ...] = ()  # named people who support it through the service
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Project:
    """A project on a budget's ballot; ``proposal`` is the key of the proposal it comes from."""

    key: str
    title: dict[str, str]
    description: dict[str, str]
    cost: int
    popularity: float = 0.3  # how likely a voter is to choose it
    proposal: str = ""
    district: str | None = None


@dataclass
class Follow:
    """The follow-up of a promise: milestones (title, due in days from now, done in days
    from now or None) and updates (days from now, status, progress, text), in order."""

    milestones: list[tuple[str, int, int | None]]
    updates: list[tuple[int, str, int, str]]


PLANNED, IN_PROGRESS = ImplementationStatus.PLANNED, ImplementationStatus.IN_PROGRESS
COMPLETED, CANCELLED = ImplementationStatus.COMPLETED, ImplementationStatus.CANCELLED

# --- Lyon ---------------------------------------------------------------------------

LYON_TITLE = {
    "_original": "fr",
    "fr": "Budget participatif {year} de la Métropole",
    "en": "Metropolitan participatory budget {year}",
}
LYON_DESCRIPTION = {
    "_original": "fr",
    "fr": "Les habitants de la Métropole ont proposé des projets pour leur quartier, les ont "
    "soutenus, puis ont voté pour répartir 2 millions d'euros d'investissement. Les "
    "services ont étudié chaque proposition et publié une réponse motivée. Suivez ici la "
    "réalisation des projets lauréats.",
    "en": "Residents of the Metropolis proposed projects for their neighbourhood, supported "
    "them, then voted on how to spend 2 million euros of investment. The city's services "
    "studied every proposal and published a reasoned answer. Follow the winning projects "
    "here until they are built.",
}
LYON_DISTRICTS = [
    "Lyon 1er",
    "Lyon 3e",
    "Lyon 7e",
    "Lyon 8e",
    "Lyon 9e",
    "Villeurbanne",
    "Vénissieux",
]
LYON_CATEGORIES = [
    ("Nature en ville", "Nature in the city"),
    ("Mobilités douces", "Walking and cycling"),
    ("Solidarité", "Solidarity"),
    ("Sport et culture", "Sport and culture"),
    ("Éducation et jeunesse", "Education and youth"),
    ("Propreté et cadre de vie", "Clean and pleasant streets"),
]
NATURE, MOBILITY, SOLIDARITY, SPORT, EDUCATION, CLEAN = range(6)
LYON_THRESHOLD = 50
# Residents who write proposals (the first generated residents get these names).
LYON_AUTHORS = [
    "Élodie Marchand",
    "Karim Benali",
    "Emily Carter",
    "Nathalie Girard",
    "Mamadou Diallo",
    "Sophie Lambert",
    "Julien Rousseau",
    "Yasmine Haddad",
    "Pierre Fontaine",
    "Léa Nguyen",
    "Thomas Mercier",
    "Aïcha Bensaïd",
]

LYON_PROPOSALS = [
    P(
        "cour",
        "Élodie Marchand",
        "fr",
        "Végétaliser la cour de l'école Painlevé",
        "La cour de l'école Painlevé est entièrement goudronnée : en juin, on y mesure plus de "
        "40 °C au sol. Nous proposons d'enlever une partie du bitume, de planter des arbres et "
        "de créer un coin potager avec les enfants. La cour pourrait aussi servir de jardin "
        "aux habitants le week-end.",
        NATURE,
        "Lyon 3e",
        180_000,
        142,
        location="École élémentaire Painlevé, rue Paul Bert",
        answer="accepted",
        reason="Étude de faisabilité favorable : 1 200 m² de la cour peuvent être "
        "désimperméabilisés sans toucher aux réseaux. Coût estimé par la direction des "
        "espaces verts : 180 000 €. Le projet est soumis au vote.",
        supporters=("ines",),
        comments=[
            cm(
                "Nathalie Girard",
                "fr",
                "for",
                "Mes deux enfants sont à Painlevé : l'été, ils restent à l'intérieur à la "
                "récréation tellement il fait chaud. Merci pour cette proposition !",
                cm(
                    "Élodie Marchand",
                    "fr",
                    "neutral",
                    "Merci ! Les enseignants sont partants pour le potager ; il faudra "
                    "trouver des parents pour l'arrosage pendant les vacances.",
                ),
            ),
        ],
    ),
    P(
        "piste",
        "Karim Benali",
        "fr",
        "Une piste cyclable sécurisée sur l'avenue Berthelot",
        "Entre Jean Macé et le boulevard des États-Unis, les cyclistes roulent entre les bus et "
        "les voitures garées en double file. Une piste séparée par une bordure, dans les deux "
        "sens, relierait les lycées et la faculté au centre sans danger.",
        MOBILITY,
        "Lyon 7e",
        650_000,
        188,
        location="Avenue Berthelot, de Jean Macé au boulevard des États-Unis",
        answer="accepted",
        reason="La piste est compatible avec le plan vélo de la Métropole. La voirie propose "
        "une piste bidirectionnelle côté nord, en supprimant 40 places de stationnement. "
        "Coût : 650 000 €. Le projet est soumis au vote.",
        supporters=("ines", "camille"),
        comments=[
            cm(
                "ines",
                "fr",
                "for",
                "Je prends cette avenue tous les jours pour aller à la fac. Il y a un "
                "accident par mois au carrefour de la rue de Gerland.",
            ),
            cm(
                "Pierre Fontaine",
                "fr",
                "against",
                "Et les livraisons des commerçants ? Supprimer 40 places sans solution pour "
                "eux, c'est condamner les commerces de l'avenue.",
                cm(
                    "Karim Benali",
                    "fr",
                    "neutral",
                    "Le projet prévoit des aires de livraison tous les 150 m. Les commerçants "
                    "ont été invités à la réunion publique du mois prochain.",
                ),
            ),
        ],
    ),
    P(
        "fontaines",
        "Mamadou Diallo",
        "fr",
        "Des fontaines à boire dans les parcs du 8e",
        "Il n'y a aucun point d'eau potable dans le parc du Clos Layat ni au square Général "
        "Frère. Six fontaines permettraient aux familles, aux sportifs et aux personnes sans "
        "abri de boire pendant les canicules.",
        NATURE,
        "Lyon 8e",
        95_000,
        76,
        location="Parc du Clos Layat, square Général Frère",
        answer="accepted",
        reason="Accepté. Eau du Grand Lyon peut raccorder six fontaines au réseau existant. "
        "Coût : 95 000 € pose comprise. Le projet est soumis au vote.",
    ),
    P(
        "jardin",
        "Aïcha Bensaïd",
        "fr",
        "Un jardin partagé au pied des tours de la Duchère",
        "Une pelouse de 800 m² entre les tours de l'avenue du Plateau ne sert à personne. Avec "
        "l'association de locataires, nous voulons y faire un jardin partagé : parcelles, "
        "cabane à outils, récupérateur d'eau de pluie.",
        NATURE,
        "Lyon 9e",
        60_000,
        98,
        location="Avenue du Plateau, La Duchère",
        answer="accepted",
        reason="Le terrain appartient au bailleur social, qui est d'accord. Coût : 60 000 € "
        "(clôture, cabane, sol, récupérateurs). Le projet est soumis au vote.",
    ),
    P(
        "abris",
        "camille",
        "fr",
        "Des abris vélos sécurisés près des gares de Villeurbanne",
        "Les vélos garés près des arrêts de tram et de la gare de Villeurbanne sont souvent "
        "volés ou abîmés. Des abris fermés, accessibles avec la carte TCL, donneraient envie "
        "de venir à vélo jusqu'aux transports en commun.",
        MOBILITY,
        "Villeurbanne",
        240_000,
        121,
        answer="accepted",
        reason="Accepté : quatre abris de 40 places chacun, accessibles avec la carte TCL. "
        "Coût : 240 000 €. Le projet est soumis au vote.",
        supporters=("ines",),
    ),
    P(
        "gymnase",
        "Thomas Mercier",
        "fr",
        "Rénover le gymnase Jean-Jaurès de Vénissieux",
        "Le toit du gymnase fuit, les vestiaires n'ont plus d'eau chaude et la salle n'est pas "
        "accessible en fauteuil. Trois clubs et deux collèges l'utilisent chaque semaine.",
        SPORT,
        "Vénissieux",
        480_000,
        133,
        location="Gymnase Jean-Jaurès, Vénissieux",
        answer="accepted",
        reason="Accepté pour la toiture, les vestiaires et l'accès pour les personnes à "
        "mobilité réduite (480 000 €). La rénovation complète du sol sera financée par la "
        "commune. Le projet est soumis au vote.",
    ),
    P(
        "bibliotheque",
        "Léa Nguyen",
        "fr",
        "Un espace de travail pour les étudiants à la bibliothèque du 7e",
        "Les étudiants du 7e n'ont nulle part où travailler le soir et le week-end. La "
        "bibliothèque Jean Macé a une salle inutilisée : des tables, des prises et du wifi "
        "suffiraient, avec une ouverture jusqu'à 22 h.",
        EDUCATION,
        "Lyon 7e",
        120_000,
        84,
        location="Bibliothèque Jean Macé",
        answer="accepted",
        reason="Accepté : aménagement de la salle de l'étage (48 places). Les horaires "
        "élargis seront testés un an avec le budget de fonctionnement. Coût : 120 000 €. "
        "Le projet est soumis au vote.",
    ),
    P(
        "parilly",
        "Sophie Lambert",
        "fr",
        "Éclairer les chemins du parc de Parilly à l'énergie solaire",
        "Le soir, les chemins qui traversent le parc de Parilly sont plongés dans le noir. Des "
        "bornes solaires à détection de présence rendraient le trajet vers le métro plus sûr "
        "sans éclairer inutilement la nuit, pour la faune.",
        CLEAN,
        "Vénissieux",
        210_000,
        67,
        location="Parc de Parilly, allée centrale",
        answer="accepted",
        reason="Accepté : 35 bornes solaires à détection de présence sur 1,8 km de chemins, "
        "en accord avec le service biodiversité. Coût : 210 000 €. Le projet est soumis "
        "au vote.",
    ),
    P(
        "composteurs",
        "Yasmine Haddad",
        "fr",
        "Des composteurs collectifs dans les résidences de Vénissieux",
        "La moitié de nos poubelles, ce sont des épluchures. Des composteurs collectifs dans "
        "les résidences des Minguettes, avec un maître-composteur pour former les habitants, "
        "réduiraient les déchets et donneraient du terreau aux jardins.",
        CLEAN,
        "Vénissieux",
        35_000,
        71,
        answer="accepted",
        reason="Accepté : vingt composteurs et la formation de trente habitants référents. "
        "Coût : 35 000 €. Le projet est soumis au vote.",
    ),
    P(
        "samedi",
        "Nathalie Girard",
        "fr",
        "Ouvrir les cours d'école aux familles le samedi",
        "Dans les quartiers denses, les enfants manquent de place pour jouer. Les cours d'école "
        "restent fermées tout le week-end : ouvrons-les le samedi après-midi, avec un gardien.",
        EDUCATION,
        None,
        15_000,
        112,
        answer="accepted",
        reason="Accepté sans passer par le vote : le gardiennage relève du budget de "
        "fonctionnement des écoles. Expérimentation dans six écoles à partir de la rentrée, "
        "puis bilan avec les familles.",
    ),
    P(
        "tri",
        "Julien Rousseau",
        "fr",
        "Plus de points de tri sur les pentes de la Croix-Rousse",
        "Sur les pentes, il faut descendre jusqu'au bas de la montée pour trier son verre et "
        "ses emballages. Des points de tri dans les rues hautes éviteraient les dépôts sauvages.",
        CLEAN,
        "Lyon 1er",
        40_000,
        55,
        answer="accepted",
        reason="Accepté sans passer par le vote : la propreté relève du budget courant de la "
        "Métropole. Douze points de tri seront ajoutés dans les rues hautes des pentes.",
    ),
    P(
        "toilettes",
        "Sophie Lambert",
        "fr",
        "Des toilettes publiques gratuites sur les quais du Rhône",
        "Entre le pont Lafayette et le pont de la Guillotière, il n'y a aucune toilette "
        "publique alors que les quais sont noirs de monde l'été.",
        CLEAN,
        "Lyon 7e",
        300_000,
        91,
        location="Berges du Rhône",
        answer="rejected",
        reason="Refusé pour le budget participatif, car déjà prévu : le marché de toilettes "
        "publiques signé par la Métropole installe quatre nouvelles toilettes gratuites sur "
        "les berges du Rhône cette année. Votre proposition a été transmise au service "
        "concerné pour le choix des emplacements.",
    ),
    P(
        "telepherique",
        "Pierre Fontaine",
        "fr",
        "Un téléphérique entre Fourvière et la Part-Dieu",
        "Un téléphérique urbain, comme à Brest ou à Toulouse, relierait la colline de Fourvière "
        "à la gare de la Part-Dieu en survolant la Presqu'île et désengorgerait le funiculaire.",
        MOBILITY,
        None,
        45_000_000,
        64,
        answer="rejected",
        reason="Refusé : le coût estimé (plus de 45 M€) dépasse de loin l'enveloppe du budget "
        "participatif (2 M€), et un transport par câble relève de l'autorité organisatrice des "
        "transports. L'idée a été versée à la concertation sur le plan de mobilité.",
        comments=[
            cm(
                "camille",
                "fr",
                "neutral",
                "L'idée est belle, mais à Brest le téléphérique a connu des mois de panne. "
                "Le budget participatif n'est sans doute pas le bon cadre.",
            )
        ],
    ),
    P(
        "trottinettes",
        "Julien Rousseau",
        "fr",
        "Interdire le stationnement des trottinettes sur les trottoirs",
        "Les trottinettes abandonnées au milieu des trottoirs gênent les personnes aveugles, "
        "les poussettes et les fauteuils. Il faut des emplacements dédiés et des amendes.",
        CLEAN,
        None,
        None,
        57,
        answer="rejected",
        reason="Refusé pour le budget participatif : le stationnement relève d'un arrêté de "
        "police du maire, pas d'un investissement. La proposition a été transmise à la Ville "
        "de Lyon, qui prépare une zone de stationnement obligatoire.",
    ),
    P(
        "guichard",
        "Léa Nguyen",
        "fr",
        "Des bancs et de l'ombre place Guichard",
        "La place Guichard est un four l'été : pas un arbre, pas un banc à l'ombre. Quelques "
        "arbres en bacs et des bancs permettraient aux personnes âgées du quartier d'y "
        "passer.",
        NATURE,
        "Lyon 3e",
        70_000,
        53,
        location="Place Guichard",
        answer="rejected",
        reason="Refusé, car déjà programmé : la place Guichard sera entièrement réaménagée "
        "l'an prochain (projet voté par le conseil de la Métropole), avec 22 arbres en pleine "
        "terre et des bancs.",
    ),
    P(
        "parking",
        "Thomas Mercier",
        "fr",
        "Stationnement gratuit le dimanche dans toute la Presqu'île",
        "Le dimanche, le stationnement payant décourage les familles de venir en centre-ville.",
        MOBILITY,
        "Lyon 1er",
        None,
        61,
        answer="rejected",
        reason="Refusé : c'est une recette, pas un investissement, et elle irait à l'encontre "
        "du plan de mobilité qui réduit la place de la voiture en Presqu'île.",
    ),
    P(
        "livres",
        "Aïcha Bensaïd",
        "fr",
        "Des boîtes à livres dans chaque quartier",
        "Des boîtes à livres, fabriquées par les jeunes des chantiers d'insertion, dans chaque "
        "quartier : on y dépose et on y prend des livres librement.",
        SOLIDARITY,
        None,
        8_000,
        38,
        answer="rejected",
        reason="Cette proposition n'a pas atteint les 50 soutiens nécessaires pendant la phase "
        "de soutiens. Vous pouvez la présenter de nouveau à la prochaine édition.",
    ),
    P(
        "escalade",
        "Karim Benali",
        "fr",
        "Un mur d'escalade en accès libre au parc de la Tête d'Or",
        "Un petit mur d'escalade de bloc, en accès libre, près de la plaine de jeux.",
        SPORT,
        None,
        150_000,
        29,
        answer="rejected",
        reason="Cette proposition n'a pas atteint les 50 soutiens nécessaires pendant la phase "
        "de soutiens. Vous pouvez la présenter de nouveau à la prochaine édition.",
    ),
    P(
        "welcome",
        "Emily Carter",
        "en",
        "A multilingual welcome desk for newcomers at the 7th district town hall",
        "Many people who move to Lyon for work or study do not speak French yet. A desk open "
        "two evenings a week, run with volunteers who speak English, Arabic, Spanish and "
        "Ukrainian, would help them with housing, schools and paperwork.",
        SOLIDARITY,
        "Lyon 7e",
        25_000,
        44,
        location="Mairie du 7e arrondissement",
        answer="rejected",
        reason="Cette proposition n'a pas atteint les 50 soutiens nécessaires pendant la phase "
        "de soutiens. La mairie du 7e étudie toutefois une permanence d'accueil avec les "
        "associations du quartier.",
    ),
    P(
        "skatepark",
        "Mamadou Diallo",
        "fr",
        "Un skatepark couvert à Villeurbanne",
        "Un skatepark couvert permettrait de rider toute l'année, même quand il pleut.",
        SPORT,
        "Villeurbanne",
        400_000,
        22,
        withdrawn=True,
    ),
]

LYON_BUDGET = {
    "title": {
        "_original": "fr",
        "fr": "Projets d'investissement {year}",
        "en": "Investment projects {year}",
    },
    "description": {
        "_original": "fr",
        "fr": "Choisissez jusqu'à cinq projets, dans la limite de 2 millions d'euros. Les "
        "projets les plus votés sont retenus tant que l'enveloppe le permet.",
        "en": "Choose up to five projects within 2 million euros. The most voted projects "
        "are funded as long as the budget allows.",
    },
}


def _fr_en(fr: str, en: str) -> dict[str, str]:
    return {"_original": "fr", "fr": fr, "en": en}


LYON_PROJECTS = [
    Project(
        "piste",
        _fr_en(
            "Piste cyclable sécurisée avenue Berthelot", "Protected cycle lane on avenue Berthelot"
        ),
        _fr_en(
            "Piste bidirectionnelle séparée par une bordure sur 1,4 km, côté nord.",
            "A two-way lane separated by a kerb over 1.4 km, on the north side.",
        ),
        650_000,
        0.62,
        proposal="piste",
        district="Lyon 7e",
    ),
    Project(
        "cour",
        _fr_en(
            "Végétaliser la cour de l'école Painlevé", "Greening the Painlevé school playground"
        ),
        _fr_en(
            "Désimperméabilisation de 1 200 m², arbres, potager pédagogique.",
            "1,200 m² of asphalt removed, trees, a vegetable garden for the pupils.",
        ),
        180_000,
        0.64,
        proposal="cour",
        district="Lyon 3e",
    ),
    Project(
        "gymnase",
        _fr_en("Rénovation du gymnase Jean-Jaurès", "Renovating the Jean-Jaurès gym"),
        _fr_en(
            "Toiture, vestiaires et accès pour les personnes à mobilité réduite.",
            "Roof, changing rooms and step-free access.",
        ),
        480_000,
        0.46,
        proposal="gymnase",
        district="Vénissieux",
    ),
    Project(
        "abris",
        _fr_en("Abris vélos sécurisés à Villeurbanne", "Secure bike shelters in Villeurbanne"),
        _fr_en(
            "Quatre abris fermés de 40 places près des gares et du tram.",
            "Four locked shelters of 40 places each near the stations and the tram.",
        ),
        240_000,
        0.44,
        proposal="abris",
        district="Villeurbanne",
    ),
    Project(
        "fontaines",
        _fr_en(
            "Fontaines à boire dans les parcs du 8e", "Drinking fountains in 8th-district parks"
        ),
        _fr_en(
            "Six fontaines raccordées au réseau d'eau potable.",
            "Six fountains connected to the drinking water network.",
        ),
        95_000,
        0.48,
        proposal="fontaines",
        district="Lyon 8e",
    ),
    Project(
        "jardin",
        _fr_en("Jardin partagé à la Duchère", "A community garden at La Duchère"),
        _fr_en(
            "Parcelles, cabane à outils et récupérateurs d'eau sur 800 m².",
            "Plots, a tool shed and rain-water tanks on 800 m².",
        ),
        60_000,
        0.40,
        proposal="jardin",
        district="Lyon 9e",
    ),
    Project(
        "zones",
        _fr_en("Abords apaisés pour cinq écoles", "Safer streets around five schools"),
        _fr_en(
            "Rues scolaires, ralentisseurs et passages piétons surélevés devant cinq écoles "
            "du 8e et de Vénissieux (proposé par les services après les ateliers de quartier).",
            "School streets, speed bumps and raised crossings at five schools in the 8th and "
            "in Vénissieux (put forward by the city's services after neighbourhood workshops).",
        ),
        420_000,
        0.38,
        district="Lyon 8e",
    ),
    Project(
        "aire",
        _fr_en(
            "Nouvelle aire de jeux au parc Sergent Blandan",
            "A new playground in Sergent Blandan park",
        ),
        _fr_en(
            "Jeux accessibles aux enfants en situation de handicap, sol souple, ombrières.",
            "Play equipment for children with disabilities, soft flooring, shade sails.",
        ),
        350_000,
        0.34,
        district="Lyon 7e",
    ),
    Project(
        "bibliotheque",
        _fr_en("Espace étudiant à la bibliothèque Jean Macé", "A study room at Jean Macé library"),
        _fr_en(
            "48 places de travail, prises et wifi, ouvert le soir.",
            "48 desks with power and wifi, open in the evening.",
        ),
        120_000,
        0.32,
        proposal="bibliotheque",
        district="Lyon 7e",
    ),
    Project(
        "arbres",
        _fr_en("Arbres d'alignement rue Paul Bert", "Street trees along rue Paul Bert"),
        _fr_en(
            "Plantation de 45 arbres en fosses continues.",
            "45 trees planted in continuous tree pits.",
        ),
        260_000,
        0.29,
        district="Lyon 3e",
    ),
    Project(
        "composteurs",
        _fr_en("Composteurs collectifs aux Minguettes", "Shared compost bins at Les Minguettes"),
        _fr_en(
            "Vingt composteurs et la formation de trente habitants référents.",
            "Twenty compost bins and training for thirty resident volunteers.",
        ),
        35_000,
        0.27,
        proposal="composteurs",
        district="Vénissieux",
    ),
    Project(
        "parilly",
        _fr_en("Éclairage solaire au parc de Parilly", "Solar lighting in Parilly park"),
        _fr_en(
            "35 bornes solaires à détection de présence sur 1,8 km de chemins.",
            "35 motion-sensing solar bollards along 1.8 km of paths.",
        ),
        210_000,
        0.24,
        proposal="parilly",
        district="Vénissieux",
    ),
]

# The follow-up of each promise (by project key, or proposal key for accepted proposals
# carried out without the vote). Applied to the records that exist after the vote.
LYON_FOLLOW: dict[str, Follow] = {
    "fontaines": Follow(
        [
            ("Choix des emplacements avec les habitants", -140, -143),
            ("Raccordement au réseau d'eau", -90, -84),
            ("Mise en service des six fontaines", -60, -52),
        ],
        [
            (-142, IN_PROGRESS, 20, "Emplacements choisis lors d'une balade avec 25 habitants."),
            (-84, IN_PROGRESS, 70, "Raccordements terminés ; pose des fontaines en cours."),
            (
                -52,
                COMPLETED,
                100,
                "Les six fontaines sont en service, avant les premières chaleurs.",
            ),
        ],
    ),
    "jardin": Follow(
        [
            ("Convention avec le bailleur", -150, -148),
            ("Clôture et cabane", -100, -95),
            ("Première saison de plantation", -70, -66),
        ],
        [
            (-148, IN_PROGRESS, 15, "Convention signée avec le bailleur et l'association."),
            (-66, COMPLETED, 100, "Inauguration du jardin : 28 familles ont une parcelle."),
        ],
    ),
    "composteurs": Follow(
        [("Formation des habitants référents", -120, -118), ("Pose des composteurs", -90, -88)],
        [(-88, COMPLETED, 100, "Vingt composteurs installés, trente référents formés.")],
    ),
    "cour": Follow(
        [
            ("Études et concertation avec l'école", -130, -126),
            ("Travaux pendant les vacances d'été", -45, -40),
            ("Plantations", 40, None),
        ],
        [
            (-126, IN_PROGRESS, 20, "Plan validé avec l'équipe enseignante et les parents."),
            (
                -40,
                IN_PROGRESS,
                60,
                "Le bitume a été retiré cet été ; les plantations auront lieu à l'automne, la "
                "bonne saison pour les arbres.",
            ),
        ],
    ),
    "piste": Follow(
        [
            ("Concertation avec les riverains et les commerçants", -120, -112),
            ("Début des travaux", -20, None),
            ("Mise en service", 150, None),
        ],
        [
            (
                -112,
                IN_PROGRESS,
                15,
                "Réunion publique : les aires de livraison ont été ajoutées au projet.",
            ),
            (
                -10,
                IN_PROGRESS,
                25,
                "Les travaux prennent du retard : le réseau de chauffage urbain doit être "
                "déplacé d'abord. Nouveau calendrier annoncé le mois prochain.",
            ),
        ],
    ),
    "abris": Follow(
        [("Commande des abris", -110, -105), ("Pose des quatre abris", 30, None)],
        [
            (-105, IN_PROGRESS, 30, "Abris commandés ; accès par carte TCL confirmé."),
            (-25, IN_PROGRESS, 70, "Deux abris sur quatre sont posés (gare et Gratte-Ciel)."),
        ],
    ),
    "bibliotheque": Follow(
        [("Aménagement de la salle", -30, -28), ("Ouverture en soirée", 15, None)],
        [(-28, IN_PROGRESS, 85, "Salle aménagée ; ouverture le soir dès le mois prochain.")],
    ),
    "gymnase": Follow(
        [("Diagnostic de la toiture", -60, -55), ("Appel d'offres", 45, None)],
        [(-55, PLANNED, 10, "Diagnostic terminé ; appel d'offres en préparation.")],
    ),
    "zones": Follow(
        [("Études de circulation", -50, -48), ("Travaux", 90, None)],
        [(-48, IN_PROGRESS, 20, "Études terminées pour trois écoles sur cinq.")],
    ),
    "aire": Follow([("Choix des jeux avec les enfants", 30, None)], []),
    "arbres": Follow([("Étude des réseaux souterrains", 60, None)], []),
    "parilly": Follow(
        [("Pose des bornes", -40, -36)],
        [(-36, IN_PROGRESS, 50, "La moitié des bornes est posée.")],
    ),
    "samedi": Follow(
        [
            ("Choix des six écoles", -150, -150),
            ("Premier samedi d'ouverture", -120, -119),
            ("Bilan avec les familles", 30, None),
        ],
        [
            (-119, IN_PROGRESS, 30, "Six cours ouvertes le samedi de 14 h à 18 h."),
            (
                -30,
                IN_PROGRESS,
                60,
                "En moyenne 40 enfants par cour et par samedi. Le bilan décidera de "
                "l'extension à d'autres écoles.",
            ),
        ],
    ),
    "tri": Follow(
        [("Installation des points de tri", -100, -97)],
        [(-97, COMPLETED, 100, "Douze points de tri installés dans les rues hautes.")],
    ),
}

# --- Gdańsk -------------------------------------------------------------------------

GDANSK_TITLE = {
    "_original": "pl",
    "pl": "Budżet Obywatelski {year}",
    "en": "Citizens' budget {year}",
}
GDANSK_DESCRIPTION = {
    "_original": "pl",
    "pl": "Mieszkańcy Gdańska zgłaszają pomysły na swoje dzielnice i całe miasto. Teraz "
    "zbieramy poparcia: propozycje, które zbiorą 40 głosów poparcia, ocenią urzędnicy, a "
    "najlepsze trafią pod głosowanie. Udział biorą zweryfikowani mieszkańcy Gdańska.",
    "en": "Gdańsk residents put forward ideas for their district and the whole city. We are "
    "now collecting supports: proposals with 40 supports are assessed by the city, and the "
    "best go to the vote. Verified residents of Gdańsk take part.",
}
GDANSK_DISTRICTS = [
    "Wrzeszcz Górny",
    "Oliwa",
    "Przymorze Wielkie",
    "Śródmieście",
    "Zaspa-Młyn",
    "Orunia-Św. Wojciech-Lipce",
]
GDANSK_CATEGORIES = [
    ("Zieleń", "Green spaces"),
    ("Transport i komunikacja", "Transport"),
    ("Sport i rekreacja", "Sport and leisure"),
    ("Edukacja i kultura", "Education and culture"),
    ("Pomoc społeczna", "Social support"),
]
GREEN, TRANSPORT, LEISURE, CULTURE, SOCIAL = range(5)
GDANSK_THRESHOLD = 40
GDANSK_AUTHORS = [
    "Agnieszka Formela",
    "Michał Treder",
    "Daniel Brooks",
    "Katarzyna Lewandowska",
    "Bartosz Kreft",
    "Monika Szymańska",
    "Olena Hrytsenko",
    "Grzegorz Labuda",
]

GDANSK_PROPOSALS = [
    P(
        "przystanek",
        "Agnieszka Formela",
        "pl",
        "Zielony przystanek przy Galerii Bałtyckiej",
        "Przystanek tramwajowy przy Galerii Bałtyckiej latem nagrzewa się jak piekarnik. "
        "Proponujemy zielony dach na wiacie, dwa drzewa w donicach i ławki w cieniu.",
        GREEN,
        "Wrzeszcz Górny",
        180_000,
        64,
        location="al. Grunwaldzka, przystanek Galeria Bałtycka",
        supporters=(RESIDENT, "piotr"),
        comments=[
            cm(
                "piotr",
                "pl",
                "for",
                "Czekam tam codziennie na tramwaj do pracy. W lipcu nie da się tam stać.",
                cm(
                    "Agnieszka Formela",
                    "pl",
                    "neutral",
                    "Dziękuję! W Utrechcie takie dachy mają setki przystanków — da się.",
                ),
            ),
            cm(
                "Michał Treder",
                "pl",
                "against",
                "Kto będzie podlewał te rośliny? Boję się, że po roku zostaną suche badyle.",
            ),
        ],
    ),
    P(
        "oswietlenie",
        "Michał Treder",
        "pl",
        "Oświetlenie ścieżki rowerowej wzdłuż Potoku Oliwskiego",
        "Ścieżka wzdłuż Potoku Oliwskiego jest po zmroku zupełnie ciemna, a jeździ nią wielu "
        "studentów i pracowników. Lampy z czujnikami ruchu nie będą świecić całą noc.",
        TRANSPORT,
        "Oliwa",
        420_000,
        57,
        location="Ścieżka wzdłuż Potoku Oliwskiego",
        supporters=("piotr",),
    ),
    P(
        "lawki",
        "Katarzyna Lewandowska",
        "pl",
        "Ławki i stoły piknikowe w Parku Reagana",
        "W Parku Reagana brakuje miejsc, gdzie można usiąść z rodziną. Dziesięć stołów "
        "piknikowych i ławek przy placu zabaw.",
        LEISURE,
        "Przymorze Wielkie",
        90_000,
        48,
        location="Park Reagana",
    ),
    P(
        "seniorzy",
        "Monika Szymańska",
        "pl",
        "Darmowe warsztaty programowania i bezpieczeństwa w sieci dla seniorów",
        "Cykl warsztatów w filiach Wojewódzkiej i Miejskiej Biblioteki Publicznej: obsługa "
        "smartfona, bankowość internetowa, jak rozpoznać oszustwo.",
        CULTURE,
        None,
        60_000,
        41,
    ),
    P(
        "plac",
        "Grzegorz Labuda",
        "pl",
        "Plac zabaw dla dzieci z niepełnosprawnościami na Zaspie",
        "Na Zaspie nie ma placu zabaw, z którego mogłyby korzystać dzieci na wózkach. "
        "Proponujemy huśtawkę dla wózków, karuzelę z poziomym wjazdem i miękką nawierzchnię.",
        LEISURE,
        "Zaspa-Młyn",
        350_000,
        39,  # one support short: a demo account can push it to evaluation
        location="Park przy ul. Pilotów",
    ),
    P(
        "laki",
        "Bartosz Kreft",
        "pl",
        "Budki lęgowe i łąki kwietne w Oliwie",
        "Zamiast koszenia trawników co dwa tygodnie: łąki kwietne dla owadów zapylających i "
        "budki lęgowe dla jerzyków.",
        GREEN,
        "Oliwa",
        25_000,
        33,
    ),
    P(
        "silownia",
        "Grzegorz Labuda",
        "pl",
        "Siłownia plenerowa na Oruni",
        "Plenerowa siłownia przy Parku Oruńskim, z urządzeniami także dla osób starszych.",
        LEISURE,
        "Orunia-Św. Wojciech-Lipce",
        120_000,
        28,
        location="Park Oruński",
    ),
    P(
        "bike",
        "Daniel Brooks",
        "en",
        "Bike repair stations along the seaside promenade",
        "Cyclists on the promenade from Brzeźno to Jelitkowo have nowhere to pump a tyre or "
        "fix a chain. Four self-service repair stands with tools and a pump, like the ones in "
        "Copenhagen, would cost little and help hundreds of people every summer day.",
        TRANSPORT,
        "Przymorze Wielkie",
        45_000,
        22,
        location="Promenade Brzeźno – Jelitkowo",
        comments=[
            cm(
                "piotr",
                "en",
                "for",
                "Great idea. One near the Jelitkowo tram loop would be perfect, people arrive "
                "there by train with their bikes.",
            )
        ],
    ),
    P(
        "kosze",
        "Katarzyna Lewandowska",
        "pl",
        "Więcej koszy na psie odchody w Śródmieściu",
        "Na Dolnym Mieście i Długich Ogrodach jest za mało koszy na psie odchody.",
        SOCIAL,
        "Śródmieście",
        30_000,
        18,
    ),
    P(
        "kino",
        "Monika Szymańska",
        "pl",
        "Kino letnie na Placu Zebrań Ludowych",
        "Bezpłatne seanse filmowe pod gołym niebem w sierpniowe piątki.",
        CULTURE,
        "Śródmieście",
        70_000,
        15,
    ),
    P(
        "chodnik",
        "Bartosz Kreft",
        "pl",
        "Remont chodnika na ul. Grunwaldzkiej przy Alei Zwycięstwa",
        "Chodnik jest pełen dziur i po deszczu stoją na nim kałuże na całą szerokość.",
        TRANSPORT,
        "Wrzeszcz Górny",
        250_000,
        26,
        answer="rejected",
        reason="Remont tego odcinka chodnika jest już zaplanowany przez Gdański Zarząd Dróg i "
        "Zieleni na przyszły rok i zostanie sfinansowany z budżetu miasta, więc nie wymaga "
        "środków z budżetu obywatelskiego. Dziękujemy za zgłoszenie.",
    ),
    P(
        "pochylnia",
        "Olena Hrytsenko",
        "pl",
        "Pochylnia dla wózków przy wejściu do biblioteki Manhattan",
        "Do filii biblioteki w Manhattanie prowadzą tylko schody. Potrzebna jest pochylnia.",
        SOCIAL,
        "Wrzeszcz Górny",
        80_000,
        12,
    ),
    P(
        "tablice",
        "Olena Hrytsenko",
        "pl",
        "Informacja na przystankach także po angielsku i ukraińsku",
        "Rozkłady i komunikaty o objazdach tylko po polsku są niezrozumiałe dla wielu "
        "mieszkańców i turystów.",
        TRANSPORT,
        None,
        40_000,
        9,
    ),
    P(
        "koty",
        "Agnieszka Formela",
        "pl",
        "Domki dla kotów wolno żyjących",
        "Ocieplone domki dla kotów wolno żyjących, pod opieką karmicieli społecznych.",
        SOCIAL,
        None,
        15_000,
        7,
    ),
    P(
        "fridge",
        "Daniel Brooks",
        "en",
        "A community fridge in Śródmieście",
        "A shared fridge where shops and neighbours leave food instead of throwing it away, "
        "looked after by volunteers, as in many German cities.",
        SOCIAL,
        "Śródmieście",
        12_000,
        4,
    ),
]

GDANSK_BUDGET = {
    "title": {
        "_original": "pl",
        "pl": "Projekty ogólnomiejskie {year}",
        "en": "City-wide projects {year}",
    },
    "description": {
        "_original": "pl",
        "pl": "Głosowanie odbędzie się po ocenie propozycji: lista projektów zostanie "
        "uzupełniona o propozycje ocenione pozytywnie. Można wybrać do pięciu projektów w "
        "ramach puli 3 500 000 zł.",
        "en": "The vote comes after the proposals are assessed: proposals that pass will be "
        "added to the list. Choose up to five projects within 3,500,000 PLN.",
    },
}


def _pl_en(pl: str, en: str) -> dict[str, str]:
    return {"_original": "pl", "pl": pl, "en": en}


GDANSK_PROJECTS = [
    Project(
        "podworka",
        _pl_en("Zielone podwórka w Śródmieściu", "Green courtyards in Śródmieście"),
        _pl_en(
            "Odnowa dziesięciu podwórek: zieleń, ławki, stojaki na rowery.",
            "Ten courtyards renewed: plants, benches, bike racks.",
        ),
        900_000,
        district="Śródmieście",
    ),
    Project(
        "drzewa",
        _pl_en("Nowe drzewa na Zaspie", "New trees in Zaspa"),
        _pl_en("Posadzenie 300 drzew wzdłuż ulic osiedla.", "300 trees planted along streets."),
        450_000,
        district="Zaspa-Młyn",
    ),
    Project(
        "przejscia",
        _pl_en("Bezpieczne przejścia przy szkołach", "Safe crossings near schools"),
        _pl_en(
            "Doświetlenie i wyniesienie przejść dla pieszych przy 12 szkołach.",
            "Lighting and raised crossings near 12 schools.",
        ),
        1_200_000,
    ),
    Project(
        "stojaki",
        _pl_en("Stojaki rowerowe przy szkołach", "Bike racks at schools"),
        _pl_en("400 miejsc parkingowych dla rowerów.", "400 bike parking places."),
        300_000,
    ),
    Project(
        "biblioteka",
        _pl_en("Biblioteka sąsiedzka na Oruni", "A neighbourhood library in Orunia"),
        _pl_en(
            "Adaptacja parteru dawnej szkoły na bibliotekę i świetlicę.",
            "The ground floor of a former school turned into a library and community room.",
        ),
        650_000,
        district="Orunia-Św. Wojciech-Lipce",
    ),
    Project(
        "koncerty",
        _pl_en("Koncerty w parkach", "Concerts in the parks"),
        _pl_en("Dziesięć bezpłatnych koncertów latem.", "Ten free summer concerts."),
        150_000,
    ),
]

# --- Generated residents ---------------------------------------------------------------

FRENCH_FIRST = [
    "Claire",
    "Thomas",
    "Sophie",
    "Nicolas",
    "Julie",
    "Mehdi",
    "Fatima",
    "Lucas",
    "Emma",
    "Karim",
    "Nathalie",
    "Pierre",
    "Léa",
    "Inès",
    "Yasmine",
    "Julien",
    "Antoine",
    "Manon",
    "Sarah",
    "Mamadou",
    "Aïcha",
    "Romain",
    "Chloé",
    "Baptiste",
    "Élodie",
    "Vincent",
    "Laura",
    "Samir",
    "Hélène",
    "Maxime",
]
FRENCH_LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Girard",
    "Bonnet",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Benali",
    "Haddad",
    "Nguyen",
    "Diallo",
    "Mercier",
    "Blanc",
    "Guérin",
    "Faure",
    "Chevalier",
    "Garnier",
    "Morel",
    "Perrin",
    "Ferrand",
]
# (first name, feminine?) and surnames as (masculine, feminine)
POLISH_FIRST = [
    ("Anna", True),
    ("Katarzyna", True),
    ("Małgorzata", True),
    ("Agnieszka", True),
    ("Ewa", True),
    ("Magdalena", True),
    ("Joanna", True),
    ("Aleksandra", True),
    ("Zuzanna", True),
    ("Julia", True),
    ("Piotr", False),
    ("Krzysztof", False),
    ("Tomasz", False),
    ("Paweł", False),
    ("Michał", False),
    ("Marcin", False),
    ("Jakub", False),
    ("Łukasz", False),
    ("Wojciech", False),
    ("Kacper", False),
]
POLISH_LAST = [
    ("Nowak", "Nowak"),
    ("Kowalski", "Kowalska"),
    ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"),
    ("Kamiński", "Kamińska"),
    ("Zieliński", "Zielińska"),
    ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"),
    ("Mazur", "Mazur"),
    ("Formela", "Formela"),
    ("Labuda", "Labuda"),
    ("Treder", "Treder"),
    ("Kreft", "Kreft"),
    ("Kwiatkowski", "Kwiatkowska"),
]


def _french_names(count: int, rng: random.Random) -> list[str]:
    names = list(LYON_AUTHORS)
    while len(names) < count:
        names.append(f"{rng.choice(FRENCH_FIRST)} {rng.choice(FRENCH_LAST)}")
    return names


def _polish_names(count: int, rng: random.Random) -> list[str]:
    names = list(GDANSK_AUTHORS)
    while len(names) < count:
        first, feminine = rng.choice(POLISH_FIRST)
        masculine_last, feminine_last = rng.choice(POLISH_LAST)
        names.append(f"{first} {feminine_last if feminine else masculine_last}")
    return names


# --- Seeding ---------------------------------------------------------------------------


@dataclass
class Summary:
    processes: int = 0
    proposals: int = 0
    supports: int = 0
    residents: int = 0
    projects: int = 0
    ballots: int = 0
    winners: int = 0
    implementations: int = 0
    comments: int = 0


@dataclass
class Ctx:
    """What the seeding steps share."""

    now: datetime
    users: dict[str, User]  # demo accounts by email
    people: dict[str, User]  # Forum demo people by key, generated residents by name
    summary: Summary


def seed_demo_decisions(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo processes. Needs ``seed_demo``.

    Emails to proposal authors are not sent, contributions are not held for review and
    not machine-translated: the demo is written by hand, for people who do not exist.
    """
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        FORUM_HOLD_FIRST=0,
        MACHINE_TRANSLATION={"BACKEND": ""},
    ):
        return _seed((now or timezone.now()).replace(second=0, microsecond=0))


@transaction.atomic
def _seed(now: datetime) -> Summary:
    users = {user.email: user for user in User.objects.filter(email__in=ACCOUNTS)}
    cities = {city.slug: city for city in City.objects.filter(slug__in=["lyon", "gdansk"])}
    missing = sorted((ACCOUNTS - set(users)) | ({"lyon", "gdansk"} - set(cities)))
    if missing:
        raise LookupError(f"Missing: {missing}. Run manage.py seed_demo first.")
    people: dict[str, User] = {**_people(), **users}
    _reset(cities, list(people.values()))
    ctx = Ctx(now, users, people, Summary())
    _lyon(ctx, cities["lyon"])
    _gdansk(ctx, cities["gdansk"])
    ctx.summary.processes = Process.objects.filter(slug__in=SLUGS).count()
    ctx.summary.implementations = Implementation.objects.filter(process__slug__in=SLUGS).count()
    return ctx.summary


def _reset(cities: dict[str, City], demo_people: list[User]) -> None:
    """Remove what an earlier run created, so that the demo can be loaded again."""
    city_ids = [city.pk for city in cities.values()]
    Debate.objects.filter(proposal__process__slug__in=SLUGS).delete()
    Process.objects.filter(slug__in=SLUGS).delete()
    names = {"lyon": LYON_DISTRICTS, "gdansk": GDANSK_DISTRICTS}
    for slug, city in cities.items():
        District.objects.filter(city=city, slug__in=[slugify(n) for n in names[slug]]).delete()
    InvitationBatch.objects.filter(
        city__in=city_ids, label__in=[CODE_BATCH, PRINTED_BATCH]
    ).delete()
    CensusUpload.objects.filter(
        city__in=city_ids, filename__in=[LYON_CENSUS, GDANSK_CENSUS]
    ).delete()
    digests = [services.census_digest(cities["lyon"].pk, i) for i in _lyon_identifiers()]
    digests += [services.census_digest(cities["gdansk"].pk, i) for i in GDANSK_IDENTIFIERS]
    CensusEntry.objects.filter(city__in=city_ids, digest__in=digests).delete()
    generated = User.objects.filter(
        Q(email__startswith="demo-lyon-") | Q(email__startswith="demo-gdansk-"),
        email__endswith="@example.org",
    )
    VerificationLogEntry.objects.filter(city__in=city_ids, person__in=generated).delete()
    VerificationLogEntry.objects.filter(city__in=city_ids, person__in=demo_people).delete()
    Membership.objects.filter(
        city__in=city_ids, role=MembershipRole.RESIDENT, user__in=demo_people
    ).delete()
    Membership.objects.filter(city__in=city_ids, user__email=PENDING_EMAIL).delete()
    generated.delete()


# --- Residents -------------------------------------------------------------------------


def _lyon_identifiers() -> list[str]:
    """Tax numbers (13 digits) on the Metropolis's list of residents, one per resident."""
    rng = random.Random("lyon-census")
    return [str(rng.randrange(10**12, 10**13)) for _ in range(LYON_RESIDENTS + 40)]


# PESEL-like numbers on a short census list of Oliwa.
GDANSK_IDENTIFIERS = [
    "85031412345",
    "90072398761",
    "72110554328",
    "64020911237",
    "99122034561",
    "01271545672",
    "78060687654",
    "83090932109",
    "56111276543",
    "92042813579",
    "69051724680",
    "88101036912",
]


def _residents(
    city: City, prefix: str, names: list[str], lang: str, country: str, joined: datetime
) -> list[User]:
    """Bulk-create the generated residents of a city (no usable password)."""
    unusable = make_password(None)
    people = [
        User(
            email=f"{prefix}-{n:03d}@example.org",
            display_name=name,
            preferred_languages=[lang, "en"],
            residence_city=str(city.name),
            residence_country=country,
            identity="citizen",
            password=unusable,
            date_joined=joined,
        )
        for n, name in enumerate(names, start=1)
    ]
    return User.objects.bulk_create(people)


def _verify_in_bulk(
    city: City,
    people: Sequence[User],
    method: str,
    dates: Sequence[datetime],
    details: Sequence[str],
) -> None:
    """The rows ``record_verification`` writes, for many people at once: a verified
    resident membership and an entry in the audit log."""
    Membership.objects.bulk_create(
        Membership(
            user=person,
            city=city,
            role=MembershipRole.RESIDENT,
            verified_at=at,
            verification_method=method,
        )
        for person, at in zip(people, dates, strict=True)
    )
    entries = VerificationLogEntry.objects.bulk_create(
        VerificationLogEntry(city=city, person=person, method=method, detail=detail)
        for person, detail in zip(people, details, strict=True)
    )
    for entry, at in zip(entries, dates, strict=True):
        entry.created_at = at
    _set_columns(entries, ["created_at"])
    Membership.objects.filter(city=city, user__in=people).update(
        created_at=min(dates), updated_at=min(dates)
    )


def _set_columns(objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """Write these columns of many rows: one UPDATE run for every row by ``executemany``
    (``bulk_update`` builds a CASE per row, which takes seconds for a few thousand)."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = cast("models.Field[Any, Any]", meta.pk)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        + [pk.get_db_prep_save(obj.pk, connection)]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _spread(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """``count`` sorted random moments between ``start`` and ``end``."""
    span = (end - start).total_seconds()
    return sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))


def _backdate_verification(user: User, city: City, at: datetime) -> None:
    Membership.objects.filter(user=user, city=city, role=MembershipRole.RESIDENT).update(
        verified_at=at, created_at=at - timedelta(days=1), updated_at=at
    )
    VerificationLogEntry.objects.filter(person=user, city=city).update(created_at=at)


# --- Processes -------------------------------------------------------------------------


def _phases(
    plan: list[tuple[str, int, int]], now: datetime
) -> dict[str, tuple[datetime, datetime]]:
    return {
        kind: (now + timedelta(days=starts), now + timedelta(days=ends))
        for kind, starts, ends in plan
    }


def _open(actor: User, process: Process, kind: str) -> None:
    """Move the phases so that ``kind`` is open now (the ones before it are over), to
    act through the services as it happened; the real dates are set back afterwards."""
    now = timezone.now()
    index = PHASE_ORDER.index(kind)
    phases = {}
    for i, other in enumerate(PHASE_ORDER):
        starts = now + timedelta(days=10 * (i - index) - 5)
        phases[other] = (starts, starts + timedelta(days=10))
    services.update_process(actor, process, phases=phases)


def _process(
    ctx: Ctx,
    actor: User,
    city: City,
    *,
    slug: str,
    lang: str,
    title: dict[str, str],
    description: dict[str, str],
    phases: list[tuple[str, int, int]],
    threshold: int,
    districts: list[str],
    categories: list[tuple[str, str]],
) -> tuple[Process, dict[str, District], list[Category]]:
    made = {name: services.add_district(actor, city, name) for name in districts}
    with translation.override(lang):
        process = services.create_process(
            actor,
            city,
            phases=_phases(phases, ctx.now),
            categories=[original for original, _en in categories],
            title=title,
            description=description,
            participation="verified",
            support_threshold=threshold,
        )
    Process.objects.filter(pk=process.pk).update(slug=slug)
    process.slug = slug
    process = services.publish_process(actor, process)
    found = list(process.categories.order_by("pk"))
    for category, (original, english) in zip(found, categories, strict=True):
        category.name = {"_original": lang, lang: original, "en": english}
    Category.objects.bulk_update(found, ["name"])
    return process, made, found


def _submit(
    ctx: Ctx,
    process: Process,
    plans: list[P],
    districts: dict[str, District],
    categories: list[Category],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> dict[str, Proposal]:
    """Proposals through the service (each gets its comments debate), dated in the
    proposals phase."""
    proposals: dict[str, Proposal] = {}
    dates = _spread(rng, start, end, len(plans))
    for plan, at in zip(plans, dates, strict=True):
        proposal = services.submit_proposal(
            ctx.people[plan.who],
            process,
            title=plan.title,
            body=plan.body,
            language=plan.lang,
            category=categories[plan.category],
            district=districts[plan.district] if plan.district else None,
            location=plan.location,
            estimated_cost=Decimal(plan.cost) if plan.cost is not None else None,
        )
        Proposal.objects.filter(pk=proposal.pk).update(created_at=at, updated_at=at)
        Debate.objects.filter(proposal=proposal).update(created_at=at, updated_at=at)
        proposal.created_at = proposal.updated_at = at
        proposals[plan.key] = proposal
    ctx.summary.proposals += len(plans)
    return proposals


def _supports(
    ctx: Ctx,
    process: Process,
    plans: list[P],
    proposals: dict[str, Proposal],
    crowd: list[User],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    """Named people support through the service; the crowd's supports are bulk-created,
    then every count, state and date is set as the service would have left it."""
    for plan in plans:
        for who in plan.supporters:
            services.support_proposal(ctx.people[who], proposals[plan.key])
    rows: list[Support] = []
    for plan in plans:
        for person in rng.sample(crowd, plan.supports):
            rows.append(Support(proposal=proposals[plan.key], user=person))
    Support.objects.bulk_create(rows, batch_size=1000)
    supports = list(Support.objects.filter(proposal__process=process).order_by("pk"))
    by_proposal: dict[int, list[Support]] = {}
    for support in supports:
        by_proposal.setdefault(support.proposal_id, []).append(support)
    for plan in plans:
        proposal = proposals[plan.key]
        own = by_proposal.get(proposal.pk, [])
        rng.shuffle(own)
        for support, at in zip(own, _spread(rng, start, end, len(own)), strict=True):
            support.created_at = at
        own.sort(key=lambda s: s.created_at)
        proposal.support_count = len(own)
        threshold = process.support_threshold
        reached = bool(threshold) and len(own) >= threshold
        proposal.state = ProposalState.EVALUATING if reached else ProposalState.PUBLISHED
        proposal.threshold_reached_at = own[threshold - 1].created_at if reached else None
    _set_columns(supports, ["created_at"])
    Proposal.objects.bulk_update(
        proposals.values(), ["support_count", "state", "threshold_reached_at"]
    )
    ctx.summary.supports += len(supports)


def _answer(
    ctx: Ctx,
    actor: User,
    plans: list[P],
    proposals: dict[str, Proposal],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    """The city's answers through the service; withdrawals by their authors."""
    answered = [plan for plan in plans if plan.answer]
    for plan, at in zip(answered, _spread(rng, start, end, len(answered)), strict=True):
        proposal = services.answer_proposal(
            actor, proposals[plan.key], answer=plan.answer, reason=plan.reason
        )
        Proposal.objects.filter(pk=proposal.pk).update(answered_at=at, updated_at=at)
        Implementation.objects.filter(proposal=proposal).update(created_at=at, updated_at=at)
        proposals[plan.key] = proposal
    for plan in plans:
        if plan.withdrawn:
            proposals[plan.key] = services.withdraw_proposal(
                ctx.people[plan.who], proposals[plan.key]
            )


def _comments(
    ctx: Ctx,
    plans: list[P],
    proposals: dict[str, Proposal],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    """Comments are Forum contributions on each proposal's own debate."""
    for plan in plans:
        if not plan.comments:
            continue
        proposal = proposals[plan.key]
        debate = Debate.objects.get(proposal=proposal)
        dates: dict[int, datetime] = {}
        opens = max(start, proposal.created_at)
        moments = _spread(rng, opens, end - (end - opens) / 3, len(plan.comments))
        for node, at in zip(plan.comments, moments, strict=True):
            _post(ctx, debate, node, None, at, end, dates, rng)
        contributions = list(debate.contributions.all())
        for contribution in contributions:
            contribution.created_at = contribution.updated_at = dates[contribution.pk]
        Contribution.objects.bulk_update(contributions, ["created_at", "updated_at"])
        _date_notifications(debate)


def _post(
    ctx: Ctx,
    debate: Debate,
    node: Comment,
    parent: Contribution | None,
    at: datetime,
    end: datetime,
    dates: dict[int, datetime],
    rng: random.Random,
) -> None:
    contribution = forum_services.post_contribution(
        ctx.people[node.who],
        debate,
        text=node.text,
        stance=node.stance,
        language=node.lang,
        parent=parent,
    )
    dates[contribution.pk] = at
    ctx.summary.comments += 1
    for reply in node.replies:
        later = at + (end - at) * rng.uniform(0.1, 0.5)
        _post(ctx, debate, reply, contribution, later, end, dates, rng)


def _projects(
    actor: User,
    budget: Budget,
    plans: list[Project],
    proposals: dict[str, Proposal],
    districts: dict[str, District],
) -> dict[str, BudgetProject]:
    projects = {}
    for plan in plans:
        projects[plan.key] = services.add_project(
            actor,
            budget,
            title=plan.title,
            description=plan.description,
            cost=Decimal(plan.cost),
            proposal=proposals[plan.proposal] if plan.proposal else None,
            district=districts[plan.district] if plan.district else None,
        )
    return projects


def _year(template: dict[str, str], year: int) -> dict[str, str]:
    return {lang: text.format(year=year) for lang, text in template.items()}


def _at(now: datetime, plan: list[tuple[str, int, int]], kind: str) -> tuple[datetime, datetime]:
    starts, ends = next((s, e) for k, s, e in plan if k == kind)
    return now + timedelta(days=starts), now + timedelta(days=ends)


# --- Lyon: a finished participatory budget ----------------------------------------------


def _lyon(ctx: Ctx, city: City) -> None:
    now, rng = ctx.now, random.Random("lyon")
    actor = ctx.users[LYON_COORDINATOR]
    information = _at(now, LYON_PHASES, "information")
    proposals_phase = _at(now, LYON_PHASES, "proposals")
    supports_phase = _at(now, LYON_PHASES, "supports")
    evaluation = _at(now, LYON_PHASES, "evaluation")
    voting = _at(now, LYON_PHASES, "voting")
    year = voting[1].year

    # Residents: a census list uploaded through the service (identifiers are hashed),
    # the generated residents verified with it, a person checked with the census through
    # the service, another checked in person by the coordinator.
    identifiers = _lyon_identifiers()
    data = ("identifiant\n" + "\n".join(identifiers) + "\n").encode()
    upload = services.upload_census(actor, city, filename=LYON_CENSUS, data=data)
    CensusUpload.objects.filter(pk=upload.pk).update(created_at=information[0] - timedelta(days=20))
    joined = information[0] - timedelta(days=30)
    names = _french_names(LYON_RESIDENTS, rng)
    crowd = _residents(city, "demo-lyon", names, "fr", "FR", joined)
    ctx.people.update({person.display_name: person for person in crowd[: len(LYON_AUTHORS)]})
    dates = _spread(rng, joined + timedelta(days=5), proposals_phase[0], len(crowd))
    _verify_in_bulk(city, crowd, VerificationMethod.CENSUS, dates, [""] * len(crowd))
    entries = {e.digest: e for e in CensusEntry.objects.filter(city=city)}
    used = []
    for person, identifier, at in zip(crowd, identifiers, dates, strict=False):
        entry = entries[services.census_digest(city.pk, identifier)]
        entry.used_by, entry.used_at = person, at
        used.append(entry)
    _set_columns(used, ["used_by", "used_at"])
    camille, ines = ctx.people["camille"], ctx.people["ines"]
    services.verify_with_census(camille, city, identifiers[LYON_RESIDENTS])
    CensusEntry.objects.filter(used_by=camille).update(used_at=information[0])
    _backdate_verification(camille, city, information[0])
    membership = network_services.declare_residence(ines, city)
    network_services.verify_resident(actor, membership)
    _backdate_verification(ines, city, information[0] + timedelta(days=3))
    ctx.summary.residents += len(crowd) + 2

    process, districts, categories = _process(
        ctx,
        actor,
        city,
        slug=LYON_SLUG,
        lang="fr",
        title=_year(LYON_TITLE, year),
        description=LYON_DESCRIPTION,
        phases=LYON_PHASES,
        threshold=LYON_THRESHOLD,
        districts=LYON_DISTRICTS,
        categories=LYON_CATEGORIES,
    )
    Process.objects.filter(pk=process.pk).update(
        created_at=information[0] - timedelta(days=30), updated_at=information[0]
    )

    _open(actor, process, "proposals")
    proposals = _submit(
        ctx, process, LYON_PROPOSALS, districts, categories, *proposals_phase, rng=rng
    )
    _open(actor, process, "supports")
    _supports(ctx, process, LYON_PROPOSALS, proposals, crowd, *supports_phase, rng=rng)
    _comments(ctx, LYON_PROPOSALS, proposals, *supports_phase, rng=rng)
    _open(actor, process, "evaluation")
    _answer(ctx, actor, LYON_PROPOSALS, proposals, *evaluation, rng=rng)

    budget = services.create_budget(
        actor,
        process,
        title=_year(LYON_BUDGET["title"], year),
        description=LYON_BUDGET["description"],
        amount=Decimal("2000000"),
        currency="EUR",
        min_projects=1,
        max_projects=5,
    )
    projects = _projects(actor, budget, LYON_PROJECTS, proposals, districts)
    ctx.summary.projects += len(projects)

    _open(actor, process, "voting")
    voters = rng.sample(crowd, LYON_VOTERS)
    _ballots(budget, projects, voters, [ines, camille], *voting, rng=rng)
    ctx.summary.ballots += len(voters) + 2

    services.update_process(actor, process, phases=_phases(LYON_PHASES, now))
    closed = voting[1] + timedelta(hours=2)
    outcome = services.close_budget(actor, budget, now=closed)
    ctx.summary.winners += sum(1 for r in outcome.results if r.selected)
    Budget.objects.filter(pk=budget.pk).update(
        created_at=evaluation[1] - timedelta(days=12), updated_at=closed
    )
    Implementation.objects.filter(project__budget=budget, proposal__isnull=True).update(
        created_at=closed, updated_at=closed
    )
    _follow_up(ctx, actor, process, projects, proposals, outcome.results)


def _ballots(
    budget: Budget,
    projects: dict[str, BudgetProject],
    voters: list[User],
    by_hand: list[User],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> None:
    """Each voter ticks projects by their appeal, within the budget and at most the
    maximum number. ``by_hand`` vote through the service; the others' ballots are the
    rows the service writes (a receipt, and a secret ballot under the voter's key, in a
    shuffled order so that the order of the rows does not follow the receipts), each
    checked by the same rules first."""
    plans = {plan.key: plan for plan in LYON_PROJECTS}
    costs = {project.pk: project.cost for project in projects.values()}
    limit = budget.max_projects or len(projects)
    receipts, ballots, choices = [], [], []
    for voter in [*voters, *by_hand]:
        keen = rng.uniform(0.6, 1.5)
        order = list(projects)
        rng.shuffle(order)
        chosen: list[int] = []
        total = Decimal(0)
        for key in order:
            cost = projects[key].cost
            if rng.random() < plans[key].popularity * keen and total + cost <= budget.amount:
                chosen.append(projects[key].pk)
                total += cost
            if len(chosen) == limit:
                break
        if not chosen:
            favourite = max(order, key=lambda k: plans[k].popularity + rng.random() / 4)
            chosen = [projects[favourite].pk]
        if voter in by_hand:
            services.cast_ballot(voter, budget, chosen)
            continue
        problems = tally.check_ballot(
            chosen,
            costs,
            amount=budget.amount,
            min_projects=budget.min_projects,
            max_projects=budget.max_projects,
        )
        if problems:
            raise ValueError(f"demo ballot {chosen}: {problems}")
        receipts.append(BallotReceipt(budget=budget, user=voter))
        ballot = Ballot(budget=budget, key=services.ballot_key(budget.pk, voter.pk))
        ballots.append(ballot)
        choices += [BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(chosen)]
    BallotReceipt.objects.bulk_create(receipts)
    rng.shuffle(ballots)
    Ballot.objects.bulk_create(ballots)
    BallotChoice.objects.bulk_create(choices, batch_size=1000)
    dated = list(BallotReceipt.objects.filter(budget=budget).order_by("pk"))
    rng.shuffle(dated)
    for receipt, at in zip(dated, _spread(rng, start, end, len(dated)), strict=True):
        receipt.voted_at = at
    _set_columns(dated, ["voted_at"])


def _follow_up(
    ctx: Ctx,
    actor: User,
    process: Process,
    projects: dict[str, BudgetProject],
    proposals: dict[str, Proposal],
    results: Iterable[Any],
) -> None:
    """Milestones and updates on every promise; accepted proposals that lost the vote
    are cancelled with the reason."""
    now = ctx.now
    votes = {r.project_id: r.votes for r in results}
    records = Implementation.objects.filter(process=process).select_related("project", "proposal")
    by_project = {key: project.pk for key, project in projects.items()}
    for record in records:
        key = next((k for k, pk in by_project.items() if pk == record.project_id), None)
        if key is None and record.proposal_id:
            key = next(k for k, p in proposals.items() if p.pk == record.proposal_id)
        assert key is not None
        lost = record.project_id is None and any(
            p.proposal_id == record.proposal_id for p in projects.values()
        )
        if lost:
            project = next(p for p in projects.values() if p.proposal_id == record.proposal_id)
            update = services.update_implementation(
                actor,
                record,
                status=CANCELLED,
                progress=0,
                text=f"Le projet n'a pas été retenu lors du vote ({votes[project.pk]} voix) : "
                "l'enveloppe était épuisée par les projets plus votés. Il pourra être "
                "présenté de nouveau à la prochaine édition.",
                language="fr",
            )
            at = now + timedelta(days=LYON_PHASES[4][2] + 3)
            ImplementationUpdate.objects.filter(pk=update.pk).update(created_at=at, updated_at=at)
            Implementation.objects.filter(pk=record.pk).update(updated_at=at)
            continue
        plan = LYON_FOLLOW.get(key)
        if plan is None:
            continue
        today = timezone.localdate(now)
        for title, due, done in plan.milestones:
            milestone = services.add_milestone(
                actor, record, title=title, due_on=today + timedelta(days=due)
            )
            if done is not None:
                services.set_milestone_done(actor, milestone, done_on=today + timedelta(days=done))
        last = None
        for days, status, progress, text in plan.updates:
            update = services.update_implementation(
                actor, record, status=status, progress=progress, text=text, language="fr"
            )
            at = now + timedelta(days=days, hours=10)
            ImplementationUpdate.objects.filter(pk=update.pk).update(created_at=at, updated_at=at)
            last = at
        if last is not None:
            Implementation.objects.filter(pk=record.pk).update(updated_at=last)


# --- Gdańsk: a citizens' budget collecting supports now ----------------------------------


def _gdansk(ctx: Ctx, city: City) -> None:
    now, rng = ctx.now, random.Random("gdansk")
    actor = ctx.users[GDANSK_COORDINATOR]
    information = _at(now, GDANSK_PHASES, "information")
    proposals_phase = _at(now, GDANSK_PHASES, "proposals")
    supports_phase = _at(now, GDANSK_PHASES, "supports")
    year = (now + timedelta(days=GDANSK_PHASES[-1][1])).year

    # Residents: codes handed out at a neighbourhood centre (the generated residents and
    # the demo resident used them), a printed batch not handed out yet, a short census
    # list with which a person of the Forum demo verified, and someone waiting for a check.
    batch = services.generate_invitation_codes(
        actor, city, count=GDANSK_RESIDENTS + 20, label=CODE_BATCH
    )
    InvitationBatch.objects.filter(pk=batch.pk).update(
        created_at=information[0] - timedelta(days=7)
    )
    joined = information[0] - timedelta(days=20)
    names = _polish_names(GDANSK_RESIDENTS, rng)
    crowd = _residents(city, "demo-gdansk", names, "pl", "PL", joined)
    ctx.people.update({person.display_name: person for person in crowd[: len(GDANSK_AUTHORS)]})
    dates = _spread(rng, information[0] - timedelta(days=7), proposals_phase[0], len(crowd))
    detail = f"batch {batch.pk}"
    _verify_in_bulk(city, crowd, VerificationMethod.CODE, dates, [detail] * len(crowd))
    codes = list(batch.codes.order_by("pk"))
    for code, person, at in zip(codes, crowd, dates, strict=False):
        code.used_by, code.used_at = person, at
    _set_columns(codes[: len(crowd)], ["used_by", "used_at"])
    resident = ctx.users[RESIDENT]
    services.verify_with_code(resident, city, codes[len(crowd)].code)
    _backdate_verification(resident, city, now - timedelta(days=6))
    InvitationCode.objects.filter(used_by=resident).update(used_at=now - timedelta(days=6))
    printed = services.generate_invitation_codes(actor, city, count=40, label=PRINTED_BATCH)
    InvitationBatch.objects.filter(pk=printed.pk).update(created_at=now - timedelta(days=3))
    data = ("PESEL\n" + "\n".join(GDANSK_IDENTIFIERS) + "\n").encode()
    upload = services.upload_census(actor, city, filename=GDANSK_CENSUS, data=data)
    CensusUpload.objects.filter(pk=upload.pk).update(created_at=information[0])
    piotr = ctx.people["piotr"]
    services.verify_with_census(piotr, city, GDANSK_IDENTIFIERS[3])
    _backdate_verification(piotr, city, information[0] + timedelta(days=2))
    CensusEntry.objects.filter(used_by=piotr).update(used_at=information[0] + timedelta(days=2))
    pending, _created = User.objects.get_or_create(
        email=PENDING_EMAIL,
        defaults={
            "display_name": PENDING_NAME,
            "preferred_languages": ["uk", "pl", "en"],
            "residence_city": "Gdańsk",
            "residence_country": "PL",
        },
    )
    if _created:
        pending.set_unusable_password()
        pending.save(update_fields=["password"])
    network_services.declare_residence(pending, city)
    Membership.objects.filter(user=pending, city=city).update(created_at=now - timedelta(days=2))
    ctx.summary.residents += len(crowd) + 2

    process, districts, categories = _process(
        ctx,
        actor,
        city,
        slug=GDANSK_SLUG,
        lang="pl",
        title=_year(GDANSK_TITLE, year),
        description=GDANSK_DESCRIPTION,
        phases=GDANSK_PHASES,
        threshold=GDANSK_THRESHOLD,
        districts=GDANSK_DISTRICTS,
        categories=GDANSK_CATEGORIES,
    )
    Process.objects.filter(pk=process.pk).update(
        created_at=information[0] - timedelta(days=14), updated_at=information[0]
    )
    _open(actor, process, "proposals")
    proposals = _submit(
        ctx, process, GDANSK_PROPOSALS, districts, categories, *proposals_phase, rng=rng
    )
    services.update_process(actor, process, phases=_phases(GDANSK_PHASES, now))
    recently = now - timedelta(hours=1)
    _supports(
        ctx, process, GDANSK_PROPOSALS, proposals, crowd, supports_phase[0], recently, rng=rng
    )
    _comments(ctx, GDANSK_PROPOSALS, proposals, supports_phase[0], recently, rng=rng)
    _answer(ctx, actor, GDANSK_PROPOSALS, proposals, now - timedelta(days=3), now, rng=rng)

    budget = services.create_budget(
        actor,
        process,
        title=_year(GDANSK_BUDGET["title"], year),
        description=GDANSK_BUDGET["description"],
        amount=Decimal("3500000"),
        currency="PLN",
        min_projects=1,
        max_projects=5,
    )
    projects = _projects(actor, budget, GDANSK_PROJECTS, proposals, districts)
    ctx.summary.projects += len(projects)
