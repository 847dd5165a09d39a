"""Long sentences of the built-in corpus: small stories a teacher could read aloud.

"the woman who lives near the station said that her son was tired because he had worked all day". Each
maker follows one pattern of meaning (a state and its cause, a state and what someone does about it, two
things happening at once, a contrast, an interruption, an errand, a wish and what stopped it), picks its
pieces from the tables in :mod:`s2s.grammar.semantics`, and returns English and French word lists.
Causes are told in the past, reports after a past verb shift every tense back, and a person's place is
given once: the relative clause says something lasting (where they live), the main clause what they do.
"""

from __future__ import annotations

from s2s.grammar import acts, parts
from s2s.grammar import lexicon as lex
from s2s.grammar import semantics as sem
from s2s.grammar.clauses import PAST_TENSES, Clause, Verb, backshift, realize
from s2s.grammar.morph import Part, inflect, noun_phrase, possessive, refer, tags
from s2s.grammar.simple import BE, state_clause

BECAUSE = (["because"], ["parce", "que"])
REPORTERS = {"say": Verb("say", "dire"), "think": Verb("think", "penser", True),
             "know": Verb("know", "savoir", True), "tell": Verb("tell", "dire")}


def when_first(when: Clause, main: Clause) -> tuple[list[str], list[str]]:
    """"when my father is tired, he sleeps on the sofa": the "when" clause first, then a comma."""
    when_en, when_fr = realize(when)
    main_en, main_fr = realize(main)
    return ["when", *when_en, ",", *main_en], ["quand", *when_fr, ",", *main_fr]


def join(*clauses, en_words=(), fr_words=()) -> tuple[list[str], list[str]]:
    """Realise clauses with a joining word between each: ``en_words[i]`` / ``fr_words[i]`` before clause i+1."""
    en, fr = realize(clauses[0])
    for c, e, f in zip(clauses[1:], en_words, fr_words):
        c_en, c_fr = realize(c)
        en, fr = [*en, *e, *c_en], [*fr, *f, *c_fr]
    return en, fr


def protagonist(rng, kinds=("person",), relative_rate: float = 0.55, require: str = "", fact_tense: str = "pres",
                family: str = ""):
    """A story's subject, maybe with a relative clause; and the places that clause already uses. ``family``:
    the possessive a family member takes (my, your, our), so one sentence speaks of one family."""
    if rng.random() < relative_rate:
        key = parts.person_noun(rng, kinds, unique_ok=False, require=require or "adult")
        family = family or rng.choice(("my", "your", "our"))
        det = family if "kin" in tags(key) else "the"  # the doctor who ... (not: my doctor who ...)
        np = parts.subject_np(rng, key, adj_rate=0.1 * ("kin" not in tags(key)), plural_rate=0.2, det=det)
        return acts.relative_person(rng, np, fact_tense)  # not "my little sisters who live near the station"
    subj = acts.someone(rng, kinds, require=require)
    return subj, (subj.key,)


# ---------------------------------------------------------------- a state and why, or what it makes one do
def state_and_cause(rng, subj: Part, avoid, state: str, past: bool) -> list[Clause]:
    """"she is tired because she worked all day" / "she was tired because she had worked all day"."""
    spec = rng.choice(acts.acts_for(sem.CAUSES[state], subj, avoid))
    cause = acts.act(rng, spec, refer(subj), "past", avoid)
    main = state_clause(subj, state)
    return [backshift(main), backshift(cause)] if past else [main, cause]


def response_and_state(rng, subj: Part, avoid, state: str, tense: str) -> list[Clause]:
    """"he is drinking water because he is thirsty" / "she stayed at home because she was sick"."""
    spec = rng.choice(acts.acts_for(sem.RESPONSES[state], subj, avoid))
    main = acts.act(rng, spec, subj, tense, avoid)
    return [main, state_clause(refer(subj), state, "past" if tense in PAST_TENSES else "pres")]


def helping(rng, helper: Part, avoid, state: str, tense: str) -> list[Clause]:
    """"my father is making soup because my sister is sick" (someone else in the family)."""
    spec = rng.choice(acts.acts_for(sem.HELP[state], helper, avoid))
    det = acts.kin_det(helper)
    elder = helper.key in ("mother", "father", "parents", "grandmother", "grandfather") and det == possessive(helper)
    kin = rng.choice([k for k in ("son", "daughter", "child") + ("brother", "sister", "mother", "father",
                                                                 "grandmother", "grandfather") * (not elder)
                      if k != helper.key])  # her grandmother ... her son, not: her mother
    patient = noun_phrase(kin, det, kin == "child")
    return [acts.act(rng, spec, helper, tense, avoid),
            state_clause(patient, state, "past" if tense in PAST_TENSES else "pres")]


def because_story(rng):
    """One of the three cause stories, about a protagonist who may carry a relative clause."""
    subj, avoid = protagonist(rng)
    kind = rng.choice(("cause", "cause", "response", "response", "help"))
    if kind == "cause":
        state = rng.choice([s for s in sem.CAUSES if acts.acts_for(sem.CAUSES[s], subj, avoid)])
        clauses = state_and_cause(rng, subj, avoid, state, past=rng.random() < 0.35)
    elif kind == "response":
        state = rng.choice([s for s in sem.RESPONSES if acts.acts_for(sem.RESPONSES[s], subj, avoid)])
        clauses = response_and_state(rng, subj, avoid, state, rng.choice(("prog", "prog", "past")))
    else:
        subj, avoid = protagonist(rng, ("kin",), require="adult")
        state = rng.choice([s for s in sem.HELP if acts.acts_for(sem.HELP[s], subj, avoid)])
        clauses = helping(rng, subj, avoid, state, rng.choice(("prog", "prog", "past")))
    return join(*clauses, en_words=[BECAUSE[0]], fr_words=[BECAUSE[1]])


def when_habit(rng):
    """"when my father is tired, he sleeps on the sofa" / "she drinks water when she is thirsty"."""
    subj = acts.someone(rng, pronoun_rate=0.5)
    state = rng.choice([s for s in sem.RESPONSES if acts.acts_for(sem.RESPONSES[s], subj)])
    spec = rng.choice(acts.acts_for(sem.RESPONSES[state], subj))
    if rng.random() < 0.5:
        return when_first(state_clause(subj, state), acts.act(rng, spec, refer(subj), "pres"))
    main_en, main_fr = realize(acts.act(rng, spec, subj, "pres"))
    cond_en, cond_fr = realize(state_clause(refer(subj), state))
    return [*main_en, "when", *cond_en], [*main_fr, "quand", *cond_fr]


# ---------------------------------------------------------------- reported speech
def _content(rng, reporter: Part, verb: str, places=(), past: bool = False) -> list[Clause]:
    """What a reporter says, in the present: a state and its cause, a response, a plan, where someone is.
    One thinks or knows things about other people (not "she thinks that she is crying")."""
    speech = verb in ("say", "tell")
    own = speech and rng.random() < 0.5
    if own:
        subj, avoid = refer(reporter), ()
    elif rng.random() < 0.3 and reporter.key:
        tense = "impf" if past else "pres"  # she said that the man who worked at the market was tired
        family = reporter.en[0] if reporter.en[0] in ("my", "your", "our") else ""
        subj, avoid = protagonist(rng, relative_rate=1.0, fact_tense=tense, family=family)
        while set(avoid) & set(places):
            subj, avoid = protagonist(rng, relative_rate=1.0, fact_tense=tense, family=family)
    else:
        subj, avoid = acts.relative(rng, reporter, avoid=(reporter.key,)), ()
    kinds = ("cause", "response", "plan", "place") if speech else ("cause", "cause", "place")
    kind = rng.choice(kinds if len(avoid) < 2 else ("cause", "response") if speech else ("cause",))
    avoid = (*places, *avoid)  # no place named twice in one sentence
    if kind == "cause":
        state = rng.choice([s for s in sem.CAUSES if acts.acts_for(sem.CAUSES[s], subj, avoid)])
        return state_and_cause(rng, subj, avoid, state, False)
    if kind == "response":
        state = rng.choice([s for s in sem.RESPONSES if acts.acts_for(sem.RESPONSES[s], subj, avoid)
                            and not (own and s == "sad")])  # not "she says that she is crying"
        return response_and_state(rng, subj, avoid, state, "prog")
    if kind == "plan":
        spec = rng.choice(acts.acts_for(sem.PLANS, subj, avoid))
        when = rng.choice(("tomorrow", "tomorrow morning", "this evening", "next week"))
        return [acts.act(rng, spec + " ~" + when, subj, rng.choice(("fut", "will")), avoid)]
    spot = rng.choice(("at:home", "at:school" if "kid" in tags(subj.key) else "in:city", "at:hospital"))
    en_pp, fr_pp, _ = parts.place_phrase(rng, spot if spot.split(":")[1] not in avoid else "at:home")
    return [Clause(subj, BE, "pres", "decl", en_pp, fr_pp)]


def reported(rng):
    """"my mother said that dinner was ready"; "i think that she is tired because she worked all day"."""
    reporter, places = protagonist(rng, relative_rate=0.45)
    verb = rng.choice(("say", "say", "think", "tell", "know"))
    past = verb == "tell" or rng.random() < 0.7 or verb == "say" and reporter.person != 2  # not "we say that"
    content = _content(rng, reporter, verb, places, past)
    if past:  # sequence of tenses: is -> was (était), worked -> had worked (avait travaillé)
        content = [backshift(c) for c in content]
    listener = (("us", "nous") if content[0].subj.person == 0 else ("me", "me")) if verb == "tell" else ("", "")
    head = Clause(reporter, REPORTERS[verb], "past" if past else "pres", en_tail=tuple(listener[:1]) * (verb == "tell"),
                  clitic=listener[1])
    words = [(["that"], ["que"]), *([BECAUSE] * (len(content) - 1))]
    en, fr = join(head, *content, en_words=[w[0] for w in words], fr_words=[w[1] for w in words])
    return en, fr


# ---------------------------------------------------------------- two things at once, or a contrast
def while_scene(rng):
    """"my father is making a cake in the kitchen while the children are playing in the garden"."""
    tense = rng.choice(("prog", "pastprog"))
    first, second = acts.family_pair(rng)
    spec1 = rng.choice(acts.acts_for(sem.SCENES, first))
    c1 = acts.act(rng, spec1, first, tense)
    used = acts.act_places(spec1)
    spec2 = rng.choice([s for s in acts.acts_for(sem.SCENES, second, used)
                        if sem.SENSES[acts.act_sense(s)].verb.en != sem.SENSES[acts.act_sense(spec1)].verb.en])
    c2 = acts.act(rng, spec2, second, tense, used)
    word = rng.choice((("while", "pendant que"), ("and", "et")))
    return join(c1, c2, en_words=[[word[0]]], fr_words=[word[1].split()])


_CONTRASTS = (("cat", "dog", "bird"), ("tea", "coffee", "milk", "orange juice"), ("apple", "orange", "cake"),
              ("fish", "cheese", "soup", "bread"))


def while_contrast(rng):
    """"my brother likes tea while my sister likes coffee" (alors que); "... lives near the sea while ..."."""
    first, second = acts.family_pair(rng)
    if rng.random() < 0.5 or not {"adult"} & set(tags(first.key)) & set(tags(second.key)):
        sense = sem.SENSES["like"]
        a, b = rng.sample(rng.choice(_CONTRASTS), 2)
        c1, c2 = (Clause(s, sense.verb, "pres", "decl", *(lambda np: (np.en, np.fr))(
            parts.object_np(rng, sense, k, s))) for s, k in ((first, a), (second, b)))
        joint = "alors que"
    else:
        spec = "live @near:station,park,river,sea,market,school,museum in:city"
        c1 = acts.act(rng, spec, first, "pres")
        c2 = acts.act(rng, spec, second, "pres", avoid=(c1.en_tail[-1],))
        joint = "tandis que"
    return join(c1, c2, en_words=[["while"]], fr_words=[joint.split()])


# ---------------------------------------------------------------- an interruption, an errand, a wish
def _interruption(rng, subj: Part, at_home: bool) -> Clause:
    """Something that happened suddenly: the phone rang, their mother came home, it started to rain."""
    kind = rng.choice(("phone", "home", "arrive", "rain") if at_home else ("phone", "rain"))
    if kind == "phone":
        return Clause(noun_phrase("phone", rng.choice(("the", acts.kin_det(subj)))), Verb("ring", "sonner"), "past")
    if kind == "rain":
        return Clause(Part(("it",), ("il",)), Verb("start", "commencer"), "past", "decl", ("to", "rain"),
                      ("à", "pleuvoir"))
    key = acts.relative(rng, subj, avoid=(subj.key, "son", "daughter", "child", "brother", "sister")).key
    det = acts.kin_det(subj)
    verb = sem.SENSES["come home" if kind == "home" and key != "teacher" else "arrive"].verb
    return Clause(noun_phrase(key, det, key == "parents"), verb, "past")


def when_interrupted(rng):
    """"the children were playing in the garden when it started to rain" (imparfait, then passé composé)."""
    subj = acts.family_pair(rng)[rng.random() < 0.5]
    avoid = (subj.key,)
    spec = rng.choice(acts.acts_for(sem.SCENES, subj, avoid))
    background = acts.act(rng, spec, subj, "pastprog", avoid)
    event = _interruption(rng, subj, not set(acts.act_places(spec)) - {"garden", "kitchen", "sofa"})
    if rng.random() < 0.3:
        return when_first(event, background)
    return join(background, event, en_words=[["when"]], fr_words=[["quand"]])


def errand(rng):
    """"she went to the market and bought some apples"; "every morning, he goes to the bakery and buys bread"."""
    tense = rng.choice(("past", "past", "pres", "fut"))
    subj, avoid = protagonist(rng, ("adult",), relative_rate=0.45 if tense != "pres" else 0.0)
    place = rng.choice([p for p in sem.ERRANDS if p not in avoid])
    go = acts.act(rng, f"go @to:{place}", subj, tense)
    spec = rng.choice(acts.acts_for(sem.ERRANDS[place], subj, avoid) or ("run",))
    spec = spec.replace(":some", ":bare") if tense == "pres" else spec  # every morning, she buys bread
    then = acts.act(rng, spec, subj, tense, avoid)
    en2, fr2 = realize(then)
    en2, fr2 = en2[len(subj.en):], fr2[len(subj.fr):]  # "and bought ...": the subject is not repeated
    if tense == "fut":
        en2, fr2 = en2[3:], fr2[1:]  # "is going to go to the market and buy ..." (va aller ... et acheter)
    en, fr = realize(go)
    en, fr = [*en, "and", *en2], [*fr, "et", *fr2]
    if tense == "pres":
        when_en, when_fr = rng.choice(sem.phrases("habit")[:5])
        en, fr = [*when_en.split(), ",", *en], [*when_fr.split(), ",", *fr]
    return en, fr


def wish_and_obstacle(rng):
    """"we wanted to swim in the river but the water was too cold" (voulions ... mais l'eau était trop froide)."""
    subj, avoid = protagonist(rng, relative_rate=0.3)
    past = rng.random() < 0.6
    kind = rng.choice(("swim", "play", "go"))
    if kind == "swim" and acts.acts_for(("swim @in:river,sea,pool",), subj, avoid):
        spec = "swim @in:river,sea,pool"
        obstacle = Clause(noun_phrase("water"), BE, "pres", "decl", ("too", "cold"), ("trop", "froide"))
    elif kind == "play":
        spec = rng.choice(acts.acts_for(("play @in:garden,park", "play @at:beach", "run @in:park,garden",
                                         "work @in:garden"), subj, avoid))
        obstacle = Clause(Part(("it",), ("il",)), Verb("rain", "pleuvoir"), "prog")
    else:
        place = rng.choice([p for p in ("museum", "library", "bakery", "restaurant", "shop") if p not in avoid])
        spec = f"go @to:{place}"
        obstacle = Clause(refer(noun_phrase(place)), BE, "pres", "decl", ("closed",),
                          ("fermé" + "e" * (noun_phrase(place).gender == "f"),))
    wish = acts.act(rng, spec, subj, "want", avoid)
    if past:
        wish, obstacle = backshift(wish), backshift(obstacle)
    return join(wish, obstacle, en_words=[["but"]], fr_words=[["mais"]])


def looked_for(rng):
    """"she looked for her keys but she did not find them" (mais elle ne les a pas trouvées)."""
    subj, avoid = protagonist(rng, relative_rate=0.3)
    key = rng.choice(("key", "phone", "umbrella", "cat", "dog", "bag") if not subj.plural else ("key", "key", "dog"))
    look = acts.act(rng, f"look for {key}:own", subj, "past")
    obj = noun_phrase(key, "the", key == "key")
    en_obj, fr_obj = ("them", "les") if obj.plural else ("it", "la" if obj.gender == "f" else "le")
    found = Clause(refer(subj), sem.SENSES["find"].verb, "past", "neg", (en_obj,), (), fr_obj,
                   (obj.gender, obj.plural))
    return join(look, found, en_words=[["but"]], fr_words=[["mais"]])


_VERY = ("big", "small", "old", "beautiful", "expensive", "hot", "cold")


def thing_story(rng):
    """"the cake that my mother made is delicious"; "the house where we live is near the river"."""
    maker = acts.someone(rng, ("kin", "adult"), pronoun_rate=0.4, require="adult")
    if rng.random() < 0.3:
        np = acts.relative_place(rng, rng.choice(("house", "restaurant", "hospital", "library", "museum")), maker)
        spec = rng.choice(("near:river,station,park,sea,market", ""))
    else:
        key = rng.choice(list(acts.THING_MAKERS))
        np = acts.relative_thing(rng, key, maker, plural=key in ("letter", "flower", "apple") and rng.random() < 0.5)
        spec = "" if key in ("cake", "soup", "flower", "car", "bike") else "in:kitchen,bag,car on:table"
    tense = "pres" if np.en[-1] in ("live", "lives", "work", "works") else rng.choice(("pres", "pres", "past"))
    if spec:
        en_pp, fr_pp, _ = parts.place_phrase(rng, spec, avoid=(np.key,))
        return realize(Clause(np, BE, tense, "decl", en_pp, fr_pp))
    word, forms, _ = rng.choice([s for s in lex.THING_STATES if set(s[2].split()) & set(tags(np.key))])
    very = (("very",), ("très",)) if word in _VERY else ((), ())
    adj = tuple(inflect(forms, np.gender, np.plural).split())
    return realize(Clause(np, BE, tense, "decl", (*very[0], word), (*very[1], *adj)))
