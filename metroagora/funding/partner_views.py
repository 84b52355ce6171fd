"""Partner search: cities building consortia for calls, and the cities answering them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metroagora.accounts.http import signed_in_user
from metroagora.core.ratelimit import rate_limited
from metroagora.funding import selectors, services
from metroagora.funding.forms import PartnerAnswerForm, PartnerSearchForm
from metroagora.funding.models import (
    Call,
    PartnerAnswer,
    PartnerAnswerStatus,
    PartnerSearch,
    PartnerSearchStatus,
)
from metroagora.funding.views import add_errors, coordinated_cities
from metroagora.network.models import City


def partner_list(request: HttpRequest) -> HttpResponse:
    """Who is building which consortium, call by call."""
    searches = list(selectors.partner_searches().exclude(status=PartnerSearchStatus.WITHDRAWN))
    for search in searches:
        search.members = [  # type: ignore[attr-defined]
            answer
            for answer in search.answers.all()
            if answer.status == PartnerAnswerStatus.ACCEPTED
        ]
    return render(
        request,
        "funding/partner_list.html",
        {
            "open": [s for s in searches if s.status == PartnerSearchStatus.OPEN],
            "complete": [s for s in searches if s.status == PartnerSearchStatus.COMPLETE],
            "can_add": bool(coordinated_cities(request.user))
            or request.user.has_perm("funding.import_calls"),
        },
    )


def _cities_for(request: HttpRequest) -> QuerySet[City]:
    user = signed_in_user(request)
    if user.is_network_admin:
        return City.objects.order_by("slug")
    return City.objects.filter(pk__in=[c.pk for c in coordinated_cities(user)]).order_by("slug")


@login_required
@rate_limited("funding.write")
def partner_search_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    cities = _cities_for(request)
    if not cities.exists():
        raise PermissionDenied
    calls = Call.objects.filter(closes_at__gte=timezone.now()).order_by("identifier")
    initial: dict[str, Any] = {"call": request.GET.get("call", "")}
    only = cities.first() if cities.count() == 1 else None
    if only is not None:
        initial["city"] = only.pk
    form = PartnerSearchForm(
        request.POST or None,
        cities=cities,
        calls=calls,
        initial={**initial, "language": request.LANGUAGE_CODE or "en"},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                search = services.open_partner_search(actor, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your partner search is published: coordinators of other cities can answer."),
                )
                return redirect(search.get_absolute_url())
    chosen = Call.objects.filter(identifier=initial["call"]).first() if initial["call"] else None
    return render(
        request, "funding/partner_form.html", {"form": form, "call": chosen}, status=status
    )


def partner_search_detail(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(selectors.partner_searches(), pk=pk)
    user = request.user
    if search.status == PartnerSearchStatus.WITHDRAWN and not user.has_perm(
        "funding.change_partner_search", search
    ):
        raise Http404
    can_answer = search.status == PartnerSearchStatus.OPEN and user.has_perm(
        "funding.answer_partner_search", search
    )
    answer_form = None
    if can_answer:
        cities = _cities_for(request).exclude(pk=search.city_id)
        answered = {a.city_id for a in search.answers.all()}
        cities = cities.exclude(pk__in=answered)
        if cities.exists():
            answer_form = PartnerAnswerForm(
                cities=cities,
                initial={
                    "language": request.LANGUAGE_CODE or "en",
                    "city": cities[0].pk if cities.count() == 1 else None,
                },
            )
    return _detail(request, search, answer_form)


def _detail(
    request: HttpRequest,
    search: PartnerSearch,
    answer_form: PartnerAnswerForm | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "funding/partner_search.html",
        {
            "search": search,
            "answers": selectors.visible_answers(search, request.user),
            "members": [
                a for a in search.answers.all() if a.status == PartnerAnswerStatus.ACCEPTED
            ],
            "can_manage": request.user.has_perm("funding.change_partner_search", search),
            "answer_form": answer_form,
            "statuses": PartnerSearchStatus.choices,
            "answer_statuses": PartnerAnswerStatus.choices,
        },
        status=status,
    )


@login_required
@require_POST
@rate_limited("funding.write")
def partner_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    search = get_object_or_404(selectors.partner_searches(), pk=pk)
    if not actor.has_perm("funding.answer_partner_search", search):
        raise PermissionDenied
    cities = _cities_for(request).exclude(pk=search.city_id)
    form = PartnerAnswerForm(request.POST, cities=cities)
    if form.is_valid():
        try:
            services.answer_partner_search(actor, search, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Your answer is sent: %(city)s decides who joins the consortium.")
                % {"city": search.city},
            )
            return redirect(search.get_absolute_url())
    return _detail(request, search, form, status=400)


@login_required
@require_POST
@rate_limited("funding.write")
def partner_search_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    search = get_object_or_404(PartnerSearch, pk=pk)
    try:
        services.set_partner_search_status(actor, search, request.POST.get("status", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status of the partner search is saved."))
    return redirect(search.get_absolute_url())


@login_required
@require_POST
@rate_limited("funding.write")
def partner_answer_decide(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    answer = get_object_or_404(PartnerAnswer, pk=answer_pk, search_id=pk)
    try:
        services.decide_partner_answer(actor, answer, request.POST.get("status", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{answer.search.get_absolute_url()}#answers-heading")
