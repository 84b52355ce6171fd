"""EU funding in the browser: a city coordinator describes the city's needs, sees the
open calls ranked with the reasons they match, watches the best one for the city, and
finds its deadline in the calendar and in their private deadline feed. Every page
visited is checked with axe and for Content Security Policy errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from e2e.conftest import ConsoleLog
from e2e.test_events import coordinator_of
from e2e.test_forum import Browsers
from e2e.test_practices import check, city, click_and_wait, main_text, messages, path_of, topic


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def programme(short: str, slug: str, name: str, fit: int) -> Any:
    from metroagora.funding.models import Programme

    # The programmes come from a data migration, which a transactional test may have
    # flushed: create them when they are missing.
    found, _created = Programme.objects.get_or_create(
        short_name=short,
        defaults={"slug": slug, "name": {"en": name, "_original": "en"}, "city_fit": fit},
    )
    return found


def call(identifier: str, title: str, keywords: list[str], text: str, owner: Any, **fields: Any):
    from django.utils import timezone

    from metroagora.funding import matching
    from metroagora.funding.models import Call

    now = timezone.now()
    made = Call.objects.create(
        identifier=identifier,
        title=title,
        keywords=keywords,
        description=f"<p>{text}</p>",
        opens_at=now - timedelta(days=10),
        deadline=(now + timedelta(days=40)).replace(hour=16, minute=0, second=0, microsecond=0),
        source="imported",
        url=f"https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/"
        f"opportunities/topic-details/{identifier}",
        match_terms=matching.call_terms(title, keywords, text),
        programme=owner,
        **fields,
    )
    return made


def test_a_coordinator_finds_ranked_calls_for_the_city_watches_one_and_gets_its_deadline(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from django.utils import timezone

    from metroagora.funding.models import CityNeeds, Watch

    lyon = city("lyon", "Lyon", "FR")
    climate = topic("climate", "Climate")
    if climate.group != "policy":  # recreated after a transactional test flushed the fixed list
        climate.group = "policy"
        climate.save(update_fields=["group"])
    coordinator = coordinator_of(lyon, "coordinator.lyon@example.org")
    life = programme("LIFE", "life", "LIFE Programme", 2)
    cerv = programme("CERV", "cerv", "Citizens, Equality, Rights and Values", 2)
    heat = call(
        "LIFE-2026-SAP-CLIMA-HEAT",
        "Urban heat resilience: nature-based solutions for schools",
        ["Urban heat", "Schools", "Climate adaptation"],
        "Cities green schoolyards and streets with trees to cool the most exposed districts.",
        life,
        action_type="LIFE Standard Action Projects",
        min_contribution=1_000_000,
        max_contribution=2_000_000,
        budget_eur=10_000_000,
    )
    heat.topics.set([climate])
    call(
        "CERV-2026-CITIZENS-TOWN-TT",
        "Town twinning: citizens' meetings on the future of Europe",
        ["Town twinning"],
        "Municipalities bring together citizens of twinned towns.",
        cerv,
        action_type="CERV Lump Sum Grants",
        max_contribution=30_000,
    )

    page = browsers.open(coordinator)
    # From the main navigation to the calls, then to the city's needs.
    page.goto("/en/funding/")
    check(page, console, "calls list (coordinator)")
    assert "2 calls" in main_text(page)
    click_and_wait(
        page, page.locator("main .funding-nav").get_by_role("link", name="Calls for our needs")
    )
    assert path_of(page) == "/en/funding/match/lyon/"  # their only city
    check(page, console, "needs form, empty")
    assert "Lyon has not described its needs yet." in main_text(page)

    form = page.locator("main form.stacked-form")
    form.get_by_label("What does your city want to do?").fill(
        "Our schools overheat every summer. We want to plant trees and create shade in "
        "schoolyards and streets of the densest districts."
    )
    form.get_by_label("Priorities").fill("urban heat in schools\nmore trees in streets")
    form.get_by_label("Language of the text").select_option("en")
    form.get_by_label("Climate (EU policy areas)").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Save and rank the calls").click()
    assert "Your needs are saved" in messages(page)
    needs = CityNeeds.objects.get(city=lyon)
    assert needs.priorities == ["urban heat in schools", "more trees in streets"]
    check(page, console, "needs with ranked calls")

    # The heat call comes first, and the page says why.
    ranked = page.locator("#ranked-calls > li")
    assert ranked.count() >= 1
    best = ranked.first
    assert heat.title in best.locator("h3").inner_text()
    reasons = best.locator(".match-reasons").inner_text()
    assert "Your words in the call:" in reasons
    assert "heat" in reasons and "from your priorities:" in reasons
    assert "Shared topics: Climate" in reasons
    assert "Programme LIFE: Cities often apply." in reasons
    assert "per inhabitant" in reasons
    if ranked.count() > 1:
        assert "Town twinning" not in best.inner_text()

    # Watch it for the city, from the ranking.
    with page.expect_navigation():
        best.get_by_role("button", name=f"Watch this call {heat.identifier}").click()
    assert path_of(page) == "/en/funding/match/lyon/"
    assert "Lyon watches this call" in messages(page)
    assert "Lyon watches this call." in page.locator("#ranked-calls > li").first.inner_text()
    assert Watch.objects.filter(city=lyon, call=heat).exists()
    check(page, console, "ranked calls after watching")

    # The call's page shows it is watched.
    click_and_wait(page, page.locator("#ranked-calls > li").first.locator("h3 a"))
    assert path_of(page) == heat.get_absolute_url()
    assert "Lyon watches this call." in main_text(page)
    check(page, console, "call page")

    # The deadline is in the calendar of watched calls...
    month = timezone.localtime(heat.deadline).strftime("%Y-%m")
    page.goto(f"/en/funding/calendar/?month={month}&watched=1")
    check(page, console, "deadline calendar, watched calls")
    table = page.locator("main table.deadline-table")
    assert heat.identifier in table.inner_text()
    assert "Town twinning" not in table.inner_text()

    # ...and in the coordinator's private iCalendar feed, linked from the watch list.
    page.goto("/en/funding/watches/")
    check(page, console, "watch list")
    assert heat.title in page.locator("#cities-heading + *").inner_text()
    feed_link = page.get_by_role("link", name="Subscribe to these deadlines (iCalendar)")
    feed = page.request.get(str(feed_link.get_attribute("href")))
    assert feed.ok
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    body = feed.text()
    assert f"UID:call-{heat.pk}-deadline-1@metroagora" in body
    assert "SUMMARY:Deadline: LIFE-2026-SAP-CLIMA-HEAT" in body
    assert "CERV-2026-CITIZENS-TOWN-TT" not in body
