"""The background recompute: it stores the summary the results page reads."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus

from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tasks import recompute_map
from metroagora.opinions.tests.factories import OpinionMapFactory, vote_in_two_camps


@pytest.fixture
def camps(db):
    return vote_in_two_camps(OpinionMapFactory())


def test_it_stores_the_analysis_on_the_map(camps):
    result = recompute_map.enqueue(camps.opinion_map.pk)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 100
    opinion_map = camps.opinion_map
    opinion_map.refresh_from_db()
    assert opinion_map.analysed_votes == 100
    assert opinion_map.analysed_at is not None
    assert opinion_map.analysis_seconds > 0
    summary = opinion_map.analysis
    assert summary["participants"] == 20
    assert sorted(g["size"] for g in summary["groups"]) == [10, 10]
    assert summary["consensus"]["agree"] == [camps.statements[4].pk]
    assert set(summary["divisive"]) == {s.pk for s in camps.statements[:4]}
    assert opinion_map.analysis_state["k"] == 2


def test_it_keeps_group_numbers_from_run_to_run(camps):
    opinion_map = camps.opinion_map
    recompute_map.call(opinion_map.pk)
    opinion_map.refresh_from_db()
    first = {g["id"]: sorted(g["hull"]) for g in opinion_map.analysis["groups"]}
    recompute_map.call(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert {g["id"]: sorted(g["hull"]) for g in opinion_map.analysis["groups"]} == first


def test_it_leaves_rejected_and_meta_statements_off_the_map_but_counts_them(camps):
    rejected, meta = camps.statements[0], camps.statements[4]
    rejected.status = StatementStatus.REJECTED
    rejected.save()
    meta.is_meta = True
    meta.save()
    recompute_map.call(camps.opinion_map.pk)
    camps.opinion_map.refresh_from_db()
    summary = camps.opinion_map.analysis
    assert set(summary["excluded"]) == {rejected.pk, meta.pk}
    assert summary["statements"][str(rejected.pk)]["agree"] == 10
    represented = {r["statement"] for g in summary["groups"] for r in g["representative"]}
    assert represented and rejected.pk not in represented
    assert rejected.pk not in summary["divisive"]
    assert meta.pk not in summary["consensus"]["agree"]


def test_it_does_nothing_for_a_map_that_is_gone(db):
    assert recompute_map.call(123456) == 0


def test_it_analyses_a_map_without_votes(db):
    opinion_map = OpinionMapFactory()
    assert recompute_map.call(opinion_map.pk) == 0
    opinion_map.refresh_from_db()
    assert opinion_map.analysed_at is not None
    assert opinion_map.analysis["participants"] == 0


def test_it_keeps_the_booking_as_the_throttle_window_without_a_deferring_backend(camps):
    opinion_map = camps.opinion_map
    opinion_map.recompute_due_at = timezone.now() - timedelta(seconds=1)
    opinion_map.save(update_fields=["recompute_due_at"])
    recompute_map.call(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at is not None


def test_it_clears_only_a_booking_whose_time_has_come(camps, monkeypatch):
    monkeypatch.setattr(type(recompute_map.get_backend()), "supports_defer", True)
    opinion_map = camps.opinion_map
    later = timezone.now() + timedelta(seconds=30)
    opinion_map.recompute_due_at = later  # a newer run is booked: keep it
    opinion_map.save(update_fields=["recompute_due_at"])
    recompute_map.call(opinion_map.pk)
    opinion_map.refresh_from_db()
    assert opinion_map.recompute_due_at == later
    assert opinion_map.analysed_at is not None
