"""RSS 2.0 and Atom feeds of news, next events and open debates, in the reader's language.

The feeds live under the language prefix (``/fr/feeds/news.rss``): titles and links
come in that language, with the original language where a text is not translated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metroagora.core.text import render_markdown
from metroagora.events.models import Event
from metroagora.forum.models import Debate
from metroagora.publications import website_selectors as selectors
from metroagora.publications.models import NewsPost


class _SiteFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    name = ""  # the URL names are "feed_<name>_rss" and "feed_<name>_atom"

    def author_name(self) -> str:
        return settings.SITE_NAME

    def feed_url(self) -> str:
        suffix = "atom" if self.feed_type is Atom1Feed else "rss"
        return reverse(f"publications:feed_{self.name}_{suffix}")

    def item_link(self, item: Any) -> str:
        return str(item.get_absolute_url())


class NewsFeed(_SiteFeed):
    name = "news"

    def title(self) -> str:
        return _("%(site)s: news") % {"site": settings.SITE_NAME}

    def description(self) -> str:
        return _("News from the network of metropolitan cities.")

    def link(self) -> str:
        return reverse("publications:news")

    def items(self) -> list[NewsPost]:
        return selectors.news_for_feed()

    def item_title(self, item: NewsPost) -> str:
        return str(item.title)

    def item_description(self, item: NewsPost) -> str:
        return str(render_markdown(str(item.summary)))

    def item_pubdate(self, item: NewsPost) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: NewsPost) -> datetime:
        return item.updated_at

    def item_categories(self, item: NewsPost) -> list[str]:
        return [str(item.city.name)] if item.city else []


class EventsFeed(_SiteFeed):
    name = "events"

    def title(self) -> str:
        return _("%(site)s: next events") % {"site": settings.SITE_NAME}

    def description(self) -> str:
        return _("Events of the network's cities that are coming up, soonest first.")

    def link(self) -> str:
        return reverse("events:list")

    def items(self) -> list[Event]:
        return selectors.events_for_feed()

    def item_title(self, item: Event) -> str:
        starts = timezone.localtime(item.starts_at, item.tz)
        return _("%(title)s (%(city)s, %(date)s)") % {
            "title": item.title,
            "city": item.city.name,
            "date": formats.date_format(starts, "DATE_FORMAT"),
        }

    def item_description(self, item: Event) -> str:
        starts = timezone.localtime(item.starts_at, item.tz)
        ends = timezone.localtime(item.ends_at, item.tz)
        when = _("From %(start)s to %(end)s (%(zone)s), in %(city)s.") % {
            "start": formats.date_format(starts, "DATETIME_FORMAT"),
            "end": formats.date_format(ends, "DATETIME_FORMAT"),
            "zone": item.time_zone,
            "city": item.city.name,
        }
        return f"<p>{escape(when)}</p>{render_markdown(str(item.description))}"

    def item_pubdate(self, item: Event) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Event) -> datetime:
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        return [item.get_kind_display(), str(item.city.name)]


class DebatesFeed(_SiteFeed):
    name = "debates"

    def title(self) -> str:
        return _("%(site)s: open debates") % {"site": settings.SITE_NAME}

    def description(self) -> str:
        return _("Debates of the Forum that are open for contributions, newest first.")

    def link(self) -> str:
        return reverse("forum:list")

    def items(self) -> list[Debate]:
        return selectors.debates_for_feed()

    def item_title(self, item: Debate) -> str:
        return str(item.question)

    def item_description(self, item: Debate) -> str:
        count = getattr(item, "contribution_count", 0)
        summary = ngettext(
            "%(count)s contribution so far.", "%(count)s contributions so far.", count
        ) % {"count": count}
        return f"{render_markdown(str(item.introduction))}<p>{escape(summary)}</p>"

    def item_pubdate(self, item: Debate) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Debate) -> datetime:
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed
    subtitle = EventsFeed.description


class DebatesAtomFeed(DebatesFeed):
    feed_type = Atom1Feed
    subtitle = DebatesFeed.description
