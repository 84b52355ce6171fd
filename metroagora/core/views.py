import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from metroagora.core import audit
from metroagora.core.forms import AuditFilterForm
from metroagora.core.models import AuditEntry
from metroagora.core.rules import coordinated_city_ids


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe, also the trivial view that benchmarks compare pages with."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


# --- The audit log -------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50


class _Echo:
    """A file-like object that hands back what is written (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def _local_url(url: str) -> str:
    """Only addresses of this site become links."""
    return url if url.startswith("/") and not url.startswith("//") else ""


def _audit_entries(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The entries the signed-in person may read, filtered as the GET form asks."""
    user = request.user
    if not user.has_perm("core.view_audit_log"):
        raise PermissionDenied
    city_model: Any = AuditEntry._meta.get_field("city").related_model
    entries = AuditEntry.objects.select_related("city")
    cities = city_model.objects.order_by("slug")
    if not user.has_perm("core.view_whole_audit_log"):
        city_ids = coordinated_city_ids(user)
        entries = entries.filter(city_id__in=city_ids)
        cities = cities.filter(pk__in=city_ids)
    form = AuditFilterForm(request.GET or None, cities=cities)
    return form, form.filter(entries)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Network admins read every entry; city coordinators the entries of their cities."""
    form, entries = _audit_entries(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "entry": entry,
            "summary": audit.summary(entry),
            "actor": audit.actor_display(entry),
            "url": _local_url(entry.object_url),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "core/audit.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@login_required
def audit_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered entries as a CSV file (every text cell made harmless for spreadsheets)."""
    _form, entries = _audit_entries(request)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in audit.csv_rows(entries.iterator(chunk_size=500))),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
