"""Reliability, bad input: odd sentences on every page that reads the shared sentence, and in the CLI.

Each sentence is typed into the shared box of every page (AppTest, one paused job for the module) and
must give a page without a traceback: a note when it is cut to the model's maximum, a warning naming
unknown words, a message for empty input, and typed HTML or Markdown shown as literal text.
"""

import ast
import importlib
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


def english_ids_shape(at) -> str:
    """The Shapes page's shape of the sentence's English ids (a batch of one: [words, 1])."""
    table = next(d.value for d in at.dataframe if "tensor" in d.value.columns)  # the sentence tab's table
    return table[table["tensor"] == "English ids"]["shape"].iloc[0]


def what_the_page_shows(at, page: str):
    """The numbers a page computes from the sentence, to compare two ways of typing the same words."""
    if page in ("encoder", "decoder"):
        return [(m.label, m.value) for m in at.metric], [m.value for m in at.markdown if m.value.startswith("**Step")]
    if page == "beam":
        return at.dataframe[0].value.to_dict()
    if page == "home":
        return list(at.dataframe[0].value["word"]), at.dataframe[1].value.to_dict()
    if page == "data_vocab":
        return id_table(at).to_dict()
    if page == "shapes":
        return english_ids_shape(at)
    return texts(at, ["caption"])


def not_in_corpus(at) -> bool:
    return any("not in this run's corpus" in c for c in texts(at, ["caption"]))


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_sentence_of_only_unknown_words_names_them(app, page):
    at = type_on(app, page, UNKNOWN_ONLY)
    if page in UNKNOWN_WARNING_PAGES:
        warning = " ".join(texts(at, ["warning"]))
        assert all(word in warning for word in UNKNOWN_ONLY.split()) and "UNK" in warning
    elif page == "teacher_forcing":
        assert not_in_corpus(at)
    else:  # shapes: three words in, three ids, all <UNK>
        assert page == "shapes" and english_ids_shape(at) == "[3, 1]"
        assert any("model's own translation" in c for c in texts(at, ["caption"]))


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_emoji_and_non_latin_scripts_are_read_as_unknown_words(app, page):
    at = type_on(app, page, SCRIPTS)
    if page in UNKNOWN_WARNING_PAGES:
        warning = " ".join(texts(at, ["warning"]))
        assert all(w in warning for w in ["😀", "你好", "привет", "مرحبا"]), warning
    if page == "home":
        assert list(app.dataframe[0].value["word"]) == tokenize(SCRIPTS)
    if page == "teacher_forcing":
        assert not_in_corpus(at)
    if page == "shapes":
        assert english_ids_shape(at) == f"[{len(tokenize(SCRIPTS))}, 1]"


@pytest.mark.parametrize("page", SENTENCE_PAGES)
def test_mixed_case_and_punctuation_are_normalised(app, page):
    """Shouting, odd spacing and glued punctuation give exactly the page of the normalised words."""
    normalised = " ".join(tokenize(MIXED))
    assert normalised == "i am cold ! ! ! how , are you ?"
    shown = what_the_page_shows(type_on(app, page, MIXED), page)
    assert shown == what_the_page_shows(type_on(app, page, normalised), page), page
    if page == "home":
        assert shown[0] == normalised.split()
    if page == "data_vocab":
        assert list(id_table(app)["word"]) == normalised.split()
    if page == "encoder":
        assert "Step 1 of 11" in shown[1][0]
    if page == "teacher_forcing":
        assert not_in_corpus(app)
    if page == "shapes":
        assert shown == "[11, 1]"


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


HTML_APIS = {"html", "iframe"}  # st.html, st.iframe and streamlit.components' html / iframe


def html_calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr in HTML_APIS]


def test_no_page_passes_user_text_as_html():
    """No HTML switch anywhere, and the one raw-HTML call only ever gets a fixed file from assets/."""
    sources = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]
    assert len(sources) > 10
    fixed_files = []
    for path in sources:
        tree = ast.parse(path.read_text())
        assert not [k for k in ast.walk(tree) if isinstance(k, ast.keyword) and k.arg == "unsafe_allow_html"], path
        imported = [a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                    for a in n.names] + [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in imported if "components" in m], path  # no custom HTML/JS components
        for call in html_calls(tree):
            arg = call.args[0] if len(call.args) == 1 and not call.keywords else None
            assert isinstance(arg, ast.Name) and arg.id.isupper() and path.name.startswith("_"), \
                f"{path.name}:{call.lineno} passes something other than a module constant to {call.func.attr}()"
            fixed_files.append(getattr(importlib.import_module(f"pages.{path.stem}"), arg.id))
    assert fixed_files, "the check found no st.html call at all: it would not notice one either"
    for file in fixed_files:  # a file of the repository's assets, not text built at run time
        assert isinstance(file, Path) and file.parent == REPO / "assets" and file.is_file(), file


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
