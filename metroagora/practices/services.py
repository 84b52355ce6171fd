"""Every write to best practices goes through here."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event
from metroagora.forum.models import Debate
from metroagora.network.models import City
from metroagora.practices.models import (
    REQUIRED_SECTIONS,
    Indicator,
    Practice,
    PracticeImage,
    PracticeLink,
    PracticeStatus,
    ReviewComment,
    ReviewVerdict,
    Transfer,
    TransferStatus,
    TransferUpdate,
)

# Fields a coordinator writes in the practice form (everything but workflow fields).
CONTENT_FIELDS = (
    "title",
    "summary",
    "challenge",
    "actions",
    "results",
    "resources",
    "cost_eur",
    "eu_funds",
    "success_factors",
    "obstacles",
    "transferability",
    "transfer_conditions",
    "contact_name",
    "contact_role",
    "contact_email",
    "languages",
    "started_on",
)
MAX_COMMENT = 3000


def _free_slug(queryset: Any, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever ``queryset`` does not use yet."""
    slug, n = base, 1
    while queryset.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _unique_slug(title: Any) -> str:
    text = TranslatedText.from_json(title)
    base = slugify(text.get(text.original or "") or str(text))[:80] or "practice"
    return _free_slug(Practice.objects.all(), base)


def missing_sections(practice: Practice) -> list[str]:
    """The names of the required sections a practice still lacks."""
    return [name for name in REQUIRED_SECTIONS if not getattr(practice, name)]


def missing_sections_error(practice: Practice) -> ValidationError | None:
    missing = missing_sections(practice)
    if not missing:
        return None
    return ValidationError(
        {
            name: ValidationError(
                _("Fill in this section before submitting the practice for review."),
                code="required_for_review",
            )
            for name in missing
        }
    )


@transaction.atomic
def create_practice(
    actor: User,
    *,
    city: City,
    topics: Any = (),
    events: Any = (),
    **fields: Any,
) -> Practice:
    """A city coordinator starts a draft for their city (editors for any city)."""
    if not actor.has_perm("practices.add_practice"):
        raise PermissionDenied
    practice = Practice(city=city, created_by=actor, status=PracticeStatus.DRAFT)
    if not actor.has_perm("practices.change_practice", practice):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in CONTENT_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(practice, name, value)
    practice.slug = _unique_slug(practice.title)
    practice.full_clean()
    practice.save()
    practice.topics.set(topics)
    practice.events.set(events)
    return practice


@transaction.atomic
def update_practice(
    actor: User,
    practice: Practice,
    *,
    topics: Any = None,
    events: Any = None,
    **fields: Any,
) -> Practice:
    """Change the content. The city edits its drafts; editors edit at any stage."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not actor.has_perm("practices.change_practice", practice):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in CONTENT_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(practice, name, value)
    practice.full_clean()
    practice.save()
    if topics is not None:
        practice.topics.set(topics)
    if events is not None:
        practice.events.set(events)
    return practice


# The review steps an editor takes on someone's practice go into the audit log too.
AUDITED_VERDICTS: dict[str, str] = {
    ReviewVerdict.CHANGES: "practices.request_changes",
    ReviewVerdict.PUBLISHED: "practices.publish",
    ReviewVerdict.UNPUBLISHED: "practices.unpublish",
}


def _review_entry(practice: Practice, actor: User, verdict: str, text: str = "") -> ReviewComment:
    text = (text or "").strip()
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {
                "text": _("Keep it under %(max)s characters (now %(count)s).")
                % {"max": MAX_COMMENT, "count": len(text)}
            }
        )
    comment = ReviewComment.objects.create(
        practice=practice, author=actor, verdict=verdict, text=text
    )
    if verdict in AUDITED_VERDICTS:
        record(
            actor,
            AUDITED_VERDICTS[verdict],
            obj_label=practice,
            obj_url=practice.get_absolute_url(),
            city=practice.city,
            reason=text,
        )
    return comment


@transaction.atomic
def submit_for_review(actor: User, practice: Practice, *, note: str = "") -> Practice:
    """The city sends its draft to the network's editors. Every required section is needed."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not actor.has_perm("practices.submit_practice", practice):
        raise PermissionDenied
    if not practice.is_editable_by_author:
        raise ValidationError(_("This practice is already in review or published."))
    error = missing_sections_error(practice)
    if error:
        raise error
    practice.status = PracticeStatus.IN_REVIEW
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    _review_entry(practice, actor, ReviewVerdict.SUBMITTED, note)
    return practice


@transaction.atomic
def comment_on_review(actor: User, practice: Practice, *, text: str) -> ReviewComment:
    if not actor.has_perm("practices.comment_review", practice):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Write a comment before sending it.")})
    return _review_entry(practice, actor, ReviewVerdict.COMMENT, text)


@transaction.atomic
def request_changes(actor: User, practice: Practice, *, text: str) -> Practice:
    """An editor sends the practice back to the city with what to change."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not actor.has_perm("practices.review_practice", practice):
        raise PermissionDenied
    if practice.status != PracticeStatus.IN_REVIEW:
        raise ValidationError(_("Only a practice in review can be sent back for changes."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what should change.")})
    practice.status = PracticeStatus.CHANGES_REQUESTED
    practice.save(update_fields=["status", "updated_at"])
    _review_entry(practice, actor, ReviewVerdict.CHANGES, text)
    return practice


def _qa_debate(practice: Practice, actor: User) -> Debate:
    """Questions and answers on a practice are a Forum debate of their own."""
    title = TranslatedText.from_json(practice.title)
    question = {}
    for lang in title.languages():
        with translation.override(lang):
            question[lang] = _("Questions and answers: %(title)s") % {"title": title.get(lang)}
    # A new debate of its own: never take over a Forum debate that uses the same address.
    slug = _free_slug(Debate.objects.all(), f"practice-{practice.slug}"[:90])
    debate = Debate(
        slug=slug,
        question={**question, "_original": title.original or "en"},
        city=practice.city,
        created_by=actor,
    )
    debate.full_clean()
    debate.save()
    debate.topics.set(practice.topics.all())
    return debate


@transaction.atomic
def publish_practice(actor: User, practice: Practice, *, note: str = "") -> Practice:
    """An editor publishes a practice in review; it opens its questions and answers."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not actor.has_perm("practices.review_practice", practice):
        raise PermissionDenied
    if practice.status != PracticeStatus.IN_REVIEW:
        raise ValidationError(_("Only a practice in review can be published."))
    error = missing_sections_error(practice)
    if error:
        raise error
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = practice.published_at or timezone.now()
    if practice.qa_debate_id is None:
        practice.qa_debate = _qa_debate(practice, actor)
    practice.save(update_fields=["status", "published_at", "qa_debate", "updated_at"])
    _review_entry(practice, actor, ReviewVerdict.PUBLISHED, note)
    return practice


@transaction.atomic
def unpublish_practice(actor: User, practice: Practice, *, reason: str) -> Practice:
    """An editor withdraws a published practice; it goes back to the city as a draft."""
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not actor.has_perm("practices.review_practice", practice):
        raise PermissionDenied
    if practice.status != PracticeStatus.PUBLISHED:
        raise ValidationError(_("This practice is not published."))
    if not (reason or "").strip():
        raise ValidationError({"text": _("Say why the practice is withdrawn.")})
    practice.status = PracticeStatus.CHANGES_REQUESTED
    practice.save(update_fields=["status", "updated_at"])
    _review_entry(practice, actor, ReviewVerdict.UNPUBLISHED, reason)
    return practice


# --- Results, media ------------------------------------------------------------------


def _check_change(actor: User, practice: Practice) -> None:
    if not actor.has_perm("practices.change_practice", practice):
        raise PermissionDenied


@transaction.atomic
def add_indicator(actor: User, practice: Practice, **fields: Any) -> Indicator:
    _check_change(actor, practice)
    indicator = Indicator(practice=practice, **fields)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def add_image(
    actor: User, practice: Practice, *, image: Any, alt_text: str, credit: str = ""
) -> PracticeImage:
    _check_change(actor, practice)
    item = PracticeImage(
        practice=practice, image=image, alt_text=(alt_text or "").strip(), credit=credit.strip()
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def add_link(
    actor: User, practice: Practice, *, kind: str, title: str, url: str, language: str = ""
) -> PracticeLink:
    _check_change(actor, practice)
    link = PracticeLink(
        practice=practice, kind=kind, title=title.strip(), url=url.strip(), language=language
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def remove_item(actor: User, item: Indicator | PracticeImage | PracticeLink) -> None:
    _check_change(actor, item.practice)
    if isinstance(item, PracticeImage):
        item.image.delete(save=False)
    item.delete()


@transaction.atomic
def link_event_practices(actor: User, event: Event, practices: Any) -> None:
    """An event's organisers name the published practices it produced."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    chosen = list(practices)
    if any(not practice.is_published for practice in chosen):
        raise ValidationError({"practices": _("Only published practices can be linked.")})
    event.practices.set(chosen)


# --- Transfers -----------------------------------------------------------------------


@transaction.atomic
def start_transfer(actor: User, practice: Practice, *, city: City, note: str = "") -> Transfer:
    """ "We want to adopt this": a coordinator of another city opens a transfer."""
    if not actor.has_perm("practices.start_transfer", practice):
        raise PermissionDenied
    if not practice.is_published:
        raise ValidationError(_("Only a published practice can be adopted."))
    if city.pk == practice.city_id:
        raise ValidationError({"city": _("A city cannot adopt its own practice.")})
    if (
        not actor.is_network_admin
        and not actor.memberships.filter(city=city, role="coordinator").exists()
    ):
        raise PermissionDenied
    if len((note or "").strip()) > MAX_COMMENT:
        raise ValidationError({"note": _("Keep the note under 3,000 characters.")})
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(practice=practice, city=city, started_by=actor)
    except IntegrityError:
        raise ValidationError(
            {"city": _("%(city)s already follows a transfer of this practice.") % {"city": city}}
        ) from None
    TransferUpdate.objects.create(
        transfer=transfer,
        author=actor,
        status=TransferStatus.INTERESTED,
        note=(note or "").strip(),
    )
    return transfer


@transaction.atomic
def update_transfer(actor: User, transfer: Transfer, *, status: str, note: str = "") -> Transfer:
    """Either city moves the transfer along or adds a note; each step is kept."""
    transfer = Transfer.objects.select_for_update().select_related("practice").get(pk=transfer.pk)
    if not actor.has_perm("practices.update_transfer", transfer):
        raise PermissionDenied
    if status not in TransferStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    note = (note or "").strip()
    if len(note) > MAX_COMMENT:
        raise ValidationError({"note": _("Keep the note under 3,000 characters.")})
    if status == transfer.status and not note:
        raise ValidationError({"note": _("Change the status or write a note.")})
    transfer.status = status
    transfer.save(update_fields=["status", "updated_at"])
    TransferUpdate.objects.create(transfer=transfer, author=actor, status=status, note=note)
    return transfer
