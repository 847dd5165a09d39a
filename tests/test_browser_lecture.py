"""A lecture in a real browser (Debian's Chromium via Playwright): the projector, a phone, and the whole room
frozen on one model.

Screenshots go to $S2S_SHOTS (default /tmp/s2s-shots), to be looked at.
"""

import pytest

from .browser_fixtures import ARGS, CHROMIUM, charts_drawn, settle, shot

pytestmark = pytest.mark.browser

CONTENT = ('[data-testid="stMainBlockContainer"] :is(.stPlotlyChart, [data-testid="stDataFrame"], '
           '[data-testid="stTextInput"], [data-testid="stSlider"])')


@pytest.fixture()
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


def boxes(page, selector: str) -> list[dict]:
    """Bounding boxes of every visible match, in page coordinates (scroll-independent)."""
    return page.evaluate("""sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
        .map(e => { const r = e.getBoundingClientRect();
                    return {left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY}; })""",
                         selector)


def open_settled(page, url: str) -> None:
    page.goto(url)
    settle(page)
    page.wait_for_selector(CONTENT, timeout=60000)
    charts_drawn(page)  # Plotly has sized and drawn every chart (their widths are measured)
    settle(page)


# Every page once: the nine tour stops (with the tour's banner, which covers seven pages) and the two others.
PROJECTED = [f"?present=1&tour={n}" for n in range(1, 10)] + ["training?present=1", "shapes?present=1"]


@pytest.mark.timeout(600)
def test_presentation_at_1280x720_fits_the_width_and_shows_content_on_the_first_screen(browser, app_url):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    for number, path in enumerate(PROJECTED, start=1):
        open_settled(page, app_url + path)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        wide = [b for b in boxes(page, ".stPlotlyChart, .stPlotlyChart .main-svg, [data-testid='stDataFrame']")
                if b["right"] > 1280 + 1]
        assert not wide, (path, wide)  # nothing cut off on the right
        first = min(b["top"] for b in boxes(page, CONTENT))
        assert first < 720, (path, first)  # the page's own content starts on the first screen
        page.evaluate("scrollTo(0, 0)")
        shot(page, f"present-1280-{number:02d}", full_page=False)


@pytest.mark.timeout(300)
def test_on_a_phone_the_decoder_step_control_and_its_chart_share_one_screen(browser, app_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_settled(page, app_url + "decoder?s=i%20am%20cold")
    nav = page.locator(".st-key-step_nav")
    nav.scroll_into_view_if_needed()
    page.wait_for_selector(".st-key-decoder_topk .main-svg", timeout=60000)
    (row,) = boxes(page, ".st-key-step_nav")
    (chart,) = boxes(page, ".st-key-decoder_topk")
    assert row["bottom"] - row["top"] < 160  # Prev, the slider and Next on one line, not stacked
    assert chart["bottom"] - row["top"] <= 844  # scrolled to the controls, the chart they move is in view
    assert not page.locator(".modebar-container:visible").count()  # no toolbar over titles and legends
    page.evaluate(f"scrollTo(0, {row['top'] - 8})")
    shot(page, "phone-decoder", full_page=False)


def banner_text(page) -> str:
    banner = page.locator(".st-key-lecture_banner")
    return banner.inner_text() if banner.count() else ""


@pytest.mark.timeout(300)
def test_a_lecture_snapshot_pins_every_page_for_two_browsers_at_once(browser, app_url):
    teacher = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
    student = browser.new_context(viewport={"width": 1300, "height": 900}).new_page()
    open_settled(teacher, app_url + "training")
    open_settled(student, app_url + "beam?s=i%20am%20cold")
    teacher.locator(".st-key-btn_lecture_pin button").first.dispatch_event("click")  # it redraws every second
    for page in (teacher, student):  # the student's page follows within its one-second refresh
        page.wait_for_selector(".st-key-lecture_banner", timeout=30000)
    step = banner_text(teacher).split("model at step ")[1].split("*")[0].split(" ")[0]
    assert f"model at step {step}" in banner_text(student)
    shot(student, "lecture-student-beam")
    student.goto(app_url + "?s=i%20am%20cold")  # Home too, in the student's session
    student.wait_for_selector(f"text=Model at training step {step} (frozen for the class", timeout=60000)
    assert f"model at step {step}" in banner_text(student)
    teacher.locator(".st-key-lecture_banner_unpin button").first.dispatch_event("click")
    for page in (teacher, student):
        page.wait_for_selector(".st-key-lecture_banner", state="detached", timeout=30000)
    student.wait_for_selector("text=(this updates live)", timeout=60000)
