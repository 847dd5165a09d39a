"""Model and training settings as frozen dataclasses, plus the named presets.

A checkpoint stores `asdict(config)` and the model is rebuilt from it, so every field here must be a
plain value. Change a setting with `dataclasses.replace`, never by mutation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from s2s.errors import S2SError

MODEL_KINDS = ("classic", "attention")
PRECISIONS = ("auto", "fp32", "bf16")  # TrainConfig.precision choices (see speed.autocast)


def _require(checks: list[tuple[bool, str]]) -> None:
    """Refuse a config with the message of its first failed (ok, message) check."""
    for ok, message in checks:
        if not ok:
            raise S2SError(message)


@dataclass(frozen=True)
class ModelConfig:
    """ the shape of the encoder-decoder (what a checkpoint needs to rebuild it) """

    src_vocab_size: int = 0  # number of English ids, set from the data
    tgt_vocab_size: int = 0  # number of French ids, set from the data
    embed_dim: int = 256  # word embedding size, like the classic tutorial
    hidden_dim: int = 512  # LSTM state size: h and c each have this many units per layer
    n_layers: int = 1  # stacked LSTM layers in both encoder and decoder
    dropout: float = 0.1  # on embeddings, between layers and before the output layer, in training only
    max_len: int = 40  # longest sentence, in tokens, the model reads or writes
    kind: str = "classic"  # classic: the fixed-vector context; attention: Bahdanau attention over all states
    attn_dim: int = 0  # attention's inner size (0: the hidden size); only for kind="attention"
    # Bug switches (s2s/bugs.py explains each): off by default, on only when a run asks for one on purpose.
    bug_pad_in_loss: bool = False  # BUG: the loss averages over <PAD> targets too (no ignore_index)
    bug_blind_attention: bool = False  # BUG: attention scores use the decoder's state alone, never the encoder's
    bug_zero_start: bool = False  # BUG: the decoder starts from zeros instead of the encoder's (h, c)

    def validate(self) -> "ModelConfig":
        """Refuse impossible shapes with a message instead of a torch error later."""
        checks = [
            (self.embed_dim >= 1, "embedding size must be at least 1"),
            (self.hidden_dim >= 1, "hidden size must be at least 1"),
            (self.n_layers >= 1, "the LSTM needs at least 1 layer"),
            (0.0 <= self.dropout < 1.0, "dropout must be in [0, 1)"),
            (self.max_len >= 1, "max length must be at least 1"),
            (self.kind in MODEL_KINDS, f"model kind must be one of: {', '.join(MODEL_KINDS)}"),
            (self.attn_dim >= 0, "attention size must be 0 (the hidden size) or more"),
            (not self.bug_blind_attention or self.kind == "attention", "blind attention needs the attention model"),
        ]
        _require(checks)
        return self


@dataclass(frozen=True)
class TrainConfig:
    """ how the model is trained (the live job may change lr, teacher forcing and clipping) """

    batch_size: int = 64  # sentence pairs per optimisation step
    lr: float = 1e-3  # Adam learning rate
    teacher_forcing: float = 0.5  # chance that a step feeds the true previous word to the decoder
    clip_norm: float = 1.0  # gradients are rescaled so their global L2 norm is at most this
    seed: int = 0  # seeds weights, batch order, teacher-forcing coin flips and the data split
    min_freq: int = 1  # words seen fewer times in the training split become <UNK>
    precision: str = "auto"  # auto: bf16 autocast where the hardware is fast at it (see speed.py); fp32; bf16
    # Bug switches (s2s/bugs.py explains each): off by default, on only when a run asks for one on purpose.
    bug_eval_teacher_forced: bool = False  # BUG: validation translations are fed the true previous words
    bug_no_clipping: bool = False  # BUG: gradients are never clipped (clip_norm is ignored)

    def validate(self) -> "TrainConfig":
        checks = [
            (self.batch_size >= 1, "batch size must be at least 1"),
            (self.lr > 0, "learning rate must be positive"),
            (0.0 <= self.teacher_forcing <= 1.0, "teacher-forcing ratio must be between 0 and 1"),
            (self.clip_norm > 0, "clip norm must be positive"),
            (self.min_freq >= 1, "min_freq must be at least 1"),
            (self.precision in PRECISIONS, "precision must be auto, fp32 or bf16"),
        ]
        _require(checks)
        return self


PRESETS: dict[str, ModelConfig] = {
    "classic": ModelConfig(embed_dim=256, hidden_dim=512),  # the classic tutorial's sizes
    "small": ModelConfig(embed_dim=64, hidden_dim=128),  # fast demos on a laptop CPU
}
DEFAULT_PRESET = "classic"


def preset(name: str, **overrides) -> ModelConfig:
    """A preset by name with optional field overrides (None values are ignored)."""
    if name not in PRESETS:
        raise S2SError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    changes = {k: v for k, v in overrides.items() if v is not None}
    return replace(PRESETS[name], **changes).validate()


def from_dict(cls, data: dict):
    """Rebuild a config dataclass from a checkpoint's dict, ignoring unknown keys from newer files."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def to_dict(config) -> dict:
    return asdict(config)
