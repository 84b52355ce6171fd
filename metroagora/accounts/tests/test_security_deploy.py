"""Production settings pass `check --deploy`; pages carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from metroagora.accounts.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "TESTING": "false",
    "SECRET_KEY": "k3#v9-a-production-secret-that-is-long-and-random-enough-7f6e5d4c3b2a1",
    "ALLOWED_HOSTS": "agora.example.org",
    "HTTPS": "true",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "TASKS_BACKEND": "database",
}


def _check_deploy(tmp_path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **overrides,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "overrides",
    [{}, {"BEHIND_PROXY": "true", "CSRF_TRUSTED_ORIGINS": "https://agora.example.org"}],
    ids=["direct", "behind-a-proxy"],
)
def test_it_passes_the_deploy_check_in_production(tmp_path, overrides):
    result = _check_deploy(tmp_path, **overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_deploy_check_with_debug_or_a_short_key(tmp_path):
    result = _check_deploy(tmp_path, DEBUG="true", SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG
    assert "security.W009" in result.stderr  # SECRET_KEY


@pytest.fixture
def https(settings):
    """What HTTPS=true gives in production (tests run over plain HTTP)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def test_it_sends_the_security_headers_over_https(client, db, https):
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_it_sends_plain_http_to_https(client, db, https):
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"


def test_it_sends_no_hsts_over_plain_http_in_development(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_marks_the_session_and_csrf_cookies_secure(client, db, https):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.get("/en/accounts/login/", secure=True)
    assert client.cookies["csrftoken"]["secure"]
    response = client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": "correct-horse-battery"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
