"""Compare: two runs side by side (curves, BLEU by length, one sentence), bugs on purpose, ready-made experiments."""

import streamlit as st

from pages._chart import chart
from pages._compare_ui import comparison_ui, run_label, side
from pages._experiments_ui import launcher_ui, progress_ui
from pages._markdown import md_escape
from pages._ui import can_control, get_job, sentence_input, sidebar
from s2s.analysis.runs import RunRecord
from s2s.beam import beam_search
from s2s.bugs import BUGS
from s2s.decode import greedy
from s2s.errors import S2SError
from s2s.figures.attention import attention_heatmap
from s2s.figures.runs import curves_figure, grad_norms_figure
from s2s.figures.summary_data import curves_summary, grad_norms_summary
from s2s.figures.summary_model import attention_heatmap_summary
from s2s.live.library import RunInfo
from s2s.view import ModelView

INTRO = (
    "Pick two training runs and see them side by side: their curves, their BLEU by sentence length, and the same "
    "sentence translated by both. Every run the app trains is kept (see **Runs**). A ready-made experiment trains "
    "a set of runs that differ in one thing, such as a documented bug beside the correct run."
)


def pickers_ui() -> tuple[RunInfo, RunInfo] | None:
    """Two runs from the library (the current one included); None while there are fewer than two."""
    listing, current = get_job().library.list(), get_job().snapshot().library_id
    runs = {r.id: r for r in listing.runs}
    if len(runs) < 2:
        st.info("There is only one run so far. Start an experiment above, or a new run in the sidebar.")
        return None
    ids = list(runs)
    for name, fallback in (("cmp_a", next(i for i in ids if i != current)), ("cmp_b", current or ids[0])):
        if st.session_state.get(name) not in runs:  # first visit (a link may name the runs), or a run was deleted
            wanted = st.query_params.get(name)
            st.session_state[name] = wanted if wanted in runs else fallback
    left, right = st.columns(2)
    first = left.selectbox("First run (blue, solid)", ids, key="cmp_a",
                           format_func=lambda i: run_label(runs[i], current))
    second = right.selectbox("Second run (vermillion, dashed)", ids, key="cmp_b",
                             format_func=lambda i: run_label(runs[i], current))
    return runs[first], runs[second]


def bug_ui(info: RunInfo, column) -> None:
    """What the run's bug is, where it hides in real code, and what to look for."""
    if not info.bug:
        column.caption(f"{md_escape(info.name)}: no bug switched on.")
        return
    bug = BUGS[info.bug]
    column.error(f"**Bug on purpose: {bug.title}.** {bug.what}\n\n**Where it hides:** {bug.where}\n\n"
                 f"**What to look for:** {bug.expect}\n\n*Known from: {bug.reference}.*")


def curves_ui(a: RunRecord, b: RunRecord) -> None:
    axis = st.radio("Horizontal axis", ["step", "time"], horizontal=True, key="cmp_axis", persist_state="session",
                    format_func={"step": "training steps", "time": "training time"}.__getitem__)
    chart(curves_figure(a, b, axis), curves_summary(a, b), "cmp_curves")
    with st.expander("Gradient norms", expanded="no_clipping" in (a.bug, b.bug)):
        chart(grad_norms_figure(a, b, axis), grad_norms_summary(a, b), "cmp_grads")


def translations_ui(sides: list[tuple[RunRecord, ModelView]]) -> None:
    """The shared sentence translated by both runs, greedy and beam, with attention heatmaps when present."""
    st.header("The same sentence, translated by both")
    text = sentence_input()
    if not text.strip():
        return
    columns = st.columns(2)
    for k, ((record, view), column) in enumerate(zip(sides, columns)):
        try:
            trace = greedy(view.model, text, view.src_vocab, view.tgt_vocab)
            beam = beam_search(view.model, text, view.src_vocab, view.tgt_vocab, 5)
        except S2SError as err:
            column.error(md_escape(str(err)))
            continue
        column.markdown(f"**{md_escape(record.name)}**  \ngreedy: {md_escape(trace.text) or '(nothing)'}  \n"
                        f"beam (width 5): {md_escape(beam.best.text) or '(nothing)'}")
        if trace.steps and trace.steps[0].attention is not None:
            with column:
                chart(attention_heatmap(trace), attention_heatmap_summary(trace), f"cmp_heatmap_{k}")


def main() -> None:
    sidebar(__file__)
    st.title("Compare runs")
    st.markdown(INTRO)
    if can_control():
        with st.expander("Ready-made experiments", expanded=not get_job().library.list().runs[1:]):
            launcher_ui()
    progress_ui()
    chosen = pickers_ui()
    if chosen is None:
        return
    columns = st.columns(2)
    for info, column in zip(chosen, columns):
        bug_ui(info, column)
    try:
        sides = [side(info) for info in chosen]
    except (S2SError, OSError) as err:  # e.g. a checkpoint that became unreadable
        st.error(md_escape(f"That run could not be read: {err}"))
        return
    comparison_ui(sides[0], sides[1], "cmp")
    curves_ui(sides[0][0], sides[1][0])
    translations_ui(sides)


main()
