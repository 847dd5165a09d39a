"""Colour that works for everyone: every figure uses the chosen scales, no two series collapse under colour-vision
deficiency, marks keep 3:1 contrast against the white background, and colour is never the only cue.

The answer key is written from the standards, not from s2s/figures/palette.py: WCAG 2.2's relative luminance
and contrast ratio, Machado, Oliveira and Fernandes (2009)'s simulation matrices for full protanopia,
deuteranopia and tritanopia (applied to linear RGB), CIE L*a*b* and the ΔE76 distance, and plotly's own
listing of cividis and ColorBrewer's RdBu.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import re
from pathlib import Path

import numpy as np
import plotly.colors as pc
import pytest

import s2s.figures
from s2s.figures import palette

from .figure_gallery import GALLERY

REPO = Path(__file__).resolve().parent.parent
WHITE = (255, 255, 255)
MACHADO = {  # severity 1.0, linear RGB
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "normal vision": np.eye(3).tolist(),
}
MIN_DELTA_E = 12  # two series closer than this (in L*a*b*, under some deficiency) read as one colour


def rgb(colour: str) -> tuple[int, int, int]:
    """'#rrggbb', '#rgb' or 'rgb(r, g, b)' / 'rgba(r, g, b, a)' as an (r, g, b) tuple; anything else fails."""
    colour = colour.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
        return tuple(int(c * 2, 16) for c in colour[1:])
    match = re.fullmatch(r"rgba?\(([^)]*)\)", colour)
    assert match, f"not a colour the test can read (named colours are not allowed): {colour!r}"
    return tuple(int(float(v)) for v in match.group(1).split(",")[:3])


def linear(c: tuple[int, int, int]) -> np.ndarray:
    s = np.array(c) / 255
    return np.where(s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b=WHITE) -> float:
    """WCAG 2.2 contrast ratio (L1 + 0.05) / (L2 + 0.05) of relative luminances."""
    la, lb = (float(linear(rgb(a) if isinstance(a, str) else a) @ [0.2126, 0.7152, 0.0722]) for a in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def lab(lin: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ np.clip(lin, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str) -> float:
    m = np.array(MACHADO[vision])
    return float(np.linalg.norm(lab(m @ linear(rgb(a))) - lab(m @ linear(rgb(b)))))


def as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]


def scale_colours(scale) -> list[tuple[int, int, int]]:
    return [rgb(c) for _, c in scale]


def legend_key(trace) -> bool:
    """A trace with no data, drawn only for its legend entry (the keys of a heatmap's cell fills)."""
    return trace.x is not None and all(v is None for v in trace.x)


def outline(marker) -> str | None:
    """The colour of a marker's or bar's outline when it has one (a width above 0)."""
    widths = marker.line.width if isinstance(marker.line.width, (list, tuple)) else [marker.line.width or 0]
    return marker.line.color if isinstance(marker.line.color, str) and min(widths) > 0 else None


def marks(fig) -> list[tuple[str, str, str | None]]:
    """(what, fill colour, outline colour) for every line, marker, bar and outlined shape of the figure."""
    out = []
    for trace in fig.data:
        if trace.type in ("scatter", "scattergl") and not legend_key(trace):
            mode = trace.mode or "lines+markers"
            if "lines" in mode:
                out += [(f"{trace.name} line", c, None) for c in as_list(trace.line.color)]
            if "markers" in mode:
                out += [(f"{trace.name} marker", c, outline(trace.marker)) for c in as_list(trace.marker.color)]
        elif trace.type == "bar":
            out += [(f"{trace.name} bar", c, outline(trace.marker)) for c in as_list(trace.marker.color)]
    for shape in fig.layout.shapes:
        if shape.line.color and shape.line.width != 0:
            out.append((f"shape {shape.name or shape.type}", shape.line.color, None))
    return out


def text_colours(fig) -> list[str]:
    return [c for trace in fig.data if "text" in (getattr(trace, "mode", None) or "")
            for c in as_list(trace.textfont.color)]


FIGURES = {name: build() for name, build in GALLERY.items()}


def test_every_figure_builder_is_in_the_gallery():
    """A new figure module must be added to tests/figure_gallery.py, so these checks reach it."""
    def builds_a_figure(fn) -> bool:  # returns a figure and takes none (helpers such as `layout` take one)
        sig = inspect.signature(fn)
        return "Figure" in str(sig.return_annotation) and not any(
            "Figure" in str(p.annotation) for p in sig.parameters.values())

    builders = set()
    for info in pkgutil.iter_modules(s2s.figures.__path__):
        module = importlib.import_module(f"s2s.figures.{info.name}")
        builders |= {f"{info.name}.{name}" for name, fn in inspect.getmembers(module, inspect.isfunction)
                     if fn.__module__ == module.__name__ and not name.startswith("_") and builds_a_figure(fn)}
    assert builders <= {name.split("(")[0] for name in GALLERY}, builders - set(GALLERY)


def test_no_module_writes_a_colour_of_its_own():
    """Colours come from the palette: no hex code, rgb(), named colour or named scale anywhere else."""
    literal = re.compile(r"""["']#[0-9a-fA-F]{3,8}["']|rgba?\(|colorscale\s*=\s*["']|"""
                         r"""(?:color|colour|fillcolor|line_color)\s*=\s*["'][a-z]+["']""")
    files = [*(REPO / "s2s" / "figures").glob("*.py"), *(REPO / "pages").glob("*.py"), REPO / "app.py"]
    offenders = [f"{path.relative_to(REPO)}:{n}: {line.strip()}" for path in files if path.name != "palette.py"
                 for n, line in enumerate(path.read_text().splitlines(), 1) if literal.search(line)]
    assert not offenders, "\n".join(offenders)


def test_the_palettes_scales_are_cividis_and_rdbu():
    assert scale_colours(palette.SEQUENTIAL) == [rgb(c) for c in reversed(pc.sequential.Cividis)]  # 0 light
    assert scale_colours(palette.DIVERGING) == [rgb(c) for c in reversed(pc.diverging.RdBu)]  # blue < 0 < red
    assert set(scale_colours(palette.MARKER_SCALE)) <= {rgb(c) for c in pc.sequential.Cividis}
    assert contrast(palette.SEQUENTIAL[-1][1]) > 10 and contrast(palette.DIVERGING[0][1]) > 10  # strong = dark
    assert min(contrast(c) for _, c in palette.MARKER_SCALE) >= 3.0


@pytest.mark.parametrize("name", FIGURES)
def test_figures_use_only_the_chosen_scales(name):
    """Continuous colour is cividis (magnitudes) or RdBu (signed values); discrete cells use the cell fills."""
    allowed = [scale_colours(s) for s in (palette.SEQUENTIAL, palette.DIVERGING, palette.MARKER_SCALE)]
    cells = {rgb(c) for c in palette.CELL.values()}
    for trace in FIGURES[name].data:
        scale = trace.colorscale if trace.type == "heatmap" else getattr(trace.marker, "colorscale", None)
        if scale is None:
            continue
        if trace.type == "heatmap" and trace.showscale is False:  # a few categories, each cell showing its word
            assert set(scale_colours(scale)) <= cells, name
        else:
            assert scale_colours(scale) in allowed, f"{name}: {trace.type} uses another colour scale"


@pytest.mark.parametrize("name", FIGURES)
def test_marks_keep_3_to_1_against_the_background(name):
    """WCAG 1.4.11: a line, marker, bar or outline is at least 3:1 against white (by its fill or its outline);
    text drawn on the chart at least 4.5:1."""
    for what, fill, outline in marks(FIGURES[name]):
        best = max(contrast(fill), contrast(outline) if outline else 0)
        assert best >= 3.0, f"{name}: {what} {fill} has {best:.2f}:1"
    for colour in text_colours(FIGURES[name]):
        assert contrast(colour) >= 4.5, f"{name}: text {colour}"


@pytest.mark.parametrize("name", FIGURES)
def test_no_two_series_collapse_under_colour_vision_deficiency(name):
    """No red-green pair: every two colours of a figure's lines, markers and bars stay apart for protanopes,
    deuteranopes and tritanopes alike."""
    cells = set(palette.CELL.values())  # light fills of cells that print their word
    colours = sorted({fill for _, fill, _ in marks(FIGURES[name])} - cells - {palette.BACKGROUND})
    for (a, b), vision in itertools.product(itertools.combinations(colours, 2), MACHADO):
        assert delta_e(a, b, vision) >= MIN_DELTA_E, f"{name}: {a} and {b} under {vision}"


def test_the_deficiency_check_catches_the_classic_red_green_pair():
    """The answer key works: plotly's default red and green are told apart by most people, not by deuteranopes."""
    assert delta_e("#d62728", "#2ca02c", "normal vision") > 100
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < MIN_DELTA_E
    for a, b in itertools.combinations(palette.SERIES, 2):
        assert min(delta_e(a, b, v) for v in MACHADO) >= 15


@pytest.mark.parametrize("name", FIGURES)
def test_colour_is_never_the_only_cue(name):
    """Every legend entry differs from the others by more than colour: dash, width, marker, pattern or label."""
    seen, fig = {}, FIGURES[name]
    for trace in fig.data if fig.layout.showlegend is not False else ():
        if trace.showlegend is False or not trace.name or legend_key(trace):
            continue  # not in the legend, or a legend key for heatmap cells that print their own word
        marker = getattr(trace, "marker", None)
        line = getattr(trace, "line", None)
        cue = (trace.type, getattr(trace, "mode", None),
               line.dash if line is not None else None, line.width if line is not None else None,
               str(marker.symbol) if marker is not None and trace.type != "bar" else None,
               marker.pattern.shape if trace.type == "bar" else None,
               tuple(trace.text) if "text" in (getattr(trace, "mode", None) or "") else None)
        assert cue not in seen, f"{name}: {trace.name!r} and {seen.get(cue)!r} differ only by colour"
        seen[cue] = trace.name


def test_specific_cues_the_issue_names():
    """The beam tree's statuses differ by shape, the clipping chart by line style, the bottleneck's measures by
    pattern."""
    tree = {t.name: t for t in FIGURES["beam.beam_tree_figure"].data}
    assert len({tree[n].marker.symbol for n in ("kept in the beam", "pruned", "finished (&lt;EOS&gt;)")}) == 3
    clip = FIGURES["common.grad_norm_figure"].data
    assert clip[0].line.dash != clip[1].line.dash
    bars = FIGURES["bottleneck.length_quality_figure"].data
    assert bars[0].marker.pattern.shape != bars[1].marker.pattern.shape
    strip = FIGURES["decoder.decoding_strip_figure"]
    assert [t for t in strip.layout.xaxis.ticktext if t.startswith("▶")] == ["▶ step 1"]
