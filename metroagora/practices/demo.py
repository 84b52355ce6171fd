"""Demo best practices on top of the demo network, events and debates.

``seed_demo``, ``seed_demo_events`` and (ideally) ``seed_demo_forum`` come first.

Case studies from the demo cities, inspired by well-known metropolitan governance
and participation practices (participatory budgets, citizens' assemblies, open
platforms, open data, youth councils, neighbourhood renewal...), with approximate
figures, in the city's own language: most with an English title and summary, a few
fully translated, a few only in their original language. Contacts are teams, never
named people. Practices go through ``services`` like on the site: two drafts, one in
review with a review conversation, one sent back for changes, the rest published
(so each has its questions-and-answers debate). People of the network ask questions
and cities answer them; cities follow transfers of each other's practices, step by
step. Dates are spread over the past months; the randomness is seeded, so two runs
give the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events.models import Event, Topic
from metroagora.forum import services as forum_services
from metroagora.forum.demo import _date_notifications, _people
from metroagora.forum.models import Contribution, Debate
from metroagora.network.models import City
from metroagora.practices import services
from metroagora.practices.models import (
    Practice,
    PracticeStatus,
    ReviewComment,
    ReviewVerdict,
    Transfer,
    Transferability,
    TransferStatus,
    TransferUpdate,
)

ADMIN = "admin@metroagora.eu"
EDITOR = "editor@metroagora.eu"
LYON = "coordinator@metroagora.eu"
GDANSK = "coordinator.gdansk@metroagora.eu"
WARSAW = "k.nowak@example.org"  # the Warsaw coordinator among seed_demo's officials
MILAN = "g.rossi@example.org"
HELSINKI = "a.virtanen@example.org"
DUBLIN = "s.murphy@example.org"
PRAGUE = "j.novak@example.org"
RESIDENT = "resident@metroagora.eu"
PARTICIPANT = "participant@metroagora.eu"
# Cities whose coordinator writes their practices; the network's editor writes the
# others from what the cities sent.
COORDINATORS = {"lyon": LYON, "gdansk": GDANSK, "warsaw": WARSAW}
ACCOUNTS = frozenset(
    [ADMIN, EDITOR, LYON, GDANSK, WARSAW, MILAN, HELSINKI, DUBLIN, PRAGUE, RESIDENT, PARTICIPANT]
)

HIGH, MEDIUM, LOW = Transferability.HIGH, Transferability.MEDIUM, Transferability.LOW
DRAFT, IN_REVIEW = PracticeStatus.DRAFT, PracticeStatus.IN_REVIEW
CHANGES, PUBLISHED = PracticeStatus.CHANGES_REQUESTED, PracticeStatus.PUBLISHED
SECTIONS = (
    "title",
    "summary",
    "challenge",
    "actions",
    "results",
    "resources",
    "eu_funds",
    "success_factors",
    "obstacles",
    "transfer_conditions",
)


@dataclass
class Q:
    """A question on a practice (or an answer, as a reply), with its replies."""

    who: str  # a key of the Forum demo's people, or an email of the demo accounts
    lang: str
    text: str
    replies: tuple[Q, ...] = ()


def q(who: str, lang: str, text: str, *replies: Q) -> Q:
    return Q(who, lang, text, replies)


@dataclass
class Plan:
    slug: str
    city: str
    lang: str  # the original language
    status: str
    days: int  # published (or last worked on) that many days ago
    started: tuple[int, int]  # year, month
    topics: list[str]
    text: dict[str, str]  # section -> text in the original language
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> sections
    transferability: str = ""
    cost: int | None = None
    contact: tuple[str, str, str] = ("", "", "")  # a team, a role, an address
    # label, before, after, unit, year (labels in the original language when it is a
    # UI language of the site, else in English, the network's working language)
    indicators: list[tuple[str, str | None, str, str, int]] = field(default_factory=list)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # further languages of its documents
    review: list[tuple[str, str, str]] = field(default_factory=list)  # who, step, text
    questions: list[Q] = field(default_factory=list)


@dataclass
class TransferPlan:
    practice: str
    city: str
    # days ago, who (email), status, note; the first step opens the transfer
    steps: list[tuple[int, str, str, str]]


PLANS = [
    Plan(
        slug="lyon-participatory-budget",
        city="lyon",
        lang="fr",
        status=PUBLISHED,
        days=190,
        started=(2021, 9),
        topics=["participatory-budgeting", "inclusion", "urban-regeneration", "environment"],
        events=["lyon-citizens-forum-participatory-budgets"],
        text={
            "title": "Budget participatif métropolitain : les habitants proposent, votent et "
            "suivent leurs projets",
            "summary": "Chaque année, une part du budget d'investissement est confiée aux "
            "habitants des 58 communes. Ils déposent des idées, les services les étudient "
            "avec eux, puis tout le monde vote dès 16 ans. Les projets lauréats sont suivis "
            "en ligne jusqu'à leur inauguration.",
            "challenge": "La participation aux concertations classiques plafonnait à quelques "
            "centaines de personnes, toujours les mêmes : retraités, propriétaires, habitants "
            "des quartiers centraux. Les quartiers populaires et les communes de l'Est "
            "lyonnais étaient peu entendus.",
            "actions": "- Une enveloppe réservée par territoire, avec un bonus pour les "
            "quartiers prioritaires de la politique de la ville\n"
            "- Des ateliers d'écriture de projets dans les centres sociaux et les lycées\n"
            "- Une étude de faisabilité menée avec les porteurs d'idées, publiée pour "
            "chaque idée\n"
            "- Un vote en ligne et dans 120 points de vote (mairies, bibliothèques, marchés)\n"
            "- Une carte de suivi des projets lauréats, mise à jour chaque trimestre",
            "results": "La deuxième édition a réuni près de 42 000 votants, trois fois plus "
            "que la première. Un quart des projets lauréats se situent en quartier "
            "prioritaire, et 70 % des projets de la première édition sont livrés.",
            "resources": "Une équipe de six personnes à la direction de la participation, "
            "l'appui des services techniques pour les études de faisabilité et deux "
            "associations d'éducation populaire pour les ateliers. Coût de fonctionnement, "
            "hors projets : environ 850 000 € par an.",
            "eu_funds": "Les ateliers dans les quartiers prioritaires ont été cofinancés par "
            "le FSE+ (environ 120 000 €) ; les échanges avec les villes partenaires par le "
            "programme CERV.",
            "success_factors": "- Un portage politique fort et une enveloppe garantie sur "
            "tout le mandat\n"
            "- Les points de vote physiques : 38 % des votes\n"
            "- La transparence sur les refus : chaque idée écartée reçoit une réponse "
            "motivée",
            "obstacles": "Les délais de réalisation (jusqu'à trois ans pour les projets de "
            "voirie) découragent une partie des porteurs. La première édition a connu une "
            "tentative de vote multiple en ligne, réglée par une vérification par SMS.",
            "transfer_conditions": "Une enveloppe budgétaire garantie sur plusieurs années, "
            "une équipe dédiée d'au moins trois personnes et l'engagement des services "
            "techniques à étudier les idées. La plateforme de vote peut être un logiciel "
            "libre.",
        },
        translations={
            "en": {
                "title": "Metropolitan participatory budget: residents propose, vote on and "
                "follow their projects",
                "summary": "Each year part of the investment budget is entrusted to the "
                "residents of the 58 municipalities. They submit ideas, the city's services "
                "study them together, then everyone aged 16 or over votes. Winning projects "
                "are tracked online until they open.",
            }
        },
        transferability=HIGH,
        cost=850_000,
        contact=(
            "Direction de la participation citoyenne",
            "Équipe du budget participatif",
            "budget.participatif@lyon.example.org",
        ),
        indicators=[
            ("Votants", "13800", "41900", "personnes", 2024),
            ("Projets lauréats en quartier prioritaire", "12", "26", "%", 2024),
            ("Votes dans les points de vote physiques", None, "38", "%", 2024),
            ("Projets de la première édition livrés", None, "70", "%", 2025),
        ],
        links=[("other", "Métropole de Lyon", "https://www.grandlyon.com", "fr")],
        questions=[
            q(
                "anna",
                "pl",
                "Jak sprawdzacie tożsamość osób głosujących w punktach stacjonarnych? "
                "W Warszawie to sporo pracy dla urzędników.",
                q(
                    LYON,
                    "fr",
                    "Dans les points de vote, un agent vérifie une pièce d'identité ou un "
                    "justificatif de domicile et enregistre le vote sur une tablette ; en "
                    "ligne, un code reçu par SMS suffit. Les personnes sans domicile votent "
                    "par les centres sociaux, qui attestent leur adresse.",
                ),
            ),
            q(
                "aoife",
                "en",
                "What share of the winning projects came from priority neighbourhoods "
                "before you introduced the bonus?",
                q(
                    LYON,
                    "en",
                    "About 12% in the first edition. With the bonus it rose to 26%; the "
                    "evaluation report has the details per municipality.",
                ),
            ),
        ],
    ),
    Plan(
        slug="lyon-mobility-pact",
        city="lyon",
        lang="fr",
        status=IN_REVIEW,
        days=3,
        started=(2024, 2),
        topics=["mobility", "metropolitan-governance", "citizens-assemblies", "climate"],
        text={
            "title": "Un pacte métropolitain des mobilités co-construit avec les 58 communes",
            "summary": "Maires des 58 communes, habitants tirés au sort et opérateurs de "
            "transport ont écrit ensemble un pacte qui fixe les priorités de mobilité pour "
            "dix ans : lignes express vers la périphérie, pistes cyclables continues, "
            "covoiturage organisé.",
            "challenge": "Les habitants de la périphérie dépendent de la voiture : 70 % des "
            "trajets domicile-travail depuis l'Est lyonnais. Les communes se renvoyaient la "
            "responsabilité des liaisons intercommunales, et la zone à faibles émissions "
            "suscitait une forte opposition.",
            "actions": "- Douze conférences territoriales avec les maires, les associations "
            "et les employeurs\n"
            "- Un panel de 60 habitants tirés au sort, représentatif des territoires, réuni "
            "pendant cinq week-ends\n"
            "- Une carte participative des points noirs (3 200 contributions)\n"
            "- Un vote du conseil de la Métropole sur le pacte, avec l'avis du panel en "
            "annexe",
            "results": "Le pacte a été adopté par 132 voix sur 150. Il prévoit quatre lignes "
            "de bus express et 250 km de voies cyclables sécurisées. Les premières mesures "
            "sont en cours : il est trop tôt pour mesurer l'effet sur la part modale.",
            "resources": "Deux chargés de concertation, un prestataire d'animation pour le "
            "panel (environ 180 000 €) et le temps des services de la mobilité.",
            "success_factors": "Le panel d'habitants a facilité les arbitrages entre "
            "communes : ses recommandations étaient perçues comme neutres.",
            "obstacles": "Les petites communes ont eu du mal à suivre le rythme des "
            "conférences. La carte participative a surtout attiré des cyclistes du centre.",
            "transfer_conditions": "Une autorité organisatrice des mobilités à l'échelle "
            "métropolitaine et une majorité politique prête à laisser un panel d'habitants "
            "peser sur les arbitrages.",
        },
        translations={
            "en": {
                "title": "A metropolitan mobility pact co-designed with the 58 municipalities",
                "summary": "Mayors of the 58 municipalities, residents drawn by lot and "
                "transport operators wrote together a pact that sets mobility priorities "
                "for ten years: express bus lines to the outskirts, continuous cycle lanes, "
                "organised car-sharing.",
            }
        },
        transferability=MEDIUM,
        cost=420_000,
        contact=(
            "Direction de la mobilité",
            "Mission concertation",
            "pacte.mobilites@lyon.example.org",
        ),
        indicators=[
            ("Contributions sur la carte participative", None, "3200", "", 2025),
            ("Voix pour au conseil de la Métropole", None, "132", "sur 150", 2025),
        ],
        review=[
            (
                "author",
                "submit",
                "Première version complète. Les chiffres de fréquentation des lignes "
                "express arriveront au printemps.",
            ),
            (
                "editor",
                "comment",
                "Merci Camille, c'est très clair. Deux points avant publication : combien "
                "de membres du panel venaient de communes de moins de 10 000 habitants ? Et "
                "pouvez-vous ajouter au moins un indicateur d'usage, par exemple la "
                "fréquentation des lignes express ? Sinon, nous pouvons publier en l'état et "
                "compléter plus tard.",
            ),
            (
                "author",
                "comment",
                "Je demande les chiffres au service de la mobilité et je complète d'ici la "
                "fin du mois. Le panel comptait 14 habitants de petites communes.",
            ),
        ],
    ),
    Plan(
        slug="lyon-hybrid-neighbourhood-councils",
        city="lyon",
        lang="fr",
        status=DRAFT,
        days=6,
        started=(2023, 1),
        topics=["digital-democracy", "inclusion"],
        text={
            "title": "Des conseils de quartier hybrides, en salle et en ligne",
            "summary": "Depuis 2023, des conseils de quartier de Villeurbanne et de Vénissieux "
            "se tiennent à la fois en salle et en visioconférence, avec un vote en ligne "
            "ouvert pendant une semaine.",
            "challenge": "Les conseils de quartier attiraient surtout des retraités : les "
            "parents et les jeunes actifs ne pouvaient pas se libérer le soir.",
            "actions": "- Retransmission des séances et questions par écrit\n"
            "- Vote en ligne pendant une semaine après chaque séance\n"
            "- (à compléter : outils utilisés, formation des animateurs)",
        },
        contact=(
            "Direction de la participation citoyenne",
            "Mission démocratie locale",
            "quartiers@lyon.example.org",
        ),
    ),
    Plan(
        slug="brussels-deliberative-committees",
        city="brussels",
        lang="fr",
        status=PUBLISHED,
        days=260,
        started=(2020, 1),
        topics=["citizens-assemblies", "multilevel-governance", "open-government"],
        text={
            "title": "Commissions délibératives : des citoyens tirés au sort siègent avec les "
            "députés",
            "summary": "Le Parlement bruxellois peut réunir des commissions mixtes de 45 "
            "citoyens tirés au sort et 15 députés. Elles délibèrent sur un sujet pendant "
            "quatre week-ends et rédigent des recommandations ; le Parlement doit y répondre "
            "publiquement.",
            "challenge": "Dans une région à la gouvernance complexe, la confiance dans les "
            "institutions reculait et le débat public était dominé par des groupes "
            "organisés. Les députés cherchaient un moyen d'entendre des habitants qui ne "
            "participent jamais.",
            "actions": "- Tirage au sort en deux temps : 10 000 invitations, puis sélection "
            "parmi les volontaires selon le genre, l'âge, la langue, la commune et le "
            "niveau de diplôme\n"
            "- Défraiement des participants et garde d'enfants sur place\n"
            "- Auditions d'experts choisis par un comité d'accompagnement pluraliste\n"
            "- Vote à bulletin secret des recommandations, citoyens et députés comptés "
            "séparément\n"
            "- Rapport de suivi présenté en séance publique",
            "results": "Plusieurs commissions ont eu lieu depuis 2020, notamment sur la 5G, "
            "le sans-abrisme et la biodiversité en ville. Environ 60 % des recommandations "
            "ont été reprises au moins en partie, et 90 % des participants se disent prêts "
            "à recommencer.",
            "resources": "Une cellule de quatre personnes au greffe du Parlement et un "
            "opérateur externe pour le tirage au sort : environ 150 000 € par commission.",
            "success_factors": "- Une base réglementaire qui oblige le Parlement à répondre\n"
            "- Des votes comptés séparément : une recommandation doit avoir la majorité "
            "chez les citoyens\n"
            "- Un accompagnement neutre et des experts contradictoires",
            "obstacles": "Le taux de réponse aux invitations reste bas (environ 5 %), surtout "
            "chez les jeunes et dans les communes les plus pauvres. Le suivi des "
            "recommandations est lent.",
            "transfer_conditions": "Une assemblée élue qui accepte de modifier son règlement, "
            "un budget stable et un opérateur indépendant pour le tirage au sort. La "
            "formule fonctionne aussi pour un conseil métropolitain.",
        },
        translations={
            "en": {
                "title": "Deliberative committees: citizens drawn by lot sit with members of "
                "parliament",
                "summary": "The Brussels Parliament can convene mixed committees of 45 "
                "citizens drawn by lot and 15 members of parliament. They deliberate on one "
                "subject over four weekends and write recommendations, which parliament "
                "must answer publicly.",
                "challenge": "In a region with complex governance, trust in institutions was "
                "falling and public debate was dominated by organised groups. Members of "
                "parliament were looking for a way to hear residents who never take part.",
                "actions": "- A two-step draw: 10,000 invitations, then a selection among the "
                "volunteers by gender, age, language, municipality and education\n"
                "- Expenses paid and childcare on site\n"
                "- Hearings of experts chosen by a pluralist support committee\n"
                "- Secret ballot on the recommendations, with citizens' and members' votes "
                "counted separately\n"
                "- A follow-up report presented in a public session",
                "results": "Several committees have met since 2020, among others on 5G, "
                "homelessness and urban biodiversity. About 60% of the recommendations were "
                "taken up at least in part, and 90% of the participants say they would do "
                "it again.",
                "resources": "A unit of four people in the Parliament's clerk's office and an "
                "external operator for the draw: about €150,000 per committee.",
                "success_factors": "- Rules of procedure that oblige parliament to answer\n"
                "- Votes counted separately: a recommendation needs a majority among the "
                "citizens\n"
                "- Neutral facilitation and experts with opposing views",
                "obstacles": "The response rate to invitations stays low (about 5%), "
                "especially among young people and in the poorest municipalities. "
                "Following up the recommendations is slow.",
                "transfer_conditions": "An elected assembly willing to change its rules of "
                "procedure, a stable budget and an independent operator for the draw. The "
                "format also works for a metropolitan council.",
            },
            "nl": {
                "title": "Overlegcommissies: uitgelote burgers zetelen samen met parlementsleden",
                "summary": "Het Brussels Parlement kan gemengde commissies samenstellen van 45 "
                "uitgelote burgers en 15 parlementsleden. Zij beraadslagen vier weekends "
                "lang over één onderwerp en schrijven aanbevelingen, waarop het parlement "
                "publiek moet antwoorden.",
            },
        },
        transferability=MEDIUM,
        cost=150_000,
        contact=(
            "Parlement de la Région de Bruxelles-Capitale",
            "Cellule des commissions délibératives",
            "deliberation@brussels.example.org",
        ),
        indicators=[
            ("Recommandations reprises au moins en partie", None, "60", "%", 2024),
            ("Taux de réponse aux invitations", None, "5", "%", 2024),
            ("Participants prêts à recommencer", None, "90", "%", 2024),
        ],
        questions=[
            q(
                "piotr",
                "pl",
                "Czy posłowie głosują nad rekomendacjami razem z obywatelami? W Gdańsku "
                "panel jest tylko obywatelski i to chyba wzmacnia jego wiarygodność.",
                q(
                    "hugo",
                    "fr",
                    "Oui, mais les votes sont comptés séparément : une recommandation n'est "
                    "adoptée que si elle a la majorité chez les citoyens. J'ai suivi la "
                    "commission sur le sans-abrisme, et les députés ont surtout aidé à rendre "
                    "les propositions applicables.",
                ),
            )
        ],
    ),
    Plan(
        slug="brussels-sustainable-neighbourhood-contracts",
        city="brussels",
        lang="fr",
        status=PUBLISHED,
        days=330,
        started=(2016, 3),
        topics=["urban-regeneration", "housing", "co-creation", "social-inclusion"],
        text={
            "title": "Contrats de quartier durables : quatre ans pour transformer un quartier "
            "avec ses habitants",
            "summary": "Dans les quartiers les plus fragiles, la Région finance un programme "
            "de quatre ans décidé avec une commission de quartier où siègent habitants, "
            "associations et commune : logements, espaces publics, équipements et actions "
            "sociales.",
            "challenge": "Les quartiers denses du « croissant pauvre » de Bruxelles cumulent "
            "logements dégradés, manque d'espaces verts et chômage élevé. Les rénovations "
            "décidées d'en haut ne tenaient pas compte des usages.",
            "actions": "- Un diagnostic partagé d'un an : marches exploratoires, permanences, "
            "ateliers avec les écoles\n"
            "- Une commission de quartier, dont un tiers d'habitants, qui valide le "
            "programme\n"
            "- Un budget d'environ 14 millions d'euros par contrat, pour moitié régional\n"
            "- Un appel à projets socio-économiques pour les associations du quartier",
            "results": "Dans le contrat de quartier évalué, 42 logements ont été créés ou "
            "rénovés, un parc de 8 000 m² a ouvert et 11 projets associatifs ont été "
            "financés. 64 % des habitants interrogés trouvent le quartier plus agréable.",
            "resources": "Un chef de projet communal par contrat, un bureau d'études pour le "
            "diagnostic et l'appui de la Région pour le montage financier.",
            "eu_funds": "Certains contrats ont mobilisé le FEDER pour les équipements de quartier.",
            "success_factors": "La durée garantie de quatre ans et la commission de quartier, "
            "qui donne aux habitants un vrai rôle dans les arbitrages.",
            "obstacles": "Un risque de gentrification : les loyers ont augmenté dans les rues "
            "rénovées. Les habitants les plus précaires participent peu aux commissions.",
            "transfer_conditions": "Un financement pluriannuel garanti et un cadre légal "
            "régional. Les outils de diagnostic partagé se transfèrent facilement, le "
            "montage financier beaucoup moins.",
        },
        transferability=LOW,
        cost=14_000_000,
        contact=(
            "Direction de la rénovation urbaine",
            "Cellule contrats de quartier",
            "contrats.quartier@brussels.example.org",
        ),
        indicators=[
            ("Logements créés ou rénovés", None, "42", "", 2023),
            ("Espaces verts ouverts", "0", "8000", "m²", 2023),
            ("Habitants trouvant le quartier plus agréable", None, "64", "%", 2023),
        ],
    ),
    Plan(
        slug="hamburg-digital-planning-tables",
        city="hamburg",
        lang="de",
        status=PUBLISHED,
        days=48,
        started=(2018, 5),
        topics=["digital-democracy", "digital-transition", "urban-regeneration"],
        events=["barcelona-digital-democracy-forum"],
        text={
            "title": "Digitale Planungstische: Bürgerbeteiligung mit Daten und Karten",
            "summary": "In Beteiligungswerkstätten arbeiten Bürgerinnen und Bürger an großen "
            "Touch-Tischen mit denselben Geodaten wie die Verwaltung. Ihre Vorschläge landen "
            "als Kartenbeiträge direkt im Online-Verfahren, das parallel läuft.",
            "challenge": "Planungsunterlagen waren für Laien schwer verständlich, und Beiträge "
            "aus Präsenzveranstaltungen und aus dem Internet wurden getrennt ausgewertet. "
            "Viele Menschen fühlten sich mit ihren Hinweisen nicht ernst genommen.",
            "actions": "- Eine quelloffene Software, die Präsenz- und Online-Beteiligung auf "
            "einer Karte zusammenführt\n"
            "- Planungstische, die Bezirksämter, Schulen und Bibliotheken ausleihen können\n"
            "- Schulungen für Moderatorinnen und Moderatoren in allen sieben Bezirken\n"
            "- Eine offene Schnittstelle zum städtischen Geoportal",
            "results": "Mehr als 40 Verfahren wurden mit den Tischen durchgeführt. Die Zahl "
            "der Beiträge pro Verfahren hat sich im Schnitt verdoppelt, und die Auswertung "
            "dauert ein Drittel weniger Zeit.",
            "resources": "Ein Entwicklungsteam von fünf Personen in der Verwaltung und bei "
            "einem Forschungspartner, dazu die Moderation in den Bezirken.",
            "eu_funds": "Teile der Entwicklung wurden aus dem EFRE gefördert.",
            "success_factors": "- Offener Quellcode, den andere Städte nachnutzen können\n"
            "- Dieselben Daten für Verwaltung und Bürgerschaft: Die Diskussion wird "
            "sachlicher",
            "obstacles": "Die Tische sind teuer und schwer zu transportieren, ältere Menschen "
            "brauchen Begleitung. Online wurden vor allem jüngere, technikaffine Gruppen "
            "erreicht.",
            "transfer_conditions": "Ein städtisches Geoportal mit offenen Daten und ein Team, "
            "das die Software betreibt. Die Software ist frei verfügbar, die Tische lassen "
            "sich mieten.",
        },
        translations={
            "en": {
                "title": "Digital planning tables: citizen participation with data and maps",
                "summary": "In participation workshops, residents work at large touch tables "
                "with the same geodata as the administration. Their proposals go straight "
                "into the online consultation running in parallel, as comments on the map.",
            }
        },
        transferability=MEDIUM,
        cost=1_900_000,
        contact=(
            "Behörde für Stadtentwicklung und Wohnen",
            "Team Digitale Beteiligung",
            "beteiligung@hamburg.example.org",
        ),
        indicators=[
            ("Verfahren mit Planungstischen", None, "40", "", 2024),
            ("Beiträge pro Verfahren (Durchschnitt)", "210", "430", "", 2024),
            ("Dauer der Auswertung", "30", "20", "Arbeitstage", 2024),
        ],
        questions=[
            q(
                "tereza",
                "en",
                "Does the software work with standard geodata services (WMS/WFS), or only "
                "with Hamburg's own portal?",
                q(
                    EDITOR,
                    "en",
                    "The Hamburg team confirms it reads standard WMS and WFS services, so any "
                    "city with an INSPIRE-compliant geoportal can plug in its layers. Other "
                    "German cities already run it.",
                ),
            )
        ],
    ),
    Plan(
        slug="hamburg-cycling-walking-alliance",
        city="hamburg",
        lang="de",
        status=PUBLISHED,
        days=140,
        started=(2016, 6),
        topics=["mobility", "metropolitan-governance", "climate"],
        text={
            "title": "Bündnis für den Rad- und Fußverkehr: ein Pakt zwischen Senat, Bezirken "
            "und Verbänden",
            "summary": "Senat, sieben Bezirke, Verkehrsunternehmen und Verbände haben sich in "
            "einem Bündnis auf gemeinsame Ziele für den Rad- und Fußverkehr verpflichtet. "
            "Ein jährlicher Bericht zeigt öffentlich, wer was umgesetzt hat.",
            "challenge": "Radwege endeten an Bezirksgrenzen, die Zuständigkeiten waren "
            "zersplittert, und Bürgerinitiativen warfen der Verwaltung Stillstand vor.",
            "actions": "- Verbindliche Jahresziele: Kilometer neuer Radwege, sichere "
            "Kreuzungen, Fahrradstellplätze\n"
            "- Ein Koordinierungsgremium mit Vertretungen aller Bezirke, das sich monatlich "
            "trifft\n"
            "- Ein öffentliches Monitoring mit Karte und Jahresbericht\n"
            "- Zwei Dialoge pro Jahr mit Radfahrenden, Zufußgehenden und "
            "Gewerbetreibenden",
            "results": "Pro Jahr werden rund 60 km Radwege neu gebaut oder saniert, doppelt so "
            "viel wie vor dem Bündnis. Der Anteil des Radverkehrs stieg von 15 auf 22 "
            "Prozent aller Wege.",
            "resources": "Eine Koordinierungsstelle mit drei Personen; die Maßnahmen selbst "
            "laufen über die Haushalte der Bezirke und des Landes.",
            "success_factors": "Öffentliche Zahlen schaffen Druck: Kein Bezirk will im "
            "Jahresbericht hinten liegen.",
            "obstacles": "Konflikte um Parkplätze bremsen viele Projekte, und die "
            "Gewerbetreibenden wurden zu spät beteiligt.",
            "transfer_conditions": "Politischer Wille auf Landes- oder Metropolebene und die "
            "Bereitschaft, Fortschritte öffentlich messbar zu machen.",
        },
        transferability=HIGH,
        cost=320_000,
        contact=(
            "Behörde für Verkehr und Mobilitätswende",
            "Koordinierungsstelle Bündnis Rad- und Fußverkehr",
            "radbuendnis@hamburg.example.org",
        ),
        indicators=[
            ("Radwege neu gebaut oder saniert", "30", "60", "km pro Jahr", 2024),
            ("Anteil des Radverkehrs an allen Wegen", "15", "22", "%", 2024),
        ],
    ),
    Plan(
        slug="milan-metropolitan-climate-assembly",
        city="milan",
        lang="it",
        status=PUBLISHED,
        days=120,
        started=(2024, 3),
        topics=["climate", "citizens-assemblies", "health", "environment"],
        events=["milan-metropolitan-climate-assembly"],
        text={
            "title": "Assemblea metropolitana per il clima: cittadini estratti a sorte "
            "scrivono il piano caldo",
            "summary": "Novanta cittadini estratti a sorte nei 133 comuni hanno lavorato per "
            "tre mesi sul piano di adattamento alle ondate di calore. Le nove proposte "
            "votate in plenaria sono entrate nel piano approvato dal Consiglio "
            "metropolitano.",
            "challenge": "Le estati sempre più calde colpiscono soprattutto gli anziani e i "
            "quartieri con poco verde. Il piano di adattamento era un documento tecnico, "
            "poco conosciuto dai comuni più piccoli e dai cittadini.",
            "actions": "- Estrazione a sorte stratificata per età, genere, titolo di studio e "
            "area geografica\n"
            "- Sei incontri tra aprile e giugno, con esperti dell'agenzia regionale per "
            "l'ambiente e dell'università\n"
            "- Dodici tavoli tematici: ombra, acqua, verde, salute, lavoro all'aperto, "
            "scuole\n"
            "- Voto in plenaria e consegna delle proposte al Consiglio metropolitano, che "
            "ha risposto punto per punto",
            "results": "Dei 34 suggerimenti dei tavoli, 9 sono stati votati e tutti inseriti "
            "nel piano: tra questi una mappa pubblica delle isole di calore, 200 nuovi "
            "alberi per quartiere e rifugi climatici in 40 biblioteche. Il 93% dei "
            "partecipanti rifarebbe l'esperienza.",
            "resources": "Un gruppo di lavoro di quattro persone, una società di facilitazione "
            "e un rimborso spese di 50 euro a incontro per i partecipanti.",
            "eu_funds": "Il programma CERV ha finanziato gli scambi con le città partner "
            "durante l'assemblea; la mappa delle isole di calore è cofinanziata dal "
            "programma LIFE.",
            "success_factors": "- Un mandato chiaro: le proposte votate entrano nel piano o "
            "ricevono una risposta motivata\n"
            "- Il rimborso e gli incontri nel fine settimana, che hanno portato lavoratori "
            "e giovani genitori\n"
            "- Ospiti delle città partner con esempi concreti",
            "obstacles": "La risposta agli inviti è stata bassa nei comuni più piccoli. Alcune "
            "proposte, come i tetti verdi obbligatori, sono state respinte perché non di "
            "competenza metropolitana, e questo ha deluso.",
            "transfer_conditions": "Un ente disposto a impegnarsi pubblicamente a rispondere "
            "alle proposte, un budget per una facilitazione indipendente e almeno quattro "
            "mesi di lavoro. Funziona bene su temi concreti e delimitati.",
        },
        translations={
            "en": {
                "title": "Metropolitan Climate Assembly: citizens drawn by lot write the heat plan",
                "summary": "Ninety citizens drawn by lot in the 133 municipalities worked for "
                "three months on the heatwave adaptation plan. The nine proposals voted in "
                "plenary became part of the plan approved by the metropolitan council.",
                "challenge": "Ever hotter summers hit older people and neighbourhoods with "
                "little greenery hardest. The adaptation plan was a technical document, "
                "little known to the smaller municipalities and to citizens.",
                "actions": "- A draw stratified by age, gender, education and area\n"
                "- Six meetings between April and June, with experts of the regional "
                "environment agency and of the university\n"
                "- Twelve thematic tables: shade, water, greenery, health, outdoor work, "
                "schools\n"
                "- A vote in plenary and the proposals handed to the metropolitan council, "
                "which answered them one by one",
                "results": "Of the tables' 34 suggestions, 9 were voted and all went into the "
                "plan, among them a public map of heat islands, 200 new trees per "
                "neighbourhood and cool shelters in 40 libraries. 93% of the participants "
                "would do it again.",
                "resources": "A working group of four people, a facilitation company and €50 "
                "per meeting to cover participants' expenses.",
                "eu_funds": "The CERV programme funded the exchanges with partner cities "
                "during the assembly; the heat island map is co-funded by the LIFE "
                "programme.",
                "success_factors": "- A clear mandate: voted proposals go into the plan or "
                "get a reasoned answer\n"
                "- Expenses paid and weekend meetings, which brought workers and young "
                "parents\n"
                "- Guests from partner cities with concrete examples",
                "obstacles": "Few people answered the invitations in the smallest "
                "municipalities. Some proposals, such as compulsory green roofs, were "
                "rejected as outside the metropolitan city's powers, which disappointed "
                "participants.",
                "transfer_conditions": "An authority willing to commit publicly to answering "
                "the proposals, a budget for independent facilitation and at least four "
                "months of work. It works well on concrete, well-defined subjects.",
            },
            "fr": {
                "title": "Assemblée métropolitaine pour le climat : des citoyens tirés au sort "
                "écrivent le plan canicule",
                "summary": "Quatre-vingt-dix citoyens tirés au sort dans les 133 communes ont "
                "travaillé trois mois sur le plan d'adaptation aux vagues de chaleur. Les "
                "neuf propositions votées en plénière font partie du plan adopté par le "
                "conseil métropolitain.",
            },
        },
        transferability=HIGH,
        cost=240_000,
        contact=(
            "Città metropolitana di Milano",
            "Ufficio Partecipazione",
            "partecipazione@milano.example.org",
        ),
        indicators=[
            ("Proposte votate e inserite nel piano", None, "9", "", 2025),
            ("Rifugi climatici nelle biblioteche", "0", "40", "", 2025),
            ("Partecipanti che rifarebbero l'esperienza", None, "93", "%", 2025),
        ],
        questions=[
            q(
                "lucia",
                "es",
                "¿Cómo conseguisteis que participaran personas de los municipios pequeños? "
                "En el área metropolitana de Barcelona nos cuesta mucho.",
                q(
                    MILAN,
                    "it",
                    "Abbiamo mandato gli inviti tramite i sindaci e organizzato navette "
                    "gratuite dalle stazioni. Non è bastato del tutto: i comuni sotto i "
                    "5.000 abitanti restano sottorappresentati.",
                    q(
                        "jordi",
                        "es",
                        "Gracias. Lo de las lanzaderas lo probaremos en el Baix Llobregat.",
                    ),
                ),
            ),
            q(
                "camille",
                "fr",
                "Le rapport final de l'assemblée existe-t-il en français ?",
                q(
                    EDITOR,
                    "fr",
                    "Une synthèse en anglais est déjà disponible ; le réseau prépare la "
                    "version française, nous l'ajouterons aux documents de la pratique.",
                ),
            ),
        ],
    ),
    Plan(
        slug="milan-collaboration-pacts",
        city="milan",
        lang="it",
        status=PUBLISHED,
        days=300,
        started=(2019, 10),
        topics=["co-creation", "urban-regeneration", "environment", "social-inclusion"],
        text={
            "title": "Patti di collaborazione: cittadini e Comune curano insieme i beni comuni",
            "summary": "Un regolamento permette a gruppi di cittadini, scuole e associazioni "
            "di firmare con il Comune un patto per curare uno spazio pubblico: un giardino, "
            "un cortile scolastico, una piazza. Il Comune fornisce materiali, assicurazione "
            "e formazione.",
            "challenge": "Molti spazi pubblici di periferia erano abbandonati, mentre i "
            "cittadini che volevano occuparsene si scontravano con autorizzazioni lunghe e "
            "problemi di responsabilità.",
            "actions": "- Un regolamento comunale sui beni comuni, approvato dopo una "
            "consultazione pubblica\n"
            "- Un ufficio unico che accompagna i gruppi dalla proposta alla firma\n"
            "- Patti semplici (un anno, modulo standard) e patti complessi (co-progettazione "
            "fino a cinque anni)\n"
            "- Un laboratorio di quartiere in ogni Municipio",
            "results": "Sono stati firmati oltre 300 patti, un terzo dei quali in periferia. Il "
            "tempo medio dalla proposta alla firma è sceso da sei mesi a sette settimane.",
            "resources": "Un ufficio di cinque persone e un budget annuale per materiali e "
            "assicurazioni.",
            "eu_funds": "Il laboratorio di quartiere del Lorenteggio è stato avviato con fondi "
            "FESR del programma nazionale per le città metropolitane.",
            "success_factors": "Un interlocutore unico in Comune e regole semplici per i patti "
            "più piccoli.",
            "obstacles": "Alcuni patti si esauriscono quando il gruppo promotore perde "
            "energie: serve un accompagnamento nel tempo.",
            "transfer_conditions": "Un regolamento comunale sui beni comuni (esistono modelli "
            "adottati da centinaia di comuni italiani), una copertura assicurativa per i "
            "volontari e un ufficio di riferimento.",
        },
        translations={
            "en": {
                "title": "Collaboration pacts: citizens and the city care for the commons together",
                "summary": "A regulation lets groups of citizens, schools and associations "
                "sign a pact with the city to care for a public space: a garden, a "
                "schoolyard, a square. The city provides materials, insurance and "
                "training.",
            }
        },
        transferability=HIGH,
        cost=380_000,
        contact=(
            "Comune di Milano",
            "Ufficio Beni comuni e patti di collaborazione",
            "benicomuni@milano.example.org",
        ),
        indicators=[
            ("Patti firmati", "40", "312", "", 2024),
            ("Tempo dalla proposta alla firma", "26", "7", "settimane", 2024),
        ],
    ),
    Plan(
        slug="barcelona-decidim",
        city="barcelona",
        lang="es",
        status=PUBLISHED,
        days=50,
        started=(2016, 2),
        topics=["digital-democracy", "open-government", "digital-transition"],
        events=["barcelona-digital-democracy-forum"],
        languages=["pt", "it", "pl"],
        text={
            "title": "Decidim: una plataforma libre para la participación ciudadana",
            "summary": "Barcelona desarrolló con la comunidad una plataforma de código abierto "
            "para proponer, debatir, votar y seguir las decisiones públicas. Hoy la usan "
            "cientos de instituciones en Europa y América Latina, y su gobernanza es "
            "compartida.",
            "challenge": "Los procesos participativos se dispersaban en herramientas "
            "privativas, sin trazabilidad: nadie sabía qué había pasado con las propuestas. "
            "El ayuntamiento quería garantizar la transparencia y la propiedad pública de "
            "los datos.",
            "actions": "- Desarrollo en código abierto con una comunidad de programadoras, "
            "investigadores y entidades\n"
            "- Un contrato social que obliga a quien use la plataforma a respetar la "
            "transparencia y la privacidad\n"
            "- Módulos para presupuestos participativos, asambleas, consultas e iniciativas "
            "ciudadanas\n"
            "- Seguimiento público de cada propuesta aceptada, con su grado de ejecución",
            "results": "El plan de actuación municipal recibió más de 10.000 propuestas "
            "ciudadanas, de las que cerca del 70 % se aceptaron. La plataforma tiene más de "
            "40.000 personas registradas en Barcelona y la usan más de 400 organizaciones "
            "en el mundo.",
            "resources": "Un equipo municipal de participación digital y una asociación sin "
            "ánimo de lucro que coordina la comunidad de desarrollo.",
            "eu_funds": "Parte del desarrollo se financió con proyectos de investigación "
            "europeos (Horizonte 2020).",
            "success_factors": "- El código abierto y el contrato social, que generan "
            "confianza\n"
            "- Una comunidad que mantiene el software más allá de los cambios de gobierno\n"
            "- El seguimiento de las propuestas: la gente ve qué se hace con su "
            "participación",
            "obstacles": "La plataforma es potente pero compleja: los equipos necesitan "
            "formación, y la participación en línea reproduce desigualdades si no se "
            "acompaña de encuentros presenciales.",
            "transfer_conditions": "Un servidor o un proveedor de alojamiento, alguien que "
            "configure los procesos y, sobre todo, un compromiso real de responder a la "
            "ciudadanía. La interfaz está traducida a más de 20 idiomas.",
        },
        translations={
            "en": {
                "title": "Decidim: a free software platform for citizen participation",
                "summary": "Barcelona developed with the community an open-source platform to "
                "propose, debate, vote on and follow public decisions. Today hundreds of "
                "institutions in Europe and Latin America use it, and its governance is "
                "shared.",
                "challenge": "Participatory processes were scattered over proprietary tools, "
                "with no traceability: nobody knew what had become of the proposals. The "
                "city wanted to guarantee transparency and public ownership of the data.",
                "actions": "- Open-source development with a community of developers, "
                "researchers and organisations\n"
                "- A social contract that obliges anyone using the platform to respect "
                "transparency and privacy\n"
                "- Modules for participatory budgets, assemblies, consultations and "
                "citizens' initiatives\n"
                "- Public tracking of each accepted proposal, with how far it has been "
                "carried out",
                "results": "The municipal action plan received more than 10,000 proposals "
                "from citizens, of which about 70% were accepted. The platform has more "
                "than 40,000 registered people in Barcelona and more than 400 organisations "
                "use it worldwide.",
                "resources": "A municipal digital participation team and a non-profit "
                "association that coordinates the development community.",
                "eu_funds": "Part of the development was funded by European research projects "
                "(Horizon 2020).",
                "success_factors": "- Open source and the social contract, which build trust\n"
                "- A community that maintains the software beyond changes of government\n"
                "- Tracking proposals: people see what is done with their participation",
                "obstacles": "The platform is powerful but complex: teams need training, and "
                "online participation reproduces inequalities unless it goes with meetings "
                "in person.",
                "transfer_conditions": "A server or a hosting provider, someone to set up the "
                "processes and above all a real commitment to answer citizens. The "
                "interface is translated into more than 20 languages.",
            },
            "fr": {
                "title": "Decidim : une plateforme libre pour la participation citoyenne",
                "summary": "Barcelone a développé avec la communauté une plateforme libre pour "
                "proposer, débattre, voter et suivre les décisions publiques. Des centaines "
                "d'institutions l'utilisent aujourd'hui en Europe et en Amérique latine, et "
                "sa gouvernance est partagée.",
            },
        },
        transferability=HIGH,
        cost=3_500_000,
        contact=(
            "Ajuntament de Barcelona",
            "Equipo de participación digital",
            "decidim@barcelona.example.org",
        ),
        indicators=[
            ("Propuestas ciudadanas al plan de actuación municipal", None, "10800", "", 2016),
            ("Propuestas aceptadas", None, "70", "%", 2016),
            ("Personas registradas en Barcelona", None, "40000", "", 2024),
            ("Organizaciones que usan la plataforma", None, "400", "", 2024),
        ],
        links=[("other", "Decidim", "https://decidim.org", "en")],
        questions=[
            q(
                "jonas",
                "de",
                "Wie aufwendig ist der Betrieb? Wir überlegen, ob mehrere Bezirke eine "
                "gemeinsame Instanz nutzen könnten.",
                q(
                    EDITOR,
                    "en",
                    "From the Barcelona team: one installation can host several "
                    "organisations, each with its own processes and administrators, so a "
                    "shared instance for districts is common. Plan for one person to run it "
                    "and a hosting contract.",
                ),
                q(
                    LYON,
                    "fr",
                    "C'est ce que nous préparons à Lyon : une instance unique pour les 58 "
                    "communes, chacune avec son espace. Nous partagerons notre retour "
                    "d'expérience dans quelques mois.",
                ),
            )
        ],
    ),
    Plan(
        slug="barcelona-superblocks",
        city="barcelona",
        lang="es",
        status=PUBLISHED,
        days=230,
        started=(2017, 1),
        topics=["urban-regeneration", "mobility", "environment", "co-creation", "health"],
        text={
            "title": "Supermanzanas codiseñadas con el vecindario",
            "summary": "En las supermanzanas, el tráfico de paso sale de las calles interiores "
            "y el espacio liberado se convierte en plazas, zonas verdes y lugares de juego. "
            "Cada una se diseña con vecinos, comercios y escuelas antes de la obra "
            "definitiva.",
            "challenge": "Barcelona tiene muy poco verde por habitante y niveles de "
            "contaminación por encima de las recomendaciones de la OMS. Las primeras "
            "intervenciones, hechas deprisa, provocaron rechazo vecinal.",
            "actions": "- Urbanismo táctico primero: pintura, mobiliario y macetas, con "
            "posibilidad de cambiarlo todo\n"
            "- Grupos motores vecinales y talleres con escuelas y comercios\n"
            "- Encuestas antes y después, y medición del ruido y del NO₂\n"
            "- Proyecto definitivo solo tras un año de prueba y una jornada de devolución",
            "results": "En las calles transformadas, el NO₂ bajó un 25 % y el ruido 5 "
            "decibelios. El comercio de proximidad no perdió actividad, y el 80 % de los "
            "vecinos encuestados quiere mantener los cambios.",
            "resources": "Los equipos de urbanismo y de participación del distrito, y una "
            "entidad de dinamización vecinal por supermanzana.",
            "eu_funds": "Algunas actuaciones de renaturalización se cofinanciaron con el FEDER.",
            "success_factors": "Probar antes de construir: el urbanismo táctico permitió "
            "corregir errores con los vecinos.",
            "obstacles": "La oposición de parte del comercio y de los conductores, y el temor "
            "a la subida de los alquileres en las calles pacificadas.",
            "transfer_conditions": "Una trama urbana en retícula o una red viaria que se pueda "
            "jerarquizar, un buen transporte público y un periodo de prueba reversible.",
        },
        translations={
            "en": {
                "title": "Superblocks co-designed with residents",
                "summary": "In superblocks, through traffic leaves the inner streets and the "
                "space freed becomes squares, greenery and play areas. Each one is designed "
                "with residents, shops and schools before the permanent works.",
            }
        },
        transferability=MEDIUM,
        cost=12_000_000,
        contact=(
            "Ajuntament de Barcelona",
            "Oficina de supermanzanas",
            "superilles@barcelona.example.org",
        ),
        indicators=[
            ("Reducción del NO₂ en las calles transformadas", None, "25", "%", 2023),
            ("Reducción del ruido", None, "5", "dB", 2023),
            ("Vecinos que quieren mantener los cambios", None, "80", "%", 2023),
        ],
    ),
    Plan(
        slug="warsaw-civic-budget",
        city="warsaw",
        lang="pl",
        status=PUBLISHED,
        days=175,
        started=(2015, 1),
        topics=["participatory-budgeting", "education", "youth"],
        events=["lyon-citizens-forum-participatory-budgets"],
        text={
            "title": "Budżet obywatelski Warszawy: projekty ogólnomiejskie, dzielnicowe i szkolne",
            "summary": "Co roku mieszkańcy Warszawy zgłaszają i wybierają projekty finansowane "
            "z budżetu miasta. Głosować może każdy mieszkaniec bez względu na wiek, a "
            "osobna edycja w szkołach uczy uczniów, jak działa samorząd.",
            "challenge": "Mieszkańcy mieli poczucie, że decyzje o drobnych inwestycjach na "
            "osiedlach zapadają bez nich. Frekwencja w pierwszych edycjach była niska, a "
            "projekty koncentrowały się w zamożniejszych dzielnicach.",
            "actions": "- Podział puli na część ogólnomiejską i dzielnicową, z kwotą dla "
            "każdej dzielnicy\n"
            "- Punkty konsultacyjne i spotkania z urzędnikami przy pisaniu projektów\n"
            "- Głosowanie elektroniczne i papierowe, bez limitu wieku\n"
            "- Edycja szkolna: uczniowie zgłaszają i wybierają projekty dla swojej szkoły\n"
            "- Mapa realizacji z postępem każdego projektu",
            "results": "W ostatniej edycji zagłosowało ponad 150 tys. osób, a pula przekroczyła "
            "100 mln zł. Od początku zrealizowano ponad 2 tys. projektów: zieleń, ławki, "
            "zajęcia dla seniorów, place zabaw.",
            "resources": "Zespół w Centrum Komunikacji Społecznej i koordynatorzy w każdej z 18 "
            "dzielnic.",
            "success_factors": "Stałe reguły i przewidywalny kalendarz oraz edycja szkolna, "
            "która wychowuje przyszłych głosujących.",
            "obstacles": "Część projektów jest realizowana z dużym opóźnieniem. Dominują "
            "projekty infrastrukturalne; projektom społecznym trudniej się przebić.",
            "transfer_conditions": "Ustawowy lub uchwałowy obowiązek przeznaczenia części "
            "budżetu, zespół koordynujący i współpraca jednostek, które realizują projekty.",
        },
        translations={
            "en": {
                "title": "Warsaw's civic budget: city-wide, district and school projects",
                "summary": "Every year Warsaw residents submit and choose projects funded "
                "from the city budget. Every resident can vote, whatever their age, and a "
                "separate edition in schools teaches pupils how local government works.",
            }
        },
        transferability=HIGH,
        cost=1_500_000,
        contact=(
            "Centrum Komunikacji Społecznej",
            "Zespół ds. budżetu obywatelskiego",
            "budzet.obywatelski@warszawa.example.org",
        ),
        indicators=[
            ("Liczba głosujących", "80000", "152000", "osób", 2024),
            ("Pula środków", None, "100", "mln zł", 2024),
            ("Zrealizowane projekty od początku", None, "2000", "", 2024),
        ],
        review=[
            ("author", "submit", ""),
            (
                "editor",
                "changes",
                "Thanks, Katarzyna! Could you add the number of voters over the years and "
                "an English summary, so that the other cities can find it?",
            ),
            ("author", "submit", "Dodałam liczby i streszczenie po angielsku."),
            ("editor", "publish", "Published, thank you!"),
        ],
        questions=[
            q(
                "ines",
                "fr",
                "Comment faites-vous voter les enfants ? Faut-il l'accord des parents ?",
                q(
                    WARSAW,
                    "pl",
                    "Dzieci poniżej 13 lat głosują za zgodą rodzica lub opiekuna: wystarczy "
                    "jego podpis na karcie albo potwierdzenie w formularzu internetowym. "
                    "Starsi głosują samodzielnie.",
                ),
            )
        ],
    ),
    Plan(
        slug="warsaw-climate-citizens-panel",
        city="warsaw",
        lang="pl",
        status=PUBLISHED,
        days=420,
        started=(2020, 6),
        topics=["citizens-assemblies", "climate", "energy"],
        text={
            "title": "Panel obywatelski o klimacie i energii",
            "summary": "Sześćdziesiąt osób wylosowanych spośród mieszkańców Warszawy "
            "wypracowało podczas kilku spotkań rekomendacje dotyczące ogrzewania, energii "
            "odnawialnej i adaptacji do zmian klimatu. Rekomendacje z poparciem ponad 80% "
            "są wiążące dla prezydenta miasta.",
            "challenge": "Smog zimą i rosnące koszty ogrzewania wymagały trudnych decyzji, np. "
            "o wymianie pieców węglowych. Miasto potrzebowało społecznego mandatu dla tych "
            "zmian.",
            "actions": "- Losowanie warstwowe według dzielnicy, wieku, płci i wykształcenia\n"
            "- Zespół koordynujący z udziałem organizacji pozarządowych i ekspertów o "
            "różnych poglądach\n"
            "- Część edukacyjna, deliberacja i głosowanie nad rekomendacjami\n"
            "- Transmisje na żywo z części edukacyjnej",
            "results": "Panel przyjął 29 rekomendacji, m.in. program dopłat do wymiany pieców i "
            "instalacje fotowoltaiczne na budynkach miejskich. 80% rekomendacji jest "
            "realizowanych.",
            "resources": "Zespół koordynujący, operator procesu i budżet na wynagrodzenia dla "
            "panelistów.",
            "success_factors": "Wiążący charakter rekomendacji i metodologia sprawdzona "
            "wcześniej w Gdańsku.",
            "obstacles": "Pandemia wymusiła przejście do trybu online w trakcie panelu; część "
            "starszych panelistów potrzebowała dodatkowego wsparcia.",
            "transfer_conditions": "Zobowiązanie władz do realizacji rekomendacji z wysokim "
            "poparciem, niezależny zespół koordynujący i budżet na wynagrodzenia "
            "panelistów.",
        },
        transferability=HIGH,
        cost=300_000,
        contact=(
            "Urząd m.st. Warszawy",
            "Zespół ds. paneli obywatelskich",
            "panele@warszawa.example.org",
        ),
        indicators=[
            ("Rekomendacje przyjęte przez panel", None, "29", "", 2021),
            ("Rekomendacje w realizacji", None, "80", "%", 2024),
        ],
    ),
    Plan(
        slug="warsaw-district-youth-councils",
        city="warsaw",
        lang="pl",
        status=PUBLISHED,
        days=90,
        started=(2017, 9),
        topics=["youth", "education", "future-of-europe"],
        events=["warsaw-youth-council-workshop"],
        text={
            "title": "Młodzieżowe rady dzielnic: młodzi doradzają burmistrzom",
            "summary": "W każdej dzielnicy działa młodzieżowa rada wybierana w szkołach. "
            "Opiniuje uchwały dotyczące młodych, prowadzi własne projekty i raz w roku "
            "spotyka się z radnymi miasta na wspólnej sesji.",
            "challenge": "Młodzi ludzie nie uczestniczyli w konsultacjach, a decyzje o "
            "szkołach, sporcie i transporcie zapadały bez nich.",
            "actions": "- Wybory w szkołach co dwa lata, z kampanią i debatami kandydatów\n"
            "- Opiekun w urzędzie dzielnicy i szkolenia z prawa samorządowego\n"
            "- Prawo do opiniowania projektów uchwał i własny mały budżet\n"
            "- Warsztaty wymiany z radami młodzieżowymi z innych miast",
            "results": "Działa 18 rad, w których zasiada ponad 400 osób. W ostatniej kadencji "
            "rady wydały 120 opinii, a 15 postulatów z warsztatu miejskiego trafiło do Rady "
            "Miasta.",
            "resources": "Opiekun w każdej dzielnicy (część etatu) i budżet na projekty rad.",
            "eu_funds": "Warsztaty wymiany były finansowane z programu Erasmus+ Młodzież.",
            "success_factors": "Realne kompetencje: rady mają prawo opiniowania i własny "
            "budżet, a nie tylko rolę symboliczną.",
            "obstacles": "Rotacja: członkowie kończą szkołę i odchodzą, więc trudno utrzymać "
            "ciągłość.",
            "transfer_conditions": "Uchwała rady miasta określająca kompetencje rad, opiekunowie "
            "w urzędzie i współpraca szkół.",
        },
        translations={
            "en": {
                "title": "District youth councils: young people advise district mayors",
                "summary": "Each district has a youth council elected in schools. It gives "
                "opinions on resolutions that concern young people, runs its own projects "
                "and once a year meets city councillors in a joint session.",
            }
        },
        transferability=HIGH,
        cost=450_000,
        contact=(
            "Centrum Komunikacji Społecznej",
            "Zespół ds. młodzieży",
            "mlodziez@warszawa.example.org",
        ),
        indicators=[
            ("Członkowie młodzieżowych rad", None, "400", "", 2024),
            ("Opinie do projektów uchwał", None, "120", "", 2024),
            ("Postulaty przekazane Radzie Miasta", None, "15", "", 2025),
        ],
    ),
    Plan(
        slug="gdansk-citizens-assemblies",
        city="gdansk",
        lang="pl",
        status=PUBLISHED,
        days=720,
        started=(2016, 6),
        topics=["citizens-assemblies", "climate", "security", "environment"],
        text={
            "title": "Panele obywatelskie z wiążącymi rekomendacjami",
            "summary": "Gdańsk jako pierwsze miasto w Polsce zorganizował panel obywatelski: "
            "wylosowani mieszkańcy podczas kilku spotkań uczą się, dyskutują i głosują. "
            "Rekomendacje, które uzyskają co najmniej 80% głosów, są wiążące dla prezydenta "
            "miasta.",
            "challenge": "Po powodzi w 2016 r. miasto musiało szybko zdecydować, jak "
            "przygotować się na ulewy, a zaufanie do decyzji podejmowanych w urzędzie było "
            "niskie.",
            "actions": "- Losowanie warstwowe: ok. 60 osób odzwierciedlających strukturę "
            "mieszkańców\n"
            "- Część edukacyjna z ekspertami wskazanymi przez różne strony sporu\n"
            "- Deliberacja w małych grupach z moderatorami\n"
            "- Głosowanie z progiem 80% i publiczna odpowiedź prezydenta",
            "results": "Od 2016 r. odbyło się kilka paneli: o powodziach, jakości powietrza, "
            "aktywności obywatelskiej i zieleni. Ponad 90% rekomendacji zostało wdrożonych "
            "lub jest realizowanych, a metodologię przejęły inne polskie miasta.",
            "resources": "Zespół koordynujący (urzędnicy, organizacje pozarządowe, eksperci), "
            "moderatorzy i wynagrodzenia dla panelistów.",
            "success_factors": "- Wiążący charakter rekomendacji\n"
            "- Niezależny zespół koordynujący i przejrzysta metodologia\n"
            "- Wynagrodzenie dla panelistów, które obniża bariery udziału",
            "obstacles": "Próg 80% czasem prowadzi do ogólnikowych rekomendacji, a realizacja "
            "części z nich zależy od rządu, nie od miasta.",
            "transfer_conditions": "Publiczne zobowiązanie prezydenta do wdrożenia "
            "rekomendacji, budżet na proces i niezależny operator losowania.",
        },
        translations={
            "en": {
                "title": "Citizens' assemblies with binding recommendations",
                "summary": "Gdańsk was the first city in Poland to hold a citizens' assembly: "
                "residents drawn by lot learn, discuss and vote over several meetings. "
                "Recommendations that win at least 80% of the votes are binding on the "
                "mayor.",
            }
        },
        transferability=HIGH,
        cost=250_000,
        contact=(
            "Urząd Miejski w Gdańsku",
            "Referat Partycypacji Społecznej",
            "panele@gdansk.example.org",
        ),
        indicators=[
            ("Zorganizowane panele", None, "5", "", 2024),
            ("Rekomendacje wdrożone lub realizowane", None, "90", "%", 2024),
        ],
        questions=[
            q(
                "aoife",
                "en",
                "How did you reach people who don't usually answer invitations? Our "
                "response rate in Dublin was under 4%.",
                q(
                    GDANSK,
                    "en",
                    "We send letters to about 10,000 randomly chosen addresses and follow up "
                    "by phone where we can. Paying panellists for their time made the "
                    "biggest difference, especially for young people and shift workers.",
                ),
            ),
            q(
                "giulia",
                "it",
                "La soglia dell'80% non porta a raccomandazioni troppo generiche?",
                q(
                    "piotr",
                    "pl",
                    "Byłem panelistą w 2017 r. Próg wymusza kompromis, ale rekomendacje były "
                    "konkretne, np. zakaz zabudowy terenów zalewowych. Ogólnikowe propozycje "
                    "po prostu nie przechodziły.",
                ),
            ),
        ],
    ),
    Plan(
        slug="gdansk-immigrant-integration-model",
        city="gdansk",
        lang="pl",
        status=PUBLISHED,
        days=260,
        started=(2016, 1),
        topics=["migration", "inclusion", "social-inclusion"],
        text={
            "title": "Model integracji imigrantów i Rada Imigrantów i Imigrantek",
            "summary": "Gdańsk przygotował politykę integracji razem z samymi imigrantami, "
            "organizacjami i instytucjami publicznymi. Rada Imigrantów i Imigrantek doradza "
            "prezydentowi miasta, a jej członków wybierają społeczności cudzoziemców "
            "mieszkających w Gdańsku.",
            "challenge": "Liczba cudzoziemców w mieście szybko rosła, a Polska nie miała "
            "krajowej polityki integracji. Imigranci nie mieli prawa głosu w wyborach "
            "lokalnych ani stałego kanału kontaktu z urzędem.",
            "actions": "- Prace ok. 150 osób w ośmiu zespołach: edukacja, zdrowie, praca, "
            "mieszkalnictwo, kultura, przemoc, pomoc społeczna, społeczności lokalne\n"
            "- Powołanie Rady Imigrantów i Imigrantek z głosem doradczym\n"
            "- Punkt informacyjny dla cudzoziemców, czynny w kilku językach\n"
            "- Szkolenia urzędników z komunikacji międzykulturowej",
            "results": "Rada wydała kilkadziesiąt opinii, m.in. w sprawie kursów języka "
            "polskiego i dostępu do przedszkoli. Punkt informacyjny obsłużył ponad 12 tys. "
            "osób. W 2022 r. model pomógł miastu szybko przyjąć uchodźców z Ukrainy.",
            "resources": "Zespół ds. integracji w urzędzie i partnerstwo z organizacjami "
            "pozarządowymi.",
            "eu_funds": "Punkt informacyjny jest współfinansowany z Funduszu Azylu, Migracji i "
            "Integracji.",
            "success_factors": "Tworzenie polityki z imigrantami, a nie tylko dla nich, oraz "
            "stały kanał dialogu, który zadziałał w czasie kryzysu.",
            "obstacles": "Brak krajowych ram prawnych i stabilnego finansowania; część "
            "społeczności jest słabo reprezentowana w Radzie.",
            "transfer_conditions": "Wola polityczna, partnerstwo z organizacjami imigrantów i "
            "budżet na punkt informacyjny. Ramy prawne różnią się w poszczególnych krajach.",
        },
        translations={
            "en": {
                "title": "An immigrant integration model and an Immigrants' Council",
                "summary": "Gdańsk drew up its integration policy together with immigrants "
                "themselves, NGOs and public services. An Immigrants' Council advises the "
                "mayor; its members are chosen by the foreign communities living in "
                "Gdańsk.",
            }
        },
        transferability=MEDIUM,
        cost=600_000,
        contact=(
            "Urząd Miejski w Gdańsku",
            "Zespół ds. integracji imigrantów",
            "integracja@gdansk.example.org",
        ),
        indicators=[
            ("Osoby obsłużone w punkcie informacyjnym", None, "12000", "", 2024),
            ("Opinie Rady Imigrantów i Imigrantek", None, "40", "", 2024),
        ],
        review=[
            ("author", "submit", ""),
            (
                "editor",
                "comment",
                "A strong case, thank you. May I mention the amount of the AMIF co-funding "
                "in the EU funds section?",
            ),
            ("author", "comment", "Yes, of course: about 40% of the information point's budget."),
            ("editor", "publish", ""),
        ],
        questions=[
            q(
                "hugo",
                "fr",
                "Les membres du conseil sont-ils élus par les communautés ou désignés par la "
                "ville ? Quelles nationalités y siègent ?",
                q(
                    GDANSK,
                    "pl",
                    "Członków wybierają same społeczności cudzoziemców na otwartych "
                    "zebraniach, a prezydent miasta ich powołuje. W obecnej kadencji "
                    "zasiadają osoby z Ukrainy, Białorusi, Gruzji, Indii i Nigerii.",
                ),
            )
        ],
    ),
    Plan(
        slug="gdansk-district-councils",
        city="gdansk",
        lang="pl",
        status=CHANGES,
        days=9,
        started=(2019, 4),
        topics=["participatory-budgeting", "open-government", "urban-regeneration"],
        text={
            "title": "Rady dzielnic z budżetem na inicjatywy mieszkańców",
            "summary": "34 rady dzielnic w Gdańsku mają własny budżet, z którego finansują "
            "inicjatywy mieszkańców: festyny, zajęcia dla seniorów, drobne remonty.",
            "challenge": "Frekwencja w wyborach do rad dzielnic była bardzo niska, a "
            "mieszkańcy nie wiedzieli, czym rady się zajmują.",
            "actions": "- Stały budżet dla każdej rady, zależny od liczby mieszkańców\n"
            "- Nabór inicjatyw mieszkańców dwa razy w roku\n"
            "- Dyżury radnych w bibliotekach",
            "results": "Frekwencja w wyborach wzrosła, a mieszkańcy lepiej znają swoje rady.",
            "success_factors": "Bliskość: radni mieszkają w dzielnicy i są łatwo dostępni.",
            "transfer_conditions": "Statut miasta przewidujący jednostki pomocnicze z własnym "
            "budżetem.",
        },
        transferability=MEDIUM,
        contact=(
            "Urząd Miejski w Gdańsku",
            "Referat Rad Dzielnic",
            "rady.dzielnic@gdansk.example.org",
        ),
        review=[
            ("author", "submit", "Proszę o uwagi przed publikacją."),
            (
                "editor",
                "changes",
                "Thanks, Kinga, a good case. Before we publish: the results need figures "
                "(turnout before and after, number of initiatives funded, budget per "
                "council), and please explain how council members are elected and how "
                "residents apply for funding. An English title and summary would help the "
                "other cities.",
            ),
        ],
    ),
    Plan(
        slug="gdansk-school-air-sensors",
        city="gdansk",
        lang="pl",
        status=DRAFT,
        days=2,
        started=(2024, 9),
        topics=["environment", "education", "open-government"],
        text={
            "title": "Otwarte dane o jakości powietrza z czujników w szkołach",
            "summary": "Uczniowie 40 szkół zainstalowali czujniki pyłów, a pomiary trafiają na "
            "otwarty portal danych miasta.",
            "actions": "- Czujniki na budynkach szkół\n- (do uzupełnienia: lekcje, portal)",
        },
    ),
    Plan(
        slug="helsinki-omastadi",
        city="helsinki",
        lang="fi",
        status=PUBLISHED,
        days=14,
        started=(2018, 10),
        topics=["participatory-budgeting", "digital-democracy", "youth", "inclusion"],
        events=["helsinki-omastadi-study-visit"],
        text={
            "title": "OmaStadi: koko kaupungin osallistuva budjetointi",
            "summary": "Helsinkiläiset ideoivat, kehittävät yhdessä ja äänestävät, mihin "
            "kaupunki käyttää osan määrärahoistaan. Äänestää voi jokainen 12 vuotta "
            "täyttänyt, ja raha jaetaan suurpiireille asukasluvun mukaan.",
            "challenge": "Kaupunki halusi antaa asukkaille todellista päätösvaltaa, mutta "
            "aiemmat kuulemiset tavoittivat lähinnä aktiivisimmat asukkaat. Nuoret ja "
            "maahanmuuttajataustaiset asukkaat osallistuivat harvoin.",
            "actions": "- Ideointivaihe verkossa ja asukastilaisuuksissa\n"
            "- Yhteiskehittämisen työpajat, joissa asukkaat ja kaupungin asiantuntijat "
            "muokkaavat ideoista toteuttamiskelpoisia suunnitelmia\n"
            "- Sähköinen äänestys vahvalla tunnistautumisella tai koulussa oppitunnin "
            "aikana\n"
            "- Toteutuksen seuranta verkossa",
            "results": "Viimeisimmällä kierroksella ääniä annettiin yli 50 000, ja "
            "toteutettavaksi valittiin noin 80 suunnitelmaa. Moni kouluissa äänestänyt nuori "
            "osallistui kaupungin päätöksentekoon ensimmäistä kertaa.",
            "resources": "Osallisuusyksikön tiimi, alueelliset osallisuuskoordinaattorit ja "
            "avoimen lähdekoodin alusta. Budjetti on noin 8,8 miljoonaa euroa kierrosta "
            "kohden.",
            "success_factors": "- Yhteiskehittäminen: ideat muuttuvat toteuttamiskelpoisiksi "
            "ennen äänestystä\n"
            "- Yhteistyö koulujen kanssa nuorten tavoittamiseksi\n"
            "- Avoin lähdekoodi ja avoin data",
            "obstacles": "Osa toteutuksista viivästyy, ja vahva sähköinen tunnistautuminen on "
            "este osalle aikuisista. Äänestysaktiivisuus vaihtelee paljon alueittain.",
            "transfer_conditions": "Poliittinen sitoutuminen määrärahaan useaksi vuodeksi, "
            "alueellinen koordinaatio sekä toimiva sähköinen tunnistautuminen tai "
            "vaihtoehtoinen tapa äänestää.",
        },
        translations={
            "en": {
                "title": "OmaStadi: city-wide participatory budgeting",
                "summary": "Helsinki residents propose ideas, develop them together and vote "
                "on what the city spends part of its budget on. Everyone aged 12 or over can "
                "vote, and the money is divided between the major districts according to "
                "population.",
                "challenge": "The city wanted to give residents real decision-making power, "
                "but earlier consultations mostly reached the most active residents. Young "
                "people and residents with a migrant background rarely took part.",
                "actions": "- An idea phase online and at residents' events\n"
                "- Co-creation workshops where residents and the city's experts turn ideas "
                "into feasible plans\n"
                "- An online vote with strong authentication, or at school during a lesson\n"
                "- Online tracking of how the plans are carried out",
                "results": "In the latest round more than 50,000 votes were cast and about 80 "
                "plans were chosen. Many of the young people who voted at school took part "
                "in a city decision for the first time.",
                "resources": "The participation unit's team, district participation "
                "coordinators and an open-source platform. The budget is about €8.8 "
                "million per round.",
                "success_factors": "- Co-creation: ideas become feasible before the vote\n"
                "- Working with schools to reach young people\n"
                "- Open source and open data",
                "obstacles": "Some projects are delayed, and strong electronic authentication "
                "is a barrier for some adults. Turnout varies a lot between districts.",
                "transfer_conditions": "A political commitment to the budget over several "
                "years, district coordination, and working electronic identification or "
                "another way to vote.",
            },
            "sv": {
                "title": "OmaStadi: deltagande budgetering i hela staden",
                "summary": "Helsingforsborna föreslår idéer, utvecklar dem tillsammans och "
                "röstar om vad staden ska använda en del av sin budget till. Alla som fyllt "
                "12 år får rösta, och pengarna fördelas mellan stordistrikten efter "
                "invånarantal.",
            },
        },
        transferability=HIGH,
        cost=8_800_000,
        contact=(
            "City of Helsinki",
            "Participation unit, OmaStadi team",
            "omastadi@helsinki.example.org",
        ),
        indicators=[
            ("Votes cast", "49000", "52000", "", 2024),
            ("Plans chosen for implementation", None, "80", "", 2024),
            ("Budget per round", None, "8.8", "M€", 2024),
        ],
        links=[("other", "OmaStadi", "https://omastadi.hel.fi", "fi")],
        questions=[
            q(
                "camille",
                "fr",
                "Comment les jeunes de 12 ans votent-ils sans identifiant bancaire ?",
                q(
                    HELSINKI,
                    "en",
                    "At school: pupils vote during a lesson with a one-time code handed out "
                    "by the teacher. Outside school, young people can use a mobile "
                    "certificate if they have one.",
                ),
                q(
                    "eero",
                    "en",
                    "My daughter voted at school last year. The class discussed the plans "
                    "first, which was the best part.",
                ),
            ),
            q(
                RESIDENT,
                "pl",
                "Ile kosztuje rocznie utrzymanie platformy do głosowania?",
            ),
        ],
    ),
    Plan(
        slug="stockholm-open-data-city-services",
        city="stockholm",
        lang="sv",
        status=PUBLISHED,
        days=360,
        started=(2014, 3),
        topics=["open-government", "digital-transition", "education", "health"],
        text={
            "title": "Öppna data om stadens tjänster",
            "summary": "Stockholms stad publicerar data om skolor, förskolor, äldreomsorg och "
            "avfallshantering i öppna format. En jämförelsetjänst hjälper invånarna att "
            "välja, och utvecklare bygger egna appar på datan.",
            "challenge": "Information om kvalitet och köer i stadens verksamheter var utspridd "
            "i pdf-rapporter, och invånarna hade svårt att jämföra.",
            "actions": "- En öppen dataportal med API och fri licens\n"
            "- En jämförelsetjänst för skolor och äldreboenden med resultat från "
            "brukarundersökningar\n"
            "- Hackathons med studenter och civilsamhället\n"
            "- En datapolicy som gör öppenhet till huvudregel",
            "results": "Över 400 datamängder har publicerats. Jämförelsetjänsten har omkring en "
            "halv miljon besök per år, och ett tjugotal externa appar använder datan.",
            "resources": "Ett team på fyra personer på stadsledningskontoret och "
            "dataansvariga i varje förvaltning.",
            "success_factors": "En tydlig policy: all data är öppen om det inte finns skäl att "
            "hålla den stängd.",
            "obstacles": "Datakvaliteten varierar mellan förvaltningarna, och vissa "
            "datamängder uppdateras sällan.",
            "transfer_conditions": "En dataportal (det finns lösningar med öppen källkod), en "
            "politiskt antagen datapolicy och en dataansvarig i varje förvaltning.",
        },
        translations={
            "en": {
                "title": "Open data on city services",
                "summary": "The City of Stockholm publishes data on schools, pre-schools, "
                "elderly care and waste collection in open formats. A comparison service "
                "helps residents choose, and developers build their own apps on the data.",
            }
        },
        transferability=HIGH,
        cost=700_000,
        contact=(
            "Stockholms stad",
            "Stadsledningskontoret, öppna data",
            "oppnadata@stockholm.example.org",
        ),
        indicators=[
            ("Datasets published", "120", "400", "", 2024),
            ("Visits to the comparison service", None, "500000", "per year", 2024),
            ("External apps using the data", None, "20", "", 2024),
        ],
    ),
    Plan(
        slug="copenhagen-area-renewal",
        city="copenhagen",
        lang="da",
        status=PUBLISHED,
        days=210,
        started=(2015, 8),
        topics=["urban-regeneration", "co-creation", "social-inclusion", "environment"],
        text={
            "title": "Områdefornyelse: beboerne former deres kvarter",
            "summary": "I udsatte byområder gennemfører kommunen femårige områdefornyelser med "
            "et lokalt sekretariat og en styregruppe, hvor beboerne har flertal. Sammen "
            "prioriterer de byrum, grønne arealer og sociale indsatser.",
            "challenge": "Nogle kvarterer havde nedslidte byrum, høj ledighed og lav tillid til "
            "kommunen. Tidligere projekter blev planlagt oppefra og blev ikke brugt.",
            "actions": "- Et lokalt sekretariat med kontor midt i kvarteret\n"
            "- En styregruppe med beboere, foreninger og lokale erhvervsdrivende\n"
            "- Workshops, byvandringer og midlertidige forsøg i byrummet\n"
            "- En kvarterplan, som Borgerrepræsentationen vedtager",
            "results": "I det evaluerede område blev 14 byrum forbedret, og 70 % af beboerne "
            "bruger dem mindst én gang om ugen. Tilliden til kommunen steg fra 48 % til "
            "61 %.",
            "resources": "Et sekretariat på tre til fem medarbejdere i fem år, finansieret af "
            "kommunen og staten.",
            "success_factors": "Tilstedeværelse i kvarteret og beboerflertal i styregruppen.",
            "obstacles": "Når projektet slutter efter fem år, mangler der nogle gange nogen til "
            "at drive aktiviteterne videre.",
            "transfer_conditions": "Femårig finansiering og en klar exit-plan, hvor lokale "
            "foreninger overtager driften.",
        },
        translations={
            "en": {
                "title": "Area renewal: residents shape their neighbourhood",
                "summary": "In disadvantaged areas the municipality runs five-year renewal "
                "projects with a local secretariat and a steering group in which residents "
                "have the majority. Together they set priorities for public spaces, green "
                "areas and social measures.",
            }
        },
        transferability=MEDIUM,
        cost=9_000_000,
        contact=(
            "Københavns Kommune",
            "Områdefornyelsens sekretariat",
            "omraadefornyelse@copenhagen.example.org",
        ),
        indicators=[
            ("Public spaces improved", None, "14", "", 2023),
            ("Residents using them every week", None, "70", "%", 2023),
            ("Trust in the municipality", "48", "61", "%", 2023),
        ],
    ),
    Plan(
        slug="tallinn-online-planning-participation",
        city="tallinn",
        lang="et",
        status=PUBLISHED,
        days=44,
        started=(2021, 2),
        topics=["digital-democracy", "urban-regeneration", "digital-transition"],
        events=["barcelona-digital-democracy-forum"],
        text={
            "title": "Veebipõhine kaasamine linnaplaneerimisse",
            "summary": "Tallinn avaldab kõik menetluses olevad detailplaneeringud veebikaardil, "
            "kus elanikud saavad neid kommenteerida ja teha ettepanekuid. Iga kommentaar "
            "saab avaliku vastuse ning elanik saab teavituse, kui tema kodu lähedal algab "
            "uus planeering.",
            "challenge": "Planeeringute avalikud arutelud toimusid tööajal ja neist teadsid "
            "vähesed. Elanikud said muudatustest sageli teada alles siis, kui ehitus algas.",
            "actions": "- Ühtne veebikaart kõigi menetluses olevate planeeringutega\n"
            "- Kommentaarid ja vastused on kaardil kõigile nähtavad\n"
            "- E-posti teavitused valitud piirkonna kohta\n"
            "- Õhtused avalikud arutelud, mida kantakse veebis üle",
            "results": "Kommentaaride arv planeeringu kohta kasvas keskmiselt kuuelt 35-le. "
            "60% kommenteerijatest osales planeerimises esimest korda.",
            "resources": "Linnaplaneerimise ameti IT-meeskond ja planeerijate aeg vastuste "
            "kirjutamiseks.",
            "eu_funds": "Platvormi arendust toetas Euroopa Regionaalarengu Fond.",
            "success_factors": "Teavitused: inimesed ei pea infot ise otsima, see jõuab nendeni.",
            "obstacles": "Planeerijate töökoormus kasvas märgatavalt ja alguses hilinesid "
            "vastused mitu nädalat.",
            "transfer_conditions": "Digitaalsed planeeringuandmed ja kohustus igale "
            "kommentaarile vastata.",
        },
        translations={
            "en": {
                "title": "Online participation in urban planning",
                "summary": "Tallinn publishes every detailed plan under way on a web map where "
                "residents can comment and make proposals. Each comment gets a public "
                "answer, and residents are notified when a new plan starts near their home.",
            }
        },
        transferability=HIGH,
        cost=450_000,
        contact=(
            "Tallinna Linnaplaneerimise Amet",
            "Kaasamise ja digiteenuste meeskond",
            "planeeringud@tallinn.example.org",
        ),
        indicators=[
            ("Comments per plan (average)", "6", "35", "", 2024),
            ("First-time participants among commenters", None, "60", "%", 2024),
        ],
    ),
    Plan(
        slug="lisbon-schools-participatory-budget",
        city="lisbon",
        lang="pt",
        status=PUBLISHED,
        days=150,
        started=(2017, 10),
        topics=["participatory-budgeting", "youth", "education"],
        text={
            "title": "Orçamento Participativo das Escolas",
            "summary": "Em cada escola do ensino básico e secundário, os alunos propõem, fazem "
            "campanha e votam em projetos para a sua escola. A Câmara Municipal financia os "
            "projetos vencedores e os alunos acompanham a sua execução.",
            "challenge": "Os jovens quase não participavam no orçamento participativo da "
            "cidade, que existe desde 2008. A cidade queria formar cidadãos ativos desde "
            "cedo.",
            "actions": "- Uma verba por escola, proporcional ao número de alunos\n"
            "- Assembleias de alunos para apresentar e debater propostas\n"
            "- Campanha e votação num só dia, com boletins e urnas, como numa eleição\n"
            "- Acompanhamento da execução pelos alunos, com um professor mentor",
            "results": "Participam mais de 90 escolas, e cerca de 30 mil alunos votaram na "
            "última edição. Os projetos mais escolhidos: equipamentos desportivos, hortas e "
            "espaços de convívio.",
            "resources": "Uma equipa de participação na Câmara e um professor mentor em cada "
            "escola.",
            "eu_funds": "Os intercâmbios entre escolas de várias cidades europeias foram "
            "financiados pelo Erasmus+.",
            "success_factors": "Uma votação que parece uma eleição a sério e projetos visíveis "
            "na própria escola.",
            "obstacles": "A execução dos projetos às vezes demora mais do que o ano letivo, e "
            "os alunos que votaram já saíram da escola.",
            "transfer_conditions": "Um acordo com as escolas, uma verba garantida e projetos "
            "pequenos, com prazos de execução curtos.",
        },
        translations={
            "en": {
                "title": "Schools' participatory budget",
                "summary": "In every primary and secondary school, pupils propose, campaign "
                "for and vote on projects for their school. The city council funds the "
                "winning projects and the pupils follow how they are carried out.",
            }
        },
        transferability=HIGH,
        cost=1_000_000,
        contact=(
            "Câmara Municipal de Lisboa",
            "Equipa do Orçamento Participativo",
            "op.escolas@lisboa.example.org",
        ),
        indicators=[
            ("Schools taking part", "30", "90", "", 2024),
            ("Pupils who voted", None, "30000", "", 2024),
        ],
        questions=[
            q(
                "zofia",
                "pl",
                "Jak duża jest kwota na jedną szkołę i kto realizuje projekty?",
                q(
                    EDITOR,
                    "en",
                    "Lisbon tells us the amount depends on the number of pupils, from a few "
                    "thousand euros for small schools to about 20,000 euros. The school and "
                    "the city's services carry out the project together, and the pupils "
                    "follow it.",
                ),
            )
        ],
    ),
    Plan(
        slug="athens-synathina",
        city="athens",
        lang="el",
        status=PUBLISHED,
        days=390,
        started=(2013, 11),
        topics=["co-creation", "open-government", "social-inclusion", "culture"],
        text={
            "title": "synAthina: η πλατφόρμα που συνδέει τις ομάδες πολιτών με τον Δήμο",
            "summary": "Στο synAthina οι ομάδες πολιτών καταγράφουν τις δράσεις τους για τη "
            "γειτονιά: καθαρισμούς, πολιτιστικές εκδηλώσεις, δράσεις αλληλεγγύης. Ο Δήμος "
            "βλέπει τι συμβαίνει, διευκολύνει τις άδειες και ενσωματώνει τις καλύτερες "
            "ιδέες στις υπηρεσίες του.",
            "challenge": "Στα χρόνια της οικονομικής κρίσης, εκατοντάδες άτυπες ομάδες πολιτών "
            "ανέλαβαν δράση στις γειτονιές, αλλά ο Δήμος δεν τις γνώριζε και η "
            "γραφειοκρατία τις αποθάρρυνε.",
            "actions": "- Μια ανοιχτή πλατφόρμα όπου οι ομάδες δημοσιεύουν τις δράσεις τους\n"
            "- Σύνδεση με χορηγούς που προσφέρουν υλικά και υπηρεσίες\n"
            "- Ένα γραφείο του Δήμου που απλοποιεί τις άδειες για δράσεις σε δημόσιους "
            "χώρους\n"
            "- Ετήσιες συναντήσεις και βραβεία για τις ομάδες",
            "results": "Περισσότερες από 500 ομάδες έχουν καταγράψει πάνω από 5.000 δράσεις. "
            "Αρκετές ιδέες έγιναν δημοτικές πολιτικές, όπως η αξιοποίηση άδειων κτιρίων "
            "για πολιτιστικές χρήσεις.",
            "resources": "Μια μικρή ομάδα στον Δήμο και συνεργασία με ιδρύματα και χορηγούς.",
            "success_factors": "Ο Δήμος δεν αντικαθιστά τις ομάδες αλλά τις διευκολύνει· η "
            "ορατότητα των δράσεων χτίζει εμπιστοσύνη.",
            "obstacles": "Η πλατφόρμα στηρίζεται σε λίγα άτομα στον Δήμο, και γειτονιές με "
            "λιγότερες οργανώσεις μένουν εκτός.",
            "transfer_conditions": "Ένας δήμος πρόθυμος να απλοποιήσει τις διαδικασίες του και "
            "μια ζωντανή κοινωνία πολιτών. Η τεχνολογία είναι απλή· το δύσκολο είναι η "
            "αλλαγή κουλτούρας μέσα στον δήμο.",
        },
        translations={
            "en": {
                "title": "synAthina: the platform connecting citizens' groups with the city",
                "summary": "On synAthina, citizens' groups record their activities for the "
                "neighbourhood: clean-ups, cultural events, solidarity. The city sees what "
                "is going on, makes permits easier and brings the best ideas into its "
                "services.",
                "challenge": "During the economic crisis, hundreds of informal citizens' "
                "groups took action in the neighbourhoods, but the city did not know them "
                "and red tape discouraged them.",
                "actions": "- An open platform where groups publish their activities\n"
                "- Links with sponsors who offer materials and services\n"
                "- A city office that simplifies permits for activities in public spaces\n"
                "- Yearly meetings and awards for the groups",
                "results": "More than 500 groups have recorded over 5,000 activities. Several "
                "ideas became city policies, such as using empty buildings for culture.",
                "resources": "A small team at the city and partnerships with foundations and "
                "sponsors.",
                "success_factors": "The city does not replace the groups but makes things "
                "easier for them; making their activities visible builds trust.",
                "obstacles": "The platform relies on a few people at the city, and "
                "neighbourhoods with fewer organisations are left out.",
                "transfer_conditions": "A city willing to simplify its procedures and a lively "
                "civil society. The technology is simple; changing the culture inside the "
                "city administration is the hard part.",
            }
        },
        transferability=MEDIUM,
        cost=200_000,
        contact=("Δήμος Αθηναίων", "Ομάδα synAthina", "synathina@athens.example.org"),
        indicators=[
            ("Citizens' groups registered", None, "500", "", 2024),
            ("Activities recorded", None, "5000", "", 2024),
        ],
    ),
    Plan(
        slug="budapest-climate-assembly",
        city="budapest",
        lang="hu",
        status=PUBLISHED,
        days=480,
        started=(2020, 9),
        topics=["citizens-assemblies", "climate", "energy"],
        text={
            "title": "Budapesti Klímagyűlés",
            "summary": "Ötven, sorsolással kiválasztott budapesti lakos négy hétvégén át "
            "vitatta meg, hogyan készüljön fel a város a klímaváltozásra. Javaslataik "
            "bekerültek a főváros klímastratégiájába.",
            "challenge": "A klímapolitika távolinak tűnt a lakosok számára, a fővárosnak pedig "
            "társadalmi támogatásra volt szüksége a nehéz döntésekhez, például az "
            "energiahatékonysági felújításokhoz.",
            "actions": "- Kétlépcsős sorsolás 10 000 meghívóval\n"
            "- Szakértői előadások és kiscsoportos beszélgetések facilitátorokkal\n"
            "- Szavazás a javaslatokról, majd nyilvános átadásuk a Fővárosi Közgyűlésnek\n"
            "- A plenáris ülések élő közvetítése",
            "results": "A gyűlés 15 javaslatot fogadott el, ezek közül 12 bekerült a "
            "klímastratégiába. A résztvevők 85%-a úgy érzi, hogy a véleményét komolyan "
            "vették.",
            "resources": "Egy független szervező szervezet, facilitátorok és tiszteletdíj a "
            "résztvevőknek.",
            "eu_funds": "A folyamatot részben egy Horizont 2020 kutatási projekt támogatta.",
            "success_factors": "A független szervező és a Közgyűlés előzetes vállalása, hogy "
            "minden javaslatra válaszol.",
            "obstacles": "A javaslatok megvalósítása részben a kormánytól függ, a finanszírozás "
            "bizonytalan.",
            "transfer_conditions": "Politikai elkötelezettség, független szervező és elegendő "
            "idő: legalább négy hónap.",
        },
        translations={
            "en": {
                "title": "Budapest Climate Assembly",
                "summary": "Fifty Budapest residents selected by lot spent four weekends "
                "discussing how the city should prepare for climate change. Their proposals "
                "were included in the capital's climate strategy.",
            }
        },
        transferability=HIGH,
        cost=180_000,
        contact=(
            "Budapest Főváros Önkormányzata",
            "Klímaügyi és részvételi csoport",
            "klimagyules@budapest.example.org",
        ),
        indicators=[
            ("Recommendations adopted by the assembly", None, "15", "", 2021),
            ("Recommendations in the climate strategy", None, "12", "", 2022),
            ("Participants who felt heard", None, "85", "%", 2021),
        ],
    ),
    Plan(
        slug="prague-metropolitan-plan",
        city="prague",
        lang="cs",
        status=PUBLISHED,
        days=270,
        started=(2012, 6),
        topics=["metropolitan-governance", "urban-regeneration", "open-government", "housing"],
        text={
            "title": "Metropolitní plán: územní plán vytvářený s obyvateli",
            "summary": "Nový územní plán Prahy připravuje Institut plánování a rozvoje "
            "otevřeně: všechny podklady jsou online, výstava a mobilní kancelář objíždějí "
            "městské části a obyvatelé mohou podávat připomínky přes internet.",
            "challenge": "Územní plánování bylo pro obyvatele nesrozumitelné a připomínková "
            "řízení končila tisíci námitek a soudními spory.",
            "actions": "- Otevřená data a mapové podklady ke všem fázím plánu\n"
            "- Putovní výstava a mobilní kancelář v městských částech\n"
            "- Online formulář pro připomínky s mapou\n"
            "- Setkání s městskými částmi a obcemi metropolitní oblasti",
            "results": "Obyvatelé podali přes 15 000 připomínek, z nichž velká část byla "
            "zapracována. Informační centrum navštívilo přes 100 000 lidí.",
            "resources": "Tým komunikace a participace institutu, datový tým a spolupráce s "
            "městskými částmi.",
            "success_factors": "Otevřená data a srozumitelné vizualizace: lidé vidí, co plán "
            "znamená pro jejich ulici.",
            "obstacles": "Proces trvá mnoho let a zájem veřejnosti kolísá. Mnoho připomínek je "
            "individuálních a jejich vypořádání je náročné.",
            "transfer_conditions": "Plánovací instituce s datovým týmem a právní rámec, který "
            "umožňuje elektronické připomínky.",
        },
        translations={
            "en": {
                "title": "The Metropolitan Plan: a land-use plan made with residents",
                "summary": "Prague's new land-use plan is prepared openly by the Institute of "
                "Planning and Development: all documents are online, an exhibition and a "
                "mobile office tour the districts, and residents can submit comments "
                "online.",
            }
        },
        transferability=MEDIUM,
        cost=2_500_000,
        contact=(
            "Institut plánování a rozvoje hl. m. Prahy",
            "Oddělení participace",
            "metropolitniplan@prague.example.org",
        ),
        indicators=[
            ("Comments submitted by residents", None, "15000", "", 2024),
            ("Visitors to the information centre", None, "100000", "", 2024),
        ],
        questions=[
            q(
                "lena",
                "de",
                "Sind die Planunterlagen als offene Geodaten verfügbar?",
                q(
                    PRAGUE,
                    "en",
                    "Yes: every layer of the draft plan is on Prague's open data portal "
                    "under an open licence, with the map services used by the comment form.",
                ),
            )
        ],
    ),
    Plan(
        slug="amsterdam-algorithm-register",
        city="amsterdam",
        lang="nl",
        status=PUBLISHED,
        days=40,
        started=(2020, 9),
        topics=["digital-transition", "open-government", "digital-democracy"],
        events=["barcelona-digital-democracy-forum"],
        text={
            "title": "Algoritmeregister: openheid over de algoritmes van de gemeente",
            "summary": "Amsterdam publiceert in een openbaar register welke algoritmes de "
            "gemeente gebruikt, waarvoor, met welke gegevens en wie er verantwoordelijk voor "
            "is. Inwoners kunnen vragen stellen en feedback geven.",
            "challenge": "De gemeente zet steeds vaker algoritmes in, bijvoorbeeld bij "
            "parkeercontrole of bij het opsporen van illegale vakantieverhuur. Inwoners "
            "wisten niet wanneer een algoritme een rol speelde in een besluit over hen.",
            "actions": "- Een vaste beschrijving per algoritme: doel, gegevens, menselijk "
            "toezicht en risico's\n"
            "- Een openbaar register op internet, in begrijpelijke taal\n"
            "- Een contactpunt voor vragen en bezwaren\n"
            "- Een toets op discriminatie voordat een algoritme wordt ingezet",
            "results": "Het register beschrijft inmiddels tientallen algoritmes, en de "
            "beschrijvingsstandaard is door andere Europese steden overgenomen. Eén "
            "algoritme is gestopt na vragen over mogelijke discriminatie.",
            "resources": "Een klein team van de afdeling digitale strategie, met privacy- en "
            "ethiekadviseurs.",
            "success_factors": "Een gezamenlijke standaard met andere steden en de bereidheid "
            "om algoritmes echt aan te passen of te stoppen.",
            "obstacles": "Het register wordt vooral gebruikt door journalisten en "
            "onderzoekers, minder door gewone inwoners.",
            "transfer_conditions": "Een overzicht van alle algoritmes binnen de organisatie en "
            "iemand die verantwoordelijk is voor het bijhouden van het register.",
        },
        translations={
            "en": {
                "title": "Algorithm register: transparency about the city's algorithms",
                "summary": "Amsterdam publishes in a public register which algorithms the city "
                "uses, for what, with which data and who is responsible for them. Residents "
                "can ask questions and give feedback.",
            }
        },
        transferability=HIGH,
        cost=350_000,
        contact=(
            "Gemeente Amsterdam",
            "Team digitale strategie",
            "algoritmes@amsterdam.example.org",
        ),
        indicators=[
            ("Algorithms described in the register", "3", "50", "", 2024),
            ("Cities using the same description standard", None, "10", "", 2024),
        ],
        questions=[
            q(
                "chiara",
                "it",
                "Il registro comprende anche gli algoritmi forniti da aziende esterne?",
                q(
                    EDITOR,
                    "en",
                    "Yes: the Amsterdam team explains that suppliers must provide the "
                    "information the register needs, as a clause of their contracts. The "
                    "clauses are available in English.",
                ),
            )
        ],
    ),
    Plan(
        slug="dublin-citizens-assembly-elected-mayor",
        city="dublin",
        lang="en",
        status=PUBLISHED,
        days=560,
        started=(2022, 4),
        topics=["citizens-assemblies", "metropolitan-governance", "multilevel-governance"],
        text={
            "title": "Dublin Citizens' Assembly on a directly elected mayor",
            "summary": "Eighty people drawn at random from across the four local authorities "
            "of County Dublin met over six weekends to consider whether Dublin should have "
            "a directly elected mayor, and with what powers. Their recommendations went to "
            "parliament and the government.",
            "challenge": "Dublin's governance is split between four councils and many national "
            "agencies, with no single voice for the metropolitan area. Proposals for an "
            "elected mayor had stalled for decades.",
            "actions": "- Members drawn by lot and balanced by age, gender, area and social "
            "background, with an independent chair\n"
            "- Presentations from Irish and international experts and from the four "
            "councils\n"
            "- Public submissions online (over 700)\n"
            "- A secret ballot on each recommendation",
            "results": "The assembly voted for a directly elected mayor with significant powers "
            "over housing, transport and planning, and made more than 70 recommendations in "
            "total. A parliamentary committee examined the report.",
            "resources": "A secretariat of about eight people and an independent research team.",
            "success_factors": "Ireland's experience of national citizens' assemblies, which "
            "gave the process legitimacy from the start.",
            "obstacles": "Follow-up depends on government decisions, and implementation has "
            "been slow.",
            "transfer_conditions": "A clear question, a commitment from government to respond "
            "and a neutral secretariat.",
        },
        transferability=MEDIUM,
        cost=1_200_000,
        contact=(
            "Dublin City Council",
            "Public Participation Network office",
            "participation@dublin.example.org",
        ),
        indicators=[
            ("Members drawn by lot", None, "79", "", 2022),
            ("Public submissions", None, "700", "", 2022),
            ("Recommendations", None, "75", "", 2022),
        ],
        questions=[
            q(
                PARTICIPANT,
                "en",
                "Would the mayor have authority over the four councils, or sit above them?",
                q(
                    DUBLIN,
                    "en",
                    "The assembly recommended a mayor for the whole Dublin region with "
                    "powers of direction over housing, transport and planning, while the "
                    "four councils keep their local functions. How that works in practice "
                    "is for the government to decide.",
                ),
            )
        ],
    ),
]

INTERESTED, IN_CONTACT = TransferStatus.INTERESTED, TransferStatus.IN_CONTACT
ADAPTING, ADOPTED, STOPPED = TransferStatus.ADAPTING, TransferStatus.ADOPTED, TransferStatus.STOPPED

TRANSFERS = [
    TransferPlan(
        "barcelona-decidim",
        "lyon",
        [
            (
                46,
                LYON,
                INTERESTED,
                "Nous cherchons une plateforme libre pour le budget participatif et les "
                "concertations des 58 communes. Decidim nous intéresse, surtout le suivi des "
                "propositions.",
            ),
            (
                38,
                LYON,
                IN_CONTACT,
                "Visioconférence avec l'équipe de Barcelone : elle nous a présenté "
                "l'hébergement mutualisé et le contrat social. Prochaine étape : une "
                "instance de test.",
            ),
            (
                31,
                EDITOR,
                IN_CONTACT,
                "Shared the contacts of two French cities that already run Decidim.",
            ),
            (
                12,
                LYON,
                ADAPTING,
                "Instance de test ouverte pour trois communes pilotes. Traduction des textes "
                "d'aide et intégration de la carte de suivi en cours.",
            ),
        ],
    ),
    TransferPlan(
        "helsinki-omastadi",
        "gdansk",
        [
            (
                11,
                GDANSK,
                INTERESTED,
                "Gdańsk would like to learn how the OmaStadi co-creation workshops work "
                "before our next civic budget.",
            ),
            (
                6,
                EDITOR,
                IN_CONTACT,
                "Introduced the Gdańsk team to Helsinki's participation unit; a call is "
                "planned next week.",
            ),
        ],
    ),
    TransferPlan(
        "gdansk-immigrant-integration-model",
        "lyon",
        [
            (
                25,
                LYON,
                INTERESTED,
                "La Métropole prépare un conseil consultatif des résidents étrangers. Nous "
                "aimerions savoir comment les membres du conseil de Gdańsk sont désignés.",
            ),
        ],
    ),
    TransferPlan(
        "warsaw-district-youth-councils",
        "gdansk",
        [
            (
                84,
                GDANSK,
                INTERESTED,
                "Chcemy odnowić nasze młodzieżowe rady dzielnic; interesuje nas model "
                "wyborów w szkołach.",
            ),
            (
                76,
                WARSAW,
                IN_CONTACT,
                "Zapraszamy na sesję młodzieżowych rad w przyszłym miesiącu. Przesłaliśmy "
                "uchwałę i regulamin wyborów.",
            ),
            (
                52,
                GDANSK,
                ADAPTING,
                "Projekt uchwały przygotowany na wzór warszawskiej; konsultacje ze szkołami "
                "do końca semestru.",
            ),
            (
                9,
                GDANSK,
                ADOPTED,
                "Rada Miasta przyjęła uchwałę. Pierwsze wybory do młodzieżowych rad "
                "dzielnic odbyły się w 12 szkołach.",
            ),
        ],
    ),
    TransferPlan(
        "milan-metropolitan-climate-assembly",
        "warsaw",
        [
            (
                104,
                WARSAW,
                INTERESTED,
                "Warszawa planuje drugi panel klimatyczny, tym razem o upałach. Metoda z "
                "Mediolanu wygląda na bardzo praktyczną.",
            ),
            (
                95,
                EDITOR,
                IN_CONTACT,
                "Put the Warsaw team in touch with Milan's participation office; the "
                "assembly's full report was shared in English.",
            ),
            (
                33,
                WARSAW,
                STOPPED,
                "Wstrzymujemy: w tym roku budżet na panel nie został przyznany. Wrócimy do "
                "tematu przy kolejnym budżecie.",
            ),
        ],
    ),
    TransferPlan(
        "gdansk-citizens-assemblies",
        "warsaw",
        [
            (
                700,
                WARSAW,
                INTERESTED,
                "Przygotowujemy pierwszy panel obywatelski w Warszawie. Prosimy o materiały "
                "o doborze próby i pracy zespołu koordynującego.",
            ),
            (
                688,
                GDANSK,
                IN_CONTACT,
                "Przesłaliśmy podręcznik metodologiczny i kontakty do operatora losowania. "
                "Zapraszamy na obserwację naszego panelu o zieleni.",
            ),
            (
                640,
                WARSAW,
                ADAPTING,
                "Panel o klimacie i energii: zespół koordynujący powołany, losowanie w "
                "przyszłym miesiącu.",
            ),
            (
                415,
                WARSAW,
                ADOPTED,
                "Panel zakończony, przyjął 29 rekomendacji. Opis naszej praktyki jest w bazie "
                "sieci.",
            ),
        ],
    ),
    TransferPlan(
        "lisbon-schools-participatory-budget",
        "gdansk",
        [
            (
                62,
                GDANSK,
                INTERESTED,
                "We would like a school edition of our civic budget. How do you set the "
                "amount for each school?",
            ),
            (
                55,
                EDITOR,
                IN_CONTACT,
                "Lisbon's participation team answered in detail; their rules are now shared "
                "in Portuguese and English.",
            ),
            (
                20,
                GDANSK,
                ADAPTING,
                "Pilotaż w 10 szkołach w przyszłym roku szkolnym; tłumaczymy regulamin z Lizbony.",
            ),
        ],
    ),
    TransferPlan(
        "amsterdam-algorithm-register",
        "lyon",
        [
            (
                30,
                LYON,
                INTERESTED,
                "La Métropole utilise des algorithmes pour l'attribution des places en "
                "crèche et certaines aides sociales. Le registre d'Amsterdam est un bon "
                "modèle.",
            ),
            (
                17,
                LYON,
                IN_CONTACT,
                "Échange avec l'équipe d'Amsterdam, qui nous a envoyé le format de "
                "description commun. Réunion avec la direction du numérique le mois "
                "prochain.",
            ),
        ],
    ),
    TransferPlan(
        "brussels-deliberative-committees",
        "warsaw",
        [
            (
                10,
                WARSAW,
                INTERESTED,
                "Interesuje nas udział radnych w panelach: u nas panele są wyłącznie obywatelskie.",
            ),
        ],
    ),
]


@dataclass
class Summary:
    practices: int = 0
    published: int = 0
    languages: int = 0
    transfers: int = 0
    questions: int = 0
    answers: int = 0


@transaction.atomic
def seed_demo_practices(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo practices. Needs ``seed_demo``; events are linked
    when ``seed_demo_events`` ran."""
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    users = {user.email: user for user in User.objects.filter(email__in=ACCOUNTS)}
    cities = {city.slug: city for city in City.objects.all()}
    missing = (ACCOUNTS - set(users)) | ({plan.city for plan in PLANS} - set(cities))
    if missing:
        raise LookupError(f"Missing: {sorted(missing)}. Run manage.py seed_demo first.")
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    wanted = {slug for plan in PLANS for slug in plan.topics}
    if wanted - set(topics):
        raise LookupError(f"Topics missing: {sorted(wanted - set(topics))}. Run migrate.")
    events = {event.slug: event for event in Event.objects.all()}
    people: dict[str, User] = {**_people(), **users}

    slugs = [plan.slug for plan in PLANS]
    # The practices' questions and answers go with them (deleting a practice keeps its debate).
    Debate.objects.filter(practice__slug__in=slugs).delete()
    Practice.objects.filter(slug__in=slugs).delete()

    summary = Summary()
    practices: dict[str, Practice] = {}
    for plan in PLANS:
        practice = _practice(plan, users, cities, topics, events, now)
        practices[plan.slug] = practice
        summary.practices += 1
        if practice.is_published:
            summary.published += 1
            questions, answers = _questions(plan, practice, people, now)
            summary.questions += questions
            summary.answers += answers
            _reindex(practice)
    summary.languages = len({plan.lang for plan in PLANS if plan.status == PUBLISHED})
    for transfer_plan in TRANSFERS:
        _transfer(transfer_plan, practices, cities, users, now)
        summary.transfers += 1
    return summary


def _translated(plan: Plan, name: str) -> dict[str, str]:
    if not plan.text.get(name):
        return {}
    values = {plan.lang: plan.text[name]}
    for lang, sections in plan.translations.items():
        if sections.get(name):
            values[lang] = sections[name]
    return {**values, "_original": plan.lang}


def _languages(plan: Plan) -> list[str]:
    """The original, each language with a title and summary, then further documents."""
    found = [plan.lang]
    for lang, sections in plan.translations.items():
        if sections.get("title") and sections.get("summary"):
            found.append(lang)
    return list(dict.fromkeys(found + plan.languages))


def _practice(
    plan: Plan,
    users: dict[str, User],
    cities: dict[str, City],
    topics: dict[str, Topic],
    events: dict[str, Event],
    now: datetime,
) -> Practice:
    author = users[COORDINATORS.get(plan.city, EDITOR)]
    editor = users[EDITOR]
    contact_name, contact_role, contact_email = plan.contact
    practice = services.create_practice(
        author,
        city=cities[plan.city],
        topics=[topics[slug] for slug in plan.topics],
        events=[events[slug] for slug in plan.events if slug in events],
        transferability=plan.transferability,
        cost_eur=Decimal(plan.cost) if plan.cost is not None else None,
        contact_name=contact_name,
        contact_role=contact_role,
        contact_email=contact_email,
        languages=_languages(plan),
        started_on=date(*plan.started, 1),
        **{name: _translated(plan, name) for name in SECTIONS},
    )
    Practice.objects.filter(pk=practice.pk).update(slug=plan.slug)
    practice.slug = plan.slug
    for label, before, after, unit, year in plan.indicators:
        services.add_indicator(
            author,
            practice,
            label=label,
            baseline=Decimal(before) if before is not None else None,
            value=Decimal(after),
            unit=unit,
            year=year,
        )
    for kind, title, url, lang in plan.links:
        services.add_link(author, practice, kind=kind, title=title, url=url, language=lang)

    steps = plan.review
    if not steps and plan.status == PUBLISHED:
        steps = [("author", "submit", ""), ("editor", "publish", "")]
    actors = {"author": author, "editor": editor}
    for who, step, text in steps:
        actor = actors[who]
        if step == "submit":
            services.submit_for_review(actor, practice, note=text)
        elif step == "comment":
            services.comment_on_review(actor, practice, text=text)
        elif step == "changes":
            services.request_changes(actor, practice, text=text)
        elif step == "publish":
            services.publish_practice(actor, practice, note=text)
    practice.refresh_from_db()
    if practice.status != plan.status:
        raise ValueError(f"{plan.slug}: {practice.status}, planned {plan.status}")
    _date_practice(plan, practice, now)
    return practice


def _date_practice(plan: Plan, practice: Practice, now: datetime) -> None:
    """Spread the practice's life over the past: written, reviewed, published."""
    rng = random.Random(plan.slug)
    last = now - timedelta(days=plan.days, hours=rng.randint(1, 8))
    entries = list(practice.reviews.order_by("created_at", "pk"))
    span = timedelta(days=2 + 2 * len(entries))
    first = last - span if entries else last
    for index, entry in enumerate(entries):
        share = index / (len(entries) - 1) if len(entries) > 1 else 1
        entry.created_at = first + span * share
    ReviewComment.objects.bulk_update(entries, ["created_at"])
    created = first - timedelta(days=rng.randint(6, 12), hours=rng.randint(0, 6))
    submitted = [e.created_at for e in entries if e.verdict == ReviewVerdict.SUBMITTED]
    Practice.objects.filter(pk=practice.pk).update(
        created_at=created,
        updated_at=last,
        submitted_at=submitted[-1] if submitted else None,
        published_at=last if practice.is_published else None,
    )
    if practice.qa_debate_id:
        Debate.objects.filter(pk=practice.qa_debate_id).update(created_at=last, updated_at=last)
    practice.refresh_from_db()


def _questions(
    plan: Plan, practice: Practice, people: dict[str, User], now: datetime
) -> tuple[int, int]:
    """People ask on the practice's debate; cities and others answer, later."""
    if not plan.questions or practice.qa_debate is None or practice.published_at is None:
        return 0, 0
    debate = practice.qa_debate
    rng = random.Random(f"{plan.slug}-questions")
    start, end = practice.published_at, now - timedelta(hours=2)
    span = end - start
    dates: dict[int, datetime] = {}
    answers = 0

    def post(node: Q, parent: Contribution | None, at: datetime) -> None:
        nonlocal answers
        contribution = forum_services.post_contribution(
            people[node.who],
            debate,
            text=node.text,
            stance="neutral",
            language=node.lang,
            parent=parent,
        )
        dates[contribution.pk] = at
        answers += parent is not None
        for reply in node.replies:
            room = end - at
            delay = min(timedelta(hours=rng.uniform(3, 60)), room * rng.uniform(0.3, 0.7))
            post(reply, contribution, at + max(delay, timedelta(minutes=20)))

    count = len(plan.questions)
    # No holding for review, no machine translation (the demo is written by hand).
    with override_settings(FORUM_HOLD_FIRST=0, MACHINE_TRANSLATION={"BACKEND": ""}):
        for index, node in enumerate(plan.questions):
            share = (index + rng.uniform(0.1, 0.6)) / count
            post(node, None, start + span * share * 0.7)
    contributions = list(debate.contributions.all())
    for contribution in contributions:
        contribution.created_at = contribution.updated_at = dates[contribution.pk]
    Contribution.objects.bulk_update(contributions, ["created_at", "updated_at"])
    _date_notifications(debate)
    return count, answers


def _reindex(practice: Practice) -> None:
    """Dates were set with ``update()``, which the search index does not see: bring the
    practice and its questions and answers up to date there (when search is installed)."""
    if apps.is_installed("metroagora.search"):
        from metroagora.search import indexing

        indexing.reindex(practice)


def _transfer(
    plan: TransferPlan,
    practices: dict[str, Practice],
    cities: dict[str, City],
    users: dict[str, User],
    now: datetime,
) -> Transfer:
    (days, who, _status, note), *steps = plan.steps
    transfer = services.start_transfer(
        users[who], practices[plan.practice], city=cities[plan.city], note=note
    )
    for _days, who, status, note in steps:
        transfer = services.update_transfer(users[who], transfer, status=status, note=note)
    rng = random.Random(f"{plan.practice}-{plan.city}")
    dates = [now - timedelta(days=d, hours=rng.randint(1, 9)) for d, *_rest in plan.steps]
    updates = list(transfer.updates.order_by("created_at", "pk"))
    for update, at in zip(updates, dates, strict=True):
        update.created_at = at
    TransferUpdate.objects.bulk_update(updates, ["created_at"])
    Transfer.objects.filter(pk=transfer.pk).update(created_at=dates[0], updated_at=dates[-1])
    return transfer
