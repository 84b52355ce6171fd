"""The anonymous ballots CSV and the invitation codes CSV: no text people wrote can run as a
spreadsheet formula, and the ballots' 0/1 cells stay numbers."""

import csv
import io
from decimal import Decimal

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    set_phases,
)
from metroagora.network.tests.factories import MembershipFactory

EVIL = '=HYPERLINK("http://evil","x")'


def _rows(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content)))


def test_the_ballots_csv_holds_numbers_only(client, people, roles):
    budget = BudgetFactory(
        process=ProcessFactory(city=roles.city, phase="voting"),
        title={"en": EVIL},
        amount=Decimal("100000"),
        min_projects=1,
        max_projects=2,
    )
    evil = ProjectFactory(budget=budget, title={"en": EVIL}, cost=Decimal("5000"))
    other = ProjectFactory(budget=budget, title={"en": "@SUM(A1)"}, cost=Decimal("10"))
    for chosen in ([evil.pk], [evil.pk, other.pk]):
        voter = UserFactory()
        MembershipFactory(user=voter, city=roles.city, role="resident")
        services.cast_ballot(voter, budget, chosen)
    set_phases(budget.process, "implementation")
    services.close_budget(people["admin"], budget)

    response = client.get(f"/en/decisions/budgets/{budget.pk}/ballots.csv")

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "HYPERLINK" not in content and "SUM" not in content  # no titles at all
    header, *ballots = _rows(content)
    assert header == ["ballot", f"project_{evil.pk}", f"project_{other.pk}"]
    assert [row[0] for row in ballots] == ["1", "2"]
    assert sorted(row[1:] for row in ballots) == [["1", "0"], ["1", "1"]]  # numbers, no "'"


def test_the_codes_csv_neutralises_the_city_name(client, roles):
    roles.city.name = {"en": EVIL, "_original": "en"}
    roles.city.save(update_fields=["name"])
    batch = services.generate_invitation_codes(
        roles.coordinator, roles.city, count=2, label="@SUM(A1)"
    )
    client.force_login(roles.coordinator)

    response = client.get(f"/en/decisions/manage/codes/{batch.pk}.csv")

    assert response.status_code == 200
    header, *codes = _rows(response.content.decode())
    assert header == ["code", "city", "verify_at", "used_at"]
    assert len(codes) == 2
    assert {row[1] for row in codes} == {"'" + EVIL}
    assert all(row[0] and row[0][0] not in "=+-@" for row in codes)


def test_a_copy_of_the_codes_is_in_the_audit_log(client, roles):
    from metroagora.core.audit import summary
    from metroagora.core.models import AuditEntry

    batch = services.generate_invitation_codes(
        roles.coordinator, roles.city, count=2, label="Market day"
    )
    client.force_login(roles.coordinator)
    assert client.get(f"/en/decisions/manage/codes/{batch.pk}.csv").status_code == 200
    entry = AuditEntry.objects.get(action="decisions.download_codes")
    assert (entry.actor, entry.city) == (roles.coordinator, roles.city)
    assert summary(entry) == (
        f"Downloaded the invitation codes of batch {batch.pk} for {roles.city.name}"
    )
