"""Create the demo network: real cities, the supporting association, one user per role."""

import base64
import hashlib
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.network import demo_data
from metroagora.network.models import City, Membership, PartnerOrganisation


def demo_totp_secret(email: str) -> str:
    """A fixed, printable secret per demo account (base32, 32 characters)."""
    return base64.b32encode(hashlib.sha256(email.encode()).digest()[:20]).decode()


class Command(BaseCommand):
    help = "Load the demo network (cities, partners, one account per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has cities or users.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (City.objects.exists() or User.objects.exists()):
            self.stdout.write("The database already has data: demo data not loaded.")
        else:
            self.seed()
            self.stdout.write(self.style.SUCCESS("Demo network loaded."))
        self.print_accounts()

    @transaction.atomic
    def seed(self) -> None:
        now = timezone.now()
        cities: dict[str, City] = {}
        for index, (
            slug,
            country,
            region,
            population,
            lat,
            lon,
            website,
            names,
            lang,
            text,
        ) in enumerate(demo_data.CITIES):
            original = next(iter(names))
            city, _created = City.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": {**names, "_original": original},
                    "country": country,
                    "region": region,
                    "population": population,
                    "latitude": lat,
                    "longitude": lon,
                    "website": website,
                    "description": {lang: text, "_original": lang},
                    "joined_on": now.date().replace(year=2018 + index % 7, month=1, day=1),
                },
            )
            cities[slug] = city
        for slug, kind, country, city_slug, supports, website, names, text in demo_data.PARTNERS:
            PartnerOrganisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": {**names, "_original": next(iter(names))},
                    "kind": kind,
                    "country": country,
                    "city": cities.get(city_slug),
                    "supports_network": supports,
                    "website": website,
                    "description": {"en": text, "_original": "en"},
                },
            )
        admin = None
        for email, name, identity, flags, memberships, totp in demo_data.USERS:
            user = self._user(email, name, identity, **flags)
            admin = admin or user
            for city_slug, role, title, verified in memberships:
                Membership.objects.update_or_create(
                    user=user,
                    city=cities[city_slug],
                    role=role,
                    defaults={
                        "title": title,
                        "verified_at": now if verified else None,
                        "verified_by": admin if verified else None,
                    },
                )
            if (
                totp
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, demo_totp_secret(email))
        for email, name, city_slug, role, title in demo_data.OFFICIALS:
            user = self._user(email, name, "city_official")
            Membership.objects.update_or_create(
                user=user,
                city=cities[city_slug],
                role=role,
                defaults={"title": title, "verified_at": now, "verified_by": admin},
            )

    def _user(self, email: str, name: str, identity: str, **flags: Any) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "identity": identity, **flags}
        )
        if created:
            user.set_password(demo_data.DEMO_PASSWORD)
            user.preferred_languages = ["en"]
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def print_accounts(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {demo_data.DEMO_PASSWORD})")
        width = max(len(user[0]) for user in demo_data.USERS)
        for email, _name, _identity, flags, memberships, totp in demo_data.USERS:
            labels = {
                "is_superuser": "network admin",
                "is_moderator": "moderator",
                "is_editor": "network editor",
                "is_verified_policymaker": "verified policymaker",
            }
            roles = [labels[k] for k, v in flags.items() if v and k in labels]
            roles += [f"{role} of {city}" for city, role, _t, _v in memberships]
            line = f"  {email:<{width}} {', '.join(roles) or 'participant'}"
            if totp:
                line += f"\n      two-factor secret {demo_totp_secret(email)}"
                line += f"  (current code: python manage.py totp_code {email})"
            self.stdout.write(line)
        self.stdout.write(
            "Emails sent by the site (verification, password reset) are printed here."
        )
