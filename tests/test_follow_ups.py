"""Follow-ups through the whole bot on the demo marts: what a follow-up keeps from the last
figure and what it replaces, and starting over in `jeugdbot chat` (issue 14, item 6)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind
from bot.render.format import fmt_int

HELMOND, DEURNE, ASTEN = "GM0794", "GM0762", "GM0743"
FIRST = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"


@pytest.fixture(scope="module")
def bot(demo_marts, tmp_path_factory: pytest.TempPathFactory) -> Jeugdbot:  # type: ignore[no-untyped-def]
    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path_factory.mktemp("c"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return Jeugdbot(settings, today=date(2026, 11, 23))


def _conversation(bot: Jeugdbot, name: str, *questions: str) -> list[Answer]:
    ctx = Context(channel="cli", conversation_id=f"test-follow-ups-{name}")
    return [bot.answer(q, ctx) for q in questions]


def _labels(ans: Answer) -> list[str]:
    return [str(p["label"]) for p in ans.slots.get("periods", [])]


def _figure(ans: Answer) -> int:
    """The first bold figure of an answer as an integer ("*2.635*", "*€ 21.379.229 (…)*")."""
    m = re.search(r"\*(?:€ )?(\d{1,3}(?:\.\d{3})*)", ans.text)
    assert m, ans.text
    return int(m.group(1).replace(".", ""))


def test_a_comparison_naming_two_gemeenten_replaces_the_earlier_area(bot: Jeugdbot) -> None:
    first, follow = _conversation(bot, "vergelijk", FIRST, "vergelijk Deurne met Asten")
    assert first.slots["gemeenten"] == [HELMOND]
    assert follow.kind == Kind.ANSWER and follow.intent == "vergelijking", follow.text
    assert follow.slots["gemeenten"] == [DEURNE, ASTEN], follow.text
    assert "Helmond" not in follow.text
    # What it does not name still comes from the conversation: the measure and the year.
    assert follow.slots["metric"] == "jeugdigen" and _labels(follow) == ["2023"]
    alone = bot.answer("vergelijk jeugdigen in Deurne met Asten in 2023")
    assert alone.kind == Kind.ANSWER and alone.slots["gemeenten"] == [DEURNE, ASTEN]
    assert follow.text.splitlines()[0] == alone.text.splitlines()[0]


def test_a_comparison_naming_one_gemeente_still_adds_the_earlier_one(bot: Jeugdbot) -> None:
    _, follow = _conversation(bot, "vergelijk-een", FIRST, "vergelijk met Asten")
    assert follow.kind == Kind.ANSWER and follow.intent == "vergelijking", follow.text
    assert follow.slots["gemeenten"] == [HELMOND, ASTEN]


def test_wat_kostte_dat_keeps_area_and_period_and_asks_the_costs(bot: Jeugdbot) -> None:
    _, follow = _conversation(bot, "kostte", FIRST, "wat kostte dat?")
    assert follow.kind == Kind.ANSWER and follow.intent == "cijfer", follow.text
    assert follow.slots["metric"] == "kosten"
    assert follow.slots["gemeenten"] == [HELMOND] and _labels(follow) == ["2023"]
    alone = bot.answer("kosten Helmond 2023")
    assert alone.slots["metric"] == "kosten" and alone.params == follow.params
    assert _figure(follow) == _figure(alone) > 1_000_000


@pytest.mark.parametrize("question", ["en per jeugdige?", "en per cliënt?"])
def test_per_jeugdige_keeps_area_and_period_and_divides_the_costs(
    bot: Jeugdbot, question: str
) -> None:
    first, follow = _conversation(bot, f"per-{question}", FIRST, question)
    assert follow.kind == Kind.ANSWER and follow.intent == "cijfer", follow.text
    assert follow.slots["metric"] == "kosten_per_client"
    assert follow.slots["gemeenten"] == [HELMOND] and _labels(follow) == ["2023"]
    # The figure is the costs of the same area and year divided by its youths.
    kosten = _figure(bot.answer("kosten Helmond 2023"))
    assert f"€ {fmt_int(round(kosten / _figure(first)))}*" in follow.text, follow.text


def test_a_measure_follow_up_keeps_the_filters_of_the_figure(bot: Jeugdbot) -> None:
    first, per, total = _conversation(
        bot, "filters", "kosten segment 2 Deurne 2023", "en per jeugdige?", "wat kostte dat?"
    )
    assert first.slots["segment"] == 2
    for ans, metric in ((per, "kosten_per_client"), (total, "kosten")):
        assert ans.kind == Kind.ANSWER and ans.intent == "cijfer", ans.text
        assert ans.slots["metric"] == metric and ans.slots["segment"] == 2
        assert ans.slots["gemeenten"] == [DEURNE] and _labels(ans) == ["2023"]
    assert _figure(total) == _figure(first)


def test_wat_kostte_dat_without_a_figure_before_is_not_made_a_figure(bot: Jeugdbot) -> None:
    """Without an earlier figure there is nothing to keep: no gemeente is made up."""
    (ans,) = _conversation(bot, "leeg", "wat kostte dat?")
    assert not ans.slots.get("gemeenten")


def test_chat_starts_a_new_conversation_on_opnieuw(demo_marts: Path, tmp_path: Path) -> None:
    questions = [
        "kosten segment 2 Deurne 2023",
        "en in Asten?",  # carried over: segment 2 and 2023
        "opnieuw",
        "en in Asten?",  # a new conversation: nothing to carry over
        "stop",
    ]
    env = {
        **os.environ,
        "JEUGDBOT_MARTS": str(demo_marts),
        "JEUGDBOT_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", "chat"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    intro, _, rest = done.stdout.partition("\n")
    assert "'opnieuw'" in intro
    before, reset, after = rest.partition("Nieuw gesprek: ik ben vergeten wat we bespraken.")
    assert reset, done.stdout
    assert "(segment 2) in Asten in 2023" in before
    assert "(segment 2)" not in after and "Asten in 2023" not in after, after
