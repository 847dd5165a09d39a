"""Seq2Seq Explainer core: vocabulary, corpora, the LSTM encoder-decoder, decoding traces, training.

This package is the pure core of the app. It never imports streamlit, so every piece can be tested and
used from the command line (`python -m s2s ...`) without a browser.
"""

__version__ = "0.1.0"
