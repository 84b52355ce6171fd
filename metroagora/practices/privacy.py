"""A person's own data in best practices: what they wrote, and their contact details.

Best practices belong to their city: erasing removes the person's name from them
(author, contact person, review and transfer notes), never the practice itself.
See ``metroagora/accounts/privacy.py`` for the pattern every app follows.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, email_addresses, email_in, when
from metroagora.practices.models import Practice, ReviewComment, Transfer, TransferUpdate

NOTICE = Notice(
    key="practices",
    title=_("Best practices"),
    items=(
        StoredData(
            _("The practices you write, your review comments and transfer notes."),
            _("To publish your city's practices and follow their review and transfers."),
        ),
        StoredData(
            _("Your name, role and email address where you are a practice's contact person."),
            _("So that other cities can ask you about it."),
        ),
    ),
)


def export_personal_data(user: User) -> dict[str, Any]:
    addresses = email_addresses(user)
    return {
        "practices_written": [
            {"practice": slug, "status": status, "started": when(created)}
            for slug, status, created in Practice.objects.filter(created_by=user)
            .order_by("pk")
            .values_list("slug", "status", "created_at")
        ],
        "contact_person_of": [
            {"practice": slug, "name": name, "role": role, "email": email}
            for slug, name, role, email in Practice.objects.filter(
                email_in("contact_email", addresses)
            )
            .order_by("pk")
            .values_list("slug", "contact_name", "contact_role", "contact_email")
        ],
        "review_comments": [
            {"practice": slug, "verdict": verdict, "text": text, "written": when(created)}
            for slug, verdict, text, created in ReviewComment.objects.filter(author=user)
            .order_by("created_at", "pk")
            .values_list("practice__slug", "verdict", "text", "created_at")
        ],
        "transfers_started": [
            {"practice": slug, "city": city, "status": status}
            for slug, city, status in Transfer.objects.filter(started_by=user)
            .order_by("pk")
            .values_list("practice__slug", "city__slug", "status")
        ],
        "transfer_notes": [
            {"transfer": pk, "status": status, "note": note, "written": when(created)}
            for pk, status, note, created in TransferUpdate.objects.filter(author=user)
            .order_by("created_at", "pk")
            .values_list("transfer_id", "status", "note", "created_at")
        ],
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    Practice.objects.filter(email_in("contact_email", email_addresses(user))).update(
        contact_name="", contact_role="", contact_email=""
    )
    Practice.objects.filter(created_by=user).update(created_by=None)
    ReviewComment.objects.filter(author=user).update(author=None)
    Transfer.objects.filter(started_by=user).update(started_by=None)
    TransferUpdate.objects.filter(author=user).update(author=None)
