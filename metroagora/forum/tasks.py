"""Background work of the Forum."""

from django.conf import settings
from django.db import IntegrityError
from django_tasks import task

from metroagora.core import jobs
from metroagora.forum.models import Contribution, ContributionTranslation, Visibility
from metroagora.forum.translation import TranslationError, get_backend


@task()
def translate_contribution(contribution_id: int, attempt: int = 1) -> int:
    """Machine-translate a contribution into every UI language it lacks; returns how many.

    Running it again only adds the languages still missing; when the translation service
    fails for some, the task runs again later (``core.jobs.retry_later``).
    """
    backend = get_backend()
    contribution = Contribution.objects.filter(pk=contribution_id).first()
    if backend is None or contribution is None or contribution.visibility != Visibility.VISIBLE:
        return 0
    existing = set(contribution.translations.values_list("language", flat=True))
    made = 0
    missed = False
    for target, _name in settings.LANGUAGES:
        if target == contribution.language or target in existing:
            continue
        try:
            text = backend.translate(contribution.text, contribution.language, target)
        except TranslationError:
            missed = True  # a retry tries again; the original is always shown
            continue
        try:
            ContributionTranslation.objects.create(
                contribution=contribution,
                language=target,
                text=text,
                is_machine=True,
                engine=backend.name,
            )
        except IntegrityError:
            continue  # a person translated it meanwhile
        made += 1
    if missed:
        jobs.retry_later(translate_contribution, contribution_id, attempt=attempt)
    return made
