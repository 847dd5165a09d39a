"""Attention figures: the heatmap and the bars carry exactly the trace's weights."""

import numpy as np

from s2s.decode import greedy
from s2s.figures.attention import attention_bars, attention_heatmap, attention_matrix
from s2s.figures.palette import BLUE

from .conftest import make_trainer


def _trace(kind):
    trainer = make_trainer(kind=kind)
    for _ in range(30):
        trainer.train_step()
    return greedy(trainer.model, "she is tired", trainer.src_vocab, trainer.tgt_vocab, max_len=6)


def test_heatmap_rows_are_steps_columns_are_source_words():
    trace = _trace("attention")
    weights = attention_matrix(trace)
    assert weights.shape == (len(trace.steps), 3)
    np.testing.assert_allclose(weights.sum(1), 1.0, rtol=1e-5)
    fig = attention_heatmap(trace, current=1)
    np.testing.assert_allclose(np.asarray(fig.data[0].z), weights)
    assert list(fig.data[0].x) == ["0·she", "1·is", "2·tired"]
    assert fig.layout.shapes[0].y0 == 0.5  # the current step is outlined


def test_bars_highlight_the_most_attended_word():
    trace = _trace("attention")
    fig = attention_bars(trace, 0)
    weights = trace.steps[0].attention
    assert list(fig.data[0].y) == weights
    best = int(np.argmax(weights))
    assert fig.data[0].marker.color[best] == BLUE and fig.data[0].marker.color.count(BLUE) == 1
    assert fig.data[0].text[best].endswith("▲") and sum(t.endswith("▲") for t in fig.data[0].text) == 1


def test_classic_model_has_no_attention():
    trace = _trace("classic")
    assert attention_matrix(trace).shape == (0, 3)
