"""Agreement counts stay true under simultaneous clicks (PostgreSQL)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.testing import at_once, postgresql_only
from metroagora.forum import services
from metroagora.forum.models import Contribution, Reaction
from metroagora.forum.tests.factories import ContributionFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

THREADS = 8


def test_it_counts_one_agreement_per_person_however_fast_they_click():
    contribution = ContributionFactory()
    person = UserFactory()
    _results, errors = at_once([lambda: services.toggle_agreement(person, contribution)] * THREADS)
    assert errors == []
    rows = Reaction.objects.filter(contribution=contribution).count()
    assert rows in (0, 1)
    contribution = Contribution.objects.get(pk=contribution.pk)
    assert contribution.agree_count == rows


def test_it_counts_every_person_agreeing_at_once():
    contribution = ContributionFactory()
    people = [UserFactory() for _ in range(THREADS)]
    _results, errors = at_once(
        [lambda p=p: services.toggle_agreement(p, contribution) for p in people]
    )
    assert errors == []
    assert Reaction.objects.filter(contribution=contribution).count() == THREADS
    assert Contribution.objects.get(pk=contribution.pk).agree_count == THREADS
