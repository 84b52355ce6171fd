"""Machine translation of contributions: a pluggable backend, none by default.

A backend is a class with ``name`` and ``translate(text, source, target) -> str``,
chosen by ``settings.MACHINE_TRANSLATION["BACKEND"]`` (a dotted path). Two adapters
ship here: LibreTranslate (self-hostable) and DeepL. The EU's eTranslation is
asynchronous (callbacks) and would be a third adapter.
"""

import json
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class TranslationError(Exception):
    pass


class TranslationBackend(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str) -> str: ...


class _HttpBackend:
    name = "http"

    def __init__(self, url: str, api_key: str = "", timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def _post(self, path: str, data: bytes, headers: dict[str, str]) -> Any:
        if not self.url.startswith(("http://", "https://")):
            raise TranslationError(f"{self.name}: the URL must start with http:// or https://")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url + path, data=data, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as error:
            raise TranslationError(f"{self.name}: {error}") from error


class LibreTranslateBackend(_HttpBackend):
    name = "libretranslate"

    def translate(self, text: str, source: str, target: str) -> str:
        payload = {"q": text, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        result = self._post(
            "/translate", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        if not isinstance(result, dict) or "translatedText" not in result:
            raise TranslationError(f"libretranslate: unexpected answer {result!r:.200}")
        return str(result["translatedText"])


class DeepLBackend(_HttpBackend):
    name = "deepl"

    def translate(self, text: str, source: str, target: str) -> str:
        data = urllib.parse.urlencode(
            {"text": text, "source_lang": source.upper(), "target_lang": target.upper()}
        ).encode()
        result = self._post(
            "/v2/translate",
            data,
            {
                "Authorization": f"DeepL-Auth-Key {self.api_key}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            return str(result["translations"][0]["text"])
        except (KeyError, IndexError, TypeError) as error:
            raise TranslationError(f"deepl: unexpected answer {result!r:.200}") from error


def get_backend() -> TranslationBackend | None:
    config = getattr(settings, "MACHINE_TRANSLATION", {}) or {}
    path = config.get("BACKEND")
    if not path:
        return None
    backend_class = import_string(path)
    return backend_class(
        url=config.get("URL", ""),
        api_key=config.get("API_KEY", ""),
        timeout=config.get("TIMEOUT", 10.0),
    )
