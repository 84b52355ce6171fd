"""Server-side Europe map: country outlines plus the matching projection.

Pure Python, no Django imports. The outlines live in ``data/europe.json``, generated
by ``scripts/build_europe_map.py`` from Natural Earth data (see ``data/README.md``).

Projection: spherical Lambert azimuthal equal-area centred on 10°E 52°N (the
spherical counterpart of EPSG:3035), in kilometres, then mapped to SVG user units
with ``x_svg = (x_km - x_min_km) / km_per_px`` and ``y_svg = (y_max_km - y_km) / km_per_px``.
All parameters are read from the JSON so the outlines and :meth:`EuropeMap.project`
cannot drift apart.
"""

from __future__ import annotations

import functools
import json
import math
import pathlib
from dataclasses import dataclass
from typing import Any

DATA_PATH = pathlib.Path(__file__).parent / "data" / "europe.json"


def laea_km(
    lon: float, lat: float, lon_0: float, lat_0: float, radius_km: float
) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area projection (Snyder 1987, eq. 24-2..24-4).

    Returns easting/northing in kilometres relative to the centre (lon_0, lat_0);
    north is +y. Undefined only at the antipode of the centre (returns it as a huge
    finite value instead of raising).
    """
    lam = math.radians(lon - lon_0)
    phi = math.radians(lat)
    phi_0 = math.radians(lat_0)
    cos_phi = math.cos(phi)
    cos_lam = math.cos(lam)
    denom = 1.0 + math.sin(phi_0) * math.sin(phi) + math.cos(phi_0) * cos_phi * cos_lam
    k = math.sqrt(2.0 / max(denom, 1e-12))
    x = radius_km * k * cos_phi * math.sin(lam)
    y = radius_km * k * (math.cos(phi_0) * math.sin(phi) - math.sin(phi_0) * cos_phi * cos_lam)
    return x, y


@dataclass(frozen=True)
class Projection:
    """LAEA parameters plus the km -> SVG user unit frame mapping."""

    lon_0: float
    lat_0: float
    radius_km: float
    x_min_km: float
    y_max_km: float
    km_per_px: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x_km, y_km = laea_km(lon, lat, self.lon_0, self.lat_0, self.radius_km)
        return (x_km - self.x_min_km) / self.km_per_px, (self.y_max_km - y_km) / self.km_per_px

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Projection:
        if data.get("type") != "laea":
            raise ValueError(f"unsupported projection type: {data.get('type')!r}")
        return cls(
            lon_0=float(data["lon_0"]),
            lat_0=float(data["lat_0"]),
            radius_km=float(data["radius_km"]),
            x_min_km=float(data["x_min_km"]),
            y_max_km=float(data["y_max_km"]),
            km_per_px=float(data["km_per_px"]),
        )


@dataclass(frozen=True)
class CountryOutline:
    id: str
    name: str
    d: str


@dataclass(frozen=True)
class EuropeMap:
    width: float
    height: float
    countries: tuple[CountryOutline, ...]
    projection: Projection

    @property
    def viewbox(self) -> str:
        """Value for an SVG ``viewBox`` attribute."""
        return f"0 0 {self.width:g} {self.height:g}"

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Project WGS84 degrees to SVG user units (origin top-left, y down)."""
        return self.projection.project(lon, lat)

    def contains(self, x: float, y: float) -> bool:
        """Whether an SVG point (e.g. from :meth:`project`) lies inside the viewbox."""
        return 0.0 <= x <= self.width and 0.0 <= y <= self.height


def parse_europe_map(data: dict[str, Any]) -> EuropeMap:
    viewbox = data["viewbox"]
    if viewbox[0] != 0 or viewbox[1] != 0:
        raise ValueError("viewbox must start at 0 0")
    countries = tuple(
        CountryOutline(id=str(c["id"]), name=str(c["name"]), d=str(c["d"]))
        for c in data["countries"]
    )
    return EuropeMap(
        width=float(viewbox[2]),
        height=float(viewbox[3]),
        countries=countries,
        projection=Projection.from_json(data["projection"]),
    )


@functools.lru_cache(maxsize=1)
def load_europe_map() -> EuropeMap:
    with DATA_PATH.open(encoding="utf-8") as fh:
        return parse_europe_map(json.load(fh))
