"""The web chat in headless Chromium (Debian's chromium via Playwright) against a real uvicorn.

Skipped with a reason when chromium is missing, unless JEUGDBOT_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind, Option, Series, SeriesPoint, Source, Table

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("JEUGDBOT_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT_DIR = Path(os.environ.get("JEUGDBOT_SCREENSHOTS", "/tmp"))


def _require_browser() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("JEUGDBOT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " and JEUGDBOT_REQUIRE_BROWSER=1")
    pytest.skip(reason)


class ScriptedBot(Jeugdbot):
    """A core with fixed replies, to drive every UI element (options, table, chart, query).

    The figures of the real core are checked in test_real_core_*; this double only keeps the
    UI test independent of the data.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.contexts: list[Context] = []

    def answer(self, question: str, context: Context | None = None) -> Answer:
        assert context is not None
        self.contexts.append(context)
        if "Bergen (L.)" in question:
            return Answer(
                kind=Kind.ANSWER,
                text="In 2023 hadden *120* jeugdigen jeugdhulp in Bergen (L.).",
                understood="Bergen (L.) · 2023 · jeugdigen in zorg",
                table=Table(
                    columns=["jaar", "jeugdigen"], rows=[["2022", "minder dan 5"], ["2023", "120"]]
                ),
                series=Series(
                    title="Jeugdigen in zorg, Bergen (L.)",
                    unit="aantal",
                    points=[
                        SeriesPoint(label="2022", value=None),
                        SeriesPoint(label="2023", value=120),
                    ],
                ),
                sources=[Source(titel="Monitor Een 10 voor de Jeugd (demodata)")],
                peildatum=date(2025, 6, 30),
                demo=True,
                query="jeugdigen_in_zorg",
                params={"gemeente_code": "GM0893", "jaar": 2023},
                definition="Unieke cliënten met een traject dat het jaar overlapt.",
            )
        if "Bergen" in question:
            return Answer(
                kind=Kind.CLARIFY,
                text="Bedoel je Bergen (L.) of Bergen (NH.)?",
                options=[
                    Option(label="Bergen (L.)", value="Hoeveel jeugdigen in Bergen (L.) in 2023?"),
                    Option(
                        label="Bergen (NH.)", value="Hoeveel jeugdigen in Bergen (NH.) in 2023?"
                    ),
                ],
            )
        return Answer(kind=Kind.HELP, text=f"Je vroeg: {question}")


@dataclass
class Server:
    url: str
    bot: Jeugdbot


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve(demo_marts: Path, tmp_path: Path):
    """Start uvicorn on a free port for a given bot; stopped after the test."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(bot_factory) -> Server:
        settings = Settings(
            _env_file=None, marts=demo_marts, cache_dir=tmp_path, throttle_per_minute=1000
        )
        bot = bot_factory(settings)
        port = _free_port()
        config = uvicorn.Config(
            create_app(settings, bot), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        servers.append((server, thread))
        return Server(f"http://127.0.0.1:{port}", bot)

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(10)


def expect(locator):
    """Playwright's auto-retrying assertions (polling without eval, so the page CSP holds)."""
    from playwright.sync_api import expect as _expect

    return _expect(locator)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 900, "height": 900}, locale="nl-NL")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
    assert errors == [], errors  # no script errors, no CSP violations


def test_type_question_click_option_and_see_table_chart_and_query(serve, page) -> None:
    server = serve(ScriptedBot)
    page.goto(server.url)
    page.fill("#question", "Hoeveel jeugdigen in Bergen?")
    page.press("#question", "Enter")
    page.get_by_role("button", name="Bergen (L.)").click()
    answer = page.locator("article.message.answer").last
    answer.wait_for()
    assert "120" in answer.inner_text()
    assert answer.locator("strong").inner_text() == "120"
    assert answer.locator("table tbody tr").count() == 2
    assert "minder dan 5" in answer.locator("table").inner_text()
    assert "demodata" in answer.locator(".context").inner_text()
    assert "30 juni 2025" in answer.locator(".context").inner_text()
    chart = answer.locator("img.chart")
    chart.wait_for()
    expect(chart).to_have_js_property("complete", True)
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG chart loaded
    answer.get_by_role("button", name="Toon query").click()
    assert "GM0893" in answer.locator("pre.query").inner_text()
    assert answer.get_by_role("button", name="Toon query").get_attribute("aria-expanded") == "true"
    answer.get_by_role("button", name="Slecht antwoord").click()
    expect(page.locator("#status")).to_contain_text("Bedankt")
    # the option asked its full question in the same conversation
    bot = server.bot
    assert isinstance(bot, ScriptedBot)
    assert bot.contexts[1].conversation_id == bot.contexts[0].conversation_id is not None
    page.screenshot(path=str(SCREENSHOT_DIR / "jeugdbot-chat.png"), full_page=True)


def test_keyboard_only_flow(serve, page) -> None:
    server = serve(ScriptedBot)
    page.goto(server.url)
    assert page.evaluate("document.activeElement.id") == "question"  # focus starts in the input
    page.keyboard.type("Bergen")
    page.keyboard.press("Enter")
    page.locator(".options button").first.wait_for()
    assert page.evaluate("document.activeElement.id") == "question"  # focus back for typing on
    for _ in range(15):  # Shift+Tab backwards from the input into the last answer's buttons
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "Bergen (L.)":
            break
    else:
        pytest.fail("the clarification option is not reachable with the keyboard")
    page.keyboard.press("Enter")
    page.locator("article.message.answer").last.wait_for()
    assert "120" in page.locator("article.message.answer").last.inner_text()
    assert page.evaluate("document.activeElement.id") == "question"
    live = page.locator("#log")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "log"


def test_text_is_escaped_never_html(serve, page) -> None:
    serve_ = serve(ScriptedBot)
    page.goto(serve_.url)
    payload = '<img src=x onerror="window.pwned=1"><b>vet</b>'
    page.fill("#question", payload)
    page.press("#question", "Enter")
    page.locator("article.message.help").last.wait_for()
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("#log img").count() == 0 and page.locator("#log b").count() == 0
    assert payload in page.locator("article.message.help").last.inner_text()


def test_conversation_id_survives_a_reload(serve, page) -> None:
    server = serve(ScriptedBot)
    page.goto(server.url)
    page.fill("#question", "eerste")
    page.press("#question", "Enter")
    page.locator("article.message.help").last.wait_for()
    page.reload()
    page.fill("#question", "tweede")
    page.press("#question", "Enter")
    page.locator("article.message.help").last.wait_for()
    page.get_by_role("button", name="Nieuw gesprek").click()
    page.fill("#question", "derde")
    page.press("#question", "Enter")
    page.locator("article.message.help").last.wait_for()
    bot = server.bot
    assert isinstance(bot, ScriptedBot)
    first, second, third = (c.conversation_id for c in bot.contexts)
    assert first == second != third


def test_real_core_figure_and_clarification(serve, page) -> None:
    server = serve(Jeugdbot)
    page.goto(server.url)
    page.get_by_role("button", name="Hoeveel jeugdigen in Helmond in 2023?").click()
    answer = page.locator("article.message.answer").last
    answer.wait_for()
    assert "2.635" in answer.locator("strong").all_inner_texts()
    assert "demodata" in answer.locator(".context").inner_text()
    page.fill("#question", "hoeveel jeugdigen in bergen in 2023")
    page.press("#question", "Enter")
    clarify = page.locator("article.message.clarify").last
    clarify.wait_for()
    assert clarify.locator(".options button").all_inner_texts() == ["Bergen (L.)", "Bergen (NH.)"]
    clarify.get_by_role("button", name="Bergen (L.)").click()
    expect(page.locator("article.message").last).to_contain_text("11 gemeenten")
    page.screenshot(path=str(SCREENSHOT_DIR / "jeugdbot-chat-real.png"), full_page=True)


def _settled(page) -> None:
    """Wait until smooth scrolling has stopped (scrollY unchanged over a few frames)."""
    last = None
    for _ in range(60):
        y = page.evaluate("window.scrollY")
        if y == last:
            return
        last = y
        page.wait_for_timeout(100)


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_last_answer_is_above_the_input_bar_and_readable(serve, browser, viewport) -> None:
    """Issue 14 item 2: buttons of the last answer not under the sticky bar and clickable, text
    columns left-aligned, chart labels at least 10 px, the first example on one line."""
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        server = serve(Jeugdbot)
        page.goto(server.url)
        first = page.locator(".examples li").first
        line = float(first.evaluate("li => parseFloat(getComputedStyle(li).lineHeight)"))
        assert first.bounding_box()["height"] < 1.5 * line  # the bullet does not wrap
        for question in (
            "kosten per product in de regio 2024",
            "hoeveel jeugdigen in bergen in 2023",
        ):
            n = page.locator("article.message").count()
            page.fill("#question", question)
            page.press("#question", "Enter")
            page.locator("article.message").nth(n).wait_for()
            chart = page.locator("article.message").last.locator("img.chart")
            if chart.count():
                expect(chart).to_have_js_property("complete", True)
                page.wait_for_timeout(200)
            _settled(page)
            answer = page.locator("article.message").last
            bar_top = page.locator("#ask").bounding_box()["y"]
            for button in answer.locator("button").all():
                box = button.bounding_box()
                assert box["y"] >= 0 and box["y"] + box["height"] <= bar_top, (question, box)
                hit = button.evaluate(
                    "b => { const r = b.getBoundingClientRect();"
                    " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)"
                    ".closest('button') === b; }"
                )
                assert hit, (question, button.inner_text())
        # the breakdown: its text column is left-aligned, its figures right-aligned
        cells = page.locator("article.message.answer").first.locator("tbody tr").first
        assert cells.locator("th").evaluate("c => getComputedStyle(c).textAlign") in (
            "left",
            "start",
        )
        assert cells.locator("td").evaluate("c => getComputedStyle(c).textAlign") == "right"
        # the chart was drawn for the column: its 12 px labels are not scaled below 10 px
        img = page.locator("article.message.answer").first.locator("img.chart")
        scale = img.evaluate("i => i.clientWidth / i.naturalWidth")
        assert 12 * scale >= 10, scale
        # the clarification's option is clickable and a new answer arrives
        n = page.locator("article.message").count()
        page.locator("article.message.clarify").last.get_by_role(
            "button", name="Bergen (L.)"
        ).click()
        page.locator("article.message").nth(n).wait_for()
        page.screenshot(path=str(SCREENSHOT_DIR / f"jeugdbot-chat-{width}.png"), full_page=True)
    finally:
        context.close()
