"""Read side of the website: the home page, news, editorial pages, feeds and the footer.

The home page reads every domain in a fixed number of indexed, limited queries; its
lists are cached for a minute and its headline figures for five (the figures count
whole tables). Footer links are cached for a minute per language. Writes through
``website_services`` forget the cached lists at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from metroagora.accounts.models import User
from metroagora.events.models import Event, EventStatus, Registration, RegistrationStatus
from metroagora.events.selectors import public_events
from metroagora.forum.models import Contribution, Debate, DebateStatus, Visibility
from metroagora.forum.selectors import debates as forum_debates
from metroagora.network.models import City
from metroagora.network.selectors import NetworkOverview, network_overview
from metroagora.practices.models import Practice, PracticeStatus, Transfer, TransferStatus
from metroagora.publications.models import NewsPost, Page

NEWS_PAGE_SIZE = 12
FOOTER_TIMEOUT = 60
HOME_LISTS_TIMEOUT = 60
FIGURES_TIMEOUT = 300
HOME_EVENTS = 4
HOME_DEBATES = 4
HOME_PRACTICES = 4
HOME_NEWS = 3
FEED_ITEMS = 30
# "Next events" are those not over yet. An event that started more than this long ago is
# not "next" any more; the bound keeps the index scan short when old events stay published.
EVENT_LOOKBACK = timedelta(days=31)

HOME_LISTS_KEY = "website:home:lists"
FIGURES_KEY = "website:home:figures"


FOOTER_KEY_PREFIX = "website:footer:"


def _footer_key(lang: str) -> str:
    return FOOTER_KEY_PREFIX + lang


def forget_cached_website() -> None:
    """Called after every write to pages and news: footers and the home lists are rebuilt."""
    cache.delete_many([_footer_key(code) for code, _name in settings.LANGUAGES] + [HOME_LISTS_KEY])


def remember_no_footer_links() -> None:
    """For tests that start from an empty database and an empty cache: the footer has no
    links, so pages render without the footer's query (writes to pages forget this)."""
    cache.set_many({_footer_key(code): [] for code, _name in settings.LANGUAGES}, FOOTER_TIMEOUT)


# --- Editorial pages --------------------------------------------------------------------


def page_for_view(slug: str) -> Page | None:
    return Page.objects.filter(slug=slug).first()


def pages_for_staff() -> QuerySet[Page]:
    return Page.objects.order_by("order", "slug")


def published_pages() -> QuerySet[Page]:
    return Page.objects.filter(published=True).order_by("order", "slug")


@dataclass(frozen=True)
class FooterLink:
    url: str
    title: str
    lang: str  # the language of the title when it is not the reader's (a fallback), else ""


def footer_links(lang: str) -> list[FooterLink]:
    """Published pages linked from the footer, in ``lang``; one query a minute at most."""
    key = _footer_key(lang)
    links: list[FooterLink] | None = cache.get(key)
    if links is None:
        with translation.override(lang):
            links = [
                FooterLink(
                    url=page.get_absolute_url(),
                    title=str(page.title),
                    lang=page.title.lang if page.title.is_fallback else "",
                )
                for page in published_pages().filter(in_footer=True).only("slug", "title")
            ]
        cache.set(key, links, FOOTER_TIMEOUT)
    return links


# --- News -------------------------------------------------------------------------------


def published_news(now: datetime | None = None) -> QuerySet[NewsPost]:
    """Published posts, newest first (a post dated in the future waits for its date)."""
    return (
        NewsPost.objects.filter(published_at__lte=now or timezone.now())
        .select_related("city")
        .order_by("-published_at", "-pk")
    )


def news_page(page_number: str | int | None) -> PaginatorPage:
    return Paginator(published_news(), NEWS_PAGE_SIZE).get_page(page_number)


def news_for_page(slug: str) -> NewsPost | None:
    return NewsPost.objects.filter(slug=slug).select_related("city", "author").first()


def news_drafts(user: User) -> QuerySet[NewsPost]:
    """Drafts and scheduled posts the person may edit: all for admins, their cities' else."""
    drafts = NewsPost.objects.filter(
        Q(published_at__isnull=True) | Q(published_at__gt=timezone.now())
    ).select_related("city")
    if not user.is_network_admin:
        cities = user.memberships.filter(role="coordinator").values("city_id")
        drafts = drafts.filter(city_id__in=cities)
    return drafts.order_by("-updated_at", "-pk")


# --- Home page --------------------------------------------------------------------------


def next_events(limit: int, now: datetime | None = None) -> QuerySet[Event]:
    """Published events not over yet, soonest first (index on status and start)."""
    now = now or timezone.now()
    return (
        public_events()
        .filter(status=EventStatus.PUBLISHED, starts_at__gte=now - EVENT_LOOKBACK, ends_at__gte=now)
        .select_related("city")
        .order_by("starts_at", "pk")[:limit]
    )


def open_debates(limit: int) -> QuerySet[Debate]:
    """Open debates of the Forum (not a practice's questions), newest first."""
    return forum_debates().filter(status=DebateStatus.OPEN).order_by("-created_at", "-pk")[:limit]


def latest_practices(limit: int) -> QuerySet[Practice]:
    return (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("city")
        .order_by("-published_at", "-pk")[:limit]
    )


@dataclass
class HomeLists:
    events: list[Event]
    debates: list[Debate]
    practices: list[Practice]
    news: list[NewsPost]


@dataclass(frozen=True)
class Figures:
    cities: int
    countries: int
    registered_people: int
    contributions: int
    practices: int
    transfers: int


@dataclass
class HomePage:
    overview: NetworkOverview
    lists: HomeLists
    figures: Figures


def home_lists() -> HomeLists:
    """Four queries, cached for a minute: next events, open debates, practices, news."""
    lists: HomeLists | None = cache.get(HOME_LISTS_KEY)
    if lists is None:
        lists = HomeLists(
            events=list(next_events(HOME_EVENTS)),
            debates=list(open_debates(HOME_DEBATES)),
            practices=list(latest_practices(HOME_PRACTICES)),
            news=list(published_news()[:HOME_NEWS]),
        )
        cache.set(HOME_LISTS_KEY, lists, HOME_LISTS_TIMEOUT)
    return lists


def headline_figures() -> Figures:
    """Five counting queries, cached for five minutes."""
    figures: Figures | None = cache.get(FIGURES_KEY)
    if figures is None:
        network = City.objects.aggregate(
            cities=Count("pk"), countries=Count("country", distinct=True)
        )
        figures = Figures(
            cities=network["cities"],
            countries=network["countries"],
            registered_people=Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
            .values("email")
            .distinct()
            .count(),
            contributions=Contribution.objects.filter(visibility=Visibility.VISIBLE).count(),
            practices=Practice.objects.filter(status=PracticeStatus.PUBLISHED).count(),
            transfers=Transfer.objects.exclude(status=TransferStatus.STOPPED).count(),
        )
        cache.set(FIGURES_KEY, figures, FIGURES_TIMEOUT)
    return figures


def home_page() -> HomePage:
    """Two queries for the map (cities, partners), plus the cached lists and figures."""
    return HomePage(overview=network_overview(), lists=home_lists(), figures=headline_figures())


# --- Feeds ------------------------------------------------------------------------------


def news_for_feed() -> list[NewsPost]:
    return list(published_news()[:FEED_ITEMS])


def events_for_feed() -> list[Event]:
    return list(next_events(FEED_ITEMS))


def debates_for_feed() -> list[Debate]:
    return list(open_debates(FEED_ITEMS))
