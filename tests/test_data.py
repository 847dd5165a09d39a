"""Corpus files, filters, the seeded split and padded length-bucketed batches."""

import random

import pytest
import torch

from s2s.batching import bucketed_batches, collate, encode_pairs
from s2s.data import (
    CorpusFilter,
    corpus_note,
    decode_pairs_bytes,
    load_builtin,
    parse_pairs,
    read_pairs_file,
    split_pairs,
    training_split,
)
from s2s.errors import S2SError
from s2s.vocab import EOS_ID, PAD_ID, SOS_ID, Vocabulary

from .conftest import require_tatoeba


def test_anki_file_with_bom_crlf_attribution_blank_and_malformed_lines(tmp_path):
    text = ("\ufeffGo.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272\r\n"
            "\r\n"
            "no tab on this line\r\n"
            "I'm cold.\tJ'ai froid.\r\n"
            "\tonly french\r\n"
            "Hi.\tSalut.")
    path = tmp_path / "fra.txt"
    path.write_bytes(text.encode("utf-8"))
    pairs, report = read_pairs_file(path)
    assert pairs == [("go .", "va !"), ("i am cold .", "j ai froid ."), ("hi .", "salut .")]
    assert (report.n_blank, report.n_malformed, report.malformed_lines) == (1, 2, [3, 5])
    assert "skipped 2 malformed line(s) (first: line 3, 5)" in report.summary()


def test_malformed_line_numbers_are_capped_at_five():
    text = "\n".join(["bad"] * 9 + ["a\tb"])
    pairs, report = parse_pairs(text)
    assert pairs == [("a", "b")] and report.n_malformed == 9 and report.malformed_lines == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("data, message", [
    (b"", "it is empty"),
    (b"\x00\x01\x02binary", "binary"),
    ("caf\u00e9\tcaf\u00e9".encode("latin-1"), "not UTF-8"),
    (b"one\ntwo\nthree", "english<TAB>french"),
])
def test_bad_files_give_one_clear_message(data, message):
    with pytest.raises(S2SError, match=message):
        decode_pairs_bytes(data, "upload.tsv")


def test_missing_path_and_folder_are_refused(tmp_path):
    with pytest.raises(S2SError, match="not found"):
        read_pairs_file(tmp_path / "nope.tsv")
    with pytest.raises(S2SError, match="folder"):
        read_pairs_file(tmp_path)


def test_length_and_classic_prefix_filters():
    text = "I am cold.\tJ'ai froid.\nI'm happy.\tJe suis heureux.\nYou run.\tTu cours.\n" \
           "He is a very very very tall man.\tC'est un homme très très très grand."
    pairs, report = parse_pairs(text, filt=CorpusFilter.from_options(max_words=5, prefixes="classic"))
    assert pairs == [("i am cold .", "j ai froid ."), ("i am happy .", "je suis heureux .")]
    assert report.n_filtered == 2


def test_split_is_seeded_deterministic_and_keeps_each_english_sentence_in_one_part():
    pairs = [(f"sentence {i}", f"phrase {i}") for i in range(2000)] + [("sentence 7", "autre phrase 7")]
    a, b = split_pairs(pairs, seed=3), split_pairs(list(reversed(pairs)), seed=3)
    assert set(a.test) == set(b.test) and set(a.valid) == set(b.valid)
    assert split_pairs(pairs, seed=4).test != a.test
    assert 60 < len(a.test) < 140 and 60 < len(a.valid) < 140  # about 5 % each
    parts = [{s for s, _ in p} for p in (a.train, a.valid, a.test)]
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])


def test_too_small_corpus_gives_a_message():
    with pytest.raises(S2SError, match="at least 20"):
        training_split([("a", "b")] * 5)


def test_batches_are_time_major_padded_with_pad_and_bucketed():
    src_vocab = Vocabulary.build(["a b c d e", "a b", "a"])
    tgt_vocab = Vocabulary.build(["x y z", "x"])
    pairs = [("a b c d e", "x y z"), ("a", "x"), ("a b", "x y"), ("a", "x y z")]
    encoded = encode_pairs(pairs, src_vocab, tgt_vocab, max_len=40)
    batch = collate(encoded, [0, 1])
    assert batch.src_ids.tolist() == [[4, 4], [5, 0], [6, 0], [7, 0], [8, 0]]  # [src_len, batch]
    assert batch.src_lens.tolist() == [5, 1]
    assert batch.tgt_in.tolist() == [[SOS_ID, SOS_ID], [4, 4], [5, PAD_ID], [6, PAD_ID]]
    assert batch.tgt_out.tolist() == [[4, 4], [5, EOS_ID], [6, PAD_ID], [EOS_ID, PAD_ID]]
    assert batch.n_tgt_tokens == 6
    batches = bucketed_batches(encoded, 2, random.Random(0))
    assert sorted(len(b.indices) for b in batches) == [2, 2]
    lengths = sorted(sorted(len(encoded[i][0]) for i in b.indices) for b in batches)
    assert lengths == [[1, 1], [2, 5]]  # the two one-word sentences share a batch
    assert all(b.src_ids.dtype == torch.long for b in batches)


def test_builtin_corpus_loads_with_the_classic_examples():
    pairs, report = load_builtin()
    assert len(pairs) >= 8000 and report.n_malformed == 0
    for pair in [("i love you", "je t aime"), ("how are you", "comment allez vous"), ("thank you", "merci"),
                 ("hello", "bonjour"), ("i am cold", "j ai froid")]:
        assert pair in pairs


def test_what_students_type_is_in_the_built_in_vocabulary():
    """Contractions and punctuation as students type them map to words the built-in corpus uses."""
    pairs, _ = load_builtin()
    english = Vocabulary.build(src for src, _ in pairs)
    for text in ("Where is the station?", "I don't know", "How are you?", "I'm cold.", "She isn't tired!",
                 "Can't you help me, please?", "It's raining", "We aren't late"):
        assert english.unknown_words(text) == [], text


def test_the_built_in_corpus_says_it_is_generated_and_where_a_harder_test_is():
    for name in ("builtin", "built-in corpus"):
        note = corpus_note(name)
        assert "generated" in note and "grammar" in note and "near 100" in note and "Tatoeba" in note
    assert corpus_note("/data/eng-fra.tsv") == corpus_note("Tatoeba eng-fra") == ""


def test_shared_tatoeba_file_loads():
    path = require_tatoeba()
    pairs, report = read_pairs_file(path)
    assert len(pairs) > 75000 and report.n_malformed == 0
    classic, _ = read_pairs_file(path, CorpusFilter.from_options(max_words=10, prefixes="classic"))
    assert 8000 < len(classic) < 10000
