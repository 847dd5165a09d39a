"""The guided tour, presentation mode and a CSV export in a real browser (Debian's Chromium via Playwright).

Screenshots of every tour stop go to $S2S_SHOTS (default /tmp/s2s-shots), to be looked at.
"""

import csv
import io

import pytest

from pages._tour_stops import TOUR

from .browser_fixtures import charts_drawn, settle, shot

pytestmark = pytest.mark.browser


def banner(page):
    return page.locator(".st-key-tour_banner")


def wait_for_stop(page, number: int) -> None:
    page.wait_for_selector(f"text=Tour, stop {number} of {len(TOUR)}", timeout=60000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, number
    assert f"tour={number}" in page.url


def lock_in_a_guess(page) -> None:
    """Answer a stop's "predict first" question (the tour turns that mode on): its charts come after a guess."""
    card = page.locator('[class*="st-key-predict_"]', has_text="Predict first:").first
    card.wait_for(timeout=60000)
    if card.get_by_role("button", name="Lock in my guess").count():
        options = card.locator('[data-testid="stRadioOption"]')
        if options.count():  # a pick among choices; a slider question keeps its middle value
            options.first.click()
        card.get_by_role("button", name="Lock in my guess").click()
    # the model's answer replaces the question
    card.get_by_role("button", name="Lock in my guess").wait_for(state="detached", timeout=60000)
    settle(page)


def test_walk_the_tour_from_the_home_page(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.goto(app_url)
    settle(page)
    page.locator("button", has_text="New here? Take the guided tour").click()
    for number, stop in enumerate(TOUR, start=1):
        wait_for_stop(page, number)
        assert stop.title in banner(page).inner_text()
        if stop.predict:
            lock_in_a_guess(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60000)
        charts_drawn(page)  # before the picture
        shot(page, f"tour-{number:02d}")
        name = "Finish" if number == len(TOUR) else "Next ▶"
        banner(page).locator("button", has_text=name).click()
    page.wait_for_selector(".st-key-tour_banner", state="detached", timeout=30000)
    assert "tour=" not in page.url


def test_a_tour_link_reopens_its_stop(page, app_url):
    page.goto(app_url + "?tour=7")
    wait_for_stop(page, 7)
    assert page.locator("h1", has_text="Beam search").count() == 1


def text_size(page) -> float:
    return page.locator('[data-testid="stMainBlockContainer"] .stMarkdown p').first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")


def test_presentation_mode_hides_the_sidebar_until_exit(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_url + "decoder")
    settle(page)
    normal = text_size(page)
    page.goto(app_url + "decoder?present=1")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert text_size(page) >= 1.2 * normal  # enlarged for the back of the room
    charts_drawn(page)
    shot(page, "presentation-decoder")
    page.locator("button", has_text="Exit presentation").click()
    page.wait_for_selector('[data-testid="stSidebar"]', state="visible", timeout=30000)
    assert "present=" not in page.url


def test_decoder_topk_downloads_as_csv(page, app_url):
    page.goto(app_url + "decoder?s=i%20am%20cold")
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60000)
    settle(page)
    button = page.locator("button:visible", has_text="Top-k candidates at every step (CSV)")
    with page.expect_download(timeout=30000) as info:
        button.click()
    data = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0]) == ["step", "reads", "rank", "candidate", "probability", "written", "forced"]
    assert rows[0]["reads"] == "<SOS>" and 0 < float(rows[0]["probability"]) <= 1
    assert info.value.suggested_filename.startswith("decoder-topk-step")
