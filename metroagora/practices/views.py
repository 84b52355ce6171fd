"""Pages for best practices: thin views over selectors and services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.ratelimit import rate_limited
from metroagora.events.models import Event
from metroagora.network.models import City
from metroagora.practices import selectors, services
from metroagora.practices.forms import (
    AdoptForm,
    EventPracticesForm,
    ImageForm,
    IndicatorForm,
    LinkForm,
    PracticeFilterForm,
    PracticeForm,
    ReviewForm,
    TransferUpdateForm,
)
from metroagora.practices.models import (
    Indicator,
    Practice,
    PracticeImage,
    PracticeLink,
    Transfer,
)
from metroagora.practices.rules import coordinated_city_ids


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_practice(request: HttpRequest, slug: str) -> Practice:
    practice = selectors.practice_for_page(slug)
    if practice is None or not request.user.has_perm("practices.view_practice", practice):
        raise Http404
    return practice


# --- Public pages ----------------------------------------------------------------


def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None, countries=selectors.countries_with_practices())
    practices = selectors.published()
    if form.is_valid():
        practices = selectors.filter_practices(practices, form.cleaned_data)
    page = selectors.practice_page(practices, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("partial", None)
    embedded = request.GET.get("partial") == "results"
    return render(
        request,
        "practices/_partials/results.html"
        if is_htmx(request) or embedded
        else "practices/list.html",
        {
            "heading": "h3" if embedded else "h2",
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_add": request.user.has_perm("practices.add_practice"),
            "has_queue": request.user.is_authenticated
            and (
                request.user.has_perm("practices.review_practice")
                or bool(coordinated_city_ids(request.user))
            ),
        },
    )


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = _visible_practice(request, slug)
    user = request.user
    can_review = user.has_perm("practices.review_practice", practice)
    can_comment = user.has_perm("practices.comment_review", practice)
    detail = selectors.practice_detail(practice, can_see_reviews=can_comment)
    adopt_cities: QuerySet[City] | list[City] = []
    if user.has_perm("practices.start_transfer", practice):
        taken = {t.city_id for t in detail.transfers}
        adopt_cities = [
            city
            for city in City.objects.filter(pk__in=coordinated_city_ids(user)).order_by("slug")
            if city.pk != practice.city_id and city.pk not in taken
        ]
    return render(
        request,
        "practices/detail.html",
        {
            "practice": practice,
            "detail": detail,
            "can_edit": user.has_perm("practices.change_practice", practice),
            "can_submit": practice.is_editable_by_author
            and user.has_perm("practices.submit_practice", practice),
            "can_review": can_review,
            "can_comment": can_comment,
            "missing": _section_labels(services.missing_sections(practice)) if can_comment else [],
            "review_form": ReviewForm(),
            "adopt_cities": adopt_cities,
            "language_names": [
                str(EU_LANGUAGE_NAMES.get(code, code)) for code in practice.languages
            ],
        },
    )


def _section_labels(names: list[str]) -> list[str]:
    fields: list[Any] = [Practice._meta.get_field(name) for name in names]
    return [capfirst(str(field.verbose_name)) for field in fields]


def transfers_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "practices/transfers.html", selectors.transfers_overview(request.GET.get("page"))
    )


def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_object_or_404(
        Transfer.objects.select_related("practice", "practice__city", "city"), pk=pk
    )
    if not transfer.practice.is_published and not request.user.has_perm(
        "practices.update_transfer", transfer
    ):
        raise Http404
    form: TransferUpdateForm | None = None
    can_update = request.user.has_perm("practices.update_transfer", transfer)
    if request.method == "POST" and not can_update:
        raise PermissionDenied
    if can_update:
        if request.method == "POST":
            return _update_transfer(request, transfer)
        form = TransferUpdateForm(initial={"status": transfer.status})
    return _transfer_page(request, transfer, form)


def _transfer_page(
    request: HttpRequest, transfer: Transfer, form: TransferUpdateForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "practices/transfer.html",
        {
            "transfer": transfer,
            "timeline": selectors.transfer_timeline(transfer),
            "form": form,
        },
        status=status,
    )


@rate_limited("practices.write")
def _update_transfer(request: HttpRequest, transfer: Transfer) -> HttpResponse:
    actor = signed_in_user(request)
    form = TransferUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_transfer(
                actor, transfer, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The transfer is updated."))
            return redirect(transfer.get_absolute_url())
    return _transfer_page(request, transfer, form, status=400)


# --- Writing a practice ---------------------------------------------------------------


def _writing_language(request: HttpRequest, practice: Practice | None) -> str:
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in EU_LANGUAGE_NAMES:
        return lang
    if practice is not None and practice.title.original:
        return practice.title.original
    return (translation.get_language() or "en").split("-")[0]


def _form_cities(actor: User) -> QuerySet[City]:
    if actor.has_perm("practices.review_practice"):
        return City.objects.order_by("slug")
    return City.objects.filter(pk__in=coordinated_city_ids(actor)).order_by("slug")


@login_required
@rate_limited("practices.write")
def practice_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("practices.add_practice"):
        raise PermissionDenied
    return _practice_form(request, actor, None)


@login_required
@rate_limited("practices.write")
def practice_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    practice = get_object_or_404(Practice, slug=slug)
    if not actor.has_perm("practices.change_practice", practice):
        raise PermissionDenied
    return _practice_form(request, actor, practice)


def _practice_form(request: HttpRequest, actor: User, practice: Practice | None) -> HttpResponse:
    lang = _writing_language(request, practice)
    cities = _form_cities(actor)
    form = PracticeForm(
        request.POST or None,
        instance=practice or Practice(),
        lang=lang,
        cities=cities,
        initial={"languages": practice.languages} if practice else {"languages": [lang]},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved = _save_practice(request, actor, practice, form)
            if saved is not None:
                if "submit" not in request.POST:
                    messages.success(request, _("Your draft is saved."))
                    return redirect(saved.get_absolute_url())
                try:
                    services.submit_for_review(actor, saved)
                except ValidationError as error:
                    # The draft is saved; the form says what the review needs.
                    form = PracticeForm(request.POST, instance=saved, lang=lang, cities=cities)
                    form.is_valid()
                    _add_errors(form, error)
                    form.add_error(
                        None,
                        _(
                            "Your draft is saved, but it cannot go to review yet: "
                            "complete the sections marked below."
                        ),
                    )
                    practice = saved
                else:
                    messages.success(
                        request,
                        _("Your practice is sent to the network's editors for review."),
                    )
                    return redirect(saved.get_absolute_url())
    return render(
        request,
        "practices/form.html",
        {
            "form": form,
            "practice": practice,
            "lang": lang,
            "lang_name": EU_LANGUAGE_NAMES.get(lang, lang),
            "languages": sorted(EU_LANGUAGE_NAMES.items(), key=lambda item: str(item[1])),
        },
        status=status,
    )


def _save_practice(
    request: HttpRequest, actor: User, practice: Practice | None, form: PracticeForm
) -> Practice | None:
    content = form.content()
    try:
        if practice is None:
            return services.create_practice(
                actor,
                city=form.cleaned_data["city"],
                topics=form.cleaned_data["topics"],
                events=form.cleaned_data["events"],
                **content,
            )
        return services.update_practice(
            actor,
            practice,
            topics=form.cleaned_data["topics"],
            events=form.cleaned_data["events"],
            **content,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None


# --- Review ----------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    queue = selectors.review_queue(actor)
    if not actor.has_perm("practices.review_practice") and not coordinated_city_ids(actor):
        raise PermissionDenied
    return render(request, "practices/queue.html", {"queue": queue})


@login_required
@require_POST
@rate_limited("practices.write")
def practice_review(request: HttpRequest, slug: str) -> HttpResponse:
    """One endpoint for the review actions: submit, comment, ask for changes, publish, withdraw."""
    actor = signed_in_user(request)
    practice = get_object_or_404(Practice, slug=slug)
    if not actor.has_perm("practices.comment_review", practice):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    action = request.POST.get("action", "")
    text = form.data.get("text", "")
    actions: dict[str, Any] = {
        "submit": lambda: services.submit_for_review(actor, practice, note=text),
        "comment": lambda: services.comment_on_review(actor, practice, text=text),
        "changes": lambda: services.request_changes(actor, practice, text=text),
        "publish": lambda: services.publish_practice(actor, practice, note=text),
        "unpublish": lambda: services.unpublish_practice(actor, practice, reason=text),
    }
    done = {
        "submit": _("Your practice is sent to the network's editors for review."),
        "comment": _("Your comment is added to the review."),
        "changes": _("The practice is sent back to the city with your comments."),
        "publish": _("The practice is published."),
        "unpublish": _("The practice is withdrawn from publication."),
    }
    if action not in actions:
        messages.error(request, _("Choose an action."))
        return redirect(practice.get_absolute_url())
    if not form.is_valid():
        messages.error(request, _("Keep the comment under 3,000 characters."))
        return redirect(practice.get_absolute_url())
    try:
        actions[action]()
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) - {"text"}:
            messages.error(
                request,
                _("Some required sections are empty: complete them before the review."),
            )
            return redirect("practices:edit", slug=practice.slug)
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done[action])
    return redirect(f"{practice.get_absolute_url()}#review")


# --- Results and media -------------------------------------------------------------


@login_required
@rate_limited("practices.write")
def practice_media(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    practice = get_object_or_404(Practice, slug=slug)
    if not actor.has_perm("practices.change_practice", practice):
        raise PermissionDenied
    forms_: dict[str, Any] = {
        "indicator": IndicatorForm(prefix="indicator"),
        "image": ImageForm(prefix="image"),
        "link": LinkForm(prefix="link"),
    }
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind == "remove":
            return _remove_item(request, actor, practice)
        if kind not in forms_:
            messages.error(request, _("Choose what to add: an indicator, an image or a link."))
            return redirect("practices:media", slug=practice.slug)
        if kind in forms_:
            form_class: Any = {"indicator": IndicatorForm, "image": ImageForm, "link": LinkForm}[
                kind
            ]
            form = form_class(request.POST, request.FILES, prefix=kind)
            forms_[kind] = form
            if form.is_valid():
                add: Any = {
                    "indicator": services.add_indicator,
                    "image": services.add_image,
                    "link": services.add_link,
                }[kind]
                try:
                    add(actor, practice, **form.cleaned_data)
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("Added."))
                    return redirect("practices:media", slug=practice.slug)
            status = 400
    return render(
        request,
        "practices/media.html",
        {
            "practice": practice,
            "forms": forms_,
            "indicators": practice.indicators.all(),
            "images": practice.images.all(),
            "links": practice.links.all(),
        },
        status=status,
    )


def _remove_item(request: HttpRequest, actor: User, practice: Practice) -> HttpResponse:
    models: dict[str, Any] = {"indicator": Indicator, "image": PracticeImage, "link": PracticeLink}
    model = models.get(request.POST.get("item", ""))
    if model is None:
        raise Http404
    pk = request.POST.get("pk", "")
    if not pk.isdigit():
        raise Http404
    item = get_object_or_404(model, pk=int(pk), practice=practice)
    services.remove_item(actor, item)
    messages.success(request, _("Removed."))
    return redirect("practices:media", slug=practice.slug)


# --- Transfers --------------------------------------------------------------------


@login_required
@rate_limited("practices.write")
def practice_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    practice = _visible_practice(request, slug)
    if not actor.has_perm("practices.start_transfer", practice):
        raise PermissionDenied
    cities = (
        City.objects.all()
        if actor.is_network_admin
        else City.objects.filter(pk__in=coordinated_city_ids(actor))
    ).exclude(pk=practice.city_id)
    form = AdoptForm(request.POST or None, cities=cities)
    if len(cities) == 1 and not form.is_bound:
        form.initial["city"] = cities[0].pk
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                transfer = services.start_transfer(
                    actor, practice, city=form.cleaned_data["city"], note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The transfer is open: %(city)s can now follow it with the other city.")
                    % {"city": transfer.city},
                )
                return redirect(transfer.get_absolute_url())
    return render(
        request, "practices/adopt.html", {"practice": practice, "form": form}, status=status
    )


@login_required
@rate_limited("practices.write")
def event_practices(request: HttpRequest, slug: str) -> HttpResponse:
    """Organisers link the best practices an event produced (the event's page lists them)."""
    actor = signed_in_user(request)
    event = get_object_or_404(Event, slug=slug)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    queryset = selectors.published().order_by("city__slug", "slug")
    form = EventPracticesForm(
        request.POST or None,
        queryset=queryset,
        initial={"practices": list(event.practices.values_list("pk", flat=True))},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.link_event_practices(actor, event, form.cleaned_data["practices"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The event's best practices are saved."))
                return redirect(event.get_absolute_url())
    return render(
        request, "practices/event_practices.html", {"event": event, "form": form}, status=status
    )
