"""The impact dashboard in the browser: a visitor reads the network's figures, switches to
a city with the plain form, opens a chart's table alternative; the city's coordinator
sees the detail; a network admin computes the figures again from the page (htmx).

The data is seeded with factories, then the figures are computed once with
``services.refresh_impact_figures`` (as the nightly task does). Every page visited is
checked with axe and for Content Security Policy errors, with the tables open too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from e2e.conftest import ConsoleLog
from e2e.test_events import coordinator_of
from e2e.test_forum import Browsers
from e2e.test_practices import check, city, click_and_wait, main_text, path_of


@pytest.fixture
def browsers(browser: Any, live_server: Any, console: ConsoleLog) -> Iterator[Browsers]:
    opened = Browsers(browser, live_server, console)
    try:
        yield opened
    finally:
        opened.close()


def seed_figures() -> dict[str, Any]:
    """Two cities with attendees, a debate and a funded project; the figures computed."""
    from decimal import Decimal

    from django.utils import timezone

    from metroagora.accounts.tests.factories import UserFactory
    from metroagora.events.tests.factories import EventFactory, RegistrationFactory
    from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
    from metroagora.funding.tests.factories import FundedProjectFactory, ParticipantFactory
    from metroagora.impact.models import ImpactRefresh, RefreshStatus
    from metroagora.impact.services import refresh_impact_figures

    now = timezone.now()
    lyon = city("lyon", "Lyon", "FR")
    milan = city("milan", "Milan", "IT")
    event = EventFactory(
        city=lyon,
        status="held",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=4),
        title={"en": "Lyon Citizens' Forum", "_original": "en"},
    )
    for index in range(24):
        consent = index % 3 != 0
        RegistrationFactory(
            event=event,
            checked_in_at=now - timedelta(days=20),
            residence_country="FR" if index % 4 else "IT",
            role="citizen" if index % 5 else "civil_society",
            demographics_consent=consent,
            age_bracket=("18-30", "31-45", "46-60")[index % 3] if consent else "",
            gender=("woman", "man")[index % 2] if consent else "",
        )
    debate = DebateFactory(city=milan)
    for _n in range(6):
        ContributionFactory(debate=debate, author=UserFactory())
    project = FundedProjectFactory(programme=None)  # the programmes may have been flushed
    ParticipantFactory(project=project, city=lyon, eu_contribution=Decimal("750000"))
    refresh_impact_figures()
    ImpactRefresh.objects.create(status=RefreshStatus.DONE, finished_at=now, figures=1)
    return {"lyon": lyon, "milan": milan, "event": event}


def open_tables(page: Any) -> None:
    for summary in page.locator("main details.impact-table > summary").all():
        summary.click()


def test_a_visitor_reads_the_dashboard_switches_to_a_city_and_reads_a_table(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    seeded = seed_figures()
    visitor = browsers.open()
    visitor.goto("/en/")
    click_and_wait(visitor, visitor.locator("header nav a", has_text="Impact"))
    assert path_of(visitor) == "/en/impact/"
    check(visitor, console, "the network's dashboard")
    assert visitor.locator("h1").inner_text() == "Impact of the network"
    taking_part = visitor.locator("#figures li", has_text="People taking part").first
    assert taking_part.locator("strong").inner_text() == "30"  # 24 attendees, 6 contributors
    # every chart is a picture with a name
    charts = visitor.locator("main svg.impact-chart")
    assert charts.count() >= 10
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("role") == "img"
        assert charts.nth(index).locator("title").count() == 1

    # Switch to Lyon with the plain form.
    visitor.get_by_label("Figures of", exact=True).select_option(label="Lyon")
    click_and_wait(visitor, visitor.get_by_role("button", name="Show"))
    assert path_of(visitor) == "/en/impact/lyon/"
    check(visitor, console, "Lyon's dashboard")
    assert visitor.locator("h1").inner_text() == "Impact in Lyon"
    assert "750,000" in main_text(visitor)
    assert visitor.locator("#detail").count() == 0  # the coordinators' part

    # The table alternative of the age chart, opened from its summary.
    ages = visitor.locator("#by-age")
    table = ages.locator("table")
    assert not table.is_visible()
    ages.locator("summary").click()
    assert table.is_visible()
    assert table.locator("caption").inner_text() == "Event participants by age bracket"
    rows = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in table.locator("tbody tr").all()
    }
    assert rows == {"31 to 45": "8", "46 to 60": "8", "Not given": "8"}
    open_tables(visitor)
    check(visitor, console, "Lyon's dashboard with its tables open")

    # The CSV download.
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Every figure of this page (CSV)").click()
    assert download.value.suggested_filename == "metroagora-impact-lyon.csv"
    assert seeded["lyon"].slug in path_of(visitor)


def test_the_coordinator_sees_the_detail_and_an_admin_computes_the_figures_again(
    browsers: Browsers, transactional_db: None, console: ConsoleLog
) -> None:
    from metroagora.accounts.tests.factories import UserFactory, with_two_factor
    from metroagora.impact.models import ImpactRefresh, RefreshStatus

    seeded = seed_figures()
    coordinator = browsers.open(coordinator_of(seeded["lyon"], "coordinator.lyon@example.org"))
    coordinator.goto("/en/impact/lyon/")
    check(coordinator, console, "Lyon's dashboard (its coordinator)")
    detail = coordinator.locator("#detail")
    assert detail.locator("h2").inner_text() == "In detail, for the city's coordinators"
    event_row = detail.locator("tr", has_text="Lyon Citizens' Forum")
    assert [cell.inner_text() for cell in event_row.locator("td.num").all()] == ["24", "24"]
    assert coordinator.get_by_role("button", name="Compute the figures now").count() == 0

    admin = browsers.open(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    admin.goto("/en/impact/")
    check(admin, console, "the network's dashboard (a network admin)")
    status = admin.locator("#refresh-status")
    assert "Last computed on" in status.inner_text()
    admin.get_by_role("button", name="Compute the figures now").click()
    # htmx swaps the box in place: the computation ran, the box says so and links back
    admin.get_by_role("link", name="Show the dashboard with these figures").wait_for()
    assert path_of(admin) == "/en/impact/"
    latest = ImpactRefresh.objects.order_by("-pk").first()
    assert latest is not None and latest.status == RefreshStatus.DONE
    assert latest.requested_by is not None and latest.requested_by.is_superuser
    check(admin, console, "the dashboard after computing the figures")
