"""What inspection reads: a private copy of the model at one step, with its vocabularies and corpus split.

It sits in the core, below the live job, so analysis and figures can take a model view without knowing
where it came from (the live job, a timeline step, or a checkpoint file).
"""

from __future__ import annotations

from dataclasses import dataclass

from s2s.data import Split
from s2s.model import Seq2Seq
from s2s.vocab import Vocabulary


@dataclass(frozen=True)
class ModelView:
    """ a private CPU copy of the model at one step, with its vocabularies: safe to use while training runs """

    model: Seq2Seq
    src_vocab: Vocabulary
    tgt_vocab: Vocabulary
    step: int
    run_id: int = 0  # changes whenever the job starts, restarts or loads a run: a key for caches
    split: Split | None = None  # the run's corpus split (shared, read-only)
    corpus_name: str = ""

    @property
    def key(self) -> tuple[int, int]:
        """(run, step): identifies these exact weights, for caching results computed from them."""
        return self.run_id, self.step
