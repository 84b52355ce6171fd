"""Machine translation: the pluggable backend, the adapters against a local HTTP server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import services
from metroagora.forum.models import ContributionTranslation
from metroagora.forum.translation import DeepLBackend, LibreTranslateBackend, TranslationError


class FakeBackend:
    name = "fake"

    def __init__(self, **_options):
        pass

    def translate(self, text, source, target):
        return f"[{source}->{target}] {text}"


@pytest.fixture
def fake_mt(settings):
    settings.MACHINE_TRANSLATION = {"BACKEND": f"{__name__}.FakeBackend"}


@pytest.fixture
def debate(db):
    return services.open_debate(
        UserFactory(is_superuser=True), slug="d", question={"en": "Q?", "_original": "en"}
    )


def test_it_translates_nothing_without_a_backend(debate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_contribution(UserFactory(), debate, text="Ciao", stance="for", language="it")
    assert not ContributionTranslation.objects.exists()


def test_it_stores_machine_translations_in_the_background(
    fake_mt, debate, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        contribution = services.post_contribution(
            UserFactory(), debate, text="Ciao a tutti", stance="for", language="it"
        )
    languages = set(contribution.translations.values_list("language", flat=True))
    assert languages == {"en", "fr", "de", "es", "pl"}
    assert all(contribution.translations.values_list("is_machine", flat=True))
    content = client.get("/fr/forum/d/").content.decode()
    assert "[it-&gt;fr] Ciao a tutti" in content or "[it->fr] Ciao a tutti" in content
    assert '<div class="prose contribution-text" lang="it">' in content


class _Handler(BaseHTTPRequestHandler):
    answers: dict[str, object] = {}
    seen: list[tuple[str, str, bytes]] = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append((self.path, self.headers.get("Authorization", ""), body))
        payload = json.dumps(self.answers.get(self.path, {})).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen.clear()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_it_speaks_libretranslate(server):
    _Handler.answers = {"/translate": {"translatedText": "Bonjour"}}
    backend = LibreTranslateBackend(url=server, api_key="k")
    assert backend.translate("Hello", "en", "fr") == "Bonjour"
    sent = json.loads(_Handler.seen[0][2])
    assert sent == {"q": "Hello", "source": "en", "target": "fr", "format": "text", "api_key": "k"}


def test_it_speaks_deepl(server):
    _Handler.answers = {"/v2/translate": {"translations": [{"text": "Hallo"}]}}
    backend = DeepLBackend(url=server, api_key="secret")
    assert backend.translate("Hello", "en", "de") == "Hallo"
    path, auth, body = _Handler.seen[0]
    assert auth == "DeepL-Auth-Key secret"
    assert b"target_lang=DE" in body


def test_it_reports_a_broken_answer(server):
    _Handler.answers = {"/translate": {"error": "quota"}}
    with pytest.raises(TranslationError):
        LibreTranslateBackend(url=server).translate("Hello", "en", "fr")


def test_it_refuses_other_url_schemes():
    with pytest.raises(TranslationError):
        LibreTranslateBackend(url="file:///etc/passwd").translate("x", "en", "fr")
