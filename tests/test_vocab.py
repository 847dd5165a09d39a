"""Normalisation and vocabulary against hand-computed answers."""

import pytest

from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, UNK_ID, BuildStep, Vocabulary, build_with_trace, normalize


@pytest.mark.parametrize("raw, expected", [
    ("I love you.", "i love you ."),
    ("Je t’aime !", "je t aime !"),  # curly apostrophe, elision, punctuation split off
    ("J'ai froid.", "j ai froid ."),
    ("Comment allez-vous ?", "comment allez vous ?"),
    ("  Hello,   WORLD!! ", "hello , world ! !"),
    ("Ça alors !", "ça alors !"),
    ("Cafe\u0301", "café"),  # decomposed e + accent becomes the single NFC character
    ("I'm 20 years old.", "i am 20 years old ."),  # English contractions are written out in full
    ("I don't know", "i do not know"),
    ("Where's the station?", "where is the station ?"),
    ("She doesn’t eat, you're late, we can't, I won't.", "she does not eat , you are late , we cannot , i will not ."),
    ("It's Tom's bag. Let's go!", "it is tom s bag . let us go !"),  # a possessive 's stays apart
    ("Qu'il est là, s'il vous plaît, aujourd'hui", "qu il est là , s il vous plaît , aujourd hui"),  # French elision
    ("«Oui»", "« oui »"),
    ("", ""),
])
def test_normalize_answer_key(raw, expected):
    assert normalize(raw) == expected


def test_normalize_is_idempotent():
    text = "Qu’est-ce que c’est, l’homme ?"
    assert normalize(normalize(text)) == normalize(text) == "qu est ce que c est , l homme ?"


def test_vocabulary_from_classic_sentences_matches_hand_table():
    vocab, trace = build_with_trace(["i am cold", "i love you"])
    assert vocab.itos == ["<PAD>", "<SOS>", "<EOS>", "<UNK>", "i", "am", "cold", "love", "you"]
    assert (PAD_ID, SOS_ID, EOS_ID, UNK_ID) == (0, 1, 2, 3)
    assert trace == [
        BuildStep(0, 0, "i", 4, True), BuildStep(0, 1, "am", 5, True), BuildStep(0, 2, "cold", 6, True),
        BuildStep(1, 0, "i", 4, False), BuildStep(1, 1, "love", 7, True), BuildStep(1, 2, "you", 8, True),
    ]
    first, head = build_with_trace(["i am cold", "i love you"], trace_limit=4)  # the same vocabulary, 4 steps
    assert first.itos == vocab.itos and first.counts == vocab.counts and head == trace[:4]
    assert Vocabulary.build(["i am cold", "i love you"]).itos == vocab.itos


def test_encode_decode_both_ways_and_unknown_words():
    vocab = Vocabulary.build(["i am cold", "i love you"])
    assert vocab.encode("I love you") == [4, 7, 8]
    assert vocab.encode("i love pizza", add_eos=True) == [4, 7, UNK_ID, EOS_ID]
    assert vocab.unknown_words("I love pizza") == ["pizza"]
    assert vocab.decode([SOS_ID, 4, 5, 6, EOS_ID, 7]) == ["i", "am", "cold"]
    assert vocab.decode([4, 99], strip_special=False) == ["i", "<UNK>"]


def test_min_freq_maps_rare_words_to_unk_and_trace_shows_it():
    vocab, trace = build_with_trace(["i am cold", "i am hot", "you are cold"], min_freq=2)
    assert vocab.itos[4:] == ["i", "am", "cold"]
    assert vocab.encode("you are hot") == [UNK_ID, UNK_ID, UNK_ID]
    assert [s.index for s in trace if s.word == "hot"] == [UNK_ID]
    assert not [s for s in trace if s.word == "hot"][0].is_new


def test_max_size_keeps_most_frequent_words_in_first_seen_order():
    vocab = Vocabulary.build(["a b c", "c b", "c"], max_size=6)
    assert vocab.itos[4:] == ["b", "c"]  # c (3) and b (2) beat a (1); ids follow first appearance
    assert len(vocab) == 6


def test_round_trip_through_dict():
    vocab = Vocabulary.build(["je t aime", "j ai froid"])
    again = Vocabulary.from_dict(vocab.to_dict())
    assert again.itos == vocab.itos and again.stoi == vocab.stoi
