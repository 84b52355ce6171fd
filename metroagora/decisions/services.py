"""Every write to processes, verification, proposals, budgets and accountability goes here.

Each function checks who may do it, validates, and writes in one transaction.
Errors are ``ValidationError`` with translated messages (keyed by form field where
there is one) or ``PermissionDenied``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metroagora.accounts.models import User
from metroagora.core import audit
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.translated import TranslatedText
from metroagora.decisions import emails, tally
from metroagora.decisions.models import (
    BODY_LENGTH,
    PHASE_ORDER,
    TITLE_LENGTH,
    Answer,
    Ballot,
    BallotChoice,
    BallotReceipt,
    Budget,
    BudgetProject,
    Category,
    CensusEntry,
    CensusUpload,
    District,
    Implementation,
    ImplementationPhoto,
    ImplementationStatus,
    ImplementationUpdate,
    InvitationBatch,
    InvitationCode,
    Milestone,
    Participation,
    PhaseKind,
    Process,
    ProcessPhase,
    ProcessStatus,
    Proposal,
    ProposalImage,
    ProposalState,
    Support,
)
from metroagora.forum.models import Debate
from metroagora.network.models import City, Membership, MembershipRole, VerificationMethod
from metroagora.network.services import record_verification

MAX_CODES_PER_BATCH = 5000
MAX_CENSUS_ROWS = 2_000_000
MAX_IMAGES_PER_PROPOSAL = 5
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def _free_slug(queryset: Any, base: str) -> str:
    slug, n = base, 1
    while queryset.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _require(actor: User, perm: str, obj: Any) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


# --- Taking part ---------------------------------------------------------------------


def is_verified_resident(user: User, city_id: int) -> bool:
    return Membership.objects.filter(
        user=user, city_id=city_id, role=MembershipRole.RESIDENT, verified_at__isnull=False
    ).exists()


def participation_problem(user: User | Any, process: Process) -> str | None:
    """Why ``user`` cannot take part in ``process`` (translated), or None when they can."""
    if not user.is_authenticated:
        return _("Sign in to take part.")
    if not process.is_published:
        return _("This process is not open yet.")
    if process.participation == Participation.VERIFIED and not is_verified_resident(
        user, process.city_id
    ):
        return _(
            "Only verified residents of %(city)s take part in this process. "
            "Verify that you live there first: it takes a minute with a code or your ID."
        ) % {"city": process.city}
    return None


def _check_participation(user: User, process: Process) -> None:
    problem = participation_problem(user, process)
    if problem:
        raise PermissionDenied(problem)


def _check_phase(process: Process, kind: str, message: str) -> None:
    if not process.is_in_phase(kind):
        raise ValidationError(message, code="phase")


# --- Processes -------------------------------------------------------------------------

PROCESS_FIELDS = ("title", "description", "district", "participation", "support_threshold")


def _clean_phases(
    phases: Mapping[str, tuple[datetime, datetime] | None],
) -> list[tuple[str, datetime, datetime]]:
    """Phases given, in the fixed order, each ending after it starts, none overlapping."""
    chosen = []
    for kind in PHASE_ORDER:
        dates = phases.get(kind)
        if not dates:
            continue
        starts, ends = dates
        if starts is None or ends is None:
            raise _field_error(
                f"{kind}_starts", _("Give both a start and an end, or neither."), "incomplete"
            )
        if ends <= starts:
            raise _field_error(f"{kind}_ends", _("A phase must end after it starts."), "order")
        chosen.append((kind, starts, ends))
    if not chosen:
        raise ValidationError(_("Give the dates of at least one phase."), code="no_phase")
    for (kind_a, _s, ends_a), (kind_b, starts_b, _e) in zip(chosen, chosen[1:], strict=False):
        if starts_b < ends_a:
            raise _field_error(
                f"{kind_b}_starts",
                _("The %(phase)s phase must start after the %(previous)s phase ends.")
                % {
                    "phase": PhaseKind(kind_b).label.lower(),
                    "previous": PhaseKind(kind_a).label.lower(),
                },
                "overlap",
            )
    return chosen


def _check_scope(process_city: City, district: District | None) -> None:
    if district is not None and district.city_id != process_city.pk:
        raise _field_error("district", _("Choose a district of this city."), "district")


@transaction.atomic
def create_process(
    actor: User,
    city: City,
    *,
    phases: Mapping[str, tuple[datetime, datetime] | None],
    categories: Iterable[str] = (),
    **fields: Any,
) -> Process:
    _require(actor, "decisions.manage_processes", city)
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise ValueError(f"Unknown process fields: {sorted(unknown)}")
    _check_scope(city, fields.get("district"))
    title = TranslatedText.from_json(fields.get("title"))
    base = slugify(f"{city.slug} {title.get(title.original or '') or title}")[:90] or city.slug
    process = Process(
        city=city, slug=_free_slug(Process.objects.all(), base), created_by=actor, **fields
    )
    process.full_clean()
    process.save()
    _save_phases(process, phases)
    set_categories(actor, process, categories)
    return process


def _save_phases(process: Process, phases: Mapping[str, tuple[datetime, datetime] | None]) -> None:
    chosen = _clean_phases(phases)
    process.phases.exclude(kind__in=[kind for kind, _s, _e in chosen]).delete()
    for kind, starts, ends in chosen:
        ProcessPhase.objects.update_or_create(
            process=process, kind=kind, defaults={"starts_at": starts, "ends_at": ends}
        )


@transaction.atomic
def update_process(
    actor: User,
    process: Process,
    *,
    phases: Mapping[str, tuple[datetime, datetime] | None] | None = None,
    **fields: Any,
) -> Process:
    process = Process.objects.select_for_update().get(pk=process.pk)
    _require(actor, "decisions.manage_process", process)
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise ValueError(f"Unknown process fields: {sorted(unknown)}")
    _check_scope(process.city, fields.get("district"))
    for name, value in fields.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()
    if phases is not None:
        _save_phases(process, phases)
    return process


@transaction.atomic
def publish_process(actor: User, process: Process) -> Process:
    process = Process.objects.select_for_update().get(pk=process.pk)
    _require(actor, "decisions.manage_process", process)
    if not process.phases.exists():
        raise ValidationError(_("Give the dates of at least one phase before publishing."))
    process.status = ProcessStatus.PUBLISHED
    process.save(update_fields=["status", "updated_at"])
    audit.record(
        actor,
        "decisions.publish_process",
        obj_label=process,
        obj_url=process.get_absolute_url(),
        city=process.city,
    )
    return process


@transaction.atomic
def set_categories(actor: User, process: Process, names: Iterable[str]) -> list[Category]:
    """Add categories by name, in the active language. Existing ones are kept."""
    _require(actor, "decisions.manage_process", process)
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    existing = {str(c.name).casefold() for c in process.categories.all()}
    created = []
    for raw in names:
        name = (raw or "").strip()[:100]
        if name and name.casefold() not in existing:
            created.append(Category.objects.create(process=process, name={lang: name}))
            existing.add(name.casefold())
    return created


@transaction.atomic
def add_district(actor: User, city: City, name: str) -> District:
    _require(actor, "decisions.manage_processes", city)
    name = (name or "").strip()
    if not name:
        raise _field_error("name", _("Give the district a name."), "empty")
    if city.districts.filter(name__iexact=name).exists():
        raise _field_error("name", _("This city already has a district with that name."))
    slug = _free_slug(city.districts.all(), slugify(name)[:70] or "district")
    district = District(city=city, name=name[:120], slug=slug)
    district.full_clean()
    district.save()
    return district


# --- Resident verification ---------------------------------------------------------------


def _secret(purpose: str) -> bytes:
    configured = getattr(settings, f"{purpose.upper()}_SECRET", "")
    base = configured or settings.SECRET_KEY
    return hashlib.sha256(f"metroagora.decisions.{purpose}:{base}".encode()).digest()


def normalise_identifier(raw: str) -> str:
    """ID numbers are written many ways: '12.345.678-z' and '12345678Z' are the same."""
    return re.sub(r"[\s.\-/]", "", raw or "").upper()


def census_digest(city_id: int, identifier: str) -> str:
    """Keyed hash of an identifier, per city: without the secret it cannot be reversed."""
    message = f"{city_id}:{normalise_identifier(identifier)}".encode()
    return hmac.new(_secret("census"), message, hashlib.sha256).hexdigest()


def normalise_code(raw: str) -> str:
    compact = re.sub(r"[\s\-]", "", raw or "").upper()
    groups = [compact[i : i + CODE_GROUP_LENGTH] for i in range(0, len(compact), CODE_GROUP_LENGTH)]
    return "-".join(groups)


def _new_code() -> str:
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_GROUP_LENGTH))
        for _g in range(CODE_GROUPS)
    )


@transaction.atomic
def generate_invitation_codes(
    actor: User, city: City, *, count: int, label: str
) -> InvitationBatch:
    _require(actor, "decisions.verify_residents", city)
    if not 1 <= count <= MAX_CODES_PER_BATCH:
        raise _field_error(
            "count",
            _("Ask for between 1 and %(max)s codes at a time.") % {"max": MAX_CODES_PER_BATCH},
        )
    label = (label or "").strip()
    if not label:
        raise _field_error("label", _("Say where these codes will be handed out."), "empty")
    batch = InvitationBatch.objects.create(city=city, label=label[:120], created_by=actor)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(_new_code())
    taken = set(InvitationCode.objects.filter(code__in=codes).values_list("code", flat=True))
    while taken:  # astronomically rare: 32^12 possible codes
        codes -= taken
        fresh = {_new_code() for _i in range(len(taken))}
        taken = set(InvitationCode.objects.filter(code__in=fresh).values_list("code", flat=True))
        codes |= fresh
    InvitationCode.objects.bulk_create(
        [InvitationCode(batch=batch, city=city, code=code) for code in sorted(codes)]
    )
    audit.record(
        actor,
        "decisions.generate_codes",
        obj_label=city,
        obj_url=reverse("decisions:verification", args=[city.slug]),
        city=city,
        count=count,
        label=batch.label,
    )
    return batch


@transaction.atomic
def verify_with_code(user: User, city: City, raw_code: str) -> Membership:
    """A person types the code they were handed; they become a verified resident."""
    if not user.is_authenticated:
        raise PermissionDenied
    code = normalise_code(raw_code)
    if not code:
        raise _field_error("code", _("Type the code printed on your invitation."), "empty")
    invitation = (
        InvitationCode.objects.select_for_update(of=("self",))
        .select_related("city")
        .filter(code=code)
        .first()
    )
    if invitation is None:
        raise _field_error(
            "code",
            _("This code does not exist. Check each character; codes have no 0, O, 1 or I."),
            "unknown",
        )
    if invitation.city_id != city.pk:
        raise _field_error(
            "code",
            _("This code is for %(city)s, not %(here)s.") % {"city": invitation.city, "here": city},
            "other_city",
        )
    if invitation.used_at is not None:
        raise _field_error(
            "code",
            _("This code has already been used. Ask the city for a new one."),
            "used",
        )
    membership = record_verification(
        user, city, VerificationMethod.CODE, detail=f"batch {invitation.batch_id}"
    )
    invitation.used_by = user
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_by", "used_at"])
    return membership


@transaction.atomic
def verify_with_census(user: User, city: City, identifier: str) -> Membership:
    """A person gives the identifier the city's census knows them by (never stored)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not normalise_identifier(identifier):
        raise _field_error("identifier", _("Type your identifier."), "empty")
    entry = (
        CensusEntry.objects.select_for_update()
        .filter(city=city, digest=census_digest(city.pk, identifier))
        .first()
    )
    if entry is None:
        raise _field_error(
            "identifier",
            _(
                "This identifier is not in the census list of %(city)s. Check it, or ask "
                "the city to verify you another way."
            )
            % {"city": city},
            "unknown",
        )
    if entry.used_at is not None:
        raise _field_error(
            "identifier",
            _("This identifier has already verified an account. If it is yours, contact the city."),
            "used",
        )
    membership = record_verification(user, city, VerificationMethod.CENSUS)
    entry.used_by = user
    entry.used_at = timezone.now()
    entry.save(update_fields=["used_by", "used_at"])
    return membership


@dataclass
class CensusRows:
    digests: list[str]
    rows: int


HEADER_NAMES = {"identifier", "id", "identifiant", "kennung", "identificativo", "identificador"}


def read_census(city_id: int, data: bytes) -> CensusRows:
    """Parse a census CSV (first column: the identifier). Raises with every bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _("The file is not UTF-8 text (line %(line)s). Save it as CSV UTF-8 and try again.")
            % {"line": line},
            code="encoding",
        ) from error
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    errors: list[str] = []
    seen: dict[str, int] = {}
    digests: list[str] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    first_row = True
    for row in reader:
        number = reader.line_num  # the line in the file, even after quoted line breaks
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        first = cells[0]
        if first_row:
            first_row = False
            # A header row is skipped: a known name, or any title without a digit
            # ("DNI", "Codice fiscale") that must not become an identifier to type.
            if first.casefold() in HEADER_NAMES or not any(c.isdigit() for c in first):
                continue
        identifier = normalise_identifier(first)
        if not identifier:
            errors.append(_("Line %(line)s: the identifier is empty.") % {"line": number})
        elif len(identifier) > 64 or not re.fullmatch(r"[0-9A-Z]+", identifier):
            errors.append(
                _("Line %(line)s: “%(value)s” is not an identifier (letters and digits only).")
                % {"line": number, "value": first[:40]}
            )
        elif identifier in seen:
            errors.append(
                _("Line %(line)s: the same identifier as line %(first)s.")
                % {"line": number, "first": seen[identifier]}
            )
        else:
            seen[identifier] = number
            digests.append(census_digest(city_id, identifier))
        if len(errors) >= 20:
            errors.append(_("… and possibly more: fix these first."))
            break
        if len(digests) > MAX_CENSUS_ROWS:
            errors.append(
                _("The file has more than %(max)s identifiers.") % {"max": MAX_CENSUS_ROWS}
            )
            break
    if errors:
        raise ValidationError(errors, code="bad_rows")
    if not digests:
        raise ValidationError(_("The file holds no identifiers."), code="empty")
    return CensusRows(digests=digests, rows=len(digests))


@transaction.atomic
def upload_census(actor: User, city: City, *, filename: str, data: bytes) -> CensusUpload:
    """Replace the city's census list. Identifiers are hashed before anything is stored;
    identifiers that already verified someone stay, so verified people stay verified."""
    _require(actor, "decisions.verify_residents", city)
    parsed = read_census(city.pk, data)
    new = set(parsed.digests)
    current = dict(CensusEntry.objects.filter(city=city).values_list("digest", "used_at"))
    to_remove = [d for d, used_at in current.items() if d not in new and used_at is None]
    to_add = [d for d in parsed.digests if d not in current]
    removed = 0
    for start in range(0, len(to_remove), 5000):
        # used_at again: someone may have verified with one of them meanwhile.
        removed += CensusEntry.objects.filter(
            city=city, used_at__isnull=True, digest__in=to_remove[start : start + 5000]
        ).delete()[0]
    CensusEntry.objects.bulk_create(
        [CensusEntry(city=city, digest=d) for d in to_add], batch_size=5000
    )
    audit.record(
        actor,
        "decisions.upload_census",
        obj_label=city,
        obj_url=reverse("decisions:verification", args=[city.slug]),
        city=city,
        count=parsed.rows,
        added=len(to_add),
        removed=removed,
    )
    return CensusUpload.objects.create(
        city=city,
        uploaded_by=actor,
        filename=(filename or "census.csv")[:200],
        row_count=parsed.rows,
        added=len(to_add),
        removed=removed,
    )


# --- Proposals -------------------------------------------------------------------------

PROPOSAL_FIELDS = (
    "title",
    "body",
    "language",
    "category",
    "district",
    "location",
    "latitude",
    "longitude",
    "estimated_cost",
)


def _clean_proposal_fields(process: Process, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown proposal fields: {sorted(unknown)}")
    cleaned = dict(fields)
    title = (cleaned.get("title") or "").strip()
    body = (cleaned.get("body") or "").strip()
    errors: dict[str, list[str]] = {}
    if len(title) < 5:
        errors["title"] = [_("Give your proposal a title of at least 5 characters.")]
    elif len(title) > TITLE_LENGTH:
        errors["title"] = [_("Keep the title under %(max)s characters.") % {"max": TITLE_LENGTH}]
    if len(body) < 15:
        errors["body"] = [_("Describe your proposal in at least 15 characters.")]
    elif len(body) > BODY_LENGTH:
        errors["body"] = [
            _("Keep the description under %(max)s characters (now %(count)s).")
            % {"max": BODY_LENGTH, "count": len(body)}
        ]
    if cleaned.get("language") not in EU_LANGUAGE_NAMES:
        errors["language"] = [_("Choose the language you write in.")]
    category = cleaned.get("category")
    if category is not None and category.process_id != process.pk:
        errors["category"] = [_("Choose one of this process's categories.")]
    district = cleaned.get("district")
    if district is not None and district.city_id != process.city_id:
        errors["district"] = [_("Choose a district of this city.")]
    if process.district_id and district is not None and district.pk != process.district_id:
        errors["district"] = [_("This process is limited to %(d)s.") % {"d": process.district}]
    lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
    if (lat is None) != (lon is None):
        errors["latitude"] = [_("Give both the latitude and the longitude, or neither.")]
    cost = cleaned.get("estimated_cost")
    if cost is not None and cost < 0:
        errors["estimated_cost"] = [_("A cost cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    cleaned["title"] = title
    cleaned["body"] = body
    cleaned["location"] = (cleaned.get("location") or "").strip()[:200]
    if process.district_id and district is None:
        cleaned["district"] = process.district
    return cleaned


def _comments_debate(proposal: Proposal, actor: User) -> Debate:
    """Comments on a proposal are a Forum debate of its own (contributions, moderation)."""
    with translation.override(
        proposal.language
        if proposal.language in dict(settings.LANGUAGES)
        else settings.LANGUAGE_CODE
    ):
        question = _("Comments on the proposal “%(title)s”") % {"title": proposal.title}
    debate = Debate(
        slug=_free_slug(Debate.objects.all(), f"proposal-{proposal.pk}"),
        question={proposal.language: question, "_original": proposal.language},
        city=proposal.process.city,
        created_by=actor,
    )
    debate.full_clean()
    debate.save()
    return debate


@transaction.atomic
def submit_proposal(user: User, process: Process, **fields: Any) -> Proposal:
    _check_participation(user, process)
    _check_phase(
        process,
        PhaseKind.PROPOSALS,
        _("This process does not take proposals now: the proposals phase is not open."),
    )
    cleaned = _clean_proposal_fields(process, fields)
    proposal = Proposal(process=process, author=user, **cleaned)
    proposal.full_clean(exclude=["debate", "author"])
    proposal.save()
    proposal.debate = _comments_debate(proposal, user)
    proposal.save(update_fields=["debate"])
    return proposal


@transaction.atomic
def edit_proposal(user: User, proposal: Proposal, **fields: Any) -> Proposal:
    """The author may edit while the proposals phase is open and nobody supports it yet."""
    proposal = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
    _require(user, "decisions.edit_proposal", proposal)
    if proposal.state != ProposalState.PUBLISHED or not proposal.process.is_in_phase(
        PhaseKind.PROPOSALS
    ):
        raise ValidationError(_("This proposal can no longer be edited."), code="locked")
    if proposal.support_count:
        raise ValidationError(
            _("People already support this proposal as it is: it can no longer be edited."),
            code="supported",
        )
    current = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    cleaned = _clean_proposal_fields(proposal.process, {**current, **fields})
    for name, value in cleaned.items():
        setattr(proposal, name, value)
    proposal.full_clean(exclude=["debate", "author"])
    proposal.save()
    return proposal


@transaction.atomic
def withdraw_proposal(user: User, proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(user, "decisions.edit_proposal", proposal)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal is already withdrawn."), code="withdrawn")
    if proposal.state not in (ProposalState.PUBLISHED, ProposalState.EVALUATING) or proposal.answer:
        raise ValidationError(
            _("A proposal the city has answered cannot be withdrawn."), code="answered"
        )
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state", "updated_at"])
    return proposal


def _check_image(image: Any, field: str = "image") -> None:
    """The file is a picture Pillow can read. Forms check it too, but a model
    ImageField does not: this keeps anything else out whoever calls the service."""
    try:
        forms.ImageField().clean(image)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None


@transaction.atomic
def add_proposal_image(
    user: User, proposal: Proposal, *, image: Any, alt_text: str
) -> ProposalImage:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require(user, "decisions.edit_proposal", proposal)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn."), code="withdrawn")
    if proposal.images.count() >= MAX_IMAGES_PER_PROPOSAL:
        raise ValidationError(
            _("A proposal has at most %(max)s images.") % {"max": MAX_IMAGES_PER_PROPOSAL},
            code="too_many",
        )
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise _field_error("alt_text", _("Describe the image for people who cannot see it."), "alt")
    _check_image(image)
    picture = ProposalImage(proposal=proposal, image=image, alt_text=alt_text[:300])
    picture.full_clean()
    picture.save()
    return picture


@transaction.atomic
def remove_proposal_image(user: User, picture: ProposalImage) -> None:
    _require(user, "decisions.edit_proposal", picture.proposal)
    picture.image.delete(save=False)
    picture.delete()


SUPPORTABLE = (ProposalState.PUBLISHED, ProposalState.EVALUATING)


@transaction.atomic
def support_proposal(user: User, proposal: Proposal) -> Proposal:
    """One support per person; at the threshold the proposal goes to evaluation."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("process")
        .get(pk=proposal.pk)
    )
    process = proposal.process
    _check_participation(user, process)
    _check_phase(
        process,
        PhaseKind.SUPPORTS,
        _("Supports are collected only during the supports phase."),
    )
    if proposal.state not in SUPPORTABLE:
        raise ValidationError(_("This proposal no longer takes supports."), code="state")
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        raise ValidationError(_("You already support this proposal."), code="twice") from None
    proposal.support_count = F("support_count") + 1
    proposal.save(update_fields=["support_count"])
    proposal.refresh_from_db(fields=["support_count"])
    threshold = process.support_threshold
    if threshold and proposal.support_count >= threshold and proposal.state == "published":
        proposal.state = ProposalState.EVALUATING
        proposal.threshold_reached_at = timezone.now()
        proposal.save(update_fields=["state", "threshold_reached_at"])
    return proposal


@transaction.atomic
def withdraw_support(user: User, proposal: Proposal) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("process")
        .get(pk=proposal.pk)
    )
    if not user.is_authenticated:
        raise PermissionDenied
    _check_phase(
        proposal.process,
        PhaseKind.SUPPORTS,
        _("Supports can be withdrawn only during the supports phase."),
    )
    deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise ValidationError(_("You do not support this proposal."), code="not_supported")
    proposal.support_count = F("support_count") - 1
    proposal.save(update_fields=["support_count"])
    proposal.refresh_from_db(fields=["support_count"])
    return proposal


def _implementation_for_proposal(proposal: Proposal) -> Implementation:
    implementation, _created = Implementation.objects.get_or_create(
        proposal=proposal,
        defaults={
            "city_id": proposal.process.city_id,
            "process": proposal.process,
            "title": {proposal.language: proposal.title, "_original": proposal.language},
            "promised_cost": proposal.estimated_cost,
        },
    )
    return implementation


@transaction.atomic
def answer_proposal(actor: User, proposal: Proposal, *, answer: str, reason: str) -> Proposal:
    """The city's official answer, with a reason shown publicly. An accepted proposal
    gets an implementation record; the author is told by email."""
    proposal = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
    _require(actor, "decisions.answer_proposal", proposal)
    if proposal.state == ProposalState.WITHDRAWN:
        raise ValidationError(_("Its author withdrew this proposal."), code="withdrawn")
    if answer not in Answer.values:
        raise _field_error("answer", _("Choose accepted, rejected or under evaluation."))
    reason = (reason or "").strip()
    if not reason:
        raise _field_error(
            "reason", _("Explain the answer: the reason is shown to everyone."), "empty"
        )
    if len(reason) > BODY_LENGTH:
        raise _field_error(
            "reason", _("Keep the reason under %(max)s characters.") % {"max": BODY_LENGTH}
        )
    proposal.answer = answer
    proposal.answer_reason = reason
    proposal.answered_at = timezone.now()
    proposal.answered_by = actor
    proposal.state = {
        Answer.ACCEPTED: ProposalState.ACCEPTED,
        Answer.REJECTED: ProposalState.REJECTED,
        Answer.EVALUATING: ProposalState.EVALUATING,
    }[Answer(answer)]
    proposal.save()
    existing = Implementation.objects.filter(proposal=proposal).first()
    if answer == Answer.ACCEPTED:
        implementation = _implementation_for_proposal(proposal)
        if implementation.status == ImplementationStatus.CANCELLED:
            implementation.status = ImplementationStatus.PLANNED
            implementation.save(update_fields=["status", "updated_at"])
    elif existing is not None:
        existing.status = ImplementationStatus.CANCELLED
        existing.save(update_fields=["status", "updated_at"])
    audit.record(
        actor,
        "decisions.answer",
        obj_label=proposal,
        obj_url=proposal.get_absolute_url(),
        city=proposal.process.city,
        reason=reason,
        answer=Answer(answer).label,
    )
    if proposal.author_id:
        transaction.on_commit(lambda: emails.send_proposal_answered(proposal.pk))
    return proposal


# --- Budgets -------------------------------------------------------------------------------

BUDGET_FIELDS = (
    "title",
    "description",
    "district",
    "amount",
    "currency",
    "min_projects",
    "max_projects",
)
RULE_FIELDS = {"amount", "currency", "min_projects", "max_projects"}


@transaction.atomic
def create_budget(actor: User, process: Process, **fields: Any) -> Budget:
    _require(actor, "decisions.manage_process", process)
    unknown = set(fields) - set(BUDGET_FIELDS)
    if unknown:
        raise ValueError(f"Unknown budget fields: {sorted(unknown)}")
    _check_scope(process.city, fields.get("district"))
    budget = Budget(process=process, **fields)
    _check_project_rules(budget)  # before full_clean: its message says which field
    budget.full_clean()
    budget.save()
    return budget


def _check_project_rules(budget: Budget) -> None:
    if budget.max_projects is not None and budget.max_projects < budget.min_projects:
        raise _field_error(
            "max_projects", _("The most projects cannot be fewer than the fewest."), "rules"
        )


@transaction.atomic
def update_budget(actor: User, budget: Budget, **fields: Any) -> Budget:
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    _require(actor, "decisions.manage_budget", budget)
    unknown = set(fields) - set(BUDGET_FIELDS)
    if unknown:
        raise ValueError(f"Unknown budget fields: {sorted(unknown)}")
    if budget.is_closed:
        raise ValidationError(_("The vote is closed: the budget can no longer change."))
    changed_rules = {
        name for name in RULE_FIELDS & set(fields) if fields[name] != getattr(budget, name)
    }
    if changed_rules and budget.ballots.exists():
        raise ValidationError(
            _("People have voted: the amount and the ballot rules can no longer change."),
            code="ballots",
        )
    _check_scope(budget.process.city, fields.get("district"))
    for name, value in fields.items():
        setattr(budget, name, value)
    _check_project_rules(budget)  # before full_clean: its message says which field
    budget.full_clean()
    budget.save()
    return budget


def _check_projects_editable(budget: Budget) -> None:
    if budget.is_closed or budget.ballots.exists():
        raise ValidationError(
            _("People have started voting: the projects on the ballot can no longer change."),
            code="ballots",
        )


PROJECT_FIELDS = ("title", "description", "cost", "proposal", "district")


@transaction.atomic
def add_project(actor: User, budget: Budget, **fields: Any) -> BudgetProject:
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    _require(actor, "decisions.manage_budget", budget)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown project fields: {sorted(unknown)}")
    _check_projects_editable(budget)
    proposal: Proposal | None = fields.get("proposal")
    if proposal is not None:
        if proposal.process_id != budget.process_id or proposal.state != ProposalState.ACCEPTED:
            raise _field_error(
                "proposal", _("Choose an accepted proposal of this process."), "proposal"
            )
        if budget.projects.filter(proposal=proposal).exists():
            raise _field_error("proposal", _("This proposal is already on the ballot."))
        if not TranslatedText.from_json(fields.get("title")).languages():
            fields["title"] = {proposal.language: proposal.title, "_original": proposal.language}
        if fields.get("cost") is None and proposal.estimated_cost is not None:
            fields["cost"] = proposal.estimated_cost
    _check_scope(budget.process.city, fields.get("district"))
    project = BudgetProject(budget=budget, **fields)
    project.full_clean()
    if project.cost > budget.amount:
        raise _field_error(
            "cost", _("This project costs more than the whole budget."), "over_budget"
        )
    project.save()
    return project


@transaction.atomic
def update_project(actor: User, project: BudgetProject, **fields: Any) -> BudgetProject:
    project = BudgetProject.objects.select_related("budget__process").get(pk=project.pk)
    budget = Budget.objects.select_for_update().get(pk=project.budget_id)
    _require(actor, "decisions.manage_budget", budget)
    unknown = set(fields) - {"title", "description", "cost", "district"}
    if unknown:
        raise ValueError(f"Unknown project fields: {sorted(unknown)}")
    if "cost" in fields and fields["cost"] != project.cost:
        _check_projects_editable(budget)
    _check_scope(budget.process.city, fields.get("district"))
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    if project.cost > budget.amount:
        raise _field_error(
            "cost", _("This project costs more than the whole budget."), "over_budget"
        )
    project.save()
    return project


@transaction.atomic
def remove_project(actor: User, project: BudgetProject) -> None:
    budget = Budget.objects.select_for_update().select_related("process").get(pk=project.budget_id)
    _require(actor, "decisions.manage_budget", budget)
    _check_projects_editable(budget)
    project.delete()


def ballot_key(budget_id: int, user_id: int) -> str:
    """Finds a voter's own ballot again; only the application (holding the secret) can."""
    message = f"{budget_id}:{user_id}".encode()
    return hmac.new(_secret("ballot"), message, hashlib.sha256).hexdigest()


def voting_problem(user: User | Any, budget: Budget, now: datetime | None = None) -> str | None:
    """Why ``user`` cannot vote in ``budget`` now (translated), or None."""
    if budget.is_closed:
        return _("The vote is closed.")
    process = budget.process
    if not process.is_in_phase(PhaseKind.VOTING, now):
        phase = process.phase(PhaseKind.VOTING)
        if phase is not None and not phase.is_over(now):
            return _("Voting opens on %(date)s.") % {
                "date": timezone.localtime(phase.starts_at).strftime("%Y-%m-%d %H:%M")
            }
        return _("The vote is closed.")
    return participation_problem(user, process)


def _tampered() -> str:
    return _(
        "The ballot holds a project that is not on this budget. Reload the page and choose again."
    )


def _ballot_error(problem: tally.BallotProblem, budget: Budget) -> str:
    if problem.code == "empty":
        return _("Choose at least one project.")
    if problem.code == "unknown_project":
        return _tampered()
    if problem.code == "over_budget":
        return _(
            "Your choice costs %(total)s %(currency)s, over the budget of %(amount)s "
            "%(currency)s. Remove a project and try again."
        ) % {
            "total": _money(problem.total),
            "amount": _money(problem.limit),
            "currency": budget.currency,
        }
    if problem.code == "too_few":
        return ngettext(
            "Choose at least %(count)s project.",
            "Choose at least %(count)s projects.",
            int(problem.limit),
        ) % {"count": int(problem.limit)}
    return ngettext(
        "Choose at most %(count)s project.",
        "Choose at most %(count)s projects.",
        int(problem.limit),
    ) % {"count": int(problem.limit)}


def _money(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"


def _project_ids(raw: Iterable[Any]) -> list[int]:
    ids = []
    for value in raw:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise ValidationError(
                _tampered(),
                code="tampered",
            ) from None
    return ids


@transaction.atomic
def cast_ballot(user: User, budget: Budget, project_ids: Iterable[Any]) -> BallotReceipt:
    """Record (or replace) a person's secret ballot. One receipt, one ballot per person.

    The budget row is locked for the length of the (short) transaction, so closing the
    vote waits for ballots in flight and no ballot lands after the count.
    """
    budget = (
        Budget.objects.select_for_update(of=("self",))
        .select_related("process__city")
        .get(pk=budget.pk)
    )
    problem = voting_problem(user, budget)
    if problem:
        raise ValidationError(problem, code="cannot_vote")
    chosen = _project_ids(project_ids)
    costs = dict(budget.projects.values_list("pk", "cost"))
    problems = tally.check_ballot(
        chosen,
        costs,
        amount=budget.amount,
        min_projects=budget.min_projects,
        max_projects=budget.max_projects,
    )
    if problems:
        raise ValidationError(
            [ValidationError(_ballot_error(p, budget), code=p.code) for p in problems]
        )
    try:
        with transaction.atomic():
            receipt = BallotReceipt.objects.create(budget=budget, user=user)
    except IntegrityError:
        # Voted before (or a simultaneous request just did): wait for it, then replace.
        receipt = BallotReceipt.objects.select_for_update().get(budget=budget, user=user)
    ballot, _created = Ballot.objects.get_or_create(
        key=ballot_key(budget.pk, user.pk), defaults={"budget": budget}
    )
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(set(chosen))]
    )
    return receipt


def my_ballot(user: User | Any, budget: Budget) -> set[int]:
    """The projects a person chose (empty when they have not voted)."""
    if not user.is_authenticated:
        return set()
    return set(
        BallotChoice.objects.filter(
            ballot__key=ballot_key(budget.pk, user.pk), ballot__budget=budget
        ).values_list("project_id", flat=True)
    )


@dataclass
class BudgetResults:
    budget: Budget
    results: list[tally.ProjectResult]
    ballots: int

    @property
    def spent(self) -> Decimal:
        return sum((r.cost for r in self.results if r.selected), Decimal(0))


def compute_results(budget: Budget) -> BudgetResults:
    """Count the ballots and choose the winners (reads only)."""
    costs = dict(budget.projects.values_list("pk", "cost"))
    # COUNT(*) over the project index alone: COUNT(id) would read every choice row
    # (5 s instead of 0.3 s for 750,000 choices on SQLite; see docs/benchmarks.md).
    votes = dict(
        BallotChoice.objects.filter(project__in=budget.projects.values("pk"))
        .values("project")
        .annotate(n=Count("*"))
        .values_list("project", "n")
    )
    ballots = Ballot.objects.filter(budget=budget).count()
    return BudgetResults(budget, tally.winning_set(costs, votes, budget.amount), ballots)


@transaction.atomic
def close_budget(
    actor: User | None, budget: Budget, *, now: datetime | None = None
) -> BudgetResults:
    """Close the vote and publish the results, in one transaction.

    Allowed once the voting phase is over. Closing again recounts the same ballots
    and writes the same results. ``actor`` None: the scheduled ``close_budgets`` job.
    """
    budget = Budget.objects.select_for_update().select_related("process").get(pk=budget.pk)
    if actor is not None:
        _require(actor, "decisions.manage_budget", budget)
    phase = budget.process.phase(PhaseKind.VOTING)
    if phase is None or not phase.is_over(now):
        raise ValidationError(
            _("The vote can be closed once the voting phase is over."), code="still_open"
        )
    outcome = compute_results(budget)
    projects = {p.pk: p for p in budget.projects.all()}
    changed = []
    for result in outcome.results:
        project = projects[result.project_id]
        if (project.vote_count, project.selected) != (result.votes, result.selected):
            project.vote_count = result.votes
            project.selected = result.selected
            changed.append(project)
    BudgetProject.objects.bulk_update(changed, ["vote_count", "selected"])
    budget.closed_at = budget.closed_at or (now or timezone.now())
    budget.ballot_count = outcome.ballots
    budget.save(update_fields=["closed_at", "ballot_count", "updated_at"])
    # The records of this budget's projects, and of the accepted proposals they come
    # from, in two queries (not two per project: a vote can have hundreds of projects).
    records = {r.project_id: r for r in Implementation.objects.filter(project__budget=budget)}
    from_proposals = {
        r.proposal_id: r
        for r in Implementation.objects.filter(
            proposal_id__in=[p.proposal_id for p in projects.values() if p.proposal_id],
            project__isnull=True,
        )
    }
    for project in projects.values():
        record = records.get(project.pk)
        if project.selected and record is None and project.proposal_id:
            # A project from an accepted proposal: that proposal's record (made when it
            # was accepted) is the same promise; it follows the project from now on.
            record = from_proposals.get(project.proposal_id)
            if record is not None:
                record.project = project
                record.promised_cost = project.cost
                record.currency = budget.currency
                record.save(update_fields=["project", "promised_cost", "currency", "updated_at"])
        if project.selected and record is None:
            Implementation.objects.create(
                city_id=budget.process.city_id,
                process=budget.process,
                project=project,
                title=project.title,
                promised_cost=project.cost,
                currency=budget.currency,
            )
        elif not project.selected and record is not None and record.proposal_id:
            record.project = None  # the accepted proposal's own promise stays
            record.save(update_fields=["project", "updated_at"])
        elif not project.selected and record is not None and not record.updates.exists():
            record.delete()
    audit.record(
        actor,
        "decisions.close_vote",
        obj_label=budget,
        obj_url=budget.get_absolute_url(),
        city=budget.process.city,
        ballots=outcome.ballots,
    )
    outcome.budget = budget
    return outcome


def close_due_budgets(now: datetime | None = None) -> int:
    """Close every open budget whose voting phase is over (the daily job)."""
    now = now or timezone.now()
    due = Budget.objects.filter(
        closed_at__isnull=True,
        process__phases__kind=PhaseKind.VOTING,
        process__phases__ends_at__lte=now,
    )
    closed = 0
    for budget in due:
        close_budget(None, budget, now=now)
        closed += 1
    return closed


def anonymous_ballots(budget: Budget) -> Iterator[list[str]]:
    """CSV rows to recount a closed vote: one row per ballot, 1 for each project chosen.

    Ballots come in the order of their keys (effectively random), never by time.
    """
    if not budget.is_closed:
        raise ValidationError(_("The ballots are published when the vote closes."))
    projects = list(budget.projects.order_by("pk").values_list("pk", flat=True))
    yield ["ballot", *[f"project_{pk}" for pk in projects]]
    choices: dict[str, set[int]] = {}
    for ballot_id, project_id in (
        BallotChoice.objects.filter(ballot__budget=budget)
        .order_by("ballot__key")
        .values_list("ballot__key", "project_id")
        .iterator(chunk_size=5000)
    ):
        choices.setdefault(ballot_id, set()).add(project_id)
    for number, key in enumerate(sorted(choices), start=1):
        chosen = choices[key]
        yield [str(number), *["1" if pk in chosen else "0" for pk in projects]]


# --- Accountability ------------------------------------------------------------------------


@transaction.atomic
def update_implementation(
    actor: User,
    implementation: Implementation,
    *,
    status: str,
    progress: int,
    text: str,
    language: str,
) -> ImplementationUpdate:
    implementation = Implementation.objects.select_for_update().get(pk=implementation.pk)
    _require(actor, "decisions.update_implementation", implementation)
    errors: dict[str, list[str]] = {}
    if status not in ImplementationStatus.values:
        errors["status"] = [_("Choose a status.")]
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = [_("Progress is a percentage between 0 and 100.")]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Say what happened: residents read these updates.")]
    elif len(text) > BODY_LENGTH:
        errors["text"] = [_("Keep it under %(max)s characters.") % {"max": BODY_LENGTH}]
    if language not in EU_LANGUAGE_NAMES:
        errors["language"] = [_("Choose the language you write in.")]
    if errors:
        raise ValidationError(errors)
    if status == ImplementationStatus.COMPLETED:
        progress = 100
    implementation.status = status
    implementation.progress = progress
    implementation.save(update_fields=["status", "progress", "updated_at"])
    audit.record(
        actor,
        "decisions.update_implementation",
        obj_label=implementation,
        obj_url=implementation.get_absolute_url(),
        city=implementation.city,
        status=ImplementationStatus(status).label,
        progress=progress,
    )
    return ImplementationUpdate.objects.create(
        implementation=implementation,
        author=actor,
        text=text,
        language=language,
        status=status,
        progress=progress,
    )


@transaction.atomic
def add_milestone(
    actor: User, implementation: Implementation, *, title: str, due_on: date
) -> Milestone:
    _require(actor, "decisions.update_implementation", implementation)
    title = (title or "").strip()
    if not title:
        raise _field_error("title", _("Name the milestone."), "empty")
    if due_on is None:
        raise _field_error("due_on", _("Give the planned date."), "empty")
    milestone = Milestone(implementation=implementation, title=title[:200], due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def set_milestone_done(actor: User, milestone: Milestone, *, done_on: date | None) -> Milestone:
    _require(actor, "decisions.update_implementation", milestone.implementation)
    if done_on is not None and done_on > timezone.localdate():
        raise _field_error("done_on", _("A milestone cannot be done in the future."), "future")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def remove_milestone(actor: User, milestone: Milestone) -> None:
    _require(actor, "decisions.update_implementation", milestone.implementation)
    milestone.delete()


@transaction.atomic
def add_implementation_photo(
    actor: User, implementation: Implementation, *, image: Any, alt_text: str
) -> ImplementationPhoto:
    _require(actor, "decisions.update_implementation", implementation)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise _field_error("alt_text", _("Describe the photo for people who cannot see it."), "alt")
    _check_image(image)
    photo = ImplementationPhoto(implementation=implementation, image=image, alt_text=alt_text[:300])
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def remove_implementation_photo(actor: User, photo: ImplementationPhoto) -> None:
    _require(actor, "decisions.update_implementation", photo.implementation)
    photo.image.delete(save=False)
    photo.delete()
