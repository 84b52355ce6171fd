"""The interactive documentation page, served under the site's strict CSP.

django-ninja's own page works only with ``ninja`` in INSTALLED_APPS (for its static
files) and puts its settings in a ``<script>`` data block. Ours is a site page
(``base.html``: landmarks, language, skip link) that loads Swagger UI from
django-ninja's static files on our own domain, no CDN, and starts it from a static
script; the settings travel as JSON in a data block (``json_script``), which a CSP
without 'unsafe-inline' allows because it is never executed.
"""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class SiteDocs(DocsBase):
    template = "api/docs.html"
    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": False,  # its links inside the operation buttons: nested controls
        "docExpansion": "list",
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": False,
        "validatorUrl": None,
        "displayRequestDuration": True,
        "syntaxHighlight": False,
    }

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {
                "api": api,
                "openapi_url": openapi_url,
                "swagger_settings": {**self.settings, "url": openapi_url},
            },
        )
