"""A map of Europe: who belonged to the EU, to NATO, to both or to neither in a chosen year.

The boundaries are Natural Earth's (public domain), simplified and shipped in ``data/europe_map.json``
(rebuilt by ``tools/build_map.py`` from npm's ``world-atlas``). They are today's borders, drawn for every
year. The map is projected here with a Lambert azimuthal equal-area projection centred on Europe (as
Eurostat's maps are), in plain numpy: no GIS library is needed.

Each member country carries its ISO code, and the legend counts each group, so the groups never rest on
colour alone; Canada and the United States, off the map, are named under it.
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from .. import data, style
from .membership import MEMBERSHIP_SOURCE

GROUPS = ["both", "EU only", "NATO only", "neither"]
LEGEND_WORD = {"both": "in both", "EU only": "EU only", "NATO only": "NATO only", "neither": "in neither (yet)"}
COLOUR = {
    "both": style.MEMBERSHIP_COLOURS["both"],
    "EU only": style.MEMBERSHIP_COLOURS["EU only"],
    "NATO only": style.MEMBERSHIP_COLOURS["NATO only"],
    "neither": style.MEMBERSHIP_COLOURS["outside"],
}
OUTSIDE_COURSE = "#F2F2F2"  # countries not in the course's table (never in either): paler than 'not yet'
TEXT_ON = {"both": "#000000", "EU only": "#FFFFFF", "NATO only": "#000000", "neither": "#333333"}
CENTRE = (10.0, 52.0)  # lon, lat of the projection's centre
VIEW = (-2050.0, -2050.0, 2350.0, 2000.0)  # x0, y0, x1, y1 in km around the centre: Iceland to Cyprus, with a margin
MAP_SOURCE = (
    MEMBERSHIP_SOURCE.replace("; counts at the end of each year", "")
    + "; boundaries: Natural Earth (public domain), today's borders in every year"
)
# A label's place where the centre of the largest piece would mislead (km offsets are not needed elsewhere)
LABEL_AT = {"NO": (8.5, 61.0), "SE": (15.0, 62.5), "FI": (26.0, 62.5), "GB": (-1.8, 52.8), "HR": (16.0, 45.4)}
SMALL = {"LU", "MT", "CY", "SI", "ME", "MK", "AL", "BE", "NL", "EE", "LV", "LT", "DK", "SK", "CZ", "AT", "HU"}
# Countries too small to carry their code: a dot in their colour marks them, the code sits beside it in dark text.
BESIDE = {"MT": (0, -75), "CY": (0, -80), "LU": (-70, -45)}


def project(lon, lat, centre=CENTRE) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area projection (sphere of radius 6371 km): degrees in, km out."""
    lon0, lat0 = np.radians(centre)
    lam, phi = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    k = np.sqrt(2 / (1 + np.sin(lat0) * np.sin(phi) + np.cos(lat0) * np.cos(phi) * np.cos(lam - lon0)))
    x = 6371.0 * k * np.cos(phi) * np.sin(lam - lon0)
    y = 6371.0 * k * (np.cos(lat0) * np.sin(phi) - np.sin(lat0) * np.cos(phi) * np.cos(lam - lon0))
    return x, y


@functools.lru_cache(maxsize=1)
def shapes() -> dict[str, list[np.ndarray]]:
    """Each country's rings, projected (km), from data/europe_map.json; read and projected once a session."""
    raw = json.loads((data.data_dir() / "europe_map.json").read_text(encoding="utf-8"))
    out = {}
    for country in raw["countries"]:
        rings = []
        for ring in country["rings"]:
            points = np.asarray(ring, dtype=float)
            x, y = project(points[:, 0], points[:, 1])
            rings.append(np.column_stack([x, y]))
        out[country["name"]] = rings
    return out


LABELS = "country-codes"  # the gid of the collection that writes the countries' ISO codes


@functools.lru_cache(maxsize=128)
def _label_path(code: str, size: float) -> Path:
    """The outline of ``code`` in bold, centred on (0, 0), in points."""
    path = TextPath((0, 0), code, size=size, prop=FontProperties(family="DejaVu Sans", weight="bold"))
    box = path.get_extents()
    return path.transformed(Affine2D().translate(-(box.x0 + box.x1) / 2, -(box.y0 + box.y1) / 2))


def _label_point(iso2: str, rings: list[np.ndarray]) -> tuple[float, float]:
    if iso2 in LABEL_AT:
        x, y = project(*LABEL_AT[iso2])
        return float(x), float(y)
    biggest = max(rings, key=lambda r: np.ptp(r[:, 0]) * np.ptp(r[:, 1]))
    return float(biggest[:, 0].mean()), float(biggest[:, 1].mean())


def _when_label(when) -> str:
    if isinstance(when, (int, np.integer)):
        return f"at the end of {int(when)}"
    stamp = pd.Timestamp(when)
    return f"on {stamp.day} {stamp:%B %Y}"


def group_counts(snapshot: pd.DataFrame) -> dict[str, int]:
    counts = snapshot["group"].value_counts()
    return {g: int(counts.get(g, 0)) for g in GROUPS}


def membership_map(snapshot: pd.DataFrame, when, *, highlight: str | None = None):
    """The map of Europe coloured by group at ``when`` (a year or a date); ``snapshot`` is ``data.membership_on(when)``.

    ``highlight`` (a country name) draws a thick black outline round that country; a country too small for its
    code (BESIDE: Malta, Cyprus, Luxembourg) gets a black ring round its dot instead, since an outline would cover it.
    """
    missing = {"country", "iso2", "group"} - set(snapshot.columns)
    if missing:
        raise ValueError(f"membership_map needs the columns country, iso2, group; missing {sorted(missing)}")
    geometry = shapes()
    group_of = dict(zip(snapshot["country"], snapshot["group"], strict=False))
    iso_of = dict(zip(snapshot["country"], snapshot["iso2"], strict=False))
    fig, ax = style.new_figure(7.2, 6.8)
    fig.eunato_kind = "map"  # a map has no axes to label (tests/chart_checks.py)
    ax.grid(False)
    ax.set_facecolor("white")
    polygons, faces = [], []
    for name, rings in geometry.items():
        face = COLOUR[group_of[name]] if name in group_of else OUTSIDE_COURSE
        polygons += rings
        faces += [face] * len(rings)
    ax.add_collection(PolyCollection(polygons, facecolors=faces, edgecolors="white", linewidths=0.6), autolim=False)
    small = highlight in iso_of and iso_of[highlight] in BESIDE
    if highlight and highlight in geometry and not small:
        ax.add_collection(
            PolyCollection(geometry[highlight], facecolors="none", edgecolors="black", linewidths=2.4),
            autolim=False,
        )
    x0, y0, x1, y1 = VIEW
    places, paths, colours, dots = [], [], [], []
    for name, group in group_of.items():
        if name not in geometry or group == "neither":
            continue
        iso2 = iso_of[name]
        x, y = _label_point(iso2, geometry[name])
        if not (x0 < x < x1 and y0 < y < y1):
            continue
        if iso2 in BESIDE:
            dots.append((x, y, COLOUR[group]))
            if name == highlight:  # the ring that marks a small country
                ax.scatter([x], [y], s=260, facecolors="none", edgecolors="black", linewidths=2.2, zorder=4)
            dx, dy = BESIDE[iso2]
            if name == highlight:  # the code moves out of its ring
                dx, dy = dx * 1.8, dy * 1.8
            places.append((x + dx, y + dy))
            colours.append("#1A1A1A")
        else:
            places.append((x, y))
            colours.append(TEXT_ON[group])
        paths.append(_label_path(iso2, 7.0 if iso2 in SMALL else 9.0))
    # The codes are drawn as one collection of glyph outlines (made once per code), not as 30-odd texts:
    # each matplotlib text is laid out on every draw, which cost more than half of an update.
    labels = PathCollection(
        paths,
        offsets=places,
        offset_transform=ax.transData,
        transform=Affine2D().scale(fig.dpi / 72),
        facecolors=colours,
        edgecolors="none",
        gid=LABELS,
    )
    labels.set_in_layout(False)
    ax.add_collection(labels, autolim=False)
    if dots:
        ax.scatter(
            [d[0] for d in dots],
            [d[1] for d in dots],
            s=30,
            c=[d[2] for d in dots],
            edgecolors="#1A1A1A",
            linewidths=0.8,
            zorder=3,
        ).set_in_layout(False)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    counts = group_counts(snapshot)
    handles = [
        Patch(facecolor=COLOUR[g], edgecolor="#4D4D4D", linewidth=0.6, label=f"{LEGEND_WORD[g]}: {counts[g]}")
        for g in GROUPS
    ]
    handles.append(
        Patch(facecolor=OUTSIDE_COURSE, edgecolor="#4D4D4D", linewidth=0.6, label="not in the course's table")
    )
    overseas = [n for n in ("Canada", "United States") if n in group_of and group_of[n] != "neither"]
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        ncol=3,
        fontsize=9.5,
        title=f"Off the map, also in NATO: {' and '.join(overseas)}" if overseas else None,
        title_fontsize=9.5,
        alignment="left",
        columnspacing=1.2,
        handlelength=1.4,
    )
    legend.get_title().set_color(style.PALETTE["grey"])
    label = _when_label(when)
    title = f"{label[0].upper() + label[1:]}: {counts['both']} countries in both the EU and NATO"
    if counts["both"] + counts["EU only"] == 0:
        title = f"{label[0].upper() + label[1:]}: NATO had {counts['NATO only']} Allies; the EU's forerunner did not exist yet"
    style.finish(
        fig,
        ax,
        title=style.wrap(title, 56),
        xlabel=None,
        ylabel=None,
        source=MAP_SOURCE,
        alt=describe_membership_map(snapshot, when, highlight=highlight),
    )
    return _fixed_layout(fig, title.count("\n") + style.wrap(title, 56).count("\n"))


_BOX: dict = {}  # (figure size, title lines) -> the axes box, worked out once by the constrained layout


def _fixed_layout(fig, title_lines: int):
    """Every map in the same axes box: the layout is worked out for the first map only (a third of an update)."""
    ax = fig.axes[0]
    key = (tuple(fig.get_size_inches()), title_lines)
    if key not in _BOX:
        fig.get_layout_engine().execute(fig)
        _BOX[key] = ax.get_position(original=True).bounds
    fig.set_layout_engine("none")
    ax.set_position(_BOX[key])
    return fig


def describe_membership_map(snapshot: pd.DataFrame, when, *, highlight: str | None = None) -> str:
    """The map in words: the count and the names in each group."""
    parts = []
    for group in GROUPS:
        names = sorted(snapshot.loc[snapshot["group"] == group, "country"])
        if names:
            word = {"both": "In both", "EU only": "In the EU only", "NATO only": "In NATO only"}.get(
                group, "In neither yet"
            )
            parts.append(f"{word} ({len(names)}): {', '.join(names)}")
    text = f"Map of Europe coloured by membership {_when_label(when)}. " + ". ".join(parts) + "."
    if isinstance(when, (int, np.integer)) and when < 1993:
        text += " Before 1993 the EU was the European Communities."
    if highlight:
        text += f" {highlight} is outlined."
    return text
