"""Seq2Seq Explainer core: vocabulary, corpora, the LSTM encoder-decoder, decoding traces, training.

This package is the pure core of the app. It never imports streamlit, so every piece can be tested and
used from the command line (`python -m s2s ...`) without a browser.
"""

import os

__version__ = "0.1.0"

# oneDNN keeps a compiled kernel for every tensor shape it meets; with length-bucketed batches that is many
# shapes, and its default cache of 1024 kernels holds hundreds of MB. 128 keeps the speed and bounds the
# memory. Set before torch loads oneDNN; an explicit setting in the environment wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "128")
