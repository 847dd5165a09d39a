"""Beam search in log-probabilities, returning the whole search tree.

Every candidate the search looked at becomes a node with a parent link, so the Beam page can draw
which branches were kept, which were pruned and where hypotheses finished. At each step each live
hypothesis proposes its `width` best next words; of all proposals the `width` best by cumulative
log-probability survive, the rest are pruned. A survivor ending in <EOS> is finished and leaves the
beam, which then holds one hypothesis fewer; the search ends when `width` have finished.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from s2s.decode import Source, start_decoding
from s2s.errors import S2SError
from s2s.model import Encoded, Seq2Seq
from s2s.vocab import EOS_ID, SOS_ID, Vocabulary

KEPT, PRUNED, FINISHED = "kept", "pruned", "finished"


@dataclass(frozen=True)
class BeamNode:
    """ one candidate in the search tree """

    id: int
    parent: int | None  # id of the node this one extends (None for the <SOS> root)
    step: int  # 0 for the root, t for the t-th output word
    token_id: int
    token: str
    logprob: float  # log p(token | prefix)
    score: float  # cumulative log-probability of the whole prefix
    status: str  # kept, pruned or finished


@dataclass(frozen=True)
class Hypothesis:
    """ a complete (or length-limited) translation from the n-best list """

    node_ids: list[int]  # path from the first word to the last node
    tokens: list[str]  # French words, without <EOS>
    score: float  # sum of log-probabilities
    normalized: float  # score divided by the length penalty; the n-best list is sorted by this
    finished: bool  # False when it hit max_len without <EOS>

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass(frozen=True)
class BeamTrace:
    """ the search tree and its n-best list """

    source: Source
    nodes: list[BeamNode]
    nbest: list[Hypothesis]
    width: int
    max_len: int
    length_penalty: float

    @property
    def best(self) -> Hypothesis:
        return self.nbest[0]

    @property
    def best_path(self) -> list[BeamNode]:
        """The nodes of the best translation, first word first (its score is their logprobs' sum)."""
        return [self.nodes[i] for i in self.best.node_ids]


def length_penalty(n_words: int, alpha: float) -> float:
    """GNMT length penalty ((5 + n) / 6) ** alpha; alpha = 0 ranks by raw log-probability."""
    return ((5 + n_words) / 6) ** alpha


@torch.no_grad()
def beam_search(model: Seq2Seq, src_text: str, src_vocab: Vocabulary, tgt_vocab: Vocabulary, width: int = 5,
                max_len: int | None = None, alpha: float = 0.0) -> BeamTrace:
    """Beam search for one sentence; `alpha` is the length-penalty exponent used to rank finished hypotheses."""
    if width < 1:
        raise S2SError("beam width must be at least 1")
    source, max_len = start_decoding(model, src_text, src_vocab, max_len)
    device = model.decoder.out.weight.device
    src_ids = torch.tensor(src_vocab.encode(source.tokens), device=device).unsqueeze(1)  # [src_len, 1]
    enc = model.encode(src_ids, torch.tensor([src_ids.shape[0]]))
    nodes = [BeamNode(0, None, 0, SOS_ID, tgt_vocab.itos[SOS_ID], 0.0, 0.0, KEPT)]
    alive, state = [0], enc.state  # node ids of live hypotheses; state = each [n_layers, n_alive, hidden]
    n_finished = 0
    for step in range(1, max_len + 1):
        room = width - n_finished  # each finished hypothesis leaves the beam for good
        prev = torch.tensor([nodes[i].token_id for i in alive], device=device)  # [n_alive]
        logits, state = model.decoder.step(prev, state, _expand(enc, len(alive)))
        logp = torch.log_softmax(logits, dim=-1)  # [n_alive, tgt_vocab]
        top_lp, top_ids = logp.topk(min(room, logp.shape[1]), dim=-1)  # [n_alive, room]
        alive, rows = _select(nodes, alive, top_lp.tolist(), top_ids.tolist(), step, room, tgt_vocab)
        n_finished = sum(n.status == FINISHED for n in nodes)
        if not alive:
            break
        state = tuple(s[:, rows] for s in state)
    return BeamTrace(source, nodes, _nbest(nodes, alive, alpha), width, max_len, alpha)


def _expand(enc: Encoded, n: int) -> Encoded:
    """Repeat a one-sentence encoding n times along the batch axis (for decoders that read it)."""
    return Encoded(enc.outputs.expand(-1, n, -1), tuple(s.expand(-1, n, -1) for s in enc.state),
                   enc.src_mask.expand(-1, n))


def _select(nodes, alive, top_lp, top_ids, step, width, vocab) -> tuple[list[int], list[int]]:
    """Add every proposal as a node, mark the `width` best kept/finished; return new live ids and their rows."""
    proposals = []
    for row, parent in enumerate(alive):
        for lp, tok in zip(top_lp[row], top_ids[row]):
            proposals.append((nodes[parent].score + lp, row, parent, tok, lp))
    proposals.sort(key=lambda p: -p[0])
    new_alive, rows = [], []
    for rank, (score, row, parent, tok, lp) in enumerate(proposals):
        status = PRUNED if rank >= width else FINISHED if tok == EOS_ID else KEPT
        nodes.append(BeamNode(len(nodes), parent, step, tok, vocab.itos[tok], lp, score, status))
        if status == KEPT:
            new_alive.append(len(nodes) - 1)
            rows.append(row)
    return new_alive, rows


def _nbest(nodes: list[BeamNode], alive: list[int], alpha: float) -> list[Hypothesis]:
    """Finished hypotheses, then those still alive at max_len, each group ranked by normalised score."""
    ends = [n for n in nodes if n.status == FINISHED] + [nodes[i] for i in alive]
    hyps = []
    for end in ends:
        path, node = [], end
        while node.parent is not None:
            path.append(node)
            node = nodes[node.parent]
        path.reverse()
        tokens = [n.token for n in path if n.token_id != EOS_ID]
        finished = end.status == FINISHED
        norm = end.score / length_penalty(len(tokens), alpha)  # words, as the page's caption says: no <EOS>
        hyps.append(Hypothesis([n.id for n in path], tokens, end.score, norm, finished))
    hyps.sort(key=lambda h: (not h.finished, -h.normalized))
    return hyps
