"""Period parsing: Dutch phrasings of years, quarters, halves, months, ranges and comparisons.

`today` is fixed at 23 november 2026 so relative expressions have one right answer.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.language.normalize import normalize
from bot.language.periods import Period, parse_periods

TODAY = date(2026, 11, 23)

# question -> labels of the periods found, in order
CASES: list[tuple[str, list[str]]] = [
    # years
    ("2023", ["2023"]),
    ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", ["2023"]),
    ("kosten segment 2 geldrop mierlo over 2023", ["2023"]),
    ("boekjaar 2022", ["2022"]),
    ("in '23", ["2023"]),
    ("２０２３", ["2023"]),
    # a stand on one day, not the year's total (issue 12)
    ("eind 2024", ["31 december 2024"]),
    ("aan het eind van 2023", ["31 december 2023"]),
    ("begin 2024", ["1 januari 2024"]),
    ("per 1 januari 2024", ["1 januari 2024"]),
    ("op 31 december 2023", ["31 december 2023"]),
    ("eind vorig jaar", ["31 december 2025"]),
    ("sinds begin 2022", ["2022 t/m 2026"]),
    # quarters
    ("Q1 2024", ["Q1 2024"]),
    ("q1 2024", ["Q1 2024"]),
    ("Q1-2024", ["Q1 2024"]),
    ("2024-Q2", ["Q2 2024"]),
    ("2024 q3", ["Q3 2024"]),
    ("Q3 '24", ["Q3 2024"]),
    ("kw4 2023", ["Q4 2023"]),
    ("kwartaal 3 2024", ["Q3 2024"]),
    ("eerste kwartaal 2024", ["Q1 2024"]),
    ("het 1e kwartaal van 2024", ["Q1 2024"]),
    ("derde kwartaal van 2025", ["Q3 2025"]),
    ("laatste kwartaal 2023", ["Q4 2023"]),
    ("eerste kwartaal van vorig jaar", ["Q1 2025"]),
    ("het eerste kwartaal van dit jaar", ["Q1 2026"]),
    ("Q1", ["Q1 2026"]),
    ("vorig kwartaal", ["Q3 2026"]),
    ("afgelopen kwartaal", ["Q3 2026"]),
    ("dit kwartaal", ["Q4 2026"]),
    ("Q1, Q2 en Q3 2024", ["Q1 2024", "Q2 2024", "Q3 2024"]),
    # halves
    ("eerste helft 2023", ["eerste helft 2023"]),
    ("1e helft van 2023", ["eerste helft 2023"]),
    ("tweede halfjaar 2024", ["tweede helft 2024"]),
    ("2e half jaar 2024", ["tweede helft 2024"]),
    ("H1 2024", ["eerste helft 2024"]),
    ("vorig halfjaar", ["eerste helft 2026"]),
    # months
    ("januari 2024", ["januari 2024"]),
    ("maart 2023", ["maart 2023"]),
    ("in jan 2024", ["januari 2024"]),
    ("mrt. 2023", ["maart 2023"]),
    ("sept 2024", ["september 2024"]),
    ("in maart", ["maart 2026"]),
    ("in december", ["december 2025"]),
    ("vorige maand", ["oktober 2026"]),
    ("deze maand", ["november 2026"]),
    ("maart en april 2024", ["maart 2024", "april 2024"]),
    ("januari t/m maart 2024", ["Q1 2024"]),
    ("tussen januari en juni 2024", ["eerste helft 2024"]),
    ("van nov 2023 tot feb 2024", ["november 2023 t/m februari 2024"]),
    ("maart-mei 2024", ["maart t/m mei 2024"]),
    # relative years
    ("vorig jaar", ["2025"]),
    ("vorige jaar", ["2025"]),
    ("het afgelopen jaar", ["2025"]),
    ("dit jaar", ["2026"]),
    ("het lopende jaar", ["2026"]),
    ("twee jaar geleden", ["2024"]),
    ("volgend jaar", ["2027"]),
    # ranges
    ("sinds 2021", ["2021 t/m 2026"]),
    ("vanaf 2022", ["2022 t/m 2026"]),
    ("sinds begin 2022", ["2022 t/m 2026"]),
    ("sinds vorig jaar", ["2025 t/m 2026"]),
    ("vanaf maart 2024", ["maart 2024 t/m november 2026"]),
    ("sinds 1 januari 2024", ["januari 2024 t/m november 2026"]),
    ("sinds Q2 2024", ["april 2024 t/m november 2026"]),
    ("afgelopen 3 jaar", ["2023 t/m 2025"]),
    ("de afgelopen drie jaar", ["2023 t/m 2025"]),
    ("de laatste twee jaar", ["2024 t/m 2025"]),
    ("laatste 5 jaren", ["2021 t/m 2025"]),
    ("afgelopen 6 maanden", ["mei t/m oktober 2026"]),
    ("laatste 12 maanden", ["november 2025 t/m oktober 2026"]),
    ("afgelopen twee kwartalen", ["april t/m september 2026"]),
    ("2021-2023", ["2021 t/m 2023"]),
    ("2021 - 2023", ["2021 t/m 2023"]),
    ("2021–2023", ["2021 t/m 2023"]),
    ("2021 t/m 2023", ["2021 t/m 2023"]),
    ("2021 tm 2023", ["2021 t/m 2023"]),
    ("van 2021 tot en met 2023", ["2021 t/m 2023"]),
    ("van 2021 tot 2023", ["2021 t/m 2023"]),
    ("tussen 2021 en 2023", ["2021 t/m 2023"]),
    ("in de periode 2021-2023", ["2021 t/m 2023"]),
    ("schooljaar 2023/2024", ["2023 t/m 2024"]),
    ("2023-2021", ["2021 t/m 2023"]),
    # comparisons
    ("2022 en 2023", ["2022", "2023"]),
    ("in 2022 en in 2023", ["2022", "2023"]),
    ("2023 vergeleken met 2022", ["2023", "2022"]),
    ("2022 vs 2023", ["2022", "2023"]),
    ("2022 versus 2023", ["2022", "2023"]),
    ("2023 t.o.v. 2022", ["2023", "2022"]),
    ("van 2022 naar 2023", ["2022", "2023"]),
    ("Helmond 2021, 2022 en 2023", ["2021", "2022", "2023"]),
    ("in 2023 vergeleken met vorig jaar", ["2023", "2022"]),
    ("zijn er in 2024 meer jeugdigen dan vorig jaar", ["2024", "2023"]),
    ("Q1 2024 ten opzichte van het jaar ervoor", ["Q1 2024", "Q1 2023"]),
    ("vorig jaar vergeleken met dit jaar", ["2025", "2026"]),
    # nothing
    ("Hoeveel jeugdigen in Helmond?", []),
    ("welke gemeente deed het best", []),
    ("afgelopen jaren", []),
    ("de laatste tijd", []),
]


@pytest.mark.parametrize(("question", "labels"), CASES)
def test_parse_periods(question: str, labels: list[str]) -> None:
    assert [p.label for p in parse_periods(question, TODAY).periods] == labels


# Numbers that are not years (or not periods) must not become one.
@pytest.mark.parametrize(
    "question",
    [
        "2.635 jeugdigen",
        "productcode 43A09",
        "GM0794",
        "gemeentecode 0794",
        "top 3 gemeenten",
        "top 2020",
        "meer dan 2000 jeugdigen",
        "2000 kinderen in zorg",
        "kosten boven € 2025",
        "code 2024",
        "jeugdigen van 12-17 jaar",
        "0-17 jarigen",
        "per 1.000 jeugdigen",
        "2023,5 procent",
        "GM2023",
        "2023a",
        "in 2O23",
        "drie jaar",
        "1771",
    ],
)
def test_numbers_that_are_not_years(question: str) -> None:
    assert parse_periods(question, TODAY).periods == []


def test_year_within_a_question_with_other_numbers() -> None:
    parse = parse_periods("top 3 in 2023 met meer dan 2.635 jeugdigen (43A09, GM0794)", TODAY)
    assert [p.label for p in parse.periods] == ["2023"]


def test_period_fields() -> None:
    period = parse_periods("eerste helft 2023", TODAY).periods[0]
    assert period == Period(
        start=date(2023, 1, 1), end=date(2023, 6, 30), grain="halfjaar", label="eerste helft 2023"
    )
    assert period.years == [2023]


@pytest.mark.parametrize(
    ("question", "grain", "start", "end"),
    [
        ("2023", "jaar", date(2023, 1, 1), date(2023, 12, 31)),
        ("Q1 2024", "kwartaal", date(2024, 1, 1), date(2024, 3, 31)),
        ("tweede halfjaar 2024", "halfjaar", date(2024, 7, 1), date(2024, 12, 31)),
        ("februari 2024", "maand", date(2024, 2, 1), date(2024, 2, 29)),
        ("2021 t/m 2023", "bereik", date(2021, 1, 1), date(2023, 12, 31)),
        ("sinds 2021", "bereik", date(2021, 1, 1), date(2026, 12, 31)),
    ],
)
def test_grain_and_dates(question: str, grain: str, start: date, end: date) -> None:
    period = parse_periods(question, TODAY).periods[0]
    assert (period.grain, period.start, period.end) == (grain, start, end)


@pytest.mark.parametrize(
    ("question", "mode", "years"),
    [
        ("in 2023", "single", [2023]),
        ("2021-2023", "range", [2021, 2022, 2023]),
        ("afgelopen 3 jaar", "range", [2023, 2024, 2025]),
        ("2023 vergeleken met 2022", "comparison", [2022, 2023]),
        ("hoeveel jeugdigen", "none", []),
    ],
)
def test_mode_and_years(question: str, mode: str, years: list[int]) -> None:
    parse = parse_periods(question, TODAY)
    assert parse.mode == mode
    assert parse.years == years


def test_compare_previous_without_a_period_is_left_to_the_conversation() -> None:
    parse = parse_periods("en vergeleken met vorig jaar?", TODAY)
    assert parse.periods == []
    assert parse.compare_previous


def test_compare_previous_with_a_period_adds_the_year_before() -> None:
    parse = parse_periods("Helmond 2023 t.o.v. vorig jaar", TODAY)
    assert parse.compare_previous
    assert [p.label for p in parse.periods] == ["2023", "2022"]


@pytest.mark.parametrize(
    ("question", "per"),
    [
        ("kosten per maand in 2024", "maand"),
        ("per kwartaal", "kwartaal"),
        ("jaarlijks", "jaar"),
        ("per jaar sinds 2021", "jaar"),
        ("in 2024", None),
    ],
)
def test_per(question: str, per: str | None) -> None:
    assert parse_periods(question, TODAY).per == per


@pytest.mark.parametrize(("question", "invalid"), [("Q5 2024", "Q5 2024"), ("q0 2023", "q0 2023")])
def test_impossible_periods_are_reported(question: str, invalid: str) -> None:
    parse = parse_periods(question, TODAY)
    assert parse.periods == []
    assert parse.invalid == [invalid]


def test_spans_point_into_the_normalised_text() -> None:
    question = "Hoeveel  jeugdigen\u200b in Q1 2024 en vorig jaar?"
    parse = parse_periods(question, TODAY)
    norm = normalize(question)
    assert [norm[a:b] for a, b in parse.spans] == ["Q1 2024", "vorig jaar"]


def test_relative_periods_follow_the_injected_today() -> None:
    assert parse_periods("vorig jaar", date(2024, 1, 1)).periods[0].label == "2023"
    assert parse_periods("vorig kwartaal", date(2024, 2, 10)).periods[0].label == "Q4 2023"
    assert parse_periods("vorige maand", date(2024, 1, 5)).periods[0].label == "december 2023"
    assert parse_periods("afgelopen 3 jaar", date(2024, 1, 1)).periods[0].label == "2021 t/m 2023"


def test_shifted_years_keeps_month_ends() -> None:
    assert Period.month(2024, 2).shifted_years(-1) == Period.month(2023, 2)
    assert Period.quarter(2024, 1).shifted_years(-1).label == "Q1 2023"


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_garbage(text: str) -> None:
    parse = parse_periods(text, TODAY)
    for period in parse.periods:
        assert period.start <= period.end
