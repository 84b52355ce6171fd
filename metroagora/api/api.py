"""The MetroAgora API (django-ninja): one NinjaAPI, one router per domain.

Adding a domain is one file and one line: write ``routers/<domain>.py`` with a
``router = Router(tags=[...])`` whose operations carry their full paths, and add
its dotted path to ``ROUTERS`` below.
"""

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path, reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from metroagora.api import errors
from metroagora.api.checks import reject_unknown_query_parameters
from metroagora.api.docs import SiteDocs
from metroagora.api.throttling import throttles

ROUTERS = [
    "metroagora.api.routers.cities.router",
    "metroagora.api.routers.events.router",
    "metroagora.api.routers.forum.router",
    "metroagora.api.routers.opinions.router",
    "metroagora.api.routers.practices.router",
    "metroagora.api.routers.decisions.router",
    "metroagora.api.routers.funding.router",
    "metroagora.api.routers.publications.router",
    "metroagora.api.routers.me.router",
]

DESCRIPTION = """\
The public data of the MetroAgora network, and a few actions in a person's name.

* **Reading** needs no account. Lists are pages: `limit` (1 to 100, default 20) and
  `offset`; a `limit` over 100 is an error (422), never a silently smaller page.
* **Acting** (registering for an event, posting a contribution, voting in an opinion
  map) needs a personal API token, sent as `Authorization: Bearer <token>`, with the
  operation's scope. People create tokens on their profile page (API tokens).
* **Errors** always have the body `{"detail": "...", "errors": [{"loc", "msg", "type"}]}`.
  A query parameter an operation does not know, or a field a body does not take, is a
  422 error.
* **Rate limits**: reads and writes are counted per address (per person with a token);
  over the limit the answer is 429 with a `Retry-After` header.
* Translated texts come in the language of the `Accept-Language` header when they
  exist in it, with every translation beside them.
"""


class MetroAgoraAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/v1/, even an unknown address, is JSON."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and pattern.name not in ("api-root",):
                pattern.callback = errors.json_method_not_allowed(self, pattern.callback)
        # The root tells where the documentation is; anything else unknown is a JSON 404.
        urls = [u for u in urls if getattr(u, "name", None) != "api-root"]
        urls.append(path("", partial(index, api=self), name="api-root"))
        urls.append(re_path(r"^.+$", partial(unknown_address, api=self), name="api-unknown"))
        return urls


def index(request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
    root = request.path
    return api.create_response(
        request,
        {
            "title": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri(root + "openapi.json"),
            "docs": request.build_absolute_uri(root + "docs"),
        },
        status=200,
    )


def unknown_address(request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
    return api.create_response(
        request,
        errors.body(
            _("Nothing has this address: see the documentation at %(docs)s for the addresses.")
            % {"docs": reverse(f"{api.urls_namespace}:openapi-view")}
        ),
        status=404,
    )


api = MetroAgoraAPI(
    title="MetroAgora API",
    version="1",
    description=DESCRIPTION,
    docs=SiteDocs(),
    throttle=throttles(),
)
errors.install(api)
api.add_decorator(reject_unknown_query_parameters, mode="view")
for dotted_path in ROUTERS:
    api.add_router("", dotted_path)
