"""Classroom control on the wire: forged widget states from a viewer's websocket session change nothing.

A browser is not the only client: Streamlit's websocket accepts any BackMsg. These tests speak that protocol
with Streamlit's own protobufs against `streamlit run app.py` started with a control token. A controller
session (token entered) shows the real widget ids of the Pause button, the teacher-forcing slider and the
new-run form; a viewer session sends them as forged widget states, and the job must not change. The same
messages from the controller then do change it, which proves the forged ids were the real ones.
"""

import asyncio
import re
import time
from dataclasses import dataclass

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from .browser_fixtures import streamlit_server

TOKEN = "wire-7c1e-sesame"
PAGE = "training"
STEP = re.compile(r"\[(?:●|❚❚) (training|paused)\] step ([\d,]+) · epoch")
TEACHER_FORCING = re.compile(r"teacher forcing (\d\.\d\d)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    with streamlit_server(home, S2S_CONTROL_TOKEN=TOKEN) as url:
        yield url, home


@dataclass(frozen=True)
class JobView:
    """ what a page run shows of the job: state, step, teacher forcing, and the ids of its widgets by key """

    state: str
    step: int
    teacher_forcing: str
    widgets: dict  # widget key -> widget id


class Session:
    """ one websocket session, as one browser tab holds it """

    def __init__(self, ws):
        self.ws = ws

    async def run(self, *states) -> JobView:
        """Rerun the page with these widget states, (id, field, value) each, and read what it shows."""
        msg = BackMsg()
        msg.rerun_script.page_name = PAGE
        for widget_id, field, value in states:
            state = msg.rerun_script.widget_states.widgets.add(id=widget_id)
            if field == "double_array_value":
                state.double_array_value.data.extend(value)
            else:
                setattr(state, field, value)
        await self.ws.send(msg.SerializeToString())
        texts, widgets = [], {}
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=120))
            if fm.WhichOneof("type") == "script_finished":
                if fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
                texts, widgets = [], {}  # the app reran itself (st.rerun): read the new run
            if fm.WhichOneof("type") == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = getattr(fm.delta.new_element, fm.delta.new_element.WhichOneof("type"))
                texts.append(getattr(element, "body", ""))
                if getattr(element, "id", "").startswith("$$ID-"):
                    widgets[element.id.split("-", 2)[2]] = element.id
        text = "\n".join(texts)
        state, step = STEP.search(text).groups()
        return JobView(state, int(step.replace(",", "")), TEACHER_FORCING.search(text).group(1), widgets)

    async def until(self, condition) -> JobView:
        """Rerun until the page shows `condition` (the job works in its own thread)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            view = await self.run()
            if condition(view):
                return view
            await asyncio.sleep(0.2)
        raise AssertionError(f"the page never showed the expected state; last: {view}")


def trigger(widget_id: str) -> tuple:
    return widget_id, "trigger_value", True


def slider(widget_id: str, value: float) -> tuple:
    return widget_id, "double_array_value", [value]


async def scenario(url: str, home) -> None:
    ws_url = url.replace("http", "ws", 1) + "_stcore/stream"
    connect = dict(subprotocols=["streamlit"], max_size=None, open_timeout=60)
    async with websockets.connect(ws_url, **connect) as c, websockets.connect(ws_url, **connect) as v:
        controller, viewer = Session(c), Session(v)
        # 1) the real ids, from a controller session: log in, then open the new-run form's second step
        login = (await controller.run()).widgets["token_input"]
        ids = (await controller.run((login, "string_value", TOKEN))).widgets
        ids |= (await controller.run(trigger(ids["btn_restart_ask"]))).widgets
        assert {"btn_pause", "btn_step", "tf_ratio", "btn_restart_ask", "btn_restart_yes"} <= set(ids)

        # 2) a viewer forges them: Pause, a teacher-forcing value, the new-run form's submit, and all at once
        before = await viewer.until(lambda view: view.state == "training")
        assert "token_input" in before.widgets and not {"btn_pause", "tf_ratio"} & set(before.widgets)
        forged = [[trigger(ids["btn_pause"])], [slider(ids["tf_ratio"], 0.9)], [trigger(ids["btn_step"])],
                  [trigger(ids["btn_restart_ask"])], [trigger(ids["btn_restart_yes"])],
                  [trigger(ids["btn_pause"]), slider(ids["tf_ratio"], 0.9), trigger(ids["btn_restart_yes"])]]
        for states in forged:
            shown = await viewer.run(*states)
            assert (shown.state, shown.teacher_forcing) == ("training", before.teacher_forcing), states
            assert not {"btn_pause", "tf_ratio", "btn_restart_yes"} & set(shown.widgets)
        later = await viewer.until(lambda view: view.step > before.step)  # same run, still training
        assert later.state == "training" and later.teacher_forcing == before.teacher_forcing
        assert len(list((home / "runs").iterdir())) == 1, "the run was replaced"

        # 3) the same messages from the controller do drive the job: the ids were the real ones
        await controller.run(slider(ids["tf_ratio"], 0.9))
        await viewer.until(lambda view: view.teacher_forcing == "0.90")
        await controller.run(trigger(ids["btn_pause"]))
        await viewer.until(lambda view: view.state == "paused")
        await controller.run(trigger(ids["btn_restart_ask"]))
        await controller.run(trigger(ids["btn_restart_yes"]))
        assert len(list((home / "runs").iterdir())) == 2  # the replaced run is kept beside the new one: a restart


@pytest.mark.timeout(300)
def test_forged_widget_states_from_a_viewer_change_nothing_and_the_same_from_a_controller_do(server):
    asyncio.run(scenario(*server))
