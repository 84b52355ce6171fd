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
    """Whether htmx made the request (django-htmx's middleware sets request.htmx)."""
    return bool(getattr(request, "htmx", False))
