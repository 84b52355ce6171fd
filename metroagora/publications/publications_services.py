"""Every write to publications goes through here: composing, rendering, publishing.

Editors and network admins compose a publication (title, subtitle and introduction per
language, a cover image with its description, ordered parts), ask for a rendering (one
PDF version per language, made in the background) and publish it with the versions
they chose.
"""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event
from metroagora.forum.models import Debate, DebateStatus
from metroagora.network.models import City
from metroagora.opinions.models import OpinionMap
from metroagora.practices.models import Practice
from metroagora.publications.models import (
    PartKind,
    Publication,
    PublicationPart,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)
from metroagora.publications.publications_images import check_image

MAX_PARTS = 400
MAX_TITLE = 200
MAX_SUBTITLE = 300
MAX_INTRODUCTION = 20_000
MAX_PART_TEXT = 20_000
# A rendering still "being made" after this long is taken as lost (a worker stopped).
STALE_RENDERING = timedelta(minutes=20)
UNCHANGED: Any = object()


def _require(actor: User, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _free_slug(base: str) -> str:
    slug, n = base, 1
    while Publication.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_lengths(values: dict[str, tuple[TranslatedText, int]]) -> None:
    errors = {}
    for name, (text, limit) in values.items():
        for lang in text.languages():
            if len(text.get(lang)) > limit:
                errors[name] = _("Keep it under %(max)s characters.") % {"max": f"{limit:,}"}
    if errors:
        raise ValidationError(errors)


def _delete_file_on_commit(field_file: Any) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _set_cover(publication: Publication, cover: Any, cover_alt: str, remove: bool) -> None:
    cover_alt = (cover_alt or "").strip()
    if cover is not None and cover is not UNCHANGED:
        try:
            check_image(cover)
        except ValidationError as error:
            raise ValidationError({"cover": error.messages}) from None
        if publication.cover:
            _delete_file_on_commit(publication.cover)
        publication.cover = cover
    elif remove and publication.cover:
        _delete_file_on_commit(publication.cover)
        publication.cover = None
    if publication.cover and not cover_alt:
        raise ValidationError(
            {
                "cover_alt": _(
                    "Describe the cover image for people who cannot see it "
                    "(what it shows, in a sentence)."
                )
            }
        )
    publication.cover_alt = cover_alt if publication.cover else ""


# --- The publication -------------------------------------------------------------------


@transaction.atomic
def create_publication(
    actor: User,
    *,
    title: Any,
    subtitle: Any = None,
    introduction: Any = None,
    cover: Any = None,
    cover_alt: str = "",
    slug: str = "",
) -> Publication:
    """An editor starts a publication (a draft: only staff see it).

    Its address is ``slug`` when given, else made from the title (the first one free)."""
    _require(actor, "publications.add_publication")
    title = TranslatedText.from_json(title)
    if not title:
        raise ValidationError({"title": _("Give the publication a title.")})
    publication = Publication(
        title=title,
        subtitle=TranslatedText.from_json(subtitle),
        introduction=TranslatedText.from_json(introduction),
        created_by=actor,
    )
    _check_lengths(
        {
            "title": (publication.title, MAX_TITLE),
            "subtitle": (publication.subtitle, MAX_SUBTITLE),
            "introduction": (publication.introduction, MAX_INTRODUCTION),
        }
    )
    _set_cover(publication, cover, cover_alt, remove=False)
    base = slugify(slug or title.get(title.original or "") or str(title))[:80] or "publication"
    publication.slug = _free_slug(base)
    publication.full_clean(exclude=["created_by"])  # kept when its author is deleted
    publication.save()
    return publication


@transaction.atomic
def update_publication(
    actor: User,
    publication: Publication,
    *,
    title: Any = UNCHANGED,
    subtitle: Any = UNCHANGED,
    introduction: Any = UNCHANGED,
    cover: Any = UNCHANGED,
    cover_alt: Any = UNCHANGED,
    remove_cover: bool = False,
) -> Publication:
    """Change the texts (any language) or the cover. The address stays the same."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(actor, "publications.change_publication", publication)
    if title is not UNCHANGED:
        publication.title = TranslatedText.from_json(title)
        if not publication.title:
            raise ValidationError({"title": _("Give the publication a title.")})
    if subtitle is not UNCHANGED:
        publication.subtitle = TranslatedText.from_json(subtitle)
    if introduction is not UNCHANGED:
        publication.introduction = TranslatedText.from_json(introduction)
    _check_lengths(
        {
            "title": (publication.title, MAX_TITLE),
            "subtitle": (publication.subtitle, MAX_SUBTITLE),
            "introduction": (publication.introduction, MAX_INTRODUCTION),
        }
    )
    alt = publication.cover_alt if cover_alt is UNCHANGED else cover_alt
    _set_cover(publication, cover, alt, remove=remove_cover)
    publication.full_clean(exclude=["created_by"])  # kept when its author is deleted
    publication.save()
    return publication


def publication_languages(publication: Publication) -> list[str]:
    """The languages the publication renders in: those of its title, the original first."""
    title = TranslatedText.from_json(publication.title)
    languages = title.languages()
    if title.original in languages:
        languages.remove(title.original)
        languages.insert(0, title.original)
    return languages


# --- Parts -----------------------------------------------------------------------------

# The platform item each kind pulls in.
ITEM_FIELD = {
    PartKind.PRACTICE: "practice",
    PartKind.DEBATE: "debate",
    PartKind.OPINION_MAP: "opinion_map",
    PartKind.EVENT: "event",
}


def _check_item(
    kind: str,
    *,
    practice: Practice | None,
    debate: Debate | None,
    opinion_map: OpinionMap | None,
    event: Event | None,
) -> None:
    if kind == PartKind.PRACTICE:
        if practice is None:
            raise ValidationError({"practice": _("Choose a best practice.")})
        if not practice.is_published:
            raise ValidationError(
                {
                    "practice": _(
                        "This practice is not published: only published practices go into "
                        "a publication. Choose another one, or publish it first."
                    )
                }
            )
    elif kind == PartKind.DEBATE:
        if debate is None:
            raise ValidationError({"debate": _("Choose a debate.")})
        if debate.status != DebateStatus.CLOSED or not TranslatedText.from_json(debate.conclusions):
            raise ValidationError(
                {
                    "debate": _(
                        "This debate has no conclusions yet: a moderator closes it with its "
                        "conclusions first. Choose a closed debate."
                    )
                }
            )
    elif kind == PartKind.OPINION_MAP:
        if opinion_map is None:
            raise ValidationError({"opinion_map": _("Choose an opinion map.")})
    elif kind == PartKind.EVENT:
        if event is None:
            raise ValidationError({"event": _("Choose an event.")})
        if not event.is_public:
            raise ValidationError(
                {"event": _("This event is a draft: choose a published or held event.")}
            )


def _check_part_texts(heading: TranslatedText, text: TranslatedText) -> None:
    _check_lengths({"heading": (heading, MAX_TITLE), "text": (text, MAX_PART_TEXT)})


def _set_image(part: PublicationPart, image: Any, image_alt: str, remove: bool) -> None:
    image_alt = (image_alt or "").strip()
    if image is not None and image is not UNCHANGED:
        try:
            check_image(image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from None
        if part.image:
            _delete_file_on_commit(part.image)
        part.image = image
    elif remove and part.image:
        _delete_file_on_commit(part.image)
        part.image = None
    if part.image and not image_alt:
        raise ValidationError(
            {
                "image_alt": _(
                    "Describe the image for people who cannot see it (what it shows, in a "
                    "sentence)."
                )
            }
        )
    part.image_alt = image_alt if part.image else ""


@transaction.atomic
def add_part(
    actor: User,
    publication: Publication,
    *,
    kind: str,
    heading: Any = None,
    text: Any = None,
    image: Any = None,
    image_alt: str = "",
    practice: Practice | None = None,
    debate: Debate | None = None,
    opinion_map: OpinionMap | None = None,
    event: Event | None = None,
    city: City | None = None,
) -> PublicationPart:
    """Add a part at the end: a text, or a piece of the platform pulled in when rendering."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(actor, "publications.change_publication", publication)
    if kind not in PartKind.values:
        raise ValidationError({"kind": _("Choose what kind of part to add.")})
    existing = publication.parts.count()
    if existing >= MAX_PARTS:
        raise ValidationError(
            _("A publication holds up to %(max)s parts: split it in two.") % {"max": MAX_PARTS}
        )
    heading_text = TranslatedText.from_json(heading)
    body = TranslatedText.from_json(text)
    if kind == PartKind.TEXT and not body:
        raise ValidationError({"text": _("Write the text of this part.")})
    _check_part_texts(heading_text, body)
    _check_item(kind, practice=practice, debate=debate, opinion_map=opinion_map, event=event)
    last = publication.parts.aggregate(last=Max("order"))["last"]
    part = PublicationPart(
        publication=publication,
        kind=kind,
        order=0 if last is None else last + 1,
        heading=heading_text,
        text=body,
        practice=practice if kind == PartKind.PRACTICE else None,
        debate=debate if kind == PartKind.DEBATE else None,
        opinion_map=opinion_map if kind == PartKind.OPINION_MAP else None,
        event=event if kind == PartKind.EVENT else None,
        city=city if kind == PartKind.FUNDING else None,
    )
    _set_image(part, image, image_alt, remove=False)
    part.full_clean()
    part.save()
    _touch(publication)
    return part


@transaction.atomic
def update_part(
    actor: User,
    part: PublicationPart,
    *,
    heading: Any = UNCHANGED,
    text: Any = UNCHANGED,
    image: Any = UNCHANGED,
    image_alt: Any = UNCHANGED,
    remove_image: bool = False,
) -> PublicationPart:
    """Change a part's heading, text (any language) or image."""
    part = PublicationPart.objects.select_for_update().get(pk=part.pk)
    _require(actor, "publications.change_publication", part.publication)
    if heading is not UNCHANGED:
        part.heading = TranslatedText.from_json(heading)
    if text is not UNCHANGED:
        part.text = TranslatedText.from_json(text)
    if part.kind == PartKind.TEXT and not TranslatedText.from_json(part.text):
        raise ValidationError({"text": _("Write the text of this part.")})
    _check_part_texts(TranslatedText.from_json(part.heading), TranslatedText.from_json(part.text))
    alt = part.image_alt if image_alt is UNCHANGED else image_alt
    _set_image(part, image, alt, remove=remove_image)
    part.full_clean()
    part.save()
    _touch(part.publication)
    return part


def _renumber(publication: Publication) -> list[PublicationPart]:
    """The parts in order, numbered 0, 1, 2... (locked until the end of the transaction)."""
    parts = list(publication.parts.select_for_update().order_by("order", "pk"))
    changed = []
    for index, part in enumerate(parts):
        if part.order != index:
            part.order = index
            changed.append(part)
    PublicationPart.objects.bulk_update(changed, ["order"])
    return parts


@transaction.atomic
def move_part(actor: User, part: PublicationPart, direction: str) -> PublicationPart:
    """Move a part one place up or down (at either end it stays where it is)."""
    publication = Publication.objects.select_for_update().get(pk=part.publication_id)
    _require(actor, "publications.change_publication", publication)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the part up or down."))
    parts = _renumber(publication)
    index = next((i for i, p in enumerate(parts) if p.pk == part.pk), None)
    if index is None:
        raise ValidationError(_("This part is no longer in the publication."))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(parts):
        first, second = parts[index], parts[other]
        first.order, second.order = second.order, first.order
        PublicationPart.objects.bulk_update([first, second], ["order"])
        _touch(publication)
    return parts[index]


@transaction.atomic
def remove_part(actor: User, part: PublicationPart) -> None:
    publication = Publication.objects.select_for_update().get(pk=part.publication_id)
    _require(actor, "publications.change_publication", publication)
    part = PublicationPart.objects.get(pk=part.pk)
    _delete_file_on_commit(part.image)
    part.delete()
    _renumber(publication)
    _touch(publication)


def _touch(publication: Publication) -> None:
    Publication.objects.filter(pk=publication.pk).update(updated_at=timezone.now())


# --- Versions --------------------------------------------------------------------------


def _enqueue(version_id: int) -> None:
    from metroagora.publications.publications_tasks import render_publication_version

    render_publication_version.enqueue(version_id)


@transaction.atomic
def render_new_version(
    actor: User, publication: Publication, *, languages: list[str] | None = None
) -> list[PublicationVersion]:
    """ "Render version N": one PDF per language of the title (or of ``languages``, some of
    them), made in the background."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(actor, "publications.render_publication", publication)
    available = publication_languages(publication)
    if languages is not None and set(languages) - set(available):
        raise ValidationError(
            _("The publication has no title in %(languages)s: give it one first.")
            % {"languages": ", ".join(sorted(set(languages) - set(available)))}
        )
    languages = [lang for lang in available if languages is None or lang in languages]
    if not languages:
        raise ValidationError(_("Give the publication a title before rendering it."))
    busy = publication.versions.filter(
        status__in=[RenderStatus.QUEUED, RenderStatus.RENDERING],
        created_at__gt=timezone.now() - STALE_RENDERING,
    ).first()
    if busy is not None:
        raise ValidationError(
            _(
                "Version %(number)s is still being made: wait until it is ready (or failed) "
                "before rendering another one."
            )
            % {"number": busy.number}
        )
    number = (publication.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    versions = [
        PublicationVersion.objects.create(
            publication=publication, number=number, language=lang, created_by=actor
        )
        for lang in languages
    ]
    for version in versions:
        transaction.on_commit(functools.partial(_enqueue, version.pk))
    return versions


@transaction.atomic
def retry_version(actor: User, version: PublicationVersion) -> PublicationVersion:
    """Render a failed version again (the same number and language)."""
    version = PublicationVersion.objects.select_for_update().get(pk=version.pk)
    _require(actor, "publications.render_publication", version.publication)
    if version.status != RenderStatus.FAILED:
        raise ValidationError(_("Only a version that failed can be rendered again."))
    version.status = RenderStatus.QUEUED
    version.progress = 0
    version.error = ""
    version.attempts = 0  # a new job: its attempts count again (core/jobs.py)
    version.save(update_fields=["status", "progress", "error", "attempts", "updated_at"])
    transaction.on_commit(functools.partial(_enqueue, version.pk))
    return version


@transaction.atomic
def publish_version(actor: User, version: PublicationVersion) -> PublicationVersion:
    """Make this version the downloadable PDF of its language (one per language)."""
    version = (
        PublicationVersion.objects.select_for_update()
        .select_related("publication")
        .get(pk=version.pk)
    )
    _require(actor, "publications.publish_publication", version.publication)
    if version.status != RenderStatus.DONE or not version.pdf:
        raise ValidationError(_("This version is not ready yet: publish it once it is made."))
    PublicationVersion.objects.filter(
        publication_id=version.publication_id, language=version.language, is_published=True
    ).exclude(pk=version.pk).update(is_published=False)
    if not version.is_published:
        version.is_published = True
        version.save(update_fields=["is_published", "updated_at"])
    return version


@transaction.atomic
def unpublish_version(actor: User, version: PublicationVersion) -> PublicationVersion:
    version = (
        PublicationVersion.objects.select_for_update()
        .select_related("publication")
        .get(pk=version.pk)
    )
    _require(actor, "publications.publish_publication", version.publication)
    if version.is_published:
        version.is_published = False
        version.save(update_fields=["is_published", "updated_at"])
    return version


@transaction.atomic
def publish_publication(actor: User, publication: Publication) -> Publication:
    """Show the publication on the website, with the PDF versions marked published."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(actor, "publications.publish_publication", publication)
    if not publication.versions.filter(is_published=True, status=RenderStatus.DONE).exists():
        raise ValidationError(
            _(
                "Choose the PDF to offer first: render a version, then mark it published in "
                "at least one language."
            )
        )
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = publication.published_at or timezone.now()
    publication.save(update_fields=["status", "published_at", "updated_at"])
    record(
        actor,
        "publications.publish",
        obj_label=publication,
        obj_url=publication.get_absolute_url(),
    )
    return publication


@transaction.atomic
def unpublish_publication(actor: User, publication: Publication) -> Publication:
    """Take the publication off the website (its versions are kept)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _require(actor, "publications.publish_publication", publication)
    publication.status = PublicationStatus.DRAFT
    publication.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "publications.unpublish",
        obj_label=publication,
        obj_url=publication.get_absolute_url(),
    )
    return publication
