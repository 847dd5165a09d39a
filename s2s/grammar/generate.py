"""Built-in English->French corpus: a small, deterministic grammar with a semantic layer.

Why: the app needs a parallel corpus that ships with the code, has no licence questions, trains on a CPU
in minutes, and still shows what a seq2seq model has to learn: agreement, elision, reordering (adjectives,
negation, questions, object pronouns), tenses that do not map one to one (was tired -> était fatigué,
worked -> a travaillé), and long sentences that must squeeze through the encoder state. Its sentences
are meant to be read aloud in class, so they follow what the words mean (see semantics.py), not only
the grammar.

What: :func:`generate_pairs` runs the sentence makers of :mod:`s2s.grammar.simple`,
:mod:`s2s.grammar.questions` and :mod:`s2s.grammar.stories` in a fixed plan. Every random choice comes
from ``random.Random(SEED)`` and only ordered containers are iterated, so the corpus is identical on
every run, machine and hash seed. Each English sentence has exactly one French translation. Statements
end with ".", questions with "?" in both languages; the set phrases also appear bare ("i love you" ->
"je t'aime"), as the classic tutorial has them. ``python -m s2s.grammar.generate
assets/builtin_corpus.tsv`` rewrites the shipped file (UTF-8, one ``english<TAB>french`` per line).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from s2s.grammar import lexicon as lex
from s2s.grammar import questions, simple, stories
from s2s.grammar.morph import english, french, pronoun
from s2s.grammar.showcase import showcase

SEED = 1789
MAX_WORDS = 26  # longest English sentence kept, in words (punctuation not counted)
DEFAULT_OUTPUT = Path("assets/builtin_corpus.tsv")

_PLAN = (  # (sentence maker, number of new pairs wanted from it)
    (simple.person_state, 1200),
    (simple.thing_state, 650),
    (simple.location, 900),
    (simple.event, 2800),
    (simple.with_pronoun, 550),
    (simple.there_is, 300),
    (simple.weather, 70),
    (questions.where_is, 250),
    (questions.wh_event, 450),
    (questions.who, 120),
    (questions.how_is, 40),
    (questions.address, 250),
    (questions.polite, 15),
    (stories.because_story, 1100),
    (stories.when_habit, 250),
    (stories.reported, 1300),
    (stories.while_scene, 450),
    (stories.while_contrast, 200),
    (stories.when_interrupted, 350),
    (stories.errand, 350),
    (stories.wish_and_obstacle, 200),
    (stories.looked_for, 100),
    (stories.thing_story, 250),
)


def _basics():
    """Every subject pronoun with every state ("she is tired", "are they hungry?"), the core of the corpus."""
    for name in ("i", "you", "he", "she", "we", "they"):
        subj = pronoun(name)
        for word, _, kind in lex.PERSON_STATES:
            if kind == "trait" and name == "i":
                continue  # not "i am nice"
            for mode in ("decl", "neg", "q")[: 2 if name == "i" or kind == "trait" else 3]:
                yield simple.say(simple.state_clause(subj, word, "pres", mode))


def _words(en: str) -> int:
    return sum(w not in ",.?!" for w in en.replace(",", " ,").split())


def _add(pairs: dict[str, str], en: str, fr: str) -> None:
    """Keep a new pair (unless too long); the same English must never get two translations."""
    if _words(en) <= MAX_WORDS and pairs.setdefault(en, fr) != fr:
        raise ValueError(f"two translations for {en!r}: {pairs[en]!r} and {fr!r}")


def generate_pairs() -> list[tuple[str, str]]:
    """The whole corpus as (english, french) pairs, in a fixed order, one pair per English sentence."""
    rng = random.Random(SEED)
    pairs: dict[str, str] = {}
    for en, fr, mark in lex.PHRASES:
        _add(pairs, en, fr)
        _add(pairs, english([*en.split(), mark]), french([*fr.split(), mark]))
    for en, fr in (*showcase(), *_basics()):
        _add(pairs, english(en), french(fr))
    for maker, count in _PLAN:
        target = len(pairs) + count
        for _ in range(30 * count):
            en, fr = maker(rng)
            _add(pairs, english(en), french(fr))
            if len(pairs) >= target:
                break
    return list(pairs.items())


def main(argv: list[str] | None = None) -> None:
    """Write the corpus as a TSV file: ``python -m s2s.grammar.generate [path]``."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_OUTPUT
    pairs = generate_pairs()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(f"{en}\t{fr}\n" for en, fr in pairs).encode("utf-8"))
    print(f"wrote {len(pairs)} pairs to {path}")


if __name__ == "__main__":
    main()
