"""Comparing two models by length: the verdict sentence, the shared groups and the figure."""

from s2s.analysis.bottleneck import LengthQuality
from s2s.analysis.compare import Comparison, compare, describe_model, view_of_checkpoint
from s2s.checkpoint import load_checkpoint, save_checkpoint
from s2s.figures.compare import comparison_figure
from s2s.view import ModelView

from .conftest import make_trainer


def quality(bleus: dict, pairs: int = 40) -> LengthQuality:
    by_length = {b: {"bleu": v, "exact_match": 0.0, "pairs": pairs} for b, v in bleus.items()}
    return LengthQuality((1, 1), 1, (), (), by_length, 0.0, 0.0)


def test_verdict_names_the_winner_on_the_longest_group_and_the_margin():
    result = Comparison(("classic", "attention"), quality({"1-5": 98.0, "6-10": 95.2, "21+": 31.2}),
                        quality({"1-5": 97.1, "6-10": 96.9, "21+": 59.7}))
    text = result.verdict()
    assert "21 or more words" in text and "attention wins by 28.5 BLEU: 59.7 against 31.2" in text
    assert "On 1-5-word sentences: 98.0 (first) against 97.1 (second)" in text


def test_level_models_and_too_few_pairs():
    level = Comparison(("a", "b"), quality({"6-10": 50.2}), quality({"6-10": 50.9}))
    assert "level" in level.verdict()
    sparse = Comparison(("a", "b"), quality({"21+": 50.0}, pairs=2), quality({"21+": 10.0}, pairs=2))
    assert sparse.shared_groups() == [] and "not enough" in sparse.verdict()


def test_figure_has_one_bar_series_per_model_over_shared_groups():
    result = Comparison(("classic", "attention"), quality({"1-5": 98.0, "21+": 31.2}),
                        quality({"1-5": 97.1, "21+": 59.7, "11-15": 80.0}))
    fig = comparison_figure(result)
    assert [t.name for t in fig.data] == ["classic", "attention"]
    assert list(fig.data[1].y) == [97.1, 59.7]  # 11-15 is not shared, so it is not drawn


def test_compare_scores_both_models_on_the_first_models_held_out_pairs(tmp_path, trained):
    other = make_trainer(kind="attention")
    path = save_checkpoint(tmp_path / "other.pt", other.model, other.src_vocab, other.tgt_vocab, other.train_cfg,
                           step=7)
    first = ModelView(trained.model, trained.src_vocab, trained.tgt_vocab, trained.step, 42, trained.split, "test")
    second = view_of_checkpoint(load_checkpoint(path), None)
    result = compare(first, second)
    assert result.first.pairs == result.second.pairs and len(result.first.pairs) > 0
    assert result.names == (describe_model(first), describe_model(second))
    assert "attention" in result.names[1] and "step 7" in result.names[1]
    assert result.first.by_length["1-5"]["exact_match"] == 1.0  # the trained model knows its pairs
