"""The search index: one row per searchable thing, whatever its kind.

The text of each row is indexed by the database's full-text engine (see
``backends.py``): an FTS5 table beside this one on SQLite, the ``vector`` column
with a GIN index on PostgreSQL.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from metroagora.network.models import City


class DocumentKind(models.TextChoices):
    PRACTICE = "practice", _("Best practice")
    DEBATE = "debate", _("Debate")
    CONTRIBUTION = "contribution", _("Contribution")
    EVENT = "event", _("Event")
    PROPOSAL = "proposal", _("Proposal")
    CALL = "call", _("Funding call")
    PUBLICATION = "publication", _("Publication")


class SearchDocument(models.Model):
    """What search shows of one object; rebuilt from the object whenever it changes."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(
        max_length=300, blank=True, help_text="Address without the language prefix."
    )
    title = models.JSONField(default=dict, help_text='{"en": "...", "_original": "en"}')
    body = models.JSONField(default=dict, help_text="Text per language, cut for snippets.")
    language = models.CharField(max_length=8, help_text="The original language.")
    languages = models.CharField(max_length=200, help_text='Every language, as " fr en ".')
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    country = models.CharField(max_length=2, blank=True)
    topics = models.CharField(max_length=1000, blank=True, help_text='Topic slugs, " a b ".')
    date = models.DateTimeField(null=True, blank=True)
    vector = SearchVectorField(null=True, help_text="PostgreSQL only: title (A) and body (B).")
    title_vector = SearchVectorField(null=True, help_text="PostgreSQL only: the title.")

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_document_per_object")
        ]
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["city", "date"]),
            models.Index(fields=["country", "date"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
