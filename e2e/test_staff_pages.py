"""The staff pages the flow tests do not visit: axe-clean, in English and French.

A city coordinator's pages for a practice's figures and media and for linking an
event's practices, and their city's audit log (with entries, filtered and not); a
moderator's pages to open, import and moderate opinion maps.
"""

from __future__ import annotations

from typing import Any

import pytest

from e2e.conftest import ConsoleLog, assert_accessible, assert_no_csp_violations
from e2e.test_events import coordinator_of, sign_in


@pytest.fixture
def staff(db: Any) -> dict[str, Any]:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor
    from metroagora.events.tests.factories import EventFactory
    from metroagora.network.tests.factories import CityFactory
    from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory
    from metroagora.practices.tests.factories import PracticeFactory

    city = CityFactory(slug="lyon")
    coordinator = coordinator_of(city)
    PracticeFactory(city=city, published=True)  # listed on the event's page
    practice = PracticeFactory(city=city)  # a draft: its city still edits it
    event = EventFactory(city=city, status="held")
    opinion_map = OpinionMapFactory(slug="staff-map")
    StatementFactory(opinion_map=opinion_map, status="pending", text="A statement to review")
    moderator = with_two_factor(UserFactory(email="mod@example.org", is_moderator=True))
    from metroagora.core.audit import record

    record(coordinator, "events.set_status", obj_label=event, city=city, status="held")
    record(coordinator, "network.verify", obj_label="A resident", city=city, place="Lyon")
    return {
        "coordinator": coordinator,
        "moderator": moderator,
        "pages": {
            "coordinator": [
                f"/{{lang}}/practices/{practice.slug}/media/",
                f"/{{lang}}/practices/event/{event.slug}/",
                "/{lang}/audit/",
                "/{lang}/audit/?since=2020-01-01&actor=nobody-by-that-name",
            ],
            "moderator": [
                "/{lang}/opinions/new/",
                "/{lang}/opinions/import/",
                f"/{{lang}}/opinions/{opinion_map.slug}/moderate/",
            ],
        },
    }


@pytest.mark.parametrize("who", ["coordinator", "moderator"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_staff_pages_are_accessible(
    page: Any, live_server: Any, console: ConsoleLog, staff: dict[str, Any], who: str, lang: str
) -> None:
    sign_in(page.context, live_server, staff[who])
    for template in staff["pages"][who]:
        path = template.format(lang=lang)
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, path)
    assert_no_csp_violations(console, f"on the {who}'s pages ({lang})")
