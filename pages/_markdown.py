"""Streamlit Markdown for the pages: literal text, highlighted words, a reading position, a changed tail.

Corpus sentences, model words, file names and error messages may contain characters that Markdown or
Streamlit's directives (`:red[...]`, `$maths$`) would interpret, so every page shows them through
`md_escape`, the one escaper of the app.
"""

from __future__ import annotations

import re
from typing import Sequence

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md_escape(text: str) -> str:
    """Backslash-escape every Markdown and Streamlit directive character, so `text` shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def sentence_markdown(tokens: Sequence[str], position: int) -> str:
    """A sentence with the word at `position` highlighted, words already read plain, later ones grey."""
    parts = []
    for i, tok in enumerate(tokens):
        safe = md_escape(tok)
        parts.append(safe if i < position else f":orange-background[**{safe}**]" if i == position else f":gray[{safe}]")
    return " ".join(parts)


def reading_markdown(sentences: Sequence[str], sentence_index: int, position: int) -> str:
    """A numbered list of sentences: those read are plain, the current one has its word highlighted, the rest grey."""
    lines = []
    for i, sentence in enumerate(sentences):
        if i == sentence_index:
            text = sentence_markdown(sentence.split(), position)
        else:
            text = md_escape(sentence) if i < sentence_index else f":gray[{md_escape(sentence)}]"
        lines.append(f"{i + 1}. {text}")
    return "\n".join(lines)


def changed_words_markdown(words: Sequence[str], changed: Sequence[bool], stopped_early: bool = False) -> str:
    """`words` with only the changed positions highlighted; `stopped_early` marks an end where the other went on."""
    parts = [f":orange-background[{md_escape(w)}]" if c else md_escape(w) for w, c in zip(words, changed)]
    if stopped_early:
        parts.append(":orange-background[(it stops here)]")
    return " ".join(parts) or "(nothing)"
