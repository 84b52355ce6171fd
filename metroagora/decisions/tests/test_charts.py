"""SVG charts: accessible pictures, drawn with presentation attributes, escaping labels."""

import re
from decimal import Decimal

from metroagora.decisions import charts
from metroagora.decisions.models import BudgetProject


def _project(title: str, votes: int, selected: bool) -> BudgetProject:
    return BudgetProject(
        title={"en": title}, cost=Decimal("100"), vote_count=votes, selected=selected
    )


def test_a_chart_is_an_image_with_a_title_and_a_description():
    svg = charts.bar_chart(
        [charts.Bar("One", 1, "1")], chart_id="c", title="A title", description="A description"
    )
    assert svg.startswith('<svg class="decisions-chart"')
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">A title</title>' in svg
    assert '<desc id="c-desc">A description</desc>' in svg
    assert "style" not in svg


def test_bars_are_as_long_as_their_values():
    svg = charts.bar_chart(
        [charts.Bar("Big", 10, "10"), charts.Bar("Half", 5, "5"), charts.Bar("None", 0, "0")],
        chart_id="c",
        title="t",
        description="d",
    )
    widths = re.findall(r'<rect x="0" y="\d+" width="([\d.]+)" height="18" fill="#(?!f3f5f8)', svg)
    assert widths == ["260", "130", "0"]


def test_labels_are_escaped_and_shortened():
    svg = charts.bar_chart(
        [
            charts.Bar(
                "<script>alert(1)</script> and a very long name indeed, longer than any line",
                1,
                "1 & more",
            )
        ],
        chart_id="c",
        title="t",
        description="d",
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "…" in svg
    assert "1 &amp; more" in svg


def test_an_empty_chart_is_still_valid():
    svg = charts.bar_chart([], chart_id="c", title="t", description="d")
    assert svg.endswith("</svg>")


def test_budget_results_say_which_projects_won_in_words_not_only_colour():
    svg = charts.budget_results_chart(
        [_project("Trees", 3, True), _project("Benches", 1, False)], chart_id="r"
    )
    assert "3 votes, selected" in svg
    assert "1 vote<" in svg
    assert 'fill="#1e6b35"' in svg  # selected: green


def test_the_status_chart_has_one_bar_per_status():
    svg = charts.status_chart(
        [("planned", "Planned", 2), ("completed", "Completed", 1)], chart_id="s"
    )
    assert svg.count("<g>") == 2
    assert "Planned" in svg
