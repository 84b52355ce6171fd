"""What a publication shows in one language: the same parts for the web page and the PDF.

``build(publication, lang)`` loads every part with what it pulls in from the platform
(a practice, a debate's conclusions, an opinion map's results, an event's figures,
funding figures): text parts in a fixed number of queries however many there are, a
few more for each part that pulls in figures. ``render_content`` turns it
into HTML with one template per kind, in the publication's language: the text written
in that language, else in its original language (marked with ``lang`` for screen
readers). The web page and the PDF differ only in image addresses and links.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

from metroagora.core.translated import TranslatedText
from metroagora.publications.models import PartKind, Publication, PublicationPart
from metroagora.publications.publications_images import (
    COVER_PRINT_PX,
    PART_PRINT_PX,
    print_copy,
)

PART_TEMPLATES = {
    PartKind.TEXT: "publications/publications/parts/_text.html",
    PartKind.PRACTICE: "publications/publications/parts/_practice.html",
    PartKind.DEBATE: "publications/publications/parts/_debate.html",
    PartKind.OPINION_MAP: "publications/publications/parts/_opinion_map.html",
    PartKind.EVENT: "publications/publications/parts/_event.html",
    PartKind.FUNDING: "publications/publications/parts/_funding.html",
}


# Okabe-Ito colours of the opinion groups, as on the opinion map's own pages (-1: no group).
GROUP_COLOURS = {
    0: "#0072b2",
    1: "#d55e00",
    2: "#009e73",
    3: "#cc79a7",
    4: "#e69f00",
    -1: "#8a8a8a",
}

Progress = Callable[[int, int], None]  # (images done, images in all)


@dataclass
class Text:
    """A translated text resolved for the publication's language."""

    text: str
    lang: str
    fallback: bool  # written in another language than the publication's

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def resolve(value: Any, lang: str) -> Text:
    translated = TranslatedText.from_json(value)
    text, shown = translated.resolve(lang)
    return Text(text, shown, bool(text) and shown != lang)


@dataclass
class Picture:
    src: str
    alt: str
    credit: str = ""


@dataclass
class FundingRow:
    programme: str
    projects: int
    amount: Decimal


@dataclass
class FundingFigures:
    rows: list[FundingRow]

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal(0))

    @property
    def projects(self) -> int:
        return sum(row.projects for row in self.rows)


@dataclass
class PartView:
    part: PublicationPart
    number: int
    anchor: str
    heading: Text
    note: Text  # the editor's text (the whole content of a text part)
    picture: Picture | None
    template: str
    url: str = ""  # the item on the website, in the publication's language
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.part.kind


@dataclass
class PublicationView:
    publication: Publication
    lang: str
    for_print: bool
    title: Text
    subtitle: Text
    introduction: Text
    cover: Picture | None
    parts: list[PartView]
    url: str
    site_name: str = ""


# --- Loading -----------------------------------------------------------------------------


def parts_queryset(publication: Publication) -> Any:
    from metroagora.practices.models import Indicator, PracticeImage

    return (
        PublicationPart.objects.filter(publication=publication)
        .select_related("practice__city", "debate__city", "opinion_map", "event__city", "city")
        .prefetch_related(
            Prefetch("practice__indicators", queryset=Indicator.objects.order_by("pk")),
            Prefetch("practice__images", queryset=PracticeImage.objects.order_by("created_at")),
        )
        .order_by("order", "pk")
    )


def ui_language(lang: str) -> str:
    """A language the site's addresses exist in: ``lang`` when it is one, else the default."""
    codes = {code for code, _name in settings.LANGUAGES}
    return lang if lang in codes else settings.LANGUAGE_CODE


def _url(obj: Any, lang: str, for_print: bool) -> str:
    with translation.override(ui_language(lang)):
        path = str(obj.get_absolute_url())
    return settings.SITE_URL.rstrip("/") + path if for_print else path


def build(
    publication: Publication,
    lang: str,
    *,
    for_print: bool = False,
    progress: Progress | None = None,
) -> PublicationView:
    """Everything the publication shows in ``lang`` (its images made print-sized for a PDF)."""
    with translation.override(lang):
        return _build(publication, lang, for_print, progress)


def _build(
    publication: Publication, lang: str, for_print: bool, progress: Progress | None
) -> PublicationView:
    parts = list(parts_queryset(publication))
    images = _images(publication, parts)
    total = len(images)
    done = 0

    def picture(
        field_file: Any, alt: str, max_px: int, route: tuple[Any, ...], credit: str = ""
    ) -> Picture | None:
        nonlocal done
        if not field_file:
            return None
        if for_print:
            path = print_copy(field_file, max_px)
            src = path.as_uri() if path else ""
        else:  # served by the site (media files are not public), cache-busted by name
            with translation.override(ui_language(lang)):
                url = reverse(route[0], args=route[1:])
            src = f"{url}?v={hashlib.sha256(field_file.name.encode()).hexdigest()[:10]}"
        done += 1
        if progress is not None:
            progress(done, total)
        return Picture(src, alt, credit) if src else None

    slug = publication.slug
    cover = picture(
        publication.cover,
        publication.cover_alt,
        COVER_PRINT_PX,
        ("publications:publication_cover", slug),
    )
    views = []
    for number, part in enumerate(parts, start=1):
        field_file, alt, credit = part_image(part)
        own = picture(
            field_file, alt, PART_PRINT_PX, ("publications:part_image", slug, part.pk), credit
        )
        views.append(_part_view(part, number, lang, own, for_print))
    return PublicationView(
        publication=publication,
        lang=lang,
        for_print=for_print,
        title=resolve(publication.title, lang),
        subtitle=resolve(publication.subtitle, lang),
        introduction=resolve(publication.introduction, lang),
        cover=cover,
        parts=views,
        url=_url(publication, lang, for_print),
        site_name=str(getattr(settings, "SITE_NAME", "")),
    )


def part_image(part: PublicationPart) -> tuple[Any, str, str]:
    """(file, description, credit) of a part's image: its own, else a practice's first."""
    if part.image:
        return part.image, part.image_alt, ""
    if part.kind == PartKind.PRACTICE and part.practice is not None:
        first = next(iter(part.practice.images.all()), None)
        if first is not None:
            return first.image, first.alt_text, first.credit
    return None, "", ""


def _images(publication: Publication, parts: list[PublicationPart]) -> list[Any]:
    """The images the publication shows (to count the progress of a rendering)."""
    found = [publication.cover] if publication.cover else []
    found += [image for image, _alt, _credit in map(part_image, parts) if image]
    return found


def _part_view(
    part: PublicationPart, number: int, lang: str, picture: Picture | None, for_print: bool
) -> PartView:
    view = PartView(
        part=part,
        number=number,
        anchor=f"part-{part.pk}",
        heading=resolve(part.heading, lang),
        note=resolve(part.text, lang),
        picture=picture,
        template=PART_TEMPLATES[PartKind(part.kind)],
    )
    loaders: dict[str, Callable[[PartView, str, bool], None]] = {
        PartKind.PRACTICE: _practice,
        PartKind.DEBATE: _debate,
        PartKind.OPINION_MAP: _opinion_map,
        PartKind.EVENT: _event,
        PartKind.FUNDING: _funding,
    }
    loader = loaders.get(part.kind)
    if loader is not None:
        loader(view, lang, for_print)
    return view


def _default_heading(view: PartView, value: Any, lang: str) -> None:
    if not view.heading:
        view.heading = resolve(value, lang)


def _practice(view: PartView, lang: str, for_print: bool) -> None:
    practice = view.part.practice
    if practice is None:
        return
    _default_heading(view, practice.title, lang)
    view.url = _url(practice, lang, for_print)
    view.data = {
        "practice": practice,
        "city": resolve(practice.city.name, lang),
        "sections": [
            (label, resolve(getattr(practice, name), lang))
            for name, label in _practice_sections()
            if TranslatedText.from_json(getattr(practice, name))
        ],
        "summary": resolve(practice.summary, lang),
        "indicators": list(practice.indicators.all()),
    }


def _practice_sections() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    return [
        ("challenge", _("The challenge")),
        ("actions", _("What was done")),
        ("results", _("Results")),
        ("success_factors", _("What made it work")),
        ("obstacles", _("What did not work")),
        ("transfer_conditions", _("Conditions for a transfer")),
    ]


def _debate(view: PartView, lang: str, for_print: bool) -> None:
    debate = view.part.debate
    if debate is None:
        return
    _default_heading(view, debate.question, lang)
    view.url = _url(debate, lang, for_print)
    view.data = {
        "debate": debate,
        "question": resolve(debate.question, lang),
        "conclusions": resolve(debate.conclusions, lang),
        "city": resolve(debate.city.name, lang) if debate.city else None,
    }


def _opinion_map(view: PartView, lang: str, for_print: bool) -> None:
    from metroagora.opinions.selectors import map_view

    opinion_map = view.part.opinion_map
    if opinion_map is None:
        return
    _default_heading(view, opinion_map.title, lang)
    view.url = _url(opinion_map, lang, for_print)
    results = map_view(opinion_map, participant=None, language=lang)
    view.data = {
        "opinion_map": opinion_map,
        "question": resolve(opinion_map.title, lang),
        "view": results,
        "colours": GROUP_COLOURS,
        "statements": results.all_statements[:15] if results else [],
    }


def _event(view: PartView, lang: str, for_print: bool) -> None:
    from metroagora.events import report_data

    event = view.part.event
    if event is None:
        return
    _default_heading(view, event.title, lang)
    view.url = _url(event, lang, for_print)
    registrations = report_data.registrations_for_report(event)
    answers = report_data.feedback_for([event]).get(event.pk, [])
    report = report_data.build_event_report(registrations, answers)
    view.data = {
        "event": event,
        "city": resolve(event.city.name, lang),
        "report": report,
        "basis": report_data.basis_label(report.basis),
        "countries": list(report.by_country[:12]),
        "more_countries": max(0, len(report.by_country) - 12),
    }


def _funding(view: PartView, lang: str, for_print: bool) -> None:
    from django.utils.translation import gettext as _

    city = view.part.city
    if not view.heading:
        label = (
            _("EU funding won by %(city)s") % {"city": resolve(city.name, lang)}
            if city is not None
            else _("EU funding won by the cities of the network")
        )
        view.heading = Text(label, lang, False)
    view.data = {
        "city": resolve(city.name, lang) if city else None,
        "figures": funding_figures(city),
    }


def funding_figures(city: Any) -> FundingFigures | None:
    """EU money won by a city of the network (or by all of them), summed by programme.

    The city's own share of each funded project (``ProjectParticipant.eu_contribution``)
    is summed by the project's programme; for the network, the shares of every city of
    the network. None when the funding app holds no such figures.
    """
    try:
        from django.db.models import Count, Sum

        from metroagora.funding.models import Programme, ProjectParticipant
    except ImportError:  # the funding app is not there
        return None
    shares = ProjectParticipant.objects.filter(city__isnull=False, eu_contribution__isnull=False)
    if city is not None:
        shares = shares.filter(city=city)
    grouped = list(
        shares.values("project__programme_id")
        .annotate(amount=Sum("eu_contribution"), projects=Count("project_id", distinct=True))
        .order_by("-amount")
    )
    if not grouped:
        return None
    names = {
        programme.pk: programme.short_name
        for programme in Programme.objects.filter(
            pk__in=[row["project__programme_id"] for row in grouped]
        ).only("pk", "short_name")
    }
    from django.utils.translation import gettext as _

    return FundingFigures(
        [
            FundingRow(
                names.get(row["project__programme_id"]) or _("Other programmes"),
                row["projects"],
                row["amount"] or Decimal(0),
            )
            for row in grouped
        ]
    )


# --- Rendering ---------------------------------------------------------------------------


def render_content(view: PublicationView) -> SafeString:
    """The contents, the introduction and the parts, in the publication's language."""
    with translation.override(view.lang):
        return SafeString(
            render_to_string("publications/publications/_content.html", {"doc": view})
        )
