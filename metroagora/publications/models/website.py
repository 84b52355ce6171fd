"""The public website's editorial pages and news posts, translated, managed by network admins."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.core.links import object_url
from metroagora.core.models import TimeStampedModel
from metroagora.core.translated import TranslatedTextField
from metroagora.network.models import City


class PageKind(models.TextChoices):
    ABOUT = "about", _("About the project")
    PARTNERS = "partners", _("Partners")
    CONTACT = "contact", _("Contact")
    LEGAL = "legal", _("Legal notice")
    PRIVACY = "privacy", _("Privacy")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    OTHER = "other", _("Other page")


class Page(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=PageKind.choices)
    title = TranslatedTextField(_("title"))
    body = TranslatedTextField(_("text"), multiline=True, help_text=_("Markdown."))
    published = models.BooleanField(_("published"), default=False)
    in_footer = models.BooleanField(_("linked from every page's footer"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("publications:page", slug=self.slug)


class NewsPost(TimeStampedModel):
    slug = models.SlugField(_("short name in addresses"), max_length=100, unique=True)
    title = TranslatedTextField(_("title"))
    summary = TranslatedTextField(_("summary"), multiline=True)
    body = TranslatedTextField(_("text"), multiline=True, help_text=_("Markdown."))
    image = models.ImageField(_("image"), upload_to="news/%Y/", blank=True)
    image_alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("Empty: a draft.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return str(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return object_url("publications:news_post", slug=self.slug)

    @property
    def is_published(self) -> bool:
        """Published, and not scheduled for later."""
        return self.published_at is not None and self.published_at <= timezone.now()


def _forget_cached_website(**kwargs: object) -> None:
    """Footer links and the home page's news are cached briefly: any change to a page or a
    post (services, admin, scripts) forgets them at once, in this process's cache."""
    from metroagora.publications.website_selectors import forget_cached_website

    forget_cached_website()


for _model in (Page, NewsPost):
    post_save.connect(_forget_cached_website, sender=_model, dispatch_uid=f"website-{_model}")
    post_delete.connect(_forget_cached_website, sender=_model, dispatch_uid=f"website-d-{_model}")
