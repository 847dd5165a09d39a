"""The class poll in a real browser: a teacher (with the control token) and a student in two browser contexts.

The teacher opens a next-word poll from the Decoder page, the student votes from the Encoder page, the
teacher watches the count rise and reveals, and both see the class histogram beside the model's top-k.
The revealed screens go to $S2S_SHOTS (default /tmp/s2s-shots); the README's poll screenshot is one.
"""

import os
from pathlib import Path

import pytest

from .browser_fixtures import ARGS, CHROMIUM, charts_drawn, settle, shot, streamlit_server

TOKEN = "browser-teacher"
pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]


@pytest.fixture(scope="module")
def poll_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    with streamlit_server(tmp_path_factory.mktemp("home"), S2S_CONTROL_TOKEN=TOKEN) as url:
        yield url


def banner(page):
    return page.locator(".st-key-poll_banner")


def revealed(page) -> None:
    """Wait for the class histogram beside the model's probabilities, in the poll banner."""
    banner(page).locator("text=The model (model's probability)").wait_for(timeout=30000)
    banner(page).get_by_text("The model's answer (at").first.wait_for(timeout=30000)  # the chart's summary says it too
    assert banner(page).locator("text=The class (1 vote)").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0


def test_teacher_opens_a_next_word_poll_a_student_votes_from_another_page_both_see_the_reveal(poll_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        student = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
        teacher.goto(poll_url + "decoder?s=i%20love%20you")
        settle(teacher)
        teacher.get_by_label("Control token").fill(TOKEN)
        teacher.get_by_label("Control token").press("Enter")
        ask = teacher.locator("button", has_text="Ask the class: which word comes next?").first
        ask.wait_for(timeout=60000)
        settle(teacher)
        student.goto(poll_url + "encoder")
        settle(student)
        assert student.locator("button", has_text="Ask the class").count() == 0  # a viewer cannot open polls
        ask.click()
        banner(teacher).locator("text=0 votes so far").wait_for(timeout=30000)

        banner(student).wait_for(timeout=30000)  # within the banner's refresh on a page the teacher is not on
        assert "what will the model write next" in banner(student).inner_text()
        assert banner(student).locator("button", has_text="Reveal").count() == 0
        banner(student).locator("button").first.click()  # a student's banner has only the choices
        banner(student).locator("text=Your vote is in").wait_for(timeout=30000)

        banner(teacher).locator("text=1 vote so far").wait_for(timeout=30000)  # the count rises by itself
        assert banner(teacher).locator(".js-plotly-plot").count() == 0  # the count, not the distribution
        banner(teacher).locator("button", has_text="Reveal the answers").click()
        revealed(teacher)
        revealed(student)  # the student's banner catches up on its own
        for page, name in ((teacher, "poll-teacher"), (student, "poll-student")):
            banner(page).scroll_into_view_if_needed()
            charts_drawn(page)  # before the picture
            shot(page, name)
        shot(banner(student), "poll", full_page=False)
        browser.close()
