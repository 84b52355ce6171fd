"""Pages of opinion maps: vote one statement at a time, see the map, moderate."""

import io
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited
from metroagora.network.models import City, MembershipRole
from metroagora.opinions import selectors, services
from metroagora.opinions.forms import ImportForm, OpinionMapForm, RejectForm, StatementForm
from metroagora.opinions.models import (
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    VoteValue,
)
from metroagora.opinions.tasks import recompute_map

# Okabe-Ito colours of the groups (the site's stylesheet uses the same), -1: not in a group.
PALETTE = {0: "#0072b2", 1: "#d55e00", 2: "#009e73", 3: "#cc79a7", 4: "#e69f00", -1: "#8a8a8a"}
COOKIE_SALT = "metroagora.opinions.participant"
COOKIE_AGE = 365 * 24 * 3600


def _cookie_name(opinion_map: OpinionMap) -> str:
    return f"opinions_{opinion_map.pk}"


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _participant(request: HttpRequest, opinion_map: OpinionMap) -> Participant | None:
    if isinstance(request.user, User):
        return services.participant_for(opinion_map, user=request.user)
    token = request.get_signed_cookie(
        _cookie_name(opinion_map), default=None, salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    return services.participant_for(opinion_map, token=token) if token else None


def _remember(
    request: HttpRequest, response: HttpResponse, opinion_map: OpinionMap, participant: Participant
) -> None:
    if participant.token:
        response.set_signed_cookie(
            _cookie_name(opinion_map),
            participant.token,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )


def _map(slug: str, *, with_analysis: bool = False) -> OpinionMap:
    """The map; the stored analysis (large) is loaded only for the pages that show it."""
    maps = OpinionMap.objects.select_related("debate", "city")
    if not with_analysis:
        maps = maps.defer("analysis", "analysis_state")
    return get_object_or_404(maps, slug=slug)


def _why_not(request: HttpRequest, opinion_map: OpinionMap) -> str:
    """Why this person cannot vote here, in words (empty when they can).

    Voting and submitting use the map's own rule (rules.has_perm): user.has_perm would
    let network admins (superusers) vote in closed and residents-only maps.
    """
    user = request.user
    if rules.has_perm("opinions.vote", user, opinion_map):
        return ""
    if not opinion_map.is_open:
        return _("This opinion map is closed: you can read the results.")
    if not user.is_authenticated:
        if opinion_map.verified_residents_only:
            return _("Only verified residents of %(city)s vote here. Sign in first.") % {
                "city": opinion_map.city
            }
        return _("Sign in to vote.")
    if opinion_map.verified_residents_only:
        return _(
            "Only verified residents of %(city)s vote here. Ask the city to verify your residence."
        ) % {"city": opinion_map.city}
    return _("You cannot vote in this opinion map.")


# --- Public pages --------------------------------------------------------------------


def map_list(request: HttpRequest) -> HttpResponse:
    all_maps = list(selectors.map_cards())
    return render(
        request,
        "opinions/list.html",
        {
            "open_maps": [m for m in all_maps if m.is_open],
            "closed_maps": [m for m in all_maps if not m.is_open],
            "can_open": request.user.has_perm("opinions.open_map"),
        },
    )


def _vote_context(
    request: HttpRequest, opinion_map: OpinionMap, participant: Participant | None
) -> dict[str, Any]:
    statement, done, total = selectors.next_statement(opinion_map, participant)
    translated = selectors.translations([statement], _language()) if statement else {}
    return {
        "opinion_map": opinion_map,
        "statement": statement,
        "statement_text": translated.get(statement.pk) if statement else None,
        "done": done,
        "total": total,
        "percent_done": round(100 * done / total) if total else 0,
        "why_not": _why_not(request, opinion_map),
        "values": VoteValue,
    }


def vote_page(request: HttpRequest, slug: str) -> HttpResponse:
    opinion_map = _map(slug)
    participant = _participant(request, opinion_map)
    context = _vote_context(request, opinion_map, participant)
    can_submit = rules.has_perm("opinions.submit_statement", request.user, opinion_map)
    context.update(
        {
            "statement_form": StatementForm(initial={"language": _language()})
            if can_submit
            else None,
            "my_votes": selectors.my_votes(participant),
            "can_moderate": request.user.has_perm("opinions.moderate", opinion_map),
        }
    )
    return render(request, "opinions/vote.html", context)


@require_POST
@rate_limited("opinions.vote")
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    opinion_map = _map(slug)
    if not rules.has_perm("opinions.vote", request.user, opinion_map):
        raise PermissionDenied
    statement = Statement.objects.filter(
        pk=request.POST.get("statement") or 0, opinion_map=opinion_map
    ).first()
    if statement is None:
        messages.error(request, _("This statement is not open for votes."))
        return redirect(opinion_map.get_absolute_url())
    if request.POST.get("value") not in {"1", "0", "-1"}:
        messages.error(request, _("Choose agree, disagree or pass."))
        return redirect(opinion_map.get_absolute_url())
    participant = _participant(request, opinion_map) or services.join(opinion_map, request.user)
    try:
        services.cast_vote(request.user, participant, statement, request.POST.get("value"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        failed = redirect(opinion_map.get_absolute_url())
        _remember(request, failed, opinion_map, participant)
        return failed
    response: HttpResponse
    if is_htmx(request) and request.POST.get("from") != "my-votes":
        response = render(
            request,
            "opinions/_partials/card.html",
            _vote_context(request, opinion_map, participant),
        )
    elif request.POST.get("from") == "my-votes":
        messages.success(request, _("Your vote is changed."))
        response = redirect(reverse("opinions:vote", args=[opinion_map.slug]) + "#my-votes")
    else:
        response = redirect(opinion_map.get_absolute_url())
    _remember(request, response, opinion_map, participant)
    return response


@require_POST
@rate_limited("opinions.submit")
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    opinion_map = _map(slug)
    if not rules.has_perm("opinions.submit_statement", request.user, opinion_map):
        raise PermissionDenied
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            statement = services.submit_statement(
                request.user,
                opinion_map,
                form.cleaned_data["text"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            if statement.status == StatementStatus.VISIBLE:
                messages.success(request, _("Your statement is added."))
            else:
                messages.success(
                    request,
                    _("Thank you: your statement is shown once a moderator has read it."),
                )
            return redirect(opinion_map.get_absolute_url())
    context = _vote_context(request, opinion_map, _participant(request, opinion_map))
    context.update({"statement_form": form, "my_votes": [], "can_moderate": False})
    return render(request, "opinions/vote.html", context, status=400)


def results(request: HttpRequest, slug: str) -> HttpResponse:
    opinion_map = _map(slug, with_analysis=True)
    participant = _participant(request, opinion_map)
    view = selectors.map_view(opinion_map, participant=participant, language=_language())
    context = {
        "opinion_map": opinion_map,
        "view": view,
        # Only a backend that runs tasks later has a recompute "on its way"; the
        # immediate one (the demo's) has already run it during the vote.
        "updating": recompute_map.get_backend().supports_defer
        and opinion_map.recompute_due_at is not None
        and opinion_map.recompute_due_at >= timezone.now() - timedelta(minutes=5),
        "can_moderate": request.user.has_perm("opinions.moderate", opinion_map),
    }
    if is_htmx(request) and request.GET.get("partial") == "status":
        return render(request, "opinions/_partials/status.html", context)
    return render(request, "opinions/results.html", context)


# --- Moderation ------------------------------------------------------------------------


def _moderated_map(request: HttpRequest, slug: str) -> tuple[User, OpinionMap]:
    actor = signed_in_user(request)
    opinion_map = _map(slug)
    if not actor.has_perm("opinions.moderate", opinion_map):
        raise PermissionDenied
    return actor, opinion_map


@login_required
@rate_limited("forum.moderate")
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    actor, opinion_map = _moderated_map(request, slug)
    seed_form = StatementForm(initial={"language": _language()}, prefix="seed")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in {"approve", "reject"}:
            return _moderate_statement(request, actor, opinion_map, action)
        if action == "seed":
            seed_form = StatementForm(request.POST, prefix="seed")
            if seed_form.is_valid():
                try:
                    services.add_statement(
                        opinion_map,
                        seed_form.cleaned_data["text"],
                        language=seed_form.cleaned_data["language"],
                        author=actor,
                        seed=True,
                    )
                except ValidationError as error:
                    for name, errors in error.message_dict.items():
                        seed_form.add_error(name if name in seed_form.fields else None, errors)
                else:
                    messages.success(request, _("The statement is added."))
                    return redirect("opinions:moderate", slug=opinion_map.slug)
            status = 400
        elif action == "recompute":
            services.request_recompute(actor, opinion_map)
            messages.success(request, _("The analysis is being recomputed."))
            return redirect("opinions:results", slug=opinion_map.slug)
        elif action == "close":
            services.close_map(actor, opinion_map)
            messages.success(request, _("The opinion map is closed."))
            return redirect("opinions:results", slug=opinion_map.slug)
        else:
            messages.error(request, _("Choose an action."))
            return redirect("opinions:moderate", slug=opinion_map.slug)
    return render(
        request,
        "opinions/moderate.html",
        {
            "opinion_map": opinion_map,
            "pending": list(selectors.pending_statements(opinion_map)),
            "seed_form": seed_form,
            "reject_form": RejectForm(),
        },
        status=status,
    )


def _moderate_statement(
    request: HttpRequest, actor: User, opinion_map: OpinionMap, action: str
) -> HttpResponse:
    statement = get_object_or_404(
        Statement, pk=request.POST.get("statement") or 0, opinion_map=opinion_map
    )
    if action == "approve":
        services.approve_statement(actor, statement)
        messages.success(request, _("The statement is shown."))
    else:
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give a reason: the author will see it."))
        else:
            services.reject_statement(actor, statement, reason=form.cleaned_data["reason"])
            messages.success(request, _("The statement is rejected."))
    return redirect("opinions:moderate", slug=opinion_map.slug)


@login_required
@rate_limited("forum.moderate")
def map_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("opinions.open_map"):
        raise PermissionDenied
    if actor.has_perm("opinions.moderate_any"):
        cities = City.objects.order_by("slug")
    else:
        cities = City.objects.filter(
            memberships__user=actor, memberships__role=MembershipRole.COORDINATOR
        ).order_by("slug")
    form = OpinionMapForm(request.POST or None, cities=cities)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            seeds = data.pop("seed_statements")
            language = data.pop("language")
            slug = data.pop("slug")
            title = data.pop("title")
            try:
                opinion_map = services.open_map(
                    actor, slug=slug, title=title, language=language, seed_statements=seeds, **data
                )
            except PermissionDenied:
                form.add_error(
                    "city", _("Choose a city you coordinate, or ask a moderator to open the map.")
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The opinion map is open."))
                return redirect(opinion_map.get_absolute_url())
    return render(request, "opinions/map_form.html", {"form": form}, status=status)


@login_required
def report_pdf(request: HttpRequest, slug: str) -> FileResponse:
    """The results as a PDF, to attach to the debate's conclusions (moderators)."""
    _actor, opinion_map = _moderated_map(request, slug)
    opinion_map = _map(slug, with_analysis=True)
    from metroagora.events.report_views import render_pdf

    view = selectors.map_view(opinion_map, participant=None, language=_language())
    html = render_to_string(
        "opinions/report_pdf.html",
        {
            "opinion_map": opinion_map,
            "view": view,
            "generated": timezone.now(),
            "palette": PALETTE,
        },
        request=request,
    )
    css = Path(__file__).parent / "static" / "opinions" / "report-pdf.css"
    pdf = render_pdf(html, request.build_absolute_uri("/"), css)
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"{opinion_map.slug}-opinion-map.pdf",
        content_type="application/pdf",
    )


@login_required
def export_zip(request: HttpRequest, slug: str) -> FileResponse:
    """The map in Pol.is's export format (a ZIP of CSV files)."""
    _actor, opinion_map = _moderated_map(request, slug)
    from metroagora.opinions.polis import write_export

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write_export(opinion_map, archive)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=f"{opinion_map.slug}-polis-export.zip",
        content_type="application/zip",
    )


MAX_IMPORT_BYTES = 200 * 1024 * 1024


@login_required
@rate_limited("forum.moderate")
def import_zip(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("opinions.open_map"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            from metroagora.opinions.polis import PolisFormatError

            try:
                opinion_map = _import_archive(actor, form)
            except PolisFormatError as error:
                form.add_error("archive", str(error))
            except zipfile.BadZipFile:
                form.add_error("archive", _("This is not a ZIP file."))
            except ValidationError as error:
                for name, errors in (
                    error.message_dict.items()
                    if hasattr(error, "error_dict")
                    else [("archive", error.messages)]
                ):
                    form.add_error(name if name in form.fields else "archive", errors)
            else:
                messages.success(request, _("The conversation is imported."))
                return redirect("opinions:results", slug=opinion_map.slug)
    return render(request, "opinions/import.html", {"form": form}, status=status)


def _import_archive(actor: User, form: ImportForm) -> OpinionMap:
    upload = form.cleaned_data["archive"]
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 200 MB)."))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.zip"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        if not zipfile.is_zipfile(path):
            raise ValidationError(_("This is not a ZIP file."))
        return services.import_polis_conversation(
            actor,
            path,
            slug=form.cleaned_data["slug"],
            title=form.cleaned_data["title"],
            language=form.cleaned_data["language"],
        )
