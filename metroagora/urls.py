from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from metroagora.api.api import api
from metroagora.core import views as core_views
from metroagora.network import views as network_views
from metroagora.publications import website_views

admin.site.site_header = "MetroAgora"
admin.site.site_title = "MetroAgora"

handler404 = "metroagora.core.views.page_not_found"
handler500 = "metroagora.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("map/europe.svg", network_views.europe_map_svg, name="europe_map"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "metroagora/favicon.svg")),
    path("sitemap.xml", website_views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", website_views.sitemap_section, name="sitemap_section"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("metroagora.accounts.urls")),
    path("events/", include("metroagora.events.urls")),
    path("forum/", include("metroagora.forum.urls")),
    path("practices/", include("metroagora.practices.urls")),
    path("opinions/", include("metroagora.opinions.urls")),
    path("decisions/", include("metroagora.decisions.urls")),
    path("funding/", include("metroagora.funding.urls")),
    path("search/", include("metroagora.search.urls")),
    path("impact/", include("metroagora.impact.urls")),
    path("audit/", include("metroagora.core.urls")),
    path("", include("metroagora.api.urls_personal_data")),
    path("", include("metroagora.publications.urls")),
    path("api-tokens/", include("metroagora.api.urls")),
    path("open-data/", include("metroagora.api.urls_open_data")),
    path("", include("metroagora.network.urls")),
    prefix_default_language=True,
)
