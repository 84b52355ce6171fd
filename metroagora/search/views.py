from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from metroagora.accounts.http import is_htmx
from metroagora.events.models import Topic
from metroagora.network.models import City
from metroagora.search import selectors
from metroagora.search.backends import SearchFilters
from metroagora.search.forms import SearchForm
from metroagora.search.text import MAX_QUERY_CHARS, MAX_QUERY_TERMS, parse_query


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _filters(form: SearchForm) -> SearchFilters:
    """The filters that are valid; an invalid one is reported on the form and ignored."""
    data = form.cleaned_data if form.is_bound else {}
    city = form.cities.get(data.get("city") or "")
    return SearchFilters(
        kinds=(data["type"],) if data.get("type") else (),
        city_id=city.pk if city else None,
        country=data.get("country") or "",
        topic=data.get("topic") or "",
        language=data.get("language") or "",
        date_from=selectors.day_start(data["date_from"]) if data.get("date_from") else None,
        date_to=selectors.day_end(data["date_to"]) if data.get("date_to") else None,
    )


def results(request: HttpRequest) -> HttpResponse:
    """One search over practices, debates, contributions and events (GET, no JavaScript)."""
    cities = sorted(City.objects.all(), key=lambda c: str(c.name).casefold())
    topics = list(Topic.objects.all())
    form = SearchForm(request.GET or None, cities=cities, topics=topics)
    if form.is_bound:
        form.is_valid()  # errors are shown; the valid fields are still used
    text = form.cleaned_data.get("q", "") if form.is_bound else ""
    query = parse_query(text)
    filters = _filters(form)
    language = _language()
    page = None
    messages: list[str] = []
    if query.truncated:
        messages.append(
            _(
                "Your search was long: only its first %(terms)s words "
                "(%(chars)s characters at most) were used."
            )
            % {"terms": MAX_QUERY_TERMS, "chars": MAX_QUERY_CHARS}
        )
    if query or filters:
        page = selectors.search(
            query, filters, page=selectors.page_number(request.GET.get("page")), language=language
        )
    elif text:
        messages.append(_("Type a word to search for: punctuation and symbols are ignored."))
    else:
        messages.append(_("Type a word to search for, or choose a filter."))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    kind_query = query_string.copy()
    kind_query.pop("type", None)
    context: dict[str, Any] = {
        "form": form,
        "q": text,
        "page": page,
        "messages_for_search": messages,
        "has_filters": bool(filters),
        "query": query_string.urlencode(),
        "kind_query": kind_query.urlencode(),
        "reader_language": language,
    }
    template = "search/_partials/results.html" if is_htmx(request) else "search/results.html"
    return render(request, template, context)
