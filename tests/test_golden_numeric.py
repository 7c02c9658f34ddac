"""The numeric golden set: every question answered with the right kind, intent, slots and figure.

Published figures are literal in tests/golden/numeric.yaml; invented demo figures are recomputed
by bot.evaluation.Reference (plain SQL from the contract, independent of queries/ and intents).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.disclosure import Disclosure
from bot.evaluation import GOLDEN_DIR, GOLDEN_TODAY, Reference, load_cases, run_cases, summary

CASES = load_cases([GOLDEN_DIR / "numeric.yaml"])
FLOOR = 0.99  # measured 1.00 (283/283) on the demo marts; raise it, never lower it


@pytest.fixture(scope="module")
def bot(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Jeugdbot:
    cache = tmp_path_factory.mktemp("c")
    settings = Settings(marts=demo_marts, cache_dir=cache, _env_file=None)  # type: ignore[call-arg]
    return Jeugdbot(settings, today=GOLDEN_TODAY)


@pytest.fixture(scope="module")
def results(bot: Jeugdbot, demo_marts: Path):  # type: ignore[no-untyped-def]
    reference = Reference(demo_marts, Disclosure(bot.settings.disclosure))
    out = run_cases(bot, CASES, reference)
    reference.close()
    return out


def test_golden_set_is_large_and_varied() -> None:
    assert len(CASES) >= 250
    kinds = {c.kind for c in CASES}
    assert {"answer", "clarify", "refuse", "help"} <= kinds
    assert len({c.intent for c in CASES}) >= 10


def test_pass_rate_floor(results) -> None:  # type: ignore[no-untyped-def]
    s = summary(results)
    failures = [f"{r.case.q!r}: {'; '.join(r.problems)}" for r in results if not r.ok]
    assert s["accuracy"] >= FLOOR, "\n".join(failures)


PUBLISHED = [
    ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", "2.635"),
    ("hoeveel unieke cliënten zaten in 2022 in verblijf?", "492"),
    ("hoeveel jeugdigen in segment 1 verblijf in 2022", "168"),
    ("hoeveel jeugdigen zaten in 2022 in segment 2", "351"),
    ("S2-gezinsnabij Veldhoven 2023", "44"),
    ("wat waren de zorgkosten jeugdwet van de regio in 2023?", "€ 94.631.000"),
    ("totale zorgkosten een 10 voor de jeugd 2023", "€ 94,6 mln"),
    ("hoeveel jeugdigen in zorg in de regio in 2023", "9.201"),
]


@pytest.mark.parametrize(("question", "figure"), PUBLISHED)
def test_every_published_figure_exactly(bot: Jeugdbot, question: str, figure: str) -> None:
    ans = bot.answer(question)
    assert figure in ans.text
    assert ans.peildatum is not None and ans.demo and "demodata" in ans.text
    assert ans.understood and ans.sources and ans.query and ans.definition
    assert "Ik begreep" in ans.text and "Peildatum 30 juni 2025" in ans.text
