"""Colour checks: the course's chart colours stay distinguishable with colour-blindness, and text is readable.

* Colour blindness is simulated with the matrices of Machado, Oliveira & Fernandes (2009), "A physiologically-based
  model for simulation of color vision deficiency" (IEEE TVCG 15(6)), at severity 1.0 (full protanopia,
  deuteranopia, tritanopia), applied to linear-light sRGB as in their paper.
* Colour difference is CIEDE2000 (Sharma, Wu & Dalal 2005), checked here against their published test pairs.
* Threshold: two colours that tell groups apart must differ by ΔE00 >= 10 for every vision type. A ΔE00 of
  about 1-2 is just noticeable for large patches side by side; chart marks are small, often not adjacent, and
  must be matched to a legend, for which Szafir (2017, "Modeling color difference for visualization design")
  found the needed difference grows several times (to about 5-6 for small marks). 10 leaves a margin above that
  and is the "clearly different at a glance" level palette tools warn below. The course's Okabe-Ito colours
  clear it (lowest pair: about 12, blue/green under tritanopia and orange/vermillion under deuteranopia), while
  matplotlib's default red/green pair does not (about 5 under deuteranopia; tested below, so the check has teeth).
* Text contrast: WCAG 2.x relative luminance and contrast ratio; AA needs 4.5:1 for body text.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from eunato.feedback import STATUS_LOOK
from eunato.style import GROUP_COLOURS, PALETTE, SERIES

ROOT = Path(__file__).resolve().parents[1]
MIN_DELTA_E = 10.0
MIN_CONTRAST = 4.5

# Machado et al. (2009), Table (severity 1.0); rows sum to 1, so greys stay grey.
CVD_MATRICES = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
VISIONS = ["normal", *list(CVD_MATRICES)]

# sRGB (D65) linear RGB -> XYZ
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
WHITE_XYZ = SRGB_TO_XYZ @ np.ones(3)


# ---------------------------------------------------------------------------------------------------------------
# colour science, small and self-contained


def hex_to_rgb(colour: str) -> np.ndarray:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return np.array([int(value[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0


def to_linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def simulate(colour: str, vision: str) -> np.ndarray:
    """The linear RGB a viewer with this vision type perceives (as a trichromat would see that RGB)."""
    linear = to_linear(hex_to_rgb(colour))
    if vision == "normal":
        return linear
    return np.clip(CVD_MATRICES[vision] @ linear, 0.0, 1.0)


def lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ linear_rgb / WHITE_XYZ
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    d_l, d_c = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        d_h = 0.0
    else:
        d_h = h2p - h1p
        if d_h > 180:
            d_h -= 360
        elif d_h < -180:
            d_h += 360
    d_hh = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(d_h / 2))
    l_bar, c_bar_p = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_bar = (h1p + h2p + 360) / 2
    else:
        h_bar = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_hh / s_h) ** 2 + r_t * (d_c / s_c) * (d_hh / s_h)))


def difference(colour1: str, colour2: str, vision: str) -> float:
    return delta_e2000(lab(simulate(colour1, vision)), lab(simulate(colour2, vision)))


def relative_luminance(colour: str) -> float:
    return float(np.array([0.2126, 0.7152, 0.0722]) @ to_linear(hex_to_rgb(colour)))


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def confusable_pairs(colours: dict[str, str]) -> list[str]:
    problems = []
    for (name1, c1), (name2, c2) in itertools.combinations(colours.items(), 2):
        for vision in VISIONS:
            de = difference(c1, c2, vision)
            if de < MIN_DELTA_E:
                problems.append(f"{name1} {c1} and {name2} {c2}: ΔE00 {de:.1f} with {vision} (want >= {MIN_DELTA_E})")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# the tools are right


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [
        # Sharma, Wu & Dalal (2005), test data pairs 1, 7, 17 and 25
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_a_known_confusion_pair():
    for vision, matrix in CVD_MATRICES.items():
        assert matrix.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5), vision
        assert simulate("#808080", vision) == pytest.approx(to_linear(hex_to_rgb("#808080")), abs=1e-5)
    # matplotlib's default red and green: clearly different for most viewers, not with deuteranopia
    assert difference("#D62728", "#2CA02C", "normal") > 3 * MIN_DELTA_E
    assert difference("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E
    assert confusable_pairs({"red": "#D62728", "green": "#2CA02C"})


def test_wcag_contrast_formula():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


# ---------------------------------------------------------------------------------------------------------------
# the course's colours


def test_group_colours_stay_distinguishable_with_colour_blindness():
    """EU only / NATO only / both / neither are shown together (membership tiles, overlap charts)."""
    groups = {name: GROUP_COLOURS[name] for name in ("EU only", "NATO only", "both", "neither")}
    assert GROUP_COLOURS["EU"] == GROUP_COLOURS["EU only"] and GROUP_COLOURS["NATO"] == GROUP_COLOURS["NATO only"]
    problems = confusable_pairs(groups)
    assert not problems, "group colours that some readers cannot tell apart:\n" + "\n".join(problems)


def test_first_four_series_colours_stay_distinguishable_with_colour_blindness():
    series = {f"SERIES[{i}]": colour for i, colour in enumerate(SERIES[:4])}
    problems = confusable_pairs(series)
    assert not problems, "series colours that some readers cannot tell apart:\n" + "\n".join(problems)


@pytest.mark.parametrize("status", sorted(STATUS_LOOK))
def test_feedback_text_is_readable_on_its_background(status):
    _, _, background, _ = STATUS_LOOK[status]
    ratio = contrast("#1A1A1A", background)
    assert ratio >= MIN_CONTRAST, f"feedback '{status}': text #1A1A1A on {background} has contrast {ratio:.2f}:1"


def test_feedback_html_uses_the_checked_text_colour():
    from eunato.feedback import Feedback

    for status in STATUS_LOOK:
        assert "color:#1A1A1A" in Feedback(status, "message").html().replace(" ", "")


def test_grey_chart_text_is_readable_on_white():
    """Subtitles and source lines under every chart are drawn in PALETTE['grey']."""
    assert contrast(PALETTE["grey"], "#FFFFFF") >= MIN_CONTRAST


def test_html_edition_text_colours_meet_wcag_aa():
    """Every text colour the HTML edition's stylesheet sets, on white, on the code background and the banner."""
    css = (ROOT / "tools" / "html_template" / "course.css").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--eunato-([a-z-]+):\s*(#[0-9A-Fa-f]{6})", css))
    text_colours = {f"--eunato-{name}": variables[name] for name in ("text", "muted", "link", "link-visited")}
    text_colours.update(
        {f"highlight {c}": c for c in re.findall(r"\.highlight[^{]*\{\s*color:\s*(#[0-9A-Fa-f]{6})", css)}
    )
    assert len(text_colours) > 8, "the stylesheet's colours were not found"
    backgrounds = {"white": "#FFFFFF", "code": variables["code-bg"], "banner": "#EEF3F8"}
    problems = [
        f"{name} {colour} on {bg_name} {bg}: {contrast(colour, bg):.2f}:1"
        for name, colour in text_colours.items()
        for bg_name, bg in backgrounds.items()
        if contrast(colour, bg) < MIN_CONTRAST
    ]
    assert not problems, "text colours below WCAG AA (4.5:1):\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# the one colour mapping, and readable text in every chart


def _every_chart():
    """(name, figure) for every chart function of the course, drawn from the course data."""
    import matplotlib as mpl

    mpl.use("Agg")
    from eunato import capstone, data
    from eunato.charts import compass, history, membership, overlap, spending
    from eunato.charts import map as europe_map

    table = spending.with_groups()
    events = data.timeline()
    yield "membership_over_time", membership.membership_over_time(data.membership_counts())
    yield "overlap_tiles", overlap.overlap_tiles(data.membership_on(2024), 2024, highlight="Sweden")
    yield "membership_map", europe_map.membership_map(data.membership_on(2024), 2024, highlight="Poland")
    yield "guideline_over_time", spending.guideline_over_time(spending.meeting_guideline())
    yield "spending_ranked", spending.spending_ranked(table, 2024)
    yield "spending_ranked 2014", spending.spending_ranked(table, 2014, "EU members in NATO")
    yield "spending_over_time", spending.spending_over_time(table, ["Germany", "Poland", "United States"])
    yield "eu_totals", spending.eu_totals(data.eu_defence_totals())
    yield "timeline_chart", history.timeline_chart(events)
    yield "history.agenda_growth", history.agenda_growth(data.common_actions(), events, data.progress_reports())
    yield "areas_by_year_and_line", compass.areas_by_year_and_line(data.areas())
    yield "strategies_timeline", compass.strategies_timeline(events)
    yield "capstone.priority_chart", capstone.priority_chart()
    yield "capstone.spending_step", capstone.spending_step()


def test_every_chart_writes_its_text_at_wcag_contrast():
    """Every text in every chart: 4.5:1 on what is behind it, 3:1 for large text (style.text_contrast_problems)."""
    import matplotlib.pyplot as plt

    from eunato import style

    problems = []
    for name, fig in _every_chart():
        problems += [f"{name}: {p}" for p in style.text_contrast_problems(fig)]
        plt.close(fig)
    assert not problems, "chart text below WCAG contrast:\n" + "\n".join(problems)


def test_the_contrast_check_has_teeth():
    from eunato import style

    assert style.contrast_ratio("#E69F00") == pytest.approx(contrast("#E69F00", "#FFFFFF"), abs=0.01)
    assert style.contrast_ratio("#E69F00") < 3  # the orange the review found as text
    assert style.contrast_ratio(style.readable("#E69F00")) >= 4.5


def test_membership_colours_mean_membership_only():
    """The four membership colours are used by the membership charts and by no chart for anything else; a country
    singled out keeps its colour (Poland) and never takes a membership colour."""
    from eunato import style

    membership = set(style.MEMBERSHIP_COLOURS.values())
    assert not membership & set(style.COUNTRY_PALETTE)
    assert style.GROUP_COLOURS["EU"] == style.MEMBERSHIP_COLOURS["EU only"]
    assert style.NEUTRAL not in membership
    for countries in (["Poland"], ["Germany", "Poland", "United States"], ["Spain", "Norway", "Poland", "Italy"]):
        colours = style.country_colours(countries)
        assert colours["Poland"] == style.COUNTRY_COLOURS["Poland"]
        assert len(set(colours.values())) == len(countries)


def test_country_colours_stay_distinguishable_with_colour_blindness():
    colours = {f"COUNTRY_PALETTE[{i}]": c for i, c in enumerate(style_palette())}
    problems = confusable_pairs(colours)
    assert not problems, "country colours that some readers cannot tell apart:\n" + "\n".join(problems)


def style_palette():
    from eunato import style

    return style.COUNTRY_PALETTE


def test_charts_that_are_not_about_membership_do_not_use_its_colours():
    """Spending lines of chosen countries and counts of Allies: no membership colour (the review found green
    meaning 'EU member' in one chart and 'United States' in the next)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from eunato import style
    from eunato.charts import spending

    membership = {c.lower() for c in style.MEMBERSHIP_COLOURS.values()}
    lines = spending.spending_over_time(spending.with_groups(), ["Germany", "Poland", "United States", "Spain"])
    used = {to_hex(line.get_color()).lower() for line in lines.axes[0].get_lines()}
    assert not used & membership
    assert to_hex(style.COUNTRY_COLOURS["Poland"]).lower() in used
    bars = spending.guideline_over_time(spending.meeting_guideline())
    faces = {to_hex(p.get_facecolor()[:3]).lower() for p in bars.axes[0].patches}
    assert not faces & membership
    plt.close("all")


def test_hatching_only_where_estimates_and_reported_values_are_mixed():
    import matplotlib.pyplot as plt

    from eunato.charts import spending

    table = spending.with_groups()
    all_estimates = spending.spending_ranked(table, 2024)  # every bar a NATO estimate
    assert not any(bar.get_hatch() for bar in all_estimates.axes[0].patches)
    mixed = spending.guideline_over_time(spending.meeting_guideline())
    hatches = {bool(bar.get_hatch()) for bar in mixed.axes[0].patches if bar.get_height() > 0}
    assert hatches == {True, False}
    plt.close("all")


def test_categories_never_take_membership_colours():
    """Kinds of event, Compass lines, kinds of area, regions, debates and revisions take style.CATEGORY_PALETTE:
    blue, orange and green mean EU, NATO and both only (the compass and history charts used them for categories)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from eunato import data, style
    from eunato.charts import areas, compass, debates, history, releases

    membership = {to_hex(c).lower() for c in style.MEMBERSHIP_COLOURS.values()}
    looks = {
        **{f"history {k}": v[0] for k, v in history.CATEGORY_STYLE.items()},
        **{f"compass {k}": v[0] for k, v in compass.LINE_LOOK.items()},
        **{f"areas {k}": v[1] for k, v in areas.KIND_LOOK.items()},
        **{f"region {k}": v[0] for k, v in areas.REGION_LOOK.items()},
        **{f"series {i}": c for i, c in enumerate(style.SERIES)},
        **{f"change {k}": c for k, c in style.CHANGE_COLOURS.items()},
    }
    wrong = {name: c for name, c in looks.items() if to_hex(c).lower() in membership}
    assert not wrong, f"membership colours used for categories: {wrong}"
    assert not confusable_pairs({f"CATEGORY_PALETTE[{i}]": c for i, c in enumerate(style.CATEGORY_PALETTE)})

    def drawn(fig):
        out = set()
        for line in fig.findobj(lambda a: hasattr(a, "get_markerfacecolor")):
            out |= {to_hex(line.get_color()).lower(), to_hex(line.get_markerfacecolor()).lower()}
        return out

    figs = [
        history.timeline_chart(data.timeline()),
        history.agenda_growth(),
        compass.strategies_timeline(data.timeline()),
        releases.release_comparison(
            releases.compare_releases(2024, "NATO-2024-06", "NATO-2025-04"), 2024, "NATO-2024-06", "NATO-2025-04"
        ),
    ]
    figs.append(debates.positions_chart(data.perspectives()))  # debate names written in their colours
    for fig in figs:
        assert not drawn(fig) & membership, fig.axes[0].get_title(loc="left")
        assert not style.text_contrast_problems(fig), style.text_contrast_problems(fig)
    plt.close("all")
