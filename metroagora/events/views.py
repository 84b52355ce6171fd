import json
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.languages import eu_language_choices
from metroagora.core.ratelimit import rate_limited
from metroagora.events import calendar, selectors, services
from metroagora.events.forms import (
    AgendaFormSet,
    CheckInForm,
    EventForm,
    GuestRegistrationForm,
    LinkForm,
    OnsiteRegistrationForm,
    OutcomeForm,
    PhotoForm,
    RegistrationForm,
)
from metroagora.events.models import (
    Event,
    EventKind,
    EventLink,
    EventPhoto,
    EventStatus,
    Registration,
    RegistrationStatus,
    Topic,
)
from metroagora.network.models import City, MembershipRole

PAGE_SIZE = 20
FEED_SALT = "metroagora.events.feed"


# --- Public pages -------------------------------------------------------------


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=gettext_lazy("When"),
        required=False,
        choices=[
            ("upcoming", gettext_lazy("Upcoming")),
            ("past", gettext_lazy("Past")),
            ("all", gettext_lazy("All")),
        ],
    )
    city = forms.ChoiceField(label=gettext_lazy("City"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *EventKind.choices],
    )
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language spoken"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, cities: list[City], topics: list[Topic], **kwargs: Any):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["city"].choices = every + [(c.slug, str(c.name)) for c in cities]  # type: ignore[attr-defined]
        countries = sorted({(str(c.country), c.country.name) for c in cities}, key=lambda x: x[1])
        self.fields["country"].choices = every + countries  # type: ignore[attr-defined]
        self.fields["topic"].choices = every + [(t.slug, str(t.name)) for t in topics]  # type: ignore[attr-defined]
        self.fields["language"].choices = every + eu_language_choices()  # type: ignore[attr-defined]

    def filters(self) -> selectors.EventFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.EventFilters(
            when=data.get("when") or "upcoming",
            city=data.get("city") or "",
            country=data.get("country") or "",
            kind=data.get("kind") or "",
            topic=data.get("topic") or "",
            language=data.get("language") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def event_list(request: HttpRequest) -> HttpResponse:
    cities = sorted(City.objects.all(), key=lambda c: str(c.name).casefold())
    topics = list(Topic.objects.all())
    form = EventFilterForm(request.GET or None, cities=cities, topics=topics)
    filters = form.filters()
    page = Paginator(selectors.event_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "can_add": request.user.has_perm("events.add_event"),
    }
    template = "events/_partials/results.html" if is_htmx(request) else "events/list.html"
    return render(request, template, context)


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_page(slug).first()
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    user = request.user
    seats = selectors.seat_counts(event)
    own = selectors.registration_of(user, event) if isinstance(user, User) else None
    form: RegistrationForm | None = None
    if own is None and _registration_open(event):
        form = _registration_form(request, None)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "own": own,
            "form": form,
            "registration_error": _registration_error(event),
            "can_edit": user.has_perm("events.change_event", event),
            "json_ld": _json_ld(request, event),
            "seats": seats,
            "cities_version": _cities_version(),
            "seats_left": (
                None if event.capacity is None else max(event.capacity - seats["confirmed"], 0)
            ),
        },
    )


def _cities_version() -> str:
    """Key of the cached guest form: changes when a city is added, renamed or removed."""
    stamp = City.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{stamp['n']}-{stamp['last'].timestamp() if stamp['last'] else 0}"


def _registration_open(event: Event) -> bool:
    return _registration_error(event) is None


def _registration_error(event: Event) -> str | None:
    try:
        services.check_registration_open(event)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _registration_form(request: HttpRequest, data: Any) -> RegistrationForm:
    user = request.user
    if isinstance(user, User):
        initial = {
            "residence_city": user.residence_city,
            "residence_country": str(user.residence_country or ""),
            "role": _role_for_identity(user.identity),
        }
        return RegistrationForm(data, initial=initial)
    return GuestRegistrationForm(data)


def _role_for_identity(identity: str) -> str:
    return {"city_official": "official"}.get(identity, identity)


def _json_ld(request: HttpRequest, event: Event) -> str:
    """schema.org Event, serialised safely for a <script type="application/ld+json">."""
    url = request.build_absolute_uri(event.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(event.title),
        "startDate": event.starts_at.astimezone(event.tz).isoformat(),
        "endDate": event.ends_at.astimezone(event.tz).isoformat(),
        "url": url,
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.status == EventStatus.CANCELLED else "EventScheduled"),
        "organizer": {"@type": "Organization", "name": str(event.city.name)},
    }
    if event.description:
        data["description"] = event.description.text
    if event.online_url and not event.venue_name:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    else:
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode"
            if event.online_url
            else "https://schema.org/OfflineEventAttendanceMode"
        )
        data["location"] = {
            "@type": "Place",
            "name": event.venue_name or str(event.city.name),
            "address": event.venue_address or f"{event.city.name}, {event.city.country.name}",
        }
        if event.latitude is not None and event.longitude is not None:
            data["location"]["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": event.latitude,
                "longitude": event.longitude,
            }
    if event.languages:
        data["inLanguage"] = event.languages
    text = json.dumps(data, ensure_ascii=False)
    # No "</script>" can close the element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped


# --- Registration ---------------------------------------------------------------


@require_POST
@rate_limited("events.register")
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_page(slug).first()
    if event is None or not request.user.has_perm("events.view_event", event):
        raise Http404
    form = _registration_form(request, request.POST)
    if form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k in services.ANSWER_FIELDS}
        language = translation.get_language() or settings.LANGUAGE_CODE
        try:
            if isinstance(request.user, User):
                registration = services.register_user(
                    request.user, event, language=language, **answers
                )
            else:
                registration = services.register_guest(
                    event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=language,
                    **answers,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.status == RegistrationStatus.PENDING:
                messages.success(
                    request,
                    _("Almost done: we sent you an email. Open its link to confirm."),
                )
                return redirect(event.get_absolute_url())
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(request, _("The event is full: you are on the waiting list."))
            else:
                messages.success(request, _("You are registered. See you there!"))
            return redirect(registration.get_absolute_url())
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "own": None,
            "form": form,
            "registration_error": _registration_error(event),
            "can_edit": request.user.has_perm("events.change_event", event),
            "json_ld": _json_ld(request, event),
            "seats": selectors.seat_counts(event),
            "seats_left": None,
        },
        status=400,
    )


def _registration_by_token(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "event__city", "invited_by"), token=token
    )


def registration_page(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    qr = segno.make(registration.code, error="m")
    svg = qr.svg_inline(
        scale=6, title=_("QR code of check-in code %(code)s") % {"code": registration.code}
    )
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr_svg": mark_safe(svg),  # noqa: S308 - generated by segno from our own code
            "feedback_open": (
                registration.status == RegistrationStatus.CONFIRMED
                and registration.event.starts_at <= timezone.now()
            ),
        },
    )


@rate_limited("events.register")
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    if request.method == "POST":
        try:
            registration = services.confirm_guest(token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(request, _("The event is full: you are on the waiting list."))
            else:
                messages.success(request, _("Your registration is confirmed."))
        return redirect(registration.get_absolute_url())
    return render(request, "events/confirm.html", {"registration": registration})


@rate_limited("events.register")
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    if request.method == "POST":
        services.cancel_registration(token)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(registration.event.get_absolute_url())
    return render(request, "events/cancel.html", {"registration": registration})


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_by_token(token)
    response = HttpResponse(
        calendar.invitation(registration, request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "events/my_events.html",
        {
            "registrations": selectors.user_registrations(user),
            "feed_url": request.build_absolute_uri(
                reverse("events:user_feed", kwargs={"token": feed_token(user)})
            ),
        },
    )


# --- Calendar feeds -------------------------------------------------------------


def feed_token(user: User) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def _feed_response(events: QuerySet[Event] | list[Event], name: str, request: HttpRequest):
    body = calendar.event_feed(
        events,
        name,
        request.build_absolute_uri("/").rstrip("/"),
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


FEED_EVENTS = 500
FEED_CACHE_SECONDS = 24 * 3600


def _public_feed(request: HttpRequest, events: QuerySet[Event], name: str) -> HttpResponse:
    """The latest FEED_EVENTS public events as iCalendar, kept in the cache until one of
    them (or their city) changes: calendar apps poll these feeds, and writing 500 events
    costs about 200 ms each time."""
    stamp = events.order_by().aggregate(
        n=Count("pk"), last=Max("updated_at"), city=Max("city__updated_at")
    )
    key = "events:feed:" + ":".join(
        str(part)
        for part in (
            request.get_host(),
            request.path,
            translation.get_language(),
            stamp["n"],
            stamp["last"].timestamp() if stamp["last"] else 0,
            stamp["city"].timestamp() if stamp["city"] else 0,
        )
    )
    body = cache.get(key)
    if body is None:
        response = _feed_response(
            events.select_related("city").order_by("-starts_at")[:FEED_EVENTS], name, request
        )
        cache.set(key, response.content, FEED_CACHE_SECONDS)
        return response
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


def network_feed(request: HttpRequest) -> HttpResponse:
    return _public_feed(request, selectors.public_events(), f"{settings.SITE_NAME}: {_('Events')}")


def city_feed(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    return _public_feed(
        request, selectors.public_events().filter(city=city), f"{settings.SITE_NAME}: {city}"
    )


def user_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_pk = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    events = Event.objects.filter(
        registrations__user_id=user_pk,
        registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    ).select_related("city")
    response = _feed_response(events.distinct(), _("My events"), request)
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- Organisers -------------------------------------------------------------------


def _organiser_cities(user: User) -> QuerySet[City]:
    if user.is_network_admin:
        return City.objects.all()
    return City.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.COORDINATOR
    ).distinct()


def _agenda(formset: Any) -> list[services.AgendaItem]:
    items = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("title"):
            continue
        items.append(
            services.AgendaItem(
                starts_at=data["starts_at"],
                ends_at=data.get("ends_at"),
                title=data["title"],
                speakers=data.get("speakers", ""),
                room=data.get("room", ""),
            )
        )
    return items


def _event_time_zone(request: HttpRequest, event: Event | None) -> str:
    zone = request.POST.get("time_zone") or (event.time_zone if event else "Europe/Brussels")
    from metroagora.events.models import TIME_ZONES

    return zone if zone in dict(TIME_ZONES) else "Europe/Brussels"


@login_required
@rate_limited("events.write")
def event_create(request: HttpRequest) -> HttpResponse:
    return _event_form(request, None)


@login_required
@rate_limited("events.write")
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    return _event_form(request, event)


def _event_form(request: HttpRequest, event: Event | None) -> HttpResponse:
    actor = signed_in_user(request)
    if event is None and not actor.has_perm("events.add_event"):
        raise PermissionDenied
    with timezone.override(_event_time_zone(request, event)):
        data = request.POST or None
        form = EventForm(data, instance=event, cities=_organiser_cities(actor))
        formset = AgendaFormSet(data, instance=event or Event(), prefix="agenda")
        if request.method == "POST" and form.is_valid() and formset.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in services.EVENT_FIELDS}
            try:
                if event is None:
                    saved = services.create_event(
                        actor,
                        slug=form.cleaned_data["slug"],
                        partners=form.cleaned_data["partners"],
                        topics=form.cleaned_data["topics"],
                        agenda=_agenda(formset),
                        **{k: v for k, v in fields.items() if k != "city"},
                        city=form.cleaned_data["city"],
                    )
                else:
                    saved = services.update_event(
                        actor,
                        Event.objects.get(pk=event.pk),
                        partners=form.cleaned_data["partners"],
                        topics=form.cleaned_data["topics"],
                        agenda=_agenda(formset),
                        **fields,
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("The event was saved."))
                return redirect(saved.get_absolute_url())
        return render(
            request,
            "events/form.html",
            {"form": form, "formset": formset, "event": event},
            status=400 if request.method == "POST" else 200,
        )


@login_required
@require_POST
@rate_limited("events.write")
def event_status(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    status = request.POST.get("status", "")
    if status not in EventStatus.values:
        raise Http404
    try:
        services.set_event_status(signed_in_user(request), event, status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The event status is now: %(status)s.") % {"status": EventStatus(status).label},
        )
    return redirect(event.get_absolute_url())


@login_required
@rate_limited("events.write")
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("city"), slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("events.manage_registrations", event):
        raise PermissionDenied
    form = OnsiteRegistrationForm(request.POST or None, initial={"check_in": True})
    if request.method == "POST" and form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k in services.ANSWER_FIELDS}
        try:
            services.add_onsite_registration(
                actor,
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
                check_in=form.cleaned_data["check_in"],
                **answers,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person is registered."))
            return redirect("events:registrations", slug=event.slug)
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.registrations_for_organisers(event, query), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/registrations.html",
        {"event": event, "page": page, "form": form, "q": query},
    )


@login_required
@rate_limited("events.checkin")
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("city"), slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("events.check_in", event):
        raise PermissionDenied
    result = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_in(actor, event, form.cleaned_data["code"])
        form = CheckInForm()
    query = request.GET.get("q", "").strip()
    matches = (
        list(selectors.registrations_for_organisers(event, query)[:20]) if len(query) >= 2 else []
    )
    counts = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    context = {
        "event": event,
        "form": form,
        "result": result,
        "q": query,
        "matches": matches,
        "confirmed": counts.count(),
        "attended": counts.filter(checked_in_at__isnull=False).count(),
    }
    if is_htmx(request):
        return render(request, "events/_partials/check_in_panel.html", context)
    return render(request, "events/check_in.html", context)


@login_required
@rate_limited("events.write")
def outputs(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("city", "outcome"), slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    outcome = getattr(event, "outcome", None)
    which = request.POST.get("form")
    outcome_form = OutcomeForm(
        request.POST if which == "outcome" else None,
        initial={"minutes": outcome.minutes, "conclusions": outcome.conclusions}
        if outcome
        else None,
    )
    photo_form = PhotoForm(
        request.POST if which == "photo" else None, request.FILES if which == "photo" else None
    )
    link_form = LinkForm(request.POST if which == "link" else None)
    if request.method == "POST":
        try:
            if which == "outcome" and outcome_form.is_valid():
                services.save_outcome(
                    actor,
                    event,
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    **outcome_form.cleaned_data,
                )
                messages.success(request, _("The minutes and conclusions were saved."))
                return redirect("events:outputs", slug=slug)
            if which == "photo" and photo_form.is_valid():
                services.add_photo(actor, event, **photo_form.cleaned_data)
                messages.success(request, _("The photo was added."))
                return redirect("events:outputs", slug=slug)
            if which == "link" and link_form.is_valid():
                services.add_link(actor, event, **link_form.cleaned_data)
                messages.success(request, _("The link was added."))
                return redirect("events:outputs", slug=slug)
            if which == "remove_photo":
                photo = get_object_or_404(EventPhoto, pk=request.POST.get("pk"), event=event)
                services.remove_output(actor, photo)
                return redirect("events:outputs", slug=slug)
            if which == "remove_link":
                link = get_object_or_404(EventLink, pk=request.POST.get("pk"), event=event)
                services.remove_output(actor, link)
                return redirect("events:outputs", slug=slug)
        except ValidationError as error:
            target = photo_form if which == "photo" else link_form
            target.add_error(None, error)
    return render(
        request,
        "events/outputs.html",
        {
            "event": event,
            "outcome_form": outcome_form,
            "photo_form": photo_form,
            "link_form": link_form,
            "photos": event.photos.all(),
            "links": event.links.all(),
        },
        status=400 if request.method == "POST" else 200,
    )
