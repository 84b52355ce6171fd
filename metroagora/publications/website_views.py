"""The public website (home, editorial pages, news) and its staff pages: thin views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_POST

from metroagora.accounts.http import signed_in_user
from metroagora.accounts.models import User
from metroagora.core.languages import EU_LANGUAGE_NAMES
from metroagora.core.ratelimit import rate_limited
from metroagora.network.models import City
from metroagora.publications import website_selectors as selectors
from metroagora.publications import website_services as services
from metroagora.publications.models import NewsPost, Page
from metroagora.publications.website_forms import NewsPostForm, PageForm, PublishForm
from metroagora.publications.website_sitemaps import SITEMAPS

RATE_SCOPE = "website.write"
SITEMAP_CACHE_SECONDS = 15 * 60


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _writing_language(request: HttpRequest, item: Page | NewsPost | None) -> str:
    """``?lang=`` when given, else the item's original language, else the page's."""
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in EU_LANGUAGE_NAMES:
        return lang
    if item is not None and item.title.original:
        return item.title.original
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _language_choices() -> list[tuple[str, Any]]:
    return sorted(EU_LANGUAGE_NAMES.items(), key=lambda item: str(item[1]))


def _form_context(lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "lang_name": EU_LANGUAGE_NAMES.get(lang, lang),
        "languages": _language_choices(),
    }


# --- Home -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    page = selectors.home_page()
    # network/_map.html draws the map from ``overview``.
    return render(
        request, "publications/website/home.html", {"home": page, "overview": page.overview}
    )


# --- Editorial pages --------------------------------------------------------------------


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_for_view(slug)
    if page is None or not request.user.has_perm("publications.view_page", page):
        raise Http404
    return render(
        request,
        "publications/website/page.html",
        {"page": page, "can_edit": request.user.has_perm("publications.change_page", page)},
    )


@login_required
def page_list(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.manage_pages"):
        raise PermissionDenied
    return render(
        request,
        "publications/website/page_list.html",
        {"pages": selectors.pages_for_staff(), "ui_languages": settings.LANGUAGES},
    )


@login_required
@rate_limited(RATE_SCOPE)
def page_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.add_page"):
        raise PermissionDenied
    return _page_form(request, actor, None)


@login_required
@rate_limited(RATE_SCOPE)
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    page = get_object_or_404(Page, slug=slug)
    if not actor.has_perm("publications.change_page", page):
        raise PermissionDenied
    return _page_form(request, actor, page)


def _page_form(request: HttpRequest, actor: User, page: Page | None) -> HttpResponse:
    lang = _writing_language(request, page)
    form = PageForm(request.POST or None, lang=lang, instance=page)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if page is None:
                    saved = services.create_page(actor, **form.values())
                else:
                    saved = services.update_page(actor, page, **form.values())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The page is saved.")
                    if saved.published
                    else _("The page is saved as a draft: publish it when it is ready."),
                )
                return redirect("publications:page_list")
    return render(
        request,
        "publications/website/page_form.html",
        {"form": form, "page": page, **_form_context(lang)},
        status=status,
    )


@login_required
@require_POST
@rate_limited(RATE_SCOPE)
def page_publish(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    page = get_object_or_404(Page, slug=slug)
    if not actor.has_perm("publications.publish_page", page):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish the page or to withdraw it."))
    elif form.cleaned_data["action"] == "publish":
        services.publish_page(actor, page)
        messages.success(request, _("The page is published."))
    else:
        services.unpublish_page(actor, page)
        messages.success(request, _("The page is withdrawn: only network admins see it now."))
    if request.POST.get("next") == "page":
        return redirect(page.get_absolute_url())
    return redirect("publications:page_list")


# --- News -------------------------------------------------------------------------------


def news_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_write = user.has_perm("publications.add_newspost")
    drafts: QuerySet[NewsPost] | list[NewsPost] = []
    if can_write and isinstance(user, User):
        drafts = selectors.news_drafts(user)
    return render(
        request,
        "publications/website/news_list.html",
        {
            "page": selectors.news_page(request.GET.get("page")),
            "can_write": can_write,
            "drafts": drafts,
        },
    )


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.news_for_page(slug)
    if post is None or not request.user.has_perm("publications.view_newspost", post):
        raise Http404
    return render(
        request,
        "publications/website/news_detail.html",
        {
            "post": post,
            "can_edit": request.user.has_perm("publications.change_newspost", post),
            "can_publish": request.user.has_perm("publications.publish_newspost", post),
        },
    )


def _news_cities(actor: User) -> QuerySet[City]:
    if actor.is_network_admin:
        return City.objects.order_by("slug")
    coordinated = actor.memberships.filter(role="coordinator").values("city_id")
    return City.objects.filter(pk__in=coordinated).order_by("slug")


@login_required
@rate_limited(RATE_SCOPE)
def news_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.add_newspost"):
        raise PermissionDenied
    return _news_form(request, actor, None)


@login_required
@rate_limited(RATE_SCOPE)
def news_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    post = get_object_or_404(NewsPost, slug=slug)
    if not actor.has_perm("publications.change_newspost", post):
        raise PermissionDenied
    return _news_form(request, actor, post)


def _news_form(request: HttpRequest, actor: User, post: NewsPost | None) -> HttpResponse:
    lang = _writing_language(request, post)
    form = NewsPostForm(
        request.POST or None,
        request.FILES or None,
        lang=lang,
        cities=_news_cities(actor),
        network_wide=actor.is_network_admin,
        instance=post,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            try:
                if post is None:
                    saved = services.create_news_post(actor, **values)
                else:
                    saved = services.update_news_post(
                        actor,
                        post,
                        remove_image=bool(form.cleaned_data.get("remove_image")),
                        **values,
                    )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The news post is saved.")
                    if saved.is_published
                    else _("The news post is saved as a draft: publish it when it is ready."),
                )
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "publications/website/news_form.html",
        {"form": form, "post": post, **_form_context(lang)},
        status=status,
    )


@login_required
@require_POST
@rate_limited(RATE_SCOPE)
def news_publish(request: HttpRequest, slug: str) -> HttpResponse:
    actor = signed_in_user(request)
    post = get_object_or_404(NewsPost, slug=slug)
    if not actor.has_perm("publications.publish_newspost", post):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to publish the news post or to withdraw it."))
    elif form.cleaned_data["action"] == "publish":
        services.publish_news_post(actor, post)
        messages.success(request, _("The news post is published."))
    else:
        services.unpublish_news_post(actor, post)
        messages.success(request, _("The news post is back to a draft."))
    return redirect(post.get_absolute_url())


# --- sitemap.xml (outside the language prefix) -------------------------------------------


@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: the index of the sitemaps, one per kind of page."""
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap_section")


@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """``/sitemap-<section>.xml``: every address in every language, with its alternates."""
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
