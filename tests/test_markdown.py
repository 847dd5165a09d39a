"""The pages' Markdown helpers against hand-written expected strings: escaping, reading position, changed words."""

from pages._markdown import changed_words_markdown, md_escape, reading_markdown, sentence_markdown


def test_md_escape_escapes_every_markdown_and_directive_character():
    assert md_escape("*bold* [x](y) :red[z] $1") == r"\*bold\* \[x\]\(y\) \:red\[z\] \$1"
    assert md_escape(r"a_b `c` #1 + -2. !|<b>~\ {x}") == r"a\_b \`c\` \#1 \+ \-2\. \!\|\<b\>\~\\ \{x\}"
    assert md_escape("je t'aime, à demain") == "je t'aime, à demain"  # nothing special: unchanged


def test_sentence_markdown_highlights_the_current_word():
    assert sentence_markdown(["i", "*", "you"], 1) == r"i :orange-background[**\***] :gray[you]"


def test_reading_markdown_marks_the_current_sentence_and_word():
    text = reading_markdown(["i am cold", "i love you", "yes !"], 1, 2)
    assert text.split("\n") == ["1. i am cold", "2. i love :orange-background[**you**]", r"3. :gray[yes \!]"]


def test_changed_words_markdown_highlights_only_changed_positions():
    words, changed = ["je", "lis", "un", "livre"], [False, True, False, False]
    assert changed_words_markdown(words, changed) == "je :orange-background[lis] un livre"
    assert changed_words_markdown(["je", "t"], [False, False], stopped_early=True) == (
        "je t :orange-background[(it stops here)]")
    assert changed_words_markdown(["a*"], [True]) == r":orange-background[a\*]"
    assert changed_words_markdown([], []) == "(nothing)"
