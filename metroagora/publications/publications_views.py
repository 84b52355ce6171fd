"""Pages of publications: the public list and page, composing, versions and downloads."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.accounts.models import User
from metroagora.core import jobs
from metroagora.core.languages import EU_LANGUAGE_NAMES, language_name
from metroagora.core.ratelimit import rate_limited
from metroagora.publications import publications_content as content
from metroagora.publications import publications_selectors as selectors
from metroagora.publications import publications_services as services
from metroagora.publications.models import (
    PartKind,
    Publication,
    PublicationPart,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)
from metroagora.publications.models.publications import VERSION_JOB
from metroagora.publications.publications_forms import PartForm, PublicationForm

# The kinds of parts, in the order the page offers to add them.
ADD_KINDS = [
    PartKind.TEXT,
    PartKind.PRACTICE,
    PartKind.DEBATE,
    PartKind.OPINION_MAP,
    PartKind.EVENT,
    PartKind.FUNDING,
]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _ui_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _staff_publication(request: HttpRequest, slug: str, perm: str) -> tuple[User, Publication]:
    actor = signed_in_user(request)
    publication = get_object_or_404(Publication, slug=slug)
    if not actor.has_perm(perm, publication):
        raise PermissionDenied
    return actor, publication


def _writing_language(request: HttpRequest, item: Any) -> str:
    """``?lang=`` when given, else the text's original language, else the page's."""
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in EU_LANGUAGE_NAMES:
        return lang
    for name in ("title", "heading", "text"):
        original = getattr(getattr(item, name, None), "original", None)
        if original:
            return str(original)
    return _ui_language()


def _language_context(lang: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "lang_name": language_name(lang),
        "languages": sorted(EU_LANGUAGE_NAMES.items(), key=lambda item: str(item[1])),
    }


# --- Public pages ----------------------------------------------------------------------


def publication_list(request: HttpRequest) -> HttpResponse:
    publications = list(selectors.published())
    is_staff = request.user.has_perm("publications.add_publication")
    return render(
        request,
        "publications/publications/list.html",
        {
            "items": [(p, selectors.downloads(p)) for p in publications],
            "drafts": list(selectors.drafts()) if is_staff else [],
            "can_add": is_staff,
        },
    )


def _reading_language(request: HttpRequest, publication: Publication) -> str:
    languages = services.publication_languages(publication)
    asked = request.GET.get("lang", "")
    if asked in languages:
        return asked
    ui = _ui_language()
    if ui in languages:
        return ui
    return languages[0] if languages else ui


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_for_page(slug)
    if publication is None or not request.user.has_perm(
        "publications.view_publication", publication
    ):
        raise Http404
    lang = _reading_language(request, publication)
    view = content.build(publication, lang)
    can_change = request.user.has_perm("publications.change_publication", publication)
    return render(
        request,
        "publications/publications/detail.html",
        {
            "publication": publication,
            "doc": view,
            "body": content.render_content(view),
            "downloads": selectors.downloads(publication),
            "lang": lang,
            "other_languages": [
                (code, language_name(code))
                for code in services.publication_languages(publication)
                if code != lang
            ],
            "can_change": can_change,
            "is_draft": publication.status != PublicationStatus.PUBLISHED,
        },
    )


@never_cache
def publication_download(request: HttpRequest, slug: str, lang: str) -> FileResponse:
    """The published PDF of one language, for anyone once the publication is published."""
    publication = get_object_or_404(Publication, slug=slug)
    if not request.user.has_perm("publications.view_publication", publication):
        raise Http404
    version = (
        PublicationVersion.objects.filter(
            publication=publication, language=lang, is_published=True, status=RenderStatus.DONE
        )
        .exclude(pdf="")
        .first()
    )
    if version is None:
        raise Http404
    return _pdf_response(version, f"{publication.slug}-{lang}.pdf")


IMAGE_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _image_type(head: bytes) -> str:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, content_type in IMAGE_TYPES.items():
        if head.startswith(magic):
            return content_type
    return "application/octet-stream"


@require_http_methods(["GET", "HEAD"])
def publication_image(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The cover (no ``pk``) or a part's image: served by the site, like the pages."""
    publication = get_object_or_404(Publication, slug=slug)
    if not request.user.has_perm("publications.view_publication", publication):
        raise Http404
    if pk is None:
        field_file = publication.cover
    else:
        part = get_object_or_404(
            PublicationPart.objects.select_related("practice"), pk=pk, publication=publication
        )
        field_file = content.part_image(part)[0]
    if not field_file:
        raise Http404
    try:
        with field_file.open("rb") as handle:
            data = handle.read()
    except OSError:
        raise Http404 from None
    response = HttpResponse(data, content_type=_image_type(data[:12]))
    response["Cache-Control"] = (
        "public, max-age=86400"
        if publication.status == PublicationStatus.PUBLISHED
        else "private, no-store"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf_response(version: PublicationVersion, filename: str) -> FileResponse:
    try:
        handle = version.pdf.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


# --- Writing a publication ---------------------------------------------------------------


@login_required
@rate_limited("publications.write")
def publication_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("publications.add_publication"):
        raise PermissionDenied
    return _publication_form(request, actor, None)


@login_required
@rate_limited("publications.write")
def publication_edit(request: HttpRequest, slug: str) -> HttpResponse:
    actor, publication = _staff_publication(request, slug, "publications.change_publication")
    return _publication_form(request, actor, publication)


def _publication_form(
    request: HttpRequest, actor: User, publication: Publication | None
) -> HttpResponse:
    lang = _writing_language(request, publication)
    form = PublicationForm(
        request.POST or None, request.FILES or None, lang=lang, instance=publication
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            try:
                if publication is None:
                    saved = services.create_publication(actor, **values)
                else:
                    saved = services.update_publication(
                        actor,
                        publication,
                        **{**values, "cover": values["cover"] or services.UNCHANGED},
                        remove_cover=bool(form.cleaned_data.get("remove_cover")),
                    )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if publication is None:
                    messages.success(request, _("The publication is created: now add its parts."))
                    return redirect("publications:publication_compose", slug=saved.slug)
                messages.success(request, _("The publication is saved."))
                return redirect("publications:publication_compose", slug=saved.slug)
    base_url = (
        reverse("publications:publication_edit", args=[publication.slug])
        if publication
        else reverse("publications:publication_create")
    )
    return render(
        request,
        "publications/publications/form.html",
        {"form": form, "publication": publication, "base_url": base_url, **_language_context(lang)},
        status=status,
    )


# --- Parts -------------------------------------------------------------------------------


def _add_forms(lang: str, bound: PartForm | None = None) -> list[PartForm]:
    forms = []
    for kind in ADD_KINDS:
        if bound is not None and bound.kind == kind:
            forms.append(bound)
        else:
            forms.append(PartForm(kind=kind, lang=lang, prefix=kind))
    return forms


def _part_label(part: PublicationPart) -> str:
    """How the list of parts names a part (in the page's language)."""
    if part.heading:
        return str(part.heading)
    item = part.practice or part.debate or part.opinion_map or part.event
    title = getattr(item, "title", None) or getattr(item, "question", None)
    if title:
        return str(title)
    if part.kind == PartKind.FUNDING:
        return str(part.city.name) if part.city else _("The whole network")
    plain = re.sub(r"[#*_>`\[\]]+", "", str(part.text))  # markdown marks, for a label
    return Truncator(" ".join(plain.split())).words(10) or part.get_kind_display()


def _composer(
    request: HttpRequest,
    publication: Publication,
    lang: str,
    *,
    bound: PartForm | None = None,
    status: int = 200,
    announce: str = "",
    open_kind: str = "",
) -> HttpResponse:
    parts = list(
        publication.parts.select_related("practice", "debate", "opinion_map", "event", "city")
        .defer("opinion_map__analysis", "opinion_map__analysis_state", "opinion_map__priorities")
        .order_by("order", "pk")
    )
    context = {
        "publication": publication,
        "parts": [(part, _part_label(part)) for part in parts],
        "htmx": is_htmx(request),
        "add_forms": _add_forms(lang, bound),
        "open_kind": bound.kind if bound is not None else open_kind,
        "announce": announce,
        "base_url": reverse("publications:publication_compose", args=[publication.slug]),
        **_language_context(lang),
    }
    if is_htmx(request):
        # htmx swaps 200 answers only: the form errors come back as 200.
        return render(request, "publications/publications/_composer.html", context)
    return render(request, "publications/publications/compose.html", context, status=status)


@login_required
@rate_limited("publications.write")
def publication_compose(request: HttpRequest, slug: str) -> HttpResponse:
    """The parts in order, with the forms to add a part of each kind."""
    actor, publication = _staff_publication(request, slug, "publications.change_publication")
    lang = _writing_language(request, publication)
    if request.method != "POST":
        return _composer(request, publication, lang)
    kind = request.POST.get("kind", "")
    if kind not in PartKind.values:
        messages.error(request, _("Choose what kind of part to add."))
        return redirect("publications:publication_compose", slug=publication.slug)
    form = PartForm(request.POST, request.FILES, kind=kind, lang=lang, prefix=kind)
    if form.is_valid():
        try:
            services.add_part(actor, publication, kind=kind, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if is_htmx(request):  # the same form stays open, empty, for the next part
                return _composer(
                    request, publication, lang, announce=_("The part is added."), open_kind=kind
                )
            messages.success(request, _("The part is added at the end."))
            return redirect(
                f"{reverse('publications:publication_compose', args=[publication.slug])}"
                f"?lang={lang}#parts"
            )
    return _composer(request, publication, lang, bound=form, status=400)


def _part(publication: Publication, pk: int) -> PublicationPart:
    return get_object_or_404(PublicationPart, pk=pk, publication=publication)


@login_required
@rate_limited("publications.write")
def part_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor, publication = _staff_publication(request, slug, "publications.change_publication")
    part = _part(publication, pk)
    lang = _writing_language(request, part)
    form = PartForm(
        request.POST or None, request.FILES or None, kind=part.kind, lang=lang, instance=part
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = form.values()
            try:
                services.update_part(
                    actor,
                    part,
                    heading=values["heading"],
                    text=values["text"],
                    image=values["image"] or services.UNCHANGED,
                    image_alt=values["image_alt"],
                    remove_image=bool(form.cleaned_data.get("remove_image")),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The part is saved."))
                return redirect(
                    f"{reverse('publications:publication_compose', args=[publication.slug])}"
                    f"?lang={lang}#part-{part.pk}"
                )
    return render(
        request,
        "publications/publications/part_form.html",
        {
            "form": form,
            "publication": publication,
            "part": part,
            "base_url": reverse("publications:part_edit", args=[publication.slug, part.pk]),
            **_language_context(lang),
        },
        status=status,
    )


@login_required
@require_POST
@rate_limited("publications.write")
def part_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor, publication = _staff_publication(request, slug, "publications.change_publication")
    part = _part(publication, pk)
    direction = request.POST.get("direction", "")
    lang = _writing_language(request, publication)
    try:
        services.move_part(actor, part, direction)
    except ValidationError as error:
        if is_htmx(request):
            return _composer(request, publication, lang, announce=" ".join(error.messages))
        for message in error.messages:
            messages.error(request, message)
        return redirect("publications:publication_compose", slug=publication.slug)
    done = _("The part is moved up.") if direction == "up" else _("The part is moved down.")
    if is_htmx(request):
        return _composer(request, publication, lang, announce=done)
    messages.success(request, done)
    return redirect(
        f"{reverse('publications:publication_compose', args=[publication.slug])}"
        f"?lang={lang}#part-{part.pk}"
    )


@login_required
@require_POST
@rate_limited("publications.write")
def part_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    actor, publication = _staff_publication(request, slug, "publications.change_publication")
    part = _part(publication, pk)
    lang = _writing_language(request, publication)
    services.remove_part(actor, part)
    done = _("The part is removed.")
    if is_htmx(request):
        return _composer(request, publication, lang, announce=done)
    messages.success(request, done)
    return redirect(
        f"{reverse('publications:publication_compose', args=[publication.slug])}?lang={lang}#parts"
    )


# --- Versions and publishing ---------------------------------------------------------------


@login_required
@never_cache
@rate_limited("publications.write")
def version_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version kept, and "Render version N" (POST)."""
    actor, publication = _staff_publication(request, slug, "publications.render_publication")
    if request.method == "POST":
        try:
            versions = services.render_new_version(actor, publication)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            number = versions[0].number
            messages.success(
                request,
                _("Version %(number)s is being made, one PDF per language.") % {"number": number},
            )
            return redirect("publications:version", slug=publication.slug, number=number)
    groups = selectors.version_groups(publication)
    next_number = (groups[0].number + 1) if groups else 1
    return render(
        request,
        "publications/publications/versions.html",
        {
            "publication": publication,
            "groups": groups,
            "next_number": next_number,
            "languages": [
                language_name(code) for code in services.publication_languages(publication)
            ],
            "can_publish": actor.has_perm("publications.publish_publication", publication),
            "is_published": publication.status == PublicationStatus.PUBLISHED,
        },
    )


@login_required
@never_cache
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One version in every language: its status, polled by htmx until every PDF is made."""
    actor, publication = _staff_publication(request, slug, "publications.render_publication")
    group = selectors.version_group(publication, number)
    if group is None:
        raise Http404
    from metroagora.publications.publications_tasks import render_publication_version

    for version in group.versions:  # a worker died: another takes it over
        jobs.resume_if_abandoned(VERSION_JOB, version, render_publication_version)
    context = {
        "publication": publication,
        "group": group,
        "can_publish": actor.has_perm("publications.publish_publication", publication),
        "is_published": publication.status == PublicationStatus.PUBLISHED,
    }
    if is_htmx(request):
        return render(request, "publications/publications/_version_status.html", context)
    return render(request, "publications/publications/version.html", context)


def _version(publication: Publication, number: int, lang: str) -> PublicationVersion:
    return get_object_or_404(
        PublicationVersion, publication=publication, number=number, language=lang
    )


@login_required
@never_cache
def version_pdf(request: HttpRequest, slug: str, number: int, lang: str) -> HttpResponseBase:
    """Any finished version, for the editors to check before publishing it."""
    _actor, publication = _staff_publication(request, slug, "publications.render_publication")
    version = _version(publication, number, lang)
    if version.status != RenderStatus.DONE or not version.pdf:
        raise Http404
    return _pdf_response(version, f"{publication.slug}-v{number}-{lang}.pdf")


@login_required
@require_POST
@rate_limited("publications.write")
def version_action(request: HttpRequest, slug: str, number: int, lang: str) -> HttpResponse:
    """Publish, withdraw or retry one version."""
    actor, publication = _staff_publication(request, slug, "publications.render_publication")
    version = _version(publication, number, lang)
    action = request.POST.get("action", "")
    actions: dict[str, tuple[Any, str]] = {
        "publish": (
            services.publish_version,
            _("Version %(number)s is now the PDF offered in %(language)s."),
        ),
        "unpublish": (
            services.unpublish_version,
            _("Version %(number)s in %(language)s is no longer offered."),
        ),
        "retry": (
            services.retry_version,
            _("Version %(number)s in %(language)s is being made again."),
        ),
    }
    if action not in actions:
        messages.error(request, _("Choose an action."))
    else:
        function, done = actions[action]
        try:
            function(actor, version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done % {"number": number, "language": language_name(lang)})
    target = request.POST.get("next", "")
    if target == "list":
        return redirect("publications:versions", slug=publication.slug)
    return redirect("publications:version", slug=publication.slug, number=number)


@login_required
@require_POST
@rate_limited("publications.write")
def publication_publish(request: HttpRequest, slug: str) -> HttpResponse:
    actor, publication = _staff_publication(request, slug, "publications.publish_publication")
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            services.publish_publication(actor, publication)
            messages.success(request, _("The publication is on the website."))
            return redirect(publication.get_absolute_url())
        if action == "unpublish":
            services.unpublish_publication(actor, publication)
            messages.success(
                request, _("The publication is taken off the website; its versions are kept.")
            )
        else:
            messages.error(request, _("Choose an action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("publications:versions", slug=publication.slug)
