"""Named permissions of the publications app, one section per area."""

from typing import Any

import rules

from metroagora.accounts.rules import is_editor, is_network_admin

# --- Videos ---------------------------------------------------------------------------


@rules.predicate
def is_published_video(user: Any, video: Any) -> bool:
    return bool(video is not None and video.published)


# Network admins and editors run the video library.
video_staff = is_editor | is_network_admin

rules.add_perm("publications.add_video", video_staff)
rules.add_perm("publications.change_video", video_staff)
rules.add_perm("publications.publish_video", video_staff)
rules.add_perm("publications.view_video", is_published_video | video_staff)


# --- Website ----------------------------------------------------------------------------
# Editorial pages belong to the network admins. News: network admins write about anything;
# a city's coordinators write, edit and publish their own city's news.


def _coordinated_city_ids(user: Any) -> set[int]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(user.memberships.filter(role="coordinator").values_list("city_id", flat=True))


@rules.predicate
def is_published_page(user: Any, page: Any) -> bool:
    return bool(page is not None and page.published)


@rules.predicate
def is_a_city_coordinator(user: Any) -> bool:
    return bool(_coordinated_city_ids(user))


@rules.predicate
def is_published_news(user: Any, post: Any) -> bool:
    return bool(post is not None and post.is_published)


@rules.predicate
def coordinates_the_news_city(user: Any, post: Any) -> bool:
    return bool(
        post is not None
        and post.city_id is not None
        and post.city_id in _coordinated_city_ids(user)
    )


rules.add_perm("publications.manage_pages", is_network_admin)
rules.add_perm("publications.add_page", is_network_admin)
rules.add_perm("publications.change_page", is_network_admin)
rules.add_perm("publications.publish_page", is_network_admin)
rules.add_perm("publications.view_page", is_published_page | is_network_admin)
rules.add_perm("publications.add_newspost", is_network_admin | is_a_city_coordinator)
rules.add_perm("publications.change_newspost", is_network_admin | coordinates_the_news_city)
rules.add_perm("publications.publish_newspost", is_network_admin | coordinates_the_news_city)
rules.add_perm(
    "publications.view_newspost",
    is_published_news | is_network_admin | coordinates_the_news_city,
)


# --- Publications -----------------------------------------------------------------------
# The network's editors and admins compose, render and publish publications; everyone
# reads a published one (and downloads its published PDFs).


@rules.predicate
def is_published_publication(user: Any, publication: Any) -> bool:
    return bool(publication is not None and publication.status == "published")


publication_staff = is_editor | is_network_admin

rules.add_perm("publications.add_publication", publication_staff)
rules.add_perm("publications.change_publication", publication_staff)
rules.add_perm("publications.render_publication", publication_staff)
rules.add_perm("publications.publish_publication", publication_staff)
rules.add_perm("publications.view_publication", is_published_publication | publication_staff)


# --- Newsletter -------------------------------------------------------------------------
# Network admins write the network's newsletter; a city's coordinators write their city's.
# Everyone reads a sent issue in the archive; drafts stay with the people who may write them.


@rules.predicate
def is_sent_issue(user: Any, issue: Any) -> bool:
    return bool(issue is not None and issue.status == "sent")


@rules.predicate
def coordinates_the_issue_city(user: Any, issue: Any) -> bool:
    return bool(
        issue is not None
        and issue.city_id is not None
        and issue.city_id in _coordinated_city_ids(user)
    )


rules.add_perm("publications.add_newsletterissue", is_network_admin | is_a_city_coordinator)
rules.add_perm("publications.change_newsletterissue", is_network_admin | coordinates_the_issue_city)
rules.add_perm("publications.send_newsletterissue", is_network_admin | coordinates_the_issue_city)
rules.add_perm(
    "publications.view_newsletterissue",
    is_sent_issue | is_network_admin | coordinates_the_issue_city,
)
