"""The guided tour: the concepts of the classic seq2seq tutorial in teaching order, one stop per idea.

Each stop names the page that shows the idea, the sentence to show it with, and the page settings
that make the point visible (a beam width, a decoding step). The text says what to look at; the
numbers themselves always come from the live model on that page. Pure data, so it is tested
without a browser and the pages only render it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from s2s.analysis.examples import BEAM, FORCING, FREE_RUNNING, LONG

HOME = "pages/home.py"


@dataclass(frozen=True)
class TourStop:
    """ one stop of the tour """

    title: str
    page: str  # the page file that shows this idea
    sentence: str  # the shared sentence the stop sets
    text: str  # what to look at, in two or three sentences (Markdown, no numbers: those come from the model)
    settings: dict = field(default_factory=dict)  # page widget values (session_state keys) this stop presets
    attention_page: str | None = None  # where to go instead when the current model has attention
    predict: bool = False  # the stop's page asks a "predict first" question: the tour switches that mode on
    effect: str | None = None  # an effect (s2s.analysis.examples) whose example sentence replaces `sentence`


TOUR: tuple[TourStop, ...] = (
    TourStop("What seq2seq is", HOME, "i love you",
             "A sequence-to-sequence model reads a whole English sentence with one network, the **encoder**, "
             "and writes the French with a second one, the **decoder**. Follow the four boxes below from left to "
             "right: words become ids, the encoder reads them one by one and squeezes the sentence into one "
             "context vector, and the decoder turns that vector into French, one word at a time."),
    TourStop("Words become numbers", "pages/data_vocab.py", "i am cold",
             "A network only reads numbers, so each word gets an id from a **vocabulary** built from the "
             "training sentences. Step through the vocabulary building to see new words get new ids, then look "
             "at your sentence as ids, and at a real batch with its `<PAD>` cells that the loss ignores."),
    TourStop("The encoder reads word by word", "pages/encoder.py", "she is not tired",
             "Each word's id picks one row of the **embedding** table. The LSTM reads those rows one at a time "
             "and updates its state after each word: use **Next ▶** to read the sentence and watch which units "
             "change. The state after the last word is the **context vector** handed to the decoder.",
             {"enc_step": 1}, predict=True),
    TourStop("Hidden state and cell state", "pages/encoder.py", "she is not tired",
             "The LSTM carries two vectors. **h**, the hidden state, is what it shows the outside world and stays "
             "between −1 and 1; **c**, the cell state, is its memory, steered by the forget, input and output "
             "gates. Compare the two heatmaps in section 3, then the four gates for one word in section 2.",
             {"enc_step": 4}, predict=True),
    TourStop("The decoder writes one word at a time", "pages/decoder.py", "i am cold",
             "The decoder starts from the context vector and the `<SOS>` token. At each step it scores every "
             "French word, writes the most likely one (greedy decoding) and reads it back as its next input. "
             "Press **Next ▶** and watch the bar chart; then force a different word and see the rest change.",
             {"decoder_step": 0}, predict=True, effect=FORCING),
    TourStop("Teacher forcing", "pages/teacher_forcing.py", "i am cold",
             "In training, the decoder can read the **true** previous French word (teacher forcing) or its **own** "
             "guess. Compare the two runs side by side: one early mistake in free running becomes the next "
             "input, and errors compound. The training job flips this coin at every step.", predict=True,
             effect=FREE_RUNNING),
    TourStop("Greedy or beam search", "pages/beam.py", "the man who lives near the station is reading a book",
             "Greedy decoding keeps only the best word at each step, and can never take it back. **Beam search** "
             "keeps several partial translations, scored by the sum of their log-probabilities. Grow the tree "
             "with the step slider and see where greedy and beam part ways.",
             {"beam_width": 5}, predict=True, effect=BEAM),
    TourStop("The bottleneck", "pages/bottleneck.py", "the man who lives near the station is reading a book",
             "Whatever the sentence length, the decoder gets the same fixed-size context vector. Look at whether "
             "the model's quality on held-out sentences falls as they get longer: the longer the sentence, the "
             "more one vector has to hold.", predict=True, effect=LONG),
    TourStop("Attention", "pages/bottleneck.py", "the man who lives near the station is reading a book",
             "**Attention** lets the decoder look back at every encoder state at every step, not only at the "
             "last one. This run is the classic model: start a new run *with attention* from the sidebar (the "
             "current run is kept) and compare the two by sentence length at the bottom of this page.",
             attention_page="pages/decoder.py"),
)

ATTENTION_TEXT = ("This run uses **attention**: at every step the decoder mixes all the encoder states with "
                  "weights it computes, instead of relying on one context vector. The heatmap shows, for each "
                  "French word written, where it looked in the English; step through and watch the bars move.")


def stop_page(index: int, model_kind: str) -> str:
    """The page for stop `index`; the attention stop shows the live attention when the model has it."""
    stop = TOUR[index]
    return stop.attention_page if stop.attention_page and model_kind == "attention" else stop.page


def stop_text(index: int, model_kind: str) -> str:
    stop = TOUR[index]
    return ATTENTION_TEXT if stop.attention_page and model_kind == "attention" else stop.text


def parse_stop(value: str | None) -> int | None:
    """The 0-based stop from a URL's 1-based `?tour=N`; None when absent or not a stop number."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number - 1 if 1 <= number <= len(TOUR) else None
