"""Demo content of the newsletter: a few subscribers, two sent issues, one draft.

``seed_demo`` (the network and its people) comes first; the other demo seeds fill the
blocks (events, debates, practices, calls) when they ran before. The network admin's
issue is written in English with a French translation; Lyon's coordinator writes hers in
French only, so an English reader of the archive sees the fallback. Everything goes
through ``newsletter_services`` like on the site, with a mail backend that sends nothing;
the sent issues are then dated in the past weeks. Running it again replaces the demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from metroagora.accounts.models import User
from metroagora.core.translated import TranslatedText
from metroagora.network.models import City
from metroagora.publications import newsletter_blocks as blocks
from metroagora.publications import newsletter_services as services
from metroagora.publications.models import IssueStatus, NewsletterIssue, Subscription

ADMIN = "admin@metroagora.eu"
LYON = "coordinator@metroagora.eu"

# (email, city slug or "" for the network, language, state: active | pending | left)
SUBSCRIBERS = [
    ("participant@metroagora.eu", "", "en", "active"),
    ("resident@metroagora.eu", "", "pl", "active"),
    ("lecteur@example.org", "", "fr", "active"),
    ("leserin@example.org", "", "de", "active"),
    ("lettrice@example.org", "", "it", "left"),
    ("not.yet@example.org", "", "en", "pending"),
    ("habitante.lyon@example.org", "lyon", "fr", "active"),
    ("reader.lyon@example.org", "lyon", "en", "active"),
    ("czytelniczka@example.org", "gdansk", "pl", "active"),
]

NETWORK_SUBJECT = {
    "en": "Spring in the network: budgets, assemblies and calls to watch",
    "fr": "Le printemps du réseau : budgets, assemblées et appels à suivre",
    "_original": "en",
}
NETWORK_TEXT = {
    "en": """\
Dear readers,

This spring, **twelve cities** of the network opened their participatory budgets, and
three held citizens' assemblies on climate. Below you will find the next events where
you can meet them, the debates still open on the Forum, the best practices published
this month and the EU calls that close soon.

Tell us what you would like to read in the next issue: reply on the
[Forum](https://metroagora.eu/en/forum/).
""",
    "fr": """\
Chères lectrices, chers lecteurs,

Ce printemps, **douze villes** du réseau ont ouvert leur budget participatif, et trois
ont réuni des assemblées citoyennes sur le climat. Vous trouverez ci-dessous les
prochains événements, les débats encore ouverts sur le Forum, les bonnes pratiques
publiées ce mois-ci et les appels européens qui se terminent bientôt.

Dites-nous ce que vous aimeriez lire dans le prochain numéro : répondez sur le
[Forum](https://metroagora.eu/fr/forum/).
""",
    "_original": "en",
}
LYON_SUBJECT = {"fr": "Lyon participe : le budget participatif entre dans sa phase de vote"}
LYON_TEXT = {
    "fr": """\
Bonjour à toutes et à tous,

Les **214 projets** proposés pour le budget participatif de la Métropole ont été étudiés
par les services : 87 sont soumis au vote jusqu'à la fin du mois. Venez les découvrir
lors des prochains événements, et donnez votre avis dans les débats ouverts.

Merci à toutes celles et ceux qui ont participé aux ateliers de quartier !
""",
}
DRAFT_SUBJECT = {"en": "Summer issue: what the cities learnt from each other"}
DRAFT_TEXT = {
    "en": """\
*Draft, to finish before sending.*

Over the summer, four cities adopted a practice from another city of the network. This
issue tells how the transfers went, and what comes next.
""",
}


@dataclass
class Summary:
    subscribers: int
    sent: int
    drafts: int
    deliveries: int


def _text(values: dict[str, str]) -> TranslatedText:
    return TranslatedText.from_json({"_original": next(iter(values)), **values})


def seed_demo_newsletter(now: datetime | None = None) -> Summary:
    """Create (or recreate) the demo newsletter. Needs ``seed_demo``. Sends no email."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _seed(now or timezone.now())


@transaction.atomic
def _seed(now: datetime) -> Summary:
    users = {user.email: user for user in User.objects.filter(email__in=[ADMIN, LYON])}
    if len(users) < 2:
        raise LookupError("Run seed_demo first: the demo newsletter needs its people.")
    cities = {city.slug: city for city in City.objects.filter(slug__in=["lyon", "gdansk"])}
    if len(cities) < 2:
        raise LookupError("Run seed_demo first: the demo newsletter needs Lyon and Gdańsk.")
    _forget_demo()
    accounts = {u.email: u for u in User.objects.filter(email__in=[s[0] for s in SUBSCRIBERS])}
    for email, city_slug, language, state in SUBSCRIBERS:
        city = cities[city_slug] if city_slug else None
        Subscription.objects.create(
            email=email,
            user=accounts.get(email),
            city=city,
            language=language,
            confirmed_at=None if state == "pending" else now - timedelta(days=40),
            unsubscribed_at=now - timedelta(days=10) if state == "left" else None,
        )
    admin, lyon = users[ADMIN], users[LYON]
    everything = [{"kind": kind} for kind in blocks.BLOCK_KINDS]
    network = services.create_issue(
        admin,
        city=None,
        subject=_text(NETWORK_SUBJECT),
        text=_text(NETWORK_TEXT),
        blocks=[*everything[:2], {"kind": blocks.PRACTICES, "days": 60}, everything[3]],
    )
    local = services.create_issue(
        lyon,
        city=cities["lyon"],
        subject=_text(LYON_SUBJECT),
        text=_text(LYON_TEXT),
        blocks=[{"kind": blocks.EVENTS}, {"kind": blocks.DEBATES}, {"kind": blocks.PRACTICES}],
    )
    services.create_issue(
        admin,
        city=None,
        subject=_text(DRAFT_SUBJECT),
        text=_text(DRAFT_TEXT),
        blocks=[{"kind": blocks.EVENTS}, {"kind": blocks.PRACTICES, "days": 90}],
    )
    deliveries = 0
    for actor, issue, days_ago in ((admin, network, 20), (lyon, local, 6)):
        services.send_issue(actor, issue, background=False)
        deliveries += services.deliver_issue(issue.pk)
        NewsletterIssue.objects.filter(pk=issue.pk).update(sent_at=now - timedelta(days=days_ago))
    return Summary(
        subscribers=len(SUBSCRIBERS),
        sent=NewsletterIssue.objects.filter(status=IssueStatus.SENT).count(),
        drafts=NewsletterIssue.objects.filter(status=IssueStatus.DRAFT).count(),
        deliveries=deliveries,
    )


def _forget_demo() -> None:
    subjects = [
        text[text["_original"]] if "_original" in text else next(iter(text.values()))
        for text in (NETWORK_SUBJECT, LYON_SUBJECT, DRAFT_SUBJECT)
    ]
    for issue in NewsletterIssue.objects.all():
        if issue.subject.get(issue.subject.original or "") in subjects:
            issue.delete()
    Subscription.objects.filter(email__in=[s[0] for s in SUBSCRIBERS]).delete()
