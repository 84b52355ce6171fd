"""Data at scale: a network with hundreds of thousands of people and millions of rows.

``manage.py seed_scale --size small|medium|large`` (see ``docs/scale.md``) adds to a
database that has the demo network (``migrate``, then ``seed_demo``): new member
cities, people with their e-mail addresses and memberships, events with their
registrations, Forum debates with threaded contributions, opinion maps with votes,
participatory processes with proposals, supports and secret ballots, best practices
and EU funding calls. Texts are written in the six UI languages from parallel phrase
lists (the same index means the same thing in every language, so translations are
real translations); nothing is fetched and no Faker is needed.

How it stays fast: every row is planned in Python with its primary key chosen here
(the largest existing key plus one, so a run must be the only writer), then written
with COPY on PostgreSQL and multi-row ``executemany`` elsewhere; one password hash
serves every account; the search index's signals are paused (``--index`` rebuilds
the index at the end). How it stays true: the rows have the shapes the services
write (registrations within capacity and a waiting list behind, one support per
person and proposal, one vote per participant and statement, secret ballots keyed
with the decisions app's HMAC, counters equal to their rows), and the few steps with
real logic run through the services themselves: the funding calls are imported with
``funding.services.import_calls`` from portal-format pages, finished budgets are
closed with ``decisions.services.close_budget`` and the opinion maps are analysed
with ``opinions.tasks.run_analysis``.

Each dataset runs in its own transaction; the randomness is seeded.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import random
import secrets
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

# --- Sizes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """How much of everything one run adds (the rows the summary counts)."""

    cities: int
    users: int
    events: int
    registrations: int
    debates: int
    contributions: int
    opinion_maps: int
    statements_per_map: int
    votes: int
    processes: int
    proposals: int
    supports: int
    ballots: int
    practices: int
    calls: int


SIZES: dict[str, Size] = {
    "small": Size(
        cities=2,
        users=2_000,
        events=50,
        registrations=5_000,
        debates=2,
        contributions=10_000,
        opinion_maps=2,
        statements_per_map=40,
        votes=20_000,
        processes=5,
        proposals=50,
        supports=2_000,
        ballots=1_000,
        practices=100,
        calls=100,
    ),
    "medium": Size(
        cities=5,
        users=20_000,
        events=500,
        registrations=50_000,
        debates=10,
        contributions=100_000,
        opinion_maps=8,
        statements_per_map=50,
        votes=200_000,
        processes=10,
        proposals=500,
        supports=20_000,
        ballots=10_000,
        practices=1_000,
        calls=1_000,
    ),
    "large": Size(
        cities=50,
        users=200_000,
        events=5_000,
        registrations=500_000,
        debates=100,
        contributions=1_000_000,
        opinion_maps=40,
        statements_per_map=50,
        votes=2_000_000,
        processes=50,
        proposals=5_000,
        supports=200_000,
        ballots=100_000,
        practices=10_000,
        calls=10_000,
    ),
}

EMAIL_DOMAIN = "scale.example.org"  # accounts of run N: ...@sN.scale.example.org
LANGS = ("en", "fr", "de", "it", "es", "pl")
BATCH = 2_000  # rows per executemany (SQLite stays under its 32,766 parameters)

# --- Phrases: parallel lists, one entry per meaning, in the six UI languages ----------


def _parallel(**texts: list[str]) -> dict[str, list[str]]:
    if set(texts) != set(LANGS) or len({len(v) for v in texts.values()}) != 1:
        raise ValueError(f"phrase lists differ: { {k: len(v) for k, v in texts.items()} }")
    return texts


EVENT_FORMATS = _parallel(
    en=[
        "Neighbourhood meeting",
        "Citizens' assembly",
        "Workshop",
        "Open forum",
        "Study visit",
        "Online consultation",
        "Round table",
        "Summer school",
    ],
    fr=[
        "Réunion de quartier",
        "Assemblée citoyenne",
        "Atelier",
        "Forum ouvert",
        "Visite d'étude",
        "Consultation en ligne",
        "Table ronde",
        "Université d'été",
    ],
    de=[
        "Stadtteilversammlung",
        "Bürgerrat",
        "Werkstatt",
        "Offenes Forum",
        "Studienbesuch",
        "Online-Beteiligung",
        "Runder Tisch",
        "Sommerschule",
    ],
    it=[
        "Assemblea di quartiere",
        "Assemblea dei cittadini",
        "Laboratorio",
        "Forum aperto",
        "Visita di studio",
        "Consultazione online",
        "Tavola rotonda",
        "Scuola estiva",
    ],
    es=[
        "Reunión de barrio",
        "Asamblea ciudadana",
        "Taller",
        "Foro abierto",
        "Visita de estudio",
        "Consulta en línea",
        "Mesa redonda",
        "Escuela de verano",
    ],
    pl=[
        "Spotkanie dzielnicowe",
        "Panel obywatelski",
        "Warsztaty",
        "Otwarte forum",
        "Wizyta studyjna",
        "Konsultacje online",
        "Okrągły stół",
        "Szkoła letnia",
    ],
)
EVENT_TEXT = _parallel(
    en=[
        "Theme of the day: {topic}.",
        "Residents, city officials and civil society groups work together in small groups.",
        "Partner cities of the network present what they tried and what they learned.",
        "The conclusions are sent to the city council and published on this page.",
        "Interpretation is provided where announced; the venue is step-free.",
        "Registration is free; places are limited.",
        "Young people and first-time participants are especially welcome.",
    ],
    fr=[
        "Thème du jour : {topic}.",
        "Habitants, élus et associations travaillent ensemble en petits groupes.",
        "Des villes partenaires du réseau présentent ce qu'elles ont essayé et appris.",
        "Les conclusions sont transmises au conseil municipal et publiées sur cette page.",
        "Une interprétation est assurée lorsqu'elle est annoncée ; le lieu est de plain-pied.",
        "L'inscription est gratuite ; les places sont limitées.",
        "Les jeunes et celles et ceux qui participent pour la première fois sont bienvenus.",
    ],
    de=[
        "Thema des Tages: {topic}.",
        "Bürgerinnen und Bürger, Verwaltung und Zivilgesellschaft arbeiten in kleinen Gruppen.",
        "Partnerstädte des Netzwerks zeigen, was sie ausprobiert und gelernt haben.",
        "Die Ergebnisse gehen an den Stadtrat und werden auf dieser Seite veröffentlicht.",
        "Wo angekündigt, wird gedolmetscht; der Veranstaltungsort ist barrierefrei.",
        "Die Teilnahme ist kostenlos; die Plätze sind begrenzt.",
        "Junge Menschen und Erstteilnehmende sind besonders willkommen.",
    ],
    it=[
        "Tema del giorno: {topic}.",
        "Cittadini, amministratori e associazioni lavorano insieme in piccoli gruppi.",
        "Le città partner della rete presentano ciò che hanno sperimentato e imparato.",
        "Le conclusioni sono inviate al consiglio comunale e pubblicate su questa pagina.",
        "L'interpretariato è garantito dove annunciato; la sede è senza barriere.",
        "La partecipazione è gratuita; i posti sono limitati.",
        "I giovani e chi partecipa per la prima volta sono particolarmente benvenuti.",
    ],
    es=[
        "Tema del día: {topic}.",
        "Vecinos, responsables municipales y asociaciones trabajan juntos en pequeños grupos.",
        "Las ciudades socias de la red presentan lo que probaron y lo que aprendieron.",
        "Las conclusiones se envían al pleno municipal y se publican en esta página.",
        "Hay interpretación cuando se anuncia; el lugar es accesible.",
        "La inscripción es gratuita; las plazas son limitadas.",
        "Los jóvenes y quienes participan por primera vez son especialmente bienvenidos.",
    ],
    pl=[
        "Temat dnia: {topic}.",
        "Mieszkańcy, urzędnicy i organizacje społeczne pracują razem w małych grupach.",
        "Miasta partnerskie sieci pokazują, co wypróbowały i czego się nauczyły.",
        "Wnioski trafiają do rady miasta i są publikowane na tej stronie.",
        "Tam, gdzie zapowiedziano, zapewniamy tłumaczenie; miejsce jest dostępne bez barier.",
        "Udział jest bezpłatny; liczba miejsc jest ograniczona.",
        "Szczególnie zapraszamy młodzież i osoby biorące udział po raz pierwszy.",
    ],
)
VENUES = _parallel(
    en=["Town hall", "Public library", "Community centre", "University aula", "Youth house"],
    fr=[
        "Hôtel de ville",
        "Médiathèque",
        "Maison de quartier",
        "Amphithéâtre de l'université",
        "Maison des jeunes",
    ],
    de=["Rathaus", "Stadtbibliothek", "Bürgerzentrum", "Hörsaal der Universität", "Jugendhaus"],
    it=[
        "Municipio",
        "Biblioteca civica",
        "Casa di quartiere",
        "Aula magna dell'università",
        "Centro giovani",
    ],
    es=[
        "Ayuntamiento",
        "Biblioteca pública",
        "Centro cívico",
        "Aula magna de la universidad",
        "Casa de la juventud",
    ],
    pl=["Ratusz", "Biblioteka miejska", "Dom sąsiedzki", "Aula uniwersytetu", "Dom kultury"],
)
STREETS = {
    "en": "{n} Main Street",
    "fr": "{n} rue de la République",
    "de": "Hauptstraße {n}",
    "it": "Via Roma {n}",
    "es": "Calle Mayor {n}",
    "pl": "ul. Główna {n}",
}
AGENDA = _parallel(
    en=["Welcome and introduction", "Working groups", "What the partner cities tried", "Wrap-up"],
    fr=[
        "Accueil et introduction",
        "Groupes de travail",
        "Ce qu'ont essayé les villes partenaires",
        "Conclusions",
    ],
    de=[
        "Begrüßung und Einführung",
        "Arbeitsgruppen",
        "Was die Partnerstädte ausprobiert haben",
        "Ergebnisse",
    ],
    it=[
        "Accoglienza e introduzione",
        "Gruppi di lavoro",
        "Cosa hanno sperimentato le città partner",
        "Conclusioni",
    ],
    es=[
        "Bienvenida e introducción",
        "Grupos de trabajo",
        "Lo que probaron las ciudades socias",
        "Conclusiones",
    ],
    pl=[
        "Powitanie i wprowadzenie",
        "Praca w grupach",
        "Co wypróbowały miasta partnerskie",
        "Wnioski",
    ],
)
DEBATE_QUESTIONS = _parallel(
    en=[
        "what should Europe's cities do next?",
        "who should decide, the city or the EU?",
        "what works, and what does not?",
        "how do we include everyone?",
        "where should the money go?",
        "what can our city learn from the others?",
    ],
    fr=[
        "que doivent faire les villes européennes ?",
        "qui doit décider, la ville ou l'Union ?",
        "qu'est-ce qui marche, et qu'est-ce qui ne marche pas ?",
        "comment inclure tout le monde ?",
        "où l'argent doit-il aller ?",
        "que peut apprendre notre ville des autres ?",
    ],
    de=[
        "Was sollten Europas Städte als Nächstes tun?",
        "Wer soll entscheiden, die Stadt oder die EU?",
        "Was funktioniert, und was nicht?",
        "Wie beziehen wir alle ein?",
        "Wohin soll das Geld gehen?",
        "Was kann unsere Stadt von den anderen lernen?",
    ],
    it=[
        "cosa devono fare le città europee?",
        "chi deve decidere, la città o l'UE?",
        "cosa funziona e cosa no?",
        "come includere tutti?",
        "dove devono andare i fondi?",
        "cosa può imparare la nostra città dalle altre?",
    ],
    es=[
        "¿qué deben hacer las ciudades europeas?",
        "¿quién debe decidir, la ciudad o la UE?",
        "¿qué funciona y qué no?",
        "¿cómo incluimos a todo el mundo?",
        "¿adónde debe ir el dinero?",
        "¿qué puede aprender nuestra ciudad de las demás?",
    ],
    pl=[
        "co powinny zrobić europejskie miasta?",
        "kto powinien decydować: miasto czy UE?",
        "co działa, a co nie?",
        "jak włączyć wszystkich?",
        "na co powinny iść pieniądze?",
        "czego nasze miasto może nauczyć się od innych?",
    ],
)
DEBATE_TEXT = _parallel(
    en=[
        "This debate is open to everyone in the network's cities.",
        "Write in your own language: contributions are translated.",
        "Policymakers of the network answer the most supported contributions.",
        "The conclusions will be sent to the European Committee of the Regions.",
    ],
    fr=[
        "Ce débat est ouvert à tous les habitants des villes du réseau.",
        "Écrivez dans votre langue : les contributions sont traduites.",
        "Les élus du réseau répondent aux contributions les plus soutenues.",
        "Les conclusions seront transmises au Comité européen des régions.",
    ],
    de=[
        "Diese Debatte steht allen in den Städten des Netzwerks offen.",
        "Schreiben Sie in Ihrer Sprache: Beiträge werden übersetzt.",
        "Politikerinnen und Politiker des Netzwerks antworten auf die meistunterstützten Beiträge.",
        "Die Ergebnisse gehen an den Europäischen Ausschuss der Regionen.",
    ],
    it=[
        "Questo dibattito è aperto a tutti nelle città della rete.",
        "Scrivi nella tua lingua: i contributi vengono tradotti.",
        "I decisori della rete rispondono ai contributi più sostenuti.",
        "Le conclusioni saranno inviate al Comitato europeo delle regioni.",
    ],
    es=[
        "Este debate está abierto a todas las personas de las ciudades de la red.",
        "Escribe en tu idioma: las contribuciones se traducen.",
        "Los responsables políticos de la red responden a las contribuciones más apoyadas.",
        "Las conclusiones se enviarán al Comité Europeo de las Regiones.",
    ],
    pl=[
        "Debata jest otwarta dla wszystkich mieszkańców miast sieci.",
        "Pisz w swoim języku: wypowiedzi są tłumaczone.",
        "Politycy sieci odpowiadają na najbardziej popierane wypowiedzi.",
        "Wnioski zostaną przekazane Europejskiemu Komitetowi Regionów.",
    ],
)
OPINIONS = _parallel(
    en=[
        "Cities should have a direct say in how the money is spent.",
        "I am not convinced: more levels of decision mean more delays.",
        "In our neighbourhood the last project took four years to start.",
        "Publish every project and its budget as open data first.",
        "Young people are rarely asked, and they live with the results longest.",
        "This worked in another city, but can it work here?",
        "We need staff in the town halls, or the funds go back to Brussels.",
        "I agree, with clear rules for the smaller towns.",
        "Consulting people is not the same as letting them decide.",
        "Start small, measure, then scale up what works.",
        "Older residents need an option without a smartphone.",
        "The results should be checked by an independent body.",
        "Our district council already tried this in 2019, with good results.",
        "Please think of the people who work at night.",
        "Without public transport none of this will reach the suburbs.",
        "Transparency matters more than new committees.",
    ],
    fr=[
        "Les villes doivent avoir leur mot à dire sur l'utilisation de l'argent.",
        "Je ne suis pas convaincu : plus de niveaux de décision, c'est plus de délais.",
        "Dans notre quartier, le dernier projet a mis quatre ans à démarrer.",
        "Publions d'abord chaque projet et son budget en données ouvertes.",
        "On demande rarement l'avis des jeunes, qui vivront le plus longtemps avec les résultats.",
        "Cela a marché dans une autre ville, mais est-ce que ça peut marcher ici ?",
        "Il faut du personnel dans les mairies, sinon les fonds repartent à Bruxelles.",
        "D'accord, avec des règles claires pour les petites communes.",
        "Consulter les gens, ce n'est pas les laisser décider.",
        "Commençons petit, mesurons, puis étendons ce qui marche.",
        "Les personnes âgées ont besoin d'une solution sans smartphone.",
        "Les résultats devraient être vérifiés par un organisme indépendant.",
        "Notre conseil de quartier l'a déjà essayé en 2019, avec de bons résultats.",
        "Pensez aux personnes qui travaillent la nuit.",
        "Sans transports en commun, rien de tout cela n'atteindra la banlieue.",
        "La transparence compte plus que de nouveaux comités.",
    ],
    de=[
        "Die Städte sollten direkt mitentscheiden, wie das Geld ausgegeben wird.",
        "Ich bin nicht überzeugt: Mehr Entscheidungsebenen bedeuten mehr Verzögerungen.",
        "In unserem Viertel hat das letzte Projekt vier Jahre bis zum Start gebraucht.",
        "Zuerst jedes Projekt und sein Budget als offene Daten veröffentlichen.",
        "Junge Menschen werden selten gefragt, dabei leben sie am längsten mit den Folgen.",
        "In einer anderen Stadt hat das funktioniert, aber auch hier?",
        "Die Rathäuser brauchen Personal, sonst gehen die Mittel nach Brüssel zurück.",
        "Einverstanden, mit klaren Regeln für die kleineren Gemeinden.",
        "Menschen zu befragen heißt nicht, sie entscheiden zu lassen.",
        "Klein anfangen, messen und dann ausweiten, was funktioniert.",
        "Ältere Menschen brauchen eine Möglichkeit ohne Smartphone.",
        "Die Ergebnisse sollte eine unabhängige Stelle prüfen.",
        "Unser Bezirksbeirat hat das schon 2019 versucht, mit guten Ergebnissen.",
        "Bitte denken Sie an die Menschen, die nachts arbeiten.",
        "Ohne öffentlichen Verkehr erreicht nichts davon die Vororte.",
        "Transparenz ist wichtiger als neue Gremien.",
    ],
    it=[
        "Le città devono poter decidere direttamente come si spendono i fondi.",
        "Non sono convinto: più livelli decisionali significano più ritardi.",
        "Nel nostro quartiere l'ultimo progetto ha impiegato quattro anni a partire.",
        "Pubblichiamo prima ogni progetto e il suo bilancio come dati aperti.",
        "I giovani vengono consultati di rado, eppure vivranno più a lungo con i risultati.",
        "Ha funzionato in un'altra città, ma può funzionare anche qui?",
        "Servono tecnici nei comuni, altrimenti i fondi tornano a Bruxelles.",
        "Sono d'accordo, con regole chiare per i comuni più piccoli.",
        "Consultare le persone non significa lasciarle decidere.",
        "Partire in piccolo, misurare e poi estendere ciò che funziona.",
        "Gli anziani hanno bisogno di un'alternativa senza smartphone.",
        "I risultati dovrebbero essere verificati da un ente indipendente.",
        "Il nostro consiglio di quartiere ci ha già provato nel 2019, con buoni risultati.",
        "Pensate a chi lavora di notte.",
        "Senza trasporto pubblico niente di tutto questo arriverà in periferia.",
        "La trasparenza conta più di nuovi comitati.",
    ],
    es=[
        "Las ciudades deberían decidir directamente cómo se gasta el dinero.",
        "No estoy convencida: más niveles de decisión significan más retrasos.",
        "En nuestro barrio el último proyecto tardó cuatro años en empezar.",
        "Publiquemos primero cada proyecto y su presupuesto como datos abiertos.",
        "A los jóvenes casi nunca se les pregunta, y son quienes más vivirán con los resultados.",
        "Funcionó en otra ciudad, pero ¿puede funcionar aquí?",
        "Hace falta personal en los ayuntamientos, o los fondos vuelven a Bruselas.",
        "De acuerdo, con reglas claras para los municipios pequeños.",
        "Consultar no es lo mismo que dejar decidir.",
        "Empecemos en pequeño, midamos y ampliemos lo que funcione.",
        "Las personas mayores necesitan una opción sin teléfono móvil.",
        "Un organismo independiente debería comprobar los resultados.",
        "Nuestra junta de distrito ya lo intentó en 2019, con buenos resultados.",
        "Pensad en las personas que trabajan de noche.",
        "Sin transporte público nada de esto llegará a la periferia.",
        "La transparencia importa más que nuevos comités.",
    ],
    pl=[
        "Miasta powinny bezpośrednio decydować, na co idą pieniądze.",
        "Nie jestem przekonany: więcej szczebli decyzji to więcej opóźnień.",
        "W naszej dzielnicy ostatni projekt ruszył dopiero po czterech latach.",
        "Najpierw opublikujmy każdy projekt i jego budżet jako otwarte dane.",
        "Młodzieży rzadko się pyta, a to ona najdłużej będzie żyć z wynikami.",
        "To zadziałało w innym mieście, ale czy zadziała u nas?",
        "Urzędy potrzebują ludzi, inaczej fundusze wrócą do Brukseli.",
        "Zgadzam się, pod warunkiem jasnych zasad dla mniejszych gmin.",
        "Konsultowanie to nie to samo co oddanie decyzji mieszkańcom.",
        "Zacznijmy od małej skali, zmierzmy efekty i rozszerzmy to, co działa.",
        "Starsi mieszkańcy potrzebują możliwości bez smartfona.",
        "Wyniki powinien sprawdzić niezależny organ.",
        "Nasza rada dzielnicy próbowała tego już w 2019 roku, z dobrymi wynikami.",
        "Pomyślcie o osobach, które pracują w nocy.",
        "Bez transportu publicznego nic z tego nie dotrze na przedmieścia.",
        "Przejrzystość jest ważniejsza niż nowe komisje.",
    ],
)
OFFICIAL = _parallel(
    en=[
        "Thank you for these contributions.",
        "The city council will discuss the proposals at its next session.",
        "We will publish our answer and the timetable on this page.",
    ],
    fr=[
        "Merci pour ces contributions.",
        "Le conseil municipal examinera les propositions lors de sa prochaine séance.",
        "Nous publierons notre réponse et le calendrier sur cette page.",
    ],
    de=[
        "Vielen Dank für diese Beiträge.",
        "Der Stadtrat wird die Vorschläge in seiner nächsten Sitzung beraten.",
        "Wir veröffentlichen unsere Antwort und den Zeitplan auf dieser Seite.",
    ],
    it=[
        "Grazie per questi contributi.",
        "Il consiglio comunale discuterà le proposte nella prossima seduta.",
        "Pubblicheremo la nostra risposta e il calendario su questa pagina.",
    ],
    es=[
        "Gracias por estas contribuciones.",
        "El pleno municipal debatirá las propuestas en su próxima sesión.",
        "Publicaremos nuestra respuesta y el calendario en esta página.",
    ],
    pl=[
        "Dziękujemy za te wypowiedzi.",
        "Rada miasta omówi propozycje na najbliższej sesji.",
        "Odpowiedź i harmonogram opublikujemy na tej stronie.",
    ],
)
STANCES = _parallel(
    en=[
        "the city should spend more on it",
        "a citizens' assembly should decide on it",
        "it matters more than new roads",
        "the current plan goes too far",
        "the current plan does not go far enough",
        "the EU should fund it directly",
        "it should start in the poorest districts",
        "residents should vote on every project",
        "a tourist tax should pay for it",
        "it works better at metropolitan level",
        "young people should lead it",
        "it can wait a few years",
    ],
    fr=[
        "la ville devrait y consacrer plus d'argent",
        "une assemblée citoyenne devrait en décider",
        "c'est plus important que de nouvelles routes",
        "le plan actuel va trop loin",
        "le plan actuel ne va pas assez loin",
        "l'UE devrait le financer directement",
        "il faut commencer par les quartiers les plus pauvres",
        "les habitants devraient voter sur chaque projet",
        "une taxe de séjour devrait le financer",
        "cela marche mieux à l'échelle de la métropole",
        "les jeunes devraient le piloter",
        "cela peut attendre quelques années",
    ],
    de=[
        "die Stadt sollte mehr Geld dafür ausgeben",
        "ein Bürgerrat sollte darüber entscheiden",
        "das ist wichtiger als neue Straßen",
        "der aktuelle Plan geht zu weit",
        "der aktuelle Plan geht nicht weit genug",
        "die EU sollte es direkt fördern",
        "es sollte in den ärmsten Vierteln beginnen",
        "die Bewohner sollten über jedes Projekt abstimmen",
        "eine Touristenabgabe sollte es bezahlen",
        "es funktioniert besser auf Ebene der Metropolregion",
        "junge Menschen sollten es leiten",
        "es kann ein paar Jahre warten",
    ],
    it=[
        "la città dovrebbe spenderci di più",
        "dovrebbe deciderlo un'assemblea dei cittadini",
        "conta più di nuove strade",
        "il piano attuale va troppo oltre",
        "il piano attuale non va abbastanza lontano",
        "l'UE dovrebbe finanziarlo direttamente",
        "bisogna cominciare dai quartieri più poveri",
        "i residenti dovrebbero votare ogni progetto",
        "dovrebbe pagarlo una tassa di soggiorno",
        "funziona meglio a livello metropolitano",
        "dovrebbero guidarlo i giovani",
        "può aspettare qualche anno",
    ],
    es=[
        "la ciudad debería invertir más en ello",
        "debería decidirlo una asamblea ciudadana",
        "importa más que nuevas carreteras",
        "el plan actual va demasiado lejos",
        "el plan actual se queda corto",
        "la UE debería financiarlo directamente",
        "debería empezar por los barrios más pobres",
        "los vecinos deberían votar cada proyecto",
        "debería pagarlo una tasa turística",
        "funciona mejor a escala metropolitana",
        "deberían liderarlo los jóvenes",
        "puede esperar unos años",
    ],
    pl=[
        "miasto powinno wydawać na to więcej",
        "powinien o tym zdecydować panel obywatelski",
        "to ważniejsze niż nowe drogi",
        "obecny plan idzie za daleko",
        "obecny plan nie idzie wystarczająco daleko",
        "UE powinna finansować to bezpośrednio",
        "trzeba zacząć od najbiedniejszych dzielnic",
        "mieszkańcy powinni głosować nad każdym projektem",
        "powinna za to zapłacić opłata turystyczna",
        "lepiej działa na poziomie metropolii",
        "młodzież powinna tym kierować",
        "to może poczekać kilka lat",
    ],
)
MAP_QUESTIONS = _parallel(
    en=["{place} 2030: what should change first?", "{place}: where do we agree?"],
    fr=[
        "{place} 2030 : que faut-il changer en premier ?",
        "{place} : sur quoi sommes-nous d'accord ?",
    ],
    de=["{place} 2030: Was sollte sich zuerst ändern?", "{place}: Worin sind wir uns einig?"],
    it=["{place} 2030: cosa cambiare per primo?", "{place}: su cosa siamo d'accordo?"],
    es=["{place} 2030: ¿qué cambiar primero?", "{place}: ¿en qué estamos de acuerdo?"],
    pl=["{place} 2030: co zmienić w pierwszej kolejności?", "{place}: w czym się zgadzamy?"],
)
MAP_TEXT = _parallel(
    en=["Vote on short statements: agree, disagree or pass. Add your own if something is missing."],
    fr=["Votez sur de courtes affirmations : d'accord, pas d'accord ou passer. Ajoutez la vôtre."],
    de=["Stimmen Sie über kurze Aussagen ab: Zustimmung, Ablehnung oder Weiter. Ergänzen Sie."],
    it=["Vota brevi affermazioni: d'accordo, in disaccordo o passa. Aggiungi la tua."],
    es=["Vota afirmaciones breves: de acuerdo, en desacuerdo o pasar. Añade la tuya."],
    pl=["Głosuj nad krótkimi stwierdzeniami: zgoda, brak zgody lub pomiń. Dodaj własne."],
)
PROPOSAL_TITLES = _parallel(
    en=[
        "Plant trees along the avenue",
        "A protected cycle lane",
        "A community garden",
        "Benches and shade on the square",
        "Better street lighting",
        "A playground for all ages",
        "Drinking fountains",
        "A covered bicycle park",
        "A school street closed to cars",
        "A repair café",
        "Solar panels on the school roof",
        "A skate park",
        "Wider pavements",
        "A dog park",
        "Free wifi in the library",
        "A weekly farmers' market",
    ],
    fr=[
        "Planter des arbres le long de l'avenue",
        "Une piste cyclable protégée",
        "Un jardin partagé",
        "Des bancs et de l'ombre sur la place",
        "Un meilleur éclairage des rues",
        "Une aire de jeux pour tous les âges",
        "Des fontaines à boire",
        "Un abri à vélos couvert",
        "Une rue scolaire fermée aux voitures",
        "Un repair café",
        "Des panneaux solaires sur le toit de l'école",
        "Un skatepark",
        "Des trottoirs plus larges",
        "Un parc canin",
        "Le wifi gratuit à la médiathèque",
        "Un marché de producteurs hebdomadaire",
    ],
    de=[
        "Bäume entlang der Allee pflanzen",
        "Ein geschützter Radweg",
        "Ein Gemeinschaftsgarten",
        "Bänke und Schatten auf dem Platz",
        "Bessere Straßenbeleuchtung",
        "Ein Spielplatz für alle Generationen",
        "Trinkbrunnen",
        "Überdachte Fahrradstellplätze",
        "Eine autofreie Schulstraße",
        "Ein Repair-Café",
        "Solaranlage auf dem Schuldach",
        "Ein Skatepark",
        "Breitere Gehwege",
        "Eine Hundewiese",
        "Kostenloses WLAN in der Bibliothek",
        "Ein wöchentlicher Bauernmarkt",
    ],
    it=[
        "Piantare alberi lungo il viale",
        "Una pista ciclabile protetta",
        "Un orto condiviso",
        "Panchine e ombra in piazza",
        "Un'illuminazione stradale migliore",
        "Un parco giochi per tutte le età",
        "Fontanelle di acqua potabile",
        "Un parcheggio coperto per biciclette",
        "Una strada scolastica chiusa alle auto",
        "Un repair café",
        "Pannelli solari sul tetto della scuola",
        "Uno skatepark",
        "Marciapiedi più larghi",
        "Un'area cani",
        "Wifi gratuito in biblioteca",
        "Un mercato contadino settimanale",
    ],
    es=[
        "Plantar árboles a lo largo de la avenida",
        "Un carril bici protegido",
        "Un huerto comunitario",
        "Bancos y sombra en la plaza",
        "Mejor alumbrado público",
        "Un parque infantil para todas las edades",
        "Fuentes de agua potable",
        "Un aparcamiento cubierto para bicicletas",
        "Una calle escolar sin coches",
        "Un repair café",
        "Placas solares en el tejado del colegio",
        "Un skatepark",
        "Aceras más anchas",
        "Un parque para perros",
        "Wifi gratis en la biblioteca",
        "Un mercado semanal de productores",
    ],
    pl=[
        "Posadzić drzewa wzdłuż alei",
        "Chroniona droga rowerowa",
        "Ogród społeczny",
        "Ławki i cień na placu",
        "Lepsze oświetlenie ulic",
        "Plac zabaw dla wszystkich pokoleń",
        "Poidełka z wodą pitną",
        "Zadaszony parking rowerowy",
        "Ulica szkolna bez samochodów",
        "Kawiarenka naprawcza",
        "Panele słoneczne na dachu szkoły",
        "Skatepark",
        "Szersze chodniki",
        "Wybieg dla psów",
        "Darmowe wifi w bibliotece",
        "Cotygodniowy targ rolników",
    ],
)
PROPOSAL_TEXT = _parallel(
    en=[
        "Many families cross this place every day.",
        "In summer there is no shade at all.",
        "Children walk to school along a busy road.",
        "Neighbours have offered to look after it.",
        "It would cost little compared with its use.",
        "Shops nearby support the idea.",
        "Older residents have asked for it for years.",
        "The space is empty most of the week.",
    ],
    fr=[
        "Beaucoup de familles passent ici chaque jour.",
        "En été, il n'y a aucune ombre.",
        "Les enfants vont à l'école le long d'une route très fréquentée.",
        "Des voisins se proposent de s'en occuper.",
        "Cela coûterait peu par rapport à l'usage.",
        "Les commerces voisins soutiennent l'idée.",
        "Les habitants âgés le demandent depuis des années.",
        "L'espace est vide la plupart de la semaine.",
    ],
    de=[
        "Viele Familien kommen hier jeden Tag vorbei.",
        "Im Sommer gibt es überhaupt keinen Schatten.",
        "Kinder gehen an einer belebten Straße entlang zur Schule.",
        "Nachbarn haben angeboten, sich darum zu kümmern.",
        "Es würde wenig kosten, gemessen an der Nutzung.",
        "Die Geschäfte in der Nähe unterstützen die Idee.",
        "Ältere Bewohner wünschen sich das seit Jahren.",
        "Der Platz ist die meiste Zeit der Woche leer.",
    ],
    it=[
        "Molte famiglie passano di qui ogni giorno.",
        "D'estate non c'è ombra.",
        "I bambini vanno a scuola lungo una strada trafficata.",
        "Alcuni vicini si sono offerti di occuparsene.",
        "Costerebbe poco rispetto all'uso.",
        "I negozi vicini sostengono l'idea.",
        "Gli anziani lo chiedono da anni.",
        "Lo spazio è vuoto per gran parte della settimana.",
    ],
    es=[
        "Muchas familias pasan por aquí cada día.",
        "En verano no hay nada de sombra.",
        "Los niños van al colegio por una calle con mucho tráfico.",
        "Algunos vecinos se han ofrecido a cuidarlo.",
        "Costaría poco en comparación con su uso.",
        "Los comercios cercanos apoyan la idea.",
        "Las personas mayores lo piden desde hace años.",
        "El espacio está vacío la mayor parte de la semana.",
    ],
    pl=[
        "Codziennie przechodzi tędy wiele rodzin.",
        "Latem nie ma tu w ogóle cienia.",
        "Dzieci idą do szkoły wzdłuż ruchliwej ulicy.",
        "Sąsiedzi zaoferowali, że będą o to dbać.",
        "Kosztowałoby to niewiele w porównaniu z korzyściami.",
        "Pobliskie sklepy popierają pomysł.",
        "Starsi mieszkańcy proszą o to od lat.",
        "Przez większą część tygodnia to miejsce stoi puste.",
    ],
)
ANSWERS = _parallel(
    en=[
        "Feasible within the budget: the city's services will cost it precisely.",
        "Already planned by the city: it does not need the participatory budget.",
    ],
    fr=[
        "Réalisable dans le budget : les services de la ville vont le chiffrer précisément.",
        "Déjà prévu par la ville : pas besoin du budget participatif.",
    ],
    de=[
        "Im Rahmen des Budgets machbar: Die Fachämter berechnen die Kosten genau.",
        "Bereits von der Stadt geplant: Dafür braucht es den Bürgerhaushalt nicht.",
    ],
    it=[
        "Realizzabile nel bilancio: gli uffici comunali ne stimeranno il costo.",
        "Già previsto dal comune: non serve il bilancio partecipativo.",
    ],
    es=[
        "Viable dentro del presupuesto: los servicios municipales calcularán el coste.",
        "Ya previsto por el ayuntamiento: no necesita el presupuesto participativo.",
    ],
    pl=[
        "Wykonalne w ramach budżetu: służby miejskie dokładnie oszacują koszt.",
        "Już zaplanowane przez miasto: nie wymaga budżetu obywatelskiego.",
    ],
)
PROCESS_TEXT = _parallel(
    en=[
        "Participatory budget {city} {year}",
        "Budget {year}",
        "Residents propose projects for their district and support the ones they like.",
        "The city studies the most supported proposals, then everyone votes on the final list.",
    ],
    fr=[
        "Budget participatif {city} {year}",
        "Budget {year}",
        "Les habitants proposent des projets pour leur quartier et soutiennent leurs préférés.",
        "La ville étudie les propositions les plus soutenues, puis chacun vote la liste finale.",
    ],
    de=[
        "Bürgerhaushalt {city} {year}",
        "Budget {year}",
        "Die Bewohner schlagen Projekte für ihr Viertel vor und unterstützen die, die sie mögen.",
        "Die Stadt prüft die meistunterstützten Vorschläge, dann stimmen alle über die Liste ab.",
    ],
    it=[
        "Bilancio partecipativo {city} {year}",
        "Bilancio {year}",
        "I residenti propongono progetti per il quartiere e sostengono quelli che preferiscono.",
        "Il comune esamina le proposte più sostenute, poi tutti votano la lista finale.",
    ],
    es=[
        "Presupuestos participativos {city} {year}",
        "Presupuesto {year}",
        "Los vecinos proponen proyectos para su barrio y apoyan los que prefieren.",
        "El ayuntamiento estudia las propuestas más apoyadas y después todos votan la lista final.",
    ],
    pl=[
        "Budżet obywatelski {city} {year}",
        "Budżet {year}",
        "Mieszkańcy zgłaszają projekty dla swojej dzielnicy i popierają te, które im się podobają.",
        "Miasto analizuje najczęściej popierane propozycje, a potem wszyscy głosują nad listą.",
    ],
)
DISTRICTS = _parallel(
    en=["Centre", "North", "South", "East", "West", "Riverside", "Old Town", "Station"],
    fr=["Centre", "Nord", "Sud", "Est", "Ouest", "Bords de rivière", "Vieille ville", "Gare"],
    de=["Mitte", "Nord", "Süd", "Ost", "West", "Flussufer", "Altstadt", "Bahnhof"],
    it=["Centro", "Nord", "Sud", "Est", "Ovest", "Lungofiume", "Centro storico", "Stazione"],
    es=["Centro", "Norte", "Sur", "Este", "Oeste", "Ribera", "Casco antiguo", "Estación"],
    pl=[
        "Śródmieście",
        "Północ",
        "Południe",
        "Wschód",
        "Zachód",
        "Nadbrzeże",
        "Stare Miasto",
        "Dworzec",
    ],
)
PRACTICE_KINDS = _parallel(
    en=[
        "a district pilot",
        "a city-wide programme",
        "a co-design lab",
        "a one-stop shop",
        "a citizens' panel",
        "an open data portal",
        "a neighbourhood fund",
        "a schools programme",
    ],
    fr=[
        "un pilote de quartier",
        "un programme pour toute la ville",
        "un laboratoire de co-conception",
        "un guichet unique",
        "un panel citoyen",
        "un portail de données ouvertes",
        "un fonds de quartier",
        "un programme pour les écoles",
    ],
    de=[
        "ein Pilotprojekt im Stadtteil",
        "ein stadtweites Programm",
        "ein Ko-Design-Labor",
        "eine zentrale Anlaufstelle",
        "ein Bürgerpanel",
        "ein Open-Data-Portal",
        "ein Quartiersfonds",
        "ein Schulprogramm",
    ],
    it=[
        "un progetto pilota di quartiere",
        "un programma cittadino",
        "un laboratorio di co-progettazione",
        "uno sportello unico",
        "un panel di cittadini",
        "un portale di dati aperti",
        "un fondo di quartiere",
        "un programma per le scuole",
    ],
    es=[
        "un piloto de barrio",
        "un programa para toda la ciudad",
        "un laboratorio de codiseño",
        "una ventanilla única",
        "un panel ciudadano",
        "un portal de datos abiertos",
        "un fondo de barrio",
        "un programa para las escuelas",
    ],
    pl=[
        "pilotaż w dzielnicy",
        "program ogólnomiejski",
        "laboratorium współprojektowania",
        "punkt kompleksowej obsługi",
        "panel obywatelski",
        "portal otwartych danych",
        "fundusz dzielnicowy",
        "program dla szkół",
    ],
)
# Practice sections: three sentences each, in the order of SECTIONS.
SECTIONS = ("summary", "challenge", "actions", "results", "success_factors", "transfer_conditions")
PRACTICE_TEXT = _parallel(
    en=[
        "The city tested a new way of involving residents.",
        "It started in one district and now covers the whole city.",
        "Other cities of the network have asked to adopt it.",
        "Few residents took part in decisions, and mostly the same people.",
        "Services worked in silos and did not share data.",
        "Trust in local institutions was low after several failed projects.",
        "A small team went out to meet people where they are.",
        "The city set aside a fixed share of its budget.",
        "Residents and staff designed the service together in workshops.",
        "Participation rose from {a}% to {b}% in two years.",
        "{n} projects were carried out with residents.",
        "Satisfaction with the service reached {b}%.",
        "Political support from the mayor from the start.",
        "A clear budget and a published timetable.",
        "Working with neighbourhood associations.",
        "A dedicated team of two or three people.",
        "A budget line voted by the council.",
        "Partners in the neighbourhoods.",
    ],
    fr=[
        "La ville a testé une nouvelle façon d'associer les habitants.",
        "Lancé dans un quartier, le dispositif couvre aujourd'hui toute la ville.",
        "D'autres villes du réseau ont demandé à l'adopter.",
        "Peu d'habitants participaient aux décisions, et toujours les mêmes.",
        "Les services travaillaient en silos et ne partageaient pas leurs données.",
        "La confiance dans les institutions locales était faible après plusieurs échecs.",
        "Une petite équipe est allée à la rencontre des habitants là où ils sont.",
        "La ville a réservé une part fixe de son budget.",
        "Habitants et agents ont conçu le service ensemble lors d'ateliers.",
        "La participation est passée de {a} % à {b} % en deux ans.",
        "{n} projets ont été réalisés avec les habitants.",
        "La satisfaction à l'égard du service a atteint {b} %.",
        "Le soutien politique du maire dès le départ.",
        "Un budget clair et un calendrier publié.",
        "Le travail avec les associations de quartier.",
        "Une équipe dédiée de deux ou trois personnes.",
        "Une ligne budgétaire votée par le conseil.",
        "Des partenaires dans les quartiers.",
    ],
    de=[
        "Die Stadt hat einen neuen Weg erprobt, die Bewohner einzubeziehen.",
        "Begonnen hat es in einem Stadtteil, heute umfasst es die ganze Stadt.",
        "Andere Städte des Netzwerks möchten es übernehmen.",
        "Nur wenige beteiligten sich an Entscheidungen, meist dieselben Personen.",
        "Die Ämter arbeiteten getrennt und teilten keine Daten.",
        "Nach mehreren gescheiterten Projekten war das Vertrauen in die Verwaltung gering.",
        "Ein kleines Team ging dorthin, wo die Menschen sind.",
        "Die Stadt hat einen festen Anteil ihres Haushalts reserviert.",
        "Bewohner und Verwaltung haben den Dienst gemeinsam in Werkstätten entworfen.",
        "Die Beteiligung stieg in zwei Jahren von {a} % auf {b} %.",
        "{n} Projekte wurden mit den Bewohnern umgesetzt.",
        "Die Zufriedenheit mit dem Angebot erreichte {b} %.",
        "Politische Unterstützung durch die Bürgermeisterin von Anfang an.",
        "Ein klares Budget und ein veröffentlichter Zeitplan.",
        "Die Zusammenarbeit mit Stadtteilvereinen.",
        "Ein eigenes Team aus zwei oder drei Personen.",
        "Eine vom Stadtrat beschlossene Haushaltslinie.",
        "Partner in den Stadtteilen.",
    ],
    it=[
        "Il comune ha sperimentato un nuovo modo di coinvolgere i residenti.",
        "È partito in un quartiere e oggi copre tutta la città.",
        "Altre città della rete hanno chiesto di adottarlo.",
        "Pochi residenti partecipavano alle decisioni, e sempre gli stessi.",
        "Gli uffici lavoravano a compartimenti stagni e non condividevano i dati.",
        "La fiducia nelle istituzioni locali era bassa dopo diversi progetti falliti.",
        "Una piccola squadra è andata a incontrare le persone dove vivono.",
        "Il comune ha riservato una quota fissa del bilancio.",
        "Residenti e personale hanno progettato il servizio insieme in laboratori.",
        "La partecipazione è passata dal {a}% al {b}% in due anni.",
        "{n} progetti sono stati realizzati con i residenti.",
        "La soddisfazione per il servizio ha raggiunto il {b}%.",
        "Il sostegno politico del sindaco fin dall'inizio.",
        "Un bilancio chiaro e un calendario pubblicato.",
        "La collaborazione con le associazioni di quartiere.",
        "Una squadra dedicata di due o tre persone.",
        "Una voce di bilancio approvata dal consiglio.",
        "Partner nei quartieri.",
    ],
    es=[
        "La ciudad probó una nueva forma de implicar a los vecinos.",
        "Empezó en un barrio y hoy abarca toda la ciudad.",
        "Otras ciudades de la red han pedido adoptarlo.",
        "Pocos vecinos participaban en las decisiones, y casi siempre los mismos.",
        "Los servicios trabajaban aislados y no compartían datos.",
        "La confianza en las instituciones locales era baja tras varios proyectos fallidos.",
        "Un pequeño equipo salió a encontrarse con la gente donde está.",
        "La ciudad reservó una parte fija de su presupuesto.",
        "Vecinos y personal municipal diseñaron el servicio juntos en talleres.",
        "La participación pasó del {a} % al {b} % en dos años.",
        "Se realizaron {n} proyectos con los vecinos.",
        "La satisfacción con el servicio alcanzó el {b} %.",
        "El apoyo político de la alcaldía desde el principio.",
        "Un presupuesto claro y un calendario publicado.",
        "El trabajo con las asociaciones vecinales.",
        "Un equipo dedicado de dos o tres personas.",
        "Una partida presupuestaria aprobada por el pleno.",
        "Socios en los barrios.",
    ],
    pl=[
        "Miasto wypróbowało nowy sposób angażowania mieszkańców.",
        "Zaczęło się w jednej dzielnicy, a dziś obejmuje całe miasto.",
        "Inne miasta sieci poprosiły o możliwość przejęcia rozwiązania.",
        "Niewielu mieszkańców brało udział w decyzjach, zwykle ci sami.",
        "Wydziały pracowały osobno i nie dzieliły się danymi.",
        "Po kilku nieudanych projektach zaufanie do instytucji było niskie.",
        "Mały zespół wyszedł do ludzi tam, gdzie są.",
        "Miasto zarezerwowało stałą część budżetu.",
        "Mieszkańcy i urzędnicy zaprojektowali usługę razem na warsztatach.",
        "Udział wzrósł w dwa lata z {a}% do {b}%.",
        "Z mieszkańcami zrealizowano {n} projektów.",
        "Zadowolenie z usługi osiągnęło {b}%.",
        "Poparcie polityczne prezydenta miasta od samego początku.",
        "Jasny budżet i opublikowany harmonogram.",
        "Współpraca ze stowarzyszeniami dzielnicowymi.",
        "Dedykowany zespół dwóch lub trzech osób.",
        "Pozycja w budżecie przyjęta przez radę.",
        "Partnerzy w dzielnicach.",
    ],
)
INDICATORS = _parallel(
    en=["Participation rate", "Projects carried out", "Residents reached", "Satisfaction"],
    fr=["Taux de participation", "Projets réalisés", "Habitants touchés", "Satisfaction"],
    de=["Beteiligungsquote", "Umgesetzte Projekte", "Erreichte Bewohner", "Zufriedenheit"],
    it=["Tasso di partecipazione", "Progetti realizzati", "Residenti raggiunti", "Soddisfazione"],
    es=["Tasa de participación", "Proyectos realizados", "Vecinos alcanzados", "Satisfacción"],
    pl=["Frekwencja", "Zrealizowane projekty", "Objęci mieszkańcy", "Zadowolenie"],
)
INDICATOR_UNITS = ["%", "", "", "%"]
TITLES = _parallel(
    en=["City councillor", "Head of participation"],
    fr=["Conseillère municipale", "Responsable de la participation"],
    de=["Stadträtin", "Leiter der Bürgerbeteiligung"],
    it=["Consigliera comunale", "Responsabile della partecipazione"],
    es=["Concejala", "Responsable de participación"],
    pl=["Radna miasta", "Kierownik ds. partycypacji"],
)
CITY_TEXT = _parallel(
    en=["{city} joined the network in {year} to open its decisions to residents."],
    fr=["{city} a rejoint le réseau en {year} pour ouvrir ses décisions aux habitants."],
    de=["{city} ist {year} dem Netzwerk beigetreten, um die Bewohner mitentscheiden zu lassen."],
    it=["{city} è entrata nella rete nel {year} per aprire le sue decisioni ai residenti."],
    es=["{city} se unió a la red en {year} para abrir sus decisiones a los vecinos."],
    pl=["{city} dołączyło do sieci w {year} roku, aby otworzyć swoje decyzje na mieszkańców."],
)

# --- Places and people -----------------------------------------------------------------

# slug, English name, local name, country, region, population, latitude, longitude
CITIES: list[tuple[str, str, str, str, str, int, float, float]] = [
    ("vienna", "Vienna", "Wien", "AT", "west", 2_900_000, 48.2082, 16.3738),
    ("marseille", "Marseille", "Marseille", "FR", "south", 1_900_000, 43.2965, 5.3698),
    ("berlin", "Berlin", "Berlin", "DE", "west", 4_500_000, 52.5200, 13.4050),
    ("rome", "Rome", "Roma", "IT", "south", 4_300_000, 41.9028, 12.4964),
    ("madrid", "Madrid", "Madrid", "ES", "south", 6_700_000, 40.4168, -3.7038),
    ("krakow", "Kraków", "Kraków", "PL", "east", 1_500_000, 50.0647, 19.9450),
    ("porto", "Porto", "Porto", "PT", "south", 1_700_000, 41.1579, -8.6291),
    ("rotterdam", "Rotterdam", "Rotterdam", "NL", "west", 1_400_000, 51.9244, 4.4777),
    ("ljubljana", "Ljubljana", "Ljubljana", "SI", "east", 540_000, 46.0569, 14.5058),
    ("riga", "Riga", "Rīga", "LV", "north", 860_000, 56.9496, 24.1052),
    ("toulouse", "Toulouse", "Toulouse", "FR", "west", 1_400_000, 43.6047, 1.4442),
    ("munich", "Munich", "München", "DE", "west", 2_900_000, 48.1351, 11.5820),
    ("turin", "Turin", "Torino", "IT", "south", 2_200_000, 45.0703, 7.6869),
    ("valencia", "Valencia", "València", "ES", "south", 1_600_000, 39.4699, -0.3763),
    ("wroclaw", "Wrocław", "Wrocław", "PL", "east", 1_200_000, 51.1079, 17.0385),
    ("antwerp", "Antwerp", "Antwerpen", "BE", "west", 1_100_000, 51.2194, 4.4025),
    ("zagreb", "Zagreb", "Zagreb", "HR", "east", 1_100_000, 45.8150, 15.9819),
    ("vilnius", "Vilnius", "Vilnius", "LT", "north", 810_000, 54.6872, 25.2797),
    ("gothenburg", "Gothenburg", "Göteborg", "SE", "north", 1_100_000, 57.7089, 11.9746),
    ("bucharest", "Bucharest", "București", "RO", "east", 2_300_000, 44.4268, 26.1025),
    ("nantes", "Nantes", "Nantes", "FR", "west", 980_000, 47.2184, -1.5536),
    ("cologne", "Cologne", "Köln", "DE", "west", 2_100_000, 50.9375, 6.9603),
    ("naples", "Naples", "Napoli", "IT", "south", 3_100_000, 40.8518, 14.2681),
    ("seville", "Seville", "Sevilla", "ES", "south", 1_500_000, 37.3891, -5.9845),
    ("poznan", "Poznań", "Poznań", "PL", "east", 1_000_000, 52.4064, 16.9252),
    ("bratislava", "Bratislava", "Bratislava", "SK", "east", 730_000, 48.1486, 17.1077),
    ("sofia", "Sofia", "София", "BG", "east", 1_700_000, 42.6977, 23.3219),
    ("aarhus", "Aarhus", "Aarhus", "DK", "north", 360_000, 56.1629, 10.2039),
    ("tampere", "Tampere", "Tampere", "FI", "north", 420_000, 61.4978, 23.7610),
    ("cork", "Cork", "Corcaigh", "IE", "west", 310_000, 51.8985, -8.4756),
    ("bordeaux", "Bordeaux", "Bordeaux", "FR", "west", 1_000_000, 44.8378, -0.5792),
    ("frankfurt", "Frankfurt", "Frankfurt am Main", "DE", "west", 2_300_000, 50.1109, 8.6821),
    ("bologna", "Bologna", "Bologna", "IT", "south", 1_000_000, 44.4949, 11.3426),
    ("bilbao", "Bilbao", "Bilbao", "ES", "south", 1_000_000, 43.2630, -2.9350),
    ("lodz", "Łódź", "Łódź", "PL", "east", 1_100_000, 51.7592, 19.4560),
    ("ghent", "Ghent", "Gent", "BE", "west", 560_000, 51.0543, 3.7174),
    ("thessaloniki", "Thessaloniki", "Θεσσαλονίκη", "GR", "south", 1_000_000, 40.6401, 22.9444),
    ("brno", "Brno", "Brno", "CZ", "east", 700_000, 49.1951, 16.6068),
    ("utrecht", "Utrecht", "Utrecht", "NL", "west", 900_000, 52.0907, 5.1214),
    ("malmo", "Malmö", "Malmö", "SE", "north", 740_000, 55.6050, 13.0038),
    ("lille", "Lille", "Lille", "FR", "west", 1_200_000, 50.6292, 3.0573),
    ("stuttgart", "Stuttgart", "Stuttgart", "DE", "west", 2_800_000, 48.7758, 9.1829),
    ("florence", "Florence", "Firenze", "IT", "south", 1_000_000, 43.7696, 11.2558),
    ("malaga", "Málaga", "Málaga", "ES", "south", 1_000_000, 36.7213, -4.4214),
    ("cluj-napoca", "Cluj-Napoca", "Cluj-Napoca", "RO", "east", 410_000, 46.7712, 23.6236),
    ("strasbourg", "Strasbourg", "Strasbourg", "FR", "west", 800_000, 48.5734, 7.7521),
    ("leipzig", "Leipzig", "Leipzig", "DE", "west", 1_100_000, 51.3397, 12.3731),
    ("genoa", "Genoa", "Genova", "IT", "south", 820_000, 44.4056, 8.9463),
    ("zaragoza", "Zaragoza", "Zaragoza", "ES", "south", 780_000, 41.6488, -0.8891),
    ("graz", "Graz", "Graz", "AT", "west", 650_000, 47.0707, 15.4395),
]
# The UI language people of a country most likely use (else English).
UI_LANGUAGE = {"FR": "fr", "BE": "fr", "DE": "de", "AT": "de", "IT": "it", "ES": "es", "PL": "pl"}
# What is spoken at events (any EU language).
SPOKEN = {
    "AT": "de",
    "BE": "fr",
    "BG": "bg",
    "CZ": "cs",
    "DE": "de",
    "DK": "da",
    "EE": "et",
    "ES": "es",
    "FI": "fi",
    "FR": "fr",
    "GR": "el",
    "HR": "hr",
    "HU": "hu",
    "IE": "en",
    "IT": "it",
    "LT": "lt",
    "LV": "lv",
    "NL": "nl",
    "PL": "pl",
    "PT": "pt",
    "RO": "ro",
    "SE": "sv",
    "SI": "sl",
    "SK": "sk",
}
TIME_ZONES = {
    "AT": "Europe/Vienna",
    "BE": "Europe/Brussels",
    "BG": "Europe/Sofia",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "EE": "Europe/Tallinn",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GR": "Europe/Athens",
    "HR": "Europe/Zagreb",
    "HU": "Europe/Budapest",
    "IE": "Europe/Dublin",
    "IT": "Europe/Rome",
    "LT": "Europe/Vilnius",
    "LV": "Europe/Riga",
    "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest",
    "SE": "Europe/Stockholm",
    "SI": "Europe/Ljubljana",
    "SK": "Europe/Bratislava",
}
# Given and family names for the countries the events demo does not cover.
MORE_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "AT": (["Anna", "Lukas", "Sophie", "Elias", "Lea"], ["Gruber", "Huber", "Bauer", "Wagner"]),
    "SK": (["Zuzana", "Martin", "Lucia", "Peter"], ["Horváth", "Kováč", "Varga", "Tóth"]),
    "SI": (["Nina", "Luka", "Eva", "Matej"], ["Novak", "Horvat", "Kovačič", "Krajnc"]),
    "HR": (["Ana", "Ivan", "Petra", "Marko"], ["Horvat", "Kovačević", "Babić", "Marić"]),
    "RO": (["Ioana", "Andrei", "Elena", "Mihai"], ["Popescu", "Ionescu", "Popa", "Dumitru"]),
    "BG": (["Maria", "Georgi", "Elena", "Ivan"], ["Ivanova", "Georgiev", "Dimitrova", "Petrov"]),
    "LV": (["Anna", "Jānis", "Laura", "Mārtiņš"], ["Bērziņš", "Kalniņa", "Ozols", "Liepa"]),
    "LT": (["Gabija", "Lukas", "Emilija", "Jonas"], ["Kazlauskas", "Jankauskaitė", "Petrauskas"]),
}
HIDE_REASON = "Personal attack on other participants (house rules, point 2)."
REJECT_REASON = "Two statements in one: please split it."
FORUM_STANCES = (["for"] * 5) + (["against"] * 3) + (["neutral"] * 2)

# --- Writing rows fast ---------------------------------------------------------------

Progress = Callable[[int], None]


def _no_progress(_count: int) -> None:
    return None


def _json(value: Any) -> str:
    from metroagora.core.translated import TranslatedText

    if isinstance(value, TranslatedText):
        value = value.to_json()
    return json.dumps(value)  # as JSONField.get_db_prep_value writes it


class Table:
    """Writes rows of one model: COPY on PostgreSQL, ``executemany`` elsewhere.

    ``names`` are the fields each row gives, in order (``"id"`` first to choose the
    primary keys). Every other column gets its field's default, ``now`` for automatic
    timestamps or NULL; a column with none of these (or a unique one whose default is
    computed per row) must be given, else ValueError. Values are Python values: times,
    JSON and UUIDs are converted here for the database in use, except in the ``ready``
    fields, given as the database takes them (see :func:`db_times`).
    """

    def __init__(
        self,
        model: type[models.Model],
        names: Sequence[str],
        now: datetime,
        *,
        ready: Sequence[str] = (),
    ):
        meta = model._meta
        given: list[Any] = [meta.get_field(name) for name in names]
        rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
        self.model = model
        self.postgres = connection.vendor == "postgresql"
        self.converters = [
            (index, convert)
            for index, f in enumerate(given)
            if f.name not in ready and (convert := self._converter(f)) is not None
        ]
        defaults = []
        for f in rest:
            value = self._default(model, f, now)
            convert = self._converter(f)
            defaults.append(convert(value) if convert is not None and value is not None else value)
        self.defaults = tuple(defaults)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in [*given, *rest])
        table = quote(meta.db_table)
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        # Table and column names come from the model; every value is a parameter.
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"

    @staticmethod
    def _default(model: type[models.Model], f: Any, now: datetime) -> Any:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        if f.has_default():
            if callable(f.default) and f.unique:
                raise ValueError(f"{model.__name__}.{f.name}: give a value per row")
            return f.get_default()
        if f.null:
            return None
        value = f.get_default()  # "" for text fields
        if value is None:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
        return value

    def _converter(self, f: Any) -> Callable[[Any], Any] | None:
        if f.is_relation:  # a foreign key is written as the key it points to
            f = f.target_field
        if isinstance(f, models.JSONField):
            return _json
        if self.postgres:
            return None
        if isinstance(f, models.DateTimeField):
            return connection.ops.adapt_datetimefield_value
        if isinstance(f, models.DateField):
            return connection.ops.adapt_datefield_value
        if isinstance(f, models.UUIDField):
            return lambda value: value.hex
        return None

    def _prepared(self, rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        converters, defaults = self.converters, self.defaults
        for row in rows:
            if converters:
                values = list(row)
                for index, convert in converters:
                    if values[index] is not None:
                        values[index] = convert(values[index])
                yield (*values, *defaults)
            else:
                yield (*row, *defaults)

    def write(self, rows: Iterable[Sequence[Any]], progress: Progress = _no_progress) -> int:
        written = 0
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # psycopg 3: COPY is several times faster than INSERT
                with raw.copy(self.copy_sql) as copy:
                    for row in self._prepared(rows):
                        copy.write_row(row)
                        written += 1
                        if written % BATCH == 0:
                            progress(BATCH)
                progress(written % BATCH)
                return written
            chunk: list[tuple[Any, ...]] = []
            for row in self._prepared(rows):
                chunk.append(row)
                if len(chunk) == BATCH:
                    cursor.executemany(self.insert_sql, chunk)
                    written += len(chunk)
                    progress(len(chunk))
                    chunk = []
            if chunk:
                cursor.executemany(self.insert_sql, chunk)
                written += len(chunk)
                progress(len(chunk))
        return written


class Ids:
    """Primary keys chosen before writing: after the largest in the table and the last
    the database handed out."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> int:
        """The first of ``count`` new primary keys of ``model``."""
        if model not in self.next:
            largest = model._default_manager.aggregate(m=Max("pk"))["m"] or 0
            self.next[model] = max(largest, self._last_given(model)) + 1
        first = self.next[model]
        self.next[model] += count
        return first

    @staticmethod
    def _last_given(model: type[models.Model]) -> int:
        """The last key the database handed out (rows deleted since keep theirs unused)."""
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s))",
                    [connection.ops.quote_name(table), column],
                )
            else:
                return 0
            row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def reset_sequences(self) -> None:
        """PostgreSQL: move the sequences past the keys chosen here."""
        if connection.vendor != "postgresql" or not self.next:
            return
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def search_indexing_paused() -> Iterator[None]:
    """Disconnect the search index's signal receivers for the length of the load.

    Rows written here in bulk send no signals anyway; this covers the service calls
    (the funding import announces its calls in bulk, closing a budget saves rows).
    ``manage.py rebuild_search_index`` (or ``--index``) indexes everything afterwards.
    """
    from metroagora.search import indexing

    with indexing.paused():
        yield


# --- Shared helpers ---------------------------------------------------------------------


def shares(
    rng: random.Random,
    count: int,
    total: int,
    *,
    skew: float = 1.1,
    offset: float = 20,
    cap: int | None = None,
) -> list[int]:
    """``total`` split over ``count`` items, Zipf-like in random order, each at most
    ``cap``; the parts add up to ``total`` exactly."""
    if count <= 0:
        if total:
            raise ValueError(f"{total:,} rows for nothing to put them in")
        return []
    if cap is not None and cap * count < total:
        raise ValueError(f"{total:,} rows do not fit {count:,} items of at most {cap:,}")
    weights = [1.0 / (rank + offset) ** skew for rank in range(count)]
    rng.shuffle(weights)
    scale = total / sum(weights)
    parts = [int(w * scale) for w in weights]
    if cap is not None:
        parts = [min(part, cap) for part in parts]
    left = total - sum(parts)
    while left > 0:
        room = [i for i in range(count) if cap is None or parts[i] < cap]
        for i in rng.choices(room, weights=[weights[i] for i in room], k=min(left, len(room))):
            if cap is None or parts[i] < cap:
                parts[i] += 1
                left -= 1
    return parts


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(0.0, (end - start).total_seconds())
    return start + timedelta(seconds=rng.uniform(0, span))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _say(table: dict[str, list[str]], lang: str, indices: Iterable[int], **slots: Any) -> str:
    lines = table[lang]
    return " ".join(lines[i].format(**slots) if slots else lines[i] for i in indices)


def _translated(values: dict[str, str], original: str) -> dict[str, str]:
    return {**values, "_original": original}


@dataclass
class CityInfo:
    pk: int
    slug: str
    names: dict[str, str]  # language -> name
    country: str
    lang: str  # the UI language its residents most likely use
    population: int
    latitude: float
    longitude: float

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or next(iter(self.names.values()))

    @property
    def tz(self) -> str:
        return TIME_ZONES.get(self.country, "Europe/Brussels")


@dataclass
class DatasetReport:
    name: str
    counts: dict[str, int]
    seconds: float
    cpu_seconds: float
    db_cpu_seconds: float | None = None


@dataclass
class Context:
    """What the datasets share: sizes, randomness, the cities and people made so far."""

    size: Size
    seed: int
    run: int
    now: datetime
    rng: random.Random
    ids: Ids = field(default_factory=Ids)
    cities: list[CityInfo] = field(default_factory=list)
    topics: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    admin_id: int | None = None
    moderator_id: int | None = None
    editor_id: int | None = None
    project_id: int | None = None
    association_id: int | None = None
    first_user: int = 0
    user_city: list[int] = field(default_factory=list)  # user index -> city pk
    user_email: list[str] = field(default_factory=list)
    user_name: list[str] = field(default_factory=list)
    user_lang: list[str] = field(default_factory=list)
    users_by_city: dict[int, list[int]] = field(default_factory=dict)
    verified_by_city: dict[int, list[int]] = field(default_factory=dict)
    coordinators: dict[int, int] = field(default_factory=dict)
    policymakers: list[int] = field(default_factory=list)
    opinion_maps: list[tuple[int, bool]] = field(default_factory=list)  # (pk, anonymous)
    by_pk: dict[int, CityInfo] = field(default_factory=dict)
    city_weights: dict[float, list[float]] = field(default_factory=dict)

    @property
    def tag(self) -> str:
        return f"s{self.run}"

    @property
    def domain(self) -> str:
        return f"s{self.run}.{EMAIL_DOMAIN}"

    @property
    def all_users(self) -> range:
        return range(self.first_user, self.first_user + len(self.user_email))

    def city(self, pk: int) -> CityInfo:
        return self.by_pk[pk]

    def index_cities(self) -> None:
        self.by_pk = {c.pk: c for c in self.cities}
        self.city_weights = {}

    def content_lang(self, city: CityInfo | None) -> str:
        """Mostly the city's language, sometimes another of the six."""
        if city is not None and self.rng.random() < 0.8:
            return city.lang
        return self.rng.choice(LANGS)

    def topic_name(self, topic: dict[str, str], lang: str) -> str:
        return topic.get(lang) or topic.get("en") or ""

    def weighted_city(self, power: float = 0.6) -> CityInfo:
        if power not in self.city_weights:
            self.city_weights[power] = [c.population**power for c in self.cities]
        return self.rng.choices(self.cities, weights=self.city_weights[power])[0]

    def staff_for(self, city_pk: int | None) -> int | None:
        if city_pk is not None and city_pk in self.coordinators:
            return self.coordinators[city_pk]
        return self.admin_id

    def sample_people(self, city_pk: int | None, count: int, local_share: float) -> list[int]:
        """``count`` distinct people, ``local_share`` of them from the city if it has them."""
        everyone = self.all_users
        count = min(count, len(everyone))
        local = self.users_by_city.get(city_pk, []) if city_pk is not None else []
        chosen = self.rng.sample(local, min(len(local), round(count * local_share)))
        taken = set(chosen)
        while len(chosen) < count:
            for person in self.rng.sample(everyone, min(len(everyone), 2 * (count - len(chosen)))):
                if person not in taken and len(chosen) < count:
                    taken.add(person)
                    chosen.append(person)
        self.rng.shuffle(chosen)
        return chosen

    def person(self, user_id: int) -> tuple[str, str, str, int]:
        """(email, name, language, city pk) of a generated person."""
        i = user_id - self.first_user
        return self.user_email[i], self.user_name[i], self.user_lang[i], self.user_city[i]


def _names(country: str) -> tuple[list[str], list[str]]:
    from metroagora.events import demo

    if country in MORE_NAMES:
        return MORE_NAMES[country]
    return demo.NAMES.get(country, demo.NAMES["FR"])


# --- The base data of the demo -------------------------------------------------------------


class MissingBaseData(Exception):
    """The database lacks what the demo network seeds (run ``seed_demo`` first)."""


def previous_runs() -> int:
    """How many earlier runs added their people to this database."""
    from metroagora.accounts.models import User

    runs = 0
    while User.objects.filter(email__endswith=f"@s{runs + 1}.{EMAIL_DOMAIN}").exists():
        runs += 1
    return runs


def _city_info(city: Any) -> CityInfo:
    names = {lang: city.name.get(lang) for lang in city.name.languages()}
    country = str(city.country)
    return CityInfo(
        pk=city.pk,
        slug=city.slug,
        names=names,
        country=country,
        lang=UI_LANGUAGE.get(country, "en"),
        population=city.population,
        latitude=city.latitude,
        longitude=city.longitude,
    )


def load_base(ctx: Context) -> None:
    """Cities, topics and the demo's staff accounts (raises MissingBaseData)."""
    from metroagora.accounts.models import User
    from metroagora.events import demo as events_demo
    from metroagora.events.models import Project, Topic
    from metroagora.network.models import City, Membership, MembershipRole, PartnerOrganisation

    ctx.cities = [_city_info(c) for c in City.objects.order_by("pk")]
    if not ctx.cities:
        raise MissingBaseData(_("There are no cities: run “manage.py seed_demo” first."))
    ctx.index_cities()
    ctx.topics = [(t.pk, {lang: t.name.get(lang) for lang in LANGS}) for t in Topic.objects.all()]
    if not ctx.topics:
        raise MissingBaseData(_("There are no topics: run “manage.py migrate” first."))
    staff = User.objects.filter(is_active=True).order_by("pk")
    ctx.admin_id = staff.filter(is_superuser=True).values_list("pk", flat=True).first()
    ctx.moderator_id = (
        staff.filter(is_moderator=True).values_list("pk", flat=True).first() or ctx.admin_id
    )
    ctx.editor_id = (
        staff.filter(is_editor=True).values_list("pk", flat=True).first() or ctx.admin_id
    )
    ctx.coordinators = dict(
        Membership.objects.filter(role=MembershipRole.COORDINATOR)
        .order_by("-pk")
        .values_list("city_id", "user_id")
    )
    ctx.project_id = (
        Project.objects.filter(slug=events_demo.PROJECT_SLUG).values_list("pk", flat=True).first()
    )
    ctx.association_id = (
        PartnerOrganisation.objects.filter(supports_network=True)
        .values_list("pk", flat=True)
        .first()
    )


# --- Datasets ------------------------------------------------------------------------------


def make_cities(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.network.models import City

    rng, now = ctx.rng, ctx.now
    taken = set(City.objects.values_list("slug", flat=True))
    wanted = [CITIES[i % len(CITIES)] for i in range(ctx.size.cities)]
    first = ctx.ids.take(City, len(wanted))
    rows = []
    for n, (slug, english, local, country, region, population, lat, lon) in enumerate(wanted):
        if n >= len(CITIES):
            slug = f"{slug}-{n // len(CITIES) + 1}"
        if slug in taken:
            slug = f"{slug}-{ctx.tag}"
        taken.add(slug)
        lang = UI_LANGUAGE.get(country, "en")
        spoken = SPOKEN.get(country, lang)
        names = {spoken: local, "en": english}  # Cork is Cork in English, not Corcaigh
        year = 2018 + rng.randrange(8)
        text = CITY_TEXT[lang][0].format(city=names.get(lang, english), year=year)
        info = CityInfo(first + n, slug, names, country, lang, population, lat, lon)
        ctx.cities.append(info)
        rows.append(
            (
                info.pk,
                slug,
                _translated(names, spoken),
                country,
                region,
                population,
                lat,
                lon,
                "",
                _translated({lang: text}, lang),
                date(year, 1, 1),
                now,
                now,
            )
        )
    fields = ["id", "slug", "name", "country", "region", "population", "latitude", "longitude"]
    fields += ["website", "description", "joined_on", "created_at", "updated_at"]
    Table(City, fields, now).write(rows, progress)
    ctx.index_cities()
    return {"cities": len(rows)}


def make_users(ctx: Context, progress: Progress) -> dict[str, int]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from metroagora.accounts.models import User
    from metroagora.network import demo_data
    from metroagora.network.models import (
        Membership,
        MembershipRole,
        VerificationLogEntry,
        VerificationMethod,
    )

    rng, now, count = ctx.rng, ctx.now, ctx.size.users
    password = make_password(demo_data.DEMO_PASSWORD)  # one hash for every account
    weights = [c.population**0.8 for c in ctx.cities]
    homes = rng.choices(ctx.cities, weights=weights, k=count)
    ctx.first_user = first = ctx.ids.take(User, count)
    new_cities = {c.pk for c in ctx.cities} - set(ctx.coordinators)
    identities = ["citizen"] * 88 + ["civil_society"] * 4 + ["expert"] * 3
    identities += ["city_official"] * 2 + ["policymaker"] * 3
    methods = [VerificationMethod.CODE, VerificationMethod.CENSUS, VerificationMethod.MANUAL]
    users: list[tuple[Any, ...]] = []
    emails: list[tuple[Any, ...]] = []
    memberships: list[tuple[Any, ...]] = []
    log: list[tuple[Any, ...]] = []
    for n, city in enumerate(homes):
        pk = first + n
        given, family = _names(city.country)
        first_name, last_name = rng.choice(given), rng.choice(family)
        name = f"{first_name} {last_name}"
        email = f"{_ascii(first_name)}.{_ascii(last_name)}.{n}@{ctx.domain}"
        lang = city.lang if rng.random() < 0.85 else rng.choice(LANGS)
        joined = now - timedelta(days=rng.uniform(1, 3 * 365))
        identity = rng.choice(identities)
        verified_policymaker = identity == "policymaker" and rng.random() < 0.5
        seen = joined + timedelta(days=rng.uniform(0, (now - joined).days)) if n % 3 else None
        users.append(
            (
                pk,
                password,
                seen,
                joined,
                email,
                name,
                city.name(lang),
                city.country,
                [lang] if rng.random() < 0.7 else [lang, "en" if lang != "en" else "fr"],
                identity,
                verified_policymaker,
            )
        )
        emails.append((pk, email, True, True))
        ctx.user_city.append(city.pk)
        ctx.user_email.append(email)
        ctx.user_name.append(name)
        ctx.user_lang.append(lang)
        ctx.users_by_city.setdefault(city.pk, []).append(pk)
        at = joined + timedelta(hours=rng.uniform(1, 72))
        if city.pk in new_cities:  # the first person of a new city coordinates it
            new_cities.discard(city.pk)
            ctx.coordinators[city.pk] = pk
            title = TITLES[city.lang][1]
            memberships.append(
                (at, at, pk, city.pk, MembershipRole.COORDINATOR, title, at, ctx.admin_id, "")
            )
            continue
        if identity == "policymaker" and verified_policymaker:
            ctx.policymakers.append(pk)
            title = TITLES[city.lang][0]
            memberships.append(
                (at, at, pk, city.pk, MembershipRole.POLICYMAKER, title, at, ctx.admin_id, "")
            )
        elif identity == "city_official":
            title = TITLES[city.lang][1]
            memberships.append(
                (at, at, pk, city.pk, MembershipRole.OFFICIAL, title, at, ctx.admin_id, "")
            )
        if rng.random() < 0.6:  # says where they live; most have proved it
            verified = rng.random() < 0.7
            method = rng.choice(methods) if verified else ""
            by = ctx.coordinators.get(city.pk) if method == VerificationMethod.MANUAL else None
            memberships.append(
                (
                    at,
                    at,
                    pk,
                    city.pk,
                    MembershipRole.RESIDENT,
                    "",
                    at if verified else None,
                    by,
                    method,
                )
            )
            if verified:
                ctx.verified_by_city.setdefault(city.pk, []).append(pk)
                log.append((at, city.pk, pk, by, method, ""))
    user_fields = ["id", "password", "last_login", "date_joined", "email", "display_name"]
    user_fields += ["residence_city", "residence_country", "preferred_languages", "identity"]
    user_fields += ["is_verified_policymaker"]
    Table(User, user_fields, now).write(users, progress)
    Table(EmailAddress, ["user", "email", "verified", "primary"], now).write(emails)
    membership_fields = ["created_at", "updated_at", "user", "city", "role", "title"]
    membership_fields += ["verified_at", "verified_by", "verification_method"]
    Table(Membership, membership_fields, now).write(memberships)
    log_fields = ["created_at", "city", "person", "verified_by", "method", "detail"]
    Table(VerificationLogEntry, log_fields, now).write(log)
    return {
        "users": len(users),
        "email addresses": len(emails),
        "memberships": len(memberships),
        "verified residents": len(log),
    }


def make_events(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.events import demo
    from metroagora.events.models import (
        CODE_ALPHABET,
        Event,
        EventKind,
        EventStatus,
        Feedback,
        Registration,
        RegistrationStatus,
        Session,
    )

    rng, now, size = ctx.rng, ctx.now, ctx.size
    kinds = [EventKind.LOCAL, EventKind.INTERNATIONAL, EventKind.FORUM, EventKind.ONLINE]
    kind_weights = [50, 15, 20, 15]
    first = ctx.ids.take(Event, size.events)
    events: list[tuple[Any, ...]] = []
    topic_links: list[tuple[int, int]] = []
    partner_links: list[tuple[int, int]] = []
    sessions: list[tuple[Any, ...]] = []
    plans: list[tuple[int, CityInfo, str, datetime, datetime, datetime, str]] = []
    for n in range(size.events):
        pk = first + n
        city = ctx.weighted_city(0.5)
        kind = rng.choices(kinds, kind_weights)[0]
        if rng.random() < 0.6:  # held (or cancelled) in the last three years
            start = now - timedelta(days=rng.uniform(1, 3 * 365))
            status = EventStatus.CANCELLED if rng.random() < 0.04 else EventStatus.HELD
        else:
            start = now + timedelta(days=rng.uniform(1, 365))
            draw = rng.random()
            status = (
                EventStatus.DRAFT
                if draw < 0.03
                else EventStatus.CANCELLED
                if draw < 0.05
                else EventStatus.PUBLISHED
            )
        start = start.replace(hour=rng.choice([7, 8, 9, 14, 15, 16]), minute=0, second=0)
        start = start.replace(microsecond=0)
        ends = start + timedelta(hours=rng.choice([2, 2, 3, 4, 6, 8]))
        created = min(start - timedelta(days=rng.uniform(14, 120)), now - timedelta(hours=1))
        lang = ctx.content_lang(city)
        chosen = rng.sample(ctx.topics, k=rng.choice([1, 1, 1, 2, 2, 3]))
        fmt = rng.randrange(len(EVENT_FORMATS["en"]))
        languages = (
            [lang, "en"] if kind == EventKind.INTERNATIONAL or rng.random() < 0.3 else [lang]
        )
        title = {
            x: f"{EVENT_FORMATS[x][fmt]}: {ctx.topic_name(chosen[0][1], x)} — {city.name(x)}"
            for x in languages
        }
        lines = [0, *sorted(rng.sample(range(1, len(EVENT_TEXT["en"])), 3))]
        description = {
            x: _say(EVENT_TEXT, x, lines, topic=ctx.topic_name(chosen[0][1], x)) for x in languages
        }
        online = kind == EventKind.ONLINE
        local = SPOKEN.get(city.country, city.lang)
        spoken = sorted({local, "en"} if kind != EventKind.LOCAL else {local})
        slug = f"{slugify(title.get('en') or title[lang])[:70].strip('-')}-{ctx.tag}-{n}"
        events.append(
            (
                pk,
                created,
                created,
                slug,
                _translated(title, lang),
                kind,
                status,
                city.pk,
                ctx.project_id if kind == EventKind.INTERNATIONAL and rng.random() < 0.3 else None,
                _translated(description, lang),
                start,
                ends,
                city.tz,
                "" if online else VENUES[city.lang][rng.randrange(5)],
                "" if online else STREETS[city.lang].format(n=rng.randint(1, 120)),
                None if online else city.latitude + rng.uniform(-0.05, 0.05),
                None if online else city.longitude + rng.uniform(-0.05, 0.05),
                f"https://meet.example.org/{slug}" if online else "",
                spoken,
                sorted({"en", lang} - {local}) if kind == EventKind.INTERNATIONAL else [],
                start - timedelta(days=1) if start > now else None,
                ctx.staff_for(city.pk),
            )
        )
        topic_links += [(pk, topic_pk) for topic_pk, _names in chosen]
        if kind == EventKind.INTERNATIONAL and ctx.association_id:
            partner_links.append((pk, ctx.association_id))
        if kind in (EventKind.INTERNATIONAL, EventKind.FORUM):
            hours = (ends - start).total_seconds() / 3600
            for item in range(4):
                at = start + timedelta(hours=hours * item / 4)
                sessions.append(
                    (pk, at, at + timedelta(hours=hours / 4), AGENDA[lang][item], "", "")
                )
        if status != EventStatus.DRAFT:
            plans.append((pk, city, kind, start, ends, created, status))
    # Registrations: a few events draw thousands, most a few dozen; seats are given in
    # the order people registered, the rest wait (as services._seat does).
    counts = shares(rng, len(plans), size.registrations, skew=1.0, offset=30)
    capacities: dict[int, int | None] = {}
    for plan, count in zip(plans, counts, strict=True):
        capacities[plan[0]] = (
            max(10, round(count * rng.uniform(0.8, 1.5) / 10) * 10)
            if count and rng.random() < 0.7
            else None
        )
    event_fields = ["id", "created_at", "updated_at", "slug", "title", "kind", "status", "city"]
    event_fields += ["project", "description", "starts_at", "ends_at", "time_zone", "venue_name"]
    event_fields += ["venue_address", "latitude", "longitude", "online_url", "languages"]
    event_fields += ["interpretation", "registration_deadline", "created_by", "capacity"]
    Table(Event, event_fields, now).write(
        (*row, capacities.get(row[0], rng.choice([None, 50, 100]))) for row in events
    )
    Table(Event.topics.through, ["event_id", "topic_id"], now).write(topic_links)
    Table(Event.partners.through, ["event_id", "partnerorganisation_id"], now).write(partner_links)
    fields = ["event", "starts_at", "ends_at", "title", "speakers", "room"]
    Table(Session, fields, now).write(sessions)
    progress(len(events))

    codes = set(Registration.objects.values_list("code", flat=True))
    statuses: dict[str, int] = {}
    feedback: list[tuple[Any, ...]] = []
    changed = ["yes"] * 35 + ["somewhat"] * 40 + ["no"] * 20 + [""] * 5

    def code() -> str:
        while True:
            value = "".join(rng.choices(CODE_ALPHABET, k=8))
            if value not in codes:
                codes.add(value)
                return value

    # Keys first: no query may run while COPY streams the rows.
    numbers = itertools.count(ctx.ids.take(Registration, sum(counts)))

    def registrations() -> Iterator[tuple[Any, ...]]:
        for (event_pk, city, kind, start, ends, created, status), count in zip(
            plans, counts, strict=True
        ):
            capacity = capacities[event_pk]
            if not count:
                continue
            international = kind == EventKind.INTERNATIONAL
            guests = round(count * 0.15)
            people = ctx.sample_people(city.pk, count - guests, 0.65 if international else 0.9)
            closes = min(start, now)
            moments = sorted(_between(rng, created, closes) for _n in range(count))
            upcoming = start > now
            confirmed = 0
            staff = ctx.staff_for(city.pk)
            given, family = _names(city.country)
            for index, at in enumerate(moments):
                if index < len(people):
                    user: int | None = people[index]
                    email, name, lang, home = ctx.person(people[index])
                    home_city = ctx.city(home)
                    residence, country = home_city.name(home_city.lang), home_city.country
                else:
                    user = None
                    name = f"{rng.choice(given)} {rng.choice(family)}"
                    email = f"guest.{event_pk}.{index}@{ctx.domain}"
                    lang, residence, country = city.lang, city.name(city.lang), city.country
                    home = city.pk
                draw = rng.random()
                confirmed_at: datetime | None = at
                if draw < 0.05:
                    state = RegistrationStatus.CANCELLED
                elif user is None and upcoming and draw < 0.09:
                    state, confirmed_at = RegistrationStatus.PENDING, None
                elif capacity is None or confirmed < capacity:
                    state = RegistrationStatus.CONFIRMED
                    confirmed += 1
                else:
                    state, confirmed_at = RegistrationStatus.WAITLISTED, None
                statuses[state] = statuses.get(state, 0) + 1
                checked_in = None
                if (
                    state == RegistrationStatus.CONFIRMED
                    and status == EventStatus.HELD
                    and rng.random() < 0.75
                ):
                    checked_in = start + timedelta(minutes=rng.uniform(-20, 40))
                consent = rng.random() < 0.55
                pk = next(numbers)
                yield (
                    pk,
                    at,
                    at,
                    event_pk,
                    user,
                    name,
                    email,
                    lang,
                    state,
                    code(),
                    secrets.token_urlsafe(24),
                    rng.choice(demo.ORGANISATIONS),
                    residence,
                    country,
                    rng.choice(demo.ROLES),
                    home if international and home != city.pk else None,
                    consent,
                    rng.choice(demo.AGES) if consent else "",
                    rng.choice(demo.GENDERS) if consent else "",
                    rng.random() < 0.7,
                    confirmed_at,
                    checked_in,
                    staff if checked_in else None,
                )
                if checked_in and rng.random() < 0.25:
                    answered = ends + timedelta(hours=rng.uniform(2, 96))
                    feedback.append(
                        (
                            answered,
                            answered,
                            pk,
                            event_pk,
                            rng.choice(demo.RATINGS),
                            rng.random() < 0.85,
                            rng.choice(changed),
                        )
                    )

    registration_fields = ["id", "created_at", "updated_at", "event", "user", "name", "email"]
    registration_fields += ["language", "status", "code", "token", "organisation"]
    registration_fields += ["residence_city", "residence_country", "role", "invited_by"]
    registration_fields += ["demographics_consent", "age_bracket", "gender", "photo_consent"]
    registration_fields += ["confirmed_at", "checked_in_at", "checked_in_by"]
    written = Table(Registration, registration_fields, now).write(registrations(), progress)
    fields = ["created_at", "updated_at", "registration", "event", "rating", "would_return"]
    Table(Feedback, [*fields, "changed_view"], now).write(feedback)
    return {
        "events": len(events),
        "registrations": written,
        **{f"{state} registrations": n for state, n in sorted(statuses.items())},
        "agenda items": len(sessions),
        "feedback": len(feedback),
    }


def _text_plan(rng: random.Random) -> list[int]:
    return rng.sample(range(len(OPINIONS["en"])), rng.choice([1, 1, 2, 2, 3, 4]))


def make_forum(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.forum.models import (
        MAX_DEPTH,
        Contribution,
        ContributionTranslation,
        Debate,
        DebateStatus,
        ModerationAction,
        ModerationLogEntry,
        Reaction,
        Visibility,
    )
    from metroagora.forum.services import recount_contributions

    assert MAX_DEPTH >= 3, "replies go down to depth 2"
    rng, now, size = ctx.rng, ctx.now, ctx.size
    first = ctx.ids.take(Debate, size.debates)
    debates: list[tuple[Any, ...]] = []
    topic_links: list[tuple[int, int]] = []
    log: list[tuple[Any, ...]] = []
    plans: list[tuple[int, CityInfo | None, str, datetime, datetime]] = []
    for n in range(size.debates):
        pk = first + n
        city = ctx.weighted_city() if rng.random() < 0.6 else None
        lang = ctx.content_lang(city)
        chosen = rng.sample(ctx.topics, k=rng.choice([1, 1, 2]))
        ask = rng.randrange(len(DEBATE_QUESTIONS["en"]))
        question = {
            x: f"{ctx.topic_name(chosen[0][1], x)}: {DEBATE_QUESTIONS[x][ask]}" for x in LANGS
        }
        intro = {x: _say(DEBATE_TEXT, x, range(len(DEBATE_TEXT["en"]))) for x in LANGS}
        created = now - timedelta(days=rng.uniform(30, 400))
        closed = rng.random() < 0.2
        ends = _between(rng, created + timedelta(days=20), now) if closed else now
        debates.append(
            (
                pk,
                created,
                ends if closed else created,
                f"{slugify(question['en'])[:70].strip('-')}-{ctx.tag}-{n}",
                _translated(question, lang),
                _translated(intro, lang),
                city.pk if city else None,
                DebateStatus.CLOSED if closed else DebateStatus.OPEN,
                _translated({x: _say(OFFICIAL, x, [1, 2]) for x in LANGS}, lang) if closed else {},
                ends if closed else None,
                ctx.admin_id,
            )
        )
        topic_links += [(pk, topic_pk) for topic_pk, _names in chosen]
        if closed:
            log.append((ends, ctx.admin_id, ModerationAction.CLOSE, None, None, pk, ""))
        plans.append((pk, city, lang, created, ends))
    fields = ["id", "created_at", "updated_at", "slug", "question", "introduction", "city"]
    fields += ["status", "conclusions", "closed_at", "created_by"]
    Table(Debate, fields, now).write(debates)
    Table(Debate.topics.through, ["debate_id", "topic_id"], now).write(topic_links)

    contribution_fields = ["id", "created_at", "updated_at", "debate", "parent", "root", "depth"]
    contribution_fields += ["author", "text", "language", "stance", "is_official", "visibility"]
    contribution_fields += ["moderation_reason", "agree_count", "reply_count"]
    contributions = Table(Contribution, contribution_fields, now)
    reactions = Table(Reaction, ["contribution", "user", "created_at"], now)
    translation_fields = ["created_at", "updated_at", "contribution", "language", "text"]
    translations = Table(
        ContributionTranslation, [*translation_fields, "is_machine", "engine"], now
    )
    totals = {"contributions": 0, "agreements": 0, "translations": 0}
    counts = shares(rng, size.debates, size.contributions, skew=1.0, offset=10)
    language_weights = {"en": 30, "fr": 15, "de": 15, "it": 12, "es": 14, "pl": 14}
    for (debate_pk, city, lang, start, end), count in zip(plans, counts, strict=True):
        if not count:
            continue
        # Plan the tree: top-level contributions, replies (depth 1) and replies to
        # replies (depth 2), a few threads drawing most of the replies, then number
        # everything in the order it was written.
        top = max(1, round(count * 0.3))
        depth1 = round((count - top) * 0.64)
        sizes = (top, depth1, count - top - depth1)
        span = (end - start).total_seconds()
        nodes: list[tuple[int, int, float]] = []  # (depth, parent node, seconds from start)
        level_nodes: list[list[int]] = [[], [], []]
        for depth, amount in enumerate(sizes):
            if depth == 0:
                for i in range(amount):
                    level_nodes[0].append(len(nodes))
                    nodes.append((0, -1, span * 0.95 * (i + rng.random()) / amount))
                continue
            above = level_nodes[depth - 1]
            weights = [rng.paretovariate(1.2) for _ in above]
            for parent in rng.choices(above, weights=weights, k=amount):
                offset = nodes[parent][2]
                offset += max(60.0, (span - offset) * rng.random() * 0.3)
                level_nodes[depth].append(len(nodes))
                nodes.append((depth, parent, min(offset, span)))
        order = sorted(range(len(nodes)), key=lambda node: nodes[node][2])
        first_pk = ctx.ids.take(Contribution, len(nodes))
        pk_of = [0] * len(nodes)
        for rank, node in enumerate(order):
            pk_of[node] = first_pk + rank
        replies = [0] * len(nodes)
        for _depth, parent, _at in nodes:
            if parent >= 0:
                replies[parent] += 1
        root_of = [0] * len(nodes)
        local = ctx.users_by_city.get(city.pk, []) if city else []
        everyone = ctx.all_users
        weights_here = dict(language_weights)
        weights_here[lang] += 60
        languages, lang_weights = list(weights_here), list(weights_here.values())
        official_share = min(0.003, 6 / top)
        rows: list[tuple[Any, ...]] = []
        agreements: list[tuple[int, int, datetime]] = []
        translated: list[tuple[Any, ...]] = []
        for node in order:
            depth, parent, seconds = nodes[node]
            pk = pk_of[node]
            root_of[node] = pk if parent < 0 else root_of[parent]
            at = start + timedelta(seconds=seconds)
            official = depth == 0 and ctx.policymakers and rng.random() < official_share
            if official:  # a few answers by verified policymakers, in their language
                author = rng.choice(ctx.policymakers)
                language = ctx.person(author)[2]
                plan = [0, rng.choice([1, 2])]
                text = _say(OFFICIAL, language, plan)
            else:
                author = rng.choice(local) if local and rng.random() < 0.7 else rng.choice(everyone)
                language = rng.choices(languages, lang_weights)[0]
                plan = _text_plan(rng)
                text = _say(OPINIONS, language, plan)
            fate = rng.random()
            visibility, reason = Visibility.VISIBLE, ""
            if fate < 0.01:
                visibility, reason = Visibility.HIDDEN, HIDE_REASON
                hidden_at = at + timedelta(hours=rng.uniform(1, 48))
                log.append(
                    (hidden_at, ctx.moderator_id, ModerationAction.HIDE, pk, None, None, reason)
                )
            elif fate < 0.015:
                visibility, text = Visibility.DELETED, ""
            agree = 0
            if visibility == Visibility.VISIBLE and rng.random() < (0.25 if depth == 0 else 0.1):
                agree = min(int(rng.paretovariate(1.5)), 300)
                people = [p for p in rng.sample(everyone, agree + 1) if p != author][:agree]
                agree = len(people)
                for person in people:
                    when = at + timedelta(minutes=rng.uniform(1, 2000))
                    agreements.append((pk, person, min(when, now)))
            if visibility == Visibility.VISIBLE and language != "en" and rng.random() < 0.03:
                table = OFFICIAL if official else OPINIONS
                when = at + timedelta(minutes=rng.uniform(1, 30))
                translated.append((when, when, pk, "en", _say(table, "en", plan), True, "deepl"))
            rows.append(
                (
                    pk,
                    at,
                    at,
                    debate_pk,
                    pk_of[parent] if parent >= 0 else None,
                    root_of[node],
                    depth,
                    author,
                    text,
                    language,
                    "neutral" if official else rng.choice(FORUM_STANCES),
                    bool(official),
                    visibility,
                    reason,
                    agree,
                    replies[node],
                )
            )
        totals["contributions"] += contributions.write(rows, progress)
        totals["agreements"] += reactions.write(agreements)
        totals["translations"] += translations.write(translated)
    log_fields = ["created_at", "moderator", "action", "contribution", "target_user", "debate"]
    Table(ModerationLogEntry, [*log_fields, "reason"], now).write(log)
    recount_contributions([row[0] for row in debates])
    return {"debates": len(debates), **totals, "moderation log entries": len(log)}


def db_times(seconds: Any) -> list[str]:
    """Unix times (a numpy array) as the database takes them in bulk: the text Django's
    SQLite backend stores, or ISO 8601 with the UTC offset for PostgreSQL's COPY."""
    import numpy as np

    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    suffix = "+00:00" if connection.vendor == "postgresql" else ""
    return [f"{value[:10]} {value[11:]}{suffix}" for value in text.tolist()]


def _votes_per_person(np_rng: Any, people: int, statements: int, total: int) -> Any:
    """Skewed vote counts (log-normal), each between 1 and ``statements``, adding up to
    ``total`` (as ``bench/generate_polis.py`` draws them)."""
    import numpy as np

    raw = np_rng.lognormal(mean=0.0, sigma=0.9, size=people)
    low, high = 0.0, float(statements) / raw.min()
    for _step in range(60):  # bisection on the scale factor
        scale = (low + high) / 2
        if np.clip(np.round(raw * scale), 1, statements).sum() < total:
            low = scale
        else:
            high = scale
    counts = np.clip(np.round(raw * high), 1, statements).astype(np.int64)
    difference = int(counts.sum() - total)
    for person in np_rng.permutation(people):
        if difference == 0:
            break
        if difference > 0 and counts[person] > 1:
            step = min(difference, int(counts[person]) - 1)
            counts[person] -= step
            difference -= step
        elif difference < 0 and counts[person] < statements:
            step = min(-difference, statements - int(counts[person]))
            counts[person] += step
            difference += step
    return counts


def make_opinions(ctx: Context, progress: Progress) -> dict[str, int]:
    import numpy as np

    from metroagora.opinions.models import (
        STATEMENT_MAX,
        MapStatus,
        OpinionMap,
        Participant,
        Statement,
        StatementStatus,
        Vote,
        normalise,
    )

    rng, now, size = ctx.rng, ctx.now, ctx.size
    np_rng = np.random.default_rng(ctx.seed)
    first = ctx.ids.take(OpinionMap, size.opinion_maps)
    statement_count = size.statements_per_map
    combos = [(t, s) for t in range(len(ctx.topics)) for s in range(len(STANCES["en"]))]
    if statement_count > len(combos):
        raise ValueError(f"at most {len(combos)} statements per map")
    per_map = shares(rng, size.opinion_maps, size.votes, skew=0.8, offset=5)
    maps: list[tuple[Any, ...]] = []
    totals = {"statements": 0, "participants": 0, "votes": 0}
    participant_table = Table(
        Participant, ["id", "opinion_map", "user", "token", "created_at"], now
    )
    vote_table = Table(
        Vote,
        ["participant", "statement", "opinion_map", "value", "created_at", "updated_at"],
        now,
        ready=["created_at", "updated_at"],
    )
    pending_plans = []
    for n, votes in enumerate(per_map):
        pk = first + n
        city = ctx.weighted_city() if rng.random() < 0.7 else None
        lang = ctx.content_lang(city)
        place = city.name(lang) if city else "MetroAgora"
        ask = rng.randrange(len(MAP_QUESTIONS["en"]))
        languages = [lang] if lang == "en" else [lang, "en"]
        title = {
            x: MAP_QUESTIONS[x][ask].format(place=city.name(x) if city else place)
            for x in languages
        }
        created = now - timedelta(days=rng.uniform(20, 300))
        closed = rng.random() < 0.2
        anonymous = rng.random() < 0.4
        # Statements: seeds by the moderators, then participants' (a few held or rejected).
        texts = []
        for topic_index, stance_index in rng.sample(combos, statement_count):
            topic = ctx.topic_name(ctx.topics[topic_index][1], lang)
            text = f"{topic}: {STANCES[lang][stance_index]}"
            texts.append(text[:STATEMENT_MAX])
        first_statement = ctx.ids.take(Statement, statement_count)
        states = []
        for i in range(statement_count):
            draw = rng.random()
            if i < 8 or draw >= 0.06:
                states.append(StatementStatus.VISIBLE)
            elif draw < 0.04:
                states.append(StatementStatus.PENDING)
            else:
                states.append(StatementStatus.REJECTED)
        votable = [
            first_statement + i for i, s in enumerate(states) if s != StatementStatus.PENDING
        ]
        people = max(math.ceil(votes / (0.8 * len(votable))), round(votes / 12), 1)
        if not anonymous:
            people = min(people, len(ctx.all_users))
            if votes > people * len(votable):
                anonymous = True
                people = max(math.ceil(votes / (0.8 * len(votable))), round(votes / 12), 1)
        maps.append(
            (
                pk,
                created,
                created,
                f"{slugify(title.get('en') or title[lang])[:70].strip('-')}-{ctx.tag}-{n}",
                _translated(title, lang),
                _translated({x: MAP_TEXT[x][0] for x in languages}, lang),
                city.pk if city else None,
                MapStatus.CLOSED if closed else MapStatus.OPEN,
                anonymous,
                ctx.admin_id,
            )
        )
        pending_plans.append(
            (pk, city, lang, created, texts, states, first_statement, votable, votes, people)
        )
        ctx.opinion_maps.append((pk, anonymous))
    fields = ["id", "created_at", "updated_at", "slug", "title", "description", "city"]
    Table(OpinionMap, [*fields, "status", "anonymous_voting", "created_by"], now).write(maps)

    statement_fields = ["id", "opinion_map", "text", "normalised", "language", "author"]
    statement_fields += ["is_seed", "status", "moderation_reason", "created_at"]
    statement_table = Table(Statement, statement_fields, now)
    for (pk, city, lang, created, texts, states, first_statement, votable, votes, people), (
        _pk,
        anonymous,
    ) in zip(pending_plans, ctx.opinion_maps, strict=True):
        with_account = round(people * 0.75) if anonymous else people
        with_account = min(with_account, len(ctx.all_users))
        users = ctx.sample_people(city.pk if city else None, with_account, 0.8)
        span = (now - created).total_seconds()
        arrival = created.timestamp() + np_rng.beta(1.0, 2.5, size=people) * span * 0.9
        first_participant = ctx.ids.take(Participant, people)
        participant_rows = []
        for i in range(people):
            user = users[i] if i < len(users) else None
            moment = datetime.fromtimestamp(float(arrival[i]), tz=UTC)
            token = None if user is not None else secrets.token_urlsafe(32)
            participant_rows.append((first_participant + i, pk, user, token, moment))
        totals["participants"] += participant_table.write(participant_rows)
        statements = []
        for i, (text, state) in enumerate(zip(texts, states, strict=True)):
            seed = i < 8
            author = ctx.admin_id if seed else (rng.choice(users) if users else None)
            at = created if seed else _between(rng, created, created + (now - created) / 3)
            statements.append(
                (
                    first_statement + i,
                    pk,
                    text,
                    normalise(text),
                    lang,
                    author,
                    seed,
                    state,
                    REJECT_REASON if state == StatementStatus.REJECTED else "",
                    at,
                )
            )
        totals["statements"] += statement_table.write(statements)
        # Who votes on what: skewed counts, the first statements shown more; opinion
        # groups with their own leanings, so the analysis finds groups and consensus.
        shown = len(votable)
        counts = _votes_per_person(np_rng, people, shown, votes)
        log_weight = -0.9 * np.log1p(np.arange(shown) / max(shown / 20, 1.0))
        voters, columns = [], []
        for block in range(0, people, 2048):
            last = min(block + 2048, people)
            keys = log_weight + np_rng.gumbel(size=(last - block, shown))
            ranked = np.argsort(-keys, axis=1)
            take = np.arange(shown)[None, :] < counts[block:last, None]
            rows, ranks = np.nonzero(take)
            voters.append(rows + block)
            columns.append(ranked[rows, ranks])
        voter = np.concatenate(voters)
        column = np.concatenate(columns)
        groups = int(rng.choice([2, 3, 3, 4]))
        group_of = np_rng.choice(groups, size=people, p=np_rng.dirichlet(np.full(groups, 3.0)))
        stance = np_rng.uniform(-0.6, 0.6, size=(groups, shown))
        divisive = np_rng.random(shown) < 0.35
        stance = np.where(divisive, 0.9 * np_rng.choice([-1.0, 1.0], size=(groups, shown)), stance)
        shared = np_rng.random(shown) < 0.2
        stance = np.where(shared, np_rng.choice([-0.85, 0.85], size=shown), stance)
        agree = 1.0 / (1.0 + np.exp(-4.0 * stance[group_of[voter], column]))
        passed = np_rng.random(len(voter)) < 0.12
        value = np.where(passed, 0, np.where(np_rng.random(len(voter)) < agree, 1, -1))
        position = np.concatenate([np.arange(c) for c in counts])
        moments = arrival[voter] + position * 20 + np_rng.integers(3, 25, size=len(voter))
        moments = np.minimum(moments, now.timestamp())
        when = db_times(moments)
        statement_pks = np.array(votable, dtype=np.int64)[column].tolist()
        participant_pks = (voter + first_participant).tolist()
        values = value.tolist()
        totals["votes"] += vote_table.write(
            (
                (participant_pks[i], statement_pks[i], pk, values[i], when[i], when[i])
                for i in range(len(values))
            ),
            progress,
        )
    return {"opinion maps": len(maps), **totals}


def analyse_opinions(ctx: Context, progress: Progress) -> dict[str, int]:
    """Analyse every new map once, as the background task does after votes arrive."""
    from metroagora.opinions.models import OpinionMap
    from metroagora.opinions.tasks import run_analysis

    analysed = 0
    maps = OpinionMap.objects.filter(pk__in=[pk for pk, _anonymous in ctx.opinion_maps])
    for opinion_map in maps.order_by("pk"):
        run_analysis(opinion_map)
        analysed += 1
        progress(1)
    return {"opinion maps analysed": analysed}


# Where a process stands now, and how far along that is.
STAGES = ["closable", "voting", "closed", "supports", "proposals", "evaluation"]
STAGE_RANK = {"proposals": 1, "supports": 2, "evaluation": 3, "voting": 4, "closable": 5}
STAGE_RANK["closed"] = 6
PHASE_DAYS = 20


def _proportional(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), exactly."""
    whole = sum(weights)
    if not whole:
        if total:
            raise ValueError(f"{total:,} rows for nothing to put them in")
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _phases(stage: str, now: datetime) -> dict[str, tuple[datetime, datetime]]:
    from metroagora.decisions.models import PHASE_ORDER

    day = timedelta(days=1)
    if stage in ("closable", "closed"):  # the vote ended yesterday, or three months ago
        voting_end = now - (day if stage == "closable" else 90 * day)
        anchor = voting_end - PHASE_DAYS * day * (PHASE_ORDER.index("voting") + 1)
    else:  # that phase started ten days ago
        anchor = now - 10 * day - PHASE_DAYS * day * PHASE_ORDER.index(stage)
    anchor = anchor.replace(minute=0, second=0, microsecond=0)
    return {
        kind: (anchor + PHASE_DAYS * day * i, anchor + PHASE_DAYS * day * (i + 1))
        for i, kind in enumerate(PHASE_ORDER)
    }


def make_decisions(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.decisions.models import (
        Ballot,
        BallotChoice,
        BallotReceipt,
        Budget,
        BudgetProject,
        Category,
        District,
        Implementation,
        Participation,
        Process,
        ProcessPhase,
        ProcessStatus,
        Proposal,
        ProposalState,
        Support,
    )
    from metroagora.decisions.services import ballot_key, close_budget
    from metroagora.forum.models import Debate

    rng, now, size = ctx.rng, ctx.now, ctx.size
    count = size.processes
    stages = [STAGES[i % len(STAGES)] for i in range(count)]
    proposal_counts = shares(rng, count, size.proposals, skew=0.5, offset=5)
    support_totals = _proportional(
        size.supports,
        [c if STAGE_RANK[s] >= 2 else 0 for c, s in zip(proposal_counts, stages, strict=True)],
    )
    voting = [i for i, s in enumerate(stages) if STAGE_RANK[s] >= 4]
    ballot_totals = [0] * count
    for i, total in zip(
        voting, shares(rng, len(voting), size.ballots, skew=0.5, offset=3), strict=True
    ):
        ballot_totals[i] = total
    everyone = list(ctx.all_users)
    comment_question = {}
    for lang in LANGS:
        with translation.override(lang):
            comment_question[lang] = _("Comments on the proposal “%(title)s”")
    taken_slugs = set(
        Debate.objects.filter(slug__startswith="proposal-").values_list("slug", flat=True)
    )
    districts_of: dict[int, list[tuple[int, str]]] = {}
    district_table = Table(District, ["id", "city", "name", "slug"], now)

    def districts(city: CityInfo) -> list[tuple[int, str]]:
        if city.pk not in districts_of:
            known = list(
                District.objects.filter(city_id=city.pk)
                .order_by("pk")
                .values_list("pk", "name", "slug")
            )
            slugs = {slug for _pk, _name, slug in known}
            rows: list[tuple[int, int, str, str]] = []
            for name in DISTRICTS[city.lang]:
                if len(known) + len(rows) >= 6:
                    break
                if slugify(name) not in slugs:
                    rows.append((ctx.ids.take(District), city.pk, name, slugify(name)))
            district_table.write(rows)
            districts_of[city.pk] = [(pk, name) for pk, name, _slug in known]
            districts_of[city.pk] += [(pk, name) for pk, _city, name, _slug in rows]
        return districts_of[city.pk]

    first = ctx.ids.take(Process, count)
    processes: list[tuple[Any, ...]] = []
    phases: list[tuple[Any, ...]] = []
    categories: list[tuple[Any, ...]] = []
    debates: list[tuple[Any, ...]] = []
    proposals: list[tuple[Any, ...]] = []
    supports: list[tuple[Any, ...]] = []
    implementations: list[tuple[Any, ...]] = []
    budgets: list[tuple[Any, ...]] = []
    projects: list[tuple[Any, ...]] = []
    receipts: list[tuple[Any, ...]] = []
    ballots: list[tuple[Any, ...]] = []
    choices: list[tuple[Any, ...]] = []
    to_close: list[tuple[int, datetime]] = []
    for n, stage in enumerate(stages):
        pk = first + n
        rank = STAGE_RANK[stage]
        city = ctx.weighted_city()
        lang = city.lang
        windows = _phases(stage, now)
        for kind, (starts, ends) in windows.items():
            phases.append((pk, kind, starts, ends))
        year = windows["voting"][0].year
        places = districts(city)
        staff = ctx.staff_for(city.pk)
        # Supports per proposal: a few popular proposals, most with a few dozen.
        counts = shares(
            rng, proposal_counts[n], support_totals[n], skew=1.1, offset=5, cap=len(everyone)
        )
        needed = max([*counts, ballot_totals[n], 1])
        verified = ctx.verified_by_city.get(city.pk, [])
        local = ctx.users_by_city.get(city.pk, [])
        if len(verified) >= needed and rng.random() < 0.5:
            participation, pool = Participation.VERIFIED, verified
        else:
            participation = Participation.REGISTERED
            pool = local if len(local) >= needed * 1.2 else everyone
        ranked = sorted(counts)
        top_decile = ranked[int(0.9 * (len(ranked) - 1))] if ranked else 0
        threshold = max(10, round(top_decile / 10) * 10) if top_decile else rng.choice([50, 100])
        title = PROCESS_TEXT[lang][0].format(city=city.name(lang), year=year)
        processes.append(
            (
                pk,
                windows["information"][0],
                windows["information"][0],
                city.pk,
                f"{slugify(f'{city.slug} {title}')[:70].strip('-')}-{ctx.tag}-{n}",
                _translated({lang: title}, lang),
                _translated({lang: _say(PROCESS_TEXT, lang, [2, 3])}, lang),
                participation,
                threshold,
                ProcessStatus.PUBLISHED,
                staff,
            )
        )
        first_category = ctx.ids.take(Category, 6)
        for i, (_topic_pk, names) in enumerate(rng.sample(ctx.topics, 6)):
            categories.append((first_category + i, pk, _translated({lang: names[lang]}, lang)))

        # Proposals, their supports, answers and comment debates.
        opened, closes = windows["proposals"]
        support_from, support_to = windows["supports"]
        accepted: list[tuple[int, str, Decimal, int | None, str]] = []
        first_proposal = ctx.ids.take(Proposal, len(counts))
        first_debate = ctx.ids.take(Debate, len(counts))
        for j, supported in enumerate(counts):
            proposal_pk = first_proposal + j
            created = _between(rng, opened, min(closes, now))
            author = rng.choice(pool)
            language = lang if rng.random() < 0.85 else rng.choice(LANGS)
            district_pk, district_name = rng.choice(places)
            action = rng.randrange(len(PROPOSAL_TITLES["en"]))
            proposal_title = f"{PROPOSAL_TITLES[language][action]} ({district_name})"[:150]
            body = _say(PROPOSAL_TEXT, language, rng.sample(range(8), rng.randint(2, 5)))
            cost = Decimal(rng.randrange(5, 400) * 1000)
            moments = sorted(
                _between(rng, support_from, min(support_to, now)) for _s in range(supported)
            )
            for person, at in zip(rng.sample(pool, supported), moments, strict=True):
                supports.append((proposal_pk, person, at))
            state, reached, answer, reason = ProposalState.PUBLISHED, None, "", ""
            answered_at, answered_by = None, None
            if rank >= 2 and supported >= threshold:
                state, reached = ProposalState.EVALUATING, moments[threshold - 1]
                if rank >= 3:
                    draw = rng.random()
                    evaluation = windows["evaluation"]
                    answered_at = _between(rng, evaluation[0], min(evaluation[1], now))
                    answered_by = staff
                    if draw < 0.55:
                        state = answer = ProposalState.ACCEPTED
                        reason = ANSWERS[lang][0]
                    elif draw < 0.85:
                        state = answer = ProposalState.REJECTED
                        reason = ANSWERS[lang][1]
                    else:
                        answered_at = answered_by = None
            elif rng.random() < 0.01:
                state = ProposalState.WITHDRAWN
            near = rng.random() < 0.5
            slug = f"proposal-{proposal_pk}"
            while slug in taken_slugs:
                slug += "-2"
            debate_pk = first_debate + j
            question = comment_question[language] % {"title": proposal_title}
            question_text = _translated({language: question}, language)
            debates.append((debate_pk, created, created, slug, question_text, city.pk, author))
            proposals.append(
                (
                    proposal_pk,
                    created,
                    answered_at or created,
                    pk,
                    author,
                    proposal_title,
                    body,
                    language,
                    first_category + rng.randrange(6),
                    district_pk,
                    city.latitude + rng.uniform(-0.04, 0.04) if near else None,
                    city.longitude + rng.uniform(-0.04, 0.04) if near else None,
                    cost,
                    state,
                    supported,
                    reached,
                    answer,
                    reason,
                    answered_at,
                    answered_by,
                    debate_pk,
                )
            )
            if state == ProposalState.ACCEPTED:
                accepted.append((proposal_pk, proposal_title, cost, district_pk, language))
                at = answered_at or now
                promise = _translated({language: proposal_title}, language)
                implementations.append((at, at, city.pk, pk, proposal_pk, promise, cost))

        # The budget, its projects and the secret ballots.
        if rank < 4:
            progress(1)
            continue
        budget_pk = ctx.ids.take(Budget)
        project_rows: list[tuple[int | None, dict[str, str], Decimal, int | None]] = []
        for source, source_title, cost, place, language in accepted[:20]:
            project_rows.append(
                (source, _translated({language: source_title}, language), cost, place)
            )
        ideas = [(a, p) for a in range(len(PROPOSAL_TITLES["en"])) for p in range(len(places))]
        ideas = rng.sample(ideas, min(len(ideas), 12))
        while len(project_rows) < 12:
            action, place_index = ideas.pop()
            district_pk, district_name = places[place_index]
            name = f"{PROPOSAL_TITLES[lang][action]} ({district_name})"
            cost = Decimal(rng.randrange(20, 500) * 1000)
            project_rows.append((None, _translated({lang: name}, lang), cost, district_pk))
        costs = [row[2] for row in project_rows]
        amount = max(sum(costs) * Decimal("0.35"), max(costs) * Decimal("1.5"))
        amount = Decimal(int(amount / 1000) * 1000)
        max_projects = rng.choice([3, 4, 5, 6])
        voting_from, voting_to = windows["voting"]
        budgets.append(
            (
                budget_pk,
                voting_from - timedelta(days=3),
                voting_from - timedelta(days=3),
                pk,
                _translated({lang: PROCESS_TEXT[lang][1].format(year=year)}, lang),
                amount,
                "EUR",
                1,
                max_projects,
            )
        )
        first_project = ctx.ids.take(BudgetProject, len(project_rows))
        project_pks = list(range(first_project, first_project + len(project_rows)))
        at = voting_from - timedelta(days=2)
        for project_pk, row in zip(project_pks, project_rows, strict=True):
            projects.append((project_pk, at, at, budget_pk, *row))
        popularity = [rng.paretovariate(1.5) for _ in project_pks]
        cost_of = dict(zip(project_pks, costs, strict=True))
        for voter in rng.sample(pool, ballot_totals[n]):
            wanted = rng.randint(1, max_projects)
            chosen: list[int] = []
            spent = Decimal(0)
            for project_pk in rng.choices(project_pks, weights=popularity, k=2 * wanted):
                if len(chosen) == wanted:
                    break
                if project_pk not in chosen and spent + cost_of[project_pk] <= amount:
                    chosen.append(project_pk)
                    spent += cost_of[project_pk]
            if not chosen:
                chosen.append(min(project_pks, key=lambda p: cost_of[p]))
            ballot_id = uuid.uuid4()
            receipts.append((budget_pk, voter, _between(rng, voting_from, min(voting_to, now))))
            ballots.append((ballot_id, budget_pk, ballot_key(budget_pk, voter)))
            choices.extend((uuid.uuid4(), ballot_id, project) for project in sorted(chosen))
        if stage == "closed":
            to_close.append((budget_pk, voting_to + timedelta(hours=2)))
        progress(1)

    fields = ["id", "created_at", "updated_at", "city", "slug", "title", "description"]
    fields += ["participation", "support_threshold", "status", "created_by"]
    Table(Process, fields, now).write(processes)
    Table(ProcessPhase, ["process", "kind", "starts_at", "ends_at"], now).write(phases)
    Table(Category, ["id", "process", "name"], now).write(categories)
    fields = ["id", "created_at", "updated_at", "slug", "question", "city", "created_by"]
    Table(Debate, fields, now).write(debates)
    fields = ["id", "created_at", "updated_at", "process", "author", "title", "body", "language"]
    fields += ["category", "district", "latitude", "longitude", "estimated_cost", "state"]
    fields += ["support_count", "threshold_reached_at", "answer", "answer_reason"]
    fields += ["answered_at", "answered_by", "debate"]
    Table(Proposal, fields, now).write(proposals)
    written_supports = Table(Support, ["proposal", "user", "created_at"], now).write(
        supports, progress
    )
    fields = ["created_at", "updated_at", "city", "process", "proposal", "title", "promised_cost"]
    Table(Implementation, fields, now).write(implementations)
    fields = ["id", "created_at", "updated_at", "process", "title", "amount", "currency"]
    Table(Budget, [*fields, "min_projects", "max_projects"], now).write(budgets)
    fields = ["id", "created_at", "updated_at", "budget", "proposal", "title", "cost", "district"]
    Table(BudgetProject, fields, now).write(projects)
    Table(BallotReceipt, ["budget", "user", "voted_at"], now).write(receipts)
    Table(Ballot, ["id", "budget", "key"], now).write(ballots, progress)
    Table(BallotChoice, ["id", "ballot", "project"], now).write(choices)
    # Budgets whose vote ended long ago are closed as the daily job closes them.
    ctx.ids.reset_sequences()
    for budget in Budget.objects.filter(pk__in=[pk for pk, _at in to_close]).order_by("pk"):
        close_budget(None, budget, now=dict(to_close)[budget.pk])
    return {
        "processes": len(processes),
        "proposals": len(proposals),
        "supports": written_supports,
        "budgets": len(budgets),
        "budget projects": len(projects),
        "ballots": len(ballots),
        "ballot choices": len(choices),
        "budgets closed": len(to_close),
    }


def make_practices(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.forum.models import Debate
    from metroagora.practices.models import (
        Indicator,
        Practice,
        PracticeStatus,
        ReviewComment,
        ReviewVerdict,
        Transfer,
        Transferability,
        TransferStatus,
        TransferUpdate,
    )

    rng, now, size = ctx.rng, ctx.now, ctx.size
    qa_question = {}
    for lang in LANGS:
        with translation.override(lang):
            qa_question[lang] = _("Questions and answers: %(title)s")
    taken = set(Debate.objects.filter(slug__startswith="practice-").values_list("slug", flat=True))
    first = ctx.ids.take(Practice, size.practices)
    practices, topic_links, debates, debate_topics, reviews, indicators = [], [], [], [], [], []
    transfers, transfer_updates = [], []
    statuses = [PracticeStatus.PUBLISHED] * 70 + [PracticeStatus.IN_REVIEW] * 10
    statuses += [PracticeStatus.CHANGES_REQUESTED] * 8 + [PracticeStatus.DRAFT] * 12
    transfer_states = list(TransferStatus)
    levels = list(Transferability)
    for n in range(size.practices):
        pk = first + n
        city = ctx.weighted_city(0.4)
        lang = ctx.content_lang(city)
        languages = [lang] if lang == "en" or rng.random() < 0.5 else [lang, "en"]
        chosen = rng.sample(ctx.topics, k=rng.choice([1, 2, 2, 3]))
        kind = rng.randrange(len(PRACTICE_KINDS["en"]))
        title = {
            x: f"{ctx.topic_name(chosen[0][1], x)}: {PRACTICE_KINDS[x][kind]}" for x in languages
        }
        status = rng.choice(statuses)
        figures = {"a": rng.randint(2, 15), "b": rng.randint(16, 60), "n": rng.randint(5, 400)}
        sections: dict[str, dict[str, str]] = {}
        for s, name in enumerate(SECTIONS):
            if status == PracticeStatus.DRAFT and s > 1:
                sections[name] = {}
                continue
            lines = rng.sample([3 * s, 3 * s + 1, 3 * s + 2], rng.randint(2, 3))
            sections[name] = _translated(
                {x: _say(PRACTICE_TEXT, x, lines, **figures) for x in languages}, lang
            )
        created = now - timedelta(days=rng.uniform(30, 4 * 365))
        author = ctx.staff_for(city.pk)
        submitted = published = None
        qa_debate = None
        slug = f"{slugify(title.get('en') or title[lang])[:60].strip('-')}-{ctx.tag}-{n}"
        if status != PracticeStatus.DRAFT:
            submitted = _between(rng, created, now)
            reviews.append((pk, author, ReviewVerdict.SUBMITTED, "", submitted))
        if status == PracticeStatus.CHANGES_REQUESTED:
            asked = _between(rng, submitted or created, now)
            reviews.append((pk, ctx.editor_id, ReviewVerdict.CHANGES, "", asked))
        if status == PracticeStatus.PUBLISHED:
            published = _between(rng, submitted or created, now)
            reviews.append((pk, ctx.editor_id, ReviewVerdict.PUBLISHED, "", published))
            qa_debate = ctx.ids.take(Debate)
            debate_slug = f"practice-{slug}"[:90]
            while debate_slug in taken:
                debate_slug += "-2"
            taken.add(debate_slug)
            question = {x: qa_question[x] % {"title": title[x]} for x in languages}
            debates.append(
                (
                    qa_debate,
                    published,
                    published,
                    debate_slug,
                    _translated(question, lang),
                    city.pk,
                    ctx.editor_id,
                )
            )
            debate_topics += [(qa_debate, topic_pk) for topic_pk, _names in chosen]
            others = [c for c in ctx.cities if c.pk != city.pk]
            for other in rng.sample(others, min(len(others), int(rng.paretovariate(2.0)) - 1)):
                transfer_pk = ctx.ids.take(Transfer)
                state = rng.choice(transfer_states)
                started = _between(rng, published, now)
                starter = ctx.staff_for(other.pk)
                transfers.append((transfer_pk, started, started, pk, other.pk, state, starter))
                transfer_updates.append((transfer_pk, starter, state, "", started))
        if status != PracticeStatus.DRAFT:
            for i in rng.sample(range(len(INDICATORS["en"])), rng.randint(1, 3)):
                baseline = Decimal(rng.randint(2, 40))
                value = baseline + Decimal(rng.randint(1, 40))
                year = (published or now).year
                indicators.append(
                    (pk, INDICATORS[lang][i], baseline, value, INDICATOR_UNITS[i], year)
                )
        given, family = _names(city.country)
        contact = f"{rng.choice(given)} {rng.choice(family)}"
        practices.append(
            (
                pk,
                created,
                published or submitted or created,
                slug,
                city.pk,
                _translated(title, lang),
                *sections.values(),
                Decimal(rng.randrange(10, 5_000) * 1000) if rng.random() < 0.6 else None,
                rng.choice(levels) if status != PracticeStatus.DRAFT else "",
                contact,
                TITLES[city.lang][1],
                f"{_ascii(contact.split()[0])}.{n}@{ctx.domain}",
                languages,
                (created - timedelta(days=rng.uniform(100, 1500))).date(),
                status,
                submitted,
                published,
                qa_debate,
                author,
            )
        )
        topic_links += [(pk, topic_pk) for topic_pk, _names in chosen]
    fields = ["id", "created_at", "updated_at", "slug", "question", "city", "created_by"]
    Table(Debate, fields, now).write(debates)
    Table(Debate.topics.through, ["debate_id", "topic_id"], now).write(debate_topics)
    fields = ["id", "created_at", "updated_at", "slug", "city", "title", *SECTIONS, "cost_eur"]
    fields += ["transferability", "contact_name", "contact_role", "contact_email", "languages"]
    fields += ["started_on", "status", "submitted_at", "published_at", "qa_debate", "created_by"]
    written = Table(Practice, fields, now).write(practices, progress)
    Table(Practice.topics.through, ["practice_id", "topic_id"], now).write(topic_links)
    fields = ["practice", "author", "verdict", "text", "created_at"]
    Table(ReviewComment, fields, now).write(reviews)
    fields = ["practice", "label", "baseline", "value", "unit", "year"]
    Table(Indicator, fields, now).write(indicators)
    fields = ["id", "created_at", "updated_at", "practice", "city", "status", "started_by"]
    Table(Transfer, fields, now).write(transfers)
    fields = ["transfer", "author", "status", "note", "created_at"]
    Table(TransferUpdate, fields, now).write(transfer_updates)
    return {
        "practices": written,
        "question-and-answer debates": len(debates),
        "indicators": len(indicators),
        "transfers": len(transfers),
    }


def make_calls(ctx: Context, progress: Progress) -> dict[str, int]:
    """EU funding calls through the real import (portal JSON, as the EU portal sends it)."""
    from metroagora.funding.portal_fixtures import generate_pages, to_json
    from metroagora.funding.services import import_calls

    pages, made = generate_pages(
        ctx.size.calls,
        seed=ctx.seed,
        now=ctx.now,
        page_size=500,
        duplicate_every=0,
        stub_every=0,
        title_suffix="",
    )
    suffix = f"-SCALE{ctx.run}"
    for page in pages:
        for row in page["results"]:
            metadata = row["metadata"]
            identifier = metadata["identifier"][0] + suffix
            metadata["identifier"] = [identifier]
            row["reference"] = f"{identifier}{row['language'].upper()}"
            row["url"] = row["url"].replace(".json", f"{suffix.lower()}.json")
    done = 0

    def follow(step: str, value: int, _total: int) -> None:
        nonlocal done
        if step == "calls" and value > done:
            progress(value - done)
            done = value

    report = import_calls(to_json(pages), now=ctx.now, progress=follow)
    return {"calls": report.created, "updated": report.updated}


def rebuild_index(ctx: Context, progress: Progress) -> dict[str, int]:
    from metroagora.search import indexing

    report = indexing.rebuild(progress=progress)
    return {f"{kind} documents": count for kind, count in report.counts.items()}


def _index_units(_size: Size) -> int:
    from metroagora.search import documents

    return sum(documents.count_objects().values())


# --- The run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    name: str
    make: Callable[[Context, Progress], dict[str, int]]
    units: Callable[[Size], int]  # what its progress bar counts


DATASETS = [
    Dataset("cities", make_cities, lambda s: s.cities),
    Dataset("users", make_users, lambda s: s.users),
    Dataset("events", make_events, lambda s: s.events + s.registrations),
    Dataset("forum", make_forum, lambda s: s.contributions),
    Dataset("opinion maps", make_opinions, lambda s: s.votes),
    Dataset("opinion analysis", analyse_opinions, lambda s: s.opinion_maps),
    Dataset("local decisions", make_decisions, lambda s: s.processes + s.supports + s.ballots),
    Dataset("best practices", make_practices, lambda s: s.practices),
    Dataset("funding calls", make_calls, lambda s: s.calls),
]
INDEX = Dataset("search index", rebuild_index, _index_units)


class AlreadyLoaded(Exception):
    """An earlier run's data is there (pass ``force`` to add another set)."""


@contextmanager
def _silent(_name: str, _total: int) -> Iterator[Progress]:
    yield _no_progress


BarFactory = Callable[[str, int], Any]  # (name, total) -> context manager giving a Progress


def _db_cpu_clock() -> Callable[[], float] | None:
    """On-CPU seconds of the PostgreSQL server process serving this connection, when it
    runs on this machine (else None): COPY's work happens there, not in Python."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat = Path(f"/proc/{pid}/schedstat")
    if not stat.exists():
        return None

    def clock() -> float:
        try:
            return int(stat.read_text().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return 0.0

    return clock


def _run(dataset: Dataset, ctx: Context, bar: BarFactory) -> DatasetReport:
    db_clock = _db_cpu_clock()
    started, cpu = time.perf_counter(), time.process_time()
    db_started = db_clock() if db_clock else 0.0
    with bar(dataset.name, dataset.units(ctx.size)) as progress, transaction.atomic():
        counts = dataset.make(ctx, progress)
        ctx.ids.reset_sequences()
    return DatasetReport(
        dataset.name,
        counts,
        time.perf_counter() - started,
        time.process_time() - cpu,
        db_clock() - db_started if db_clock else None,
    )


def seed_scale(
    size: str | Size,
    *,
    seed: int = 2026,
    force: bool = False,
    index: bool = False,
    bar: BarFactory = _silent,
    on_done: Callable[[DatasetReport], Any] | None = None,
) -> list[DatasetReport]:
    """Add one set of data of ``size`` (a name of SIZES, or a Size) to the database.

    Raises MissingBaseData without the demo network, AlreadyLoaded when an earlier run
    left its data and ``force`` is not given. Each dataset is written in a transaction
    of its own; ``bar(name, total)`` gives a progress callback per dataset and
    ``on_done`` hears each dataset's report as it ends.
    """
    chosen = SIZES[size] if isinstance(size, str) else size
    runs = previous_runs()
    if runs and not force:
        raise AlreadyLoaded(
            _(
                "Generated data is already loaded (%(runs)s run(s)). Add another set with "
                "--force, or start from a fresh database."
            )
            % {"runs": runs}
        )
    now = timezone.now().replace(microsecond=0)
    digest = hashlib.sha256(f"{seed}:{runs}".encode()).digest()
    ctx = Context(chosen, seed, runs + 1, now, random.Random(int.from_bytes(digest[:8], "big")))
    load_base(ctx)
    reports = []
    with search_indexing_paused():
        for dataset in DATASETS:
            reports.append(_run(dataset, ctx, bar))
            if on_done:
                on_done(reports[-1])
    if index:
        reports.append(_run(INDEX, ctx, bar))
        if on_done:
            on_done(reports[-1])
    return reports


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
