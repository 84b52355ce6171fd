"""Forms of the video library: a video in one language at a time, captions, filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event
from metroagora.publications import videos_services
from metroagora.publications.models import TrackKind, Video
from metroagora.publications.videos_selectors import events_with_videos

VIDEO_ACCEPT = "video/mp4,video/webm,video/ogg,.mp4,.m4v,.webm,.ogv"


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.city.name}, {obj.starts_at:%Y-%m-%d})"


class VideoForm(forms.Form):
    """Title and description in ``lang`` (other languages are kept), and the rest."""

    title = forms.CharField(label=_("Title"), max_length=videos_services.MAX_TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=videos_services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    file = forms.FileField(
        label=_("Video file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": VIDEO_ACCEPT}),
    )
    url = forms.URLField(
        label=_("Or the address of the video on PeerTube, YouTube or Vimeo"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.youtube.com/watch?v=… or https://vimeo.com/…"),
    )
    poster = forms.ImageField(
        label=_("Poster image"),
        required=False,
        help_text=_("Shown before the video plays. JPEG, PNG or WebP, under 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    poster_alt = forms.CharField(
        label=_("Description of the poster image"),
        required=False,
        max_length=300,
        help_text=_("What the image shows, for people who cannot see it. Needed with a poster."),
    )
    remove_poster = forms.BooleanField(label=_("Remove the poster image"), required=False)
    event = EventChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("No event"),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        max_length=300,
        help_text=_("Names, separated by commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Spoken languages"),
        required=False,
        choices=eu_language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    duration_seconds = forms.IntegerField(
        label=_("Length in seconds"), required=False, min_value=1, max_value=24 * 3600
    )

    def __init__(self, *args: Any, lang: str, instance: Video | None = None, **kwargs: Any):
        self.lang = lang
        self.instance = instance
        initial = kwargs.setdefault("initial", {})
        if instance is not None:
            initial.update(
                title=instance.title.get(lang),
                description=instance.description.get(lang),
                url=instance.url,
                poster_alt=instance.poster_alt,
                event=instance.event_id,
                speakers=instance.speakers,
                languages=instance.languages,
                duration_seconds=instance.duration_seconds,
            )
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["lang"] = lang
        self.fields["description"].widget.attrs["lang"] = lang
        self.fields["event"].queryset = (  # type: ignore[attr-defined]
            Event.objects.select_related("city").order_by("-starts_at")
        )
        max_mb = settings.VIDEO_MAX_UPLOAD_MB
        if instance is None:
            help_text = _("MP4, WebM or Ogg, up to %(max)s MB.")
        else:
            help_text = _(
                "MP4, WebM or Ogg, up to %(max)s MB. Leave empty to keep the current video."
            )
        self.fields["file"].help_text = help_text % {"max": max_mb}
        if instance is None or not instance.poster:
            del self.fields["remove_poster"]
        if instance is not None and instance.title.get(lang) == "" and instance.title:
            # Writing a translation: the original title is not required again.
            self.fields["title"].required = False

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file:
            videos_services.check_video_file(file)
        return file

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if url and (self.instance is None or url != self.instance.url):
            videos_services.check_video_url(url)
        return url

    def clean_poster(self) -> Any:
        poster = self.cleaned_data.get("poster")
        if poster:
            videos_services.check_poster(poster)
        return poster

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        file, url = data.get("file"), data.get("url")
        if file and url and (self.instance is None or url != self.instance.url):
            raise ValidationError(_("Upload a file or give the address of a video, not both."))
        has_source = self.instance is not None and (self.instance.file or self.instance.url)
        if not file and not url and not has_source and not self.errors:
            self.add_error(
                "file",
                _(
                    "Upload a video file, or give the address of a video on PeerTube, "
                    "YouTube or Vimeo below."
                ),
            )
        has_poster = data.get("poster") or (
            self.instance is not None and self.instance.poster and not data.get("remove_poster")
        )
        if has_poster and not (data.get("poster_alt") or "").strip():
            self.add_error(
                "poster_alt",
                _("Describe the poster image for people who cannot see it."),
            )
        return data

    def _merged(self, name: str) -> TranslatedText:
        current = TranslatedText.from_json(getattr(self.instance, name, None) or {})
        merged = {code: current.get(code) for code in current.languages()}
        text = (self.cleaned_data.get(name) or "").strip()
        if text:
            merged[self.lang] = text
        else:
            merged.pop(self.lang, None)
        original = current.original if current.original in merged else None
        return TranslatedText(merged, original or (self.lang if text else None))

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``create_video`` / ``update_video``."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "title": self._merged("title"),
            "description": self._merged("description"),
            "poster": data.get("poster"),
            "poster_alt": data.get("poster_alt") or "",
            "event": data.get("event"),
            "speakers": data.get("speakers") or "",
            "languages": list(data.get("languages") or []),
            "duration_seconds": data.get("duration_seconds"),
            "file": data.get("file"),
            "url": "",
        }
        url = data.get("url") or ""
        if self.instance is None or url != self.instance.url:
            values["url"] = url
        if self.instance is not None:
            values["remove_poster"] = bool(data.get("remove_poster"))
        return values


class TrackForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the captions"), choices=eu_language_choices)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=TrackKind.choices,
        initial=TrackKind.CAPTIONS,
        help_text=_(
            "Captions transcribe the speech and the sounds; subtitles translate the speech."
        ),
    )
    file = forms.FileField(
        label=_("WebVTT file (.vtt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        help_text=_(
            "Captions in this language replace the current ones. "
            "Most transcription tools export WebVTT."
        ),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        videos_services.check_captions(file)
        return file


class VideoFilterForm(forms.Form):
    event = EventChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All events"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_with_videos()  # type: ignore[attr-defined]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("All languages")),
            *eu_language_choices(),
        ]
