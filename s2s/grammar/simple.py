"""Short sentences of the built-in corpus: states, places, events, likes and questions, one clause each.

Each maker draws one sentence from the tables of :mod:`s2s.grammar.semantics`, so a time phrase always
suits its verb ("she is tired today", "we swim in the river every morning", never "we are swimming ...
every morning"), and returns English and French word lists with their final "." or "?".
"""

from __future__ import annotations

from dataclasses import replace

from s2s.grammar import lexicon as lex
from s2s.grammar import parts
from s2s.grammar import semantics as sem
from s2s.grammar.clauses import Clause, Verb, realize
from s2s.grammar.morph import Part, inflect, noun_phrase, tags

BE, BE_AVOIR = Verb("be", "être", True), Verb("be", "avoir", True)  # she is tired / j'ai faim
_ANIMAL_STATES = ("tired", "hungry", "thirsty", "cold", "afraid", "sick")


def finish(en, fr, question: bool) -> tuple[list[str], list[str]]:
    """A question ends with "?" in both languages; a statement ends with no mark, as students type it."""
    return ([*en, "?"], [*fr, "?"]) if question else (list(en), list(fr))


def say(c: Clause, time=((), ()), style: str = "") -> tuple[list[str], list[str]]:
    """A whole sentence: the clause, a time phrase and "?" for a question."""
    en, fr = realize(c, style)
    return finish([*en, *time[0]], [*fr, *time[1]], c.mode == "q")


def state_clause(subj: Part, word: str, tense: str = "pres", mode: str = "decl") -> Clause:
    """"she is tired" (être + adjective) or "she is hungry" (avoir + noun: elle a faim)."""
    forms, kind = next((f, k) for w, f, k in lex.PERSON_STATES if w == word)
    if kind == "avoir":
        return Clause(subj, BE_AVOIR, tense, mode, (word,), (forms,))
    return Clause(subj, BE, tense, mode, (word,), tuple(inflect(forms, subj.gender, subj.plural).split()))


def person_state(rng):
    """"we were tired yesterday", "is she hungry?", "my brother is not late"."""
    subj = parts.subject(rng, ("person", "animal"), pronoun_rate=0.55)
    animal = "animal" in tags(subj.key)
    word = rng.choice([w for w, _, k in lex.PERSON_STATES if (not animal or w in _ANIMAL_STATES)
                       and not (k == "trait" and subj.en == ("i",))])  # not "i am nice"
    kind = next(k for w, _, k in lex.PERSON_STATES if w == word)
    tense = "pres" if kind == "trait" or rng.random() < 0.7 else "past"
    mode = ask_mode(rng, subj) if word not in ("late", "right", "wrong", "ready") or tense == "past" \
        else rng.choice(("decl", "neg", "q"))
    judged = kind == "trait" or word in ("right", "wrong", "ready")  # no "i am wrong now"
    time = parts.time_phrase(rng, sem.time_kinds(None, tense) if not judged else (), 0.3)
    very = kind != "avoir" and word not in ("late", "ready") and rng.random() < 0.12
    if kind == "trait" and subj.key:
        subj = parts.subject_np(rng, subj.key, adj_rate=0.0, plural_rate=0.3)  # not "the little children are tall"
    c = state_clause(asked(subj, mode), word, tense, mode)
    if very:
        c = replace(c, en_tail=("very", *c.en_tail), fr_tail=("très", *c.fr_tail))
    return say(c, time)


def thing_state(rng):
    """"the soup is hot", "is the museum open?", "her new car is not expensive"."""
    options = [(w, f, t) for w, f, t in lex.THING_STATES]
    word, forms, wanted = rng.choice(options)
    keys = [k for k in parts.NOUNS if set(tags(k)) & set(wanted.split()) and "person" not in tags(k)]
    mode = rng.choice(("decl", "decl", "neg", "q"))
    key = rng.choice(keys)
    det = rng.choice(("the", "the", "this", "your" if "own" in tags(key) else "the")) if mode == "q" else ""
    np = parts.subject_np(rng, key, adj_rate=0.0, plural_rate=0.2, det=det)
    if np.key in ("city", "sea", "river", "beach", "park") and word in ("small", "big", "new", "old"):
        np = parts.subject_np(rng, "house", adj_rate=0.0, det=det)
    tense = "past" if word in ("hot", "cold", "open", "closed", "delicious") and rng.random() < 0.25 else "pres"
    fr_adj = inflect(forms, np.gender, np.plural)
    very = word in ("hot", "cold", "big", "small", "old", "beautiful", "expensive") and mode != "neg" \
        and rng.random() < 0.15
    en_tail, fr_tail = (("very",) if very else ()) + (word,), (("très",) if very else ()) + (fr_adj,)
    return say(Clause(np, BE, tense, mode, en_tail, fr_tail))


def location(rng):
    """"the children are in the garden", "my keys are in my bag", "was she at home yesterday?"."""
    kind = rng.choice(("person", "person", "kid", "animal", "small", "food", "vehicle", "transport"))
    subj = parts.subject(rng, (kind,), pronoun_rate=0.4 if kind == "person" else 0,
                         adj_rate=0.2 if kind in ("person", "kid", "animal") else 0.05)
    if kind in ("small", "food") and subj.plural and subj.key != "key":
        subj = noun_phrase(subj.key, "the")  # the umbrella is under the table (not: the old black umbrellas)
    spec = sem.be_places(subj.key) if subj.key else sem.BE_PLACES["person"]
    mode = rng.choice(("decl", "decl", "neg", "q"))
    owner = rng.random() < 0.3 and "small" in tags(subj.key) and mode != "q"
    en_pp, fr_pp, _ = parts.place_phrase(rng, spec, avoid=(subj.key,), det="my" if owner else "")
    tense = "past" if rng.random() < 0.25 else "pres"
    alive = bool(set(tags(subj.key)) & {"person", "animal"})
    time = parts.time_phrase(rng, sem.time_kinds(None, tense) if alive else (), 0.25)
    return say(Clause(asked(subj, mode), BE, tense, mode, en_pp, fr_pp), time)


def event_clause(rng, subj: Part, sense_key: str, tense: str, mode: str, avoid=(), owner: Part | None = None,
                 habit: bool = False):
    """A clause of an event or a state with what it takes: an object (``owner``'s, if it takes a possessive)
    and maybe a place."""
    sense = sem.SENSES[sense_key]
    if sense.objects:
        key = rng.choice([k for k in sem.objects(sense, subj.key) if k not in avoid])
        obj = parts.object_np(rng, sense, key, owner=owner or subj, mode=mode, habit=habit)
        en_tail, fr_tail = obj.en, obj.fr
        spec = sem.places(sense_key, subj.key, key) if rng.random() < 0.3 and mode != "q" else ""
    else:
        en_tail, fr_tail, key = (), (), ""
        spec = sem.places(sense_key, subj.key)
    if spec:
        en_pp, fr_pp, _ = parts.place_phrase(rng, spec, avoid=(subj.key, key, *avoid))
        en_tail, fr_tail = (*en_tail, *en_pp), (*fr_tail, *fr_pp)
    return Clause(subj, sense.verb, tense, mode, tuple(en_tail), tuple(fr_tail))


def tenses_for(sense: sem.Sense, subj: Part) -> tuple[str, ...]:
    """The tenses that suit a sense: no -ing for states, "can"/"going to" only for people."""
    if sense.aspect == "state":
        return ("pres",) if "nopast" in sense.flags else ("pres", "pres", "pres", "past")
    person = "person" in tags(subj.key) and "nomodal" not in sense.flags
    if sense.aspect == "once":  # she found her keys; i cannot find my keys; can you see the cat?
        return ("past", "past", *(("can",) if person and sense.verb.en in ("find", "see") else ()),
                *(("fut",) if person and sense.verb.en != "find" else ()))
    habit = () if "nohabit" in sense.flags else ("pres",)  # not "you close your door every day"
    return (*habit, "prog", "prog", "past", "past", *(("fut", "can", "want") if person else ()))


def ask_mode(rng, subj: Part, tense: str = "pres") -> str:
    """decl, neg or q; nobody asks "do i swim?", and "we" asks only about plans ("are we going to ...?").
    Questions go more often to "you", "he", "she", "they", so French asks by inversion and intonation as
    often as with est-ce que (which nouns take)."""
    if subj.en == ("i",) or subj.en == ("we",) and tense not in ("fut", "can"):
        return rng.choice(("decl", "decl", "neg"))
    return rng.choice(("decl", "decl", "neg", "q") if subj.key else ("decl", "decl", "neg", "q", "q", "q"))


def asked(subj: Part, mode: str) -> Part:
    """One asks about "your sister", not "my sister" or "our cats"."""
    if mode == "q" and subj.key and subj.en[0] in ("my", "our"):
        return noun_phrase(subj.key, "your", subj.plural)
    return subj


def event(rng, kinds=("person", "person", "animal")):
    """"we swim in the river every morning", "the cat is drinking milk", "did you find your keys?"."""
    subj = parts.subject(rng, (rng.choice(kinds),), pronoun_rate=0.5)
    keys = [k for k, s in sem.SENSES.items() if k not in ("be", "love", "open", "close") and sem.fits(s, subj.key)
            and (s.objects == "" and sem.places(k, subj.key) or sem.objects(s, subj.key)
                 or k in ("sleep", "cry", "leave", "come home"))]
    sense_key = rng.choice(keys)
    sense = sem.SENSES[sense_key]
    tense = rng.choice(tenses_for(sense, subj))
    mode = ask_mode(rng, subj, tense) if not (sense.aspect == "state" and tense == "past") else "decl"
    if sense.aspect == "once" and tense == "can":
        mode = "neg" if sense_key != "see" else "q"  # i cannot find my keys; can you see the cat?
    elif mode == "neg" and (sense.aspect == "once" and sense_key != "find" or tense == "pres" and sense.objects
                            or "nohabit" in sense.flags):
        mode = "decl"  # not "the boy did not lose his phone last sunday", "he does not write a letter every day"
    c = event_clause(rng, asked(subj, mode), sense_key, tense, mode, habit=tense == "pres")
    rate = 0.35 if sense.aspect == "state" or mode == "q" else 0.9 if tense in ("pres", "past") else 0.4
    if tense == "past" and sense_key == "read" or tense == "pres" and "person" in sense.objects:
        rate = 1.0  # "i read a book" alone could be present or past; "do they call his parents every evening?"
    kinds = [k for k in sem.time_kinds(sense, tense) if mode != "neg" or k != "span"]  # not "did not play all day"
    return say(c, parts.time_phrase(rng, kinds, rate))


# Tenses in which a verb with an object pronoun sounds natural: "i love you", "can you help me?", "she
# called me yesterday", "we are waiting for you", "you are not listening to me", "i saw her".
_PRONOUN_TENSES = {"love": "pres", "know": "pres", "call": "fut past can want", "help": "can fut want past prog",
                   "wait for": "prog fut can", "look for": "prog past", "listen to": "prog", "see": "past fut can"}


def with_pronoun(rng):
    """Object pronouns go before the French verb: "i love you" -> "je t'aime", "we saw her" -> "nous l'avons vue"."""
    sense_key = rng.choice(list(_PRONOUN_TENSES))
    sense = sem.SENSES[sense_key]
    subj = parts.subject(rng, ("kin",) if sense_key == "love" else ("person",), pronoun_rate=0.75)
    targets = [(en, fr, p, "m", p == 3) for p, (en, fr, _) in lex.OBJECT_PRONOUNS.items() if p != 4]
    targets += [("him", "le", 2, "m", False), ("her", "la", 2, "f", False), ("them", "les", 5, "m", True)]
    targets = [t for t in targets if t[2] != subj.person and {t[2], subj.person} != {0, 3}
               and not (t[2] == 2 and not subj.key and subj.person == 2)]  # not "he" with "him"
    en_obj, fr_obj, _, gender, plural = rng.choice(targets)
    tense = rng.choice(_PRONOUN_TENSES[sense_key].split())
    mode = "neg" if sense_key == "listen to" else ask_mode(rng, subj, tense)
    mode = "q" if mode == "decl" and subj.en == ("you",) and tense in ("want", "can") else mode  # do you want ...?
    agree = (gender, plural) if fr_obj in ("la", "les", "nous") else None  # elle nous a appelés
    c = Clause(asked(subj, mode), sense.verb, tense, mode, (en_obj,), (), fr_obj, agree)
    return say(c, parts.time_phrase(rng, sem.time_kinds(sense, tense), 0.25))


def there_is(rng):
    """"there is a cat in the garden" -> "il y a un chat dans le jardin"; "is there any bread ...?"."""
    kind = rng.choice(("animal", "small", "food", "furniture"))
    key = rng.choice([k for k in parts.NOUNS if kind in tags(k) and "kin" not in tags(k) and sem.be_places(k)])
    mode = rng.choice(("decl", "decl", "neg", "q"))
    mass = "mass" in tags(key)
    plural = not mass and rng.random() < 0.35
    det = ("any" if mode == "q" else "some") if mass or plural else "a"
    adjs = parts.pick_adjectives(rng, key, 0.25) if mode != "neg" else []
    np = noun_phrase(key, det, plural, adjs, negated=mode == "neg")
    en_np = ("no", *np.en[1:]) if mode == "neg" else np.en  # there is no bread -> il n'y a pas de pain
    en_pp, fr_pp, _ = parts.place_phrase(rng, sem.be_places(key), avoid=(key,))
    be = "are" if plural else "is"
    en = {"decl": ["there", be], "neg": ["there", be], "q": [be, "there"]}[mode]
    fr = {"decl": ["il", "y", "a"], "neg": ["il", "ne", "y", "a", "pas"], "q": ["est-ce", "que", "il", "y", "a"]}[mode]
    return finish([*en, *en_np, *en_pp], [*fr, *np.fr, *fr_pp], mode == "q")


def weather(rng):
    """"it is raining" -> "il pleut", "it was cold yesterday" -> "il faisait froid hier"."""
    it = Part(("it",), ("il",))
    mode = rng.choice(("decl", "decl", "neg", "q"))
    if rng.random() < 0.5:
        tense = rng.choice(("prog", "past", "fut"))
        c = Clause(it, Verb("rain", "pleuvoir"), tense, mode)
        kinds = {"prog": ("now",), "past": ("past", "span"), "fut": ("future",)}[tense]
    else:
        word, fr_word = rng.choice((("cold", "froid"), ("hot", "chaud")))
        tense = rng.choice(("pres", "pres", "past"))
        c = Clause(it, Verb("be", "faire", True), tense, mode, (word,), (fr_word,))
        kinds = sem.time_kinds(None, tense)
    style = "inv" if mode == "q" else ""
    return say(c, parts.time_phrase(rng, kinds, 0.4), style)
