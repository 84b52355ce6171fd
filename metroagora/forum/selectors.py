"""Read side of the Forum: a debate page in a constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from metroagora.accounts.models import User
from metroagora.forum.models import (
    Contribution,
    ContributionTranslation,
    Debate,
    Follow,
    Reaction,
    Report,
    Stance,
    Visibility,
)

PAGE_SIZE = 20
REPLIES_PER_THREAD = 3  # on the debate's page: the rest one click away (a page shows 20 threads)
THREAD_PAGE_SIZE = 50  # on the thread's own page, and each "show more" after it
SORTS = {
    "newest": ("-created_at", "-pk"),
    "agreed": ("-agree_count", "-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "official": ("-is_official", "-created_at", "-pk"),
}


@dataclass
class StanceBalance:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[dict[str, object]]:
        total = self.total or 1
        rows: list[dict[str, object]] = []
        offset = 0.0
        for value, label in Stance.choices:
            share = 100 * self.counts.get(value, 0) / total
            rows.append(
                {
                    "stance": value,
                    "label": label,
                    "count": self.counts.get(value, 0),
                    "percent": round(share),
                    "offset": f"{offset:.2f}",
                }
            )
            offset += share
        return rows


@dataclass
class Thread:
    root: Contribution
    replies: list[Contribution] = field(default_factory=list)
    more: int = 0


@dataclass
class DebatePage:
    debate: Debate
    page: Page
    threads: list[Thread]
    official: list[Contribution]
    balance: StanceBalance
    agreed_ids: set[int]
    translations: dict[int, ContributionTranslation]
    followed_ids: set[int]
    follows_debate: bool


def debates() -> QuerySet[Debate]:
    # A best practice's questions and answers live on the practice's page, and comments
    # on a local proposal on the proposal's page, not in the list. Each debate carries
    # its count of visible contributions (kept by forum.services).
    return Debate.objects.filter(practice__isnull=True, proposal__isnull=True).select_related(
        "city"
    )


def stance_balance(debate: Debate) -> StanceBalance:
    rows = (
        Contribution.objects.filter(debate=debate, visibility=Visibility.VISIBLE)
        .values("stance")
        .annotate(n=Count("pk"))
    )
    return StanceBalance({row["stance"]: row["n"] for row in rows})


def debate_page(
    debate: Debate,
    *,
    user: User | None,
    language: str,
    sort: str = "newest",
    stance: str = "",
    page_number: str | int | None = 1,
) -> DebatePage:
    """Constant queries whatever the thread size: page, count, replies, reactions,
    translations, official responses, balance."""
    roots = Contribution.objects.filter(debate=debate, depth=0).exclude(
        visibility=Visibility.PENDING
    )
    if stance in Stance.values:
        roots = roots.filter(stance=stance)
    roots = roots.select_related("author").order_by(*SORTS.get(sort, SORTS["newest"]))
    page = Paginator(roots, PAGE_SIZE).get_page(page_number)
    root_list = list(page.object_list)
    root_ids = [c.pk for c in root_list]

    replies_by_root: dict[int, list[Contribution]] = defaultdict(list)
    in_thread: dict[int, int] = {}
    if root_ids:
        # The first REPLIES_PER_THREAD replies of each thread, and each thread's total,
        # in one query whatever the size of the threads; it numbers keys only (a window
        # over whole rows sorted the texts of every reply of a big thread), then the
        # chosen replies are read with their authors.
        ranked = list(
            Contribution.objects.filter(root_id__in=root_ids, depth__gt=0)
            .exclude(visibility=Visibility.PENDING)
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=F("root_id"),
                    order_by=[F("created_at").asc(), F("pk").asc()],
                ),
                thread_size=Window(Count("pk"), partition_by=F("root_id")),
            )
            .filter(position__lte=REPLIES_PER_THREAD)
            .values_list("pk", "root_id", "thread_size")
        )
        in_thread = {root_id: size for _pk, root_id, size in ranked}
        if ranked:
            for reply in (
                Contribution.objects.filter(pk__in=[pk for pk, _root, _size in ranked])
                .select_related("author")
                .order_by("created_at", "pk")
            ):
                replies_by_root[reply.root_id].append(reply)  # type: ignore[index]
    threads = []
    for root in root_list:
        replies = replies_by_root.get(root.pk, [])
        threads.append(
            Thread(
                root=root,
                replies=replies,
                more=max(in_thread.get(root.pk, 0) - len(replies), 0),
            )
        )
    official = list(
        Contribution.objects.filter(
            debate=debate, is_official=True, visibility=Visibility.VISIBLE
        ).select_related("author")[:20]
    )
    shown_ids = root_ids + [r.pk for t in threads for r in t.replies] + [c.pk for c in official]
    return DebatePage(
        debate=debate,
        page=page,
        threads=threads,
        official=official,
        balance=stance_balance(debate),
        agreed_ids=agreed_ids(user, shown_ids),
        translations=translations_for(shown_ids, language),
        **follow_state(user, debate, shown_ids),
    )


def thread_replies(
    root: Contribution, *, user: User | None, language: str, page_number: str | int | None = 1
) -> dict[str, object]:
    """One page of a thread's replies, oldest first (a thread can hold thousands)."""
    replies = (
        Contribution.objects.filter(root=root, depth__gt=0)
        .exclude(visibility=Visibility.PENDING)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    page = Paginator(replies, THREAD_PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    ids = [root.pk] + [r.pk for r in shown]
    return {
        "replies": shown,
        "page": page,
        "remaining": page.paginator.count - page.end_index(),
        "agreed_ids": agreed_ids(user, ids),
        "translations": translations_for(ids, language),
    }


def follow_state(user: User | None, debate: Debate, ids: list[int]) -> dict[str, Any]:
    """One query: which of the shown contributions, and whether the debate, the person follows."""
    if user is None or not user.is_authenticated:
        return {"followed_ids": set(), "follows_debate": False}
    rows = list(
        Follow.objects.filter(user=user)
        .filter(Q(debate=debate) | Q(contribution_id__in=ids))
        .values_list("debate_id", "contribution_id")
    )
    followed = {c for _d, c in rows if c}
    return {"followed_ids": followed, "follows_debate": any(d for d, _c in rows)}


def agreed_ids(user: User | None, ids: list[int]) -> set[int]:
    if user is None or not user.is_authenticated or not ids:
        return set()
    return set(
        Reaction.objects.filter(user=user, contribution_id__in=ids).values_list(
            "contribution_id", flat=True
        )
    )


def translations_for(ids: list[int], language: str) -> dict[int, ContributionTranslation]:
    if not ids:
        return {}
    return {
        t.contribution_id: t
        for t in ContributionTranslation.objects.filter(contribution_id__in=ids, language=language)
    }


def moderation_queue() -> dict[str, object]:
    reported_rows = (
        Contribution.objects.filter(reports__resolved_at__isnull=True)
        .select_related("author", "debate")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .distinct()
        .order_by("-open_reports", "created_at")[:100]
    )
    reported = list(reported_rows)
    reasons: dict[int, list[str]] = defaultdict(list)
    for report in Report.objects.filter(contribution__in=reported, resolved_at__isnull=True).only(
        "contribution_id", "reason"
    ):
        reasons[report.contribution_id].append(report.reason)
    for contribution in reported:
        contribution.report_reasons = reasons[contribution.pk]  # type: ignore[attr-defined]
    pending = list(
        Contribution.objects.filter(visibility=Visibility.PENDING)
        .select_related("author", "debate")
        .order_by("created_at")[:100]
    )
    return {"reported": reported, "pending": pending, "pending_statements": _pending_statements()}


def _pending_statements() -> list[Any]:
    """Opinion-map statements held for review, counted per map (the opinions app builds on
    the Forum and shares its moderation queue)."""
    opinion_map = apps.get_model("opinions", "OpinionMap")
    return list(
        opinion_map.objects.filter(statements__status="pending")
        .annotate(pending_count=Count("statements"))
        .order_by("-pending_count", "slug")
    )
