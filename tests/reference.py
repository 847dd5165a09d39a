"""Reference computations for page tests, written apart from the app's decoding and analysis code.

They use only the model's own batched modules (`encode`, `decoder.step`, `loss_teacher_forced`), the path
training takes, not the step-by-step instrumented path the pages show; so a page number that matches one of
these is the model's number, not the page code agreeing with itself.
"""

import torch

from s2s.batching import collate
from s2s.vocab import SOS_ID


def batch_of(view, src: str, tgt_ids: list[int] = ()):
    return collate([(view.src_vocab.encode(src), list(tgt_ids))], [0])


@torch.no_grad()
def context(view, src: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The encoder's final (h, c) of the top layer, each [hidden]."""
    batch = batch_of(view, src)
    h, c = view.model.encode(batch.src_ids, batch.src_lens).state
    return h[-1, 0], c[-1, 0]


@torch.no_grad()
def first_word_probabilities(view, src: str) -> torch.Tensor:
    """The decoder's next-word distribution after reading <SOS>: [tgt_vocab]."""
    batch = batch_of(view, src)
    enc = view.model.encode(batch.src_ids, batch.src_lens)
    logits, _ = view.model.decoder.step(torch.tensor([SOS_ID]), enc.state, enc)
    return torch.softmax(logits[0], dim=-1)


@torch.no_grad()
def sequence_score(view, src: str, words: list[str], finished: bool) -> float:
    """log p(words | src), plus log p(<EOS>) after them when `finished`: a teacher-forced pass over the words."""
    batch = batch_of(view, src, [view.tgt_vocab.stoi[w] for w in words])
    enc = view.model.encode(batch.src_ids, batch.src_lens)
    hidden, _ = view.model.decoder.run(batch.tgt_in, enc.state, enc)  # [words + 1, 1, features]
    logp = torch.log_softmax(view.model.decoder.out(hidden[:, 0]), dim=-1)  # [words + 1, tgt_vocab]
    per_word = logp.gather(1, batch.tgt_out[:, :1]).squeeze(1)  # [words + 1]: each word, then <EOS>
    return float(per_word.sum() if finished else per_word[:-1].sum())


@torch.no_grad()
def greedy_words(view, src: str, force: dict[int, str] | None = None, max_len: int = 40) -> list[str]:
    """Greedy decoding by the batched modules: the argmax word at each step (or the forced one), up to <EOS>."""
    batch = batch_of(view, src)
    enc = view.model.encode(batch.src_ids, batch.src_lens)
    state, prev, words = enc.state, SOS_ID, []
    for t in range(max_len):
        logits, state = view.model.decoder.step(torch.tensor([prev]), state, enc)  # logits = [1, tgt_vocab]
        word = (force or {}).get(t) or view.tgt_vocab.itos[int(logits[0].argmax())]
        words.append(word)
        if word == "<EOS>":
            break
        prev = view.tgt_vocab.stoi[word]
    return words


@torch.no_grad()
def teacher_forced_words(view, src: str, ref: str) -> list[str]:
    """The word the model predicts at each step when it reads the reference's true previous words."""
    ids = view.tgt_vocab.encode(ref)
    batch = batch_of(view, src, ids)
    enc = view.model.encode(batch.src_ids, batch.src_lens)
    hidden, _ = view.model.decoder.run(batch.tgt_in, enc.state, enc)  # [words + 1, 1, features]
    return [view.tgt_vocab.itos[int(i)] for i in view.model.decoder.out(hidden[:, 0]).argmax(-1)]
