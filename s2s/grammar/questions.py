"""Questions and forms of address in the built-in corpus: where / what / who / why / when / how, and
"you" spoken to a class, a stranger or one's mother.

French asks in three ways and the corpus uses each where a French speaker would: inversion after a
question word with a subject pronoun (où habites-tu ?), est-ce que with a noun subject (quand est-ce que
le train part ?), simple inversion with "être" (où est la gare ?). "you" is "tu" by default and "vous"
when it is plural or polite, which the English shows: "children, ..." (les enfants, vous ...), "excuse
me, ...", "..., please" (s'il vous plaît); "mom, ..." keeps "tu".
"""

from __future__ import annotations

from dataclasses import replace

from s2s.grammar import acts, parts
from s2s.grammar import semantics as sem
from s2s.grammar.clauses import Clause, realize
from s2s.grammar.morph import Part, noun_phrase, pronoun, vous
from s2s.grammar.simple import BE, event_clause, finish, state_clause

_WH = {"where": "où", "what": "que", "why": "pourquoi", "when": "quand"}


def _style(subj: Part) -> str:
    """Inversion after a question word with a pronoun (où vas-tu ?), est-ce que otherwise."""
    return "inv" if not subj.key and subj.person not in (0, 3) else "est"


def _ask(word: str, c: Clause) -> tuple[list[str], list[str]]:
    en, fr = realize(replace(c, mode="q"), _style(c.subj))
    return finish([word, *en], [_WH[word], *fr], True)


_WHERE_TO = ("station", "museum", "hospital", "library", "bakery", "market", "school", "restaurant", "beach", "pool",
             "park", "shop")


def where_is(rng):
    """"where is the station?" -> "où est la gare ?"; "where are my keys?"; "where are you?"."""
    if rng.random() < 0.25:
        subj = pronoun(rng.choice(("you", "he", "she", "they")))
        return _ask("where", Clause(subj, BE))
    kind = rng.choice(("place", "place", "person", "small", "animal"))
    if kind == "place":
        key = rng.choice(_WHERE_TO)
        np = noun_phrase(key, "the", adjs=parts.pick_adjectives(rng, key, 0.15, pre_only=True))
    else:
        key = parts.person_noun(rng, (kind,))
        np = parts.subject_np(rng, key, adj_rate=0.0, plural_rate=0.3 if key != "key" else 1.0)
    be = "are" if np.plural else "is"
    return finish(["where", be, *np.en], ["où", "sont" if np.plural else "est", *np.fr], True)


# (question word, sense, tenses, subject kinds): "where do you live?", "when does the train leave?",
# "why is she crying?", "where is the cat sleeping?", "when did your sister arrive?".
_WH_EVENTS = (("where", "live", "pres", "person"), ("where", "work", "pres", "adult"),
              ("where", "go", "prog", "person"), ("where", "sleep", "prog", "animal"),
              ("where", "play", "prog", "kid animal"), ("when", "leave", "pres", "transport"),
              ("when", "arrive", "pres", "transport"), ("when", "arrive", "past fut", "person"),
              ("when", "come home", "fut past", "person"), ("when", "leave", "fut past", "person"),
              ("why", "cry", "prog", "kid"), ("why", "stay", "past", "person"), ("why", "leave", "past", "person"))


def wh_event(rng):
    """"where does your brother work?", "what are you eating?", "when did she arrive?", "why is he crying?"."""
    word = rng.choice(("where", "when", "what", "what", "why"))
    if word == "what":
        subj = parts.subject(rng, ("person",), pronoun_rate=0.6)
        subj = pronoun("you") if subj.en in (("i",), ("we",)) else subj
        key = rng.choice(("eat", "drink", "read", "buy", "want", "make", "write", "look for"))
        sense = sem.SENSES[key]
        subj = subj if sem.fits(sense, subj.key) else pronoun("you")
        tenses = ("pres",) if sense.aspect == "state" else ("prog", "prog", "past", "fut")
        return _ask("what", Clause(subj, sense.verb, rng.choice(tenses)))
    if word == "why" and rng.random() < 0.4:
        subj = parts.subject(rng, ("person",), pronoun_rate=0.6)
        subj = pronoun("you") if subj.en == ("i",) else subj
        return _ask("why", state_clause(subj, rng.choice(("tired", "sad", "happy", "late", "hungry", "afraid"))))
    _, key, tenses, kinds = rng.choice([w for w in _WH_EVENTS if w[0] == word])
    subj = parts.subject(rng, tuple(kinds.split()), pronoun_rate=0.5 if "person" in kinds else 0)
    subj = pronoun("you") if subj.en == ("i",) else subj
    tense = rng.choice(tenses.split())
    if key == "stay":
        c = event_clause(rng, subj, key, tense, "q")
    else:
        c = Clause(subj, sem.SENSES[key].verb, tense)
    return _ask(word, c)


def who(rng):
    """"who is sleeping on the sofa?" -> "qui dort sur le canapé ?"; "who made this cake?"."""
    someone = Part(("who",), ("qui",))
    if rng.random() < 0.4:
        key = rng.choice(list(acts.THING_MAKERS))
        np = noun_phrase(key, "this", key in ("flower", "apple", "letter"))
        c = Clause(someone, sem.SENSES[acts.THING_MAKERS[key]].verb, "past", "decl", np.en, np.fr)
    else:
        key = rng.choice(("sleep", "play", "swim", "cry", "read", "eat", "call", "help", "open", "clean", "sleep"))
        c = event_clause(rng, someone, key, rng.choice(("prog", "past")), "decl", owner=pronoun("you"))
    en, fr = realize(c)
    return finish(en, fr, True)


def how_is(rng):
    """"how is your mother?" -> "comment va ta mère ?"."""
    np = acts.relative(rng, pronoun(rng.choice(("you", "you", "he", "she", "they"))))
    verb = "are" if np.plural else "is"
    return finish(["how", verb, *np.en], ["comment", "vont" if np.plural else "va", *np.fr], True)


# Whom one speaks to, and how French then says "you": english, french, gender, plural (None: tu).
_ADDRESSEES = (("children", "les enfants", "m", True), ("sir", "monsieur", "m", False),
               ("madam", "madame", "f", False), ("mom", "maman", None, False), ("dad", "papa", None, False))
_REQUESTS = (("help", ("me",), "me"), ("wait for", ("me",), "me"), ("call", ("me",), "me"), ("open", "window", ""),
             ("close", "door", ""), ("close", "window", ""), ("open", "door", ""), ("help", ("us",), "nous"))


def address(rng):
    """"children, are you ready?" (vous), "excuse me, can you help me?" (vous), "mom, are you tired?" (tu)."""
    en_to, fr_to, gender, plural = rng.choice(_ADDRESSEES + (("excuse me", "excusez-moi", "m", False),) * 2)
    you = vous(gender, plural) if gender else pronoun("you", "f" if en_to == "mom" else "m")
    kind = rng.choice(("state", "request", "request", "where", "how") if en_to != "excuse me" else ("request", "where"))
    if kind == "how" and en_to != "excuse me":  # children, how are you? -> les enfants, comment allez-vous ?
        how = ["comment", "allez-vous"] if you.person == 4 else ["comment", "vas-tu"]
        return finish([*en_to.split(), ",", "how", "are", "you"], [fr_to, ",", *how], True)
    if kind == "where" and en_to == "excuse me":
        key = rng.choice(_WHERE_TO)
        en, fr = finish(["where", "is", "the", key], ["où", "est", *noun_phrase(key).fr], True)
        return [*en_to.split(), ",", *en], [fr_to, ",", *fr]
    if kind == "state":
        word = rng.choice(("ready", "tired", "hungry", "thirsty", "cold", "hot", "late", "sick", "busy"))
        mode = rng.choice(("q", "q", "decl")) if word in ("late", "right") else "q"
        en, fr = realize(state_clause(you, word, "pres", mode), "inv" if you.person == 4 else "")
        return finish([*en_to.split(), ",", *en], [fr_to, ",", *fr], mode == "q")
    sense_key, obj, clitic = rng.choice(_REQUESTS)
    if clitic:
        c = Clause(you, sem.SENSES[sense_key].verb, "can", "q", obj, (), clitic)
    else:
        np = noun_phrase(obj, "the")
        c = Clause(you, sem.SENSES[sense_key].verb, "can", "q", np.en, np.fr)
    en, fr = realize(c, "inv")
    please = rng.random() < 0.3 and you.person == 4
    tail_en, tail_fr = ([",", "please"], [",", "s'il", "vous", "plaît"]) if please else ([], [])
    return finish([*en_to.split(), ",", *en, *tail_en], [fr_to, ",", *fr, *tail_fr], True)


def polite(rng):
    """"can you help me, please?" -> "pouvez-vous m'aider, s'il vous plaît ?" (please makes it vous)."""
    you = vous()
    sense_key, obj, clitic = rng.choice(_REQUESTS)
    np = noun_phrase(obj, "the") if not clitic else None
    c = Clause(you, sem.SENSES[sense_key].verb, "can", "q", obj if clitic else np.en, () if clitic else np.fr,
               clitic)
    en, fr = realize(c, "inv")
    return finish([*en, ",", "please"], [*fr, ",", "s'il", "vous", "plaît"], True)

