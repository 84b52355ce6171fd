"""Function benchmarks (pytest-benchmark), run by ``bench/run.py``.

Run on their own with::

    python -m pytest bench/test_bench_functions.py -p no:cacheprovider

The file path must be given explicitly: the project's pytest ``testpaths`` do not
include ``bench/``.
"""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from metroagora.core.text import render_markdown
from metroagora.core.translated import TranslatedText
from metroagora.network import selectors
from metroagora.network.geo import load_europe_map

# A 2 KB piece of editorial text using the constructs people actually write.
MARKDOWN_2KB = """\
# Milan joins the network

Milan has been a **founding member** of the network since 2018. The city works on
*mobility*, *housing* and *climate adaptation* with its partners across Europe, and
shares its [open data portal](https://dati.comune.milano.it) with the other members.

## What the city brings

- A metropolitan area of more than three million inhabitants
- Twelve years of experience with participatory budgeting
- A public transport authority that publishes its timetables as open data
- Research partners such as the [Politecnico](https://www.polimi.it "Politecnico di Milano")

## Working groups

1. Mobility: low-emission zones, cycling lanes and school streets
2. Housing: affordable rents, renovation of public stock
3. Climate: urban forestry and heat plans for the summer months

> Cities learn fastest from each other. What works in Milan can be adapted in
> Lyon, Kraków or Valencia, and the other way round.

| Topic     | Lead city | Since |
|-----------|-----------|-------|
| Mobility  | Milan     | 2019  |
| Housing   | Vienna    | 2020  |
| Climate   | Lyon      | 2021  |

### Contact

Write to the city's European affairs office, or use the `contact` form on the city page.
Inline HTML such as <script>alert("x")</script> is removed by the sanitiser, and so is
<img src=x onerror=alert(1)>; plain links like https://example.org stay as text.

---

Further reading: the network's annual report describes each member's projects, with
figures on budgets, participants and results. It is published every spring in six
languages; the English version is the reference text. Earlier reports remain online.

## Next steps

The city council will vote on the **2025 climate plan** in the autumn session. Until
then, residents can comment on the draft in the city's consultation platform, and the
working group will meet in Brussels with the members from Vienna, Lyon and Kraków to
compare heat plans. Notes from each meeting are posted on this page, in English first
and then in Italian, so that everyone can follow the work and take part in it.
"""


@pytest.fixture(autouse=True)
def _reset_map_cache():
    """Leave the module-level map cache warm for whoever runs after us."""
    yield
    load_europe_map()


def test_load_europe_map_cold(benchmark):
    """Reading and parsing data/europe.json (lru_cache cleared before each round)."""
    result = benchmark.pedantic(
        load_europe_map, setup=load_europe_map.cache_clear, rounds=30, iterations=1
    )
    assert result.countries


def test_load_europe_map_warm(benchmark):
    """The cached call, as every request after the first one sees it."""
    load_europe_map()
    assert benchmark(load_europe_map).countries


def test_europe_map_project_1000_points(benchmark):
    europe = load_europe_map()
    rng = random.Random(42)
    points = [(rng.uniform(-25.0, 45.0), rng.uniform(34.0, 71.0)) for _ in range(1000)]

    def project_all():
        return [europe.project(lon, lat) for lon, lat in points]

    assert len(benchmark(project_all)) == 1000


def test_translated_text_resolve(benchmark):
    """Resolving a name in the active language, falling back to the original."""
    text = TranslatedText.from_json(
        {"_original": "it", "it": "Milano", "en": "Milan", "fr": "Milan", "de": "Mailand"}
    )
    langs = ["en", "fr", "de", "pl", "es", "it", None, "en-gb"]

    def resolve_all():
        return [text.resolve(lang) for lang in langs]

    result = benchmark(resolve_all)
    assert result[0] == ("Milan", "en")
    assert result[3] == ("Milano", "it")  # fallback to the original


def test_render_markdown_2kb(benchmark):
    assert 1900 <= len(MARKDOWN_2KB.encode()) <= 2300  # about 2 KB
    html = benchmark(render_markdown, MARKDOWN_2KB)
    assert "<script" not in html
    assert "<h2>Milan joins the network</h2>" in html


@pytest.fixture
def demo_db(db):
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_network_overview(benchmark, demo_db):
    """The selector behind / and /cities/: 2 queries, sorting, projecting every city."""
    overview = benchmark(selectors.network_overview)
    assert overview.cities and overview.points


def test_city_for_page(benchmark, demo_db):
    """The selector behind /cities/<slug>/: the city plus 2 prefetch queries."""

    def load():
        return selectors.city_for_page("milan").first()

    city = benchmark(load)
    assert city is not None and city.slug == "milan"


def test_sqlite_connection_setup(benchmark, tmp_path, django_db_blocker):
    """Open a connection with the project's SQLite OPTIONS (PRAGMAs), SELECT 1, close.

    With SQLite the settings leave CONN_MAX_AGE at 0, so every request that touches
    the database (``/healthz`` included) pays this once.
    """
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = {**connections["default"].settings_dict, "NAME": str(tmp_path / "b.db")}

    def connect_query_close():
        wrapper = DatabaseWrapper(settings_dict, alias="bench")
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        wrapper.close()
        return row

    with django_db_blocker.unblock():  # a separate file database, not the test one
        assert benchmark(connect_query_close) == (1,)
