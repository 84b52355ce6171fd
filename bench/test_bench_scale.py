"""Unit tests of ``bench/bench_scale.py``'s pure logic: the list of pages, the budget.

    python -m pytest bench/test_bench_scale.py -p no:cacheprovider

(``.ci/run`` runs them before ``make bench QUICK=1``; the project's ``testpaths`` do not
include ``bench/``.)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from bench.bench_scale import (
    MIN_RATIO,
    Objects,
    Unavailable,
    api_lists,
    assess,
    plan_pages,
    reference_rps,
)
from bench.run import DOC, ONLY_ALL, LoadResult, parse_only, report_path
from metroagora.tests.matrix_format import (
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    Raw,
    entry,
    everyone,
    only,
    signed_in,
)


def fake_reverse(key: str, kwargs: dict[str, Any]) -> str:
    args = "/".join(f"{name}={value}" for name, value in sorted(kwargs.items()))
    return f"/en/{key}/{args}"


def objects(**found: Any) -> Objects:
    def picker(value: Any) -> Callable[[], Any]:
        return lambda: value

    return Objects({name: picker(value) for name, value in found.items()})


def test_it_lists_public_pages_with_the_matrix_arguments_filled_from_the_data() -> None:
    patterns = {"events:list": "events/", "events:detail": "events/<slug:slug>/"}
    matrix = {
        "events:list": entry(Case(get=everyone(OK))),
        "events:detail": entry(
            Case({"slug": "draft_event.slug"}, get=only(("admin",), anonymous=NOT_FOUND)),
            Case({"slug": "event.slug"}, get=everyone(OK)),
        ),
    }
    data = objects(event=SimpleNamespace(slug="big-event"))
    pages, skipped = plan_pages(patterns, matrix, data, fake_reverse)
    assert [p.path for p in pages] == ["/en/events:list/", "/en/events:detail/slug=big-event"]
    assert skipped == []


def test_it_skips_with_a_reason_what_is_not_public_or_cannot_be_built() -> None:
    patterns = {
        "events:create": "events/new/",
        "events:registration": "events/registration/<str:token>/",
        "practices:transfer": "practices/transfers/<int:pk>/",
        "videos:file": "videos/<slug:slug>/file",
        "unknown": "unknown/",
    }
    matrix = {
        "events:create": entry(Case(get=signed_in())),
        "events:registration": entry(Case({"token": "registration.token"}, get=everyone(OK))),
        "practices:transfer": entry(Case({"pk": "transfer.pk"}, get=everyone(OK))),
        "videos:file": entry(Case({"slug": "video.slug"}, get=everyone(OK))),
    }
    pages, skipped = plan_pages(patterns, matrix, objects(video=None), fake_reverse)
    assert pages == []
    reasons = {s.key: s.reason for s in skipped}
    assert reasons["events:create"] == f"not public: anonymous visitors get {LOGIN}"
    assert "secret (token)" in reasons["events:registration"]
    assert reasons["practices:transfer"] == "no object is picked for `transfer`"
    assert reasons["videos:file"] == "the generated data has no video"
    assert reasons["unknown"] == "no entry in the authorisation matrix"
    assert len(skipped) == len(patterns)


def test_it_leaves_the_admin_the_api_and_the_reference_out_of_the_pages() -> None:
    patterns = {
        "admin:index": "admin/",
        "admin/(?P<url>.*)$": "admin/(?P<url>.*)$",
        "api-1:list_events": "api/v1/events",
        "healthz": "healthz",
    }
    matrix = {"healthz": entry(Case(get=everyone(OK)))}
    pages, skipped = plan_pages(patterns, matrix, objects(), fake_reverse)
    assert pages == [] and skipped == []


def test_the_report_replaces_the_committed_one_only_for_a_full_run_of_every_step() -> None:
    assert report_path(quick=False, only=ONLY_ALL, output=None) == DOC
    assert report_path(quick=True, only=ONLY_ALL, output=None).parts[-2:] == (
        "var",
        "benchmarks-quick.md",
    )
    assert report_path(quick=False, only=["scale"], output=None).name == "benchmarks-partial.md"
    assert report_path(quick=True, only=ONLY_ALL, output="x.md").name == "x.md"


def test_only_takes_known_steps_in_their_order() -> None:
    assert parse_only("scale,api") == ["api", "scale"]
    with pytest.raises(argparse.ArgumentTypeError):
        parse_only("scale,nothing")


def test_it_adds_queries_literal_arguments_and_expansions() -> None:
    patterns = {
        "search:results": "search/",
        "pdf": "publications/<slug:slug>/pdf/<str:lang>/",
        "sitemap_section": "sitemap-<section>.xml",
        "favicon.ico": "favicon.ico",
    }
    matrix = {
        "search:results": entry(Case(get=everyone(OK))),
        "pdf": entry(Case({"slug": "publication.slug", "lang": Raw("en")}, get=everyone(OK))),
        "sitemap_section": entry(Case({"section": Raw("pages")}, get=everyone(OK))),
        "favicon.ico": entry(Case(path="/favicon.ico", get=everyone(OK))),
    }
    pages, _skipped = plan_pages(
        patterns,
        matrix,
        objects(publication=SimpleNamespace(slug="report")),
        fake_reverse,
        queries={"search:results": "q=workshop"},
        expand={"sitemap_section": [{"section": "events"}, {"section": "pages"}]},
    )
    assert [p.path for p in pages] == [
        "/en/search:results/?q=workshop",
        "/en/pdf/lang=en/slug=report",
        "/en/sitemap_section/section=events",
        "/en/sitemap_section/section=pages",
        "/favicon.ico",
    ]


def test_objects_picks_each_object_once() -> None:
    calls = []

    def pick() -> Any:
        calls.append(1)
        return SimpleNamespace(slug="lyon")

    data = Objects({"city": pick})
    assert data.city.slug == "lyon" and data.city.slug == "lyon"
    assert len(calls) == 1
    assert data.picked() == {"city": "namespace(slug='lyon')"}
    with pytest.raises(Unavailable):
        data.debate  # noqa: B018


def test_api_lists_replace_the_api_benchmark_objects_with_the_generated_ones() -> None:
    lists = api_lists(
        [
            ("/api/v1/debates", "debates"),
            ("/api/v1/debates/bench-big-debate/contributions?sort=agreed", "agreed"),
        ],
        {"bench-big-debate": "the-largest-debate"},
    )
    assert [p.path for p in lists] == [
        "/api/v1/debates",
        "/api/v1/debates/the-largest-debate/contributions?sort=agreed",
    ]


def result(path: str, requests: int, seconds: float = 1.0, errors: int = 0) -> LoadResult:
    return LoadResult(path, 20, seconds, latencies=[0.01] * requests, errors=errors)


def test_the_budget_is_a_share_of_the_reference_throughput_without_errors() -> None:
    reference = reference_rps(result("/healthz", 900), result("/healthz", 1100))
    assert reference == 1000
    floor = round(MIN_RATIO * 1000)
    rows = assess(
        [
            result("/en/", floor),
            result("/en/slow/", floor - 1),
            result("/en/broken/", 500, errors=1),
            result("/en/silent/", 0),
        ],
        reference,
    )
    assert [(r.path, r.ok) for r in rows] == [
        ("/en/", True),
        ("/en/slow/", False),
        ("/en/broken/", False),
        ("/en/silent/", False),
    ]
    assert rows[0].ratio == pytest.approx(MIN_RATIO)
    assert rows[0].p95_ms == pytest.approx(10.0)


def test_run_only_runs_the_chosen_steps_and_writes_their_report(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bench.bench_api
    import bench.bench_scale
    import bench.run

    called = []

    def fake_api(quick: bool, tmp: Any) -> tuple[list[Any], str]:
        called.append(("api", quick))
        return [("api check", "1 ms", "< 50 ms", True)], "api notes"

    def fake_scale(quick: bool, tmp: Any) -> tuple[list[Any], str, list[str]]:
        called.append(("scale", quick))
        return [("scale check", "90%", ">= 5%", False)], "scale notes", ["## Scale section\n"]

    def must_not_run(*args: Any) -> None:
        raise AssertionError("a step that was not asked for ran")

    monkeypatch.setattr(bench.bench_api, "api_benchmarks", fake_api)
    monkeypatch.setattr(bench.bench_scale, "scale_benchmarks", fake_scale)
    monkeypatch.setattr(bench.run, "run_function_benchmarks", must_not_run)
    monkeypatch.setattr(bench.run, "run_load_test", must_not_run)
    report = tmp_path / "report.md"
    monkeypatch.setattr(
        "sys.argv", ["run.py", "--quick", "--only", "scale,api", "--output", str(report)]
    )
    bench.run.main()
    assert called == [("api", True), ("scale", True)]
    text = report.read_text()
    assert "`python bench/run.py --quick --only api,scale`" in text
    assert "| api check | 1 ms | < 50 ms | PASS |" in text
    assert "| scale check | 90% | >= 5% | **FAIL** |" in text
    assert "## Scale section" in text and "- scale notes" in text
