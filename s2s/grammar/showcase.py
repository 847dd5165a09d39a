"""Ten long sentences told on purpose, one for each kind of small story the corpus tells.

Why: the random makers in :mod:`s2s.grammar.stories` may or may not draw a given sentence, but a page or a
test needs fixed examples (the Training page probes one). These are built with the same functions as the
random stories, from explicit choices, so they also check those functions end to end: tests compare them
with translations written by hand.
"""

from __future__ import annotations

import random

from s2s.grammar import acts
from s2s.grammar.clauses import Clause, Verb, backshift
from s2s.grammar.morph import Part, noun_phrase, pronoun, refer
from s2s.grammar.simple import BE, state_clause
from s2s.grammar.stories import BECAUSE, REPORTERS, join, when_first


def showcase() -> list[tuple[list[str], list[str]]]:
    """The ten fixed stories, as English and French word lists."""
    rng = random.Random(0)  # every act below names one place and no adjective, so nothing is left to chance
    woman, _ = acts.with_fact(rng, noun_phrase("woman"), "live @near:station", plain=True)
    son = noun_phrase("son", "her")
    tired = [backshift(state_clause(son, "tired")), backshift(acts.act(rng, "work ~all day", refer(son), "past"))]
    mother, sister, father = noun_phrase("mother", "my"), noun_phrase("sister", "my"), noun_phrase("father", "my")
    children, we, she = noun_phrase("child", "the", True), pronoun("we"), pronoun("she")
    letters = acts.relative_thing(rng, "letter", sister, plural=True)
    keys = noun_phrase("key", "the", True)
    stories = [
        ([Clause(woman, REPORTERS["say"], "past"), *tired], [["that"], BECAUSE[0]], [["que"], BECAUSE[1]]),
        ([acts.act(rng, "make soup:some", father, "prog"), state_clause(sister, "sick")], [BECAUSE[0]],
         [BECAUSE[1]]),
        ([acts.act(rng, "play @in:garden", children, "pastprog", plain=True),
          Clause(Part(("it",), ("il",)), Verb("start", "commencer"), "past", "decl", ("to", "rain"),
                 ("à", "pleuvoir"))], [["when"]], [["quand"]]),
        ([acts.act(rng, "like tea:generic", noun_phrase("brother", "my"), "pres"),
          acts.act(rng, "like coffee:generic", sister, "pres")], [["while"]], [["alors", "que"]]),
        ([acts.act(rng, "look for key:own", she, "past"),
          Clause(she, Verb("find", "trouver"), "past", "neg", ("them",), (), "les", (keys.gender, keys.plural))],
         [["but"]], [["mais"]]),
        ([backshift(acts.act(rng, "swim @in:river", we, "want", plain=True)),
          backshift(Clause(noun_phrase("water"), BE, "pres", "decl", ("too", "cold"), ("trop", "froide")))],
         [["but"]], [["mais"]]),
        ([Clause(letters, BE, "pres", "decl", ("on", "the", "table"), ("sur", "la", "table"))], [], []),
        ([Clause(mother, REPORTERS["tell"], "past", en_tail=("me",), clitic="me"),
          backshift(acts.act(rng, "visit museum:the ~tomorrow", refer(mother), "fut"))], [["that"]], [["que"]]),
        ([acts.act(rng, "read book:a @in:garden", mother, "pastprog", plain=True),
          acts.act(rng, "cook dinner:generic", father, "pastprog")], [["while"]], [["pendant", "que"]]),
    ]
    grandfather = noun_phrase("grandfather", "my")
    sleeps = acts.act(rng, "sleep @on:sofa", refer(grandfather), "pres", plain=True)
    sleepy = when_first(state_clause(grandfather, "tired"), sleeps)
    return [*(join(*clauses, en_words=e, fr_words=f) for clauses, e, f in stories), sleepy]
