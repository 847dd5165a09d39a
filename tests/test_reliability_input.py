"""Reliability, bad input: odd sentences on every page that reads the shared sentence, and in the CLI.

Each sentence is typed into the shared box of every page (AppTest, one paused job for the module) and
must give a page without a traceback: a note when it is cut to the model's maximum, a warning naming
unknown words, a message for empty input, and typed HTML or Markdown shown as literal text.
"""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from s2s.checkpoint import save_checkpoint
from s2s.cli.main import main as cli
from s2s.vocab import tokenize

from .app_support import app_server

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
SENTENCE_PAGES = ["home", "data_vocab", "encoder", "decoder", "teacher_forcing", "beam", "shapes"]
DECODING_PAGES = ["home", "encoder", "decoder", "beam", "shapes"]  # they translate or encode the sentence
UNKNOWN_WARNING_PAGES = ["home", "data_vocab", "encoder", "decoder", "beam"]

LONG = ("the man is reading a book near the station " * 250)[:10_000]
UNKNOWN_ONLY = "zorblax quenfit mirtlewop"
SCRIPTS = "i love 😀 你好 привет مرحبا"
MIXED = "I AM Cold!!! How, ARE you?"
SCRIPT_TAG = "<script>alert(1)</script>"
IMG_TAG = "<img src=x onerror=alert(1)>"
MARKDOWN = "![x](http://example.com/x.png) [click](http://example.com) _x_ $x$ :red[hi]"
TEXT_ELEMENTS = ("markdown", "caption", "warning", "info", "error", "success", "subheader", "header", "title")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One AppTest session over a paused job (so every page inspects the same model), shared by the module."""
    with app_server(tmp_path_factory.mktemp("home")) as (at, _):
        yield at


def type_on(at, page: str, text: str):
    at.switch_page(f"pages/{page}.py").run()
    at.text_input(key="sentence").input(text).run()
    assert not at.exception, (page, [e.value for e in at.exception])
    return at


def texts(at, kinds=TEXT_ELEMENTS) -> list[str]:
    return [e.value for kind in kinds for e in getattr(at, kind)]


def id_table(at):
    """The Data & Vocabulary page's table of the English sentence's ids."""
    return next(d.value for d in at.dataframe if "known" in d.value.columns)


def model_max_len() -> int:
    from pages._ui import get_job

    return get_job().inspect_model().model.cfg.max_len


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_sentence_of_10000_characters_is_cut_with_a_visible_note(app, page):
    at = type_on(app, page, LONG)
    assert at.text_input(key="sentence").value == LONG
    if page == "teacher_forcing":  # this page only looks the sentence up in the corpus, it never decodes it
        assert any("not in this run's corpus" in c for c in texts(at, ["caption"]))
        return
    note = f"maximum of {model_max_len()} words"
    assert any(note in c for c in texts(at, ["caption"])), page
    if page == "data_vocab":  # the ids shown are the ones the model reads
        assert list(id_table(at)["word"]) == tokenize(LONG)[: model_max_len()]


def test_a_link_with_a_longer_sentence_is_cut_to_10000_characters(app):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = "i love you " * 3000  # 33,000 characters: the box's max_chars does not apply to links
    at.run()
    assert not at.exception and len(at.text_input(key="sentence").value) == 10_000
    assert any(f"maximum of {model_max_len()} words" in c for c in texts(at, ["caption"]))


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_sentence_of_only_unknown_words_names_them(app, page):
    at = type_on(app, page, UNKNOWN_ONLY)
    if page in UNKNOWN_WARNING_PAGES:
        warning = " ".join(texts(at, ["warning"]))
        assert all(word in warning for word in UNKNOWN_ONLY.split()) and "UNK" in warning
    elif page == "teacher_forcing":
        assert any("not in this run's corpus" in c for c in texts(at, ["caption"]))


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_emoji_and_non_latin_scripts_are_read_as_unknown_words(app, page):
    at = type_on(app, page, SCRIPTS)
    if page in UNKNOWN_WARNING_PAGES:
        warning = " ".join(texts(at, ["warning"]))
        assert all(w in warning for w in ["😀", "你好", "привет", "مرحبا"]), warning
    if page == "home":
        assert list(app.dataframe[0].value["word"]) == tokenize(SCRIPTS)


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_mixed_case_and_punctuation_are_normalised(app, page):
    at = type_on(app, page, MIXED)
    if page == "home":
        assert list(at.dataframe[0].value["word"]) == ["i", "am", "cold", "!", "!", "!", "how", ",", "are", "you",
                                                       "?"]
    if page == "data_vocab":
        assert list(id_table(at)["word"]) == tokenize(MIXED)


@pytest.mark.parametrize("page", SENTENCE_PAGES)
@pytest.mark.parametrize("payload", [SCRIPT_TAG, IMG_TAG])
def test_html_and_javascript_are_inert_text(app, page, payload):
    at = type_on(app, page, payload)
    assert at.text_input(key="sentence").value == payload  # kept as typed, in a plain text box
    for value in texts(at):
        assert "<script" not in value and "<img" not in value, (page, value)
    if page in UNKNOWN_WARNING_PAGES:  # the pieces are listed, escaped so Markdown shows them literally
        warning = " ".join(texts(at, ["warning"]))
        assert "\\<" in warning and "alert" in warning


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_markdown_in_a_sentence_cannot_make_links_images_or_maths(app, page):
    at = type_on(app, page, MARKDOWN)
    for value in texts(at):
        assert not re.search(r"(?<!\\)\]\s*\(", value), (page, value)  # no [text](url) link or image
        assert "_x_" not in value.replace("\\_x\\_", ""), (page, value)  # no emphasis from user text
    if page in UNKNOWN_WARNING_PAGES:
        warning = " ".join(texts(at, ["warning"]))
        assert "\\_x\\_" in warning and "\\$" in warning and "\\[" in warning


@pytest.mark.parametrize("page", SENTENCE_PAGES)
@pytest.mark.parametrize("text", ["", "   "])
def test_empty_or_blank_sentence_gives_a_message(app, page, text):
    at = type_on(app, page, text)
    messages = " ".join(texts(at, ["info", "caption"]))
    expected = {"data_vocab": "Type a sentence in English", "teacher_forcing": "Type an English sentence"}
    assert expected.get(page, "the input is empty") in messages, (page, messages)


def test_no_page_passes_user_text_as_html():
    sources = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]
    assert len(sources) > 10
    for path in sources:
        assert "unsafe_allow_html" not in path.read_text(), path


# ---- the same sentences through `python -m s2s translate` -------------------------------------------------------

@pytest.fixture(scope="module")
def checkpoint(trained, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ckpt") / "m.pt"
    return save_checkpoint(path, trained.model, trained.src_vocab, trained.tgt_vocab, trained.train_cfg, trained.step)


def test_cli_translates_odd_sentences_one_line_each(checkpoint, capsys):
    sentences = [LONG, UNKNOWN_ONLY, SCRIPTS, MIXED, SCRIPT_TAG, IMG_TAG, MARKDOWN]
    assert cli(["translate", "--checkpoint", str(checkpoint), *sentences]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(sentences)
    assert err.count("input cut to the model's maximum of 40 words") == 1
    assert "zorblax, quenfit, mirtlewop" in err and "😀, 你好, привет, مرحبا" in err
    assert "Traceback" not in err


def test_cli_beam_search_takes_the_same_sentences(checkpoint, capsys):
    assert cli(["translate", "--checkpoint", str(checkpoint), "--beam", "3", LONG, IMG_TAG]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2 and "input cut" in err


@pytest.mark.parametrize("text", ["", "   "])
def test_cli_empty_sentence_exits_2_with_one_line(checkpoint, capsys, text):
    assert cli(["translate", "--checkpoint", str(checkpoint), text]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:") and "empty" in err
