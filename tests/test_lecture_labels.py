"""Labels a lecturer can say out loud: what each chart states is what it shows, in text big enough for the room."""

import numpy as np
import pytest
import torch

from pages._tour_stops import TOUR
from s2s.beam import beam_search
from s2s.build import new_trainer
from s2s.config import TrainConfig, preset
from s2s.data import Split
from s2s.decode import greedy
from s2s.figures import data as fd
from s2s.figures.attention import attention_bars
from s2s.figures.beam import beam_tree_figure, comparison_figure
from s2s.figures.common import MIN_FONT_PX, loss_figure
from s2s.figures.decoder import topk_figure
from s2s.figures.encoder import colour_limit, step_state_figure
from s2s.vocab import Vocabulary

from .conftest import make_trainer


def text_sizes(fig) -> list[float]:
    """Every explicit text size in a figure (trace text and the layout's base font)."""
    sizes = [fig.layout.template.layout.font.size]
    for trace in fig.data:
        font = getattr(trace, "textfont", None)
        if font is not None and font.size is not None:
            sizes += list(np.atleast_1d(font.size))
    return sizes


@pytest.fixture(scope="module")
def untrained():
    """Labels do not depend on what a model learned: an untrained one is enough (and instant)."""
    return make_trainer()


def test_probabilities_never_run_past_100_percent(untrained):
    trace = greedy(untrained.model, "i am cold", untrained.src_vocab, untrained.tgt_vocab, k=5)
    assert topk_figure(trace.steps[0], 1.0).layout.xaxis.range == (0, 1)


def test_attention_weights_stay_on_a_0_to_1_axis():
    pairs = [("i am cold", "j ai froid"), ("hello", "bonjour")] * 4
    tr = new_trainer(Split(pairs, pairs, pairs), preset("small", kind="attention", dropout=0.0), TrainConfig())
    trace = greedy(tr.model, "i am cold", tr.src_vocab, tr.tgt_vocab)
    assert attention_bars(trace, 0).layout.yaxis.range == (0, 1)


def test_validation_loss_says_it_is_teacher_forced():
    fig = loss_figure({"step": (1, 2), "loss": (3.0, 2.0)}, {"step": (2,), "loss": (1.5,)})
    assert [t.name for t in fig.data][-1] == "validation loss (teacher-forced)"


def test_the_encoder_colour_scale_stays_put_while_stepping():
    c = torch.tensor([[0.5, -0.2], [2.5, -1.0], [-3.0, 0.1]])  # a sentence's c, 3 steps x 2 units
    h = torch.tanh(c)
    limit = colour_limit(c)
    assert limit == 3.0 and colour_limit(h) == 1.0  # symmetric, at least the range of h
    ranges = {(f.data[0].zmin, f.data[0].zmax) for f in (step_state_figure(h[t], c[t], [0, 1], "w", limit)
                                                        for t in range(3))}
    assert ranges == {(-3.0, 3.0)}


def test_the_batch_grid_shows_the_ids_its_title_names():
    vocab = Vocabulary(["je", "t", "aime"])
    ids = torch.tensor([[4, 5], [6, 0]])  # [seq_len=2, batch=2]; 0 is <PAD>
    fig = fd.token_matrix_figure(ids, vocab, "src_ids")
    assert fig.data[0].text[0][0] == "4<br>je" and fig.data[0].text[1][1] == "0<br>&lt;PAD&gt;"
    assert min(text_sizes(fig)) >= MIN_FONT_PX


def test_chart_text_is_at_least_14_px(untrained):
    trace = beam_search(untrained.model, "we are happy", untrained.src_vocab, untrained.tgt_vocab, 3)
    assert min(text_sizes(beam_tree_figure(trace))) >= MIN_FONT_PX == 14
    assert min(text_sizes(comparison_figure([("greedy", ["a", "b"], [-0.1, -0.2])], None))) >= MIN_FONT_PX


@pytest.mark.parametrize("stale", ["ids become vectors", "gate bars"])
def test_tour_texts_name_what_their_pages_show(stale):
    assert not [stop.title for stop in TOUR if stale in stop.text]
