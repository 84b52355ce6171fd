"""One error body for every 4xx: ``{"detail": "...", "errors": [...]}``.

``detail`` says what went wrong and what to do next; ``errors`` lists the problem
fields (``loc``, ``msg``, ``type``), empty when no field is to blame.
"""

import math
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import (
    AuthenticationError,
    AuthorizationError,
    HttpError,
    Throttled,
    ValidationError,
)

if TYPE_CHECKING:
    from ninja import NinjaAPI

# Service errors that mean "not now, the state of things forbids it" rather than "bad input".
CONFLICT_CODES = {"duplicate", "closed", "cancelled", "deadline", "not_open", "full", "too_many"}


class ApiError(HttpError):
    """An error answer with a message and, optionally, the fields at fault."""

    def __init__(
        self, status_code: int, message: str, errors: Iterable[dict[str, Any]] = ()
    ) -> None:
        super().__init__(status_code, message)
        self.errors = list(errors)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def body(detail: str, errors: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"detail": detail, "errors": list(errors)}


def _respond(
    api: "NinjaAPI", request: HttpRequest, status: int, detail: str, errors: Iterable[Any] = ()
) -> HttpResponse:
    return api.create_response(request, body(detail, errors), status=status)


BODY_PARAMETER = "payload"  # every operation names its JSON body so


def _clean_errors(raw: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for item in raw:
        loc = [part if isinstance(part, int) else str(part) for part in item.get("loc", ())]
        if loc[:2] == ["body", BODY_PARAMETER]:
            loc = ["body", *loc[2:]]
        cleaned.append(
            {"loc": loc, "msg": str(item.get("msg", "")), "type": str(item.get("type", "invalid"))}
        )
    return cleaned


def django_validation_errors(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError as error items (``loc`` is ["body", field])."""
    items = []
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            for item in field_errors:
                loc = ["body"] if field == "__all__" else ["body", field]
                items.append(
                    {"loc": loc, "msg": " ".join(item.messages), "type": item.code or "invalid"}
                )
    else:
        for item in error.error_list:
            items.append(
                {"loc": ["body"], "msg": " ".join(item.messages), "type": item.code or "invalid"}
            )
    return items


def _codes(error: DjangoValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code or "" for errors in error.error_dict.values() for e in errors}
    return {e.code or "" for e in error.error_list}


def install(api: "NinjaAPI") -> None:
    """Replace django-ninja's handlers with ours (same body for every 4xx)."""

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        items = _clean_errors(exc.errors)
        names = ", ".join(".".join(str(p) for p in e["loc"][1:]) or e["loc"][0] for e in items)
        return _respond(
            api,
            request,
            422,
            _("The request is not valid (%(fields)s): see errors, correct it and send it again.")
            % {"fields": names},
            items,
        )

    def service_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        items = django_validation_errors(exc)
        status = 409 if _codes(exc) & CONFLICT_CODES else 422
        return _respond(api, request, status, " ".join(e["msg"] for e in items), items)

    def authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else _missing_token()
        response = _respond(api, request, 401, message)
        response["WWW-Authenticate"] = 'Bearer realm="MetroAgora API"'
        return response

    def authorization(request: HttpRequest, exc: Any) -> HttpResponse:
        message = exc.message if exc.message != "Forbidden" else _("You may not do this.")
        return _respond(api, request, 403, message)

    def permission(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 403, str(exc) or _("You may not do this."))

    def throttled(request: HttpRequest, exc: Any) -> HttpResponse:
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        response = _respond(
            api,
            request,
            429,
            _("Too many requests: wait %(seconds)s seconds, then try again.") % {"seconds": wait},
        )
        response["Retry-After"] = str(wait)
        return response

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if isinstance(exc, ApiError):
            return _respond(api, request, exc.status_code, exc.message, _clean_errors(exc.errors))
        message = exc.message
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON: send a JSON object.")
        return _respond(api, request, exc.status_code, message)

    def http404(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(
            api, request, 404, _("Nothing has this address: check it against the documentation.")
        )

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(DjangoValidationError, service_validation)
    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(AuthorizationError, authorization)
    api.add_exception_handler(PermissionDenied, permission)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, http404)


def _missing_token() -> str:
    return _(
        "This needs a personal API token: send it in the header "
        "'Authorization: Bearer <token>'. Create one on your profile page, under API tokens."
    )


def json_method_not_allowed(
    api: "NinjaAPI", view: Callable[..., HttpResponse]
) -> Callable[..., HttpResponse]:
    """django-ninja answers an unknown method with a plain-text 405: give it our body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            json_response = _respond(
                api,
                request,
                405,
                _("This address does not take %(method)s requests; it takes: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
            )
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapper


def seconds_left(period: int) -> int:
    """Seconds until the current fixed rate-limit window ends."""
    return max(1, period - int(time.time()) % period)
