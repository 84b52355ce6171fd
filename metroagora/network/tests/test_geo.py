"""Tests for the server-side Europe map (no Django settings or database needed)."""

from __future__ import annotations

import math
import re

import pytest

from metroagora.network.geo import (
    CountryOutline,
    EuropeMap,
    Projection,
    laea_km,
    load_europe_map,
)

CITIES: dict[str, tuple[float, float]] = {
    "Lisbon": (-9.14, 38.72),
    "Helsinki": (24.94, 60.17),
    "Athens": (23.73, 37.98),
    "Dublin": (-6.26, 53.35),
    "Warsaw": (21.01, 52.23),
    "Paris": (2.35, 48.86),
    "Berlin": (13.40, 52.52),
    "Rome": (12.50, 41.90),
    "Barcelona": (2.17, 41.39),
    "Stockholm": (18.07, 59.33),
    "Reykjavik": (-21.94, 64.15),
    "Istanbul": (28.98, 41.01),
}

PATH_RE = re.compile(r"^(M-?\d+(\.\d)? -?\d+(\.\d)?(L-?\d+(\.\d)? -?\d+(\.\d)?)+Z)+$")


@pytest.fixture(scope="module")
def europe() -> EuropeMap:
    return load_europe_map()


def project(europe: EuropeMap, city: str) -> tuple[float, float]:
    return europe.project(*CITIES[city])


def test_it_loads_and_is_cached(europe: EuropeMap) -> None:
    assert load_europe_map() is europe
    assert europe.width == 1000
    assert 700 <= europe.height <= 1100
    assert europe.viewbox == f"0 0 1000 {europe.height:g}"
    assert all(isinstance(c, CountryOutline) for c in europe.countries)


def test_it_places_paris_west_of_berlin_and_berlin_north_of_rome(europe: EuropeMap) -> None:
    paris_x, _ = project(europe, "Paris")
    berlin_x, berlin_y = project(europe, "Berlin")
    _, rome_y = project(europe, "Rome")
    assert paris_x < berlin_x
    # SVG y grows downwards.
    assert berlin_y < rome_y


def test_it_is_not_mirrored(europe: EuropeMap) -> None:
    lisbon = project(europe, "Lisbon")
    helsinki = project(europe, "Helsinki")
    athens = project(europe, "Athens")
    dublin = project(europe, "Dublin")
    assert lisbon[0] < dublin[0] < athens[0]
    assert helsinki[1] < dublin[1] < lisbon[1]
    assert helsinki[1] < athens[1]


@pytest.mark.parametrize("city", sorted(CITIES))
def test_it_projects_cities_inside_the_viewbox(europe: EuropeMap, city: str) -> None:
    x, y = project(europe, city)
    assert europe.contains(x, y), (city, x, y)
    # Keep a small margin so markers are not cut off at the edge.
    assert 10 < x < europe.width - 10, (city, x)
    assert 10 < y < europe.height - 10, (city, y)


def test_it_rejects_points_outside_the_viewbox(europe: EuropeMap) -> None:
    assert not europe.contains(-1, 10)
    assert not europe.contains(10, europe.height + 1)
    assert not europe.contains(*europe.project(-74.0, 40.7))  # New York
    assert not europe.contains(*europe.project(37.6, -1.3))  # Nairobi
    assert europe.contains(0, 0)
    assert europe.contains(europe.width, europe.height)


def test_it_maps_the_projection_centre_onto_the_centre_meridian(europe: EuropeMap) -> None:
    proj = europe.projection
    assert laea_km(proj.lon_0, proj.lat_0, proj.lon_0, proj.lat_0, proj.radius_km) == (0.0, 0.0)
    cx, cy = europe.project(proj.lon_0, proj.lat_0)
    assert cx == pytest.approx(-proj.x_min_km / proj.km_per_px)
    assert cy == pytest.approx(proj.y_max_km / proj.km_per_px)
    assert europe.contains(cx, cy)
    # The central meridian is a straight vertical line: due north stays at the same x.
    north_x, north_y = europe.project(proj.lon_0, proj.lat_0 + 10)
    assert north_x == pytest.approx(cx)
    assert north_y < cy


def test_it_is_equal_area() -> None:
    # A 1°x1° cell has the same projected area wherever it sits on a given latitude band,
    # and it matches the spherical area.
    radius = 6371.0088

    def cell_area(lon: float, lat: float) -> float:
        corners = [(lon, lat), (lon + 1, lat), (lon + 1, lat + 1), (lon, lat + 1)]
        pts = [laea_km(x, y, 10.0, 52.0, radius) for x, y in corners]
        return abs(
            sum(
                x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True)
            )
            / 2
        )

    expected = (
        radius**2 * math.radians(1) * (math.sin(math.radians(46)) - math.sin(math.radians(45)))
    )
    for lon in (-20.0, 10.0, 40.0):
        assert cell_area(lon, 45.0) == pytest.approx(expected, rel=1e-3)


def test_it_contains_core_countries(europe: EuropeMap) -> None:
    ids = {c.id for c in europe.countries}
    assert {"250", "276", "616"} <= ids  # France, Germany, Poland
    assert {"724", "620", "380", "246", "300", "372", "352", "826"} <= ids
    names = {c.id: c.name for c in europe.countries}
    assert names["250"] == "France"
    assert names["276"] == "Germany"
    assert names["616"] == "Poland"
    assert len(ids) == len(europe.countries), "country ids must be unique"
    # Far-away countries are skipped.
    assert "840" not in ids  # United States
    assert "036" not in ids  # Australia


def test_it_has_well_formed_path_data(europe: EuropeMap) -> None:
    for country in europe.countries:
        assert country.d.startswith("M"), country.name
        assert country.d.endswith("Z"), country.name
        assert PATH_RE.match(country.d), country.name


def test_it_keeps_outline_coordinates_near_the_viewbox(europe: EuropeMap) -> None:
    number = re.compile(r"-?\d+(?:\.\d)?")
    for country in europe.countries:
        values = [float(v) for v in number.findall(country.d)]
        xs, ys = values[0::2], values[1::2]
        assert min(xs) >= -5 and max(xs) <= europe.width + 5, country.name
        assert min(ys) >= -5 and max(ys) <= europe.height + 5, country.name


def test_it_puts_cities_inside_their_country_bbox(europe: EuropeMap) -> None:
    number = re.compile(r"-?\d+(?:\.\d)?")
    by_id = {c.id: c for c in europe.countries}
    for country_id, city in (("250", "Paris"), ("276", "Berlin"), ("616", "Warsaw")):
        values = [float(v) for v in number.findall(by_id[country_id].d)]
        xs, ys = values[0::2], values[1::2]
        x, y = project(europe, city)
        assert min(xs) < x < max(xs), city
        assert min(ys) < y < max(ys), city


def test_it_rejects_unknown_projection_types() -> None:
    with pytest.raises(ValueError):
        Projection.from_json({"type": "mercator"})
