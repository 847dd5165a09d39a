"""AppTest: every page renders without an exception and shows what it must."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_home_page_shows_the_pipeline_and_the_ids_of_the_default_sentence():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Seq2Seq Explainer"
    table = at.dataframe[0].value
    assert list(table["token"]) == ["i", "love", "you"]
    assert all(table["id"] >= 4)  # known words get ids after the four special tokens
    assert [m.label for m in at.metric][:1] == ["Sentence pairs"]
    assert int(at.metric[0].value.replace(",", "")) >= 8000


def test_unknown_words_are_flagged_and_html_stays_text():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="sentence").input("I love <script>alert(1)</script> pizza").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "pizza" in list(table["token"]) and "<" in list(table["token"])
    assert "pizza" in at.warning[0].value and "<UNK>" in at.warning[0].value
    assert at.query_params["s"] == ["I love <script>alert(1)</script> pizza"]


def test_sentence_comes_from_the_url():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = "i am cold"
    at.run()
    assert list(at.dataframe[0].value["token"]) == ["i", "am", "cold"]


def test_empty_sentence_gives_a_hint_not_an_error():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="sentence").input("   ").run()
    assert not at.exception and "Type an English sentence" in at.info[0].value
