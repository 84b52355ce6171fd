"""Machine translation of a contribution runs again later for the languages the service
failed on (core.jobs.retry_later), and only for those; it stops after the last attempt."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import services
from metroagora.forum.tasks import translate_contribution
from metroagora.forum.translation import TranslationError

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class FlakyBackend:
    """Fails for the languages in ``refused`` (each as many times as listed)."""

    name = "flaky"
    refused: list[str] = []
    asked: list[str] = []

    def __init__(self, **_options):
        pass

    def translate(self, text, source, target):
        FlakyBackend.asked.append(target)
        if target in FlakyBackend.refused:
            FlakyBackend.refused.remove(target)
            raise TranslationError("flaky: timed out")
        return f"[{target}] {text}"


@pytest.fixture
def contribution(db, settings):
    settings.MACHINE_TRANSLATION = {"BACKEND": f"{__name__}.FlakyBackend"}
    settings.TASKS = DUMMY
    FlakyBackend.refused, FlakyBackend.asked = [], []
    debate = services.open_debate(
        UserFactory(is_superuser=True), slug="d", question={"en": "Q?", "_original": "en"}
    )
    made = services.post_contribution(
        UserFactory(), debate, text="Ciao", stance="for", language="it"
    )
    translate_contribution.get_backend().clear()
    return made


def test_the_languages_that_failed_are_translated_by_a_later_run(contribution):
    FlakyBackend.refused = ["de"]
    assert translate_contribution.call(contribution.pk) == 4
    (retry,) = translate_contribution.get_backend().results
    assert retry.args == [contribution.pk] and retry.kwargs == {"attempt": 2}
    assert retry.task.run_after is not None
    FlakyBackend.asked.clear()
    assert retry.task.call(*retry.args, **retry.kwargs) == 1
    assert FlakyBackend.asked == ["de"]  # the others are not asked again
    assert contribution.translations.count() == 5
    assert len(translate_contribution.get_backend().results) == 1  # no further run


def test_it_stops_after_the_last_attempt(contribution):
    FlakyBackend.refused = ["de"] * 10
    backend = translate_contribution.get_backend()
    translate_contribution.call(contribution.pk)
    runs = 1
    while len(backend.results) >= runs:
        retry = backend.results[runs - 1]
        retry.task.call(*retry.args, **retry.kwargs)
        runs += 1
    assert runs == 3
    assert not contribution.translations.filter(language="de").exists()
