"""Pages for EU funding: thin views over selectors and services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited
from metroagora.funding import calendar, selectors, services
from metroagora.funding.forms import CallFilterForm, CallForm, ProgrammeForm, WatchForm
from metroagora.funding.models import Call, CallStatus, Guide, Programme, Watch
from metroagora.network.models import City
from metroagora.practices.rules import coordinated_city_ids

FEED_SALT = "metroagora.funding.feed"
CALENDAR_CACHE_SECONDS = 24 * 3600


def add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def coordinated_cities(user: Any) -> list[City]:
    if not user.is_authenticated:
        return []
    return selectors.cities_list(coordinated_city_ids(user))


# --- Calls -----------------------------------------------------------------------------


def call_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.order_by("-city_fit", "short_name")
    form = CallFilterForm(
        request.GET or None, action_types=selectors.action_types(), programmes=programmes
    )
    calls = selectors.calls_for_list()
    data: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
    elif form.is_bound:
        data = {"status": selectors.CURRENT}
    calls = selectors.filter_calls(calls, data)
    page = selectors.call_page(calls, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("partial", None)
    user = request.user
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "now": timezone.now(),
        "can_add": user.has_perm("funding.add_call"),
        "can_watch": user.has_perm("funding.watch"),
        "watch_form": WatchForm(cities=coordinated_cities(user), with_name=True)
        if user.is_authenticated
        else None,
        "heading": "h2",
    }
    if is_htmx(request) or request.GET.get("partial") == "results":
        return render(request, "funding/_partials/call_results.html", context)
    return render(request, "funding/call_list.html", context)


def _call_or_404(identifier: str) -> Call:
    call = selectors.call_for_page(identifier)
    if call is None:
        raise Http404
    return call


def call_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    call = _call_or_404(identifier)
    detail = selectors.call_detail(call, request.user)
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "detail": detail,
            "can_edit": request.user.has_perm("funding.change_call", call),
            "can_search_partners": bool(coordinated_city_ids(request.user))
            if request.user.is_authenticated
            else False,
            "now": timezone.now(),
        },
    )


@login_required
@rate_limited("funding.write")
def call_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("funding.add_call"):
        raise PermissionDenied
    return _call_form(request, actor, None)


@login_required
@rate_limited("funding.write")
def call_edit(request: HttpRequest, identifier: str) -> HttpResponse:
    actor = signed_in_user(request)
    call = get_object_or_404(Call, identifier=identifier)
    if not actor.has_perm("funding.change_call", call):
        raise PermissionDenied
    return _call_form(request, actor, call)


def _call_form(request: HttpRequest, actor: User, call: Call | None) -> HttpResponse:
    form = CallForm(request.POST or None, instance=call or Call())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            topics = form.cleaned_data["topics"]
            try:
                if call is None:
                    saved = services.create_call(actor, topics=topics, **values)
                else:
                    saved = services.update_call(actor, call, topics=topics, **values)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect(saved.get_absolute_url())
    return render(request, "funding/call_form.html", {"form": form, "call": call}, status=status)


# --- Deadline calendar and feeds -------------------------------------------------------


def _month(value: str) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def deadline_calendar(request: HttpRequest) -> HttpResponse:
    month = _month(request.GET.get("month", ""))
    programme = None
    calls = selectors.calls_for_list()
    slug = request.GET.get("programme", "")
    if slug:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is not None:
            calls = calls.filter(programme=programme)
    mine = request.GET.get("watched") == "1" and request.user.is_authenticated
    if mine:
        table = _calendar_table(request, month, selectors.watched_calls(signed_in_user(request)))
    else:
        # The same for everyone: kept until a call or a programme changes (10,000 calls
        # put hundreds of deadlines in a month).
        key = ":".join(
            [
                "funding:calendar",
                selectors.calls_version(),
                month.isoformat(),
                str(programme.pk if programme else ""),
                translation.get_language() or "",
            ]
        )
        table = cache.get(key)
        if table is None:
            table = _calendar_table(request, month, calls)
            cache.set(key, table, CALENDAR_CACHE_SECONDS)
    first, previous, following = selectors.month_bounds(month)
    feed_url = None
    if request.user.is_authenticated:
        feed_url = request.build_absolute_uri(
            reverse("funding:user_feed", kwargs={"token": feed_token(signed_in_user(request))})
        )
    return render(
        request,
        "funding/calendar.html",
        {
            "view": {"month": first, "previous": previous, "next": following},
            "table": mark_safe(table),  # noqa: S308 (our own template's output)
            "programme": programme,
            "programmes": selectors.programmes(),
            "watched": mine,
            "feed_url": feed_url,
            "now": timezone.now(),
        },
    )


def _calendar_table(request: HttpRequest, month: date, calls: QuerySet[Call]) -> str:
    view = selectors.month_view(month, calls)
    return render_to_string("funding/_partials/calendar_table.html", {"view": view}, request)


def feed_token(user: User) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def _feed(request: HttpRequest, calls: Any, name: str, *, private: bool = False) -> HttpResponse:
    body = calendar.deadline_feed(
        selectors.feed_deadlines(calls),
        name,
        request.build_absolute_uri("/").rstrip("/"),
        translation.get_language() or settings.LANGUAGE_CODE,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900" if private else "public, max-age=900"
    return response


def network_feed(request: HttpRequest) -> HttpResponse:
    """All deadlines (or a programme's), cached until calls change or the hour turns."""
    slug = request.GET.get("programme", "")[:40]
    language = translation.get_language() or settings.LANGUAGE_CODE
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"funding:feed:{selectors.calls_version()}:{language}:{slug}:{hour}"
    body = cache.get(key)
    if body is None:
        calls = selectors.calls_for_list()
        if slug:
            calls = calls.filter(programme__slug=slug)
        body = calendar.deadline_feed(
            selectors.feed_deadlines(calls),
            f"{settings.SITE_NAME}: {_('EU funding deadlines')}",
            request.build_absolute_uri("/").rstrip("/"),
            language,
        )
        cache.set(key, body, 3600)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response


def city_feed(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    watched = Watch.objects.filter(city=city, call__isnull=False).values("call_id")
    calls = selectors.calls_for_list().filter(pk__in=watched)
    return _feed(request, calls, f"{settings.SITE_NAME}: {city} · {_('EU funding deadlines')}")


def user_feed(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_pk = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature as error:
        raise Http404 from error
    user = get_object_or_404(User, pk=user_pk, is_active=True)
    return _feed(request, selectors.watched_calls(user), _("Calls I watch"), private=True)


# --- Watching ----------------------------------------------------------------------------


def _watch_city(request: HttpRequest, actor: User) -> City | None:
    who = request.POST.get("who", "me")
    if who in ("", "me"):
        return None
    if not who.isdigit():
        raise Http404
    city = get_object_or_404(City, pk=int(who))
    if not actor.has_perm("funding.watch_for_city", city):
        raise PermissionDenied
    return city


@login_required
@require_POST
@rate_limited("funding.write")
def call_watch(request: HttpRequest, identifier: str) -> HttpResponse:
    actor = signed_in_user(request)
    call = get_object_or_404(Call, identifier=identifier)
    city = _watch_city(request, actor)
    if request.POST.get("action") == "stop":
        services.unwatch_call(actor, call, city=city)
        messages.success(
            request,
            _("%(city)s no longer watches this call.") % {"city": city}
            if city
            else _("You no longer watch this call."),
        )
    else:
        services.watch_call(actor, call, city=city)
        messages.success(
            request,
            _("%(city)s watches this call: its coordinators get reminders before the deadlines.")
            % {"city": city}
            if city
            else _(
                "You watch this call: you will get an email 30, 7 and 1 days before its "
                "deadlines, and it is in your deadline feed."
            ),
        )
    return redirect(_back(request, call.get_absolute_url()))


@login_required
@require_POST
@rate_limited("funding.write")
def save_search(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    filters = CallFilterForm(
        request.POST, action_types=selectors.action_types(), programmes=Programme.objects.all()
    )
    city = _watch_city(request, actor)
    back = reverse("funding:list")
    if not filters.is_valid():
        messages.error(request, _("These filters cannot be saved: check them and try again."))
        return redirect(back)
    search = filters.saved_search()
    back = f"{back}?{request.POST.get('query', '')}"
    try:
        services.save_search(actor, search, name=request.POST.get("name", ""), city=city)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _(
            "Search saved: you will get an email when a new call matches it, and reminders "
            "before its deadlines."
        ),
    )
    return redirect(back)


@login_required
def my_watches(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    watches = selectors.user_watches(actor)
    return render(
        request,
        "funding/watches.html",
        {
            "watches": watches,
            "feed_url": request.build_absolute_uri(
                reverse("funding:user_feed", kwargs={"token": feed_token(actor)})
            ),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
@rate_limited("funding.write")
def watch_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    watch = get_object_or_404(Watch, pk=pk)
    services.remove_watch(actor, watch)
    messages.success(request, _("Removed from your watch list."))
    return redirect(_back(request, reverse("funding:watches")))


# --- Programmes ----------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    programmes = list(Programme.objects.order_by("-city_fit", "short_name"))
    counts = dict(
        Call.objects.filter(selectors.status_q(CallStatus.OPEN, now))
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme in programmes:
        programme.open_calls = counts.get(programme.pk, 0)  # type: ignore[attr-defined]
    return render(request, "funding/programme_list.html", {"programmes": programmes})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    now = timezone.now()
    calls = list(
        selectors.calls_for_list()
        .filter(programme=programme)
        .filter(selectors.status_q(selectors.CURRENT, now))
        .order_by("closes_at")[:10]
    )
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "calls": calls,
            "guides": list(programme.guides.filter(is_published=True).order_by("position")),
            "can_edit": request.user.has_perm("funding.change_programme", programme),
            "now": now,
        },
    )


@login_required
@rate_limited("funding.write")
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    programme = get_object_or_404(Programme, slug=slug)
    if not actor.has_perm("funding.change_programme", programme):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.PROGRAMME_FIELDS}
            try:
                services.update_programme(actor, programme, **values)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The programme is saved."))
                return redirect(programme.get_absolute_url())
    return render(
        request,
        "funding/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


# --- Guides ----------------------------------------------------------------------------


def guide_list(request: HttpRequest) -> HttpResponse:
    guides = list(
        Guide.objects.filter(is_published=True)
        .prefetch_related("programmes")
        .order_by("position", "slug")
    )
    return render(request, "funding/guide_list.html", {"guides": guides})


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.prefetch_related("programmes", "calls"), slug=slug)
    if not guide.is_published and not request.user.has_perm("funding.change_guide", guide):
        raise Http404
    return render(
        request,
        "funding/guide_detail.html",
        {
            "guide": guide,
            "can_edit": request.user.has_perm("funding.change_guide", guide),
            "others": list(
                Guide.objects.filter(is_published=True).exclude(pk=guide.pk).order_by("position")
            ),
        },
    )
