"""Demo videos on top of the demo network and events (``seed_demo`` and ``seed_demo_events``).

Three short uploaded videos, one per held demo event: silent title cards (WebM/VP8,
320×180, 12 seconds, recorded once with ``videos_demo_record``, kept in
``videos_demo_media/``) with a narration as captions in three languages each, so the
page shows the native player with its tracks and a transcript. One more video is
linked from PeerTube (Framasoft's film on PeerTube), to show the click-to-load player;
its captions are not ours to write, so it has none. Everything goes through
``videos_services`` as on the site, by the network's editor; posters are drawn with
Pillow. Running it again replaces the demo videos.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from metroagora.accounts.models import User
from metroagora.events.models import Event
from metroagora.publications import videos_services as services
from metroagora.publications.models import Video

EDITOR = "editor@metroagora.eu"
MEDIA_DIR = Path(__file__).resolve().parent / "videos_demo_media"
SECONDS_PER_SLIDE = 3


@dataclass(frozen=True)
class Slide:
    background: str
    lines: tuple[str, ...]
    # The narration of this slide, per language (the captions).
    said: dict[str, str]


@dataclass(frozen=True)
class Plan:
    name: str  # of the recorded file in videos_demo_media/
    event: str
    title: dict[str, str]
    description: dict[str, str]
    speakers: str
    languages: list[str]
    slides: tuple[Slide, ...] = ()
    url: str = ""
    caption_voice: str = ""

    @property
    def media(self) -> Path:
        return MEDIA_DIR / f"{self.name}.webm"

    @property
    def slug(self) -> str:
        """The address the services give the video (from its original title)."""
        return slugify(self.title[self.title["_original"]])[:80]


def _t(original: str, **texts: str) -> dict[str, str]:
    return {**texts, "_original": original}


PLANS = [
    Plan(
        name="lyon-participatory-budgets-in-one-minute",
        event="lyon-citizens-forum-participatory-budgets",
        title=_t(
            "fr",
            fr="Les budgets participatifs de Lyon en une minute",
            en="Lyon's participatory budgets in a minute",
            de="Lyons Bürgerhaushalte in einer Minute",
        ),
        description=_t(
            "fr",
            fr="Ce que Lyon a appris de cinq ans de budgets participatifs, présenté "
            "au forum citoyen.",
            en="What Lyon learned from five years of participatory budgets, as presented "
            "at the citizens' forum.",
        ),
        speakers="Équipe Participation citoyenne, Métropole de Lyon",
        languages=["fr"],
        caption_voice="Lyon",
        slides=(
            Slide(
                "#1f4e79",
                ("Citizens' forum", "Lyon"),
                {
                    "fr": "Bienvenue au forum citoyen de Lyon.",
                    "en": "Welcome to the citizens' forum in Lyon.",
                    "de": "Willkommen beim Bürgerforum in Lyon.",
                },
            ),
            Slide(
                "#2e6b30",
                ("5% of the budget", "decided by residents"),
                {
                    "fr": "Les habitants décident de 5 % du budget d'investissement.",
                    "en": "Residents decide how to spend 5% of the investment budget.",
                    "de": "Die Einwohner entscheiden über 5 % des Investitionshaushalts.",
                },
            ),
            Slide(
                "#7a3b00",
                ("Turnout", "8% → 14%"),
                {
                    "fr": "La participation au vote est passée de 8 à 14 %.",
                    "en": "Turnout in the vote rose from 8% to 14%.",
                    "de": "Die Beteiligung an der Abstimmung stieg von 8 auf 14 %.",
                },
            ),
            Slide(
                "#8e2430",
                ("Next:", "votes from age 16"),
                {
                    "fr": "Prochaine étape : le vote dès 16 ans.",
                    "en": "Next step: voting from the age of 16.",
                    "de": "Nächster Schritt: Abstimmen ab 16 Jahren.",
                },
            ),
        ),
    ),
    Plan(
        name="milan-climate-assembly-in-brief",
        event="milan-metropolitan-climate-assembly",
        title=_t(
            "it",
            it="L'assemblea per il clima di Milano in breve",
            en="Milan's climate assembly in brief",
            fr="L'assemblée pour le climat de Milan en bref",
        ),
        description=_t(
            "it",
            it="Cento cittadini estratti a sorte, quarantadue proposte, una risposta del "
            "consiglio a ciascuna.",
            en="A hundred residents drawn by lot, forty-two proposals, an answer from the "
            "council to each.",
        ),
        speakers="Ufficio Partecipazione, Comune di Milano",
        languages=["it"],
        caption_voice="Milano",
        slides=(
            Slide(
                "#0b5563",
                ("Climate assembly", "Milan"),
                {
                    "it": "Questa è l'assemblea per il clima della Città metropolitana.",
                    "en": "This is the climate assembly of the metropolitan city.",
                    "fr": "Voici l'assemblée pour le climat de la ville métropolitaine.",
                },
            ),
            Slide(
                "#3d3d8f",
                ("100 residents", "drawn by lot"),
                {
                    "it": "Cento residenti, estratti a sorte, hanno lavorato per sei mesi.",
                    "en": "A hundred residents, drawn by lot, worked for six months.",
                    "fr": "Cent habitants, tirés au sort, ont travaillé pendant six mois.",
                },
            ),
            Slide(
                "#2e6b30",
                ("42 proposals",),
                {
                    "it": "Hanno approvato quarantadue proposte.",
                    "en": "They adopted forty-two proposals.",
                    "fr": "Ils ont adopté quarante-deux propositions.",
                },
            ),
            Slide(
                "#7a3b00",
                ("The council answers", "each one"),
                {
                    "it": "Il consiglio risponde a ciascuna, in pubblico.",
                    "en": "The council answers each one, in public.",
                    "fr": "Le conseil répond à chacune, en public.",
                },
            ),
        ),
    ),
    Plan(
        name="barcelona-digital-democracy-highlights",
        event="barcelona-digital-democracy-forum",
        title=_t(
            "es",
            es="Foro de democracia digital: lo más destacado",
            en="Digital democracy forum: highlights",
            pl="Forum demokracji cyfrowej: najważniejsze momenty",
        ),
        description=_t(
            "es",
            es="Plataformas abiertas para propuestas, debates y votaciones, compartidas "
            "entre las ciudades de la red.",
            en="Open platforms for proposals, debates and votes, shared between the "
            "network's cities.",
        ),
        speakers="Oficina de Innovación Democrática, Ajuntament de Barcelona",
        languages=["es", "en"],
        caption_voice="Barcelona",
        slides=(
            Slide(
                "#5a2d82",
                ("Digital democracy", "Barcelona"),
                {
                    "es": "Bienvenidos al foro de democracia digital de Barcelona.",
                    "en": "Welcome to the digital democracy forum in Barcelona.",
                    "pl": "Witamy na forum demokracji cyfrowej w Barcelonie.",
                },
            ),
            Slide(
                "#0b5563",
                ("Open source", "platforms"),
                {
                    "es": "Usamos plataformas de código abierto.",
                    "en": "We use open source platforms.",
                    "pl": "Korzystamy z platform o otwartym kodzie.",
                },
            ),
            Slide(
                "#2e6b30",
                ("Proposals, debates,", "votes"),
                {
                    "es": "Propuestas, debates y votaciones en un solo lugar.",
                    "en": "Proposals, debates and votes in one place.",
                    "pl": "Propozycje, debaty i głosowania w jednym miejscu.",
                },
            ),
            Slide(
                "#8e2430",
                ("Shared across", "the network"),
                {
                    "es": "Y las compartimos con toda la red.",
                    "en": "And we share them with the whole network.",
                    "pl": "I dzielimy się nimi z całą siecią.",
                },
            ),
        ),
    ),
    Plan(
        name="what-is-peertube",
        event="barcelona-digital-democracy-forum",
        title=_t("en", en="What is PeerTube? (Framasoft)", fr="Qu'est-ce que PeerTube ?"),
        description=_t(
            "en",
            en="Framasoft's short film on PeerTube, the federated video platform, shown at "
            "the forum's session on public digital infrastructure. It plays from "
            "framatube.org once you ask for it.",
        ),
        speakers="Framasoft",
        languages=[],
        url="https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
    ),
]


def _clock(seconds: int) -> str:
    return f"00:{seconds // 60:02d}:{seconds % 60:02d}.000"


def captions(plan: Plan, language: str) -> str:
    """The WebVTT file of ``plan`` in ``language``: one cue per slide."""
    blocks = ["WEBVTT", f"NOTE Demo captions ({language}) of MetroAgora's demo video."]
    for index, slide in enumerate(plan.slides):
        start = index * SECONDS_PER_SLIDE
        voice = f"<v {plan.caption_voice}>" if plan.caption_voice else ""
        blocks.append(
            f"{index + 1}\n{_clock(start)} --> {_clock(start + SECONDS_PER_SLIDE)}\n"
            f"{voice}{slide.said[language]}"
        )
    return "\n\n".join(blocks) + "\n"


def poster(plan: Plan) -> bytes:
    """A 640×360 PNG of the first title card."""
    from PIL import Image, ImageDraw, ImageFont

    first = plan.slides[0] if plan.slides else Slide("#1f4e79", ("PeerTube",), {})
    image = Image.new("RGB", (640, 360), first.background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for n, line in enumerate(first.lines):
        draw.text((320, 140 + n * 56), line, fill="white", font=font, anchor="mm")
    draw.text(
        (320, 330), "MetroAgora", fill="white", font=ImageFont.load_default(size=20), anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def poster_alt(plan: Plan) -> str:
    if not plan.slides:
        return "Title card: PeerTube"
    return "Title card: " + ", ".join(plan.slides[0].lines)


@dataclass
class Summary:
    videos: int = 0
    uploaded: int = 0
    linked: int = 0
    tracks: int = 0
    languages: set[str] = field(default_factory=set)


@transaction.atomic
def seed_demo_videos() -> Summary:
    """Create (or recreate) the demo videos. Needs ``seed_demo`` (and ``seed_demo_events``)."""
    editor = User.objects.filter(email=EDITOR).first()
    if editor is None:
        raise LookupError(f"Missing: {EDITOR}. Run manage.py seed_demo first.")
    events = {
        event.slug: event for event in Event.objects.filter(slug__in={p.event for p in PLANS})
    }
    for old in Video.objects.filter(slug__in=[plan.slug for plan in PLANS]):
        services.delete_video(editor, old)
    summary = Summary()
    for plan in PLANS:
        fields: dict[str, Any] = {
            "title": plan.title,
            "description": plan.description,
            "event": events.get(plan.event),
            "speakers": plan.speakers,
            "languages": plan.languages,
            "poster": SimpleUploadedFile(f"{plan.name}.png", poster(plan)),
            "poster_alt": poster_alt(plan),
        }
        if plan.url:
            video = services.create_video(editor, url=plan.url, **fields)
            summary.linked += 1
        else:
            upload = SimpleUploadedFile(f"{plan.name}.webm", plan.media.read_bytes())
            duration = len(plan.slides) * SECONDS_PER_SLIDE
            video = services.create_video(editor, file=upload, duration_seconds=duration, **fields)
            summary.uploaded += 1
            for language in plan.slides[0].said:
                vtt = captions(plan, language).encode("utf-8")
                services.set_track(
                    editor,
                    video,
                    language=language,
                    file=SimpleUploadedFile(f"{plan.name}.{language}.vtt", vtt),
                )
                summary.tracks += 1
                summary.languages.add(language)
        services.set_published(editor, video, True)
        summary.videos += 1
    return summary
