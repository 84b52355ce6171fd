import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_it_sends_a_strict_content_security_policy(client, db):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_it_has_no_inline_scripts_or_styles(client, db):
    content = client.get("/en/").content.decode()
    assert "<script>" not in content
    assert " style=" not in content
    assert "<style" not in content


def test_it_protects_forms_with_csrf(client, db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/en/accounts/signup/", {"email": "a@example.org"})
    assert response.status_code == 403


def test_it_answers_the_health_check(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_it_passes_the_deploy_check_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": "x7#k2-production-like-secret-key-with-enough-entropy-9f8e7d6c5b4a3",
        "ALLOWED_HOSTS": "metroagora.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_runs_sqlite_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # in-memory test databases cannot use WAL; the file database does
    assert mode in {"wal", "memory"}
