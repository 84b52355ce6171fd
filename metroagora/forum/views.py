from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited
from metroagora.forum import notifications, selectors, services
from metroagora.forum.forms import (
    CloseDebateForm,
    ContributionForm,
    DebateForm,
    ReasonForm,
    ReplyForm,
)
from metroagora.forum.models import (
    Contribution,
    Debate,
    DebateStatus,
    DigestFrequency,
    ModerationLogEntry,
    Notification,
    Stance,
    UserBlock,
    Visibility,
)


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _form_initial() -> dict[str, Any]:
    return {"language": _language(), "stance": Stance.NEUTRAL}


def _can_post_official(request: HttpRequest) -> bool:
    return isinstance(request.user, User) and services.can_post_official(request.user)


def _add_errors(form: Any, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You cannot do this."))
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def contribution_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "can_post": user.has_perm("forum.post"),
        "can_moderate": user.has_perm("forum.moderate"),
        "edit_window": services.edit_window(),
        "now": timezone.now(),
        "reader_language": _language(),
    }


# --- Reading ------------------------------------------------------------------------


def debate_list(request: HttpRequest) -> HttpResponse:
    # The cards show the question, the count and the city: the long texts stay unread.
    all_debates = list(
        selectors.debates().defer("introduction", "european_dimension", "local_lens", "conclusions")
    )
    return render(
        request,
        "forum/debate_list.html",
        {
            "open_debates": [d for d in all_debates if d.status == DebateStatus.OPEN],
            "closed_debates": [d for d in all_debates if d.status == DebateStatus.CLOSED],
            "can_open": request.user.has_perm("forum.open_debate"),
        },
    )


def debate(request: HttpRequest, slug: str, form: ContributionForm | None = None) -> HttpResponse:
    debate = get_object_or_404(
        # "practice": the best practice whose questions and answers this debate holds;
        # "proposal": the local proposal whose comments it holds.
        Debate.objects.select_related("city", "practice", "proposal").prefetch_related(
            "topics", "events", "opinion_maps"
        ),
        slug=slug,
    )
    sort = request.GET.get("sort", "newest")
    stance = request.GET.get("stance", "")
    user = request.user if isinstance(request.user, User) else None
    page = selectors.debate_page(
        debate,
        user=user,
        language=_language(),
        sort=sort,
        stance=stance,
        page_number=request.GET.get("page"),
    )
    context = {
        "debate": debate,
        "view": page,
        "sort": sort,
        "stance": stance,
        "stances": Stance.choices,
        "form": form
        or ContributionForm(initial=_form_initial(), can_post_official=_can_post_official(request)),
        "can_close": request.user.has_perm("forum.close_debate", debate),
        **contribution_context(request),
    }
    if is_htmx(request) and request.GET.get("partial") == "threads":
        return render(request, "forum/_partials/threads.html", context)
    return render(request, "forum/debate.html", context, status=400 if form else 200)


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    root = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk, depth=0)
    user = request.user if isinstance(request.user, User) else None
    context = {
        "root": root,
        "debate": root.debate,
        **selectors.thread_replies(
            root, user=user, language=_language(), page_number=request.GET.get("page")
        ),
        **contribution_context(request),
    }
    if is_htmx(request):
        # The first page replaces the replies shown on the debate's page; each next page
        # takes the place of the "show more" link that asked for it.
        more = context["page"].number > 1
        template = "more_replies" if more else "replies"
        return render(request, f"forum/_partials/{template}.html", context)
    return render(request, "forum/thread.html", context)


# --- Writing -------------------------------------------------------------------------


@login_required
@require_POST
@rate_limited("forum.post", in_view=True)
def post(request: HttpRequest, slug: str) -> HttpResponse:
    debate_obj = get_object_or_404(Debate, slug=slug)
    form = ContributionForm(request.POST, can_post_official=_can_post_official(request))
    too_fast = _too_fast(request, form)
    if not too_fast and form.is_valid():
        try:
            contribution = services.post_contribution(
                signed_in_user(request),
                debate_obj,
                text=form.cleaned_data["text"],
                stance=form.cleaned_data["stance"],
                language=form.cleaned_data["language"],
                official=form.cleaned_data.get("official", False),
            )
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            _posted_message(request, contribution)
            if is_htmx(request):
                return render(
                    request,
                    "forum/_partials/posted.html",
                    {
                        "c": contribution,
                        "debate": debate_obj,
                        "form": ContributionForm(
                            initial=_form_initial(),
                            can_post_official=_can_post_official(request),
                        ),
                        "agreed_ids": set(),
                        "translations": {},
                        **contribution_context(request),
                    },
                )
            return redirect(contribution.get_absolute_url())
    if is_htmx(request):
        response = render(
            request, "forum/_partials/post_form.html", {"form": form, "debate": debate_obj}
        )
        return reswap(retarget(response, "#post-form"), "outerHTML")
    response = debate(request, slug, form=form)
    if too_fast:
        response.status_code = 429  # the form says so and keeps the text
    return response


def _too_fast(request: HttpRequest, form: ContributionForm) -> bool:
    """Over the posting rate: say so on the form, which keeps the text."""
    if getattr(request, "rate_limited", False):
        form.add_error(
            None,
            _("You are posting very fast. Wait a minute, then send again: your text is kept."),
        )
        return True
    return False


def _posted_message(request: HttpRequest, contribution: Contribution) -> None:
    if contribution.visibility == Visibility.PENDING:
        messages.info(
            request, _("Thank you. A moderator will review your first contributions shortly.")
        )


@login_required
@require_POST
@rate_limited("forum.post", in_view=True)
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    form = ReplyForm(request.POST, prefix=f"r{pk}", can_post_official=_can_post_official(request))
    too_fast = _too_fast(request, form)
    if not too_fast and form.is_valid():
        try:
            contribution = services.post_contribution(
                signed_in_user(request),
                parent.debate,
                parent=parent,
                text=form.cleaned_data["text"],
                stance=form.cleaned_data["stance"],
                language=form.cleaned_data["language"],
                official=form.cleaned_data.get("official", False),
            )
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            _posted_message(request, contribution)
            if is_htmx(request):
                return render(
                    request,
                    "forum/_partials/replied.html",
                    {
                        "c": contribution,
                        "parent": parent,
                        "debate": parent.debate,
                        "agreed_ids": set(),
                        "translations": {},
                        **contribution_context(request),
                    },
                )
            return redirect(contribution.get_absolute_url())
    context = {"form": form, "parent": parent, "debate": parent.debate}
    if is_htmx(request):
        response = render(request, "forum/_partials/reply_form.html", context)
        return reswap(retarget(response, f"#reply-form-{pk}"), "outerHTML")
    return render(request, "forum/reply.html", context, status=429 if too_fast else 400)


@login_required
@rate_limited("forum.post")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    user = signed_in_user(request)
    if contribution.author_id != user.pk:
        raise PermissionDenied
    form = ContributionForm(
        request.POST or None,
        initial={
            "text": contribution.text,
            "stance": contribution.stance,
            "language": contribution.language,
        },
    )
    form.fields["language"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_contribution(
                user,
                contribution,
                text=form.cleaned_data["text"],
                stance=form.cleaned_data["stance"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your contribution was updated."))
            return redirect(contribution.get_absolute_url())
    return render(
        request,
        "forum/edit.html",
        {"form": form, "contribution": contribution},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@rate_limited("forum.post")
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    try:
        services.delete_contribution(signed_in_user(request), contribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your contribution was deleted."))
    return redirect(contribution.get_absolute_url())


@login_required
@require_POST
@rate_limited("forum.react")
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    try:
        services.toggle_agreement(signed_in_user(request), contribution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(contribution.get_absolute_url())
    if is_htmx(request):
        contribution.refresh_from_db(fields=["agree_count"])
        agreed = selectors.agreed_ids(signed_in_user(request), [contribution.pk])
        return render(
            request, "forum/_partials/agree.html", {"c": contribution, "agreed_ids": agreed}
        )
    return redirect(contribution.get_absolute_url())


@login_required
@rate_limited("forum.react")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_contribution(
                signed_in_user(request), contribution, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect(contribution.get_absolute_url())
    return render(
        request,
        "forum/report.html",
        {"form": form, "contribution": contribution},
        status=400 if request.method == "POST" else 200,
    )


# --- Debates ----------------------------------------------------------------------------


@login_required
@rate_limited("forum.moderate")
def debate_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("forum.open_debate"):
        raise PermissionDenied
    form = DebateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        events = data.pop("events")
        try:
            created = services.open_debate(actor, topics=topics, events=events, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The debate is open."))
            return redirect(created.get_absolute_url())
    return render(request, "forum/debate_form.html", {"form": form})


@login_required
@rate_limited("forum.moderate")
def debate_close(request: HttpRequest, slug: str) -> HttpResponse:
    debate_obj = get_object_or_404(Debate, slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("forum.close_debate", debate_obj):
        raise PermissionDenied
    form = CloseDebateForm(request.POST or None, instance=debate_obj)
    if request.method == "POST" and form.is_valid():
        services.close_debate(
            actor,
            Debate.objects.get(pk=debate_obj.pk),
            conclusions=form.cleaned_data["conclusions"],
        )
        messages.success(request, _("The debate is closed and its conclusions are published."))
        return redirect(debate_obj.get_absolute_url())
    return render(request, "forum/debate_close.html", {"form": form, "debate": debate_obj})


# --- Moderation -----------------------------------------------------------------------


def _moderator(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_perm("forum.moderate"):
        raise PermissionDenied
    return user


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(
        request,
        "forum/moderation.html",
        {
            **selectors.moderation_queue(),
            "blocks": UserBlock.objects.select_related("user", "blocked_by")[:100],
            "form": ReasonForm(),
        },
    )


@login_required
@require_POST
@rate_limited("forum.moderate")
def moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    moderator = _moderator(request)
    contribution = get_object_or_404(Contribution.objects.select_related("author"), pk=pk)
    form = ReasonForm(request.POST)
    try:
        if action == "hide":
            if not form.is_valid():
                raise ValidationError(_("Give a reason: it is shown in place of the text."))
            services.hide_contribution(moderator, contribution, reason=form.cleaned_data["reason"])
            messages.success(request, _("The contribution is hidden."))
        elif action in ("restore", "approve"):
            services.restore_contribution(
                moderator, contribution, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The contribution is shown again."))
        elif action == "dismiss":
            services.dismiss_reports(moderator, contribution)
            messages.success(request, _("The reports were dismissed."))
        elif action == "block":
            if contribution.author is None:
                raise ValidationError(_("This contribution has no author any more."))
            if not form.is_valid():
                raise ValidationError(_("Give a reason for blocking."))
            services.block_user(moderator, contribution.author, reason=form.cleaned_data["reason"])
            messages.success(request, _("The person is blocked from posting."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("forum:moderation")


@login_required
@require_POST
@rate_limited("forum.moderate")
def unblock(request: HttpRequest, pk: int) -> HttpResponse:
    moderator = _moderator(request)
    services.unblock_user(moderator, get_object_or_404(User, pk=pk))
    messages.success(request, _("The person can post again."))
    return redirect("forum:moderation")


@login_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    entries = ModerationLogEntry.objects.select_related(
        "moderator", "contribution", "target_user", "debate"
    )[:200]
    return render(request, "forum/moderation_log.html", {"entries": entries})


# --- Following and notifications ----------------------------------------------------


@login_required
@require_POST
@rate_limited("forum.react")
def follow_debate(request: HttpRequest, slug: str) -> HttpResponse:
    debate_obj = get_object_or_404(Debate, slug=slug)
    user = signed_in_user(request)
    if notifications.is_following(user, debate=debate_obj):
        notifications.unfollow(user, debate=debate_obj)
        messages.success(request, _("You no longer follow this debate."))
    else:
        notifications.follow(user, debate=debate_obj)
        messages.success(
            request, _("You follow this debate: official responses and conclusions reach you.")
        )
    return redirect(debate_obj.get_absolute_url())


@login_required
@require_POST
@rate_limited("forum.react")
def follow_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.select_related("debate"), pk=pk)
    user = signed_in_user(request)
    following = notifications.is_following(user, contribution=contribution)
    if following:
        notifications.unfollow(user, contribution=contribution)
    else:
        notifications.follow(user, contribution=contribution)
    if is_htmx(request):
        return render(
            request,
            "forum/_partials/follow.html",
            {"c": contribution, "followed_ids": set() if following else {contribution.pk}},
        )
    return redirect(contribution.get_absolute_url())


class PreferencesForm(forms.Form):
    digest = forms.ChoiceField(
        label=gettext_lazy("Email me about replies, official responses and conclusions"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )


@login_required
@rate_limited("forum.react")
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    prefs = notifications.preferences(user)
    form = PreferencesForm(request.POST or None, initial={"digest": prefs.digest})
    if request.method == "POST":
        if "mark_read" in request.POST:
            Notification.objects.filter(user=user, read_at__isnull=True).update(
                read_at=timezone.now()
            )
            return redirect("forum:notifications")
        if form.is_valid():
            prefs.digest = form.cleaned_data["digest"]
            prefs.save(update_fields=["digest"])
            messages.success(request, _("Your email settings were saved."))
            return redirect("forum:notifications")
    items = Notification.objects.filter(user=user).select_related(
        "debate", "contribution", "contribution__author", "contribution__debate"
    )[:100]
    return render(request, "forum/notifications.html", {"items": items, "form": form})


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from mail clients; the token is the proof
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = notifications.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        prefs = notifications.preferences(user)
        prefs.digest = DigestFrequency.OFF
        prefs.save(update_fields=["digest"])
        return render(request, "forum/unsubscribe.html", {"done": True})
    return render(request, "forum/unsubscribe.html", {"token": token})
