"""Demo debates on top of the demo network and events (``seed_demo``, ``seed_demo_events``).

Two lively debates, written by people of the network in their own languages: threads
two and three levels deep, agreement, an official response by the demo policymaker,
one contribution hidden by the demo moderator (after two reports) and a few human
translations into English. Contributions go through ``services.post_contribution``,
so roots, depths, reply counts, follows and notifications are what the site itself
would write (without machine translation); dates are then spread over the past weeks
and the notifications count as already emailed. The randomness is seeded: two runs
give the same debates.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.test.utils import override_settings
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.events.demo import TOPICS
from metroagora.events.models import Event, Topic
from metroagora.forum import services
from metroagora.forum.models import (
    Contribution,
    ContributionTranslation,
    Debate,
    Notification,
    Reaction,
)
from metroagora.network.models import City

ADMIN = "admin@metroagora.eu"
MODERATOR = "moderator@metroagora.eu"
POLICYMAKER = "policymaker@metroagora.eu"

# key -> (display name, language, city of residence, country); emails are made from names
PEOPLE = {
    "giulia": ("Giulia Conti", "it", "Milano", "IT"),
    "marco": ("Marco Ferri", "it", "Sesto San Giovanni", "IT"),
    "chiara": ("Chiara Colombo", "it", "Milano", "IT"),
    "camille": ("Camille Durand", "fr", "Villeurbanne", "FR"),
    "hugo": ("Hugo Lefebvre", "fr", "Bruxelles", "BE"),
    "ines": ("Inès Moreau", "fr", "Lyon", "FR"),
    "anna": ("Anna Wójcik", "pl", "Warszawa", "PL"),
    "piotr": ("Piotr Kamiński", "pl", "Gdańsk", "PL"),
    "zofia": ("Zofia Zielińska", "pl", "Sopot", "PL"),
    "lucia": ("Lucía Puig", "es", "Barcelona", "ES"),
    "jordi": ("Jordi Serra", "es", "L'Hospitalet de Llobregat", "ES"),
    "carmen": ("Carmen Vidal", "es", "Barcelona", "ES"),
    "lena": ("Lena Fischer", "de", "Hamburg", "DE"),
    "jonas": ("Jonas Weber", "de", "Norderstedt", "DE"),
    "aoife": ("Aoife Byrne", "en", "Dublin", "IE"),
    "eero": ("Eero Laine", "en", "Helsinki", "FI"),
    "sara": ("Sara Lindqvist", "en", "Stockholm", "SE"),
    "tereza": ("Tereza Dvořáková", "en", "Praha", "CZ"),
    "mark": ("Mark Stone", "en", "", ""),
    "deals": ("Solar Deals 24", "en", "", ""),
}
# keys for the accounts of ``seed_demo``
ACCOUNTS = {
    "participant": "participant@metroagora.eu",
    "resident": "resident@metroagora.eu",
    "policymaker": POLICYMAKER,
}


@dataclass
class C:
    """A contribution of the demo, with its replies."""

    who: str
    lang: str
    stance: str
    text: str
    replies: tuple[C, ...] = ()
    en: str = ""  # a human translation into English
    official: bool = False
    hidden: str = ""  # the moderator's reason


def c(who: str, lang: str, stance: str, text: str, *replies: C, **extra: str | bool) -> C:
    return C(who, lang, stance, text, replies, **extra)  # type: ignore[arg-type]


@dataclass
class DebatePlan:
    slug: str
    question: dict[str, str]
    introduction: dict[str, str]
    european_dimension: dict[str, str]
    local_lens: dict[str, str]
    city: str | None
    topics: list[str]
    events: list[str]
    days: int  # opened that many days ago
    threads: list[C] = field(default_factory=list)


COHESION = DebatePlan(
    slug="cities-eu-cohesion-policy",
    city=None,
    topics=["future-of-europe", "participatory-budgeting"],
    events=["online-eu-funding-for-neighbourhood-projects"],
    days=24,
    question={
        "_original": "en",
        "en": "Should cities have a direct say in EU cohesion policy?",
        "fr": "Les villes doivent-elles avoir directement voix au chapitre dans la "
        "politique de cohésion de l'UE ?",
        "it": "Le città dovrebbero avere voce diretta nella politica di coesione dell'UE?",
        "de": "Sollten Städte bei der EU-Kohäsionspolitik direkt mitreden?",
        "es": "¿Deberían las ciudades tener voz directa en la política de cohesión de la UE?",
        "pl": "Czy miasta powinny mieć bezpośredni wpływ na politykę spójności UE?",
    },
    introduction={
        "_original": "en",
        "en": "A third of the EU budget goes to cohesion policy: money to bring regions "
        "closer together. National and regional governments write the programmes; "
        "cities are consulted, and then carry out many of the projects.\n\n"
        "Should metropolitan areas get a direct say: a seat at the table, a share of "
        "the funds to manage themselves, or both? Tell us what you think and why.",
        "fr": "Un tiers du budget de l'UE va à la politique de cohésion. Les États et "
        "les régions écrivent les programmes ; les villes sont consultées, puis "
        "réalisent une grande partie des projets.\n\n"
        "Les métropoles doivent-elles avoir directement leur mot à dire ?",
        "it": "Un terzo del bilancio dell'UE va alla politica di coesione. Stati e "
        "regioni scrivono i programmi; le città vengono consultate e poi realizzano "
        "molti dei progetti.\n\nLe aree metropolitane dovrebbero avere voce diretta?",
    },
    european_dimension={
        "_original": "en",
        "en": "The rules for 2028–2034 are being negotiated now. The European "
        "Parliament and the Committee of the Regions ask for a stronger role for "
        "local authorities; several governments prefer national plans.",
        "de": "Die Regeln für 2028–2034 werden gerade verhandelt. Parlament und "
        "Ausschuss der Regionen fordern eine stärkere Rolle der Kommunen; mehrere "
        "Regierungen bevorzugen nationale Pläne.",
        "pl": "Zasady na lata 2028–2034 są właśnie negocjowane. Parlament Europejski i "
        "Komitet Regionów chcą większej roli samorządów; część rządów woli plany "
        "krajowe.",
    },
    local_lens={
        "_original": "en",
        "en": "Gdańsk and Warsaw manage integrated territorial investments with their "
        "neighbours; Barcelona and Lyon run participatory budgets; Dublin had almost "
        "no say in its regional programme. What has your city learned?",
        "es": "Gdańsk y Varsovia gestionan inversiones territoriales integradas con sus "
        "vecinos; Barcelona y Lyon tienen presupuestos participativos. ¿Qué ha "
        "aprendido tu ciudad?",
    },
    threads=[
        c(
            "lucia",
            "es",
            "for",
            "Barcelona gestiona fondos FEDER desde hace años, pero las prioridades se "
            "deciden en Madrid y en Bruselas. Las ciudades conocemos los barrios: "
            "deberíamos estar en la mesa donde se fijan los programas.",
            c(
                "hugo",
                "fr",
                "neutral",
                "D'accord sur le principe, mais « la table » existe déjà : le principe de "
                "partenariat oblige les États à consulter les autorités locales. Le "
                "problème, c'est qu'il est mal appliqué.",
                c(
                    "lucia",
                    "es",
                    "for",
                    "Exacto, consultar no es decidir. Pedimos una parte del presupuesto "
                    "gestionada directamente por las áreas metropolitanas.",
                ),
                c(
                    "eero",
                    "en",
                    "for",
                    "In Finland the consultation is real but late: the draft is almost "
                    "final when cities see it. Earlier involvement would already help.",
                ),
            ),
            c(
                "jonas",
                "de",
                "against",
                "Direkte Mitsprache klingt gut, aber dann verhandeln 27 Regierungen plus "
                "Hunderte Städte. Das macht die Programme noch langsamer.",
                c(
                    "anna",
                    "pl",
                    "against",
                    "Zgadzam się. Już teraz wydanie środków trwa latami. Więcej szczebli "
                    "decyzyjnych to więcej opóźnień.",
                ),
                c(
                    "camille",
                    "fr",
                    "for",
                    "Les villes pourraient justement accélérer : ce sont elles qui montent "
                    "les projets sur le terrain.",
                ),
            ),
            en="Barcelona has managed ERDF funds for years, but the priorities are set in "
            "Madrid and Brussels. Cities know their neighbourhoods: we should be at the "
            "table where the programmes are decided.",
        ),
        c(
            "anna",
            "pl",
            "for",
            "W Polsce fundusze spójności zmieniły miasta nie do poznania: tramwaje, "
            "oczyszczalnie, bulwary. Ale o tym, co dostaje metropolia, decyduje urząd "
            "marszałkowski. Warszawa powinna mieć własną pulę.",
            c(
                "piotr",
                "pl",
                "neutral",
                "Gdańsk ma ZIT, czyli zintegrowane inwestycje terytorialne, i to działa. "
                "Może zamiast nowej instytucji po prostu je wzmocnić?",
                c(
                    "aoife",
                    "en",
                    "for",
                    "Integrated territorial investments sound like a good model. How is "
                    "the Gdańsk one governed? Who sits on the board?",
                ),
                c(
                    "piotr",
                    "pl",
                    "neutral",
                    "Odpowiadając Aoife: w zarządzie są prezydenci i burmistrzowie gmin "
                    "obszaru metropolitalnego. Każdy projekt muszą uzgodnić wszyscy.",
                ),
            ),
            c(
                "resident",
                "pl",
                "for",
                "Popieram. Budżet obywatelski w Warszawie pokazuje, że mieszkańcy potrafią "
                "wybrać dobre projekty. Czemu nie fundusze unijne?",
            ),
            en="In Poland cohesion funds changed our cities beyond recognition: trams, "
            "treatment plants, riverside boulevards. But what the metropolitan area gets "
            "is decided by the regional government. Warsaw should have its own share.",
        ),
        c(
            "jonas",
            "de",
            "against",
            "Kohäsionspolitik soll Regionen angleichen, nicht Metropolen stärken. Wenn die "
            "großen Städte direkt mitreden, bleiben ländliche Räume noch weiter zurück.",
            c(
                "lena",
                "de",
                "neutral",
                "Das Risiko sehe ich auch. Aber Hamburg ist mit seinem Umland eng "
                "verflochten: Eine Metropolregion ist eben nicht nur die Kernstadt.",
            ),
            c(
                "giulia",
                "it",
                "for",
                "Ma le aree metropolitane includono anche comuni piccoli e rurali. La "
                "Città metropolitana di Milano ne conta 133.",
                c(
                    "jonas",
                    "de",
                    "neutral",
                    "Guter Punkt. Dann aber mit klaren Regeln, damit die kleinen Gemeinden "
                    "auch wirklich mitentscheiden.",
                ),
            ),
            c(
                "sara",
                "en",
                "against",
                "I agree with Jonas. Cohesion money is for the regions that need it most. "
                "Capital regions like Stockholm hardly get any, and that is right.",
            ),
        ),
        c(
            "participant",
            "en",
            "neutral",
            "Honest question: what would a 'direct say' actually look like? A seat in the "
            "monitoring committees? A separate budget line? Hard to be for or against "
            "without knowing.",
            c(
                "hugo",
                "fr",
                "for",
                "Trois pistes sont discutées à Bruxelles : un siège avec droit de vote "
                "dans les comités de suivi, une part minimale des fonds gérée par les "
                "métropoles, et un dialogue direct avec la Commission.",
                c(
                    "participant",
                    "en",
                    "for",
                    "Thanks, that helps. The minimum share sounds the most concrete.",
                ),
                en="Three options are being discussed in Brussels: a voting seat in the "
                "monitoring committees, a minimum share of the funds managed by "
                "metropolitan areas, and a direct dialogue with the Commission.",
            ),
            c(
                "tereza",
                "en",
                "neutral",
                "Start with open data: publish every project, its budget and its results "
                "per municipality. Then we can discuss who decides.",
            ),
        ),
        c(
            "marco",
            "it",
            "for",
            "A Milano i progetti finanziati dal FESR arrivano tardi e sono pensati a Roma. "
            "Con una quota gestita dalla città potremmo puntare su casa e trasporti, che "
            "sono le vere urgenze.",
            c(
                "chiara",
                "it",
                "for",
                "Sì, soprattutto sulla casa. Gli affitti a Milano sono diventati "
                "insostenibili per chi ha meno di 35 anni.",
                c(
                    "lucia",
                    "es",
                    "for",
                    "En Barcelona pasa lo mismo. La vivienda asequible debería ser una "
                    "prioridad europea explícita.",
                ),
            ),
            c(
                "lena",
                "de",
                "against",
                "Wohnen ist aber kaum EU-Kompetenz. Da muss man ehrlich sagen, was "
                "Kohäsionsmittel leisten können und was nicht.",
            ),
        ),
        c(
            "camille",
            "fr",
            "for",
            "À Lyon, la Métropole associe déjà des habitants tirés au sort à ses projets. "
            "Si l'UE confiait des fonds directement aux métropoles, on pourrait faire "
            "choisir une partie des projets par les citoyens.",
            c(
                "ines",
                "fr",
                "for",
                "Oui ! Un budget participatif européen à l'échelle des métropoles, ce "
                "serait un vrai signal.",
            ),
            c(
                "jordi",
                "es",
                "neutral",
                "Buena idea, pero los fondos europeos tienen reglas de auditoría muy "
                "estrictas. ¿Cómo encaja eso con proyectos elegidos por votación?",
                c(
                    "camille",
                    "fr",
                    "neutral",
                    "La ville vérifie l'éligibilité avant le vote, pas après. C'est déjà "
                    "ce que fait Lisbonne avec son budget participatif.",
                ),
            ),
        ),
        c(
            "aoife",
            "en",
            "for",
            "Dublin's experience: we had almost no say in the 2021–2027 regional "
            "programme. A formal role for metropolitan areas in the partnership "
            "agreement would be a simple first step.",
            c(
                "eero",
                "en",
                "for",
                "+1. And write it into the next Common Provisions Regulation, not just "
                "into a recommendation.",
            ),
        ),
        c(
            "zofia",
            "pl",
            "against",
            "Obawiam się, że to osłabi regiony. Małe gminy nie mają urzędników, którzy "
            "napiszą dobre wnioski. Wygrają zawsze duże miasta.",
            c(
                "piotr",
                "pl",
                "neutral",
                "Dlatego w ZIT duże miasto pomaga mniejszym gminom przygotować wnioski. "
                "Da się to zorganizować.",
                c(
                    "zofia",
                    "pl",
                    "neutral",
                    "Jeśli tak, to mogę się przekonać. Ale potrzebne są gwarancje w przepisach.",
                ),
            ),
        ),
        c(
            "jordi",
            "es",
            "for",
            "Las ciudades somos las que aplicamos las políticas de clima, movilidad e "
            "inclusión. Sin voz directa, la cohesión se queda en carreteras y rotondas.",
            c(
                "lena",
                "de",
                "neutral",
                "Etwas zugespitzt, aber die Richtung stimmt. Bei Klima und Mobilität "
                "sind die Städte entscheidend.",
            ),
        ),
        c(
            "mark",
            "en",
            "against",
            "This whole forum is a waste of money. Everyone here is a paid lobbyist for "
            "Brussels and you all know it.",
            hidden="Personal attack on other participants (house rules, point 2).",
        ),
        c(
            "ines",
            "fr",
            "neutral",
            "Et les jeunes ? La plupart des consultations sur les fonds européens ont lieu "
            "en journée, pendant les cours ou le travail.",
            c(
                "carmen",
                "es",
                "for",
                "Totalmente de acuerdo. Los consejos de juventud de las ciudades podrían "
                "tener un papel formal en el seguimiento de los fondos.",
            ),
        ),
        c(
            "policymaker",
            "en",
            "neutral",
            "Official response from Barcelona City Council. We support a direct role for "
            "metropolitan areas: a guaranteed share of cohesion funds managed at "
            "metropolitan level, and a voting seat in the monitoring committees. We will "
            "take the proposals of this debate to the Eurocities working group on "
            "cohesion this spring. Thank you for the ideas on youth councils and open "
            "data: they are on our list.",
            c(
                "lucia",
                "es",
                "for",
                "Gracias, Pau. ¿Se publicará el documento que llevéis a Eurocities?",
            ),
            c(
                "jonas",
                "de",
                "neutral",
                "Danke für die klare Antwort. Bitte nehmen Sie auch die Bedenken der "
                "ländlichen Gemeinden mit.",
            ),
            official=True,
        ),
        c(
            "eero",
            "en",
            "for",
            "Helsinki's OmaStadi shows residents can handle real budgets. Give "
            "metropolitan areas a small EU pot and let residents propose the projects.",
            c(
                "tereza",
                "en",
                "neutral",
                "Prague would love to try this. The hard part is co-financing: who pays "
                "the national share?",
            ),
        ),
        c(
            "chiara",
            "it",
            "neutral",
            "Non basta decidere dove vanno i soldi, serve anche la capacità di spenderli. "
            "Molti comuni italiani restituiscono fondi perché mancano i tecnici.",
            c(
                "marco",
                "it",
                "for",
                "Vero. Una parte dei fondi dovrebbe servire ad assumere personale tecnico "
                "nei comuni.",
            ),
            c(
                "anna",
                "pl",
                "for",
                "U nas to samo. Dobre biuro projektów w urzędzie miasta to połowa sukcesu.",
            ),
        ),
    ],
)

CLIMATE = DebatePlan(
    slug="milan-climate-assemblies",
    city="milan",
    topics=["climate", "youth"],
    events=["milan-metropolitan-climate-assembly"],
    days=14,
    question={
        "_original": "en",
        "en": "How should our metropolitan climate assemblies influence decisions?",
        "it": "Come dovrebbero pesare sulle decisioni le nostre assemblee metropolitane "
        "per il clima?",
        "fr": "Quel poids nos assemblées métropolitaines pour le climat doivent-elles "
        "avoir dans les décisions ?",
        "de": "Wie sollen unsere Klimaversammlungen die Entscheidungen der Metropolen "
        "beeinflussen?",
        "es": "¿Cómo deberían influir nuestras asambleas metropolitanas por el clima en "
        "las decisiones?",
        "pl": "Jak nasze metropolitalne zgromadzenia klimatyczne powinny wpływać na decyzje?",
    },
    introduction={
        "_original": "it",
        "it": "Cinque mesi fa l'Assemblea metropolitana per il clima ha riunito a Milano "
        "cittadini estratti a sorte e ospiti delle città partner sul piano di "
        "adattamento al caldo. Ne sono uscite 34 proposte, 9 delle quali votate in "
        "plenaria.\n\nChe peso devono avere? Vincolanti, consultive, con una risposta "
        "obbligatoria del consiglio?",
        "en": "Five months ago the Metropolitan Climate Assembly brought together, in "
        "Milan, residents drawn by lot and guests from partner cities to work on the "
        "heat adaptation plan. It produced 34 proposals, 9 of them voted in plenary.\n\n"
        "How much weight should they carry? Binding, advisory, with a compulsory "
        "answer from the council?",
        "fr": "Il y a cinq mois, l'Assemblée métropolitaine pour le climat a réuni à Milan "
        "des habitants tirés au sort et des invités des villes partenaires. Elle a "
        "produit 34 propositions, dont 9 votées en plénière.\n\nQuel poids doivent-elles "
        "avoir ?",
    },
    european_dimension={
        "_original": "en",
        "en": "The EU Mission for 100 climate-neutral cities and the European Climate "
        "Pact encourage citizens' assemblies, but leave each city to decide how "
        "binding they are.",
        "it": "La Missione UE per 100 città a impatto climatico zero e il Patto europeo "
        "per il clima incoraggiano le assemblee di cittadini, ma lasciano a ogni città "
        "la scelta di quanto siano vincolanti.",
    },
    local_lens={
        "_original": "it",
        "it": "Le prime proposte sono in corso: la mappa pubblica delle isole di calore, "
        "200 nuovi alberi per quartiere, i rifugi climatici nelle biblioteche. Le "
        "altre aspettano una risposta.",
        "en": "The first proposals are under way: a public heat-island map, 200 new trees "
        "per neighbourhood, climate shelters in libraries. The others await an answer.",
    },
    threads=[
        c(
            "giulia",
            "it",
            "for",
            "Le raccomandazioni dell'assemblea dovrebbero essere vincolanti, almeno quando "
            "passano con due terzi dei voti. Altrimenti la gente smette di partecipare.",
            c(
                "marco",
                "it",
                "against",
                "Vincolanti no: l'assemblea non risponde agli elettori. Decida il "
                "consiglio, ma motivando pubblicamente ogni no.",
                c(
                    "giulia",
                    "it",
                    "neutral",
                    "Una risposta motivata entro tre mesi mi andrebbe bene, se è pubblica e "
                    "dettagliata.",
                ),
                c(
                    "piotr",
                    "pl",
                    "for",
                    "W Gdańsku rekomendacje panelu obywatelskiego z poparciem 80% są "
                    "wiążące dla prezydenta miasta. Działa to od 2016 roku.",
                ),
            ),
            c(
                "camille",
                "fr",
                "for",
                "À Lyon, la plupart des mesures de la convention citoyenne ont été "
                "reprises, mais sans obligation. C'est fragile : tout dépend de l'équipe "
                "en place.",
            ),
            en="The assembly's recommendations should be binding, at least when they pass "
            "with a two-thirds majority. Otherwise people stop taking part.",
        ),
        c(
            "chiara",
            "it",
            "for",
            "Ho partecipato all'assemblea. La cosa più frustrante è non sapere che fine "
            "hanno fatto le nostre proposte. Serve un cruscotto pubblico con lo stato di "
            "ogni raccomandazione.",
            c(
                "tereza",
                "en",
                "for",
                "A public tracker is cheap and it works. Prague publishes a status for "
                "every commitment of its climate plan; happy to share the template.",
                c("chiara", "it", "for", "Grazie Tereza, sarebbe utilissimo!"),
            ),
            c(
                "eero",
                "en",
                "for",
                "Helsinki does this for OmaStadi: every proposal has a public page with "
                "its status and budget.",
            ),
            c(
                "lena",
                "de",
                "for",
                "Genau. Transparenz danach ist wichtiger als die Frage, ob die Empfehlungen "
                "bindend sind.",
            ),
        ),
        c(
            "jonas",
            "de",
            "against",
            "Bürgerräte sind gut für Ideen, aber nicht repräsentativ genug, um zu "
            "entscheiden. 90 Leute für über drei Millionen Menschen?",
            c(
                "ines",
                "fr",
                "for",
                "Ils sont tirés au sort et stratifiés : âge, genre, quartier, revenus. "
                "C'est plus représentatif qu'un conseil municipal.",
                c(
                    "jonas",
                    "de",
                    "neutral",
                    "Statistisch vielleicht. Aber sie tragen keine Verantwortung, wenn es "
                    "schiefgeht.",
                ),
                c(
                    "marco",
                    "it",
                    "against",
                    "Appunto. La responsabilità politica resta al sindaco e al consiglio.",
                ),
            ),
            c(
                "anna",
                "pl",
                "neutral",
                "Reprezentatywność to jedno, ale ważniejsze, czy ludzie mieli czas i dobre "
                "informacje. W Warszawie panel słuchał ekspertów z różnych stron.",
            ),
        ),
        c(
            "lucia",
            "es",
            "for",
            "En Barcelona la asamblea climática propuso supermanzanas en todos los "
            "distritos y el Ayuntamiento aceptó la mitad. Propongo que lo rechazado pueda "
            "ir a consulta ciudadana.",
            c(
                "jordi",
                "es",
                "against",
                "¿Una consulta por cada recomendación? Acabaríamos votando cada mes. Mejor "
                "un informe anual ante el pleno.",
                c(
                    "lucia",
                    "es",
                    "neutral",
                    "Vale, no para todas: solo para las que tengan un apoyo muy amplio en "
                    "la asamblea.",
                ),
            ),
        ),
        c(
            "participant",
            "en",
            "neutral",
            "I'm new here. Does the assembly also look at what its recommendations cost? "
            "Otherwise it is easy to ask for everything.",
            c(
                "giulia",
                "it",
                "for",
                "Sì: nell'ultima sessione abbiamo lavorato sul bilancio del Comune e "
                "abbiamo dovuto scegliere delle priorità.",
                c(
                    "participant",
                    "en",
                    "for",
                    "Good to know, that makes it much more credible.",
                ),
            ),
        ),
        c(
            "sara",
            "en",
            "for",
            "Stockholm is preparing its first climate assembly. The lesson I take from "
            "Milan: agree on the follow-up before the assembly starts, not after.",
            c(
                "camille",
                "fr",
                "for",
                "Exactement. Le mandat doit être écrit et voté par le conseil avant le "
                "premier week-end.",
            ),
            c(
                "resident",
                "pl",
                "for",
                "Tak było w Warszawie: prezydent z góry zobowiązał się wdrożyć "
                "rekomendacje z poparciem co najmniej 80%.",
            ),
        ),
        c(
            "zofia",
            "pl",
            "against",
            "Obawiam się, że takie zgromadzenia służą do legitymizowania decyzji już "
            "podjętych. Urzędnicy przygotowują materiały i kierują dyskusją.",
            c(
                "hugo",
                "fr",
                "neutral",
                "C'est un vrai risque. D'où l'importance d'un comité de suivi "
                "indépendant, avec des membres de l'assemblée.",
            ),
            c(
                "chiara",
                "it",
                "against",
                "Nel nostro caso non è andata così: gli esperti da ascoltare li abbiamo "
                "scelti noi.",
            ),
        ),
        c(
            "carmen",
            "es",
            "for",
            "Los jóvenes deberíamos tener más peso en estas asambleas. Somos quienes "
            "viviremos las consecuencias en 2050.",
            c(
                "ines",
                "fr",
                "for",
                "À Lyon, l'âge minimum de la convention a été abaissé à 16 ans. Ça a "
                "changé les débats.",
            ),
            c(
                "jonas",
                "de",
                "neutral",
                "Ab 16 finde ich gut. Quoten eher nicht, das Los soll entscheiden.",
            ),
        ),
        c(
            "deals",
            "en",
            "neutral",
            "Cheap solar panels, 70% off this week only!!! Order now on our shop and beat "
            "the heat.",
            hidden="Advertising (house rules, point 5).",
        ),
        c(
            "policymaker",
            "es",
            "neutral",
            "Respuesta oficial del Ayuntamiento de Barcelona. Nuestro pleno responde a "
            "cada recomendación de la asamblea climática en un plazo de seis meses, con "
            "un sí, un no o un «en parte» motivado. Recomendamos esta regla a Milán y a "
            "toda la red: la asamblea sigue siendo consultiva, pero ignorarla tiene un "
            "coste político.",
            c(
                "giulia",
                "it",
                "for",
                "Grazie, è esattamente la regola che chiediamo per Milano.",
            ),
            c(
                "marco",
                "it",
                "neutral",
                "Sei mesi mi sembrano tanti. Tre bastano.",
            ),
            official=True,
            en="Official response from Barcelona City Council. Our council answers every "
            "recommendation of the climate assembly within six months, with a reasoned "
            "yes, no or 'in part'. We recommend this rule to Milan and to the whole "
            "network: the assembly stays advisory, but ignoring it has a political cost.",
        ),
        c(
            "aoife",
            "en",
            "neutral",
            "Dublin's citizens' assembly on a directly elected mayor worked because the "
            "government promised a vote on the outcome. Clear stakes make people take it "
            "seriously.",
            c(
                "eero",
                "en",
                "for",
                "Agreed. Stakes and follow-up, that's the whole recipe.",
            ),
        ),
        c(
            "lena",
            "de",
            "for",
            "Hamburg könnte die Empfehlungen direkt in den Klimaplan aufnehmen, der alle "
            "vier Jahre fortgeschrieben wird. Dann gibt es keinen Sonderweg, sondern "
            "einen festen Platz.",
            c(
                "anna",
                "pl",
                "for",
                "Dobry pomysł: wpisać rekomendacje w istniejący cykl planowania zamiast "
                "tworzyć osobną ścieżkę.",
            ),
        ),
        c(
            "marco",
            "it",
            "neutral",
            "Proposta concreta: ogni anno il consiglio metropolitano dedica una seduta "
            "pubblica alle raccomandazioni, e i membri dell'assemblea possono intervenire.",
            c(
                "chiara",
                "it",
                "for",
                "Mi piace. E in quella seduta si vota su ogni raccomandazione ancora aperta.",
                c(
                    "jordi",
                    "es",
                    "for",
                    "En Barcelona hacemos algo parecido y funciona. La clave es que la "
                    "sesión sea por la tarde, cuando la gente puede venir.",
                ),
            ),
        ),
    ],
)

PLANS = [COHESION, CLIMATE]


@dataclass
class Summary:
    debates: int = 0
    contributions: int = 0
    agreements: int = 0
    people: int = 0


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.lower().replace("'", "").split()) + "@example.org"


def _people() -> dict[str, User]:
    people: dict[str, User] = {}
    for key, (name, language, residence, country) in PEOPLE.items():
        email = _email(name)
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "preferred_languages": [language] if language == "en" else [language, "en"],
                "residence_city": residence,
                "residence_country": country,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        people[key] = user
    return people


def _flatten(
    plan: DebatePlan, start: datetime, now: datetime, rng: random.Random
) -> list[tuple[datetime, C, C | None]]:
    """Every contribution with a planned date; replies come after their parent."""
    planned: list[tuple[datetime, C, C | None]] = []
    span = (now - start).total_seconds()

    def walk(node: C, parent: C | None, at: datetime) -> None:
        planned.append((at, node, parent))
        for reply in node.replies:
            room = (now - timedelta(minutes=20) - at).total_seconds()
            delay = min(rng.uniform(0.4, 30) * 3600, room * rng.uniform(0.2, 0.6))
            walk(reply, node, at + timedelta(seconds=max(delay, 60)))

    count = len(plan.threads)
    for index, thread in enumerate(plan.threads):
        share = (index + rng.uniform(0.0, 0.7)) / count
        walk(thread, None, start + timedelta(seconds=span * share * 0.85))
    planned.sort(key=lambda item: item[0])
    return planned


@transaction.atomic
def seed_demo_forum(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo debates. Needs ``seed_demo`` and ideally
    ``seed_demo_events`` (topics are created when missing, events linked when found)."""
    now = now or timezone.now()
    accounts = {user.email: user for user in User.objects.filter(email__endswith="@metroagora.eu")}
    missing = {ADMIN, MODERATOR, *ACCOUNTS.values()} - set(accounts)
    cities = {city.slug: city for city in City.objects.all()}
    missing |= {plan.city for plan in PLANS if plan.city and plan.city not in cities}
    if missing:
        raise LookupError(f"Missing: {sorted(missing)}. Run manage.py seed_demo first.")
    admin, moderator = accounts[ADMIN], accounts[MODERATOR]
    people = _people()
    people.update({key: accounts[email] for key, email in ACCOUNTS.items()})
    readers = sorted(
        (user for key, user in people.items() if key not in ("mark", "deals")),
        key=lambda user: user.email,
    )
    summary = Summary(people=len(PEOPLE))
    Debate.objects.filter(slug__in=[plan.slug for plan in PLANS]).delete()
    for plan in PLANS:
        rng = random.Random(plan.slug)
        topics = [
            Topic.objects.get_or_create(
                slug=slug,
                defaults={"name": {**TOPICS.get(slug, {"en": slug}), "_original": "en"}},
            )[0]
            for slug in plan.topics
        ]
        debate = services.open_debate(
            admin,
            slug=plan.slug,
            question=plan.question,
            introduction=plan.introduction,
            european_dimension=plan.european_dimension,
            local_lens=plan.local_lens,
            city=cities.get(plan.city) if plan.city else None,
            topics=topics,
            events=Event.objects.filter(slug__in=plan.events),
        )
        start = now - timedelta(days=plan.days)
        Debate.objects.filter(pk=debate.pk).update(
            created_at=start - timedelta(hours=2), updated_at=start - timedelta(hours=2)
        )
        posted: dict[int, Contribution] = {}  # id(plan node) -> contribution
        dates: dict[int, datetime] = {}
        # No holding for review, no machine translation (the demo has human ones).
        with override_settings(FORUM_HOLD_FIRST=0, MACHINE_TRANSLATION={"BACKEND": ""}):
            for at, node, parent in _flatten(plan, start, now, rng):
                contribution = services.post_contribution(
                    people[node.who],
                    debate,
                    text=node.text,
                    stance=node.stance,
                    language=node.lang,
                    parent=posted[id(parent)] if parent is not None else None,
                    official=node.official,
                )
                posted[id(node)] = contribution
                dates[contribution.pk] = at
        contributions = list(debate.contributions.all())
        for contribution in contributions:
            contribution.created_at = contribution.updated_at = dates[contribution.pk]
        Contribution.objects.bulk_update(contributions, ["created_at", "updated_at"])
        summary.contributions += len(contributions)
        planned = [(posted[id(node)], node) for node in _nodes(plan)]
        summary.agreements += _agreements(planned, readers, rng)
        for contribution, node in planned:
            if node.en:
                ContributionTranslation.objects.create(
                    contribution=contribution, language="en", text=node.en, is_machine=False
                )
            if node.hidden:
                for reporter in rng.sample(readers, 2):
                    services.report_contribution(
                        reporter, contribution, reason="Not respectful of the house rules"
                    )
                services.hide_contribution(moderator, contribution, reason=node.hidden)
        _date_notifications(debate)
        summary.debates += 1
    return summary


def _date_notifications(debate: Debate) -> None:
    """Posting told the people followed about replies: date that news like the reply,
    and count it as emailed, so no digest mails the demo people about the past."""
    created = Contribution.objects.filter(pk=OuterRef("contribution_id")).values("created_at")
    Notification.objects.filter(debate=debate, contribution__isnull=False).update(
        created_at=Subquery(created), emailed_at=Subquery(created)
    )


def _nodes(plan: DebatePlan) -> list[C]:
    found: list[C] = []

    def walk(node: C) -> None:
        found.append(node)
        for reply in node.replies:
            walk(reply)

    for thread in plan.threads:
        walk(thread)
    return found


def _agreements(
    planned: list[tuple[Contribution, C]], readers: list[User], rng: random.Random
) -> int:
    """People agree: many with some top-level contributions, a few with replies."""
    reactions: list[Reaction] = []
    for contribution, node in planned:
        if node.hidden:
            continue
        if contribution.is_official:
            wanted = rng.randint(8, 14)
        elif contribution.depth == 0:
            wanted = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12])
        else:
            wanted = rng.choice([0, 0, 1, 1, 2, 3, 5])
        others = [user for user in readers if user.pk != contribution.author_id]
        reactions += [
            Reaction(contribution=contribution, user=user)
            for user in rng.sample(others, min(wanted, len(others)))
        ]
    Reaction.objects.bulk_create(reactions)
    contributions = [contribution for contribution, _node in planned]
    counts = dict(
        Reaction.objects.filter(contribution__in=contributions)
        .values("contribution")
        .annotate(n=Count("pk"))
        .values_list("contribution", "n")
    )
    for contribution in contributions:
        contribution.agree_count = counts.get(contribution.pk, 0)
    Contribution.objects.bulk_update(contributions, ["agree_count"])
    return len(reactions)
