"""Query parameters an operation does not know are an error (422), not silently ignored.

django-ninja drops unknown query parameters; a typo (``?limt=50``) would then give
a default page without a word. This view decorator, applied to every operation,
compares the query string with the operation's declared query parameters first.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import ConfigError, ValidationError


def reject_unknown_query_parameters(
    run: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    operation: Any = getattr(run, "__self__", None)  # the Operation whose run() this is
    if operation is None or not hasattr(operation, "models"):
        raise ConfigError("reject_unknown_query_parameters must wrap Operation.run directly")
    allowed: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            allowed |= set(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    known = ", ".join(sorted(allowed)) or _("none")

    @wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            return operation.api.on_exception(
                request,
                ValidationError(
                    [
                        {
                            "loc": ("query", name),
                            "msg": _("Unknown query parameter. This address takes: %(known)s.")
                            % {"known": known},
                            "type": "unknown_parameter",
                        }
                        for name in unknown
                    ]
                ),
            )
        return run(request, **kwargs)

    return wrapper
