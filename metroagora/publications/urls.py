"""The app's addresses, one list per area (each area owns its ``urls_<area>.py``)."""

from metroagora.publications import urls_newsletter, urls_publications, urls_videos, urls_website

app_name = "publications"

urlpatterns = [
    *urls_publications.urlpatterns,
    *urls_videos.urlpatterns,
    *urls_newsletter.urlpatterns,
    *urls_website.urlpatterns,  # last: pages take any slug
]
