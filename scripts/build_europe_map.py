#!/usr/bin/env python3
"""Build ``metroagora/network/data/europe.json`` from a world-atlas TopoJSON file.

Usage::

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
    python3 scripts/build_europe_map.py /tmp/package/countries-50m.json

Standard library only. Steps: decode the TopoJSON arcs (quantized + delta encoded),
project every arc with a spherical Lambert azimuthal equal-area projection centred on
10°E 52°N (like EPSG:3035) into SVG user units, simplify each *arc* with
Douglas-Peucker (so shared borders stay identical for both neighbours), stitch the
arcs into rings, clip each ring to the view box (Sutherland-Hodgman), round to one
decimal and emit SVG path data.

The projection formula is imported from ``metroagora.network.geo`` so the runtime
``EuropeMap.project`` and the outlines cannot diverge; the frame parameters are
written into the JSON and read back from there at runtime.
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from metroagora.network.geo import Projection  # noqa: E402

Point = tuple[float, float]
Ring = list[Point]

OUTPUT = REPO_ROOT / "metroagora" / "network" / "data" / "europe.json"

# --- frame -------------------------------------------------------------------------
# Projected extent in km around the centre: Iceland and Portugal in the west, the
# Caspian shore (Tbilisi/Grozny meridian) in the east, the Maghreb coast and Crete in
# the south, North Cape in the north.
LON_0 = 10.0
LAT_0 = 52.0
RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
X_MIN_KM = -1880.0
X_MAX_KM = 2920.0
Y_MIN_KM = -1990.0
Y_MAX_KM = 2330.0
WIDTH_PX = 1000
KM_PER_PX = (X_MAX_KM - X_MIN_KM) / WIDTH_PX  # 4.8
HEIGHT_PX = round((Y_MAX_KM - Y_MIN_KM) / KM_PER_PX)  # 900

# Clip slightly outside the view box so the artificial edges created by clipping are
# never visible as strokes.
CLIP_MARGIN_PX = 3.0
# Douglas-Peucker tolerance in SVG user units (1 unit = 4.8 km).
SIMPLIFY_TOLERANCE_PX = 0.3
# Rings smaller than this (px², after clipping) are dropped, except a country's largest.
MIN_RING_AREA_PX2 = 0.5

# Geographic pre-filter: rings whose lon/lat bounding box misses this window are never
# projected into the output (avoids far-side artefacts of the azimuthal projection).
GEO_WINDOW = (-45.0, 15.0, 75.0, 90.0)  # lon_min, lat_min, lon_max, lat_max


# --- TopoJSON decoding -----------------------------------------------------------------
def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        qx = qy = 0
        points: list[Point] = []
        for p in arc:
            qx += p[0]
            qy += p[1]
            points.append((qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def stitch(arc_indexes: Sequence[int], arcs: Sequence[list[Point]]) -> Ring:
    ring: Ring = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


# --- geometry helpers ------------------------------------------------------------------
def perpendicular_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / math.hypot(dx, dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Iterative Douglas-Peucker that always keeps both end points."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        max_dist, index = 0.0, -1
        a, b = points[first], points[last]
        for i in range(first + 1, last):
            dist = perpendicular_distance(points[i], a, b)
            if dist > max_dist:
                max_dist, index = dist, i
        if index >= 0 and max_dist > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_area(ring: Sequence[Point]) -> float:
    area = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        area += x1 * y2 - x2 * y1
    return area / 2.0


def clip_ring(ring: Sequence[Point], xmin: float, ymin: float, xmax: float, ymax: float) -> Ring:
    """Sutherland-Hodgman clipping of one ring against an axis-aligned rectangle."""

    def clip_edge(points: Sequence[Point], axis: int, bound: float, keep_above: bool) -> Ring:
        if not points:
            return []

        def inside(p: Point) -> bool:
            return p[axis] >= bound if keep_above else p[axis] <= bound

        def intersect(p: Point, q: Point) -> Point:
            t = (bound - p[axis]) / (q[axis] - p[axis])
            if axis == 0:
                return (bound, p[1] + t * (q[1] - p[1]))
            return (p[0] + t * (q[0] - p[0]), bound)

        out: Ring = []
        prev = points[-1]
        prev_in = inside(prev)
        for cur in points:
            cur_in = inside(cur)
            if cur_in:
                if not prev_in:
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif prev_in:
                out.append(intersect(prev, cur))
            prev, prev_in = cur, cur_in
        return out

    pts: Ring = list(ring)
    if pts and pts[0] == pts[-1]:
        pts.pop()
    pts = clip_edge(pts, 0, xmin, True)
    pts = clip_edge(pts, 0, xmax, False)
    pts = clip_edge(pts, 1, ymin, True)
    pts = clip_edge(pts, 1, ymax, False)
    return pts


def geo_bbox_hits_window(ring: Sequence[Point]) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    lon_min, lat_min, lon_max, lat_max = GEO_WINDOW
    return not (
        max(lons) < lon_min or min(lons) > lon_max or max(lats) < lat_min or min(lats) > lat_max
    )


# --- output ------------------------------------------------------------------------------
def fmt_tenths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def ring_to_tenths(ring: Sequence[Point]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * 10), round(y * 10))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def path_data(rings: Iterable[list[tuple[int, int]]]) -> str:
    """Absolute SVG path data: ``M x yL x yL x y…Z`` per ring."""
    parts: list[str] = []
    for ring in rings:
        coords = [f"{fmt_tenths(x)} {fmt_tenths(y)}" for x, y in ring]
        parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def build(topology: dict[str, Any]) -> dict[str, Any]:
    projection = Projection(
        lon_0=LON_0,
        lat_0=LAT_0,
        radius_km=RADIUS_KM,
        x_min_km=X_MIN_KM,
        y_max_km=Y_MAX_KM,
        km_per_px=KM_PER_PX,
    )
    geo_arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]

    # Arcs referenced by rings near Europe only.
    wanted: set[int] = set()
    for geometry in geometries:
        for polygon in polygons_of(geometry):
            for ring_arcs in polygon:
                if geo_bbox_hits_window(stitch(ring_arcs, geo_arcs)):
                    wanted.update(i if i >= 0 else ~i for i in ring_arcs)

    arcs: list[list[Point]] = [[] for _ in geo_arcs]
    for index in wanted:
        projected = [projection.project(lon, lat) for lon, lat in geo_arcs[index]]
        arcs[index] = douglas_peucker(projected, SIMPLIFY_TOLERANCE_PX)

    xmin, ymin = -CLIP_MARGIN_PX, -CLIP_MARGIN_PX
    xmax, ymax = WIDTH_PX + CLIP_MARGIN_PX, HEIGHT_PX + CLIP_MARGIN_PX
    countries: list[dict[str, str]] = []
    for geometry in geometries:
        name = str(geometry.get("properties", {}).get("name", ""))
        rings: list[list[tuple[int, int]]] = []
        for polygon in polygons_of(geometry):
            for ring_arcs in polygon:
                if not all((i if i >= 0 else ~i) in wanted for i in ring_arcs):
                    continue
                ring = stitch(ring_arcs, arcs)
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                if max(xs) < xmin or min(xs) > xmax or max(ys) < ymin or min(ys) > ymax:
                    continue
                clipped = ring_to_tenths(clip_ring(ring, xmin, ymin, xmax, ymax))
                if len(clipped) >= 3:
                    rings.append(clipped)
        if not rings:
            continue
        areas = [abs(ring_area(r)) / 100.0 for r in rings]
        largest = max(areas)
        kept = [
            r for r, a in zip(rings, areas, strict=True) if a >= MIN_RING_AREA_PX2 or a == largest
        ]
        country_id = geometry.get("id")
        countries.append(
            {
                "id": str(country_id) if country_id is not None else f"x-{slug(name)}",
                "name": name,
                "d": path_data(kept),
            }
        )

    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth 1:50m admin-0 countries via npm world-atlas@2 "
        "(countries-50m.json); public domain / ISC",
        "viewbox": [0, 0, WIDTH_PX, HEIGHT_PX],
        "projection": {
            "type": "laea",
            "lon_0": LON_0,
            "lat_0": LAT_0,
            "radius_km": RADIUS_KM,
            "x_min_km": X_MIN_KM,
            "y_max_km": Y_MAX_KM,
            "km_per_px": KM_PER_PX,
            "note": "x = (laea_x_km - x_min_km) / km_per_px; "
            "y = (y_max_km - laea_y_km) / km_per_px",
        },
        "countries": countries,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("topojson", type=pathlib.Path, help="world-atlas countries-50m.json")
    parser.add_argument("-o", "--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args(argv)

    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    result = build(topology)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    print(
        f"wrote {args.output} ({len(text.encode('utf-8')) / 1024:.1f} KiB, "
        f"{len(result['countries'])} countries, viewbox {result['viewbox']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
