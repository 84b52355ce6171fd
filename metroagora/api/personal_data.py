"""A person's data across the platform (GDPR): download it all, or delete the account.

Each domain app says what it keeps about a person in its ``privacy.py``
(``export_personal_data``, ``erase_personal_data``, ``NOTICE``); this module, on top
of them all, calls every one of them explicitly:

- ``build_archive``: a ZIP with ``data.json`` (everything, app by app), the files the
  person uploaded and owns, and a ``README.txt`` in their language;
- ``delete_account``: every app's erase, then the account itself becomes an
  anonymous tombstone (``accounts.privacy``), all in one transaction.

See ``docs/privacy.md``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts import privacy as accounts_privacy
from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, PersonalFile, erased_accounts, is_erased, when
from metroagora.api import privacy as api_privacy
from metroagora.decisions import privacy as decisions_privacy
from metroagora.events import privacy as events_privacy
from metroagora.forum import privacy as forum_privacy
from metroagora.funding import privacy as funding_privacy
from metroagora.network import privacy as network_privacy
from metroagora.opinions import privacy as opinions_privacy
from metroagora.practices import privacy as practices_privacy
from metroagora.publications import privacy as publications_privacy

FORMAT = "metroagora-personal-data/1"


@dataclass(frozen=True)
class Domain:
    key: str
    export: Callable[[User], dict[str, Any]]
    erase: Callable[[User], None]
    notice: Notice


#: In the order they are erased: the Forum before local decisions (whether a proposal
#: stays depends on the comments left on it); the account itself comes last.
DOMAINS: tuple[Domain, ...] = (
    Domain(
        "network",
        network_privacy.export_personal_data,
        network_privacy.erase_personal_data,
        network_privacy.NOTICE,
    ),
    Domain(
        "events",
        events_privacy.export_personal_data,
        events_privacy.erase_personal_data,
        events_privacy.NOTICE,
    ),
    Domain(
        "forum",
        forum_privacy.export_personal_data,
        forum_privacy.erase_personal_data,
        forum_privacy.NOTICE,
    ),
    Domain(
        "opinions",
        opinions_privacy.export_personal_data,
        opinions_privacy.erase_personal_data,
        opinions_privacy.NOTICE,
    ),
    Domain(
        "decisions",
        decisions_privacy.export_personal_data,
        decisions_privacy.erase_personal_data,
        decisions_privacy.NOTICE,
    ),
    Domain(
        "practices",
        practices_privacy.export_personal_data,
        practices_privacy.erase_personal_data,
        practices_privacy.NOTICE,
    ),
    Domain(
        "funding",
        funding_privacy.export_personal_data,
        funding_privacy.erase_personal_data,
        funding_privacy.NOTICE,
    ),
    Domain(
        "publications",
        publications_privacy.export_personal_data,
        publications_privacy.erase_personal_data,
        publications_privacy.NOTICE,
    ),
    Domain(
        "api",
        api_privacy.export_personal_data,
        api_privacy.erase_personal_data,
        api_privacy.NOTICE,
    ),
)

#: What the privacy page lists, part by part.
NOTICES: tuple[Notice, ...] = (accounts_privacy.NOTICE, *(d.notice for d in DOMAINS))


# --- Download ---------------------------------------------------------------------------


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything about the person, app by app (a JSON-ready dict)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "site": settings.SITE_NAME,
        "generated": when(timezone.now()),
        "account": accounts_privacy.export_personal_data(user),
    }
    for domain in DOMAINS:
        data[domain.key] = domain.export(user)
    return data


def personal_files(user: User) -> list[PersonalFile]:
    """The files the person uploaded and owns (the images of their proposals)."""
    return decisions_privacy.personal_files(user)


def archive_name() -> str:
    return f"{settings.SITE_NAME.lower()}-my-data-{timezone.localdate():%Y-%m-%d}.zip"


def build_archive(user: User) -> bytes:
    """The ZIP: ``README.txt`` (in the active language), ``data.json``, ``files/``."""
    data = export_personal_data(user)
    files = personal_files(user)
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            try:
                with item.file.storage.open(str(item.file.name), "rb") as handle:
                    archive.writestr(f"files/{item.path}", handle.read())
            except OSError:  # a file lost from the storage: say so, give the rest
                missing.append(item.path)
        if missing:
            data["missing_files"] = missing
        readme = render_to_string(
            "api/personal_data/README.txt",
            {"data": data, "files": [f.path for f in files if f.path not in missing]},
        )
        archive.writestr("README.txt", readme)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


# --- Deletion ---------------------------------------------------------------------------


def deletion_problem(user: User) -> str | None:
    """Why the account cannot be deleted now (translated), or None."""
    if user.is_superuser and user.is_active:
        others = (
            User.objects.filter(is_superuser=True, is_active=True)
            .exclude(pk=user.pk)
            .exclude(erased_accounts())
        )
        if not others.exists():
            return _(
                "You are the only network admin. Make someone else a network admin first, "
                "then delete your account."
            )
    return None


def _unlink_leftovers(user: User) -> None:
    """Whatever still names the person with an "unlink on delete" reference (the
    records of the outputs: impact refreshes, open data exports, any app added later)
    loses it, as deleting the account row would have done."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            remote = field.remote_field
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and remote is not None
                and remote.on_delete is models.SET_NULL
            ):
                model._default_manager.filter(**{field.name: user}).update(**{field.name: None})


@transaction.atomic
def delete_account(actor: User | None, user: User) -> None:
    """Erase everything about ``user`` in every app, then the account, at once.

    ``actor`` is the person themselves (from the deletion page), or None for the
    retention job (``apply_retention``). Nothing is written if anything fails.
    """
    if actor is not None and not (actor.is_authenticated and actor.pk == user.pk):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_erased(user):
        return
    problem = deletion_problem(user)
    if problem:
        raise ValidationError(problem, code="last_admin")
    for domain in DOMAINS:
        domain.erase(user)
    _unlink_leftovers(user)
    accounts_privacy.erase_personal_data(user)
