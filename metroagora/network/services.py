"""Every write to cities, partners and memberships goes through here."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.network.models import (
    City,
    Membership,
    MembershipRole,
    VerificationLogEntry,
    VerificationMethod,
)

CITY_FIELDS = (
    "name",
    "country",
    "region",
    "population",
    "latitude",
    "longitude",
    "website",
    "description",
)


@transaction.atomic
def create_city(actor: User, *, slug: str, **fields: Any) -> City:
    if not actor.has_perm("network.add_city"):
        raise PermissionDenied
    city = City(slug=slug, **{k: v for k, v in fields.items() if k in CITY_FIELDS})
    city.full_clean()
    city.save()
    record(actor, "network.create_city", obj_label=city, obj_url=city.get_absolute_url(), city=city)
    return city


@transaction.atomic
def update_city(actor: User, city: City, **fields: Any) -> City:
    """Change a city's public information. Coordinators of the city and network admins may."""
    if not actor.has_perm("network.change_city", city):
        raise PermissionDenied
    unknown = set(fields) - set(CITY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown city fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(city, name, value)
    city.full_clean()
    city.save()
    record(
        actor,
        "network.update_city",
        obj_label=city,
        obj_url=city.get_absolute_url(),
        city=city,
        fields=sorted(fields),
    )
    return city


@transaction.atomic
def declare_residence(user: User, city: City) -> Membership:
    """A person says they live in a city; a coordinator verifies it later."""
    if not user.is_authenticated:
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(
        user=user, city=city, role=MembershipRole.RESIDENT
    )
    return membership


@transaction.atomic
def add_membership(
    actor: User, city: City, user: User, role: str, *, title: str = ""
) -> Membership:
    """Give a person a role in a city. Only network admins may make coordinators."""
    role = MembershipRole(role)
    if not actor.has_perm("network.manage_memberships", city):
        raise PermissionDenied
    if role == MembershipRole.COORDINATOR and not actor.has_perm("network.grant_coordinator"):
        raise PermissionDenied
    if Membership.objects.filter(user=user, city=city, role=role).exists():
        raise ValidationError(
            _("%(person)s already has this role in %(city)s.")
            % {"person": user.public_name, "city": city},
            code="duplicate",
        )
    membership = Membership(user=user, city=city, role=role, title=title.strip())
    if role != MembershipRole.RESIDENT:
        membership.verified_at = timezone.now()
        membership.verified_by = actor
    membership.full_clean()
    membership.save()
    record(
        actor,
        "network.add_membership",
        obj_label=user.public_name,
        obj_url=reverse("network:city_people", args=[city.slug]),
        city=city,
        subject=user,
        role=role.label,
        place=str(city),
    )
    return membership


@transaction.atomic
def verify_resident(actor: User, membership: Membership) -> Membership:
    """A coordinator checked, in person or on papers, that this person lives in the city."""
    if not actor.has_perm("network.manage_memberships", membership.city):
        raise PermissionDenied
    if membership.role != MembershipRole.RESIDENT:
        raise ValidationError(_("Only residents are verified this way."), code="not_resident")
    record_verification(
        membership.user, membership.city, VerificationMethod.MANUAL, verified_by=actor
    )
    membership.refresh_from_db()
    return membership


def record_verification(
    person: User,
    city: City,
    method: str,
    *,
    verified_by: User | None = None,
    detail: str = "",
) -> Membership:
    """Mark ``person`` a verified resident of ``city`` and log who did it and how.

    A person is verified once per city: verifying again raises a ``ValidationError``.
    The caller checks permissions and runs inside its own transaction.
    """
    method = VerificationMethod(method)
    membership, _created = Membership.objects.select_for_update().get_or_create(
        user=person, city=city, role=MembershipRole.RESIDENT
    )
    if membership.verified_at is not None:
        raise ValidationError(
            _("%(person)s is already a verified resident of %(city)s.")
            % {"person": person.public_name, "city": city},
            code="already_verified",
        )
    membership.verified_at = timezone.now()
    membership.verified_by = verified_by
    membership.verification_method = method
    membership.save(
        update_fields=["verified_at", "verified_by", "verification_method", "updated_at"]
    )
    VerificationLogEntry.objects.create(
        city=city, person=person, verified_by=verified_by, method=method, detail=detail[:200]
    )
    if verified_by is not None:  # a coordinator's check, not the person's own code or census
        record(
            verified_by,
            "network.verify",
            obj_label=person.public_name,
            obj_url=reverse("network:city_people", args=[city.slug]),
            city=city,
            subject=person,
            method=method.label,
            place=str(city),
            reason=detail,
        )
    return membership


@transaction.atomic
def remove_membership(actor: User, membership: Membership) -> None:
    city = membership.city
    own_residence = membership.user_id == actor.pk and membership.role == MembershipRole.RESIDENT
    if not (own_residence or actor.has_perm("network.manage_memberships", city)):
        raise PermissionDenied
    if membership.role == MembershipRole.COORDINATOR and not actor.has_perm(
        "network.grant_coordinator"
    ):
        raise PermissionDenied
    if not own_residence:
        record(
            actor,
            "network.remove_membership",
            obj_label=membership.user.public_name,
            obj_url=reverse("network:city_people", args=[city.slug]),
            city=city,
            subject=membership.user,
            role=MembershipRole(membership.role).label,
            place=str(city),
        )
    membership.delete()
