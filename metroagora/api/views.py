"""The page where a person creates and revokes their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.api import opendata, services
from metroagora.api.forms import TokenForm
from metroagora.api.models import EXPORT_JOB, ApiToken
from metroagora.core import jobs
from metroagora.core.ratelimit import rate_limited

NONCE_KEY = "api_token_form"


def _page(request: HttpRequest, form: TokenForm, new_token: str = "", status: int = 200):
    user = signed_in_user(request)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": list(ApiToken.objects.filter(user=user)),
            "new_token": new_token,
            "max_tokens": services.MAX_ACTIVE_TOKENS,
        },
        status=status,
    )


@never_cache
@login_required
@rate_limited("accounts.write", in_view=True)
def tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if getattr(request, "rate_limited", False):
        form.add_error(
            None, _("You made many changes in a short time. Wait a minute, then try again.")
        )
        return _page(request, form, status=429)
    if form.is_valid() and request.session.get(NONCE_KEY) == form.cleaned_data["nonce"]:
        messages.warning(
            request,
            _(
                "This token was already created, and is shown only once. If you did not "
                "copy it, revoke it below and create another."
            ),
        )
        return redirect("api:tokens")
    if form.is_valid():
        try:
            _token, raw = services.create_token(
                user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_in_days=form.expires_in_days(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            # Shown in this response only: the token is not stored, so nothing can show
            # it again.
            request.session[NONCE_KEY] = form.cleaned_data["nonce"]
            return _page(request, TokenForm(), new_token=raw)
    return _page(request, form, status=400)


@require_POST
@login_required
@rate_limited("accounts.write")
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    services.revoke_token(user, token)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api:tokens")


# --- Open data ---------------------------------------------------------------------------


def open_data(request: HttpRequest) -> HttpResponse:
    """The open data page: what the ZIP holds, its last build, the download; for network
    admins, the status of the latest build and "Rebuild now"."""
    export = opendata.published_export()
    can_rebuild = opendata.may_rebuild(request.user)
    return render(
        request,
        "api/open_data.html",
        {
            "export": export,
            "available": export is not None and opendata.archive_exists(),
            "entries": opendata.catalogue(export),
            "licence": opendata.licence(),
            "can_rebuild": can_rebuild,
            "latest": opendata.latest_export() if can_rebuild else None,
        },
    )


def open_data_download(request: HttpRequest) -> HttpResponseBase:
    """The ZIP itself, as an attachment; a page saying when it comes when there is none."""
    try:
        handle = opendata.open_archive()
    except FileNotFoundError:
        can_rebuild = opendata.may_rebuild(request.user)
        return render(
            request,
            "api/open_data_missing.html",
            {
                "can_rebuild": can_rebuild,
                "latest": opendata.latest_export() if can_rebuild else None,
            },
            status=404,
        )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=opendata.DOWNLOAD_NAME,
        content_type="application/zip",
    )


@never_cache
@login_required
@rate_limited("api.open_data")
def open_data_rebuild(request: HttpRequest) -> HttpResponse:
    """GET: the status of the latest build (htmx polls it); POST: "Rebuild now"."""
    actor = signed_in_user(request)
    if not opendata.may_rebuild(actor):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            opendata.start_export(actor)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        if not is_htmx(request):
            if error:
                messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("The file is being rebuilt. Reload this page to follow its progress."),
                )
            return redirect(f"{reverse('open_data:page')}#rebuild")
    if not is_htmx(request):
        return redirect(f"{reverse('open_data:page')}#rebuild")
    latest = opendata.latest_export()
    if latest is not None:  # its worker died: another takes it over
        from metroagora.api.tasks import build_open_data

        jobs.resume_if_abandoned(EXPORT_JOB, latest, build_open_data)
    return render(
        request,
        "api/open_data_status.html",
        {"latest": latest, "error": error, "swapped": True},
    )
