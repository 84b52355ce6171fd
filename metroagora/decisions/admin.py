"""Admin for local decisions.

Ballots are secret: ``Ballot``, ``BallotChoice`` and ``BallotReceipt`` are not
registered, so no admin page can put a person next to what they chose. Census
entries (hashes) and invitation codes are not registered either; batches and census
uploads are read only (they are written by the services, with their audit trail).
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from metroagora.decisions.models import (
    Budget,
    BudgetProject,
    Category,
    CensusUpload,
    District,
    Implementation,
    ImplementationPhoto,
    ImplementationUpdate,
    InvitationBatch,
    Milestone,
    Process,
    ProcessPhase,
    Proposal,
    ProposalImage,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "slug"]
    list_filter = ["city"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["city"]


class PhaseInline(admin.TabularInline):
    model = ProcessPhase
    extra = 0


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "status", "participation", "support_threshold", "created_at"]
    list_filter = ["status", "participation", "city"]
    search_fields = ["slug"]
    raw_id_fields = ["created_by", "district"]
    inlines = [PhaseInline, CategoryInline]


class ProposalImageInline(admin.TabularInline):
    model = ProposalImage
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "state", "support_count", "answer", "created_at"]
    list_filter = ["state", "answer", "process__city"]
    search_fields = ["title"]
    raw_id_fields = ["process", "author", "category", "district", "debate", "answered_by"]
    readonly_fields = ["support_count", "threshold_reached_at", "answered_at", "answered_by"]
    inlines = [ProposalImageInline]


@admin.register(InvitationBatch)
class InvitationBatchAdmin(ReadOnlyAdmin):
    """Batches and how many of their codes are used; the codes themselves are not shown."""

    list_display = ["label", "city", "created_at", "created_by", "code_count", "used_count"]
    list_filter = ["city"]
    search_fields = ["label"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InvitationBatch]:
        return (
            super()
            .get_queryset(request)
            .select_related("city", "created_by")
            .annotate(
                code_total=Count("codes"),
                code_used=Count("codes", filter=Q(codes__used_at__isnull=False)),
            )
        )

    @admin.display(description=_("codes"), ordering="code_total")
    def code_count(self, obj: Any) -> int:
        return int(obj.code_total)

    @admin.display(description=_("used"), ordering="code_used")
    def used_count(self, obj: Any) -> int:
        return int(obj.code_used)


@admin.register(CensusUpload)
class CensusUploadAdmin(ReadOnlyAdmin):
    list_display = [
        "filename",
        "city",
        "created_at",
        "uploaded_by",
        "row_count",
        "added",
        "removed",
    ]
    list_filter = ["city"]


class ProjectInline(admin.TabularInline):
    model = BudgetProject
    extra = 0
    raw_id_fields = ["proposal", "district"]
    readonly_fields = ["vote_count", "selected"]


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Results (votes, winners, closing) are written by ``close_budget`` only."""

    list_display = ["__str__", "process", "amount", "currency", "closed_at", "ballot_count"]
    list_filter = ["currency", "process__city"]
    raw_id_fields = ["process", "district"]
    readonly_fields = ["closed_at", "ballot_count"]
    inlines = [ProjectInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class UpdateInline(admin.TabularInline):
    """Published updates are the record of what the city said: read only."""

    model = ImplementationUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "author", "status", "progress", "language", "text"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PhotoInline(admin.TabularInline):
    model = ImplementationPhoto
    extra = 0


@admin.register(Implementation)
class ImplementationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "city", "process", "status", "progress"]
    list_filter = ["status", "city"]
    raw_id_fields = ["process", "proposal", "project"]
    inlines = [MilestoneInline, UpdateInline, PhotoInline]
