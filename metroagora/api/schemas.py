"""Shapes shared by every router: errors, pages, translated text, references, input types."""

from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from ninja import Field
from ninja import Schema as NinjaSchema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationInfo,
    model_validator,
)

from metroagora.core.translated import TranslatedText

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # bigint: larger ids are a 422, not a database error


class Schema(NinjaSchema):
    """The base of every schema of the API. The routers build plain dicts, and pydantic
    validates a dict as it is: ninja's own wrapper, which lets a schema read attributes
    of model objects, costs about a fifth of a list's time for 50 rows of nested schemas
    (and validates a schema that forbids unknown fields twice). Anything that is not a
    dict still goes through the wrapper."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if type(values) is dict:
            return handler(values)
        if cls.model_config.get("extra") == "forbid":
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))


# --- Input types --------------------------------------------------------------------


def _plain_text(value: str) -> str:
    """No NUL characters (PostgreSQL refuses them) and no lone surrogates (not UTF-8)."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (no lone surrogates)") from None
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Slug = Annotated[
    str,
    Field(min_length=1, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$"),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", examples=["FR"])]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", examples=["fr"])]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class Input(Schema):
    """A request body: a field the endpoint does not know is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"Items per page, 1 to {MAX_LIMIT} (more is a 422 error, not a smaller page).",
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


# --- Output -------------------------------------------------------------------------


class ErrorItem(Schema):
    loc: list[str | int] = Field(description="Where: e.g. ['query', 'limit'] or ['body', 'text'].")
    msg: str
    type: str


class Error(Schema):
    detail: str = Field(description="What went wrong and what to do, in words.")
    errors: list[ErrorItem] = Field(description="One entry per problem field; may be empty.")


T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int = Field(description="Items matching the filters, on all pages.")
    limit: int
    offset: int
    next: str | None = Field(description="Address of the next page, or null on the last.")
    previous: str | None = Field(description="Address of the previous page, or null.")
    results: list[T]


class Translated(Schema):
    text: str = Field(description="In the request's language (Accept-Language), else the original.")
    lang: str = Field(description="The language of `text`.")
    original: str | None = Field(description="The language it was written in.")
    translations: dict[str, str] = Field(description="Every language it exists in.")


class Ref(Schema):
    slug: str
    name: str


class Author(Schema):
    name: str = Field(description="The public name the person chose.")
    verified_policymaker: bool


def errors(*codes: int) -> dict[int, Any]:
    """The documented error responses of an operation: ``response={200: X, **errors(404)}``."""
    return dict.fromkeys((*codes, 422, 429), Error)


def translated(value: TranslatedText) -> dict[str, Any]:
    text, lang = value.resolve(get_language() or settings.LANGUAGE_CODE)
    values = value.to_json()
    original = values.pop("_original", None)
    return {"text": text, "lang": lang, "original": original, "translations": values}


def ref(city: Any) -> dict[str, str] | None:
    if city is None:
        return None
    return {"slug": city.slug, "name": str(city.name) or city.slug}


def author(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"name": user.public_name, "verified_policymaker": user.is_verified_policymaker}


def absolute(request: HttpRequest, path: str) -> str:
    """``request.build_absolute_uri(path)``, with the scheme and host worked out once per
    request (a list page makes one address per row, or more)."""
    if not path.startswith("/") or path.startswith("//"):
        return request.build_absolute_uri(path)
    origin = getattr(request, "_metroagora_origin", None)
    if origin is None:
        origin = request.build_absolute_uri("/")[:-1]
        request._metroagora_origin = origin  # type: ignore[attr-defined]
    return origin + iri_to_uri(path)
