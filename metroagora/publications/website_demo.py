"""Demo content of the website: the editorial pages and a few news posts.

``seed_demo`` (the network and its people) comes first; the other demo seeds are not
needed. The pages exist in English and French (the "about" page in German too); the
network admin writes them and the network-wide news, the coordinators of Lyon and
Gdańsk write their cities' news (Gdańsk's only in Polish, so a reader sees the fallback
to the original language). Everything goes through ``website_services`` like on the
site; the news are then dated over the past weeks. Running it again replaces the demo
pages and news with the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.network.models import City
from metroagora.publications import website_services as services
from metroagora.publications.models import NewsPost, Page, PageKind
from metroagora.publications.website_selectors import forget_cached_website

ADMIN = "admin@metroagora.eu"
LYON = "coordinator@metroagora.eu"
GDANSK = "coordinator.gdansk@metroagora.eu"


@dataclass
class DemoPage:
    slug: str
    kind: str
    order: int
    title: dict[str, str]
    body: dict[str, str]


@dataclass
class DemoNews:
    slug: str
    author: str
    city: str  # a city's slug, or "" for the whole network
    days_ago: int
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]


@dataclass
class Summary:
    pages: int
    news: int
    languages: int


ABOUT_EN = """\
MetroAgora is the participation platform of a network of European metropolitan cities,
from the north, south, east and west of Europe, supported by a civil society association.

## What the cities do together

- **Meet**: international events, local activities and online sessions, with registration,
  interpretation and reports.
- **Debate**: the Forum, where citizens, policymakers and local actors discuss the future
  of Europe seen from our cities, each in their own language.
- **Map opinions**: opinion maps show where people agree and where they differ.
- **Decide locally**: participatory processes, proposals and participatory budgets with
  secret ballots.
- **Learn from each other**: best practices that cities share, review and adopt.

## Who runs it

The network's cities choose coordinators, who run their city's pages and events. A small
team of the association moderates the Forum, reviews the best practices and keeps the
platform running. The software is free software (AGPL).
"""

ABOUT_FR = """\
MetroAgora est la plateforme de participation d'un réseau de métropoles européennes, du
nord, du sud, de l'est et de l'ouest de l'Europe, soutenu par une association de la
société civile.

## Ce que les villes font ensemble

- **Se rencontrer** : événements internationaux, activités locales et sessions en ligne,
  avec inscription, interprétation et comptes rendus.
- **Débattre** : le Forum, où citoyens, élus et acteurs locaux discutent de l'avenir de
  l'Europe vu depuis nos villes, chacun dans sa langue.
- **Cartographier les opinions** : les cartes des opinions montrent où les gens
  s'accordent et où ils divergent.
- **Décider localement** : processus participatifs, propositions et budgets
  participatifs à bulletin secret.
- **Apprendre les unes des autres** : des bonnes pratiques que les villes partagent,
  relisent et adoptent.

## Qui la fait vivre

Les villes du réseau désignent des coordinateurs, qui animent les pages et les
événements de leur ville. Une petite équipe de l'association modère le Forum, relit les
bonnes pratiques et fait fonctionner la plateforme. Le logiciel est libre (AGPL).
"""

ABOUT_DE = """\
MetroAgora ist die Beteiligungsplattform eines Netzwerks europäischer Metropolen aus
dem Norden, Süden, Osten und Westen Europas, unterstützt von einem Verein der
Zivilgesellschaft.

Die Städte treffen sich bei Veranstaltungen, debattieren im Forum in ihrer eigenen
Sprache, kartieren Meinungen, entscheiden vor Ort über Bürgerhaushalte und lernen
voneinander durch gute Praxisbeispiele.
"""

PARTNERS_EN = """\
The network brings together **city governments**, **civil society associations** and
**universities**. The list of partner organisations, with the city each works with, is
on the page [The network](/en/network/).

## Becoming a partner

Organisations that work on local democracy and civic participation in a member city can
join as partners: they co-organise events, bring their expertise to the Forum and share
practices. Write to **partners@metroagora.eu** with a few lines about your organisation.
"""

PARTNERS_FR = """\
Le réseau réunit des **gouvernements municipaux**, des **associations de la société
civile** et des **universités**. La liste des organisations partenaires, avec la ville
avec laquelle chacune travaille, se trouve sur la page [Le réseau](/fr/network/).

## Devenir partenaire

Les organisations qui travaillent sur la démocratie locale et la participation citoyenne
dans une ville membre peuvent rejoindre le réseau comme partenaires : elles co-organisent
des événements, apportent leur expertise au Forum et partagent des pratiques. Écrivez à
**partners@metroagora.eu** en quelques lignes sur votre organisation.
"""

CONTACT_EN = """\
## The network's team

- General questions: **hello@metroagora.eu**
- Your account, your data and privacy: **privacy@metroagora.eu**
- Accessibility problems: **accessibility@metroagora.eu**
- Press: **press@metroagora.eu**

We answer within five working days, in English, French, German, Italian, Spanish or
Polish.

## A question about a city

Each city's page lists its coordinators and officials: they answer for their city's
events, debates and participatory processes.

## Reporting a contribution

To report a contribution in the Forum, use the "Report" button under it: a moderator
reads every report.
"""

CONTACT_FR = """\
## L'équipe du réseau

- Questions générales : **hello@metroagora.eu**
- Votre compte, vos données et la vie privée : **privacy@metroagora.eu**
- Problèmes d'accessibilité : **accessibility@metroagora.eu**
- Presse : **press@metroagora.eu**

Nous répondons sous cinq jours ouvrés, en anglais, français, allemand, italien, espagnol
ou polonais.

## Une question sur une ville

La page de chaque ville présente ses coordinateurs et ses agents : ils répondent pour
les événements, les débats et les processus participatifs de leur ville.

## Signaler une contribution

Pour signaler une contribution au Forum, utilisez le bouton « Signaler » sous celle-ci :
un modérateur lit chaque signalement.
"""

LEGAL_EN = """\
**This is a demonstration site**: the organisation, people and figures below are
examples.

## Publisher

MetroAgora, a not-for-profit association of cities and civil society organisations,
registered in Brussels (Belgium). Director of publication: the association's chair.
Contact: **hello@metroagora.eu**.

## Hosting

The platform is hosted in the European Union by the association's hosting provider.

## Content

Contributions to the Forum, opinion maps and local processes are written by their
authors, who remain responsible for them; moderators may hide contributions that break
the participation rules. Editorial pages, news and best practices are published by the
network's team and the member cities.

## Software and licences

MetroAgora is free software under the GNU Affero General Public License (AGPL). Map
outlines: Natural Earth (public domain).
"""

LEGAL_FR = """\
**Ceci est un site de démonstration** : l'organisation, les personnes et les chiffres
ci-dessous sont des exemples.

## Éditeur

MetroAgora, association sans but lucratif de villes et d'organisations de la société
civile, enregistrée à Bruxelles (Belgique). Directeur de la publication : la présidence
de l'association. Contact : **hello@metroagora.eu**.

## Hébergement

La plateforme est hébergée dans l'Union européenne par le prestataire d'hébergement de
l'association.

## Contenus

Les contributions au Forum, aux cartes des opinions et aux processus locaux sont écrites
par leurs auteurs, qui en restent responsables ; les modérateurs peuvent masquer les
contributions qui enfreignent les règles de participation. Les pages éditoriales, les
actualités et les bonnes pratiques sont publiées par l'équipe du réseau et les villes
membres.

## Logiciel et licences

MetroAgora est un logiciel libre sous licence GNU Affero General Public License (AGPL).
Contours des cartes : Natural Earth (domaine public).
"""

PRIVACY_EN = """\
MetroAgora stores only what it needs to let you take part, and says why. The network's
association is the data controller; write to **privacy@metroagora.eu** for any question.

## What we store and why

| What | Why | How long |
|---|---|---|
| **Your account**: email address, display name, password (hashed, never readable), the languages you speak, two-factor sign-in for staff roles | to sign you in and show your name next to what you write | until you delete your account |
| **Event registrations**: name, email, city and country of residence, role, check-in at the event; age bracket and gender **only if you agree** | to organise the event, count places and attendance; age and gender appear only as anonymous totals in reports | the event's report period, then anonymised |
| **Contributions** to the Forum, reactions, reports | to run the debate: your text is public, in the language you wrote it, with your display name | while the debate is online; moderation decisions are logged |
| **Votes** in opinion maps | to show where people agree; results are shown for groups, never per person | while the map is online |
| **Ballots** in participatory budgets | to count the vote. **The ballot is secret**: we record that you voted, and separately what was chosen, without a link between the two that the database alone could reveal | the ballots stay anonymous |
| **Residence verification** | to let verified residents take part in their city's processes. A census list is stored **hashed** (a keyed hash), never the identifiers themselves | while the city's process needs it |
| **Newsletter subscription**: email, language, city | to send the newsletter you asked for; every email has a one-click unsubscribe link | until you unsubscribe |

## Cookies

Only the cookies the site needs: your session when you sign in, a protection against
forged forms (CSRF) and your language. No advertising, no tracking, no third-party
analytics. Linked videos load from their platform only after you click them.

## Your rights

You can see and change your profile at any time, and ask for a copy of your data, its
correction or its deletion at **privacy@metroagora.eu**. You may also complain to your
data protection authority.
"""  # noqa: E501 - a Markdown table, one row per line

PRIVACY_FR = """\
MetroAgora ne conserve que ce dont elle a besoin pour vous permettre de participer, et
dit pourquoi. L'association du réseau est responsable du traitement ; écrivez à
**privacy@metroagora.eu** pour toute question.

## Ce que nous conservons et pourquoi

| Quoi | Pourquoi | Combien de temps |
|---|---|---|
| **Votre compte** : adresse e-mail, nom affiché, mot de passe (haché, jamais lisible), les langues que vous parlez, la connexion à deux facteurs pour les rôles d'équipe | pour vous connecter et afficher votre nom à côté de ce que vous écrivez | jusqu'à la suppression de votre compte |
| **Inscriptions aux événements** : nom, e-mail, ville et pays de résidence, rôle, présence à l'événement ; tranche d'âge et genre **seulement si vous l'acceptez** | pour organiser l'événement, compter les places et la participation ; l'âge et le genre n'apparaissent que dans des totaux anonymes | la période de compte rendu de l'événement, puis anonymisées |
| **Contributions** au Forum, réactions, signalements | pour faire vivre le débat : votre texte est public, dans sa langue, avec votre nom affiché | tant que le débat est en ligne ; les décisions de modération sont journalisées |
| **Votes** dans les cartes des opinions | pour montrer où les gens s'accordent ; les résultats sont donnés par groupe, jamais par personne | tant que la carte est en ligne |
| **Bulletins** des budgets participatifs | pour compter les voix. **Le vote est secret** : nous enregistrons que vous avez voté, et séparément ce qui a été choisi, sans lien entre les deux que la base de données seule pourrait révéler | les bulletins restent anonymes |
| **Vérification de résidence** | pour permettre aux résidents vérifiés de participer aux processus de leur ville. Une liste de recensement est conservée **hachée** (empreinte avec clé), jamais les identifiants eux-mêmes | tant que le processus de la ville en a besoin |
| **Abonnement à la lettre d'information** : e-mail, langue, ville | pour envoyer la lettre demandée ; chaque envoi contient un lien de désabonnement en un clic | jusqu'au désabonnement |

## Cookies

Seulement les cookies nécessaires : votre session quand vous êtes connecté, une
protection contre les formulaires falsifiés (CSRF) et votre langue. Ni publicité, ni
pistage, ni mesure d'audience tierce. Les vidéos liées ne se chargent depuis leur
plateforme qu'après un clic.

## Vos droits

Vous pouvez consulter et modifier votre profil à tout moment, et demander une copie de
vos données, leur rectification ou leur effacement à **privacy@metroagora.eu**. Vous
pouvez aussi saisir votre autorité de protection des données.
"""  # noqa: E501 - a Markdown table, one row per line

ACCESSIBILITY_EN = """\
MetroAgora aims to be usable by everyone, whatever their abilities, device or language.
We target the **Web Content Accessibility Guidelines (WCAG) 2.1, level AA**, as the
European standard EN 301 549 asks of public sector websites.

## What we do

- Every page works with a keyboard and a screen reader, has a skip link, landmarks and
  headings in order, and works without JavaScript.
- Charts and maps are drawn on the server with a text alternative, and every chart comes
  with a table of its figures.
- Images have text descriptions; videos have captions and a transcript.
- Text in another language than the page's is marked as such, so screen readers read it
  with the right voice.
- Every page is checked automatically (axe) in our browser tests.

## Known limitations

- Contributions written by participants may use unclear language; moderators can help.
- Some PDF documents uploaded by cities may not be fully accessible: ask us for another
  format.

## Feedback

If something gets in your way, write to **accessibility@metroagora.eu**, saying which
page and what happened: we answer within five working days and suggest another way to
get the information meanwhile.
"""

ACCESSIBILITY_FR = """\
MetroAgora veut être utilisable par toutes et tous, quels que soient leurs capacités,
leur appareil ou leur langue. Nous visons les **règles pour l'accessibilité des contenus
Web (WCAG) 2.1, niveau AA**, comme la norme européenne EN 301 549 le demande aux sites du
secteur public.

## Ce que nous faisons

- Chaque page fonctionne au clavier et avec un lecteur d'écran, a un lien d'évitement,
  des repères et des titres dans l'ordre, et fonctionne sans JavaScript.
- Les graphiques et les cartes sont dessinés sur le serveur avec une alternative
  textuelle, et chaque graphique est accompagné d'un tableau de ses chiffres.
- Les images ont une description textuelle ; les vidéos ont des sous-titres et une
  transcription.
- Le texte dans une autre langue que celle de la page est signalé comme tel, pour que
  les lecteurs d'écran le lisent avec la bonne voix.
- Chaque page est vérifiée automatiquement (axe) dans nos tests de navigateur.

## Limites connues

- Les contributions des participants peuvent employer un langage peu clair ; les
  modérateurs peuvent aider.
- Certains documents PDF déposés par les villes peuvent ne pas être entièrement
  accessibles : demandez-nous un autre format.

## Nous écrire

Si quelque chose vous gêne, écrivez à **accessibility@metroagora.eu** en précisant la
page et ce qui s'est passé : nous répondons sous cinq jours ouvrés et proposons en
attendant un autre moyen d'obtenir l'information.
"""


def en_fr(en: str, fr: str, **others: str) -> dict[str, str]:
    return {"en": en, "fr": fr, **others, "_original": "en"}


PAGES = [
    DemoPage(
        "about",
        PageKind.ABOUT,
        0,
        en_fr("About MetroAgora", "À propos de MetroAgora", de="Über MetroAgora"),
        en_fr(ABOUT_EN, ABOUT_FR, de=ABOUT_DE),
    ),
    DemoPage(
        "partners",
        PageKind.PARTNERS,
        1,
        en_fr("Partners", "Partenaires"),
        en_fr(PARTNERS_EN, PARTNERS_FR),
    ),
    DemoPage(
        "contact", PageKind.CONTACT, 2, en_fr("Contact", "Contact"), en_fr(CONTACT_EN, CONTACT_FR)
    ),
    DemoPage(
        "legal-notice",
        PageKind.LEGAL,
        3,
        en_fr("Legal notice", "Mentions légales"),
        en_fr(LEGAL_EN, LEGAL_FR),
    ),
    DemoPage(
        "privacy",
        PageKind.PRIVACY,
        4,
        en_fr("Privacy: what we store and why", "Vie privée : ce que nous conservons et pourquoi"),
        en_fr(PRIVACY_EN, PRIVACY_FR),
    ),
    DemoPage(
        "accessibility",
        PageKind.ACCESSIBILITY,
        5,
        en_fr("Accessibility statement", "Déclaration d'accessibilité"),
        en_fr(ACCESSIBILITY_EN, ACCESSIBILITY_FR),
    ),
]

NEWS = [
    DemoNews(
        "new-website-for-the-network",
        ADMIN,
        "",
        2,
        en_fr("The network has a new website", "Le réseau a un nouveau site"),
        en_fr(
            "News, the next events, open debates and the latest best practices of our cities, "
            "now on one home page, with RSS feeds.",
            "Les actualités, les prochains événements, les débats ouverts et les dernières "
            "bonnes pratiques de nos villes, désormais sur une seule page d'accueil, avec des "
            "flux RSS.",
        ),
        en_fr(
            "The home page now shows the whole network at a glance: the map of member cities, "
            "headline figures, the next events, the debates open in the Forum and the best "
            "practices cities published last.\n\n"
            "Follow the news, the events and the debates in your feed reader: the links are at "
            "the bottom of each list. Every page exists in the languages of the platform.",
            "La page d'accueil montre désormais tout le réseau d'un coup d'œil : la carte des "
            "villes membres, les chiffres clés, les prochains événements, les débats ouverts au "
            "Forum et les dernières bonnes pratiques publiées.\n\n"
            "Suivez les actualités, les événements et les débats dans votre lecteur de flux : "
            "les liens sont au bas de chaque liste. Chaque page existe dans les langues de la "
            "plateforme.",
        ),
    ),
    DemoNews(
        "lyon-citizens-assembly-on-climate",
        LYON,
        "lyon",
        6,
        {
            "fr": "Lyon tire le bilan de son assemblée citoyenne sur le climat",
            "en": "Lyon takes stock of its citizens' assembly on climate",
            "_original": "fr",
        },
        {
            "fr": "Cent habitants tirés au sort ont remis 42 propositions à la Métropole ; 31 "
            "seront mises en œuvre d'ici 2027.",
            "en": "One hundred residents drawn by lot handed 42 proposals to the Metropolis; 31 "
            "will be implemented by 2027.",
            "_original": "fr",
        },
        {
            "fr": "Pendant six week-ends, cent habitants tirés au sort ont entendu des experts, "
            "débattu et voté. La Métropole a répondu publiquement à chacune des 42 "
            "propositions.\n\n"
            "Les villes du réseau intéressées par la méthode peuvent suivre le transfert de "
            "cette pratique depuis la page des bonnes pratiques.",
            "en": "Over six weekends, one hundred residents drawn by lot heard experts, "
            "debated and voted. The Metropolis answered each of the 42 proposals in public.\n\n"
            "Cities of the network interested in the method can follow the transfer of this "
            "practice from the best practices page.",
            "_original": "fr",
        },
    ),
    DemoNews(
        "gdansk-participatory-budget-results",
        GDANSK,
        "gdansk",
        10,
        {"pl": "Wyniki budżetu obywatelskiego w Gdańsku", "_original": "pl"},
        {
            "pl": "Mieszkańcy wybrali 64 projekty dzielnicowe i 8 ogólnomiejskich; głosowało "
            "ponad 60 tysięcy osób.",
            "_original": "pl",
        },
        {
            "pl": "W tegorocznej edycji budżetu obywatelskiego głosowało ponad 60 tysięcy "
            "mieszkańców. Najwięcej głosów zdobyły projekty zieleni osiedlowej i bezpiecznych "
            "dróg do szkół.\n\nRealizacja projektów rozpocznie się wiosną.",
            "_original": "pl",
        },
    ),
    DemoNews(
        "forum-debate-cities-in-eu-decisions",
        ADMIN,
        "",
        15,
        en_fr(
            "Forum: should cities have a say in EU decisions?",
            "Forum : les villes doivent-elles peser sur les décisions de l'UE ?",
        ),
        en_fr(
            "A new debate is open in the Forum. Policymakers from five cities have already "
            "answered; write in your own language.",
            "Un nouveau débat est ouvert au Forum. Des élus de cinq villes ont déjà répondu ; "
            "écrivez dans votre langue.",
        ),
        en_fr(
            "Cities carry out much of what the EU decides, from climate to housing. Should "
            "they have a formal role in shaping those decisions?\n\n"
            "Read the introduction, see the European dimension and the local lens, and add "
            "your contribution: for, against or undecided.",
            "Les villes mettent en œuvre une grande partie de ce que décide l'UE, du climat "
            "au logement. Doivent-elles avoir un rôle formel dans l'élaboration de ces "
            "décisions ?\n\n"
            "Lisez l'introduction, la dimension européenne et le regard local, puis ajoutez "
            "votre contribution : pour, contre ou indécis.",
        ),
    ),
    DemoNews(
        "best-practices-review-round",
        ADMIN,
        "",
        24,
        en_fr(
            "Eight new best practices published after the spring review",
            "Huit nouvelles bonnes pratiques publiées après la relecture de printemps",
        ),
        en_fr(
            "From open data portals to youth councils, the network's editors published eight "
            "case studies written by the cities.",
            "Des portails de données ouvertes aux conseils de jeunes, les éditeurs du réseau "
            "ont publié huit études de cas écrites par les villes.",
        ),
        en_fr(
            "Each practice tells the challenge, what the city did, the results with figures, "
            "what made it work and what another city needs to adopt it.\n\n"
            "Ask the cities your questions under each practice: their teams answer.",
            "Chaque pratique raconte le défi, ce que la ville a fait, les résultats chiffrés, "
            "ce qui a fonctionné et ce dont une autre ville a besoin pour l'adopter.\n\n"
            "Posez vos questions aux villes sous chaque pratique : leurs équipes répondent.",
        ),
    ),
    DemoNews(
        "annual-meeting-save-the-date",
        ADMIN,
        "",
        35,
        en_fr(
            "Save the date: the network's annual meeting",
            "À noter : la rencontre annuelle du réseau",
        ),
        en_fr(
            "Coordinators, policymakers and partners meet for two days of workshops on local "
            "democracy; registration opens soon.",
            "Coordinateurs, élus et partenaires se retrouvent pour deux jours d'ateliers sur "
            "la démocratie locale ; les inscriptions ouvrent bientôt.",
        ),
        en_fr(
            "The programme mixes workshops on participatory budgets, citizens' assemblies and "
            "digital participation with visits of local projects.\n\n"
            "Interpretation is offered in English, French, German and Polish. The event will "
            "appear in the list of events as soon as registration opens.",
            "Le programme mêle ateliers sur les budgets participatifs, les assemblées "
            "citoyennes et la participation numérique, et visites de projets locaux.\n\n"
            "L'interprétation est assurée en anglais, français, allemand et polonais. "
            "L'événement apparaîtra dans la liste des événements dès l'ouverture des "
            "inscriptions.",
        ),
    ),
]


def _user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        raise LookupError(f"{email} is missing: run `manage.py seed_demo` first.")
    return user


@transaction.atomic
def seed_demo_website(now: datetime | None = None) -> Summary:
    """Create (or re-create) the demo pages and news, published."""
    now = now or timezone.now()
    admin = _user(ADMIN)
    authors = {email: _user(email) for email in {item.author for item in NEWS}}
    cities = {city.slug: city for city in City.objects.filter(slug__in={n.city for n in NEWS})}
    missing = {n.city for n in NEWS if n.city} - set(cities)
    if missing:
        raise LookupError(f"Cities {sorted(missing)} are missing: run `manage.py seed_demo`.")
    Page.objects.filter(slug__in=[page.slug for page in PAGES]).delete()
    NewsPost.objects.filter(slug__in=[item.slug for item in NEWS]).delete()
    languages: set[str] = set()
    for plan in PAGES:
        page = services.create_page(
            admin,
            slug=plan.slug,
            kind=plan.kind,
            title=plan.title,
            body=plan.body,
            in_footer=True,
            order=plan.order,
        )
        services.publish_page(admin, page)
        languages |= set(page.body.languages())
    for item in NEWS:
        author = authors[item.author]
        post = services.create_news_post(
            author,
            slug=item.slug,
            city=cities.get(item.city),
            title=item.title,
            summary=item.summary,
            body=item.body,
        )
        services.publish_news_post(author, post)
        published_at = now - timedelta(days=item.days_ago, hours=3)
        NewsPost.objects.filter(pk=post.pk).update(
            published_at=published_at, created_at=published_at, updated_at=published_at
        )
        languages |= set(post.title.languages())
    forget_cached_website()
    return Summary(pages=len(PAGES), news=len(NEWS), languages=len(languages))
