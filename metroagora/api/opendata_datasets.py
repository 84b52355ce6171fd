"""What the open data ZIP holds: one dataset (one CSV file) per kind of public record.

Each :class:`Dataset` says its columns (name, type, description: the README, the
``datapackage.json`` and the public page are written from them), the queryset of its
rows, and how a row of ``values_list`` becomes a CSV row.

Only what the site shows to anyone is here, and never a person's data:

- no email address, no account id, no registration, check-in, support, vote or ballot
  of anyone: those appear as counts only (registrations and attendance per event,
  supports per proposal, agree/disagree/pass per opinion statement, votes per budget
  project once the vote is closed);
- the author of a Forum contribution or a local proposal by the public name the site
  shows next to it (as the API does), and nobody else by name: no event speakers, no
  contact persons of practices;
- drafts stay out (events, practices, processes and all they hold, publications,
  videos, news not yet published), and so do contributions and statements a moderator
  has not shown; a best practice's questions and answers and a proposal's comments
  stay with their page, as in the API.

Rows are read with ``values_list(...).iterator()``: one query per dataset, whatever
its size. Lists a row needs from another table (an event's topics, a statement's
votes) come from a second query sorted the same way, read alongside (``ByOwner``), so
memory stays flat with a million contributions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf, StrIndex, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from metroagora.core.translated import TranslatedText
from metroagora.decisions.models import (
    Budget,
    BudgetProject,
    District,
    Implementation,
    Milestone,
    Process,
    ProcessPhase,
    ProcessStatus,
    Proposal,
)
from metroagora.events.models import Event, EventStatus, Registration, RegistrationStatus, Topic
from metroagora.forum.models import Contribution, Debate, Stance, Visibility
from metroagora.funding.models import (
    Call,
    FundedProject,
    Programme,
    ProjectParticipant,
    status_at,
)
from metroagora.network.models import City, Membership, PartnerOrganisation
from metroagora.opinions.models import (
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    StatementTranslation,
    Vote,
    VoteValue,
)
from metroagora.practices.models import Indicator, Practice, PracticeStatus, Transfer
from metroagora.publications.models import (
    NewsPost,
    Publication,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
    Video,
    VideoSource,
    VideoTrack,
)

Text = str | Promise
Row = Sequence[Any]

CHUNK_SIZE = 2000
LIST_SEPARATOR = ";"
PUBLIC_EVENTS = (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CANCELLED)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, number, boolean...
    description: Text


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Text
    description: Text
    columns: tuple[Column, ...]
    queryset: Callable[[], QuerySet[Any]]
    rows: Callable[[QuerySet[Any]], Iterator[Row]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def count(self) -> int:
        return self.queryset().count()

    def read(self) -> Iterator[Row]:
        return self.rows(self.queryset())


# --- Building blocks --------------------------------------------------------------------


def stream(queryset: QuerySet[Any], *fields: Any) -> Iterator[tuple[Any, ...]]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)


class ByOwner:
    """Rows of a second query, sorted by their first value (the id of the row they belong
    to), read alongside main rows sorted by id: ``take(id)`` gives that row's values.

    One query and constant memory, where a prefetch would load everything (or, with
    ``iterator()``, run one query per chunk).
    """

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, owner: int) -> list[tuple[Any, ...]]:
        found = []
        while self._next is not None and self._next[0] <= owner:
            if self._next[0] == owner:
                found.append(self._next[1:])
            self._next = next(self._rows, None)
        return found

    def one(self, owner: int, default: tuple[Any, ...]) -> tuple[Any, ...]:
        found = self.take(owner)
        return found[0] if found else default

    def joined(self, owner: int) -> str:
        """The first values of ``owner``'s rows, once each, joined by ``;``."""
        return LIST_SEPARATOR.join(dict.fromkeys(str(v[0]) for v in self.take(owner) if v[0]))


def grouped(queryset: QuerySet[Any], owner: str, *fields: Any) -> ByOwner:
    """``owner``'s id and ``fields`` of every row, sorted by the owner."""
    return ByOwner(stream(queryset.order_by(owner, *_plain(fields)), owner, *fields))


def counted(queryset: QuerySet[Any], owner: str, **counts: Any) -> ByOwner:
    """Aggregates per owner (``Count(...)``...), sorted by the owner: one GROUP BY."""
    rows = (
        queryset.order_by()
        .values(owner)
        .annotate(**counts)
        .order_by(owner)
        .values_list(owner, *counts)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return ByOwner(rows)


def _plain(fields: Sequence[Any]) -> list[str]:
    return [f for f in fields if isinstance(f, str)]


def public_name(user: str) -> Combinable:
    """The name the site shows for a person (``User.public_name``), computed in SQL so the
    email address is never read: the display name, else what comes before the "@"."""
    email = F(f"{user}__email")
    return Coalesce(
        NullIf(F(f"{user}__display_name"), Value("")),
        Substr(email, 1, StrIndex(email, Value("@")) - 1),
        output_field=CharField(),
    )


def translated(value: Any) -> tuple[str, str, dict[str, str]]:
    """A translated text as three cells: the original text, its language, the others."""
    text = TranslatedText.from_json(value)
    original = text.original or ""
    others = {lang: text.get(lang) for lang in text.languages() if lang != original}
    return (text.get(original) if original else "", original, others)


def original(value: Any) -> str:
    text = TranslatedText.from_json(value)
    return text.get(text.original) if text.original else ""


def link(name: str, *keys: str) -> Callable[..., str]:
    """A fast ``reverse()`` for many rows: the address of ``name`` on the site, absolute,
    with placeholders reversed once and filled in per row."""
    markers = [str(9_876_543_210 + i) for i in range(len(keys))]
    path = reverse(name, kwargs=dict(zip(keys, markers, strict=True)))
    origin = str(settings.SITE_URL).rstrip("/")

    def build(*values: Any) -> str:
        url = path
        for marker, value in zip(markers, values, strict=True):
            url = url.replace(marker, quote(str(value), safe="-._~"), 1)
        return origin + url

    return build


def now() -> datetime:
    return timezone.now()


def joined(values: Iterable[Any] | None) -> str:
    return LIST_SEPARATOR.join(str(v) for v in (values or []) if v)


# --- Columns used by many datasets ---------------------------------------------------


def col(name: str, type_: str, description: Text) -> Column:
    return Column(name, type_, description)


def translated_cols(name: str, what: Text) -> tuple[Column, Column, Column]:
    return (
        Column(
            name, "string", format_lazy(_("{what}, in the language it was written in."), what=what)
        ),
        Column(
            f"{name}_language",
            "string",
            format_lazy(_("The language code of “{name}” (e.g. fr)."), name=name),
        ),
        Column(
            f"{name}_translations",
            "object",
            format_lazy(
                _("“{name}” in other languages: a JSON object from language code to text."),
                name=name,
            ),
        ),
    )


def slug_col(what: Text) -> Column:
    return col(
        "slug",
        "string",
        format_lazy(
            _("The {what}'s short name in addresses: unique, it identifies the row."), what=what
        ),
    )


def id_col(what: Text) -> Column:
    return col(
        "id",
        "integer",
        format_lazy(_("The {what}'s number: unique, it identifies the row."), what=what),
    )


def city_col(description: Text | None = None) -> Column:
    return col("city", "string", description or _("The city's short name (see cities.csv)."))


def url_col() -> Column:
    return col("url", "string", _("Its page on the site."))


def created_col() -> Column:
    return col("created_at", "datetime", _("When it was created (UTC)."))


def updated_col() -> Column:
    return col("updated_at", "datetime", _("When it last changed (UTC)."))


def topics_col() -> Column:
    return col("topics", "string", _("Its topics' short names, separated by “;” (see topics.csv)."))


# --- Network ---------------------------------------------------------------------------


def _topics() -> QuerySet[Any]:
    return Topic.objects.order_by("pk")


def _topic_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    for slug, name, group in stream(rows, "slug", "name", "group"):
        yield (slug, *translated(name), group)


def _cities() -> QuerySet[Any]:
    return City.objects.order_by("pk")


def _city_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    members = counted(Membership.objects.all(), "city_id", n=Count("user_id", distinct=True))
    url = link("network:city_detail", "slug")
    fields = (
        "pk", "slug", "name", "country", "region", "population", "latitude", "longitude",
        "website", "joined_on", "description",
    )  # fmt: skip
    for pk, slug, name, country, region, population, lat, lon, web, joined_on, text in stream(
        rows, *fields
    ):
        yield (
            slug, *translated(name), str(country), region, population, lat, lon, web,
            joined_on, members.one(pk, (0,))[0], *translated(text), url(slug),
        )  # fmt: skip


def _districts() -> QuerySet[Any]:
    return District.objects.order_by("pk")


def _district_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(rows, "city__slug", "slug", "name")


def _partners() -> QuerySet[Any]:
    return PartnerOrganisation.objects.order_by("pk")


def _partner_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    fields = (
        "slug",
        "name",
        "kind",
        "country",
        "city__slug",
        "website",
        "supports_network",
        "description",
    )
    for slug, name, kind, country, city, web, supports, text in stream(rows, *fields):
        yield (slug, *translated(name), kind, str(country), city, web, supports, *translated(text))


# --- Events ----------------------------------------------------------------------------


def _events() -> QuerySet[Any]:
    return Event.objects.filter(status__in=PUBLIC_EVENTS).order_by("pk")


def _event_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    public = Q(event__status__in=PUBLIC_EVENTS)
    topics = grouped(Event.topics.through.objects.filter(public), "event_id", "topic__slug")
    partners = grouped(
        Event.partners.through.objects.filter(public), "event_id", "partnerorganisation__slug"
    )
    seats = counted(
        Registration.objects.filter(public),
        "event_id",
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    url = link("events:detail", "slug")
    fields = (
        "pk", "slug", "title", "kind", "status", "city__slug", "project__slug", "starts_at",
        "ends_at", "time_zone", "venue_name", "venue_address", "latitude", "longitude",
        "online_url", "languages", "interpretation", "capacity", "registration_opens_at",
        "registration_deadline", "description", "accessibility", "outcome__language",
        "outcome__conclusions", "outcome__minutes", "created_at", "updated_at",
    )  # fmt: skip
    for (
        pk, slug, title, kind, status, city, project, starts, ends, tz, venue, address, lat,
        lon, online_url, languages, interpretation, capacity, opens, deadline, description,
        accessibility, outcome_language, conclusions, minutes, created, updated,
    ) in stream(rows, *fields):  # fmt: skip
        confirmed, waitlisted, attended = seats.one(pk, (0, 0, 0))
        yield (
            slug, *translated(title), kind, status, city, partners.joined(pk), project or "",
            topics.joined(pk), starts, ends, tz, venue, address, lat, lon, bool(online_url),
            joined(languages), joined(interpretation), capacity, opens, deadline, confirmed,
            waitlisted, attended, *translated(description), *translated(accessibility),
            outcome_language or "", conclusions or "", minutes or "", url(slug), created,
            updated,
        )  # fmt: skip


# --- Forum ------------------------------------------------------------------------------

FORUM_DEBATE = Q(practice__isnull=True, proposal__isnull=True)


def _debates() -> QuerySet[Any]:
    return Debate.objects.filter(FORUM_DEBATE).order_by("pk")


def _shown_contributions() -> QuerySet[Any]:
    return Contribution.objects.filter(
        visibility=Visibility.VISIBLE,
        debate__practice__isnull=True,
        debate__proposal__isnull=True,
    )


def _debate_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    forum = Q(debate__practice__isnull=True, debate__proposal__isnull=True)
    topics = grouped(Debate.topics.through.objects.filter(forum), "debate_id", "topic__slug")
    events = grouped(
        Debate.events.through.objects.filter(forum, event__status__in=PUBLIC_EVENTS),
        "debate_id",
        "event__slug",
    )
    stances = counted(
        _shown_contributions(),
        "debate_id",
        total=Count("pk"),
        **{s: Count("pk", filter=Q(stance=s)) for s in Stance.values},
    )
    empty = (0,) * (1 + len(Stance.values))
    url = link("forum:debate", "slug")
    fields = (
        "pk", "slug", "question", "status", "city__slug", "introduction", "european_dimension",
        "local_lens", "conclusions", "created_at", "closed_at",
    )  # fmt: skip
    for (
        pk,
        slug,
        question,
        status,
        city,
        intro,
        europe,
        local,
        conclusions,
        created,
        closed,
    ) in stream(rows, *fields):
        yield (
            slug, *translated(question), status, city or "", topics.joined(pk),
            events.joined(pk), *stances.one(pk, empty), *translated(intro),
            *translated(europe), *translated(local), *translated(conclusions), created,
            closed, url(slug),
        )  # fmt: skip


def _contributions() -> QuerySet[Any]:
    return _shown_contributions().order_by("pk")


def _contribution_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    url = link("forum:debate", "slug")
    fields = (
        "pk", "debate__slug", "parent_id", "root_id", "depth", public_name("author"),
        "author__is_verified_policymaker", "is_official", "stance", "language", "text",
        "agree_count", "reply_count", "created_at", "edited_at",
    )  # fmt: skip
    for pk, debate, *rest in stream(rows, *fields):
        yield (pk, debate, *rest, f"{url(debate)}#c{pk}")


# --- Opinion maps -------------------------------------------------------------------


def _maps() -> QuerySet[Any]:
    return OpinionMap.objects.order_by("pk")


def _map_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    shown = counted(
        Statement.objects.filter(status=StatementStatus.VISIBLE), "opinion_map_id", n=Count("pk")
    )
    participants = counted(Participant.objects.all(), "opinion_map_id", n=Count("pk"))
    votes = counted(Vote.objects.all(), "opinion_map_id", n=Count("pk"))
    url = link("opinions:vote", "slug")
    fields = (
        "pk", "slug", "title", "status", "city__slug", "debate__slug", "anonymous_voting",
        "verified_residents_only", "participants_submit", "description", "analysed_at",
        "created_at",
    )  # fmt: skip
    for row in stream(rows, *fields):
        pk, slug, title, status, city, debate, anonymous, residents, submit, *rest = row
        text, analysed, created = rest
        yield (
            slug, *translated(title), status, city or "", debate or "", anonymous, residents,
            submit, shown.one(pk, (0,))[0], participants.one(pk, (0,))[0],
            votes.one(pk, (0,))[0], *translated(text), analysed, created, url(slug),
        )  # fmt: skip


def _statements() -> QuerySet[Any]:
    return Statement.objects.filter(status=StatementStatus.VISIBLE).order_by("pk")


def _statement_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    shown = Q(statement__status=StatementStatus.VISIBLE)
    translations = grouped(
        StatementTranslation.objects.filter(shown), "statement_id", "language", "text"
    )
    votes = counted(
        Vote.objects.filter(shown),
        "statement_id",
        agree=Count("pk", filter=Q(value=VoteValue.AGREE)),
        disagree=Count("pk", filter=Q(value=VoteValue.DISAGREE)),
        passes=Count("pk", filter=Q(value=VoteValue.PASS)),
    )
    fields = ("pk", "opinion_map__slug", "text", "language", "is_seed", "is_meta", "created_at")
    for pk, map_slug, text, language, seed, meta, created in stream(rows, *fields):
        others = {lang: value for lang, value in translations.take(pk) if lang != language}
        yield (pk, map_slug, text, language, others, seed, meta, *votes.one(pk, (0, 0, 0)), created)


# --- Local decisions -----------------------------------------------------------------

PUBLISHED_PROCESS = Q(process__status=ProcessStatus.PUBLISHED)


def _processes() -> QuerySet[Any]:
    return Process.objects.filter(status=ProcessStatus.PUBLISHED).order_by("pk")


def _process_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    proposals = counted(Proposal.objects.all(), "process_id", n=Count("pk"))
    url = link("decisions:process", "slug")
    fields = (
        "pk", "slug", "title", "city__slug", "district__slug", "participation",
        "support_threshold", "description", "created_at",
    )  # fmt: skip
    for pk, slug, title, city, district, participation, threshold, text, created in stream(
        rows, *fields
    ):
        yield (
            slug, *translated(title), city, district or "", participation, threshold,
            proposals.one(pk, (0,))[0], *translated(text), created, url(slug),
        )  # fmt: skip


def _phases() -> QuerySet[Any]:
    return ProcessPhase.objects.filter(PUBLISHED_PROCESS).order_by("process_id", "starts_at", "pk")


def _phase_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(rows, "process__slug", "kind", "starts_at", "ends_at")


def _proposals() -> QuerySet[Any]:
    return Proposal.objects.filter(PUBLISHED_PROCESS).order_by("pk")


def _proposal_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    url = link("decisions:proposal", "pk")
    fields = (
        "pk", "process__slug", "title", "body", "language", public_name("author"),
        "category__name", "district__slug", "location", "latitude", "longitude",
        "estimated_cost", "state", "support_count", "answer", "answer_reason", "answered_at",
        "created_at",
    )  # fmt: skip
    for pk, process, title, body, language, author, category, district, *rest in stream(
        rows, *fields
    ):
        yield (
            pk, process, title, body, language, author, original(category) if category else "",
            district or "", *rest, url(pk),
        )  # fmt: skip


def _budgets() -> QuerySet[Any]:
    return Budget.objects.filter(PUBLISHED_PROCESS).order_by("pk")


def _budget_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    spent = counted(
        BudgetProject.objects.filter(selected=True, budget__closed_at__isnull=False),
        "budget_id",
        spent=Sum("cost"),
    )
    url = link("decisions:budget", "pk")
    fields = (
        "pk", "process__slug", "title", "district__slug", "amount", "currency",
        "min_projects", "max_projects", "closed_at", "ballot_count", "description",
    )  # fmt: skip
    for (
        pk,
        process,
        title,
        district,
        amount,
        currency,
        least,
        most,
        closed,
        ballots,
        text,
    ) in stream(rows, *fields):
        # Like the budget's page: nothing of the vote is shown until it is closed.
        yield (
            pk, process, *translated(title), district or "", amount, currency, least, most,
            closed, ballots if closed else None,
            spent.one(pk, (0,))[0] if closed else None, *translated(text), url(pk),
        )  # fmt: skip


def _budget_projects() -> QuerySet[Any]:
    return BudgetProject.objects.filter(budget__process__status=ProcessStatus.PUBLISHED).order_by(
        "pk"
    )


def _budget_project_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    fields = (
        "pk", "budget_id", "title", "cost", "proposal_id", "district__slug", "vote_count",
        "selected", "budget__closed_at", "description",
    )  # fmt: skip
    for pk, budget, title, cost, proposal, district, votes, selected, closed, text in stream(
        rows, *fields
    ):
        yield (
            pk, budget, *translated(title), cost, proposal, district or "",
            votes if closed else None, selected if closed else None, *translated(text),
        )  # fmt: skip


def _implementations() -> QuerySet[Any]:
    return Implementation.objects.filter(PUBLISHED_PROCESS).order_by("pk")


def _implementation_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    url = link("decisions:implementation", "pk")
    fields = (
        "pk", "city__slug", "process__slug", "proposal_id", "project_id", "title", "status",
        "progress", "promised_cost", "currency", "created_at", "updated_at",
    )  # fmt: skip
    for pk, city, process, proposal, project, title, *rest in stream(rows, *fields):
        yield (pk, city, process, proposal, project, *translated(title), *rest, url(pk))


def _milestones() -> QuerySet[Any]:
    return Milestone.objects.filter(
        implementation__process__status=ProcessStatus.PUBLISHED
    ).order_by("implementation_id", "due_on", "pk")


def _milestone_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(rows, "implementation_id", "title", "due_on", "done_on")


# --- Best practices ----------------------------------------------------------------

PRACTICE_SECTIONS = (
    ("summary", _("The summary")),
    ("challenge", _("The challenge the city faced")),
    ("actions", _("What was done")),
    ("results", _("The results")),
    ("resources", _("The resources it took")),
    ("eu_funds", _("The EU funds used")),
    ("success_factors", _("What made it work")),
    ("obstacles", _("What did not work")),
    ("transfer_conditions", _("What another city needs to adopt it")),
)
PUBLISHED_PRACTICE = Q(practice__status=PracticeStatus.PUBLISHED)


def _practices() -> QuerySet[Any]:
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("pk")


def _practice_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    topics = grouped(
        Practice.topics.through.objects.filter(PUBLISHED_PRACTICE), "practice_id", "topic__slug"
    )
    events = grouped(
        Practice.events.through.objects.filter(PUBLISHED_PRACTICE, event__status__in=PUBLIC_EVENTS),
        "practice_id",
        "event__slug",
    )
    transfers = counted(
        Transfer.objects.filter(PUBLISHED_PRACTICE),
        "practice_id",
        all=Count("pk"),
        adopted=Count("pk", filter=Q(status="adopted")),
    )
    url = link("practices:detail", "slug")
    sections = [name for name, _label in PRACTICE_SECTIONS]
    fields = (
        "pk", "slug", "city__slug", "title", "transferability", "cost_eur", "languages",
        "started_on", "published_at", *sections, "updated_at",
    )  # fmt: skip
    for (
        pk,
        slug,
        city,
        title,
        transferability,
        cost,
        languages,
        started,
        published,
        *rest,
    ) in stream(rows, *fields):
        *texts, updated = rest
        yield (
            slug, city, *translated(title), transferability, cost, joined(languages),
            topics.joined(pk), events.joined(pk), started, published,
            *transfers.one(pk, (0, 0)),
            *(cell for text in texts for cell in translated(text)), url(slug), updated,
        )  # fmt: skip


def _indicators() -> QuerySet[Any]:
    return Indicator.objects.filter(PUBLISHED_PRACTICE).order_by("practice_id", "pk")


def _indicator_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(rows, "practice__slug", "label", "baseline", "value", "unit", "year")


def _transfers() -> QuerySet[Any]:
    return Transfer.objects.filter(PUBLISHED_PRACTICE).order_by("pk")


def _transfer_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(rows, "practice__slug", "city__slug", "status", "created_at", "updated_at")


# --- EU funding --------------------------------------------------------------------


def _programmes() -> QuerySet[Any]:
    return Programme.objects.order_by("pk")


def _programme_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    url = link("funding:programme", "slug")
    fields = (
        "slug", "short_name", "name", "city_fit", "budget_eur", "budget_note", "source",
        "website", "description", "city_funding",
    )  # fmt: skip
    for slug, short, name, fit, budget, note, source, web, text, for_cities in stream(
        rows, *fields
    ):
        yield (
            slug, short, *translated(name), fit, budget, note, source, web, *translated(text),
            *translated(for_cities), url(slug),
        )  # fmt: skip


def _calls() -> QuerySet[Any]:
    return Call.objects.order_by("pk")


def _call_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    topics = grouped(Call.topics.through.objects.all(), "call_id", "topic__slug")
    url = link("funding:call", "identifier")
    moment = now()
    fields = (
        "pk", "identifier", "title", "programme__slug", "call_identifier", "call_title",
        "action_type", "opens_at", "closes_at", "deadline", "second_deadline",
        "deadline_model", "budget_eur", "expected_grants", "min_contribution",
        "max_contribution", "keywords", "source", "url", "description",
    )  # fmt: skip
    for pk, identifier, title, programme, call, call_title, action, opens, closes, *rest in stream(
        rows, *fields
    ):
        deadline, second, model, budget, grants, least, most, keywords, source, web, text = rest
        yield (
            identifier, title, programme or "", call, call_title, action,
            status_at(opens, closes, moment), opens, deadline, second, model, budget, grants,
            least, most, topics.joined(pk), joined(keywords), source, web, text,
            url(identifier),
        )  # fmt: skip


def _funded_projects() -> QuerySet[Any]:
    return FundedProject.objects.order_by("pk")


def _funded_project_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    cities = grouped(
        ProjectParticipant.objects.filter(city__isnull=False), "project_id", "city__slug"
    )
    url = link("funding:project", "pk")
    fields = (
        "pk", "source", "source_id", "programme__slug", "call__identifier", "call_identifier",
        "acronym", "title", "starts_on", "ends_on", "total_cost", "eu_contribution",
        "summary", "results", "url",
    )  # fmt: skip
    for pk, source, source_id, programme, call, call_text, *rest in stream(rows, *fields):
        *values, web = rest
        acronym, title, starts, ends, total, eu, summary, results = values
        yield (
            pk, source, source_id, programme or "", call or call_text, acronym, title, starts,
            ends, total, eu, cities.joined(pk), summary, results, web, url(pk),
        )  # fmt: skip


def _participants() -> QuerySet[Any]:
    return ProjectParticipant.objects.order_by("project_id", "pk")


def _participant_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    yield from stream(
        rows, "project_id", "name", "country", "role", "city__slug", "eu_contribution"
    )


# --- Publications, videos, news -----------------------------------------------------


def _publications() -> QuerySet[Any]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED).order_by("pk")


def _publication_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    pdfs = grouped(
        PublicationVersion.objects.filter(
            publication__status=PublicationStatus.PUBLISHED,
            is_published=True,
            status=RenderStatus.DONE,
        ).exclude(pdf=""),
        "publication_id",
        "language",
    )
    url = link("publications:publication", "slug")
    pdf_url = link("publications:publication_pdf", "slug", "lang")
    for pk, slug, title, published in stream(rows, "pk", "slug", "title", "published_at"):
        languages = list(dict.fromkeys(lang for (lang,) in pdfs.take(pk)))
        yield (
            slug, *translated(title), LIST_SEPARATOR.join(languages),
            {lang: pdf_url(slug, lang) for lang in languages}, published, url(slug),
        )  # fmt: skip


def _videos() -> QuerySet[Any]:
    return Video.objects.filter(published=True).order_by("pk")


def _video_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    tracks = grouped(
        VideoTrack.objects.filter(video__published=True), "video_id", "language", "kind"
    )
    url = link("publications:video", "slug")
    file_url = link("publications:video_file", "slug")
    fields = (
        "pk", "slug", "title", "source", "url", "event__slug", "event__status", "languages",
        "duration_seconds", "description", "created_at",
    )  # fmt: skip
    for row in stream(rows, *fields):
        pk, slug, title, source, external, event, event_status, languages, *rest = row
        seconds, text, created = rest
        video = file_url(slug) if source == VideoSource.UPLOAD else external
        captions = LIST_SEPARATOR.join(dict.fromkeys(lang for lang, _kind in tracks.take(pk)))
        yield (
            slug, *translated(title), source, video,
            event if event_status in PUBLIC_EVENTS else "", joined(languages), captions,
            seconds, *translated(text), created, url(slug),
        )  # fmt: skip


def _news() -> QuerySet[Any]:
    return NewsPost.objects.filter(published_at__lte=now()).order_by("pk")


def _news_rows(rows: QuerySet[Any]) -> Iterator[Row]:
    url = link("publications:news_post", "slug")
    fields = ("slug", "title", "city__slug", "published_at", "summary", "body", "updated_at")
    for slug, title, city, published, summary, body, updated in stream(rows, *fields):
        yield (
            slug, *translated(title), city or "", published, *translated(summary),
            *translated(body), updated, url(slug),
        )  # fmt: skip


# --- The catalogue ----------------------------------------------------------------------

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "topics",
        _("Topics"),
        _("The network's themes, shared by events, debates, practices and calls."),
        (
            slug_col(_("topic")),
            *translated_cols("name", _("The name")),
            col("group", "string", _("governance (participation) or policy (EU policy areas).")),
        ),
        _topics,
        _topic_rows,
    ),
    Dataset(
        "cities",
        _("Cities"),
        _("The member cities of the network."),
        (
            slug_col(_("city")),
            *translated_cols("name", _("The name")),
            col("country", "string", _("ISO 3166 country code.")),
            col("region", "string", _("European region: north, south, east or west.")),
            col("population", "integer", _("Inhabitants of the metropolitan area.")),
            col("latitude", "number", _("Decimal degrees, north positive.")),
            col("longitude", "number", _("Decimal degrees, east positive.")),
            col("website", "string", _("The city's website.")),
            col("joined_on", "date", _("Member of the network since.")),
            col(
                "members",
                "integer",
                _(
                    "People with a role in the city on the site (residents, officials, "
                    "coordinators): a count."
                ),
            ),
            *translated_cols("description", _("The description")),
            url_col(),
        ),
        _cities,
        _city_rows,
    ),
    Dataset(
        "districts",
        _("Districts"),
        _(
            "Parts of cities that a participatory process, a budget or a proposal can be limited "
            "to."
        ),
        (
            city_col(),
            col("slug", "string", _("The district's short name, unique within its city.")),
            col("name", "string", _("The name.")),
        ),
        _districts,
        _district_rows,
    ),
    Dataset(
        "partner_organisations",
        _("Partner organisations"),
        _("City governments, associations and universities that take part in the network."),
        (
            slug_col(_("organisation")),
            *translated_cols("name", _("The name")),
            col("kind", "string", _("city_government, civil_society, university or other.")),
            col("country", "string", _("ISO 3166 country code.")),
            city_col(_("Its city's short name, if it belongs to a member city.")),
            col("website", "string", _("Its website.")),
            col("supports_network", "boolean", _("The association that supports the network.")),
            *translated_cols("description", _("The description")),
        ),
        _partners,
        _partner_rows,
    ),
    Dataset(
        "events",
        _("Events"),
        _(
            "Published, held and cancelled events (never drafts), with how many people registered "
            "and attended: counts only, never who."
        ),
        (
            slug_col(_("event")),
            *translated_cols("title", _("The title")),
            col("kind", "string", _("international, local, forum or online.")),
            col("status", "string", _("published (upcoming or running), held or cancelled.")),
            city_col(_("The host city's short name.")),
            col("partners", "string", _("Co-organising partners' short names, separated by “;”.")),
            col("project", "string", _("The short name of the project it belongs to, if any.")),
            topics_col(),
            col("starts_at", "datetime", _("When it starts (UTC).")),
            col("ends_at", "datetime", _("When it ends (UTC).")),
            col("time_zone", "string", _("The local time zone, e.g. Europe/Rome.")),
            col("venue_name", "string", _("The venue.")),
            col("venue_address", "string", _("The venue's address.")),
            col("latitude", "number", _("Decimal degrees, north positive.")),
            col("longitude", "number", _("Decimal degrees, east positive.")),
            col("online", "boolean", _("It can be followed online (the link is on its page).")),
            col("languages", "string", _("Languages spoken, separated by “;”.")),
            col("interpretation", "string", _("Languages interpreted into, separated by “;”.")),
            col("capacity", "integer", _("Seats; empty for no limit.")),
            col("registration_opens_at", "datetime", _("When registration opens (UTC).")),
            col("registration_deadline", "datetime", _("When registration closes (UTC).")),
            col("registrations", "integer", _("Confirmed registrations: a count.")),
            col("waiting_list", "integer", _("Registrations on the waiting list: a count.")),
            col("attendance", "integer", _("People checked in at the door: a count.")),
            *translated_cols("description", _("The description")),
            *translated_cols("accessibility", _("The accessibility information")),
            col("outcome_language", "string", _("The language of the minutes and conclusions.")),
            col("conclusions", "string", _("The conclusions, once held (Markdown).")),
            col("minutes", "string", _("The minutes, once held (Markdown).")),
            url_col(),
            created_col(),
            updated_col(),
        ),
        _events,
        _event_rows,
    ),
    Dataset(
        "debates",
        _("Debates"),
        _("The Forum's debates, with how many contributions are shown for each stance."),
        (
            slug_col(_("debate")),
            *translated_cols("question", _("The question")),
            col("status", "string", _("open or closed.")),
            city_col(_("The host city's short name, if any.")),
            topics_col(),
            col("events", "string", _("Linked events' short names, separated by “;”.")),
            col("contributions", "integer", _("Contributions shown (replies included).")),
            col("for", "integer", _("Contributions shown with the stance “for”.")),
            col("against", "integer", _("Contributions shown with the stance “against”.")),
            col("neutral", "integer", _("Contributions shown with the stance “neutral”.")),
            *translated_cols("introduction", _("The introduction")),
            *translated_cols("european_dimension", _("How the topic plays at EU level")),
            *translated_cols("local_lens", _("How the topic plays in the cities")),
            *translated_cols("conclusions", _("The conclusions")),
            created_col(),
            col("closed_at", "datetime", _("When it was closed (UTC).")),
            url_col(),
        ),
        _debates,
        _debate_rows,
    ),
    Dataset(
        "contributions",
        _("Forum contributions"),
        _(
            "Every contribution shown in a Forum debate, replies included; never those held for "
            "review, hidden by a moderator or deleted by their authors."
        ),
        (
            id_col(_("contribution")),
            col("debate", "string", _("The debate's short name (see debates.csv).")),
            col(
                "parent",
                "integer",
                _("The contribution it replies to, if it is a reply (it may not be shown)."),
            ),
            col("thread", "integer", _("The first contribution of its thread.")),
            col("depth", "integer", _("0 starts a thread; 1 and 2 are replies.")),
            col(
                "author_name",
                "string",
                _(
                    "The public name the author chose, as shown in the Forum; empty when the "
                    "author deleted their account."
                ),
            ),
            col(
                "author_verified_policymaker",
                "boolean",
                _("The author is a policymaker the network verified."),
            ),
            col("official", "boolean", _("An official response of a verified policymaker.")),
            col("stance", "string", _("for, against or neutral.")),
            col("language", "string", _("The language it was written in.")),
            col("text", "string", _("The text, as written.")),
            col("agree_count", "integer", _("People who said they agree: a count.")),
            col("reply_count", "integer", _("Replies.")),
            created_col(),
            col("edited_at", "datetime", _("When its author last edited it (UTC).")),
            url_col(),
        ),
        _contributions,
        _contribution_rows,
    ),
    Dataset(
        "opinion_maps",
        _("Opinion maps"),
        _("Conversations where people vote agree, disagree or pass on short statements."),
        (
            slug_col(_("opinion map")),
            *translated_cols("title", _("The question")),
            col("status", "string", _("open or closed.")),
            city_col(_("The city consulting its residents, if any.")),
            col("debate", "string", _("The debate it belongs to, if any.")),
            col("anonymous_voting", "boolean", _("Anyone can vote without an account.")),
            col(
                "verified_residents_only", "boolean", _("Only verified residents of the city vote.")
            ),
            col("participants_submit", "boolean", _("Participants can submit statements.")),
            col("statements", "integer", _("Statements shown for votes.")),
            col("participants", "integer", _("People who voted: a count.")),
            col("votes", "integer", _("Votes cast: a count.")),
            *translated_cols("description", _("The introduction")),
            col("analysed_at", "datetime", _("When the groups were last computed (UTC).")),
            created_col(),
            url_col(),
        ),
        _maps,
        _map_rows,
    ),
    Dataset(
        "opinion_statements",
        _("Opinion statements"),
        _(
            "The statements shown for votes in each opinion map, with the votes on each: counts "
            "only, never who voted what."
        ),
        (
            id_col(_("statement")),
            col("opinion_map", "string", _("The opinion map's short name.")),
            col("text", "string", _("The statement, as written.")),
            col("language", "string", _("The language it was written in.")),
            col(
                "translations",
                "object",
                _("Its translations: a JSON object from language code to text."),
            ),
            col("seed", "boolean", _("Written by the moderators.")),
            col("meta", "boolean", _("About the conversation itself: left out of the map.")),
            col("agree", "integer", _("Votes “agree”.")),
            col("disagree", "integer", _("Votes “disagree”.")),
            col("pass", "integer", _("Votes “pass / unsure”.")),
            created_col(),
        ),
        _statements,
        _statement_rows,
    ),
    Dataset(
        "processes",
        _("Participatory processes"),
        _("Published participatory processes of the cities (never drafts)."),
        (
            slug_col(_("process")),
            *translated_cols("title", _("The title")),
            city_col(),
            col(
                "district",
                "string",
                _("The district it is limited to, if any (see districts.csv)."),
            ),
            col(
                "participation",
                "string",
                _(
                    "Who may take part: registered (anyone with an account) or verified "
                    "(residents)."
                ),
            ),
            col(
                "support_threshold",
                "integer",
                _("Supports a proposal needs to go to evaluation; 0: none."),
            ),
            col("proposals", "integer", _("Proposals made.")),
            *translated_cols("description", _("The description")),
            created_col(),
            url_col(),
        ),
        _processes,
        _process_rows,
    ),
    Dataset(
        "process_phases",
        _("Phases of processes"),
        _("The calendar of each published process."),
        (
            col("process", "string", _("The process's short name.")),
            col(
                "phase",
                "string",
                _("information, proposals, supports, evaluation, voting or implementation."),
            ),
            col("starts_at", "datetime", _("When it starts (UTC).")),
            col("ends_at", "datetime", _("When it ends (UTC).")),
        ),
        _phases,
        _phase_rows,
    ),
    Dataset(
        "proposals",
        _("Proposals"),
        _(
            "Proposals of published processes, with how many people support each: a count, never "
            "who."
        ),
        (
            id_col(_("proposal")),
            col("process", "string", _("The process's short name.")),
            col("title", "string", _("The title, as written.")),
            col("body", "string", _("The description, as written.")),
            col("language", "string", _("The language it was written in.")),
            col(
                "author_name",
                "string",
                _(
                    "The public name the author chose, as shown on the proposal; empty when the "
                    "author deleted their account."
                ),
            ),
            col("category", "string", _("The category, in its original language.")),
            col("district", "string", _("The district's short name, if any.")),
            col("location", "string", _("Where it would happen, in words.")),
            col("latitude", "number", _("Decimal degrees, north positive.")),
            col("longitude", "number", _("Decimal degrees, east positive.")),
            col("estimated_cost", "number", _("The estimated cost, in the process's currency.")),
            col(
                "state",
                "string",
                _("published (collecting supports), evaluating, accepted, rejected or withdrawn."),
            ),
            col("supports", "integer", _("People who support it: a count.")),
            col(
                "answer",
                "string",
                _(
                    "The city's official answer: accepted, rejected or evaluating; empty if none "
                    "yet."
                ),
            ),
            col("answer_reason", "string", _("The reason given with the answer.")),
            col("answered_at", "datetime", _("When it was answered (UTC).")),
            created_col(),
            url_col(),
        ),
        _proposals,
        _proposal_rows,
    ),
    Dataset(
        "budgets",
        _("Participatory budgets"),
        _(
            "Budgets of published processes; the number of ballots and the money spent appear "
            "once the vote is closed. Ballots themselves are secret and never exported."
        ),
        (
            id_col(_("budget")),
            col("process", "string", _("The process's short name.")),
            *translated_cols("title", _("The title")),
            col("district", "string", _("The district's short name, if any.")),
            col("amount", "number", _("The money to share out.")),
            col("currency", "string", _("ISO 4217 currency code.")),
            col("min_projects", "integer", _("Fewest projects on a ballot; 0: no minimum.")),
            col("max_projects", "integer", _("Most projects on a ballot; empty: no maximum.")),
            col("closed_at", "datetime", _("When the vote closed (UTC); empty while it is open.")),
            col("ballots", "integer", _("Ballots cast; empty until the vote closes.")),
            col(
                "spent", "number", _("Cost of the selected projects; empty until the vote closes.")
            ),
            *translated_cols("description", _("The description")),
            url_col(),
        ),
        _budgets,
        _budget_rows,
    ),
    Dataset(
        "budget_projects",
        _("Budget projects"),
        _("The projects people vote for in each budget; the results once the vote is closed."),
        (
            id_col(_("project")),
            col("budget", "integer", _("The budget's number (see budgets.csv).")),
            *translated_cols("title", _("The title")),
            col("cost", "number", _("What it costs.")),
            col(
                "proposal", "integer", _("The proposal it comes from, if any (see proposals.csv).")
            ),
            col("district", "string", _("The district's short name, if any.")),
            col("votes", "integer", _("Ballots that chose it; empty until the vote closes.")),
            col("selected", "boolean", _("Funded; empty until the vote closes.")),
            *translated_cols("description", _("The description")),
        ),
        _budget_projects,
        _budget_project_rows,
    ),
    Dataset(
        "implementations",
        _("Implementation records"),
        _(
            "What the cities promised (accepted proposals, winning budget projects) and where it "
            "stands."
        ),
        (
            id_col(_("record")),
            city_col(),
            col("process", "string", _("The process's short name.")),
            col("proposal", "integer", _("The accepted proposal it implements, if any.")),
            col("project", "integer", _("The budget project it implements, if any.")),
            *translated_cols("title", _("The title")),
            col("status", "string", _("planned, in_progress, completed or cancelled.")),
            col("progress", "integer", _("Progress in percent.")),
            col("promised_cost", "number", _("The promised cost.")),
            col("currency", "string", _("ISO 4217 currency code.")),
            created_col(),
            updated_col(),
            url_col(),
        ),
        _implementations,
        _implementation_rows,
    ),
    Dataset(
        "implementation_milestones",
        _("Implementation milestones"),
        _("The planned steps of each implementation record."),
        (
            col("implementation", "integer", _("The record's number (see implementations.csv).")),
            col("title", "string", _("The milestone.")),
            col("due_on", "date", _("Planned for.")),
            col("done_on", "date", _("Done on; empty if not yet.")),
        ),
        _milestones,
        _milestone_rows,
    ),
    Dataset(
        "practices",
        _("Best practices"),
        _(
            "Published case studies of the cities (never drafts or those in review); contact "
            "persons are on each practice's page."
        ),
        (
            slug_col(_("practice")),
            city_col(),
            *translated_cols("title", _("The title")),
            col("transferability", "string", _("high, medium or low; empty if not said.")),
            col("cost_eur", "number", _("What it cost, in euros.")),
            col("languages", "string", _("Languages it is available in, separated by “;”.")),
            topics_col(),
            col("events", "string", _("Events it came from, separated by “;”.")),
            col("started_on", "date", _("When it started.")),
            col("published_at", "datetime", _("When it was published (UTC).")),
            col(
                "transfers",
                "integer",
                _("Cities that took it up, at any stage (see practice_transfers.csv)."),
            ),
            col("adopted", "integer", _("Cities that adopted it.")),
            *(c for name, label in PRACTICE_SECTIONS for c in translated_cols(name, label)),
            url_col(),
            updated_col(),
        ),
        _practices,
        _practice_rows,
    ),
    Dataset(
        "practice_indicators",
        _("Indicators of best practices"),
        _("The measured results of each published practice."),
        (
            col("practice", "string", _("The practice's short name.")),
            col("label", "string", _("The indicator.")),
            col("baseline", "number", _("The value before.")),
            col("value", "number", _("The value after.")),
            col("unit", "string", _("The unit.")),
            col("year", "integer", _("The year of the value.")),
        ),
        _indicators,
        _indicator_rows,
    ),
    Dataset(
        "practice_transfers",
        _("Transfers of best practices"),
        _("Cities taking up another city's published practice, and how far they got."),
        (
            col("practice", "string", _("The practice's short name.")),
            city_col(_("The adopting city's short name.")),
            col("status", "string", _("interested, in_contact, adapting, adopted or stopped.")),
            created_col(),
            updated_col(),
        ),
        _transfers,
        _transfer_rows,
    ),
    Dataset(
        "funding_programmes",
        _("EU programmes"),
        _("The EU funding programmes of 2021-2027 and what they fund for cities."),
        (
            slug_col(_("programme")),
            col("short_name", "string", _("The usual short name, e.g. LIFE.")),
            *translated_cols("name", _("The name")),
            col(
                "city_fit",
                "integer",
                _(
                    "How directly cities can apply: 0 rarely, 1 as partners, 2 often, 3 made for "
                    "cities."
                ),
            ),
            col("budget_eur", "integer", _("The EU budget, in euros.")),
            col("budget_note", "string", _("A note on the budget.")),
            col("budget_source", "string", _("The source of the budget figure.")),
            col("website", "string", _("The programme's website.")),
            *translated_cols("description", _("The description")),
            *translated_cols("city_funding", _("What it funds for cities")),
            url_col(),
        ),
        _programmes,
        _programme_rows,
    ),
    Dataset(
        "funding_calls",
        _("Calls for proposals"),
        _(
            "EU calls for proposals (topics of the EU Funding & Tenders Portal and calls added by "
            "hand)."
        ),
        (
            col("identifier", "string", _("The topic identifier: unique, it identifies the row.")),
            col("title", "string", _("The title.")),
            col("programme", "string", _("The programme's short name in addresses.")),
            col("call", "string", _("The identifier of the call it belongs to.")),
            col("call_title", "string", _("The title of that call.")),
            col("action_type", "string", _("The type of action.")),
            col("status", "string", _("forthcoming, open or closed, on the day of the export.")),
            col("opens_at", "datetime", _("Opening date (UTC).")),
            col("deadline", "datetime", _("The only, or the first-stage, deadline (UTC).")),
            col(
                "second_deadline", "datetime", _("The second-stage or last cut-off deadline (UTC).")
            ),
            col("deadline_model", "string", _("single-stage, two-stage or multiple cut-off.")),
            col("budget_eur", "integer", _("The call's budget, in euros.")),
            col("expected_grants", "integer", _("Grants expected.")),
            col("min_contribution", "integer", _("Minimum EU contribution per project, in euros.")),
            col("max_contribution", "integer", _("Maximum EU contribution per project, in euros.")),
            topics_col(),
            col("keywords", "string", _("Keywords, separated by “;”.")),
            col("source", "string", _("imported (from the EU portal) or manual.")),
            col("official_url", "string", _("Its page on the EU portal.")),
            col("description", "string", _("The description (HTML).")),
            url_col(),
        ),
        _calls,
        _call_rows,
    ),
    Dataset(
        "funded_projects",
        _("Funded projects"),
        _("EU-funded projects that cities of the network won, with their money and results."),
        (
            id_col(_("project")),
            col("source", "string", _("cordis, kohesio or manual.")),
            col("source_id", "string", _("Its identifier at the source.")),
            col("programme", "string", _("The programme's short name in addresses.")),
            col("call", "string", _("The call or topic it answered.")),
            col("acronym", "string", _("The acronym.")),
            col("title", "string", _("The title.")),
            col("starts_on", "date", _("Start.")),
            col("ends_on", "date", _("End.")),
            col("total_cost", "number", _("Total cost, in euros.")),
            col("eu_contribution", "number", _("EU contribution, in euros.")),
            col("cities", "string", _("Member cities taking part, separated by “;”.")),
            col("summary", "string", _("The summary.")),
            col("results", "string", _("What it achieved.")),
            col("source_url", "string", _("Its page at the source.")),
            url_col(),
        ),
        _funded_projects,
        _funded_project_rows,
    ),
    Dataset(
        "funded_project_participants",
        _("Participants in funded projects"),
        _("The organisations in each funded project (organisations, not people)."),
        (
            col("project", "integer", _("The project's number (see funded_projects.csv).")),
            col("organisation", "string", _("The organisation.")),
            col("country", "string", _("ISO 3166 country code.")),
            col("role", "string", _("coordinator, participant, associated or other.")),
            city_col(_("The member city's short name, when it is one.")),
            col("eu_contribution", "number", _("Its EU contribution, in euros.")),
        ),
        _participants,
        _participant_rows,
    ),
    Dataset(
        "publications",
        _("Publications"),
        _("Published publications and the languages their PDF is offered in."),
        (
            slug_col(_("publication")),
            *translated_cols("title", _("The title")),
            col("pdf_languages", "string", _("Languages of the PDFs offered, separated by “;”.")),
            col(
                "pdf_urls",
                "object",
                _("Where to download each PDF: a JSON object from language code to address."),
            ),
            col("published_at", "datetime", _("When it was published (UTC).")),
            url_col(),
        ),
        _publications,
        _publication_rows,
    ),
    Dataset(
        "videos",
        _("Videos"),
        _("Published videos of the library."),
        (
            slug_col(_("video")),
            *translated_cols("title", _("The title")),
            col("source", "string", _("upload, peertube, youtube or vimeo.")),
            col("video_url", "string", _("Where the video is.")),
            col("event", "string", _("The event it comes from, if any.")),
            col("languages", "string", _("Spoken languages, separated by “;”.")),
            col(
                "captions", "string", _("Languages of its captions or subtitles, separated by “;”.")
            ),
            col("duration_seconds", "integer", _("Its length in seconds.")),
            *translated_cols("description", _("The description")),
            created_col(),
            url_col(),
        ),
        _videos,
        _video_rows,
    ),
    Dataset(
        "news",
        _("News"),
        _("Published news posts of the website (never drafts or posts scheduled for later)."),
        (
            slug_col(_("news post")),
            *translated_cols("title", _("The title")),
            city_col(_("The city it is about, if any.")),
            col("published_at", "datetime", _("When it was published (UTC).")),
            *translated_cols("summary", _("The summary")),
            *translated_cols("body", _("The text (Markdown)")),
            updated_col(),
            url_col(),
        ),
        _news,
        _news_rows,
    ),
)
