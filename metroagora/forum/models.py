"""The Forum: debates, threaded contributions with a stance, reactions, moderation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.events.models import Event, Topic
from metroagora.network.models import City

MAX_DEPTH = 3  # a contribution, replies, replies to replies: threads stay readable
MAX_LENGTH = 5000


class DebateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Debate(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    question = TranslatedTextField(_("question"))
    introduction = TranslatedTextField(_("introduction"), blank=True, multiline=True)
    european_dimension = TranslatedTextField(
        _("European dimension"),
        blank=True,
        multiline=True,
        help_text=_("How the topic plays at EU level."),
    )
    local_lens = TranslatedTextField(
        _("local lens"),
        blank=True,
        multiline=True,
        help_text=_("How the topic plays in our cities."),
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="debates"
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("host city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debates",
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("linked events"), blank=True, related_name="debates"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DebateStatus.choices, default=DebateStatus.OPEN
    )
    conclusions = TranslatedTextField(_("conclusions"), blank=True, multiline=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Kept by the services that show or take away a contribution (forum.services,
    # forum.privacy), so that lists need not count a million rows; recount_contributions
    # sets it from the rows after a bulk write.
    contribution_count = models.PositiveIntegerField(
        _("visible contributions"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.question) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("forum:debate", slug=self.slug)

    @property
    def is_open(self) -> bool:
        return self.status == DebateStatus.OPEN


class Stance(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    NEUTRAL = "neutral", _("Neutral")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by its author")


class Contribution(TimeStampedModel):
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="contributions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    root = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread",
        help_text="The top-level contribution of the thread (itself for a top-level one).",
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="contributions"
    )
    text = models.TextField(_("text"), max_length=MAX_LENGTH)
    language = models.CharField(_("language"), max_length=8)
    stance = models.CharField(_("stance"), max_length=8, choices=Stance.choices)
    is_official = models.BooleanField(_("official response"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    agree_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["debate", "depth", "created_at"]),
            models.Index(fields=["debate", "depth", "agree_count"]),
            models.Index(fields=["root", "created_at"]),
            models.Index(fields=["debate", "visibility", "stance"]),
            # The API's list of a debate's visible contributions, newest or most agreed
            # first, reads its page from these (10,000 in a debate: 108 ms to 0.4 ms).
            models.Index(fields=["debate", "visibility", "created_at"]),
            models.Index(fields=["debate", "visibility", "agree_count", "created_at"]),
            # A debate page counts its threads (top level, not held for review) from it.
            models.Index(fields=["debate", "depth", "visibility"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.debate.get_absolute_url()}#c{self.pk}"

    @property
    def is_shown(self) -> bool:
        return self.visibility == Visibility.VISIBLE


class ContributionRevision(models.Model):
    """The text before each edit: the history is kept."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="revisions"
    )
    text = models.TextField()
    stance = models.CharField(max_length=8, choices=Stance.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ContributionTranslation(TimeStampedModel):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text"))
    is_machine = models.BooleanField(_("machine translation"), default=False)
    engine = models.CharField(_("engine"), max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "language"], name="one_translation_per_language"
            )
        ]


class Reaction(models.Model):
    """ "I agree with this"."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="one_reaction_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} agrees with {self.contribution_id}"


class Report(TimeStampedModel):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_report_per_person",
            )
        ]


class UserBlock(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_block"
    )
    reason = models.CharField(_("reason"), max_length=300)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("Hid a contribution")
    RESTORE = "restore", _("Restored a contribution")
    APPROVE = "approve", _("Approved a held contribution")
    BLOCK = "block", _("Blocked a person")
    UNBLOCK = "unblock", _("Unblocked a person")
    DISMISS = "dismiss", _("Dismissed reports")
    CLOSE = "close", _("Closed a debate")


class ModerationLogEntry(models.Model):
    """Who did what and why. Written by services only; never edited."""

    created_at = models.DateTimeField(auto_now_add=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=ModerationAction.choices)
    contribution = models.ForeignKey(
        Contribution, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    debate = models.ForeignKey(
        Debate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class Follow(models.Model):
    """A person follows a debate (official responses, conclusions) or a contribution (replies)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    debate = models.ForeignKey(
        Debate, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "debate"], name="follow_debate_once"),
            models.UniqueConstraint(
                fields=["user", "contribution"], name="follow_contribution_once"
            ),
            models.CheckConstraint(
                condition=models.Q(debate__isnull=False) ^ models.Q(contribution__isnull=False),
                name="follow_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.debate_id or self.contribution_id}"


class DigestFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")
    OFF = "off", _("Never")


class ForumPreferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_preferences"
    )
    digest = models.CharField(
        _("email me about replies, official responses and conclusions"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    OFFICIAL = "official", _("Official response")
    CONCLUSIONS = "conclusions", _("Conclusions")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    kind = models.CharField(max_length=12, choices=NotificationKind.choices)
    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="+")
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
