"""Pages for a person's data: the download, the account deletion, the privacy page."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from metroagora.accounts.http import signed_in_user
from metroagora.api import personal_data
from metroagora.api import personal_data_retention as retention
from metroagora.api.personal_data_forms import DeleteAccountForm
from metroagora.core.ratelimit import rate_limited
from metroagora.publications.models.website import PageKind
from metroagora.publications.website_selectors import published_pages


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("privacy.export")
def download(request: HttpRequest) -> HttpResponse:
    """GET: what the download holds. POST: the ZIP itself (built here: a few queries)."""
    user = signed_in_user(request)
    if request.method == "POST":
        response = HttpResponse(personal_data.build_archive(user), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{personal_data.archive_name()}"'
        return response
    return render(request, "api/personal_data/download.html", {"notices": personal_data.NOTICES})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("password")
@rate_limited("privacy.delete", in_view=True)
def delete(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    problem = personal_data.deletion_problem(user)
    form = DeleteAccountForm(user, request.POST if request.method == "POST" else None)
    status = 200
    too_fast = False
    if request.method == "POST":
        status = 400
        if getattr(request, "rate_limited", False):
            # The password is not even checked: guesses stop here.
            form, too_fast, status = DeleteAccountForm(user), True, 429
        elif form.is_valid() and not problem:
            try:
                personal_data.delete_account(user, user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                return redirect("personal_data:deleted")
    context = {"form": form, "problem": problem, "too_fast": too_fast}
    return render(request, "api/personal_data/delete.html", context, status=status)


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "api/personal_data/deleted.html")


def privacy(request: HttpRequest) -> HttpResponse:
    """What the site keeps about people and why, how long, and their rights."""
    context = {
        "notices": personal_data.NOTICES,
        "rules": retention.policy(),
        "policy_page": published_pages().filter(kind=PageKind.PRIVACY).first(),
    }
    return render(request, "api/personal_data/privacy.html", context)
