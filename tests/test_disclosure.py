"""Small-number disclosure (docs/reliability-checklist.md P1-P3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bot.disclosure import Disclosure, Rule, Shown

STANDAARD = Disclosure("standaard")
CBS = Disclosure("cbs")


# P1 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3, 4])
def test_p1_standaard_small_counts_are_less_than_5(n: int) -> None:
    shown = STANDAARD.count(n)
    assert shown == Shown(text="minder dan 5", value=None, status="suppressed")
    assert str(n) not in shown.text


@pytest.mark.parametrize(("n", "text"), [(0, "0"), (5, "5"), (12, "12"), (2635, "2.635")])
def test_p1_standaard_other_counts_show_exactly(n: int, text: str) -> None:
    assert STANDAARD.count(n) == Shown(text=text, value=n)


@pytest.mark.parametrize("n", [0, 1, 7])
def test_p1_cbs_counts_up_to_7_are_secret(n: int) -> None:
    assert CBS.count(n) == Shown(text="geheim", value=None, status="suppressed")


@pytest.mark.parametrize(
    ("n", "rounded"),
    [(8, 10), (12, 10), (13, 15), (22, 20), (2635, 2635), (2633, 2635), (2632, 2630)],
)
def test_p1_cbs_counts_round_to_nearest_5(n: int, rounded: int) -> None:
    shown = CBS.count(n)
    assert shown.value == rounded
    assert shown.text == f"{rounded:,}".replace(",", ".")


@pytest.mark.parametrize("rule", ["standaard", "cbs"])
def test_p1_asking_twice_gives_identical_output(rule: Rule) -> None:
    first = [Disclosure(rule).count(n) for n in range(40)]
    second = [Disclosure(rule).count(n) for n in range(40)]
    assert first == second


# P2 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["standaard", "cbs"])
@pytest.mark.parametrize("missing", [None, float("nan"), Decimal("NaN")])
def test_p2_missing_is_niet_beschikbaar_never_zero(rule: Rule, missing: Any) -> None:
    d = Disclosure(rule)
    for shown in (
        d.count(missing),
        d.amount(missing, 100),
        d.average(missing, 100),
        d.percentage(missing, None, None),
        d.per_thousand(missing, 100),
    ):
        assert shown.text == "niet beschikbaar"
        assert shown.value is None
        assert shown.status == "missing"
        assert "0" not in shown.text


# P3 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("numerator", [1, 2, 4])
def test_p3_percentage_with_suppressed_numerator_is_hidden(numerator: int) -> None:
    shown = STANDAARD.percentage(numerator / 200 * 100, numerator, 200)
    assert shown.value is None and shown.suppressed
    assert "%" not in shown.text


@pytest.mark.parametrize("denominator", [1, 5, 9])
def test_p3_percentage_with_denominator_below_10_is_hidden(denominator: int) -> None:
    shown = STANDAARD.percentage(100.0, denominator, denominator)
    assert shown.value is None and shown.suppressed


def test_p3_percentage_with_enough_cases_is_shown() -> None:
    assert STANDAARD.percentage(None, 5, 10) == Shown(text="50,0%", value=50.0)
    assert STANDAARD.percentage(12.2, 122, 1000) == Shown(text="12,2%", value=12.2)
    assert STANDAARD.percentage(0.0, 0, 40) == Shown(text="0,0%", value=0.0)


def test_p3_cbs_percentage_hides_secret_numerator_and_small_denominators() -> None:
    assert CBS.percentage(None, 7, 1000).text == "geheim"
    assert CBS.percentage(None, 0, 1000).text == "geheim"
    assert CBS.percentage(None, 9, 9).text == "geheim"
    assert CBS.percentage(None, 50, 1000).text == "5,0%"


def test_percentage_of_small_selection_is_hidden() -> None:
    assert STANDAARD.percentage(-5.5, n_youths=3, signed=True).suppressed
    assert STANDAARD.percentage(-5.51, n_youths=300, signed=True).text == "-5,5%"
    assert STANDAARD.percentage(3.24, signed=True).text == "+3,2%"


def test_percentage_of_zero_denominator_is_not_available() -> None:
    assert STANDAARD.percentage(None, 0, 0).status == "missing"


# costs and averages --------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 4])
def test_costs_and_averages_of_fewer_than_5_youths_are_hidden(n: int) -> None:
    for shown in (
        STANDAARD.amount(123_456, n),
        STANDAARD.average(30_864, n),
        STANDAARD.average(200, n, unit="dagen"),
    ):
        assert shown.suppressed and shown.value is None
        assert "€" not in shown.text and "123" not in shown.text


def test_costs_and_averages_of_5_youths_are_shown() -> None:
    assert STANDAARD.amount(94_631_000, 2635) == Shown(text="€ 94.631.000", value=94_631_000)
    assert STANDAARD.amount(94_631_000, 2635, compact=True).text == "€ 94,6 mln"
    assert STANDAARD.average(21_034.4, 5) == Shown(text="€ 21.034", value=21_034)
    assert STANDAARD.average(182.46, 40, unit="dagen", decimals=1).text == "182,5 dagen"
    assert STANDAARD.average(2.5, 40, unit="getal", decimals=1).text == "2,5"


def test_annual_accounts_are_not_a_selection_of_youths() -> None:
    assert STANDAARD.amount(Decimal("94631000"), None).text == "€ 94.631.000"


def test_zero_costs_of_zero_youths_reveal_nothing() -> None:
    assert STANDAARD.amount(0, 0).text == "€ 0"
    assert CBS.amount(0, 0).text == "geheim"


@pytest.mark.parametrize("n", [0, 5, 7])
def test_cbs_hides_costs_of_up_to_7_youths(n: int) -> None:
    assert CBS.amount(50_000, n).text == "geheim"
    assert CBS.average(10_000, n).text == "geheim"
    assert CBS.amount(50_000, 8).text == "€ 50.000"


def test_rate_per_thousand_hides_small_numerators() -> None:
    assert STANDAARD.per_thousand(0.4, 3).suppressed
    assert STANDAARD.per_thousand(112.46, 2635) == Shown(text="112,5", value=112.5)
    assert CBS.per_thousand(1.2, 7).text == "geheim"


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_a_count_must_be_a_whole_non_negative_number(bad: object) -> None:
    with pytest.raises(ValueError):
        STANDAARD.count(bad)  # type: ignore[arg-type]


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError):
        Disclosure("los")  # type: ignore[arg-type]
