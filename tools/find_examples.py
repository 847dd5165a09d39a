"""Check a trained checkpoint for lecture examples: does each tour stop's effect show on this model?

Run from the repository root: `python tools/find_examples.py CHECKPOINT [--width 5]` (a checkpoint trained on
the built-in corpus, e.g. `python -m s2s train --corpus builtin --epochs 12 --out /tmp/m.pt`). For each
effect it runs the app's search (`s2s.analysis.examples.search`) and re-checks the example it found with the
functions the pages call, then prints one JSON line: the sentence, the numbers that show the effect, whether
they hold, and the seconds the search took (machine-dependent).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shown(view, example, width: int) -> bool:
    """The effect, re-checked independently of the search."""
    from s2s.analysis import examples as ex
    from s2s.beam import beam_search
    from s2s.decode import greedy
    from s2s.teacher import compare_decoding, word_diff

    args = (view.src_vocab, view.tgt_vocab)
    if example.effect == ex.FREE_RUNNING:
        c = compare_decoding(view.model, example.src, example.ref, *args).compounding()
        return c is not None and c.free_wrong > c.teacher_wrong
    if example.effect == ex.BEAM:
        beam, plain = beam_search(view.model, example.src, *args, width), greedy(view.model, example.src, *args)
        return beam.best.score > plain.score and beam.best.tokens != plain.words
    if example.effect == ex.FORCING:
        plain = greedy(view.model, example.src, *args)
        forced = greedy(view.model, example.src, *args, force={example.step: example.word})
        diff = word_diff([s.chosen_token for s in plain.steps], [s.chosen_token for s in forced.steps])
        return diff.n_changed_later > 0
    return example.translation.split() != example.ref.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("--width", type=int, default=5, help="beam width for the beam example")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from s2s.analysis import examples as ex
    from s2s.checkpoint import load_checkpoint
    from s2s.data import load_builtin, training_split
    from s2s.view import ModelView

    ckpt = load_checkpoint(args.checkpoint)
    split = training_split(load_builtin()[0], seed=ckpt.data.get("seed", 0))
    view = ModelView(ckpt.model.float().eval(), ckpt.src_vocab, ckpt.tgt_vocab, ckpt.step, 1, split, "built-in")
    for effect in (ex.FREE_RUNNING, ex.BEAM, ex.FORCING, ex.LONG):
        start = time.perf_counter()
        found = ex.search(view, effect, args.width)
        seconds = time.perf_counter() - start
        e = found.example
        print(json.dumps({"model_step": ckpt.step, "effect": effect, "candidates": found.n_candidates,
                          "found": e is not None, "effect_shown": e is not None and shown(view, e, args.width),
                          "src": e and e.src, "step": e and e.step, "word": e and e.word,
                          "later_changed": e and f"{e.changed} of {e.later}",
                          "greedy_vs_beam": e and f"{e.greedy_score:.3f} vs {e.beam_score:.3f}",
                          "seconds": round(seconds, 1)}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
