"""The decodes the pages draw, computed once per model copy and arguments for the whole class.

A class opens a page together, on the same model copy (every session arriving within a few seconds pins
the same one, s2s/live/arrivals.py) and, most often, the same sentence. The Decoder page decodes it twice,
Beam search runs a beam and a greedy pass (once for the prediction, again for the tree), the Encoder page
traces two sentences: per student that is a fraction of a second of the server's one free core, and sixty
students arriving at once kept every tab waiting for its next training step for seconds. Here each decode is
computed once per (job, model step, arguments) and the same immutable trace is handed to every session.

The figures drawn from those traces are shared the same way (`shared_figure`): building one Plotly figure
took 9 to 14 ms, the Encoder page draws six, and Streamlit's own part of sending one is about 2 ms.
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

from pages._job import get_job
from s2s.beam import BeamTrace, beam_search
from s2s.cache import ResultCache
from s2s.decode import GreedyTrace, Source, greedy, prepare_source
from s2s.instrument import EncoderTrace, trace_encoder
from s2s.view import ModelView

T = TypeVar("T")
_TRACES = ResultCache(capacity=64)  # a few pages x a few sentences x the copies sessions pin now
_FIGURES = ResultCache(capacity=256)  # a few figures per trace, for the traces above


def _shared(name: str, view: ModelView, args: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once for every session asking with the same job, model step and arguments."""
    return _TRACES.get_or_compute((name, id(get_job()), view.key, args), compute)


def greedy_trace(view: ModelView, text: str, k: int = 5, temperature: float = 1.0, max_len: int | None = None,
                 force: dict[int, str] | None = None) -> GreedyTrace:
    """`s2s.decode.greedy` with the view's model, shared (an S2SError, e.g. empty text, is raised to each caller)."""
    forced = tuple(sorted((force or {}).items()))
    return _shared("greedy", view, (text, k, temperature, max_len, forced),
                   lambda: greedy(view.model, text, view.src_vocab, view.tgt_vocab, k=k, temperature=temperature,
                                  max_len=max_len, force=dict(forced)))


def beam_trace(view: ModelView, text: str, width: int = 5, max_len: int | None = None,
               alpha: float = 0.0) -> BeamTrace:
    """`s2s.beam.beam_search` with the view's model, shared."""
    return _shared("beam", view, (text, width, max_len, alpha),
                   lambda: beam_search(view.model, text, view.src_vocab, view.tgt_vocab, width, max_len, alpha))


def encoder_trace(view: ModelView, text: str) -> tuple[Source, EncoderTrace]:
    """The sentence as the encoder reads it (tokens, unknown words, truncation) and its trace, shared."""
    def compute() -> tuple[Source, EncoderTrace]:
        source = prepare_source(text, view.src_vocab, view.model.cfg.max_len)
        return source, trace_encoder(view.model.encoder, source.tokens, view.src_vocab)

    return _shared("encoder", view, text, compute)


def shared_figure(name: str, trace: object, params: Hashable, build: Callable[[], T]) -> T:
    """`build()`, a figure drawn from `trace` with `params` (every other argument it uses), once for every
    session; nothing may change the figure it returns (pages only hand it to `chart`).

    The trace is named by its identity, which is safe because the cache keeps the trace alive beside its figure:
    no other object can take that identity while the entry exists.
    """
    return _FIGURES.get_or_compute((name, id(trace), params), lambda: (trace, build()))[1]
