"""Dutch formatting: every channel shows figures the way a Dutch reader expects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.models import Answer, Kind, Source
from bot.render.format import (
    context_line,
    fmt_date,
    fmt_eur,
    fmt_eur_compact,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_pct_change,
    fmt_period_label,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (2635, "2.635"),
        (94631000, "94.631.000"),
        (-1200, "-1.200"),
        (1234.5, "1.235"),
        (Decimal("2635"), "2.635"),
    ],
)
def test_fmt_int(value: object, expected: str) -> None:
    assert fmt_int(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (12.25, 1, "12,3"),
        (0.125, 2, "0,13"),
        (1234.56, 1, "1.234,6"),
        (-0.04, 1, "0,0"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (1_000_000.0, 2, "1.000.000,00"),
        (Decimal("7.45"), 1, "7,5"),
    ],
)
def test_fmt_num_rounds_half_up(value: object, decimals: int, expected: str) -> None:
    assert fmt_num(value, decimals) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (94631000, "€ 94.631.000"),
        (21000, "€ 21.000"),
        (0, "€ 0"),
        (-1200, "€ -1.200"),
        (20999.5, "€ 21.000"),
    ],
)
def test_fmt_eur(value: object, expected: str) -> None:
    assert fmt_eur(value) == expected  # type: ignore[arg-type]


def test_fmt_eur_with_cents() -> None:
    assert fmt_eur(1234.5, 2) == "€ 1.234,50"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (94631000, "€ 94,6 mln"),
        (1_200_000_000, "€ 1,2 mld"),
        (21000, "€ 21.000"),
        (999_999, "€ 999.999"),
        (1_000_000, "€ 1,0 mln"),
        (999_960_000, "€ 1,0 mld"),
        (-94_631_000, "€ -94,6 mln"),
        (511_000_000, "€ 511,0 mln"),
        (6600.4, "€ 6.600"),
    ],
)
def test_fmt_eur_compact(value: object, expected: str) -> None:
    assert fmt_eur_compact(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(12.2, 1, "12,2%"), (12.25, 1, "12,3%"), (100, 0, "100%"), (0, 1, "0,0%"), (7.0, 1, "7,0%")],
)
def test_fmt_pct(value: float, decimals: int, expected: str) -> None:
    assert fmt_pct(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(-5.51, 1, "-5,5%"), (3.2, 1, "+3,2%"), (0, 1, "0,0%"), (-0.01, 1, "0,0%"), (7, 0, "+7%")],
)
def test_fmt_pct_change_is_signed(value: float, decimals: int, expected: str) -> None:
    assert fmt_pct_change(value, decimals) == expected


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        fmt_num(float("nan"))
    with pytest.raises(ValueError):
        fmt_int(float("inf"))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 1, 1), "1 januari 2024"),
        (date(2025, 6, 30), "30 juni 2025"),
        (date(2023, 12, 31), "31 december 2023"),
        (date(2024, 3, 9), "9 maart 2024"),
    ],
)
def test_fmt_date(d: date, expected: str) -> None:
    assert fmt_date(d) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2023, 1, 1), date(2023, 12, 31), "2023"),
        (date(2024, 1, 1), date(2024, 3, 31), "Q1 2024"),
        (date(2024, 10, 1), date(2024, 12, 31), "Q4 2024"),
        (date(2023, 1, 1), date(2023, 6, 30), "eerste helft 2023"),
        (date(2024, 7, 1), date(2024, 12, 31), "tweede helft 2024"),
        (date(2024, 1, 1), date(2024, 1, 31), "januari 2024"),
        (date(2024, 2, 1), date(2024, 2, 29), "februari 2024"),
        (date(2021, 1, 1), date(2023, 12, 31), "2021 t/m 2023"),
        (date(2024, 3, 1), date(2024, 5, 31), "maart t/m mei 2024"),
        (date(2023, 11, 1), date(2024, 2, 29), "november 2023 t/m februari 2024"),
        (date(2024, 2, 1), date(2024, 4, 30), "februari t/m april 2024"),
        (date(2024, 1, 15), date(2024, 3, 1), "15 januari 2024 t/m 1 maart 2024"),
        (date(2024, 1, 15), date(2024, 1, 15), "15 januari 2024"),
    ],
)
def test_fmt_period_label(start: date, end: date, expected: str) -> None:
    assert fmt_period_label(start, end) == expected


def test_fmt_period_label_refuses_reversed_period() -> None:
    with pytest.raises(ValueError):
        fmt_period_label(date(2024, 1, 1), date(2023, 1, 1))


def test_context_line_names_source_demo_and_peildatum() -> None:
    answer = Answer(
        kind=Kind.ANSWER,
        text="x",
        demo=True,
        peildatum=date(2025, 6, 30),
        sources=[Source(titel="Monitor Een 10 voor de Jeugd")],
    )
    assert context_line(answer) == (
        "Bron: Monitor Een 10 voor de Jeugd · demodata · peildatum 30 juni 2025"
    )


def test_context_line_does_not_repeat_demo_or_duplicate_sources() -> None:
    src = Source(titel="Monitor Een 10 voor de Jeugd (demodata)")
    answer = Answer(
        kind=Kind.ANSWER, text="x", demo=True, peildatum=date(2025, 6, 30), sources=[src, src]
    )
    assert context_line(answer) == (
        "Bron: Monitor Een 10 voor de Jeugd (demodata) · peildatum 30 juni 2025"
    )


def test_context_line_with_location_and_without_peildatum() -> None:
    answer = Answer(
        kind=Kind.ANSWER,
        text="x",
        sources=[
            Source(titel="Programmaplan Een 10 voor de Jeugd", locatie="Bijlage 2"),
            Source(titel="VNG-brief hervormingsagenda"),
        ],
    )
    assert context_line(answer) == (
        "Bron: Programmaplan Een 10 voor de Jeugd, Bijlage 2; VNG-brief hervormingsagenda"
    )


def test_context_line_empty_when_nothing_known() -> None:
    assert context_line(Answer(kind=Kind.HELP, text="x")) == ""


def test_a_quote_reads_superscripts_as_written() -> None:
    from bot.render.format import quoted

    assert quoted("Astrid 3 ^e kwartaal 2018") == "Astrid 3e kwartaal 2018"
    assert quoted("In het 1^e halfjaar en 3 ^e – 4 ^e kwartaal") == (
        "In het 1e halfjaar en 3e – 4e kwartaal"
    )
