"""Two models side by side by sentence length (e.g. classic vs attention, or a run with a bug vs a correct one).

The models come from the run library (the live run, an earlier run, an uploaded checkpoint). Both are
scored on the same held-out pairs of the first model's corpus, so the numbers are comparable, and the
verdict sentence is written from those numbers.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from s2s.analysis.bottleneck import MIN_PAIRS, LengthQuality, quality_by_length
from s2s.checkpoint import Checkpoint
from s2s.data import Split
from s2s.view import ModelView

_OTHER_IDS = itertools.count(1_000_000)  # run ids for loaded models, apart from the job's own


def view_of_checkpoint(ckpt: Checkpoint, split: Split | None, corpus_name: str = "") -> ModelView:
    """A ModelView of a loaded checkpoint, scored on `split` (the current run's held-out pairs)."""
    return ModelView(ckpt.model.eval().requires_grad_(False), ckpt.src_vocab, ckpt.tgt_vocab, ckpt.step,
                     next(_OTHER_IDS), split, corpus_name)


def describe_model(view: ModelView) -> str:
    """'attention (hidden 512), step 3,845': what a reader needs to tell two models apart."""
    cfg = view.model.cfg
    return f"{cfg.kind} (hidden {cfg.hidden_dim}), step {view.step:,}"


@dataclass(frozen=True)
class Comparison:
    """ per-group quality of two models on the same held-out pairs """

    names: tuple[str, str]
    first: LengthQuality
    second: LengthQuality

    def shared_groups(self) -> list[str]:
        """Buckets both models were scored on with enough pairs to mean something."""
        return [b for b in self.first.by_length
                if b in self.second.by_length and self.first.by_length[b]["pairs"] >= MIN_PAIRS]

    def verdict(self) -> str:
        """One plain sentence from the live numbers: who wins on the longest sentences, and by how much."""
        groups = self.shared_groups()
        if not groups:
            return "There are not enough held-out sentences to compare the two models by length."
        long = groups[-1]
        a, b = self.first.by_length[long]["bleu"], self.second.by_length[long]["bleu"]
        words = long.replace("+", " or more")
        if abs(a - b) < 1.0:
            text = f"On the longest held-out sentences ({words} words) the two are level: BLEU {a:.1f} and {b:.1f}."
        else:
            winner = self.names[0] if a > b else self.names[1]
            text = (f"On the longest held-out sentences ({words} words), {winner} wins by {abs(a - b):.1f} BLEU: "
                    f"{max(a, b):.1f} against {min(a, b):.1f}.")
        if len(groups) > 1:
            short = groups[0]
            a_s, b_s = self.first.by_length[short]["bleu"], self.second.by_length[short]["bleu"]
            text += f" On {short}-word sentences: {a_s:.1f} (first) against {b_s:.1f} (second)."
        return text


def compare(first: ModelView, second: ModelView, names: tuple[str, str] | None = None) -> Comparison:
    """Score both models (cached per model) on the first one's held-out pairs; `names` default to their sizes."""
    second_on_same = ModelView(second.model, second.src_vocab, second.tgt_vocab, second.step, second.run_id,
                               first.split, first.corpus_name)
    return Comparison(names or (describe_model(first), describe_model(second)), quality_by_length(first),
                      quality_by_length(second_on_same))
