"""The SVG charts: accessible pictures, no style attributes, escaped text."""

from metroagora.impact import charts


def test_a_bar_chart_is_an_image_with_a_title_and_a_description():
    svg = charts.bar_chart(
        [charts.Bar("Lyon", 12, "12"), charts.Bar("<Milan>", None, "fewer than 5")],
        chart_id="cities",
        title="People by city",
        description="One bar per city.",
    )
    assert svg.startswith('<svg class="impact-chart"')
    assert 'role="img" aria-labelledby="cities-title" aria-describedby="cities-desc"' in svg
    assert '<title id="cities-title">People by city</title>' in svg
    assert '<desc id="cities-desc">One bar per city.</desc>' in svg
    assert "&lt;Milan&gt;" in svg and "<Milan>" not in svg
    assert "style" not in svg
    assert svg.count('fill="#0b4f8a"') == 1  # a withheld figure has no bar


def test_a_line_chart_names_the_first_middle_and_last_months():
    points = [charts.Point(f"M{n}", n) for n in range(24)]
    svg = charts.line_chart(
        points, chart_id="trend", title="Votes per month", description="d", top_text="top: 23"
    )
    assert 'role="img"' in svg and "<polyline" in svg
    assert svg.count("<circle") == 24
    assert ">M0<" in svg and ">M12<" in svg and ">M23<" in svg and ">M6<" not in svg
    assert "style" not in svg


def test_an_empty_line_chart_still_draws():
    svg = charts.line_chart(
        [charts.Point("a", 0), charts.Point("b", 0)],
        chart_id="t",
        title="t",
        description="d",
        top_text="0",
    )
    assert "<polyline" in svg
