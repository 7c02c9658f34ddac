"""The realistic knowledge questions (tests/golden/realistic_kennis.yaml), answered by the core.

Unlike tests/knowledge/test_golden.py, which asks the knowledge answerer directly, these go
through Jeugdbot.answer on the demo marts: the core decides between the numeric intents and the
knowledge base, refuses, and keeps the conversation for follow-ups that cross over to numbers.
Each case is held to bot.knowledge.golden.check_answer, the same checks `jeugdbot eval` applies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.knowledge.golden import GoldenCase, check_answer, load_cases
from bot.models import Context, Kind
from bot.paths import ROOT

REALISTIC_FILE = ROOT / "tests" / "golden" / "realistic_kennis.yaml"
TODAY = date(2025, 9, 1)  # the golden sets' 'today' (as in bot/evaluation.py)

# Measured 2026-11-23 on the demo marts: 112/115 (97,4%); the 18 held-out cases (groep nieuw)
# passed 12/18 on their first run, before the fixes they prompted. Raise as answering improves.
PASS_RATE_FLOOR = 0.93


@pytest.fixture(scope="module")
def bot(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jeugdbot]:
    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path_factory.mktemp("realistic-cache"),
        _env_file=None,  # type: ignore[call-arg]
    )
    jeugdbot = Jeugdbot(settings, today=TODAY)
    yield jeugdbot
    jeugdbot.close()


def run_through_core(bot: Jeugdbot, case: GoldenCase, conversation: str) -> list[str]:
    """Ask the earlier questions and the case in one fresh conversation; the problems found."""
    context = Context(conversation_id=conversation, channel="api", user="golden")
    for earlier in case.na:
        bot.answer(earlier, context)
    return check_answer(case, bot.answer(case.vraag, context))


def test_realistic_set_is_large_varied_and_new() -> None:
    cases = load_cases(REALISTIC_FILE)
    assert len(cases) >= 80
    assert len({(c.vraag, tuple(c.na)) for c in cases}) == len(cases), "duplicate questions"
    groups = Counter(c.groep for c in cases)
    for group in ("beleid", "afkorting", "nieuwkomer", "verwijzing", "meervoudig",
                  "verduidelijking", "onbekend", "privacy", "vervolg"):  # fmt: skip
        assert groups[group] >= 4, f"groep {group} heeft maar {groups[group]} vragen"
    existing = {c.vraag.lower() for c in load_cases(ROOT / "tests" / "golden" / "knowledge.yaml")}
    reused = [c.vraag for c in cases if c.vraag.lower() in existing]
    assert not reused, f"vragen uit de bestaande golden set: {reused}"


def test_realistic_pass_rate_through_the_core(bot: Jeugdbot) -> None:
    cases = load_cases(REALISTIC_FILE)
    failures = []
    for number, case in enumerate(cases):
        problems = run_through_core(bot, case, f"realistic-{number}")
        if problems:
            failures.append(f"[{case.groep}] {case.vraag!r}: {'; '.join(problems)}")
    passed = len(cases) - len(failures)
    assert passed / len(cases) >= PASS_RATE_FLOOR, f"{passed}/{len(cases)} passed\n" + "\n".join(
        failures
    )


def test_contact_questions_never_show_contact_details(bot: Jeugdbot) -> None:
    """The source letter prints a telephone number; no contact question may bring it out."""
    for number, case in enumerate(c for c in load_cases(REALISTIC_FILE) if c.groep == "privacy"):
        ans = bot.answer(case.vraag, Context(conversation_id=f"privacy-{number}"))
        shown = f"{ans.text} {ans.more or ''}"
        assert "070" not in shown and "@" not in shown, case.vraag


@pytest.mark.parametrize(
    "question",
    [
        "Wat was de uitspraak van de Commissie Sint?",
        "Wat houdt het Richtinggevend Kader van Haaglanden in?",
        "Valt Veilig Thuis onder de regionale inkoopstrategie?",
        "Wat doet het Bestuurlijk Platform?",
    ],
)
def test_names_of_bodies_are_no_persons(bot: Jeugdbot, question: str) -> None:
    """Two capitalised words the knowledge base uses for a body or a framework are no name."""
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent != "weigeren", ans.text


@pytest.mark.parametrize(
    "question",
    [
        "Hoeveel zorg kreeg Jan Jansen in 2023?",
        "Wat weet je over Sandra de Vries uit Helmond?",
        "Welke hulp krijgt Piet Bakker?",
        "Geef het telefoonnummer van de voorzitter van het BPF",
    ],
)
def test_persons_and_contact_details_are_still_refused(bot: Jeugdbot, question: str) -> None:
    assert bot.answer(question).kind == Kind.REFUSE


def test_second_question_is_left_open_not_half_answered(bot: Jeugdbot) -> None:
    """Several knowledge questions in one message follow the core's rule: the first is
    answered, the other is named under 'Nog open' and offered as an option."""
    ans = bot.answer(
        "Wat betekent RMT en wat is de ambitie voor 2028 voor het aandeel casussen bij "
        "gecontracteerde aanbieders?"
    )
    assert ans.intent == "kennis.begrip" and "Nog open" in ans.text
    assert any("gecontracteerde aanbieders" in o.value for o in ans.options)
    follow = bot.answer(ans.options[-1].value)
    assert follow.slots.get("entry_ids", [None])[0] == "p10-ambitie-2028-rmt-gecontracteerd"
    covered = bot.answer("Wat is segment 5 en welke producten vallen eronder?")
    assert covered.intent == "kennis.segment" and "Nog open" not in covered.text
