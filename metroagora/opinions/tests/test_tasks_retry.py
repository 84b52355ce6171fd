"""A recompute that fails runs again later (the results would otherwise wait for the next
vote), and a statement's translation runs again for the languages that failed
(core.jobs.retry_later). Running either twice does no harm."""

import pytest

from metroagora.forum.translation import TranslationError
from metroagora.opinions import tasks
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def dummy(settings):
    settings.TASKS = DUMMY
    backend = tasks.recompute_map.get_backend()
    backend.clear()
    return backend


def test_a_failed_recompute_runs_again_later(dummy, monkeypatch):
    opinion_map = OpinionMapFactory()
    real = tasks.run_analysis

    def broken(_map):
        raise MemoryError("out of memory")

    monkeypatch.setattr(tasks, "run_analysis", broken)
    with pytest.raises(MemoryError):
        tasks.recompute_map.call(opinion_map.pk)
    (retry,) = dummy.results
    assert retry.args == [opinion_map.pk] and retry.kwargs == {"attempt": 2}
    assert retry.task.run_after is not None
    monkeypatch.setattr(tasks, "run_analysis", real)
    assert retry.task.call(*retry.args, **retry.kwargs) == 0
    opinion_map.refresh_from_db()
    assert opinion_map.analysed_at is not None
    assert len(dummy.results) == 1


def test_a_recompute_stops_retrying_after_the_last_attempt(dummy, monkeypatch):
    opinion_map = OpinionMapFactory()
    monkeypatch.setattr(tasks, "run_analysis", lambda _map: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        tasks.recompute_map.call(opinion_map.pk, attempt=3)
    assert dummy.results == []


class FlakyBackend:
    name = "flaky"
    refused: list[str] = []

    def __init__(self, **_options):
        pass

    def translate(self, text, source, target):
        if target in FlakyBackend.refused:
            FlakyBackend.refused.remove(target)
            raise TranslationError("flaky: timed out")
        return f"[{target}] {text}"


def test_the_languages_that_failed_are_translated_by_a_later_run(dummy, settings):
    settings.MACHINE_TRANSLATION = {"BACKEND": f"{__name__}.FlakyBackend"}
    FlakyBackend.refused = ["pl"]
    statement = StatementFactory(language="en")
    made = tasks.translate_statement.call(statement.pk)
    (retry,) = dummy.results
    assert retry.kwargs == {"attempt": 2} and retry.task.run_after is not None
    assert retry.task.call(*retry.args, **retry.kwargs) == 1
    assert statement.translations.count() == made + 1
    assert statement.translations.filter(language="pl").exists()
    assert len(dummy.results) == 1
