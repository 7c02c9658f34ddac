"""Changes asked in words through Jeugdbot.answer() (issue 12, item 3): which years a change
runs between, what a superlative change ranks, and how a ranking reads when nothing moved the
way asked. The figures themselves are checked cell by cell by tests/oracle/cells_shapes.py."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.models import Kind

SOMEREN = "GM0847"


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("welke gemeente groeide het hardst in jeugdigen in zorg sinds 2021", (2021, 2024)),
        ("grootste stijging in aantallen 2022-2023", (2022, 2023)),
        ("welke gemeente groeide het hardst tussen 2021 en 2024", (2021, 2024)),
        ("grootste daling kosten tov 2022", (2022, 2024)),
    ],
)
def test_a_change_runs_between_the_years_named(
    bot: Jeugdbot, question: str, years: tuple[int, int]
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    a, b = years
    assert f"van {a} naar {b}" in ans.text, ans.text
    assert [s[:4] for s in ans.params["starts"]] == [str(a), str(b)], ans.params
    assert "t/m" not in ans.text.split("\n")[0], ans.text  # never a span against a span


def test_since_the_last_full_year_is_asked_back_not_compared_with_a_half_year(
    bot: Jeugdbot,
) -> None:
    ans = bot.answer("welke gemeente groeide het hardst in kosten sinds 2024")
    assert ans.kind == Kind.CLARIFY and ans.intent == "periode_onvolledig", ans.text
    assert "30 juni 2025" in ans.text and "2023 naar 2024" in ans.text
    follow = bot.answer(ans.options[0].value)
    assert follow.kind == Kind.ANSWER and "van 2023 naar 2024" in follow.text, follow.text


def test_a_ranking_of_declines_when_nothing_declined_says_so(bot: Jeugdbot) -> None:
    ans = bot.answer("welke gemeente had de grootste daling in jeugdigen van 2023 naar 2024")
    assert ans.kind == Kind.ANSWER and ans.series is not None, ans.text
    values = [p.value for p in ans.series.points if p.value is not None]
    assert values == sorted(values)  # the most negative first
    if values[0] >= 0:
        assert ans.text.startswith("Geen gemeente daalde"), ans.text
        assert "sterkst gedaald" not in ans.text
    else:
        assert ans.text.startswith("Het sterkst gedaald"), ans.text


def test_a_superlative_change_in_one_gemeente_is_not_a_ranking_of_all(bot: Jeugdbot) -> None:
    ans = bot.answer("wat was de grootste stijging van de kosten in Helmond")
    assert ans.intent != "ranglijst", ans.text
    assert ans.kind != Kind.ANSWER or ans.params.get("gemeenten") == ["GM0794"], ans.text
    # Without a measure it is asked, not answered with a default count.
    bare = bot.answer("wat was de grootste stijging in Helmond")
    assert bare.kind == Kind.CLARIFY and bare.intent == "welke_maat", bare.text


@pytest.mark.parametrize("question", ["jeugdigen in zorg Someren eind 2022",
                                      "kosten Someren eind 2022"])  # fmt: skip
def test_period_words_are_not_read_as_part_of_a_place(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert "Someren-Eind" not in ans.text, ans.text
    if question.startswith("kosten"):
        assert ans.intent == "periode_dag", ans.text  # a flow on a day is asked back
    else:
        assert ans.kind == Kind.ANSWER and ans.params["gemeenten"] == [SOMEREN], ans.text
        assert ans.params["starts"] == ans.params["ends"] == ["2022-12-31"], ans.params


def test_the_village_named_with_its_hyphen_is_still_the_village(bot: Jeugdbot) -> None:
    ans = bot.answer("jeugdigen in zorg Someren-Eind 2023")
    assert ans.kind == Kind.CLARIFY and "Someren-Eind" in ans.text, ans.text
