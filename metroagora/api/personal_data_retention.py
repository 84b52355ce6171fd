"""How long personal data is kept: unconfirmed guest registrations and inactive accounts.

The settings (read with defaults, so they may be left out):

- ``RETENTION_GUEST_REGISTRATION_DAYS`` (30): a guest registration never confirmed by
  email is deleted this many days after it was made;
- ``RETENTION_INACTIVE_ACCOUNT_DAYS`` (1095, three years): an account nobody signed in
  to for this long is deleted (as by its owner: ``personal_data.delete_account``);
- ``RETENTION_WARNING_DAYS`` (30): the owner is warned by email this many days before;
  an account is never deleted sooner than that after its warning. Signing in again
  cancels the deletion.

0 (or None) turns a rule off. Staff accounts (network admins, moderators, editors,
city coordinators) are left alone: network admins manage them.

The warning is recorded in the admin history of the account (a ``LogEntry``), so a
network admin sees it on the account's page, and the next run knows it was sent.
``manage.py apply_retention`` applies the rules, daily from cron.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import erased_accounts
from metroagora.network.models import Membership, MembershipRole

DEFAULT_GUEST_REGISTRATION_DAYS = 30
DEFAULT_INACTIVE_ACCOUNT_DAYS = 3 * 365
DEFAULT_WARNING_DAYS = 30
#: The start of the admin history message that records a warning.
WARNING_MARK = "Inactivity warning sent"


@dataclass(frozen=True)
class Policy:
    guest_registration_days: int  # 0: kept until the event's organisers delete them
    inactive_account_days: int  # 0: accounts are never deleted for inactivity
    warning_days: int

    @property
    def warns_at_days(self) -> int:
        """Days without a sign-in after which the warning goes out."""
        return max(self.inactive_account_days - self.warning_days, 0)


def _days(name: str, default: int) -> int:
    value = getattr(settings, name, default)
    return max(int(value or 0), 0)


def policy() -> Policy:
    inactive = _days("RETENTION_INACTIVE_ACCOUNT_DAYS", DEFAULT_INACTIVE_ACCOUNT_DAYS)
    return Policy(
        guest_registration_days=_days(
            "RETENTION_GUEST_REGISTRATION_DAYS", DEFAULT_GUEST_REGISTRATION_DAYS
        ),
        inactive_account_days=inactive,
        warning_days=min(_days("RETENTION_WARNING_DAYS", DEFAULT_WARNING_DAYS), inactive),
    )


# --- Which accounts ----------------------------------------------------------------------


def _warnings() -> QuerySet[LogEntry]:
    """Warnings sent to the account of the outer query since its last sign-in."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=Cast(OuterRef("pk"), models.TextField()),
        change_message__startswith=WARNING_MARK,
        action_time__gte=OuterRef("last_active"),
    )


def retained_accounts() -> QuerySet[User]:
    """Accounts the inactivity rule applies to, with ``last_active`` (the last sign-in,
    or when the account was made if never)."""
    coordinator = Membership.objects.filter(user=OuterRef("pk"), role=MembershipRole.COORDINATOR)
    return (
        User.objects.exclude(erased_accounts())
        .filter(is_superuser=False, is_staff=False, is_moderator=False, is_editor=False)
        .exclude(Exists(coordinator))
        .annotate(last_active=Coalesce("last_login", "date_joined"))
    )


def accounts_to_warn(now: datetime, rules: Policy | None = None) -> QuerySet[User]:
    """Inactive long enough for the warning, and not warned since their last sign-in."""
    rules = rules or policy()
    if not rules.inactive_account_days:
        return User.objects.none()
    return (
        retained_accounts()
        .filter(Q(last_active__lt=now - timedelta(days=rules.warns_at_days)))
        .exclude(Exists(_warnings()))
        .order_by("pk")
    )


def accounts_to_delete(now: datetime, rules: Policy | None = None) -> QuerySet[User]:
    """Inactive past the limit, and warned at least ``warning_days`` ago (and since)."""
    rules = rules or policy()
    if not rules.inactive_account_days:
        return User.objects.none()
    warned_long_enough = _warnings().filter(
        action_time__lte=now - timedelta(days=rules.warning_days)
    )
    return (
        retained_accounts()
        .filter(Q(last_active__lt=now - timedelta(days=rules.inactive_account_days)))
        .filter(Exists(warned_long_enough))
        .order_by("pk")
    )


def deletion_date(last_active: datetime, now: datetime, rules: Policy | None = None) -> date:
    """When a warned account will be deleted unless its owner signs in."""
    rules = rules or policy()
    due = max(
        last_active + timedelta(days=rules.inactive_account_days),
        now + timedelta(days=rules.warning_days),
    )
    return due.date()


# --- The warning ---------------------------------------------------------------------------


def email_language(user: User) -> str:
    """The first of the person's languages the site speaks, else the site's language."""
    spoken = dict(settings.LANGUAGES)
    for code in user.preferred_languages or []:
        if code in spoken:
            return str(code)
    return str(settings.LANGUAGE_CODE)


def _absolute(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)


def send_warning(user: User, now: datetime, rules: Policy | None = None) -> date:
    """Email the warning in the person's language, then record it. Returns the date the
    account will be deleted. A failed send raises and records nothing (tried again on
    the next run)."""
    rules = rules or policy()
    last_active = user.last_login or user.date_joined
    due = deletion_date(last_active, now, rules)
    with translation.override(email_language(user)):
        context = {
            "user": user,
            "last_active": last_active,
            "deletion_date": due,
            "days": rules.inactive_account_days,
            "sign_in_url": _absolute("account_login"),
            "download_url": _absolute("personal_data:download"),
            "delete_url": _absolute("personal_data:delete"),
            "privacy_url": _absolute("personal_data:privacy"),
            "SITE_NAME": settings.SITE_NAME,
        }
        subject = _("%(site)s: your account will be deleted on %(date)s") % {
            "site": settings.SITE_NAME,
            "date": date_format(due, "DATE_FORMAT"),
        }
        body = render_to_string("api/personal_data/email/inactivity_warning.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    LogEntry.objects.create(
        action_time=now,
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=f"#{user.pk}",  # no name: the entry stays if the person comes back
        action_flag=CHANGE,
        change_message=f"{WARNING_MARK}: deleted on {due.isoformat()} unless they sign in.",
    )
    return due
