"""Rebuild data/europe_map.json, the course's small map of Europe, from npm's ``world-atlas`` package.

    python tools/build_map.py                 # npm pack world-atlas into a temporary folder, then build
    python tools/build_map.py --topojson countries-50m.json   # build from a file you already have

``world-atlas`` (ISC licence, by Mike Bostock) carries Natural Earth's Admin 0 country boundaries (public
domain, version 4.1.0) as TopoJSON, 1:50m. This script decodes the TopoJSON in plain Python (arcs →
rings → polygons), keeps the countries that reach into Europe's window, clips them to it, simplifies
each ring (Douglas–Peucker) and rounds the coordinates, so that the file stays small. No GIS library
is needed, and none is needed to draw it (eunato.charts.map draws it with matplotlib).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "europe_map.json"
WINDOW = (-25.0, 33.0, 45.0, 72.0)  # lon min, lat min, lon max, lat max (degrees) kept on the map
TOLERANCE = 0.04  # degrees: Douglas–Peucker tolerance
DIGITS = 2  # decimal places kept (about 1 km)
# Natural Earth's short names -> the course's names (data/members.csv) where they differ
NAMES = {
    "Turkey": "Türkiye",
    "Macedonia": "North Macedonia",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "United States of America": "United States",
    "N. Cyprus": "Cyprus",  # the whole island is drawn as one shape, as the EU counts it (joined in 2004)
}
# Territories Natural Earth draws apart from their state; the course's membership table has states only, so
# they are left off the map rather than coloured as if they were outside (or inside) both.
LEFT_OFF = {"Faeroe Is.", "Greenland", "Guernsey", "Jersey", "Isle of Man", "Åland"}


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """The topology's arcs as arrays of (lon, lat): quantized, delta-encoded integers undone."""
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def ring(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    """One closed ring from arc indexes (~i means arc i reversed); each arc after the first drops its first point."""
    parts = []
    for k, i in enumerate(indexes):
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(points if k == 0 else points[1:])
    return np.concatenate(parts)


def polygons(geometry: dict, arcs: list[np.ndarray]) -> list[list[np.ndarray]]:
    """A geometry's polygons, each a list of rings (the outer ring first, then holes)."""
    if geometry.get("type") == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(points: np.ndarray, window=WINDOW) -> np.ndarray:
    """Sutherland–Hodgman: the ring clipped to the rectangular window (may come back empty)."""
    x0, y0, x1, y1 = window
    edges = [(0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)]
    out = [tuple(p) for p in points]
    for axis, limit, keep_above in edges:
        if not out:
            break
        src, out = out, []
        for k, cur in enumerate(src):
            prev = src[k - 1]
            cur_in = cur[axis] >= limit if keep_above else cur[axis] <= limit
            prev_in = prev[axis] >= limit if keep_above else prev[axis] <= limit
            if cur_in != prev_in:
                t = (limit - prev[axis]) / (cur[axis] - prev[axis])
                out.append(tuple(prev[j] + t * (cur[j] - prev[j]) for j in range(2)))
            if cur_in:
                out.append(cur)
    return np.array(out)


def simplify(points: np.ndarray, tolerance: float = TOLERANCE) -> np.ndarray:
    """Douglas–Peucker on an open polyline (iterative); keeps the end points."""
    n = len(points)
    if n < 4:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        segment = points[first + 1 : last]
        d = b - a
        norm = np.hypot(*d)
        if norm == 0:
            dist = np.hypot(*(segment - a).T)
        else:
            dist = np.abs(d[0] * (segment[:, 1] - a[1]) - d[1] * (segment[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            mid = first + 1 + k
            keep[mid] = True
            stack += [(first, mid), (mid, last)]
    return points[keep]


def area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        if name in LEFT_OFF:
            continue
        rings = []
        for polygon in polygons(geometry, arcs):
            for points in polygon[:1]:  # outer rings only: the holes of Europe's countries are other countries
                clipped = clip(points)
                if len(clipped) < 3:
                    continue
                small = simplify(np.vstack([clipped, clipped[:1]]))[:-1]
                if len(small) < 3 or area(small) < 0.02:  # specks (tiny islands) go, unless the country is tiny
                    small = clipped if area(clipped) >= 0.002 and len(rings) == 0 else None
                if small is None or len(small) < 3:
                    continue
                rings.append(np.round(small, DIGITS).tolist())
        if rings:
            name = NAMES.get(name, name)
            same = [c for c in countries if c["name"] == name]
            if same:
                same[0]["rings"] += rings
            else:
                countries.append({"name": name, "id": geometry.get("id"), "rings": rings})
    countries.sort(key=lambda c: c["name"])
    return {
        "title": "Country boundaries of Europe and its neighbours, simplified for the course's membership map",
        "source": "Natural Earth, Admin 0 countries 1:50m, version 4.1.0 (public domain), "
        "as TopoJSON in the npm package world-atlas 2.0.2 (ISC licence, Mike Bostock)",
        "built_by": "tools/build_map.py",
        "window_lon_lat": list(WINDOW),
        "simplified_degrees": TOLERANCE,
        "left_off": sorted(LEFT_OFF),
        "countries": countries,
    }


def fetch_topojson(folder: Path) -> Path:
    """``npm pack world-atlas`` into folder and unpack countries-50m.json."""
    subprocess.run(["npm", "pack", "world-atlas@2.0.2"], cwd=folder, check=True, capture_output=True)
    archive = next(folder.glob("world-atlas-*.tgz"))
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/countries-50m.json")
        tar.extract(member, folder, filter="data")
    return folder / "package" / "countries-50m.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--topojson", type=Path, help="a countries-50m.json already on disk (default: npm pack)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.topojson or fetch_topojson(Path(tmp))
        result = build(json.loads(path.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(result['countries'])} countries, {args.out.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
