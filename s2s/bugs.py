"""Documented bugs a run can switch on on purpose, to see what each one does to a model.

Each bug is one boolean field of `ModelConfig` or `TrainConfig` (default off, saved in every checkpoint)
that the core reads in the one place where the real bug hides: the loss's positions, the evaluation's
decoding, the attention scores, the gradient clipping, the decoder's starting state. This module only
names and explains them; the texts are general background, and what a run actually did is measured.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from s2s.config import ModelConfig, TrainConfig
from s2s.errors import S2SError


@dataclass(frozen=True)
class Bug:
    """ one documented bug: its switch, what it is, where it hides in real code, what to look for """

    key: str  # short name used in run specs, URLs and the command line
    field: str  # the switch: a boolean field of ModelConfig or TrainConfig
    title: str
    what: str  # what the bug is
    where: str  # where it hides in real code (a line a learner might write)
    expect: str  # what to look for on the Compare page
    reference: str  # a public report of this bug in a well-known tutorial
    kind: str = "classic"  # the model kind that shows it (blind attention needs attention)
    lr: float | None = None  # the learning rate the experiment uses (None: the default)


BUGS: dict[str, Bug] = {bug.key: bug for bug in (
    Bug("pad_in_loss", "bug_pad_in_loss", "The loss counts padding",
        "Sentences in a batch are padded to the longest one with `<PAD>`. The loss should average only over "
        "real words; with this bug it also scores the model on predicting `<PAD>` after the sentence has "
        "ended, which is trivially easy.",
        "`criterion = nn.CrossEntropyLoss()` without `ignore_index=PAD_ID`, or a mean over every position.",
        "The validation loss comes out far lower than the correct run's (every `<PAD>` is an easy point), while "
        "BLEU and exact match, which count only real words, show no such gain: the loss flatters the model.",
        "pytorch/tutorials issue #2840"),
    Bug("eval_teacher_forced", "bug_eval_teacher_forced", "Teacher forcing during evaluation",
        "Validation should translate as a user would: each word from the model's own previous words. With "
        "this bug the evaluation feeds the reference's previous word at every step, so one wrong word never "
        "leads the rest astray.",
        "`output = model(src, trg, teacher_forcing_ratio=0.5)` inside the evaluation loop (it should be 0).",
        "Validation BLEU and exact match are higher than what the same model scores when it translates on its "
        "own; the free-running translations show the truth.",
        "keon/seq2seq issue #8"),
    Bug("blind_attention", "bug_blind_attention", "Attention that ignores the encoder",
        "Attention should score every English word against the decoder's state. With this bug the score is "
        "computed from the decoder's state alone, so every English word gets the same score and the same "
        "weight: the 'attention' is a plain average of the encoder states.",
        "`energy = v(tanh(W(s)))` with the `U(h_j)` term of the encoder state left out, or attention weights "
        "computed from the decoder's input and state only.",
        "The attention heatmap is flat, and on long sentences it loses to real attention.",
        "pytorch/tutorials issues #130 and #1098", kind="attention"),
    Bug("no_clipping", "bug_no_clipping", "No gradient clipping, with a high learning rate",
        "Clipping rescales a step's gradient when it is too long, so one bad batch cannot throw the weights "
        "far away. This run has no clipping and a learning rate a thousand times the usual one, as when a "
        "recipe's SGD rate is reused for Adam.",
        "`loss.backward(); optimizer.step()` with no `clip_grad_norm_` in between, and `lr=1.0`.",
        "The gradient norm jumps by orders of magnitude and the loss climbs above that of guessing at random; "
        "the guard skips those updates and pauses the run with a message.",
        "the classic LSTM pitfall (Pascanu et al., 2013)", lr=1.0),
    Bug("zero_start", "bug_zero_start", "The decoder starts from zeros",
        "The encoder's final (h, c) is the only thing a classic decoder learns about the English. With this "
        "bug the decoder starts from zeros instead, so it never hears the sentence.",
        "`decoder_hidden = torch.zeros(...)` or `self.decoder(trg)` with the encoder's state not passed on.",
        "Every English sentence gets the same French translation: the most common words of the corpus.",
        "a common mistake in hand-written seq2seq loops"),
)}

_MODEL_FIELDS = {f.name for f in fields(ModelConfig)}


def _check(key: str) -> Bug:
    if key not in BUGS:
        raise S2SError(f"unknown bug {key!r}; choose one of: {', '.join(BUGS)}")
    return BUGS[key]


def with_bug(model_cfg: ModelConfig, train_cfg: TrainConfig, key: str) -> tuple[ModelConfig, TrainConfig]:
    """The two configs with bug `key` switched on (its learning rate too, if it has one); S2SError if unknown."""
    bug = _check(key)
    if bug.field in _MODEL_FIELDS:
        model_cfg = replace(model_cfg, **{bug.field: True}).validate()
    else:
        train_cfg = replace(train_cfg, **{bug.field: True})
    if bug.lr is not None:
        train_cfg = replace(train_cfg, lr=bug.lr)
    return model_cfg, train_cfg.validate()


def active_bug(model_cfg: ModelConfig, train_cfg: TrainConfig) -> Bug | None:
    """The bug a run has switched on, or None; more than one is refused (a comparison must isolate one)."""
    on = [bug for bug in BUGS.values()
          if getattr(model_cfg if bug.field in _MODEL_FIELDS else train_cfg, bug.field)]
    if len(on) > 1:
        raise S2SError("a run switches on at most one bug: " + ", ".join(b.key for b in on))
    return on[0] if on else None
