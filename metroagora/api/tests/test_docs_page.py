"""The OpenAPI description and the documentation page (strict CSP, no CDN)."""

import re

from django.contrib.staticfiles import finders


def test_the_openapi_description_lists_every_operation_with_its_errors(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "MetroAgora API" and schema["info"]["version"] == "1"
    operations = [
        (method, path, op) for path, ops in schema["paths"].items() for method, op in ops.items()
    ]
    assert len(operations) >= 24
    for method, path, op in operations:
        assert {"422", "429"} <= set(op["responses"]), (method, path)
        if "{" in path:
            assert "404" in op["responses"], (method, path)
        if method == "post":
            assert op["security"] == [{"TokenAuth": []}]
            assert {"401", "403"} <= set(op["responses"]), (method, path)
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_needs_no_inline_script_and_no_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(src.startswith("/static/") for src in sources), sources
    for src in sources:
        assert finders.find(src.removeprefix("/static/")), src
    assert " style=" not in html and " onload=" not in html
    assert "<h1>MetroAgora API</h1>" in html
    assert 'href="/api/v1/openapi.json"' in html
