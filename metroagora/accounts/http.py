"""Small request helpers shared by the views of every app."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from metroagora.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in person, typed; 403 for anyone else (views add login_required first)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment (django-htmx's middleware sets request.htmx).

    A history-restore request (the back button when htmx has no saved copy of the
    page) wants the whole page, so it does not count.
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "history_restore_request", False)
