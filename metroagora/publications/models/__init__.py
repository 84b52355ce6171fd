"""Outputs: publications (PDF and web), the website's pages and news, videos, newsletters.

One module per area, so each can grow on its own; all share this app's migrations.
"""

from metroagora.publications.models.newsletter import (
    Delivery,
    IssueStatus,
    NewsletterIssue,
    Subscription,
)
from metroagora.publications.models.publications import (
    PartKind,
    Publication,
    PublicationPart,
    PublicationStatus,
    PublicationVersion,
    RenderStatus,
)
from metroagora.publications.models.videos import TrackKind, Video, VideoSource, VideoTrack
from metroagora.publications.models.website import NewsPost, Page, PageKind

__all__ = [
    "Delivery",
    "IssueStatus",
    "NewsPost",
    "NewsletterIssue",
    "Page",
    "PageKind",
    "PartKind",
    "Publication",
    "PublicationPart",
    "PublicationStatus",
    "PublicationVersion",
    "RenderStatus",
    "Subscription",
    "TrackKind",
    "Video",
    "VideoSource",
    "VideoTrack",
]
