"""The audit log: every admin and moderation action, in one list that only grows.

Services call :func:`record` inside their own transaction, after the write succeeded,
so the entry and the action commit (or roll back) together::

    record(moderator, "forum.hide", obj_label=..., obj_url=..., city=..., reason=reason)

What is stored is the action's code (``"forum.hide"``) and a few JSON-ready
parameters, never a sentence: :func:`summary` builds the sentence when the entry is
shown, in the reader's language, from ``ACTIONS``. The apps' own logs
(``forum.ModerationLogEntry``, ``network.VerificationLogEntry``) stay as they are.

Changes made in the Django admin are recorded too (:func:`record_admin_change`, on
``LogEntry``'s ``post_save``), and :func:`forget_person` is the one change the log
accepts: when an account is deleted the entries stay, without the person's name.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from metroagora.core.models import ERASED_ACTOR_LABEL, AuditEntry
from metroagora.core.spreadsheets import safe_row

#: What each family of actions is called in the filter (the part before the dot).
GROUPS: dict[str, str | Promise] = {
    "forum": _("Forum"),
    "opinions": _("Opinion maps"),
    "network": _("Cities and roles"),
    "decisions": _("Local decisions"),
    "events": _("Events"),
    "practices": _("Best practices"),
    "funding": _("EU funding"),
    "publications": _("Publications and newsletter"),
    "admin": _("Administration"),
}

#: The sentence of each action. ``%(object)s`` is the entry's object label; the other
#: names are the entry's parameters (a missing one shows as empty).
ACTIONS: dict[str, str | Promise] = {
    "forum.close_debate": _("Closed the debate “%(object)s”"),
    "forum.hide": _("Hid a contribution to “%(object)s”"),
    "forum.restore": _("Restored a contribution to “%(object)s”"),
    "forum.approve": _("Approved a contribution held for review in “%(object)s”"),
    "forum.dismiss_reports": _("Dismissed the reports on a contribution to “%(object)s”"),
    "forum.block": _("Blocked %(object)s from the Forum"),
    "forum.unblock": _("Unblocked %(object)s in the Forum"),
    "opinions.close_map": _("Closed the opinion map “%(object)s”"),
    "opinions.accept_statement": _("Accepted a statement in “%(object)s”"),
    "opinions.reject_statement": _("Rejected a statement in “%(object)s”"),
    "network.create_city": _("Added the city %(object)s"),
    "network.update_city": _("Edited the page of %(object)s"),
    "network.add_membership": _("Gave %(object)s the role “%(role)s” in %(place)s"),
    "network.remove_membership": _("Took the role “%(role)s” in %(place)s from %(object)s"),
    "network.verify": _("Verified that %(object)s lives in %(place)s"),
    "decisions.publish_process": _("Published the process “%(object)s”"),
    "decisions.generate_codes": _("Generated %(count)s invitation codes for %(object)s"),
    "decisions.upload_census": _("Uploaded a census of %(count)s residents for %(object)s"),
    "decisions.download_codes": _(
        "Downloaded the invitation codes of batch %(batch)s for %(object)s"
    ),
    "decisions.answer": _("Answered the proposal “%(object)s”: %(answer)s"),
    "decisions.close_vote": _("Closed the vote “%(object)s” and published its results"),
    "decisions.update_implementation": _("Updated the implementation of “%(object)s”: %(status)s"),
    "events.set_status": _("Set the event “%(object)s” to “%(status)s”"),
    "events.export_participants": _("Downloaded the participants of “%(object)s”"),
    "practices.request_changes": _("Asked for changes to the practice “%(object)s”"),
    "practices.publish": _("Published the practice “%(object)s”"),
    "practices.unpublish": _("Unpublished the practice “%(object)s”"),
    "funding.add_call": _("Added the call “%(object)s” by hand"),
    "funding.change_call": _("Edited the call “%(object)s” by hand"),
    "publications.publish": _("Published “%(object)s”"),
    "publications.unpublish": _("Took “%(object)s” off the website"),
    "publications.send_newsletter": _("Sent the newsletter “%(object)s”"),
    "admin.add": _("Added %(type)s “%(object)s” in the administration"),
    "admin.change": _("Changed %(type)s “%(object)s” in the administration"),
    "admin.delete": _("Deleted %(type)s “%(object)s” in the administration"),
}

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


#: Parameters holding a label of the code (a role, a status): stored in English, the
#: text the code was written with, and translated when the entry is shown.
TRANSLATED_PARAMS = frozenset({"role", "status", "answer", "method"})


def _plain(value: Any) -> Any:
    """A parameter made JSON-ready (dates and objects become text; a lazily translated
    label becomes its English source text, translated again at display time)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        with translation.override("en"):
            return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def actor_label_of(actor: Any) -> str:
    """How the entry names the person who acted, kept if their account goes away."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    name = getattr(actor, "display_name", "") or ""
    email = getattr(actor, "email", "") or ""
    if name and email:
        return f"{name} <{email}>"[:254]
    return (name or email or str(actor))[:254]


def record(
    actor: Any,
    action: str,
    *,
    obj_label: Any = "",
    obj_url: str = "",
    city: Any = None,
    reason: str = "",
    subject: Any = None,
    **params: Any,
) -> AuditEntry:
    """Write one entry of the audit log; call it inside the service's transaction.

    ``actor`` is the person who acted (``None`` for the platform itself), ``action``
    one of ``ACTIONS``, ``city`` the city the action belongs to (coordinators see
    their cities' entries), ``subject`` the person the action was about, if any (their
    name leaves the entry when their account is deleted). ``params`` are the values the
    sentence needs (JSON-ready, no personal data)."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to ACTIONS.")
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=actor_label_of(user),
        action=action,
        params={k: _plain(v) for k, v in params.items()},
        object_label=str(obj_label)[:300],
        object_url=(obj_url or "")[:500],
        subject=subject if subject is not None and subject.pk else None,
        city=city,
        reason=str(reason or ""),
    )


class _Blank(dict[str, Any]):
    """Parameters for a sentence: a name the entry does not have shows as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def summary(entry: AuditEntry) -> str:
    """The entry's sentence in the active language."""
    template = ACTIONS.get(entry.action)
    if template is None:
        return entry.action
    values = _Blank()
    for key, value in (entry.params or {}).items():
        if key in TRANSLATED_PARAMS and isinstance(value, str) and value:
            value = gettext(value)
        values[key] = value
    values["object"] = entry.object_label or gettext("(not named)")
    try:
        return str(template) % values
    except (TypeError, ValueError):
        return entry.action


def actor_display(entry: AuditEntry) -> str:
    """Who acted, as the log shows it."""
    if entry.actor_label == ERASED_ACTOR_LABEL:
        return gettext("Deleted account")
    return entry.actor_label or gettext("The platform (automatic)")


# --- A person's data: the download and account deletion ---------------------------------


def person_entries(user: Any, when: Callable[[datetime.datetime], Any]) -> list[dict[str, Any]]:
    """The entries a person made and those about them, for their personal-data download
    (``when`` writes a time as the rest of the download does)."""
    return [
        {
            "when": when(entry.created_at),
            "action": entry.action,
            "by_you": entry.actor_id == user.pk,
            "about_you": entry.subject_id == user.pk,
            "on_what": entry.object_label,
            "reason": entry.reason,
            "what_happened": summary(entry),
        }
        for entry in AuditEntry.objects.filter(
            models.Q(actor=user) | models.Q(subject=user)
        ).order_by("created_at", "pk")
    ]


def forget_person(user: Any) -> None:
    """Account deletion: the entries stay, they stop saying who the person was.

    Like the Forum's moderation log and the verification log, the link to the account
    goes; here the recorded name goes too, and the label of entries about the person."""
    AuditEntry.objects.filter(actor=user).update(actor=None)  # and the recorded name
    AuditEntry.objects.filter(subject=user).update(subject=None)  # and the object label


# --- Django admin ------------------------------------------------------------------------


def record_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """``post_save`` of the admin's ``LogEntry``: the same change in the audit log."""
    if not created or kwargs.get("raw"):
        return
    action = ADMIN_ACTIONS.get(instance.action_flag)
    if action is None:
        return
    content_type: Any = instance.content_type
    model = content_type.model_class() if content_type else None
    type_name = (
        str(model._meta.verbose_name) if model else (content_type.name if content_type else "")
    )
    subject = None
    if model is get_user_model() and action != "admin.delete" and instance.object_id:
        subject = model._default_manager.filter(pk=instance.object_id).first()
    label = instance.object_repr
    if model is get_user_model() and action == "admin.delete":
        label = f"#{instance.object_id}"  # a deleted account's name does not stay here
    url = ""
    if action != "admin.delete":
        url = instance.get_admin_url() or ""
    record(
        instance.user,
        action,
        obj_label=label,
        obj_url=url,
        subject=subject,
        type=type_name,
        fields=_changed_fields(instance.change_message),
    )


def _changed_fields(message: str) -> list[str]:
    """The names of the fields an admin change touched. The admin's message in free text
    is not kept: it may name people, and entries cannot be edited once written."""
    try:
        parts = json.loads(message or "[]")
    except ValueError:
        return []
    names: list[str] = []
    for part in parts if isinstance(parts, list) else []:
        for change in part.values() if isinstance(part, dict) else []:
            fields = change.get("fields", []) if isinstance(change, dict) else []
            names += [str(name) for name in fields if isinstance(name, str)]
    return names


def record_admin_deletions(actor: Any, model: type[models.Model], labels: Iterable[str]) -> None:
    """The deletions of a "delete selected" of several objects (their LogEntry rows are
    bulk-created, without ``post_save``)."""
    type_name = str(model._meta.verbose_name)
    for label in labels:
        record(actor, "admin.delete", obj_label=label, type=type_name)


# --- The page ------------------------------------------------------------------------------


CSV_HEADER = ("when", "who", "action", "summary", "object", "address", "city", "reason")


def csv_rows(entries: Iterable[AuditEntry]) -> Iterator[list[Any]]:
    """The rows of the CSV download, header first, every text cell made harmless."""
    yield list(CSV_HEADER)
    for entry in entries:
        yield safe_row(
            [
                entry.created_at.isoformat(),
                actor_display(entry),
                entry.action,
                summary(entry),
                entry.object_label,
                entry.object_url,
                str(entry.city) if entry.city else "",
                entry.reason,
            ]
        )
