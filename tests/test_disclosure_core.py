"""Small-number disclosure through the whole Jeugdbot (checklist P1-P4), on a hand-counted mart.

tests/test_disclosure.py holds the rule itself; here the real core answers real questions on
tests/small_mart.py, whose every count is known by hand (Asten has 3 youths in segment 2), under
both rules of the setting `disclosure`. P4 plays the attacker: it asks a total and its parts,
within one answer and across answers, and works out which values of the hidden cell are
consistent with everything shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Kind
from tests.small_mart import (
    ASTEN,
    DEURNE,
    HELMOND,
    MONITOR,
    NAMES,
    SOMEREN,
    build_small,
    seg1,
    seg2,
    youths,
)

RULES = ("standaard", "cbs")


@pytest.fixture(scope="module")
def mart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small(tmp_path_factory.mktemp("small") / "small.duckdb")


@pytest.fixture(scope="module")
def bots(mart: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Jeugdbot]]:
    made = {}
    for rule in RULES:
        cache = tmp_path_factory.mktemp(f"cache-{rule}")
        cfg = Settings(marts=mart, cache_dir=cache, disclosure=rule, _env_file=None)  # type: ignore[call-arg]
        made[rule] = Jeugdbot(cfg)
    try:
        yield made
    finally:
        for b in made.values():
            b.close()


def figure(ans: Answer) -> str:
    """The first bold figure of a one-figure answer."""
    assert ans.kind == Kind.ANSWER, ans.text
    found = re.search(r"\*([^*]+)\*", ans.text)
    assert found, ans.text
    return found.group(1)


def seg2_question(code: str) -> str:
    return f"Hoeveel jeugdigen in segment 2 in {NAMES[code]} in 2023?"


# -- P1 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (seg2_question(ASTEN), "minder dan 5"),  # 3
        (f"Hoeveel jeugdigen in segment 1 in {NAMES[HELMOND]} in 2023?", "minder dan 5"),  # 1
        (f"Hoeveel jeugdigen in segment 1 in {NAMES[SOMEREN]} in 2023?", "minder dan 5"),  # 4
        (seg2_question(DEURNE), "5"),
        (f"Hoeveel jeugdigen in segment 1 in {NAMES[ASTEN]} in 2023?", "0"),
        (seg2_question(HELMOND), "10"),
        ("Hoeveel jeugdigen in segment 2 in de regio in 2023?", "116"),
    ],
)
def test_p1_standaard_through_the_core(bots: dict[str, Jeugdbot], question: str, expected: str):
    """P1: counts 1-4 read "minder dan 5"; 0, 5 and above are shown exactly; twice the same."""
    first = bots["standaard"].answer(question)
    assert figure(first) == expected
    again = bots["standaard"].answer(question)
    assert again.text == first.text and again.table == first.table


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (seg2_question(ASTEN), "geheim"),  # 3
        (seg2_question(DEURNE), "geheim"),  # 5
        (f"Hoeveel jeugdigen in segment 1 in {NAMES[ASTEN]} in 2023?", "geheim"),  # 0
        (f"Hoeveel jeugdigen in segment 2 in {NAMES['GM1771']} in 2023?", "10"),  # 8
        (f"Hoeveel jeugdigen in segment 2 in {NAMES['GM0820']} in 2023?", "10"),  # 12
        (f"Hoeveel jeugdigen in segment 2 in {NAMES[SOMEREN]} in 2023?", "15"),  # 13
        (f"Hoeveel jeugdigen hadden in 2023 jeugdhulp in {NAMES[HELMOND]}?", "30"),  # 29
        ("Hoeveel jeugdigen in segment 2 in de regio in 2023?", "115"),  # 116
    ],
)
def test_p1_cbs_rule_through_the_core(bots: dict[str, Jeugdbot], question: str, expected: str):
    """P1 (cbs setting): 0-7 are "geheim", the rest rounded to the nearest 5."""
    assert figure(bots["cbs"].answer(question)) == expected


def test_the_hand_counts_are_what_the_mart_holds(bots: dict[str, Jeugdbot]) -> None:
    """The numbers below are right: exact answers agree with the hand counts of the builder."""
    bot = bots["standaard"]
    assert youths(HELMOND)["totaal"] == 29
    assert figure(bot.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")) == "29"
    for i, (code, _naam) in enumerate(MONITOR):
        if seg2(code, i) >= 5:
            assert figure(bot.answer(seg2_question(code))) == str(seg2(code, i))
    assert seg1(HELMOND) == 1


# -- P2 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize(
    "question",
    [
        "Wat waren de zorgkosten Jeugdwet van Waalre in 2023?",
        "Wat was de kostenontwikkeling in Waalre in 2023?",
        "Hoeveel jeugdigen per 1.000 jeugdigen in Laarbeek in 2023?",
    ],
)
def test_p2_missing_values_are_niet_beschikbaar(
    bots: dict[str, Jeugdbot], rule: str, question: str
) -> None:
    """P2: a value the mart lacks (no zorgkosten row, no inwoners row) is "niet beschikbaar"
    in text, table and chart, never 0."""
    ans = bots[rule].answer(question)
    assert figure(ans) == "niet beschikbaar"
    assert not re.search(r"\*(€ )?0(,0)?%?\*", ans.text)
    if ans.series:
        assert all(p.value is None for p in ans.series.points)


# -- P3 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
def test_p3_percentages_of_hidden_counts_are_not_shown(
    bots: dict[str, Jeugdbot], rule: str
) -> None:
    """P3: the change of Asten's 3 youths, and a rate per 1.000 over them, are not shown."""
    bot = bots[rule]
    change = bot.answer("groei jeugdigen segment 2 Asten 2023 ten opzichte van 2022")
    assert "%" not in change.text and (change.table is None or "%" not in str(change.table))
    rate = bot.answer("Hoeveel jeugdigen per 1.000 jeugdigen in segment 2 in Asten in 2023?")
    assert figure(rate) in ("niet getoond (te kleine groep)", "geheim")
    avg = bot.answer("gemiddelde kosten per jeugdige in segment 2 in Asten in 2023")
    assert figure(avg) in ("niet getoond (minder dan 5 jeugdigen)", "geheim")


def test_p3_a_denominator_below_10_hides_the_percentage(bots: dict[str, Jeugdbot]) -> None:
    """P3: Gemert-Bakel's 9 youths in segment 2 are shown, but a percentage over 9 is not;
    Helmond's 10 give one."""
    bot = bots["standaard"]
    small = bot.answer("groei jeugdigen segment 2 Gemert-Bakel 2023 ten opzichte van 2022")
    assert "*9*" in small.text and "%" not in small.text
    assert small.table is not None and small.table.rows[0][-1] == "-"
    ten = bot.answer("groei jeugdigen segment 2 Helmond 2023 ten opzichte van 2022")
    assert "0,0%" in ten.text
    ranked = bot.answer("welke gemeente groeide het hardst in segment 2 in 2023")
    assert ranked.table is not None
    growth = {row[1]: row[-1] for row in ranked.table.rows}
    assert "%" not in growth[NAMES["GM1652"]] and "%" not in growth[DEURNE_NAME]
    assert growth[NAMES[HELMOND]] == "0,0%"


DEURNE_NAME = NAMES[DEURNE]


# -- P4 -----------------------------------------------------------------------------------------

INF = 10**9


def bounds(text: str, rule: str) -> tuple[int, int]:
    """What a shown count tells an attacker: the interval its raw value must lie in."""
    text = text.strip()
    if text == "minder dan 5":
        return 1, 4
    if text == "geheim":
        return 0, 7
    if text.startswith("niet getoond"):
        return 0, INF
    n = int(text.replace(".", ""))
    if rule == "cbs":
        return max(8, n - 2), n + 2
    return n, n


def recoverable(total: tuple[int, int], parts: dict[str, tuple[int, int]], target: str) -> set:
    """The raw values of `target` consistent with total = sum of parts (every youth in exactly
    one part: the worst case), given its own interval. One value means it is recovered."""
    lo_rest = sum(lo for k, (lo, _hi) in parts.items() if k != target)
    hi_rest = sum(min(hi, total[1]) for k, (_lo, hi) in parts.items() if k != target)
    lo, hi = parts[target]
    low = max(lo, total[0] - hi_rest)
    high = min(hi, total[1] - lo_rest, 50)
    return set(range(low, high + 1))


def table_values(ans: Answer) -> dict[str, str]:
    assert ans.table is not None, ans.text
    key = 1 if ans.table.columns[0] == "#" else 0  # a ranking: rank, name, figure
    return {row[key]: row[-1] for row in ans.table.rows}


@pytest.mark.parametrize("rule", RULES)
def test_p4_a_total_and_its_parts_in_one_answer(bots: dict[str, Jeugdbot], rule: str) -> None:
    """P4: the region's segment-2 count next to every municipality's does not give Asten's 3
    as the total minus the others (secondary suppression hides a second municipality)."""
    ans = bots[rule].answer("jeugdigen in zorg in segment 2 per gemeente in 2023")
    cells = table_values(ans)
    total = bounds(cells.pop(f"regio {bots[rule].warehouse.regio_naam}"), rule)
    parts = {k: bounds(v, rule) for k, v in cells.items()}
    assert set(parts) == set(NAMES.values())
    assert len(recoverable(total, parts, NAMES[ASTEN])) > 1


@pytest.mark.parametrize("rule", RULES)
def test_p4_segments_and_their_total_in_one_answer(bots: dict[str, Jeugdbot], rule: str) -> None:
    """P4: Asten per segment with its unique total does not give segment 2 as the rest."""
    ans = bots[rule].answer("jeugdigen per segment in Asten in 2023")
    cells = table_values(ans)
    total = bounds(cells.pop("Totaal (uniek)"), rule)
    parts = {k: bounds(v, rule) for k, v in cells.items()}
    for missing in ("Segment 1", "Segment 3"):  # a segment left out of the table may be 0..
        if not any(k.startswith(missing) for k in parts):
            parts[missing] = (0, INF)
    [target] = [k for k in parts if k.startswith("Segment 2")]
    assert len(recoverable(total, parts, target)) > 1


def _across_municipalities(bot: Jeugdbot, rule: str) -> set:
    total = bounds(figure(bot.answer("Hoeveel jeugdigen in segment 2 in de regio in 2023?")), rule)
    parts = {code: bounds(figure(bot.answer(seg2_question(code))), rule) for code in NAMES}
    ranking = bot.answer("top 11 gemeenten minste jeugdigen segment 2 2023")
    for naam, text in table_values(ranking).items():  # the ranking's figures narrow it further
        code = next(c for c, n in NAMES.items() if n == naam)
        lo, hi = bounds(text, rule)
        parts[code] = (max(parts[code][0], lo), min(parts[code][1], hi))
    return recoverable(total, parts, ASTEN)


def _across_segments(bot: Jeugdbot, rule: str) -> set:
    asten = NAMES[ASTEN]
    total = bounds(
        figure(bot.answer(f"Hoeveel jeugdigen hadden in 2023 jeugdhulp in {asten}?")), rule
    )
    parts = {
        n: bounds(figure(bot.answer(f"Hoeveel jeugdigen in segment {n} in {asten} in 2023?")), rule)
        for n in (1, 2, 3, 4, 5)
    }
    return recoverable(total, parts, 2)  # type: ignore[arg-type]


def test_p4_cbs_rule_no_combination_of_answers_recovers_a_hidden_cell(
    bots: dict[str, Jeugdbot],
) -> None:
    """P4 (cbs setting): the region minus the other ten municipalities asked one by one, and a
    municipality's total minus its other segments, leave Asten's segment 2 undetermined."""
    bot = bots["cbs"]
    assert len(_across_municipalities(bot, "cbs")) > 1
    assert len(_across_segments(bot, "cbs")) > 1


@pytest.mark.xfail(
    strict=True,
    reason="Known limit of the 'standaard' rule: exact counts asked one by one can be "
    "differenced (region minus the ten others; a total minus its other segments). Only "
    "rounding (the 'cbs' setting) or suppression planned across all answers prevents it.",
)
@pytest.mark.parametrize("attack", [_across_municipalities, _across_segments])
def test_p4_standaard_rule_differencing_across_answers(
    bots: dict[str, Jeugdbot], attack: object
) -> None:
    """P4: with exact counts, separate answers recover Asten's 3 (this test documents it; it
    fails loudly the day the core protects against it, so the marker can go)."""
    found = attack(bots["standaard"], "standaard")  # type: ignore[operator]
    assert len(found) > 1, f"Asten's hidden segment-2 count recovered: {found}"
