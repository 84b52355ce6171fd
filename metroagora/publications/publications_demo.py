"""Demo publication: "Cities shaping Europe: what our network learned in 2026".

Built from the other demos like an editor would on the site (``publications_services``):
three published best practices, the conclusions of a closed debate, the results of an
opinion map, the report of a held event and the network's funding figures, with an
introduction, two texts and generated illustrations (Pillow, no files shipped). Its
version 1 is rendered in English during the seed (French is left to render from the
versions page), offered and published.

Needs ``seed_demo``, ``seed_demo_events``, ``seed_demo_practices`` and
``seed_demo_opinions``. The demo debates are all open, so the seed opens and closes a
short debate of its own (with three contributions and its conclusions) unless a closed
debate with conclusions exists already. Running it again replaces the demo publication.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from metroagora.accounts.models import User
from metroagora.events.models import Event, EventStatus
from metroagora.forum import services as forum_services
from metroagora.forum.models import Debate, DebateStatus
from metroagora.opinions.models import OpinionMap
from metroagora.practices.models import Practice, PracticeStatus
from metroagora.publications import publications_services as services
from metroagora.publications.models import PartKind, Publication, RenderStatus
from metroagora.publications.publications_pdf import render_version

SLUG = "cities-shaping-europe-2026"
EDITOR = "editor@metroagora.eu"
ADMIN = "admin@metroagora.eu"
MODERATOR = "moderator@metroagora.eu"
VOICES = ("participant@metroagora.eu", "resident@metroagora.eu", "policymaker@metroagora.eu")
PRACTICES = (
    "lyon-participatory-budget",
    "milan-metropolitan-climate-assembly",
    "barcelona-decidim",
)
MAP = "lyon-sharing-public-space"
EVENT = "lyon-citizens-forum-participatory-budgets"
DEBATE_SLUG = "network-lessons-2026"


@dataclass
class Summary:
    parts: int
    pages: int
    languages: list[str]


def en_fr(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr, "_original": "en"}


def en(text: str) -> dict[str, str]:
    return {"en": text, "_original": "en"}


TITLE = en_fr(
    "Cities shaping Europe: what our network learned in 2026",
    "Des villes qui façonnent l'Europe : ce que notre réseau a appris en 2026",
)
SUBTITLE = en_fr(
    "Practices, debates, opinions and events from the cities of the network",
    "Pratiques, débats, opinions et événements des villes du réseau",
)
INTRODUCTION = en_fr(
    """\
In 2026 the cities of our network opened their budgets to their residents, asked
citizens' assemblies to shape climate plans and met, online and in person, to compare
what worked. This publication gathers what we learned.

It pulls together the **best practices** our editors reviewed, the **conclusions** of a
debate of the network, the **map of opinions** of residents of Lyon on sharing public
space, the **figures** of our citizens' forum, and the **EU funding** the cities won.

Every part exists on the platform too: follow the links to read more, take part in the
debates, or adopt a practice in your own city.""",
    """\
En 2026, les villes de notre réseau ont ouvert leur budget à leurs habitants, confié à
des assemblées citoyennes leurs plans pour le climat, et se sont retrouvées, en ligne et
sur place, pour comparer ce qui marche. Cette publication rassemble ce que nous avons
appris.

Elle réunit les **bonnes pratiques** relues par nos éditeurs, les **conclusions** d'un
débat du réseau, la **carte des opinions** des habitants de Lyon sur le partage de
l'espace public, les **chiffres** de notre forum citoyen et les **financements
européens** obtenus par les villes.""",
)
OPENING = en(
    """\
Participation is not a single event. Across the network, the practices that lasted had
three things in common: a budget or a decision that was really on the table, a clear
answer to every proposal, and people who could see what became of their ideas.

The pages that follow show these three threads at work, from Lyon's neighbourhood budget
to Milan's climate assembly and Barcelona's open-source platform for participation."""
)
CLOSING = en(
    """\
In 2027 the network will follow the transfers under way between its cities, open a
second round of opinion maps, and report on the projects funded by the EU.

If your city wants to adopt one of these practices, open its page on the platform and
choose **We want to adopt this**: the city that wrote it will hear from you."""
)
DEBATE_QUESTION = en_fr(
    "What should our network do differently in 2027?",
    "Que doit faire notre réseau autrement en 2027 ?",
)
DEBATE_INTRO = en(
    "A year of events, debates and practices: the network asked its members what to keep, "
    "what to change and what to start."
)
DEBATE_VOICES = (
    ("for", "Keep the online debates open longer: people in smaller towns need more time."),
    ("neutral", "Translate the conclusions of every debate: not everyone reads English."),
    (
        "for",
        "Invite the city councils to answer officially, so residents see what changed.",
    ),
)
DEBATE_CONCLUSIONS = en_fr(
    """\
1. **Longer debates.** Debates stay open at least six weeks, with a reminder halfway.
2. **Conclusions in every language of the network.** Each conclusion is translated
   before it is published.
3. **An answer from the cities.** Every host city publishes an official response to the
   conclusions within two months.""",
    """\
1. **Des débats plus longs.** Les débats restent ouverts au moins six semaines, avec un
   rappel à mi-parcours.
2. **Des conclusions dans toutes les langues du réseau.** Chaque conclusion est traduite
   avant d'être publiée.
3. **Une réponse des villes.** Chaque ville hôte publie une réponse officielle aux
   conclusions dans les deux mois.""",
)


# --- Illustrations ---------------------------------------------------------------------

PALETTE = [(11, 79, 138), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0)]


def illustration(seed: str, size: tuple[int, int] = (1200, 800)) -> SimpleUploadedFile:
    """An abstract picture of cities joined by lines, as a JPEG upload."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top, bottom = (232, 240, 248), (190, 210, 230)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    points = [
        (rng.randint(width // 10, width * 9 // 10), rng.randint(height // 8, height * 7 // 8))
        for _ in range(14)
    ]
    for i, (x, y) in enumerate(points):
        for other in points[i + 1 : i + 3]:
            draw.line([(x, y), other], fill=(120, 140, 165), width=3)
    for i, (x, y) in enumerate(points):
        radius = 14 + int(22 * abs(math.sin(i * 1.7)))
        colour = PALETTE[i % len(PALETTE)]
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


COVER_ALT = (
    "An abstract map: coloured circles of different sizes, the cities, joined by thin "
    "lines on a pale blue background."
)


# --- Seeding ---------------------------------------------------------------------------


def _accounts() -> dict[str, User]:
    emails = {EDITOR, ADMIN, MODERATOR, *VOICES}
    found = {user.email: user for user in User.objects.filter(email__in=emails)}
    if missing := emails - set(found):
        raise LookupError(f"Missing: {sorted(missing)}. Run manage.py seed_demo first.")
    return found


def _closed_debate(accounts: dict[str, User]) -> Debate:
    existing = (
        Debate.objects.filter(status=DebateStatus.CLOSED, practice__isnull=True)
        .exclude(slug=DEBATE_SLUG)
        .order_by("-closed_at")
    )
    for debate in existing:
        if debate.conclusions:
            return debate
    Debate.objects.filter(slug=DEBATE_SLUG).delete()
    debate = forum_services.open_debate(
        accounts[ADMIN], slug=DEBATE_SLUG, question=DEBATE_QUESTION, introduction=DEBATE_INTRO
    )
    with override_settings(FORUM_HOLD_FIRST=0, MACHINE_TRANSLATION={"BACKEND": ""}):
        for email, (stance, text) in zip(VOICES, DEBATE_VOICES, strict=True):
            forum_services.post_contribution(
                accounts[email], debate, text=text, stance=stance, language="en"
            )
    return forum_services.close_debate(accounts[MODERATOR], debate, conclusions=DEBATE_CONCLUSIONS)


def _practices() -> list[Practice]:
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    chosen = {p.slug: p for p in published.filter(slug__in=PRACTICES)}
    found = [chosen[slug] for slug in PRACTICES if slug in chosen]
    if len(found) < len(PRACTICES):
        found += list(published.exclude(slug__in=PRACTICES)[: len(PRACTICES) - len(found)])
    if not found:
        raise LookupError("No published practice. Run manage.py seed_demo_practices first.")
    return found


def seed_demo_publications() -> Summary:
    """Create (or recreate) the demo publication and publish its English PDF."""
    accounts = _accounts()
    editor = accounts[EDITOR]
    practices = _practices()
    opinion_map = OpinionMap.objects.filter(slug=MAP).first() or OpinionMap.objects.first()
    event = (
        Event.objects.filter(slug=EVENT).first()
        or Event.objects.filter(status=EventStatus.HELD).order_by("-starts_at").first()
    )
    if opinion_map is None:
        raise LookupError("No opinion map. Run manage.py seed_demo_opinions first.")
    if event is None:
        raise LookupError("No held event. Run manage.py seed_demo_events first.")
    debate = _closed_debate(accounts)

    for old in Publication.objects.filter(slug=SLUG):
        for version in old.versions.all():
            version.pdf.delete(save=False)
        old.cover.delete(save=False)
        for part in old.parts.all():
            part.image.delete(save=False)
        old.delete()
    publication = services.create_publication(
        editor,
        title=TITLE,
        subtitle=SUBTITLE,
        introduction=INTRODUCTION,
        cover=illustration("cover", (1600, 1000)),
        cover_alt=COVER_ALT,
        slug=SLUG,
    )
    add = services.add_part
    add(
        editor,
        publication,
        kind=PartKind.TEXT,
        heading=en_fr("Three threads", "Trois fils conducteurs"),
        text=OPENING,
        image=illustration("threads"),
        image_alt="Coloured circles joined by lines, like a network of cities.",
    )
    for practice in practices:
        add(editor, publication, kind=PartKind.PRACTICE, practice=practice)
    add(editor, publication, kind=PartKind.DEBATE, debate=debate)
    add(
        editor,
        publication,
        kind=PartKind.OPINION_MAP,
        opinion_map=opinion_map,
        text=en(
            "Residents of Lyon voted on short statements about sharing streets and squares. "
            "The map groups people who voted alike."
        ),
    )
    add(editor, publication, kind=PartKind.EVENT, event=event)
    add(editor, publication, kind=PartKind.FUNDING)
    add(
        editor,
        publication,
        kind=PartKind.TEXT,
        heading=en_fr("What comes next", "Et ensuite"),
        text=CLOSING,
    )

    versions = services.render_new_version(editor, publication, languages=["en"])
    pages = 0
    for version in versions:
        render_version(version.pk)  # made now (a no-op when the task already ran)
        version.refresh_from_db()
        if version.status != RenderStatus.DONE:
            raise RuntimeError(f"The demo PDF could not be made: {version.error}")
        services.publish_version(editor, version)
        pages = version.page_count or 0
    services.publish_publication(editor, publication)
    return Summary(parts=publication.parts.count(), pages=pages, languages=["en"])
