"""Opinion maps: short statements, agree / disagree / pass votes, groups and consensus."""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.forum.models import Debate
from metroagora.network.models import City

STATEMENT_MAX = 140


class MapStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed")


class OpinionMap(TimeStampedModel):
    """A conversation: seeded by moderators, fed by participants, analysed in the background."""

    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("question"))
    description = TranslatedTextField(_("introduction"), blank=True, multiline=True)
    debate = models.ForeignKey(
        Debate,
        verbose_name=_("debate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_maps",
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city consulting its residents"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_maps",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=MapStatus.choices, default=MapStatus.OPEN
    )
    anonymous_voting = models.BooleanField(
        _("anyone can vote without an account"),
        default=False,
        help_text=_("Visitors get an anonymous identity kept in a cookie."),
    )
    verified_residents_only = models.BooleanField(
        _("only verified residents of the city vote"), default=False
    )
    participants_submit = models.BooleanField(
        _("participants can submit statements"),
        default=True,
        help_text=_("Submitted statements wait for a moderator before they are shown."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_from = models.CharField(_("imported from"), max_length=200, blank=True)
    # The latest analysis, shown as it is: the results page never waits for a recompute.
    analysis = models.JSONField(default=dict, blank=True)
    analysis_state = models.JSONField(default=dict, blank=True)
    # Statement id -> Pol.is priority, kept apart from the (large) analysis: every vote
    # reads it to choose the next statement.
    priorities = models.JSONField(default=dict, blank=True)
    analysed_at = models.DateTimeField(_("analysed"), null=True, blank=True)
    analysed_votes = models.PositiveIntegerField(default=0)
    # The analysis's number of participants, kept apart so that a list of maps reads no
    # analysis JSON (written with the analysis, by tasks.run_analysis).
    analysed_participants = models.PositiveIntegerField(default=0)
    analysis_seconds = models.FloatField(default=0)
    recompute_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verified_residents_only=True, city__isnull=True),
                name="residents_only_needs_a_city",
            )
        ]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("opinions:vote", slug=self.slug)

    @property
    def is_open(self) -> bool:
        return self.status == MapStatus.OPEN


class StatementStatus(models.TextChoices):
    VISIBLE = "visible", _("Shown")
    PENDING = "pending", _("Held for review")
    REJECTED = "rejected", _("Rejected by a moderator")


def normalise(text: str) -> str:
    """The comparison key for duplicates: case, accents, spacing and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Accents go (combining marks), punctuation becomes a space: "leaf-blowers" = "leaf blowers".
    kept = "".join(
        c if c.isalnum() or c.isspace() else ("" if unicodedata.combining(c) else " ")
        for c in decomposed
    )
    return " ".join(kept.split())[:STATEMENT_MAX]


class Statement(models.Model):
    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(_("statement"), max_length=STATEMENT_MAX)
    normalised = models.CharField(max_length=STATEMENT_MAX, editable=False)
    language = models.CharField(_("language"), max_length=8)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_seed = models.BooleanField(_("written by the moderators"), default=False)
    is_meta = models.BooleanField(
        _("about the conversation itself"),
        default=False,
        help_text=_("Shown and counted, but left out of the map."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=StatementStatus.choices, default=StatementStatus.VISIBLE
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    polis_id = models.IntegerField(null=True, blank=True, help_text="comment-id in Pol.is")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opinion_map", "normalised"], name="one_statement_per_wording"
            )
        ]
        indexes = [models.Index(fields=["opinion_map", "status"])]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalised = normalise(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class StatementTranslation(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=8)
    text = models.CharField(_("text"), max_length=400)
    is_machine = models.BooleanField(_("machine translation"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"], name="one_statement_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    """A voter in one map: a person with an account, or an anonymous cookie identity."""

    opinion_map = models.ForeignKey(
        OpinionMap, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_participations",
    )
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    polis_id = models.BigIntegerField(null=True, blank=True, help_text="voter-id in Pol.is")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opinion_map", "user"], name="one_participant_per_user")
        ]

    def __str__(self) -> str:
        return f"participant {self.pk}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    PASS = 0, _("Pass / unsure")
    DISAGREE = -1, _("Disagree")


class Vote(models.Model):
    """The latest vote of a participant on a statement (changing a vote updates the row)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    opinion_map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="one_vote_per_statement"
            )
        ]
        indexes = [models.Index(fields=["opinion_map", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.value:+d} on {self.statement_id}"
