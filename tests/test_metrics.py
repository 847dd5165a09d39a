"""BLEU and exact match, overall and by English length, against sacrebleu computed directly."""

import math

import pytest
import sacrebleu

from s2s.metrics import bleu, exact_match, length_group, quality


def test_length_group_names():
    assert [length_group(n) for n in (1, 5, 6, 10, 11, 16, 20, 21, 40)] == \
        ["1-5", "1-5", "6-10", "6-10", "11-15", "16-20", "16-20", "21+", "21+"]


def test_bleu_equals_a_hand_computed_score():
    # One pair, 6 words each way. Clipped n-gram matches of "the cat sat on the mat" against
    # "the cat sat on a mat": 1-grams 5/6 ("the" counts once), 2-grams 3/5, 3-grams 2/4, 4-grams 1/3.
    # Equal lengths, so no brevity penalty: BLEU = (5/6 * 3/5 * 2/4 * 1/3) ** (1/4) = (1/12) ** (1/4).
    assert bleu(["the cat sat on the mat"], ["the cat sat on a mat"]) == pytest.approx(53.72850, abs=1e-4)
    # Corpus level: the counts are summed before dividing. "merci" against "merci beaucoup" adds one matching
    # 1-gram and no longer n-grams: 6/7, 3/5, 2/4, 1/3. 7 words against 8: brevity penalty exp(1 - 8/7).
    expected = 100 * math.exp(1 - 8 / 7) * (6 / 7 * 3 / 5 * 2 / 4 * 1 / 3) ** 0.25  # 46.905
    assert bleu(["the cat sat on the mat", "merci"], ["the cat sat on a mat", "merci beaucoup"]) == \
        pytest.approx(expected, abs=1e-4)


def test_exact_match_counts_identical_sentences():
    hyps = ["le chat est noir", "je t aime", "il fait froid aujourd hui", "nous avons faim"]
    refs = ["le chat est noir", "je t aime bien", "il fait très froid aujourd hui", "nous  avons faim"]
    assert exact_match(hyps, refs) == 0.5  # word for word: the doubled space does not count
    assert bleu([], []) == 0.0 and exact_match([], []) == 0.0


def test_quality_by_length_group_matches_sacrebleu_on_each_subset():
    srcs = ["a b", "a b c", " ".join("w" * 1 for _ in range(7)), " ".join(["x"] * 22)]
    hyps = ["je suis", "tu es là", "il mange une pomme rouge ce soir", "une très longue phrase"]
    refs = ["je suis", "tu es ici", "il mange une pomme rouge ce soir", "une longue phrase"]
    result = quality(srcs, hyps, refs)
    assert list(result["by_length"]) == ["1-5", "6-10", "21+"]
    short = result["by_length"]["1-5"]
    assert short["pairs"] == 2 and short["exact_match"] == 0.5
    assert math.isclose(short["bleu"], sacrebleu.corpus_bleu(hyps[:2], [refs[:2]], force=True).score)
    assert result["by_length"]["6-10"] == {"bleu": pytest.approx(100.0), "exact_match": 1.0, "pairs": 1}
    assert result["pairs"] == 4 and result["exact_match"] == 0.5
