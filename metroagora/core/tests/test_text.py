from metroagora.core.text import render_markdown, sanitize_html


def test_it_removes_scripts_and_event_handlers():
    html = sanitize_html('<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert "script" not in html
    assert "onclick" not in html


def test_it_keeps_links_safe():
    html = render_markdown("[site](https://example.org) [bad](javascript:alert(1))")
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "javascript:" not in html


def test_it_keeps_one_h1_per_page():
    assert "<h1>" not in render_markdown("# Title")
    assert "<h2>Title</h2>" in render_markdown("# Title")
