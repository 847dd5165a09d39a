"""What a training run is made of (corpus, filters, model and training settings, device), and where runs live.

A `RunSpec` is plain data: the job builds a trainer from it, the autosave stores it, and a restarted
server rebuilds the same run from it. Uploaded corpora are copied into the run folder so an autosave
can always find its data again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from s2s.build import new_trainer
from s2s.checkpoint import Checkpoint, save_checkpoint
from s2s.config import DEFAULT_PRESET, ModelConfig, TrainConfig, from_dict, preset
from s2s.data import CorpusFilter, LoadReport, load_corpus, training_split
from s2s.errors import S2SError
from s2s.runtime import resolve_device
from s2s.train import Trainer

BUILTIN_PROBES = ("i love you", "i am cold", "how are you", "she is not tired",
                  "the woman who lives near the station said that her son was tired because he had worked all day")


def run_home() -> Path:
    """Where runs are saved: $S2S_HOME, else the user's cache folder (~/.cache/seq2seq-explainer)."""
    if os.environ.get("S2S_HOME"):
        return Path(os.environ["S2S_HOME"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "seq2seq-explainer"


@dataclass(frozen=True)
class RunSpec:
    """ everything needed to (re)build a training run """

    corpus: str = "builtin"  # 'builtin' or a path to a Tatoeba/Anki TSV
    corpus_name: str = "built-in corpus"  # shown in the app
    max_words: int | None = None  # corpus filter: longest sentence kept
    prefixes: str | None = None  # corpus filter: None or 'classic'
    preset: str = DEFAULT_PRESET  # model size preset name
    model: ModelConfig = field(default_factory=ModelConfig)  # filled from the preset when built
    train: TrainConfig = field(default_factory=TrainConfig)
    device: str = "auto"
    name: str = ""  # shown in the run library ('' : made from the settings)
    group: str = ""  # runs started together (an experiment) share this; '' for a run on its own
    budget_s: float | None = None  # training seconds after which the job pauses the run (None: no limit)

    @classmethod
    def make(cls, preset_name: str = DEFAULT_PRESET, kind: str = "classic", **kw) -> "RunSpec":
        """A spec whose model sizes come from a preset; `kind` is 'classic' or 'attention'."""
        return cls(preset=preset_name, model=preset(preset_name, kind=kind), **kw)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "RunSpec":
        data = dict(data)
        model = from_dict(ModelConfig, data.pop("model", {}))
        train = from_dict(TrainConfig, data.pop("train", {}))
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(model=model, train=train, **known)


def build_trainer(spec: RunSpec) -> tuple[Trainer, LoadReport]:
    """Load the corpus, split it and build a fresh trainer; any problem is an S2SError."""
    spec.model.validate()
    spec.train.validate()
    pairs, report = load_corpus(spec.corpus, CorpusFilter.from_options(spec.max_words, spec.prefixes))
    split = training_split(pairs, seed=spec.train.seed)
    trainer = new_trainer(split, spec.model, spec.train, resolve_device(spec.device))
    return trainer, report


def split_for(spec: RunSpec):
    """The split a spec's run trains on (to resume an autosave)."""
    pairs, _ = load_corpus(spec.corpus, CorpusFilter.from_options(spec.max_words, spec.prefixes))
    return training_split(pairs, seed=spec.train.seed)


def store_upload(data: bytes, name: str, home: Path | None = None) -> Path:
    """Keep an uploaded corpus in the run folder (named by content hash) so autosaves can reload it."""
    folder = (home or run_home()) / "corpora"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:16]
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in Path(name).name)[:60] or "corpus"
    path = folder / f"{digest}-{safe}"
    if not path.exists():
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


def probe_sentences(spec: RunSpec, trainer: Trainer, n: int = 5) -> list[tuple[str, str]]:
    """Fixed sentences to translate live: the classics for the built-in corpus, else held-out ones."""
    if spec.corpus == "builtin":
        refs = dict(trainer.split.train + trainer.split.valid + trainer.split.test)
        return [(s, refs.get(s, "")) for s in BUILTIN_PROBES]
    return list(trainer.split.valid[:n])


def save_run(path: Path, trainer: Trainer, spec: RunSpec) -> Path:
    """Write a run (weights, optimizer, history, spec) to `path` atomically; OSError on failure.

    The caller holds whatever lock keeps the trainer still while it is written.
    """
    tr = trainer
    return save_checkpoint(path, tr.model, tr.src_vocab, tr.tgt_vocab, tr.train_cfg, tr.step, tr.epoch, tr.history,
                           tr.optimizer, {"spec": spec.to_dict(), "seed": tr.train_cfg.seed})


def spec_of(ckpt: Checkpoint, file_name: str) -> RunSpec:
    """A checkpoint's run spec: the one it stores, or one made from a CLI checkpoint's corpus; S2SError if bad."""
    try:
        return RunSpec.from_dict(ckpt.data["spec"]) if "spec" in ckpt.data else spec_from_cli(ckpt)
    except (KeyError, TypeError, ValueError) as err:
        raise S2SError(f"{file_name} holds a run description this app cannot read ({err})") from None


def spec_from_cli(ckpt: Checkpoint) -> RunSpec:
    """The run spec of a checkpoint written by `python -m s2s train` (it stores the corpus, not a spec)."""
    data = ckpt.data
    return RunSpec(corpus=data.get("corpus", "builtin"), max_words=data.get("max_words"),
                   prefixes=data.get("prefixes") or None, preset="custom", model=ckpt.model.cfg,
                   train=ckpt.train_config, corpus_name=str(data.get("corpus", "builtin")))
