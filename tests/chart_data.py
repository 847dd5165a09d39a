"""Reading numbers back from a Plotly chart's JSON, as Streamlit sends it to the browser."""

import base64

import numpy as np


def array(value) -> np.ndarray:
    """A figure array from the chart's JSON, where Plotly may have packed it as base64 `bdata`."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return flat.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else flat
    if isinstance(value, list) and value and isinstance(value[0], dict):  # rows packed one by one
        return np.stack([array(row) for row in value])
    return np.asarray(value)
