"""Every colour the charts use, chosen so that every student can read them (README, "Accessibility").

More than 4% of a class sees colour differently, and a projector washes colour out, so:

- **Sequential magnitudes** (probabilities, attention weights, gate openness) use cividis, a perceptually
  uniform scale that stays one ordered ramp under every common colour-vision deficiency. It runs from light
  (0) to dark (the largest value), so what matters is the darkest, highest-contrast ink.
- **Signed values** (h, c, embeddings, the cell candidate g) use ColorBrewer's RdBu: blue negative, white
  zero, red positive. Its arms differ in lightness as well as hue, so the order survives red-green deficiency.
- **Series and highlights** use Okabe and Ito's palette, designed to stay distinct for deuteranopes,
  protanopes and tritanopes, and only its members with at least 3:1 contrast against the white chart
  background (WCAG 1.4.11) for lines, markers and outlines. Each series also gets its own dash, marker
  symbol or bar pattern, so colour is never the only cue.
- **Cells that hold a word** (token grids, the decoding strip) get light fills under dark text: there the word
  carries the meaning and the fill only groups cells.

No figure module writes a colour of its own; tests/test_palette.py checks that.
"""

from __future__ import annotations

import plotly.colors as pc

BACKGROUND = "#ffffff"  # the charts' plot background (plotly_white)
INK = "#222222"  # text, outlines, reference lines: 15.9:1 on white

# Okabe & Ito (2008), "Color Universal Design"; contrast against white in brackets.
BLUE = "#0072B2"  # (5.2:1)
VERMILLION = "#D55E00"  # (3.9:1)
GREEN = "#009E73"  # bluish green (3.4:1)
PURPLE = "#CC79A7"  # reddish purple (3.1:1)
ORANGE = "#E69F00"  # (2.3:1): only for translucent bands behind data, never a line or a marker
GREY = "#767676"  # secondary marks, e.g. pruned candidates (4.5:1)
PALE = "#D9D9D9"  # the fill of bars that are not highlighted; such bars always get an INK outline

SERIES = (BLUE, VERMILLION, GREEN, PURPLE)  # a chart's first, second, ... series
DASHES = ("solid", "dash", "dot", "dashdot")  # the same series' line styles
SYMBOLS = ("circle", "square", "diamond", "triangle-up")  # the same series' marker symbols
PATTERNS = ("", "/", ".", "x")  # the same series' bar fill patterns
OUTLINE = dict(color=INK, width=1)  # bar outline: a bar keeps 3:1 against white whatever its fill

_CIVIDIS = list(reversed(pc.sequential.Cividis))  # light yellow ... dark blue
SEQUENTIAL = tuple((i / (len(_CIVIDIS) - 1), c) for i, c in enumerate(_CIVIDIS))  # 0 light -> 1 dark
_RDBU = list(reversed(pc.diverging.RdBu))  # dark blue ... white ... dark red
DIVERGING = tuple((i / (len(_RDBU) - 1), c) for i, c in enumerate(_RDBU))  # -max blue, 0 white, +max red
# Coloured markers and lines on white: cividis's darker half, where every colour keeps 3:1 against white.
_DARK_CIVIDIS = pc.sequential.Cividis[:6]  # dark blue ... olive grey (3.6:1)
MARKER_SCALE = tuple((i / (len(_DARK_CIVIDIS) - 1), c) for i, c in enumerate(reversed(_DARK_CIVIDIS)))

# Light fills for cells that show their word (dark text on every one of them).
CELL = {
    "done": "#DCE9F5",  # decoding strip: steps already taken
    "current": "#FFE08A",  # decoding strip: the step inspected
    "later": "#F0F0F0",  # decoding strip: steps still to come
    "pad": "#E6E6E6",  # <PAD>, also "ignored by the loss"
    "word": "#CFE3F3",  # an ordinary word, also "counted by the loss"
    "special": "#FBE3B4",  # <SOS> / <EOS>
    "unknown": "#E9C3D9",  # <UNK>, or a word the vocabulary does not know
    "new": "#CFE3F3",  # vocabulary build: a word that gets a new id
    "seen": "#FBE3B4",  # vocabulary build: a word already known
    "same": "#DCE9F5",  # greedy against beam: words before the two part
    "differs": "#FBE3B4",  # greedy against beam: words from where they part
}


def series(i: int) -> dict:
    """Colour, dash, marker symbol and bar pattern of a chart's i-th series (0-based)."""
    k = i % len(SERIES)
    return {"colour": SERIES[k], "dash": DASHES[k], "symbol": SYMBOLS[k], "pattern": PATTERNS[k]}


def bar_marker(i: int) -> dict:
    """A Plotly bar `marker` for a chart's i-th series: its colour, its fill pattern, an outline."""
    style = series(i)
    return dict(color=style["colour"], pattern=dict(shape=style["pattern"], fgcolor=BACKGROUND), line=OUTLINE)


def line_style(i: int, width: float = 2) -> dict:
    """A Plotly `line` for a chart's i-th series: its colour and its dash."""
    style = series(i)
    return dict(color=style["colour"], dash=style["dash"], width=width)


def shades(n: int) -> list[str]:
    """`n` colours along MARKER_SCALE, light to dark (e.g. earlier to later training steps)."""
    if n <= 1:
        return [MARKER_SCALE[-1][1]] * n
    return pc.sample_colorscale([list(p) for p in MARKER_SCALE], [i / (n - 1) for i in range(n)])
