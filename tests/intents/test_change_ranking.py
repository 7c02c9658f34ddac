"""Rankings of a change (issue 12, item 3) through answer(): "grootste daling" ranks the change,
not the level; "tov 2022" runs from 2022 to the last full year; "in aantallen" ranks the change
in the measure's own unit. Expected values come from the single figures of each gemeente, asked
as plain questions, so a ranking cannot agree with itself only."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.models import Context

GEMEENTEN = (
    "Asten", "Deurne", "Geldrop-Mierlo", "Gemert-Bakel", "Helmond", "Laarbeek", "Nuenen",
    "Someren", "Son en Breugel", "Veldhoven", "Waalre",
)  # fmt: skip


def _ask(bot: Jeugdbot, q: str):  # type: ignore[no-untyped-def]
    return bot.answer(q, Context(channel="cli", conversation_id=f"rank-{q}"))


def _count(bot: Jeugdbot, gemeente: str, year: int) -> int:
    ans = _ask(bot, f"hoeveel jeugdigen in zorg in {gemeente} in {year}")
    m = re.search(r": \*?([\d.]+)\*?\.", ans.text)
    assert ans.intent == "cijfer" and m, ans.text
    return int(m.group(1).replace(".", ""))


@pytest.fixture(scope="module")
def counts(bot: Jeugdbot) -> dict[tuple[str, int], int]:
    return {(g, y): _count(bot, g, y) for g in GEMEENTEN for y in (2022, 2023, 2024)}


def _pct(counts: dict[tuple[str, int], int], g: str, a: int, b: int) -> float:
    return (counts[(g, b)] - counts[(g, a)]) / counts[(g, a)]


@pytest.mark.parametrize(
    "q",
    [
        "welke gemeente had de grootste daling van het aantal jeugdigen in 2023",
        "waar daalde het aantal jeugdigen in zorg het sterkst van 2022 naar 2023?",
    ],
)
def test_the_largest_decline_ranks_the_change(bot: Jeugdbot, counts, q: str) -> None:  # type: ignore[no-untyped-def]
    ans = _ask(bot, q)
    expected = min(GEMEENTEN, key=lambda g: _pct(counts, g, 2022, 2023))
    assert ans.intent == "ranglijst", ans.text
    assert "2022 → 2023" in str(ans.text) or "van 2022 naar 2023" in ans.text
    assert ans.text.split(":")[1].strip().startswith(expected), ans.text


def test_the_largest_growth_in_numbers_ranks_the_difference(bot: Jeugdbot, counts) -> None:  # type: ignore[no-untyped-def]
    ans = _ask(bot, "waar was de grootste stijging in aantallen jeugdigen van 2022 naar 2023")
    expected = max(GEMEENTEN, key=lambda g: counts[(g, 2023)] - counts[(g, 2022)])
    diff = counts[(expected, 2023)] - counts[(expected, 2022)]
    assert ans.text.split(":")[1].strip().startswith(f"{expected} (*+{diff}*)"), ans.text


def test_tov_a_year_runs_to_the_last_full_year(bot: Jeugdbot, counts) -> None:  # type: ignore[no-untyped-def]
    ans = _ask(bot, "welke gemeente groeide het hardst in jeugdigen tov 2022")
    expected = max(GEMEENTEN, key=lambda g: _pct(counts, g, 2022, 2024))
    assert "van 2022 naar 2024" in ans.text, ans.text
    assert ans.text.split(":")[1].strip().startswith(expected), ans.text
