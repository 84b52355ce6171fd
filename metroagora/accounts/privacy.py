"""A person's own data (GDPR): the profile, sign-in records and the account itself.

Each domain app has a ``privacy.py`` like this one, with two functions:
``export_personal_data(user) -> dict`` (everything about the person, JSON-ready) and
``erase_personal_data(user) -> None`` (delete or anonymise it). ``metroagora.api``
calls them all, in one transaction, to build the download and to delete an account.

Deleting an account keeps its row as an anonymous *tombstone*: no email address, no
name, no password, inactive. What must stay counted (supports of proposals, the
receipts that say someone voted in a budget) stays linked to that row, which says
nothing about the person any more; everything else is deleted or unlinked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import Identity, User
from metroagora.core.audit import forget_person, person_entries

#: Deleted accounts get an address in this reserved domain (RFC 2606): it reaches no one.
ERASED_EMAIL_DOMAIN = "erased.invalid"


# --- What the privacy page says ------------------------------------------------------------


@dataclass(frozen=True)
class StoredData:
    """One kind of data kept about people, and why."""

    what: str | Promise
    why: str | Promise


@dataclass(frozen=True)
class Notice:
    """What one part of the platform keeps about people (shown on the privacy page)."""

    key: str
    title: str | Promise
    items: tuple[StoredData, ...]


NOTICE = Notice(
    key="account",
    title=_("Your account"),
    items=(
        StoredData(
            _("Your email addresses and password (stored as a one-way hash)."),
            _("To sign you in and to write to you about what you asked for."),
        ),
        StoredData(
            _("Your profile: display name, city and country of residence, languages, role."),
            _("To show your name next to what you write and to offer pages in your languages."),
        ),
        StoredData(
            _("Two-factor sign-in devices, open sessions (address and browser), failed sign-ins."),
            _("To keep your account safe and to let you end sessions you do not recognise."),
        ),
        StoredData(
            _(
                "The audit log: what you did as a moderator, coordinator or administrator, "
                "and what staff did about your account (a verification, a role), with the "
                "date."
            ),
            _(
                "So that the network can show who decided what. When you delete your "
                "account, the entries stay without your name."
            ),
        ),
    ),
)


@dataclass(frozen=True)
class PersonalFile:
    """A file the person uploaded and owns, to put in their download as ``path``."""

    path: str
    file: FieldFile


# --- Helpers shared by every app's privacy.py --------------------------------------------------


def when(value: datetime | date | None) -> str | None:
    """A date or time as ISO 8601 text (JSON has no dates)."""
    return value.isoformat() if value is not None else None


def plain(value: Any) -> Any:
    """A model value made JSON-ready: translated text as a dict, decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "to_json"):  # TranslatedText
        return value.to_json()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def email_addresses(user: User) -> list[str]:
    """The addresses known to be the person's, lower case: the verified ones, and the
    account's own address when it was never recorded as unverified (accounts made by
    an administrator). Data found under one of these (guest registrations, newsletter
    subscriptions) is the person's; an address someone merely typed in is not proof."""
    rows = list(EmailAddress.objects.filter(user=user).values_list("email", "verified"))
    found = {address.lower() for address, verified in rows if verified}
    recorded = {address.lower() for address, _verified in rows}
    if user.email and user.email.lower() not in recorded:
        found.add(user.email.lower())
    return sorted(found)


def email_in(field: str, addresses: Iterable[str]) -> Q:
    """A filter: ``field`` is one of ``addresses``, whatever the case."""
    matches = Q(pk__in=[])
    for address in addresses:
        matches |= Q(**{f"{field}__iexact": address})
    return matches


def erased_email(pk: int | None, kind: str = "erased") -> str:
    """The address that replaces a person's in an anonymised row (unique, reaches no one)."""
    return f"{kind}-{pk}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_EMAIL_DOMAIN)


def erased_accounts() -> Q:
    """A filter on users: the accounts already deleted (their tombstones)."""
    return Q(email__endswith="@" + ERASED_EMAIL_DOMAIN)


def _axes_records(addresses: Iterable[str]) -> list[Any]:
    """django-axes' sign-in failure records of these addresses (querysets)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = list(addresses)
    return [
        AccessAttempt.objects.filter(username__in=names),
        AccessFailureLog.objects.filter(username__in=names),
        AccessLog.objects.filter(username__in=names),
    ]


def _log_entries_about(user: User) -> Any:
    """Admin history of the person's account (``object_repr`` holds their name)."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )


# --- Export and erase ------------------------------------------------------------------------


def export_personal_data(user: User) -> dict[str, Any]:
    addresses = email_addresses(user)
    failures = []
    for records in _axes_records(addresses):
        failures += [
            {
                "when": when(record.attempt_time),
                "address": record.ip_address,
                "browser": record.user_agent,
            }
            for record in records.only("attempt_time", "ip_address", "user_agent")
        ]
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "residence_city": user.residence_city,
            "residence_country": str(user.residence_country or ""),
            "preferred_languages": list(user.preferred_languages or []),
            "identity": user.identity,
            "moderator": user.is_moderator,
            "network_editor": user.is_editor,
            "verified_policymaker": user.is_verified_policymaker,
            "network_admin": user.is_superuser,
            "joined": when(user.date_joined),
            "last_sign_in": when(user.last_login),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The kind of each device, never its secret.
        "two_factor_devices": [
            {"type": a.type, "added": when(a.created_at), "last_used": when(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "sessions": [
            {
                "started": when(s.created_at),
                "last_seen": when(s.last_seen_at),
                "address": s.ip,
                "browser": s.user_agent,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        "failed_sign_ins": sorted(failures, key=lambda f: f["when"] or ""),
        "audit_log": person_entries(user, when),
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    """Turn the account into an anonymous tombstone. Call it last: the other apps'
    erase functions still need the person's email addresses."""
    for records in _axes_records(email_addresses(user)):
        records.delete()
    for session in UserSession.objects.filter(user=user):
        session.end()  # deletes the session itself too: signed out everywhere
    EmailAddress.objects.filter(user=user).delete()  # and their confirmation keys
    Authenticator.objects.filter(user=user).delete()
    LogEntry.objects.filter(user=user).delete()
    _log_entries_about(user).delete()
    forget_person(user)  # the audit log keeps its entries, without the person's name
    user.groups.clear()
    user.user_permissions.clear()
    user.email = erased_email(user.pk)
    user.display_name = ""
    user.residence_city = ""
    user.residence_country = ""
    user.preferred_languages = []
    user.identity = Identity.CITIZEN
    user.is_moderator = False
    user.is_editor = False
    user.is_verified_policymaker = False
    user.is_staff = False
    user.is_superuser = False
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
