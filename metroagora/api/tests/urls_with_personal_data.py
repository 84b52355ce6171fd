"""The site's addresses, with the personal-data pages included (for tests).

``metroagora/urls.py`` includes ``metroagora.api.urls_personal_data``; until it does,
tests of those pages use this configuration (``pytest.mark.urls``). Once it does,
this adds nothing.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLResolver, include, path

from metroagora import urls as site

handler404 = site.handler404
handler500 = site.handler500


def _included() -> bool:
    return any(
        getattr(inner, "namespace", None) == "personal_data"
        for pattern in site.urlpatterns
        if isinstance(pattern, URLResolver)
        for inner in pattern.url_patterns
    )


urlpatterns = list(site.urlpatterns)
if not _included():
    urlpatterns = [
        *i18n_patterns(
            path("", include("metroagora.api.urls_personal_data")), prefix_default_language=True
        ),
        *urlpatterns,
    ]
