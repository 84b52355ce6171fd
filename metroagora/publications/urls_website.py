"""Addresses of the website: the home page, ``news/``, ``pages/`` and ``feeds/``."""

from django.urls import URLPattern, path
from django.views.decorators.cache import cache_page

from metroagora.publications import website_feeds as feeds
from metroagora.publications import website_views as views

# Feed readers poll: a feed is built at most every five minutes per language.
FEED_CACHE_SECONDS = 5 * 60

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/<slug:slug>/", views.news_detail, name="news_post"),
    path("news/<slug:slug>/edit/", views.news_edit, name="news_edit"),
    path("news/<slug:slug>/publish/", views.news_publish, name="news_publish"),
    path("pages/", views.page_list, name="page_list"),
    path("pages/new/", views.page_create, name="page_create"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("pages/<slug:slug>/edit/", views.page_edit, name="page_edit"),
    path("pages/<slug:slug>/publish/", views.page_publish, name="page_publish"),
    path("feeds/news.rss", cache_page(FEED_CACHE_SECONDS)(feeds.NewsFeed()), name="feed_news_rss"),
    path(
        "feeds/news.atom",
        cache_page(FEED_CACHE_SECONDS)(feeds.NewsAtomFeed()),
        name="feed_news_atom",
    ),
    path(
        "feeds/events.rss",
        cache_page(FEED_CACHE_SECONDS)(feeds.EventsFeed()),
        name="feed_events_rss",
    ),
    path(
        "feeds/events.atom",
        cache_page(FEED_CACHE_SECONDS)(feeds.EventsAtomFeed()),
        name="feed_events_atom",
    ),
    path(
        "feeds/debates.rss",
        cache_page(FEED_CACHE_SECONDS)(feeds.DebatesFeed()),
        name="feed_debates_rss",
    ),
    path(
        "feeds/debates.atom",
        cache_page(FEED_CACHE_SECONDS)(feeds.DebatesAtomFeed()),
        name="feed_debates_atom",
    ),
]
