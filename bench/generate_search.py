"""Benchmark of search: many synthetic documents straight into the index, then queries.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/generate_search.py [--docs 100000]

Run after ``manage.py migrate`` on a throw-away database (``bench/run.py`` does both,
on SQLite and, when reachable, PostgreSQL). No domain objects are created, only a few
cities (the index refers to them): ``--docs`` documents are generated in memory and
indexed through the search backend, the way ``rebuild_search_index`` does, and the
time of indexing them from an empty index is measured. Then ``QUERIES`` (single words,
two words, word forms, accents, prefixes, filters, nothing found) are run several
times each; the script prints one line of JSON with the figures.

The documents are realistic in shape: practices (long, often in two or three
languages), debates, contributions (short, a quarter with translations) and events,
in the six UI languages, each about a few civic themes drawn from a shared list of
concepts with several word forms each (so stemming matters), plus function words,
city names and a long tail of rare words, with Zipf-like frequencies: common words
match a large share of the documents, rare ones a handful. Seeded randomness.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fr", "de", "it", "es", "pl")
BATCH = 1_000
ROUNDS = 5  # each query is run this many times after one warm-up run

# One entry per concept, in the same order in every language; "|" separates word forms.
CONCEPTS = {
    "en": "budget|budgets participatory neighbourhood|neighbourhoods citizen|citizens "
    "council|councils city|cities mobility cycling|cyclists bus|buses tram|trams housing "
    "rent|rents energy climate heat|heatwaves tree|trees park|parks school|schools "
    "youth|young elderly health water waste recycling digital data platform|platforms "
    "vote|votes|voting consultation|consultations assembly|assemblies transparency "
    "funding|funds project|projects local european network|networks transport "
    "street|streets market|markets culture|cultural library|libraries employment|jobs "
    "training innovation tourism|tourists safety noise air pollution garden|gardens "
    "square|squares bridge|bridges port renovation|renovated social inclusion "
    "migrant|migrants women equality democracy|democratic",
    "fr": "budget|budgets participatif|participative|participatifs quartier|quartiers "
    "citoyen|citoyens|citoyennes conseil|conseils ville|villes mobilité|mobilités "
    "vélo|cyclistes bus tramway|tramways logement|logements loyer|loyers énergie|énergies "
    "climat|climatique chaleur|canicules arbre|arbres parc|parcs école|écoles "
    "jeunesse|jeunes aînés santé eau déchets recyclage numérique|numériques données "
    "plateforme|plateformes vote|votes|voter consultation|consultations "
    "assemblée|assemblées transparence financement|fonds projet|projets "
    "local|locale|locaux européen|européenne|européens réseau|réseaux "
    "transport|transports rue|rues marché|marchés culture|culturel "
    "bibliothèque|bibliothèques emploi|emplois formation innovation tourisme|touristes "
    "sécurité bruit air pollution jardin|jardins place|places pont|ponts port "
    "rénovation|rénové social|sociale inclusion migrant|migrants femmes égalité "
    "démocratie|démocratique",
    "de": "Haushalt|Bürgerhaushalt Beteiligung|Beteiligungshaushalt Stadtteil|Stadtteile "
    "Bürger|Bürgerinnen Gemeinderat|Räte Stadt|Städte Mobilität Radverkehr|Radfahrer "
    "Bus|Busse Straßenbahn|Straßenbahnen Wohnen|Wohnungen Miete|Mieten Energie "
    "Klima|klimatisch Hitze|Hitzewellen Baum|Bäume Park|Parks Schule|Schulen "
    "Jugend|Jugendliche Senioren Gesundheit Wasser Abfall Recycling digital|digitale "
    "Daten Plattform|Plattformen Abstimmung|Abstimmungen Befragung|Befragungen "
    "Versammlung|Versammlungen Transparenz Förderung|Fördermittel Projekt|Projekte "
    "lokal|lokale europäisch|europäische Netzwerk|Netzwerke Verkehr Straße|Straßen "
    "Markt|Märkte Kultur|kulturelle Bibliothek|Bibliotheken Beschäftigung|Arbeitsplätze "
    "Ausbildung Innovation Tourismus|Touristen Sicherheit Lärm Luft Verschmutzung "
    "Garten|Gärten Platz|Plätze Brücke|Brücken Hafen Sanierung|saniert sozial|soziale "
    "Inklusion Migranten|Zuwanderer Frauen Gleichstellung Demokratie|demokratisch",
    "it": "bilancio|bilanci partecipativo|partecipativa|partecipativi quartiere|quartieri "
    "cittadino|cittadini consiglio|consigli città mobilità bicicletta|ciclisti autobus "
    "tram abitazione|abitazioni affitto|affitti energia clima|climatico caldo|ondate "
    "albero|alberi parco|parchi scuola|scuole giovani|gioventù anziani salute acqua "
    "rifiuti riciclo digitale|digitali dati piattaforma|piattaforme voto|votazione "
    "consultazione|consultazioni assemblea|assemblee trasparenza finanziamento|fondi "
    "progetto|progetti locale|locali europeo|europea|europei rete|reti "
    "trasporto|trasporti strada|strade mercato|mercati cultura|culturale "
    "biblioteca|biblioteche occupazione|lavoro formazione innovazione turismo|turisti "
    "sicurezza rumore aria inquinamento giardino|giardini piazza|piazze ponte|ponti porto "
    "ristrutturazione|rinnovato sociale|sociali inclusione migranti donne uguaglianza "
    "democrazia|democratico",
    "es": "presupuesto|presupuestos participativo|participativa|participativos "
    "barrio|barrios ciudadano|ciudadanos|ciudadanía consejo|consejos ciudad|ciudades "
    "movilidad bicicleta|ciclistas autobús|autobuses tranvía|tranvías vivienda|viviendas "
    "alquiler|alquileres energía clima|climático calor|olas árbol|árboles parque|parques "
    "escuela|escuelas juventud|jóvenes mayores salud agua residuos reciclaje "
    "digital|digitales datos plataforma|plataformas voto|votación consulta|consultas "
    "asamblea|asambleas transparencia financiación|fondos proyecto|proyectos "
    "local|locales europeo|europea|europeos red|redes transporte|transportes calle|calles "
    "mercado|mercados cultura|cultural biblioteca|bibliotecas empleo|trabajo formación "
    "innovación turismo|turistas seguridad ruido aire contaminación jardín|jardines "
    "plaza|plazas puente|puentes puerto rehabilitación|renovado social|sociales inclusión "
    "migrantes mujeres igualdad democracia|democrático",
    "pl": "budżet|budżetu|budżety obywatelski|obywatelskiego|partycypacyjny "
    "dzielnica|dzielnicy|dzielnic mieszkaniec|mieszkańcy|mieszkańców rada|rady "
    "miasto|miasta|miast mobilność rower|rowerzyści autobus|autobusy tramwaj|tramwaje "
    "mieszkanie|mieszkania czynsz|czynsze energia|energii klimat|klimatu upał|upały "
    "drzewo|drzewa park|parki szkoła|szkoły młodzież|młodzieży seniorzy|seniorów zdrowie "
    "woda|wody odpady recykling cyfrowy|cyfrowe dane platforma|platformy "
    "głosowanie|głosowania konsultacje|konsultacji zgromadzenie|zgromadzenia "
    "przejrzystość finansowanie|fundusze projekt|projekty|projektów lokalny|lokalne "
    "europejski|europejskie sieć|sieci transport ulica|ulice|ulic rynek|rynki "
    "kultura|kultury biblioteka|biblioteki zatrudnienie|praca szkolenie|szkolenia "
    "innowacja|innowacje turystyka|turyści bezpieczeństwo hałas powietrze "
    "zanieczyszczenie ogród|ogrody plac|place most|mosty port remont|rewitalizacja "
    "społeczny|społeczne włączenie migranci kobiety równość demokracja|demokratyczny",
}


def _split(words: str) -> list[str]:
    return words.split()


FUNCTION_WORDS = {
    "en": _split(
        "the a of and to in for with on is are we our this that by from as it will "
        "have has more all their"
    ),
    "fr": _split(
        "le la les de des du et à en pour avec sur est sont nous notre ce cette par "
        "dans qui plus tous leur une un"
    ),
    "de": _split(
        "der die das und zu in für mit auf ist sind wir unser diese von aus als es "
        "wird haben mehr alle ihre ein eine"
    ),
    "it": _split(
        "il la le di del e a in per con su è sono noi nostro questo questa da che più "
        "tutti loro un una"
    ),
    "es": _split(
        "el la los las de del y a en para con sobre es son nosotros nuestro este esta "
        "por que más todos su un una"
    ),
    "pl": _split(
        "i w na do z dla o jest są my nasz ten ta przez od że więcej wszyscy ich się to nie"
    ),
}
CITY_NAMES = _split(
    "Lyon Milano Kraków Zürich Wien Barcelona Lisboa Gdańsk Göteborg København Málaga "
    "Nantes München Torino Wrocław Sevilla Bordeaux Köln Bologna Łódź València Porto "
    "Strasbourg Düsseldorf Genova Poznań Zaragoza Lille Nürnberg Napoli"
)
COUNTRIES = ["FR", "IT", "PL", "CH", "AT", "ES", "PT", "PL", "SE", "DK", "ES", "FR", "DE"]
TOPICS = _split("climate mobility housing participation democracy youth digital culture")
SYLLABLES = _split("ka lo mi ne ra to vi su de fa go pe li mo ru sa te bo ni ze")

# (label, query, filters) run by the benchmark; filters name SearchFilters fields.
QUERIES: list[tuple[str, str, dict[str, Any]]] = [
    ("common word (en)", "budget", {}),
    ("common word (fr)", "quartier", {}),
    ("common word (de)", "Bürger", {}),
    ("common word (it)", "cittadini", {}),
    ("common word (es)", "vivienda", {}),
    ("common word (pl)", "mieszkańców", {}),
    ("word form (fr)", "budgets participatifs", {}),
    ("word form (en)", "cities", {}),
    ("word form (de)", "Straßenbahnen", {}),
    ("word form (es)", "presupuestos participativos", {}),
    ("word form (pl)", "budżetów obywatelskich", {}),
    ("accent", "Zürich", {}),
    ("no accent", "zurich", {}),
    ("no accent (pl)", "budzet", {}),
    ("no accent (fr)", "energie", {}),
    ("prefix", "partic", {}),
    ("prefix", "mobil", {}),
    ("prefix (de)", "Stadtt", {}),
    ("rare word", "@rare0", {}),
    ("rare word", "@rare1", {}),
    ("rare word", "@rare2", {}),
    ("two words (en)", "climate heat", {}),
    ("two words (en)", "housing rents", {}),
    ("two words (fr)", "logement loyers", {}),
    ("two words (de)", "Klima Hitze", {}),
    ("two words (it)", "mobilità bicicletta", {}),
    ("two words (es)", "calor árboles", {}),
    ("two words (pl)", "zanieczyszczenie powietrze", {}),
    ("three words", "digital platform consultation", {}),
    ("city name", "Kraków", {}),
    ("city and word", "Lyon tramway", {}),
    ("common + rare", "budget @rare3", {}),
    ("stop word", "the", {}),
    ("nothing found", "zeppelin", {}),
    ("nothing found (two words)", "budget zeppelin", {}),
    ("type filter", "budget", {"kinds": ("practice",)}),
    ("type filter", "mobility", {"kinds": ("event",)}),
    ("type filter", "quartier", {"kinds": ("contribution",)}),
    ("country filter", "budget", {"country": "FR"}),
    ("country filter", "energia", {"country": "IT"}),
    ("city filter", "climate", {"city": 0}),
    ("topic filter", "housing", {"topic": "housing"}),
    ("language filter", "budget", {"language": "fr"}),
    ("language filter", "park", {"language": "de"}),
    ("date filter", "project", {"date_from": 365}),
    ("date filter", "school", {"date_from": 1200, "date_to": 700}),
    ("all filters", "budget", {"kinds": ("practice",), "country": "FR", "language": "fr"}),
    ("type + date", "transport", {"kinds": ("event",), "date_from": 400}),
    ("page 5", "city", {"page": 5}),
    ("long query", "budget " + "participatory " * 20, {}),
]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


class Vocabulary:
    def __init__(self, rng: random.Random, rare_words: int = 40_000):
        self.concepts = {lang: [c.split("|") for c in CONCEPTS[lang].split()] for lang in LANGS}
        sizes = {len(v) for v in self.concepts.values()}
        if len(sizes) != 1:
            raise SystemExit(f"concept lists differ in length: {sizes}")
        self.size = sizes.pop()
        # Zipf-like weights over concepts: a few are everywhere, most are occasional.
        self.weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(self.size)))
        self.rare = sorted({self._word(rng) for _ in range(rare_words)})
        self.rare_weights = list(
            accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(self.rare)))
        )
        self.concept_range = range(self.size)
        self.rare_range = range(len(self.rare))

    @staticmethod
    def _word(rng: random.Random) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))


def _text(rng: random.Random, vocab: Vocabulary, plan: list[tuple[str, int, int]], lang: str):
    """Render a plan (kinds of words with indices) in a language."""
    words = []
    function = FUNCTION_WORDS[lang]
    for kind, index, form in plan:
        if kind == "c":
            forms = vocab.concepts[lang][index]
            words.append(forms[form % len(forms)])
        elif kind == "f":
            words.append(function[index % len(function)])
        elif kind == "n":
            words.append(CITY_NAMES[index])
        else:
            words.append(vocab.rare[index])
    sentences = []
    for start in range(0, len(words), 11):
        sentence = " ".join(words[start : start + 11])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def _plan(rng: random.Random, vocab: Vocabulary, theme: list[int], length: int):
    plan = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.40:
            plan.append(("f", rng.randrange(100), 0))
        elif roll < 0.67:
            plan.append(("c", rng.choice(theme), rng.randrange(3)))
        elif roll < 0.87:
            index = rng.choices(vocab.concept_range, cum_weights=vocab.weights)[0]
            plan.append(("c", index, rng.randrange(3)))
        elif roll < 0.92:
            plan.append(("n", rng.randrange(len(CITY_NAMES)), 0))
        else:
            index = rng.choices(vocab.rare_range, cum_weights=vocab.rare_weights)[0]
            plan.append(("r", index, 0))
    return plan


def generate_documents(count: int, city_ids: Sequence[tuple[int, str]], seed: int = 2026):
    """``count`` synthetic documents (``Doc``), realistic in mix, length and languages."""
    from metroagora.search.documents import Doc

    rng = random.Random(seed)
    vocab = Vocabulary(rng)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    kinds = rng.choices(["practice", "debate", "contribution", "event"], [15, 5, 60, 20], k=count)
    docs: list[Doc] = []
    for n, kind in enumerate(kinds):
        theme = rng.choices(vocab.concept_range, cum_weights=vocab.weights, k=4)
        lang = rng.choices(LANGS, [30, 20, 15, 12, 12, 11])[0]
        if kind == "practice":
            title_len, body_len, extra = rng.randint(4, 8), rng.randint(250, 500), 2
        elif kind == "debate":
            title_len, body_len, extra = rng.randint(6, 10), rng.randint(80, 200), 1
        elif kind == "contribution":
            title_len, body_len, extra = rng.randint(6, 10), rng.randint(20, 120), 1
        else:
            title_len, body_len, extra = rng.randint(3, 7), rng.randint(40, 150), 1
        others = [x for x in LANGS if x != lang]
        translations = rng.sample(others, rng.randint(0, extra)) if rng.random() < 0.4 else []
        languages = [lang, *translations]
        title_plan = _plan(rng, vocab, theme, title_len)
        body_plan = _plan(rng, vocab, theme, body_len)
        city_id, country = city_ids[rng.randrange(len(city_ids))]
        docs.append(
            Doc(
                kind=kind,
                object_id=n + 1,
                title={x: _text(rng, vocab, title_plan, x) for x in languages},
                body={x: _text(rng, vocab, body_plan, x) for x in languages},
                language=lang,
                url=f"/bench/{kind}/{n + 1}/",
                city_id=city_id if kind != "contribution" or rng.random() < 0.5 else None,
                country=country,
                topics=rng.sample(TOPICS, rng.randint(0, 3)),
                date=now - timedelta(days=rng.uniform(0, 5 * 365)),
                index_title=kind != "contribution",
            )
        )
    return docs, vocab


def _cities() -> list[tuple[int, str]]:
    from metroagora.network.models import City

    cities = []
    for i, name in enumerate(CITY_NAMES):
        city, _created = City.objects.get_or_create(
            slug=f"bench-search-{i}",
            defaults={
                "name": {"en": name, "_original": "en"},
                "country": COUNTRIES[i % len(COUNTRIES)],
                "region": "west",
                "population": 500_000,
                "latitude": 45.0,
                "longitude": 5.0,
            },
        )
        cities.append((city.pk, str(city.country)))
    return cities


def _batches(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _filters(spec: dict[str, Any], cities: list[tuple[int, str]]):
    from metroagora.search.backends import SearchFilters

    now = datetime(2026, 11, 1, tzinfo=UTC)
    values = {k: v for k, v in spec.items() if k != "page"}
    if "city" in values:
        values["city_id"] = cities[values.pop("city")][0]
    for key in ("date_from", "date_to"):
        if key in values:
            values[key] = now - timedelta(days=values[key])
    return SearchFilters(**values)


def _cpu_clock(backend_pid: int | None):
    """On-CPU seconds of this thread plus the database server process serving us.

    Unlike the wall clock, this does not count waiting for a core on a busy machine.
    """
    schedstat = Path(f"/proc/{backend_pid}/schedstat") if backend_pid else None

    def clock() -> float:
        own = time.thread_time()
        if schedstat is not None:
            with contextlib.suppress(OSError, ValueError, IndexError):
                own += int(schedstat.read_text().split()[0]) / 1e9
        return own

    return clock


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def run(docs_count: int, seed: int = 2026, rounds: int = ROUNDS) -> dict[str, Any]:
    from django.db import connection, transaction

    from metroagora.search.backends import get_backend
    from metroagora.search.text import parse_query

    backend = get_backend()
    cities = _cities()
    t0 = time.perf_counter()
    docs, vocab = generate_documents(docs_count, cities, seed)
    generated = time.perf_counter() - t0
    words = sum(len(t.split()) for d in docs for t in [*d.title.values(), *d.body.values()])

    docs.sort(key=lambda doc: doc.date)  # the rebuild indexes oldest first, too
    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
    cpu = _cpu_clock(backend_pid)
    started, cpu_started = time.perf_counter(), cpu()
    with transaction.atomic(), backend.bulk_load():
        for batch in _batches(docs):
            backend.index(batch, fresh=True)
    indexing = time.perf_counter() - started
    indexing_cpu = cpu() - cpu_started

    cpu_times: list[float] = []
    rare = iter(vocab.rare[200:])
    results: list[dict[str, Any]] = []
    for label, text, spec in QUERIES:
        if "@rare" in text:
            text = text.replace(text.split()[-1], next(rare))
        query = parse_query(text)
        filters = _filters(spec, cities)
        offset = (spec.get("page", 1) - 1) * 20
        times = []
        total = 0
        for round_ in range(rounds + 1):
            c = cpu()
            t = time.perf_counter()
            result = backend.search(query, filters, 20, offset)
            elapsed = time.perf_counter() - t
            used = cpu() - c
            total = result.total
            if round_:  # the first run warms the caches
                times.append(elapsed)
                cpu_times.append(used)
        results.append(
            {"label": label, "query": text[:60], "total": total, "median": statistics.median(times)}
        )
        results[-1]["times"] = times
    all_times = sorted(t for r in results for t in r["times"])
    return {
        "vendor": connection.vendor,
        "docs": docs_count,
        "words": words,
        "generated_s": generated,
        "indexing_s": indexing,
        "indexing_cpu_s": indexing_cpu,
        "queries": len(results),
        "rounds": rounds,
        "median_ms": statistics.median(all_times) * 1000,
        "p95_ms": _percentile(all_times, 95) * 1000,
        "max_ms": all_times[-1] * 1000,
        "cpu_median_ms": statistics.median(cpu_times) * 1000,
        "cpu_p95_ms": _percentile(cpu_times, 95) * 1000,
        "load_average": os.getloadavg()[0],
        "per_query": [
            {k: r[k] for k in ("label", "query", "total")} | {"median_ms": r["median"] * 1000}
            for r in results
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to index")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="runs of each query")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    args = parser.parse_args()
    setup_django()
    print(json.dumps(run(args.docs, args.seed, args.rounds)))


if __name__ == "__main__":
    main()
