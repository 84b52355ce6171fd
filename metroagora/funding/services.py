"""Every write to EU funding goes through here."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.models import User
from metroagora.core.audit import record
from metroagora.core.text import sanitize_html
from metroagora.events.models import Topic
from metroagora.funding import cordis, matching, portal
from metroagora.funding.models import (
    Application,
    Call,
    CallSource,
    CityNeeds,
    FundedProject,
    PartnerAnswer,
    PartnerAnswerStatus,
    PartnerSearch,
    PartnerSearchStatus,
    Programme,
    ProjectParticipant,
    Watch,
    closing_time,
)
from metroagora.funding.signals import calls_bulk_changed
from metroagora.network.models import City

Progress = Callable[[str, int, int], Any]
BATCH = 500
MAX_TEXT = 4000

# --- Calls: import from the EU portal --------------------------------------------------

# Fields an import writes (besides topics); ``updated_at`` is set by hand: bulk_update
# does not touch auto_now fields.
IMPORTED_FIELDS = [
    "title",
    "programme",
    "call_identifier",
    "call_title",
    "action_type",
    "opens_at",
    "deadline",
    "second_deadline",
    "deadline_model",
    "closes_at",
    "budget_eur",
    "expected_grants",
    "min_contribution",
    "max_contribution",
    "keywords",
    "description",
    "url",
    "source",
    "portal_status",
    "source_hash",
    "match_terms",
    "updated_at",
]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stubs: int = 0
    merged: int = 0
    unknown_programme: int = 0
    stale_status: int = 0
    rows: int = 0
    seconds: float = 0.0
    created_ids: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.unchanged + self.stubs + self.unknown_programme


def portal_programmes() -> dict[str, str]:
    """``frameworkProgramme`` codes (and short names) -> programme pk, as text."""
    mapping: dict[str, str] = {}
    for pk, short, codes in Programme.objects.values_list("pk", "short_name", "portal_codes"):
        mapping[short] = str(pk)
        for code in codes or []:
            mapping[str(code)] = str(pk)
    return mapping


def _topic_ids() -> dict[str, int]:
    return dict(Topic.objects.values_list("slug", "pk"))


def call_from_data(data: portal.CallData, call: Call | None = None) -> Call:
    """A Call (new, or ``call`` changed) holding the imported data, HTML sanitised."""
    call = call or Call(identifier=data.identifier)
    call.title = data.title
    call.programme_id = int(data.programme) if data.programme else None
    call.call_identifier = data.call_identifier
    call.call_title = data.call_title
    call.action_type = data.action_type
    call.opens_at = data.opens_at
    call.deadline = data.deadline
    call.second_deadline = data.second_deadline
    call.deadline_model = data.deadline_model
    call.closes_at = closing_time(data.deadline, data.second_deadline, data.deadline_model)
    call.budget_eur = data.budget_eur
    call.expected_grants = data.expected_grants
    call.min_contribution = data.min_contribution
    call.max_contribution = data.max_contribution
    call.keywords = data.keywords
    call.description = str(sanitize_html(data.description)) if data.description else ""
    call.url = data.url
    call.source = CallSource.IMPORTED
    call.portal_status = data.portal_status
    call.source_hash = data.digest()
    call.match_terms = matching.call_terms(
        call.title, call.keywords, matching.plain_text(call.description)
    )
    return call


def _db_values(call: Call, fields: Sequence[Any]) -> list[Any]:
    return [field.get_db_prep_save(getattr(call, field.attname), connection) for field in fields]


def _insert_new(calls: Sequence[Call]) -> None:
    """INSERT with executemany (a third of ``bulk_create``'s time for 10,000 calls), then
    read back the new primary keys by identifier."""
    if not calls:
        return
    fields = [f for f in Call._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table = quote(Call._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
            [_db_values(call, fields) for call in calls],
        )
    identifiers = [call.identifier for call in calls]
    pks: dict[str, int] = {}
    for start in range(0, len(identifiers), BATCH):
        pks.update(
            Call.objects.filter(identifier__in=identifiers[start : start + BATCH]).values_list(
                "identifier", "pk"
            )
        )
    for call in calls:
        call.pk = pks[call.identifier]
        call._state.adding = False


def _update_in_place(calls: Sequence[Call]) -> None:
    """One parameterised UPDATE per call, sent with executemany (``bulk_update`` builds
    CASE expressions whose cost grows with the square of the batch)."""
    if not calls:
        return
    fields: list[Any] = [Call._meta.get_field(name) for name in IMPORTED_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(Call._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    rows = [[*_db_values(call, fields), call.pk] for call in calls]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _set_topics(calls: Sequence[Call], topic_ids: dict[str, int], *, replace: bool) -> None:
    """The suggested topics of calls written in bulk (plain SQL: tens of thousands of rows)."""
    through = Call.topics.through
    table = connection.ops.quote_name(through._meta.db_table)
    if replace:
        pks = [call.pk for call in calls]
        for start in range(0, len(pks), BATCH):
            through.objects.filter(call_id__in=pks[start : start + BATCH]).delete()
    rows = [
        (call.pk, topic_ids[slug])
        for call in calls
        for slug in matching.suggest_topics(call.title, call.keywords)
        if slug in topic_ids
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (call_id, topic_id) VALUES (%s, %s)",  # noqa: S608
                rows,
            )


def import_calls(
    raw: bytes | str,
    *,
    actor: User | None = None,
    now: datetime | None = None,
    max_bytes: int = portal.DEFAULT_MAX_BYTES,
    skip_unknown_programmes: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update calls from portal JSON, keyed by identifier, all or nothing.

    Raises :class:`portal.PortalFormatError` (with every problem and its position)
    before writing anything. Unchanged calls (same hash of the normalised data) are
    not written. ``actor`` is None for the operator's command.
    """
    if actor is not None and not actor.has_perm("funding.import_calls"):
        raise PermissionDenied
    started = time.perf_counter()
    now = now or timezone.now()
    parsed = portal.parse_portal_json(
        raw,
        portal_programmes(),
        now=now,
        max_bytes=max_bytes,
        skip_unknown_programmes=skip_unknown_programmes,
    )
    report = ImportReport(
        stubs=parsed.stubs,
        merged=parsed.merged,
        stale_status=parsed.stale_status,
        unknown_programme=parsed.unknown_programme,
        rows=parsed.rows,
    )
    total = len(parsed.calls)
    if progress:
        progress("calls", 0, total)
    with transaction.atomic():
        existing = {
            identifier: (pk, digest)
            for identifier, pk, digest in Call.objects.values_list(
                "identifier", "pk", "source_hash"
            ).iterator(chunk_size=5000)
        }
        to_create: list[Call] = []
        to_update: list[Call] = []
        for done, data in enumerate(parsed.calls, start=1):
            known = existing.get(data.identifier)
            if known is not None and known[1] == data.digest():
                report.unchanged += 1
            elif known is not None:
                call = call_from_data(data, Call(pk=known[0], identifier=data.identifier))
                call.updated_at = now
                to_update.append(call)
            else:
                call = call_from_data(data)
                call.created_at = call.updated_at = now
                to_create.append(call)
            if progress and done % 250 == 0:
                progress("calls", done, total)
        if progress:
            progress("calls", total, total)
        _insert_new(to_create)
        _update_in_place(to_update)
        topic_ids = _topic_ids()
        _set_topics(to_create, topic_ids, replace=False)
        _set_topics(to_update, topic_ids, replace=True)
        report.created = len(to_create)
        report.updated = len(to_update)
        report.created_ids = [call.identifier for call in to_create]
        changed = len(to_create) + len(to_update)
        if changed:
            if progress:
                progress("index", 0, changed)
            # Bulk writes send no post_save: the search index (and caches) hear it here.
            calls_bulk_changed.send(sender=Call, pks=[c.pk for c in to_create], created=True)
            calls_bulk_changed.send(sender=Call, pks=[c.pk for c in to_update], created=False)
            if progress:
                progress("index", changed, changed)
    report.seconds = time.perf_counter() - started
    return report


# --- Calls: by hand ------------------------------------------------------------------

CALL_FIELDS = (
    "identifier",
    "title",
    "programme",
    "call_identifier",
    "call_title",
    "action_type",
    "opens_at",
    "deadline",
    "second_deadline",
    "deadline_model",
    "budget_eur",
    "expected_grants",
    "min_contribution",
    "max_contribution",
    "keywords",
    "description",
    "url",
)


def _apply_call_fields(call: Call, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in CALL_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(call, name, value)
    call.identifier = (call.identifier or "").strip()
    call.description = str(sanitize_html(call.description or ""))
    call.keywords = [k.strip() for k in call.keywords or [] if k and k.strip()][:40]
    errors: dict[str, str] = {}
    if call.opens_at and call.deadline and call.deadline < call.opens_at:
        errors["deadline"] = _("The deadline is before the opening date: check both dates.")
    if call.second_deadline and not call.deadline:
        errors["deadline"] = _("Give the first deadline before the second one.")
    elif call.second_deadline and call.deadline and call.second_deadline < call.deadline:
        errors["second_deadline"] = _(
            "The second deadline is before the first one: check both dates."
        )
    if (
        call.min_contribution is not None
        and call.max_contribution is not None
        and call.min_contribution > call.max_contribution
    ):
        errors["max_contribution"] = _("The maximum is below the minimum contribution.")
    if errors:
        raise ValidationError(errors)
    call.match_terms = matching.call_terms(
        call.title, call.keywords, matching.plain_text(call.description)
    )
    call.source_hash = ""  # the next import rewrites a hand-edited call


@transaction.atomic
def create_call(actor: User, *, topics: Iterable[Topic] = (), **fields: Any) -> Call:
    """A network admin adds a call the portal does not list (or not yet)."""
    if not actor.has_perm("funding.add_call"):
        raise PermissionDenied
    call = Call(source=CallSource.MANUAL, created_by=actor)
    _apply_call_fields(call, fields)
    call.full_clean()
    call.save()
    call.topics.set(list(topics) or _suggested_topics(call))
    record(actor, "funding.add_call", obj_label=call, obj_url=call.get_absolute_url())
    return call


@transaction.atomic
def update_call(actor: User, call: Call, *, topics: Iterable[Topic] | None = None, **fields: Any):
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not actor.has_perm("funding.change_call", call):
        raise PermissionDenied
    _apply_call_fields(call, fields)
    call.full_clean()
    call.save()
    if topics is not None:
        call.topics.set(list(topics))
    record(
        actor,
        "funding.change_call",
        obj_label=call,
        obj_url=call.get_absolute_url(),
        fields=sorted(fields),
    )
    return call


def _suggested_topics(call: Call) -> list[Topic]:
    slugs = matching.suggest_topics(call.title, call.keywords)
    return list(Topic.objects.filter(slug__in=slugs))


# --- Programmes -------------------------------------------------------------------


PROGRAMME_FIELDS = (
    "name",
    "description",
    "city_funding",
    "budget_eur",
    "budget_note",
    "source",
    "website",
    "city_fit",
    "portal_codes",
)


@transaction.atomic
def update_programme(actor: User, programme: Programme, **fields: Any) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not actor.has_perm("funding.change_programme", programme):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(programme, name, value)
    programme.portal_codes = [
        str(c).strip() for c in programme.portal_codes or [] if str(c).strip()
    ]
    taken = {
        code
        for codes in Programme.objects.exclude(pk=programme.pk).values_list(
            "portal_codes", flat=True
        )
        for code in codes or []
    }
    clash = sorted(set(programme.portal_codes) & taken)
    if clash:
        raise ValidationError(
            {
                "portal_codes": _("The code %(codes)s belongs to another programme.")
                % {"codes": ", ".join(clash)}
            }
        )
    programme.full_clean()
    programme.save()
    return programme


# --- Watches -------------------------------------------------------------------------


def _watcher(actor: User, city: City | None) -> dict[str, Any]:
    if city is None:
        if not actor.has_perm("funding.watch"):
            raise PermissionDenied
        return {"user": actor, "city": None}
    if not actor.has_perm("funding.watch_for_city", city):
        raise PermissionDenied
    return {"user": None, "city": city}


@transaction.atomic
def watch_call(actor: User, call: Call, *, city: City | None = None) -> Watch:
    """A person watches a call, or a coordinator watches it for their city (idempotent)."""
    who = _watcher(actor, city)
    watch, _created = Watch.objects.get_or_create(call=call, **who, defaults={"created_by": actor})
    return watch


@transaction.atomic
def unwatch_call(actor: User, call: Call, *, city: City | None = None) -> None:
    who = _watcher(actor, city)
    Watch.objects.filter(call=call, **who).delete()


MAX_SAVED_SEARCHES = 50


@transaction.atomic
def save_search(
    actor: User, search: dict[str, str], *, name: str = "", city: City | None = None
) -> Watch:
    """Watch every call matching the filters of the calls list (new ones included)."""
    who = _watcher(actor, city)
    name = (name or "").strip()[:120]
    if not name:
        raise ValidationError({"name": _("Give the search a name, to find it in your list.")})
    if not {key for key, value in search.items() if value} - {"status"}:
        raise ValidationError(
            _("Choose at least one filter (a programme, words, a topic...) before saving.")
        )
    owner = {"user": who["user"]} if who["user"] else {"city": who["city"]}
    if Watch.objects.filter(call__isnull=True, **owner).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("You have %(max)s saved searches: remove one before saving another.")
            % {"max": MAX_SAVED_SEARCHES}
        )
    return Watch.objects.create(search=dict(search), name=name, created_by=actor, **who)


@transaction.atomic
def remove_watch(actor: User, watch: Watch) -> None:
    if not actor.has_perm("funding.remove_watch", watch):
        raise PermissionDenied
    watch.delete()


# --- City needs (matching) ----------------------------------------------------------


@transaction.atomic
def save_needs(
    actor: User,
    city: City,
    *,
    text: str,
    priorities: Sequence[str] = (),
    topics: Iterable[Topic] = (),
    language: str = "en",
) -> CityNeeds:
    """A coordinator describes what the city wants to fund; the matcher ranks calls on it."""
    if not actor.has_perm("funding.change_needs", city):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe your needs in a few sentences first.")})
    needs, _created = CityNeeds.objects.select_for_update().get_or_create(
        city=city, defaults={"text": text}
    )
    needs.text = text
    needs.priorities = [p.strip()[:200] for p in priorities if p and p.strip()][:10]
    needs.language = language or "en"
    needs.updated_by = actor
    needs.full_clean()
    needs.save()
    needs.topics.set(list(topics))
    return needs


# --- Partner search -------------------------------------------------------------------


@transaction.atomic
def open_partner_search(
    actor: User,
    *,
    city: City,
    call: Call,
    city_role: str,
    role_sought: str,
    countries: Sequence[str] = (),
    text: str,
    language: str = "en",
) -> PartnerSearch:
    """A city announces it builds a consortium for a call and says whom it looks for."""
    if not actor.has_perm("funding.add_partner_search", city):
        raise PermissionDenied
    if call.closes_at < timezone.now():
        raise ValidationError(
            {"call": _("This call is closed: choose an open or forthcoming call.")}
        )
    if len((text or "").strip()) > MAX_TEXT:
        raise ValidationError({"text": _("Keep it under 4,000 characters.")})
    search = PartnerSearch(
        city=city,
        call=call,
        city_role=city_role,
        role_sought=role_sought,
        countries=sorted(set(countries)),
        text=(text or "").strip(),
        language=language or "en",
        created_by=actor,
    )
    search.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:
        raise ValidationError(
            {
                "call": _("%(city)s already looks for partners for this call: update that one.")
                % {"city": city}
            }
        ) from None
    return search


@transaction.atomic
def set_partner_search_status(actor: User, search: PartnerSearch, status: str) -> PartnerSearch:
    search = PartnerSearch.objects.select_for_update().get(pk=search.pk)
    if not actor.has_perm("funding.change_partner_search", search):
        raise PermissionDenied
    if status not in PartnerSearchStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    search.status = status
    search.save(update_fields=["status", "updated_at"])
    return search


@transaction.atomic
def answer_partner_search(
    actor: User,
    search: PartnerSearch,
    *,
    city: City,
    role: str,
    message: str,
    organisation: str = "",
    language: str = "en",
) -> PartnerAnswer:
    """A coordinator of another city offers to join the consortium."""
    if not actor.has_perm("funding.answer_partner_search", search):
        raise PermissionDenied
    if not actor.has_perm("funding.add_partner_search", city) or city.pk == search.city_id:
        raise PermissionDenied
    if search.status != PartnerSearchStatus.OPEN:
        raise ValidationError(_("This city no longer looks for partners for this call."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say what your city would bring.")})
    answer = PartnerAnswer(
        search=search,
        city=city,
        organisation=(organisation or "").strip()[:200],
        role=role,
        message=message[:3000],
        language=language or "en",
        author=actor,
    )
    answer.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            {"city": _("%(city)s already answered this search.") % {"city": city}}
        ) from None
    return answer


@transaction.atomic
def decide_partner_answer(actor: User, answer: PartnerAnswer, status: str) -> PartnerAnswer:
    """The searching city takes a partner into the consortium, or declines."""
    answer = PartnerAnswer.objects.select_for_update().select_related("search").get(pk=answer.pk)
    if not actor.has_perm("funding.change_partner_search", answer.search):
        raise PermissionDenied
    if status not in PartnerAnswerStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    answer.status = status
    answer.save(update_fields=["status", "updated_at"])
    return answer


# --- Applications and funded projects ----------------------------------------------------


APPLICATION_FIELDS = ("role", "status", "submitted_on", "amount_requested", "note", "project")


@transaction.atomic
def track_application(actor: User, *, city: City, call: Call, **fields: Any) -> Application:
    """A coordinator records that the city applied (or prepares to) for a call."""
    if not actor.has_perm("funding.track_applications", city):
        raise PermissionDenied
    application = Application(city=city, call=call, created_by=actor)
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(application, name, value)
    application.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            {
                "call": _("%(city)s already tracks an application to this call: update it.")
                % {"city": city}
            }
        ) from None
    return application


@transaction.atomic
def update_application(actor: User, application: Application, **fields: Any) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not actor.has_perm("funding.change_application", application):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(application, name, value)
    application.full_clean()
    application.save()
    return application


PROJECT_FIELDS = (
    "title",
    "acronym",
    "programme",
    "call",
    "call_identifier",
    "starts_on",
    "ends_on",
    "total_cost",
    "eu_contribution",
    "summary",
    "results",
    "url",
)


@transaction.atomic
def add_funded_project(
    actor: User,
    *,
    city: City,
    city_role: str = "participant",
    city_contribution: Any = None,
    **fields: Any,
) -> FundedProject:
    """A project the city won, entered by hand, with the city as a participant."""
    if not actor.has_perm("funding.track_applications", city):
        raise PermissionDenied
    project = FundedProject(source="manual", created_by=actor)
    _project_fields(project, fields)
    project.full_clean()
    project.save()
    ProjectParticipant.objects.create(
        project=project,
        city=city,
        name=str(city.name),
        country=str(city.country),
        role=city_role,
        eu_contribution=city_contribution,
    )
    return project


@transaction.atomic
def update_funded_project(actor: User, project: FundedProject, **fields: Any) -> FundedProject:
    project = FundedProject.objects.select_for_update().get(pk=project.pk)
    if not actor.has_perm("funding.change_project", project):
        raise PermissionDenied
    _project_fields(project, fields)
    project.full_clean()
    project.save()
    return project


def _project_fields(project: FundedProject, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in PROJECT_FIELDS:
            raise TypeError(f"unexpected field {name}")
        setattr(project, name, value)
    if project.call_id is None and project.call_identifier:
        project.call = Call.objects.filter(identifier=project.call_identifier).first()
    if project.programme_id is None and project.call_id:
        project.programme_id = project.call.programme_id if project.call else None
    if (
        project.total_cost is not None
        and project.eu_contribution is not None
        and project.eu_contribution > project.total_cost
    ):
        raise ValidationError(
            {"eu_contribution": _("The EU contribution is above the total cost: check both.")}
        )


# --- Funded projects from CORDIS and Kohesio ---------------------------------------------


@dataclass
class ProjectImportReport:
    read: int = 0
    created: int = 0
    updated: int = 0
    outside: int = 0


def city_refs() -> list[cordis.CityRef]:
    """Network cities as the export readers match them (every language of the name)."""
    refs = []
    for city in City.objects.order_by("pk"):
        names = {cordis.fold(city.name.get(lang)) for lang in city.name.languages()}
        names.add(cordis.fold(city.slug.replace("-", " ")))
        refs.append(cordis.CityRef(city.pk, str(city.country), frozenset(n for n in names if n)))
    return refs


@transaction.atomic
def import_funded_projects(
    result: cordis.ReadResult, *, source: str, actor: User | None = None
) -> ProjectImportReport:
    """Create or update projects (by source and id) and replace their participants."""
    if actor is not None and not actor.has_perm("funding.import_calls"):
        raise PermissionDenied
    programmes = dict(Programme.objects.values_list("short_name", "pk"))
    calls = dict(
        Call.objects.filter(
            identifier__in=[p.call_identifier for p in result.projects if p.call_identifier]
        ).values_list("identifier", "pk")
    )
    report = ProjectImportReport(read=result.read, outside=result.outside)
    for row in result.projects:
        short = cordis.guess_programme(row.programme)
        project, created = FundedProject.objects.update_or_create(
            source=source,
            source_id=row.source_id,
            defaults={
                "title": row.title,
                "acronym": row.acronym,
                "programme_id": programmes.get(short) if short else None,
                "call_id": calls.get(row.call_identifier),
                "call_identifier": row.call_identifier,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "total_cost": row.total_cost,
                "eu_contribution": row.eu_contribution,
                "summary": row.summary,
                "url": row.url,
                "created_by": actor,
            },
        )
        project.participants.all().delete()
        ProjectParticipant.objects.bulk_create(
            [
                ProjectParticipant(
                    project=project,
                    city_id=participant.city_pk,
                    name=participant.name or row.title[:300],
                    country=participant.country,
                    role=participant.role,
                    eu_contribution=participant.eu_contribution,
                )
                for participant in row.participants
            ]
        )
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report
