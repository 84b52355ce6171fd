"""The newsletter's pages: subscribing, unsubscribing, writing and sending, the archive."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core import jobs
from metroagora.core.ratelimit import rate_limited
from metroagora.network.models import City
from metroagora.practices.rules import coordinated_city_ids
from metroagora.publications import newsletter_emails as emails
from metroagora.publications import newsletter_selectors as selectors
from metroagora.publications import newsletter_services as services
from metroagora.publications.models import IssueStatus, NewsletterIssue
from metroagora.publications.models.newsletter import SENDING_JOB
from metroagora.publications.newsletter_forms import (
    IssueForm,
    ProfileSubscribeForm,
    SubscribeForm,
)

RATE_SUBSCRIBE = "newsletter.subscribe"
RATE_WRITE = "newsletter.write"


def _ui_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The archive ----------------------------------------------------------------------------


def archive(request: HttpRequest) -> HttpResponse:
    return _archive(request, None)


def city_archive(request: HttpRequest, slug: str) -> HttpResponse:
    return _archive(request, get_object_or_404(City, slug=slug))


def _archive(request: HttpRequest, city: City | None) -> HttpResponse:
    user = request.user
    can_write = user.has_perm("publications.add_newsletterissue")
    unsent: list[NewsletterIssue] = []
    if can_write and isinstance(user, User) and city is None:
        unsent = selectors.unsent_for_staff(user)
    return render(
        request,
        "publications/newsletter/archive.html",
        {
            "city": city,
            "page": selectors.archive_page(city, request.GET.get("page")),
            "cities": selectors.cities_with_archives() if city is None else [],
            "can_write": can_write,
            "unsent": unsent,
        },
    )


def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_for_page(pk)
    if issue is None or not request.user.has_perm("publications.view_newsletterissue", issue):
        raise Http404
    can_change = request.user.has_perm("publications.change_newsletterissue", issue)
    if can_change:  # the sending's worker died: another takes it over
        from metroagora.publications.newsletter_tasks import send_newsletter_issue

        jobs.resume_if_abandoned(SENDING_JOB, issue, send_newsletter_issue)
    context: dict[str, Any] = {"issue": issue, "can_change": can_change}
    if can_change and is_htmx(request):
        return render(request, "publications/newsletter/_progress.html", context)
    lang = _ui_language()
    context.update(emails.issue_context(issue, lang, absolute=False))
    context["written_in"] = emails.issue_languages(issue)
    return render(request, "publications/newsletter/issue.html", context)


# --- Subscribing ----------------------------------------------------------------------------


@rate_limited(RATE_SUBSCRIBE)
def subscribe(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"language": _ui_language()}
    wanted = request.GET.get("city", "")
    if wanted and City.objects.filter(slug=wanted).exists():
        initial["city"] = wanted
    if request.user.is_authenticated:
        initial["email"] = signed_in_user(request).email
    form = SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_subscription(
                    email=data["email"], language=data["language"], city=data["city"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                # The same answer whether the address was new or already subscribed.
                return redirect("publications:newsletter_subscribe_sent")
    return render(request, "publications/newsletter/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "publications/newsletter/subscribe_sent.html")


@rate_limited(RATE_SUBSCRIBE)
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link checkers open links too); POST confirms."""
    template = "publications/newsletter/confirm.html"
    if request.method == "POST":
        try:
            subscription = services.confirm_subscription(token)
        except ValidationError as error:
            return render(request, template, {"error": " ".join(error.messages)}, status=400)
        return render(request, template, {"subscription": subscription, "done": True})
    try:
        emails.read_confirmation_token(token)
    except signing.SignatureExpired:
        expired = _("This confirmation link has expired. Ask for the newsletter again.")
        return render(request, template, {"error": expired}, status=400)
    except signing.BadSignature:
        invalid = _("This confirmation link is not valid. Ask for the newsletter again.")
        return render(request, template, {"error": invalid}, status=400)
    return render(request, template, {"token": token})


@csrf_exempt  # RFC 8058: mail programs POST here without a cookie; the token is the secret
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail program's one-click) unsubscribes."""
    template = "publications/newsletter/unsubscribe.html"
    if request.method == "POST":
        subscription = services.unsubscribe(token)
        if subscription is None:
            return render(request, template, {"unknown": True}, status=404)
        return render(request, template, {"subscription": subscription, "done": True})
    found = selectors.subscription_by_token(token)
    if found is None:
        return render(request, template, {"unknown": True}, status=404)
    return render(request, template, {"subscription": found, "token": token})


@login_required
@require_POST
@rate_limited(RATE_SUBSCRIBE)
def subscribe_me(request: HttpRequest) -> HttpResponse:
    """The one-click subscription of the profile page."""
    user = signed_in_user(request)
    form = ProfileSubscribeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("accounts:profile")
    city = form.cleaned_data["city"]
    subscription = services.subscribe_signed_in(
        user, city=city, language=form.cleaned_data["language"]
    )
    scope = emails.scope_name(subscription)
    if subscription.is_active:
        messages.success(
            request, _("You are subscribed to the newsletter of %(scope)s.") % {"scope": scope}
        )
    else:
        messages.success(
            request,
            _(
                "Almost done: we sent a link to %(email)s. Open it to confirm your "
                "subscription (or verify your address first: then one click is enough)."
            )
            % {"email": user.email},
        )
    return redirect("accounts:profile")


# --- Writing and sending --------------------------------------------------------------------


def _writing_language(request: HttpRequest, issue: NewsletterIssue | None) -> str:
    """``?lang=`` when it is a language of the site, else the issue's original, else the UI's."""
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in emails.ui_languages():
        return lang
    if issue is not None and issue.subject.original:
        return issue.subject.original
    return _ui_language()


def _writing_cities(actor: User) -> QuerySet[City]:
    if actor.is_network_admin:
        return City.objects.all()
    return City.objects.filter(pk__in=coordinated_city_ids(actor))


def _changeable(request: HttpRequest, pk: int, perm: str) -> tuple[User, NewsletterIssue]:
    actor = signed_in_user(request)
    issue = get_object_or_404(NewsletterIssue.objects.select_related("city"), pk=pk)
    if not actor.has_perm(perm, issue):
        raise PermissionDenied
    return actor, issue


@login_required
@rate_limited(RATE_WRITE)
def issue_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.add_newsletterissue"):
        raise PermissionDenied
    return _issue_form(request, actor, None)


@login_required
@rate_limited(RATE_WRITE)
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor, issue = _changeable(request, pk, "publications.change_newsletterissue")
    if issue.status != IssueStatus.DRAFT:
        messages.error(request, _("This newsletter is already sent: it cannot change any more."))
        return redirect(issue.get_absolute_url())
    return _issue_form(request, actor, issue)


def _issue_form(request: HttpRequest, actor: User, issue: NewsletterIssue | None) -> HttpResponse:
    lang = _writing_language(request, issue)
    form = IssueForm(
        request.POST or None,
        lang=lang,
        cities=_writing_cities(actor),
        network_wide=actor.is_network_admin,
        instance=issue,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if issue is None:
                    saved = services.create_issue(
                        actor, city=form.cleaned_data["city"], **form.values()
                    )
                else:
                    saved = services.update_issue(actor, issue, **form.values())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("The draft is saved. Preview it, then send it when it is ready.")
                )
                return redirect(saved.get_absolute_url())
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "publications/newsletter/form.html",
        {
            "form": form,
            "issue": issue,
            "lang": lang,
            "lang_name": names.get(lang, lang),
            "languages": list(settings.LANGUAGES),
        },
        status=status,
    )


@login_required
def issue_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The email as a subscriber reading ``?lang=`` gets it: HTML and plain text."""
    _actor, issue = _changeable(request, pk, "publications.change_newsletterissue")
    wanted = request.GET.get("lang", "")
    if wanted not in emails.ui_languages():
        wanted = emails.original_language(issue)
    delivered = emails.delivery_language(issue, wanted)
    rendered = emails.render_issue(
        issue, delivered, unsubscribe=emails.unsubscribe_url("preview", delivered), heading=3
    )
    names = dict(settings.LANGUAGES)
    written = emails.issue_languages(issue)
    return render(
        request,
        "publications/newsletter/preview.html",
        {
            "issue": issue,
            "wanted": wanted,
            "delivered": delivered,
            "delivered_name": names.get(delivered, delivered),
            "rendered": rendered,
            "languages": [(code, name, code in written) for code, name in settings.LANGUAGES],
            "subscriber_count": services.active_subscriptions(issue.city_id).count(),
            "can_send": issue.status == IssueStatus.DRAFT
            and request.user.has_perm("publications.send_newsletterissue", issue),
        },
    )


@login_required
def issue_preview_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML email on its own, exactly as it is sent (with a sample unsubscribe link)."""
    _actor, issue = _changeable(request, pk, "publications.change_newsletterissue")
    wanted = request.GET.get("lang", "")
    if wanted not in emails.ui_languages():
        wanted = emails.original_language(issue)
    delivered = emails.delivery_language(issue, wanted)
    rendered = emails.render_issue(
        issue, delivered, unsubscribe=emails.unsubscribe_url("preview", delivered)
    )
    return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")


@login_required
@require_POST
@rate_limited(RATE_WRITE)
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    actor, issue = _changeable(request, pk, "publications.send_newsletterissue")
    try:
        if request.POST.get("action") == "resume":
            services.resume_sending(actor, issue)
        else:
            services.send_issue(actor, issue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(issue.get_absolute_url())
    messages.success(
        request,
        _("The newsletter is being sent. This page shows how far it got."),
    )
    return redirect(issue.get_absolute_url())


@login_required
@require_POST
@rate_limited(RATE_WRITE)
def issue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor, issue = _changeable(request, pk, "publications.change_newsletterissue")
    try:
        services.delete_draft(actor, issue)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(issue.get_absolute_url())
    messages.success(request, _("The draft is deleted."))
    return redirect("publications:newsletter")
