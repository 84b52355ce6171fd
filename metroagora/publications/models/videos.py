"""The video library: uploaded or linked videos with captions and transcripts (WebVTT)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.events.models import Event


class VideoSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    PEERTUBE = "peertube", _("PeerTube")
    YOUTUBE = "youtube", _("YouTube")
    VIMEO = "vimeo", _("Vimeo")


class Video(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), blank=True, multiline=True)
    source = models.CharField(_("source"), max_length=10, choices=VideoSource.choices)
    file = models.FileField(_("video file"), upload_to="videos/%Y/", blank=True)
    url = models.URLField(_("address of the video"), blank=True)
    poster = models.ImageField(_("poster image"), upload_to="videos/posters/", blank=True)
    poster_alt = models.CharField(_("description of the poster"), max_length=300, blank=True)
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="videos",
    )
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    languages = models.JSONField(_("spoken languages"), default=list, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("publications:video", slug=self.slug)


class TrackKind(models.TextChoices):
    CAPTIONS = "captions", _("Captions")
    SUBTITLES = "subtitles", _("Subtitles")


class VideoTrack(TimeStampedModel):
    """A WebVTT file in one language, validated on upload; also shown as a transcript."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="tracks")
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TrackKind.choices, default=TrackKind.CAPTIONS
    )
    file = models.FileField(_("WebVTT file"), upload_to="videos/tracks/%Y/")
    cue_count = models.PositiveIntegerField(_("cues"), default=0)

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["video", "language", "kind"], name="one_track_per_language_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.video_id} {self.language} {self.kind}"
