"""`python -m s2s train | translate | evaluate | prepare | experiment | bench`: the core without a browser.

Bad input (a missing file, a corrupt checkpoint, an impossible setting) ends with one line on stderr
and exit code 2, never a traceback. Long work shows a progress bar; Ctrl-C during training saves the
checkpoint before exiting.
"""

from __future__ import annotations

import argparse
import json
import sys

from s2s.beam import beam_search
from s2s.checkpoint import load_checkpoint
from s2s.cli.bench import print_rows, run_bench
from s2s.cli.prepare import cmd_experiment, cmd_prepare
from s2s.cli.train import cmd_train
from s2s.config import DEFAULT_PRESET, MODEL_KINDS, PRECISIONS, PRESETS
from s2s.data import CorpusFilter, load_corpus, split_pairs
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.evaluate import evaluate
from s2s.live.experiments import EXPERIMENTS
from s2s.runtime import DEVICES, resolve_device
from s2s.traces import trace_to_dict


class _Parser(argparse.ArgumentParser):
    """ argparse that reports a usage error in one line with exit code 2 """

    def error(self, message: str):
        self.exit(2, f"error: {message} (see: python -m s2s {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m s2s", description="Train, run and evaluate the Seq2Seq Explainer model.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    tr = sub.add_parser("train", help="train a model and save a checkpoint")
    tr.add_argument("--corpus", default="builtin", help="'builtin' or a Tatoeba/Anki TSV path")
    budget = tr.add_mutually_exclusive_group(required=True)
    budget.add_argument("--minutes", type=float, help="train for this many minutes")
    budget.add_argument("--epochs", type=int, help="train for this many passes over the data")
    tr.add_argument("--out", required=True, help="checkpoint file to write")
    tr.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS))
    tr.add_argument("--model", default="classic", choices=MODEL_KINDS,
                    help="classic: one fixed context vector; attention: Bahdanau attention over all encoder states")
    tr.add_argument("--embed", type=int, help="embedding size (overrides the preset)")
    tr.add_argument("--hidden", type=int, help="LSTM hidden size (overrides the preset)")
    tr.add_argument("--layers", type=int, help="LSTM layers (overrides the preset)")
    tr.add_argument("--dropout", type=float, help="dropout (overrides the preset)")
    tr.add_argument("--teacher-forcing", type=float, default=0.5, help="teacher-forcing ratio in [0, 1]")
    tr.add_argument("--batch", type=int, default=64)
    tr.add_argument("--lr", type=float, default=1e-3)
    tr.add_argument("--clip", type=float, default=1.0, help="gradient clipping norm")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--min-freq", type=int, default=1, help="rarer words become <UNK>")
    tr.add_argument("--precision", default="auto", choices=PRECISIONS,
                    help="auto: bf16 autocast on GPUs with bf16 and CPUs with AMX, else fp32")
    _add_filter_args(tr)
    tr.add_argument("--device", default="auto", choices=DEVICES)
    tr.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: all cores)")
    tr.add_argument("--resume", help="continue from this checkpoint instead of starting fresh")
    tr.add_argument("--keep-best", action="store_true",
                    help="save the weights with the best validation BLEU (checked every 30 s), not the last ones")

    tl = sub.add_parser("translate", help="translate sentences with a checkpoint")
    tl.add_argument("--checkpoint", required=True)
    tl.add_argument("--beam", type=int, default=1, help="beam width (1: greedy)")
    tl.add_argument("--max-len", type=int, help="longest translation in words")
    tl.add_argument("--alpha", type=float, default=0.0, help="length penalty exponent for beam search")
    tl.add_argument("--json", action="store_true", help="print the full decoding trace as JSON")
    tl.add_argument("text", nargs="*", help="sentences (default: one per line on stdin)")

    ev = sub.add_parser("evaluate", help="BLEU and exact match of a checkpoint on a corpus")
    ev.add_argument("--checkpoint", required=True)
    ev.add_argument("--corpus", default="builtin")
    ev.add_argument("--split", default="test", choices=["train", "valid", "test", "all"])
    ev.add_argument("--limit", type=int, help="evaluate at most this many pairs")
    ev.add_argument("--beam", type=int, default=1, help="beam width for the translations (1: greedy)")
    ev.add_argument("--alpha", type=float, default=0.0, help="length penalty exponent for beam search")
    _add_filter_args(ev)
    ev.add_argument("--device", default="auto", choices=DEVICES)
    pr = sub.add_parser("prepare", help="train a classic and an attention model for class, into the run library")
    pr.add_argument("--minutes", type=float, required=True, help="training time of each model")
    pr.add_argument("--preset", default=DEFAULT_PRESET, choices=sorted(PRESETS))
    pr.add_argument("--corpus", default="builtin", help="'builtin' or a Tatoeba/Anki TSV path")
    pr.add_argument("--home", help="the app's run folder (default: $S2S_HOME or ~/.cache/seq2seq-explainer)")
    ex = sub.add_parser("experiment", help="train a ready-made experiment's runs into the run library")
    ex.add_argument("name", choices=sorted(EXPERIMENTS), help="a bug's name, or exposure_bias")
    ex.add_argument("--seconds", type=float, default=120.0, help="training time of each run")
    ex.add_argument("--preset", default="small", choices=sorted(PRESETS))
    ex.add_argument("--corpus", default="builtin", help="'builtin' or a Tatoeba/Anki TSV path")
    ex.add_argument("--home", help="the app's run folder (default: $S2S_HOME or ~/.cache/seq2seq-explainer)")
    ex.add_argument("--parallel", action="store_true", help="train the runs side by side, one process each")
    bn = sub.add_parser("bench", help="training throughput, optionally against the classic reference loop")
    bn.add_argument("--corpus", default="builtin")
    bn.add_argument("--seconds", type=float, default=30.0, help="timed seconds per implementation")
    bn.add_argument("--preset", default="classic", choices=sorted(PRESETS))
    bn.add_argument("--teacher-forcing", type=float, default=0.5)
    bn.add_argument("--batch", type=int, default=64)
    bn.add_argument("--baseline", action="store_true", help="time the classic reference loop too, print the ratio")
    bn.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: all cores)")
    bn.add_argument("--device", default="cpu", choices=DEVICES)
    _add_filter_args(bn)
    return parser


def cmd_bench(args) -> int:
    """One JSON line per implementation (and the ratio with --baseline)."""
    if args.seconds <= 0 or args.batch < 1:
        raise S2SError("--seconds and --batch must be positive")
    device = str(resolve_device(args.device))
    rows = run_bench(args.corpus, args.seconds, args.preset, args.teacher_forcing, args.batch, args.baseline,
                     args.threads, device, args.max_words, args.prefixes)
    print_rows(rows)
    return 0


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-words", type=int, help="keep pairs with at most this many words per side")
    p.add_argument("--prefixes", choices=["classic"], help="keep only English starting 'i am', 'he is', ...")


def cmd_translate(args) -> int:
    """One translation per input line; unknown words are reported on stderr."""
    if args.beam < 1:  # checked before the checkpoint loads, so a typo fails at once
        raise S2SError("--beam must be at least 1 (1 is greedy decoding)")
    if args.max_len is not None and args.max_len < 1:
        raise S2SError("--max-len must be at least 1 word")
    ckpt = load_checkpoint(args.checkpoint)
    lines = args.text or [line.rstrip("\n") for line in sys.stdin]
    if not lines:
        raise S2SError("give a sentence to translate, as an argument or on stdin")
    for line in lines:
        if not line.strip() and not args.text:
            print()
            continue
        if args.beam > 1:
            trace = beam_search(ckpt.model, line, ckpt.src_vocab, ckpt.tgt_vocab, args.beam, args.max_len, args.alpha)
            text = trace.best.text
        else:
            trace = greedy(ckpt.model, line, ckpt.src_vocab, ckpt.tgt_vocab, max_len=args.max_len)
            text = trace.text
        if trace.source.unknown:
            print(f"note: unknown word(s) read as <UNK>: {', '.join(trace.source.unknown)}", file=sys.stderr)
        if trace.source.truncated:
            print(f"note: input cut to the model's maximum of {ckpt.model.cfg.max_len} words", file=sys.stderr)
        print(json.dumps(trace_to_dict(trace), ensure_ascii=False) if args.json else text, flush=True)
    return 0


def cmd_evaluate(args) -> int:
    """Print one JSON line: BLEU, exact match and pairs, overall and by English length."""
    if args.beam < 1:
        raise S2SError("--beam must be at least 1 (1 is greedy decoding)")
    ckpt = load_checkpoint(args.checkpoint)
    device = resolve_device(args.device)
    pairs, _ = load_corpus(args.corpus, CorpusFilter.from_options(args.max_words, args.prefixes))
    seed = int(ckpt.data.get("seed", ckpt.train_config.seed))
    part = split_pairs(pairs, seed=seed).part(args.split)
    if args.limit is not None:
        part = part[: max(args.limit, 0)]
    if not part:
        raise S2SError(f"no pairs to evaluate in the {args.split} split with these filters")
    result = evaluate(ckpt.model.to(device), part, ckpt.src_vocab, ckpt.tgt_vocab, device, beam=args.beam,
                      alpha=args.alpha)
    result.pop("hypotheses")
    out = {"bleu": round(result["bleu"], 2), "exact_match": round(result["exact_match"], 4),
           "pairs": result["pairs"], "loss": round(result["loss"], 4), "by_length": result["by_length"],
           "split": args.split, "corpus": args.corpus, "step": ckpt.step, "beam": args.beam}
    print(json.dumps(out, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = {"train": cmd_train, "translate": cmd_translate, "evaluate": cmd_evaluate, "bench": cmd_bench,
                "prepare": cmd_prepare, "experiment": cmd_experiment}
    try:
        return commands[args.command](args)
    except S2SError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
