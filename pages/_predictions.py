"""The pages' "predict first" questions, and the teacher's "ask the class" buttons beside them.

Each helper is one call inside a page: it asks its question (see `pages/_predict.py`) and returns False
while the page must keep its answer hidden. Choices come from the inspected model where the question
needs them (the decoder's top candidates); answers are computed by `s2s.analysis.predict` from the
same model, once a guess is in.
"""

from __future__ import annotations

from pages._decodes import beam_trace, greedy_trace
from pages._markdown import md_escape
from pages._poll import ask_class
from pages._predict import Ask, Reveal, predict_first
from pages._ui import can_control
from s2s.analysis import predict
from s2s.analysis.bottleneck import quality_by_length
from s2s.analysis.polls import length_question, next_word_question
from s2s.data import Pair
from s2s.decode import GreedyTrace
from s2s.instrument import EncoderTrace
from s2s.teacher import compare_decoding, reference_tokens
from s2s.view import ModelView
from s2s.vocab import Vocabulary, tokenize


def _word(word: str) -> str:
    return f"“{md_escape(word)}”"


def _typed_word(vocab: Vocabulary):
    """Turn typed text into one French word the model could write, or say why not."""
    def check(text: str) -> tuple[str | None, str]:
        tokens = tokenize(text)
        if len(tokens) != 1:
            return None, "Type a single French word."
        if tokens[0] not in vocab:
            return None, f"“{tokens[0]}” is not in the model's French vocabulary, so it can never write it."
        return tokens[0], ""
    return check


# ---- Decoder ----------------------------------------------------------------------------------------------------
def next_word_ui(view: ModelView, text: str, trace: GreedyTrace, t: int, forced: dict) -> bool:
    """Which word will the model write at step t? (and, for the teacher, the same question to the class)"""
    step = trace.steps[t]
    context = (view.key, text, tuple(sorted(forced.items())), t)
    after = "as its first word" if t == 0 else f"after {_word(step.input_token)}"

    def grade(guess: str) -> Reveal:
        g = predict.grade_next_word(predict.next_word_distribution(
            view.model, text, view.src_vocab, view.tgt_vocab, t, forced), guess)
        return Reveal(g.correct, f"The model writes {_word(g.model_word)} (probability {g.model_prob:.1%}). Your "
                                 f"guess {_word(guess)} is number **{g.rank:,}** of the {g.n_words:,} French words, "
                                 f"with probability **{g.prob:.2%}**. The bars below show its top candidates.")

    shown = predict_first("decoder", context, f"Which word will the model write next, {after}?", grade,
                          Ask(predict.next_word_choices(step, repr(context)), md_escape, _typed_word(view.tgt_vocab)))
    if can_control():
        ask_class("Ask the class: which word comes next?", lambda: next_word_question(
            predict.next_word_distribution(view.model, text, view.src_vocab, view.tgt_vocab, t, forced), text,
            view.step, repr(context)), key="decoder_ask_class")
    return shown


# ---- Encoder ----------------------------------------------------------------------------------------------------
def c_change_ui(view: ModelView, trace: EncoderTrace) -> bool:
    """After which word does the (top layer's) cell state move the most?"""
    def grade(guess: int) -> Reveal:
        best = predict.biggest_c_change(trace)
        return Reveal(guess == best, f"The memory c moves most after word {best + 1}, {_word(trace.tokens[best])}: "
                                     "see the “how far each word moved h and c” chart in section 2.")

    return predict_first("enc_c", (view.key, tuple(trace.tokens)),
                         "After which word does the cell state c (the top layer's memory) change the most?", grade,
                         Ask(range(len(trace.tokens)), lambda i: f"{i + 1}. {md_escape(trace.tokens[i])}"))


def closed_gate_ui(key: tuple, trace: EncoderTrace, layer: int, t: int) -> bool:
    """Which of the input, forget and output gates lets least through while reading word t?"""
    def grade(guess: str) -> Reveal:
        means = predict.gate_means(trace, t, layer)
        shut = predict.most_closed_gate(trace, t, layer)
        numbers = ", ".join(f"{name} {value:.2f}" for name, value in means.items())
        return Reveal(guess == shut, f"The **{shut}** gate is the most closed for {_word(trace.tokens[t])} "
                                     f"(mean over the units: {numbers}; 0 is shut, 1 wide open).")

    return predict_first("enc_gate", (key, tuple(trace.tokens), layer, t),
                         f"Reading {_word(trace.tokens[t])}, which gate is mostly closed (lowest on average)?",
                         grade, Ask(predict.OPEN_CLOSE_GATES, lambda g: f"{g} gate"), switch=False)


# ---- Teacher forcing ----------------------------------------------------------------------------------------------
def first_error_ui(view: ModelView, src: str, ref: str) -> bool:
    """At which step does free running (with no word pushed in) first go wrong?"""
    targets = [*reference_tokens(ref, view.model.cfg.max_len), "<EOS>"]
    choices = [*range(len(targets)), None]

    def label(step: int | None) -> str:
        return "never: every word right" if step is None else f"step {step} (reference {md_escape(targets[step])})"

    def grade(guess: int | None) -> Reveal:
        free = compare_decoding(view.model, src, ref, view.src_vocab, view.tgt_vocab).free
        first = free.first_error
        if first is None:
            return Reveal(guess is None, "Free running gets every word of this pair right.")
        wrong = free.steps[first]
        return Reveal(guess == first, f"Free running first goes wrong at **step {first}**: it writes "
                                      f"{_word(wrong.predicted_token)} where the reference has "
                                      f"{_word(wrong.target_token)}.")

    return predict_first("teacher", (view.key, src, ref), "At which step does free running first go wrong?",
                         grade, Ask(choices, label))


# ---- Beam search ----------------------------------------------------------------------------------------------------
def beam_vs_greedy_ui(view: ModelView, text: str, width: int, max_len: int, alpha: float) -> bool:
    """Will the beam find a translation the model scores higher than greedy's?"""
    def grade(guess: bool) -> Reveal:
        beam = beam_trace(view, text, width, max_len, alpha)
        plain = greedy_trace(view, text, max_len=max_len)
        beats = predict.beam_beats_greedy(beam, plain)
        verdict = "finds a better-scoring translation" if beats else "finds nothing that scores higher"
        return Reveal(guess == beats, f"At width {width} the beam {verdict}: its best scores "
                                      f"**{beam.best.score:.3f}**, greedy's **{plain.score:.3f}** (sums of "
                                      "log-probabilities: higher is better).")

    return predict_first("beam", (view.key, text, width, max_len, alpha),
                         f"With beam width {width}, will beam search find a translation the model scores higher "
                         "than greedy's?", grade,
                         Ask([True, False], lambda yes: "yes, a better one" if yes else "no, nothing better"))


# ---- Bottleneck ----------------------------------------------------------------------------------------------------
def long_bleu_ui(view: ModelView, pairs: list[Pair]) -> bool:
    """What BLEU will the longest held-out sentences get? (and, for the teacher, a length poll for the class)"""
    group = predict.longest_group(pairs)
    shown = True
    if group is not None:
        words = f"{group.replace('-', '–')} words"

        def grade(guess: float) -> Reveal:
            actual = quality_by_length(view).by_length[group]["bleu"]
            return Reveal(predict.bleu_guess_right(guess, actual),
                          f"The model's BLEU on held-out sentences of {words} is **{actual:.1f}**; you guessed "
                          f"{guess:.0f} (within {predict.BLEU_TOLERANCE:.0f} points counts as right).")

        shown = predict_first("bottleneck", (view.key, group),
                              f"What BLEU (0 to 100) will the model get on held-out sentences of {words}?", grade,
                              Ask(slider=(0.0, 100.0, 1.0)))
    if can_control():
        ask_class("Ask the class: which sentence length fails first?",
                  lambda: length_question(quality_by_length(view)), key="bottleneck_ask_class")
    return shown
