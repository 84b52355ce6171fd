"""A person's own data in EU funding: the calls and searches they watch.

Everything else in funding (calls, partner searches, funded projects, applications)
belongs to a city; erasing only takes the person's name off it. See
``metroagora/accounts/privacy.py`` for the pattern every app follows.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, plain, when
from metroagora.funding.models import (
    Application,
    Call,
    CityNeeds,
    FundedProject,
    PartnerAnswer,
    PartnerSearch,
    Watch,
)

NOTICE = Notice(
    key="funding",
    title=_("EU funding"),
    items=(
        StoredData(
            _("The calls and saved searches you watch."),
            _("To remind you by email before deadlines."),
        ),
        StoredData(
            _("The partner searches and answers you write for your city."),
            _("So that cities can build consortia together."),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    return {
        "watches": [
            {
                "call": identifier,
                "call_title": title,
                "search_name": name,
                "search_filters": plain(search),
                "since": when(created),
            }
            for identifier, title, name, search, created in Watch.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values_list("call__identifier", "call__title", "name", "search", "created_at")
        ],
        "partner_searches_written": [
            {"call": identifier, "city": city, "text": text, "written": when(created)}
            for identifier, city, text, created in PartnerSearch.objects.filter(created_by=user)
            .order_by("created_at", "pk")
            .values_list("call__identifier", "city__slug", "text", "created_at")
        ],
        "partner_answers_written": [
            {
                "search": search,
                "organisation": organisation,
                "message": message,
                "status": status,
                "written": when(created),
            }
            for search, organisation, message, status, created in PartnerAnswer.objects.filter(
                author=user
            )
            .order_by("created_at", "pk")
            .values_list("search_id", "organisation", "message", "status", "created_at")
        ],
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    Watch.objects.filter(user=user).delete()
    Watch.objects.filter(created_by=user).update(created_by=None)
    Call.objects.filter(created_by=user).update(created_by=None)
    CityNeeds.objects.filter(updated_by=user).update(updated_by=None)
    PartnerSearch.objects.filter(created_by=user).update(created_by=None)
    PartnerAnswer.objects.filter(author=user).update(author=None)
    FundedProject.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(created_by=user).update(created_by=None)
