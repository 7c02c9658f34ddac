"""The rate modifier (issue 13): "per 1.000 jeugdigen" of every count, through answer(), against
plain SQL over the raw marts; and what has no rate is asked back, never dropped."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind
from bot.render.format import fmt_int, fmt_num

HELMOND, SON, DEURNE, ASTEN = "GM0794", "GM0848", "GM0762", "GM0743"

_WHERE = {
    "gestart": "startdatum BETWEEN ? AND ?",
    "beeindigd": "einddatum BETWEEN ? AND ?",
}


def _raw(
    marts: Path, kind: str, code: str, year: int, per: str = "jeugdigen_0_17"
) -> tuple[int, int]:
    """The count and the population it is divided by, straight from the raw tables."""
    with duckdb.connect(str(marts), read_only=True) as con:
        n = con.execute(
            f"SELECT count(*) FROM fact_traject WHERE gemeente_code = ? AND {_WHERE[kind]}",
            [code, f"{year}-01-01", f"{year}-12-31"],
        ).fetchone()
        den = con.execute(
            "SELECT jeugdigen_0_17, inwoners FROM fact_inwoners "
            "WHERE gemeente_code = ? AND jaar = ?",
            [code, year],
        ).fetchone()
    assert n is not None and den is not None
    return int(n[0]), int(den[0] if per == "jeugdigen_0_17" else den[1])


def _ask(bot: Jeugdbot, q: str, conversation: str | None = None):  # type: ignore[no-untyped-def]
    return bot.answer(q, Context(conversation_id=conversation, channel="api"))


@pytest.mark.parametrize(
    ("q", "kind", "code", "year", "label"),
    [
        (
            "beëindigde trajecten per duizend kinderen in son en breugel 2022",
            "beeindigd", SON, 2022, "Beëindigde trajecten per 1.000 jeugdigen",
        ),
        (
            "gestarte trajecten per 1000 jeugdigen helmond 2024",
            "gestart", HELMOND, 2024, "Gestarte trajecten per 1.000 jeugdigen",
        ),
        (
            "hoeveel trajecten zijn gestart per 1.000 jongeren van 0 tot 18 jaar in Deurne in 2023",
            "gestart", DEURNE, 2023, "Gestarte trajecten per 1.000 jeugdigen",
        ),
    ],
)  # fmt: skip
def test_the_rate_of_the_count_asked_with_its_terms(
    bot: Jeugdbot, demo_marts: Path, q: str, kind: str, code: str, year: int, label: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER, ans.text
    assert ans.text.startswith(label), ans.text
    n, den = _raw(demo_marts, kind, code, year)
    assert f"*{fmt_num(n / den * 1000, 1)}*" in ans.text
    # the numerator, the denominator and their year are stated
    assert (
        f"{fmt_int(n)} " in ans.text
        and f"op {fmt_int(den)} jeugdigen van 0-17 jaar ({year})" in ans.text
    )


def test_per_inwoners_divides_by_all_inhabitants_and_says_so(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    ans = _ask(bot, "gestarte trajecten per 1000 inwoners Helmond 2023")
    assert ans.kind == Kind.ANSWER, ans.text
    n, den = _raw(demo_marts, "gestart", HELMOND, 2023, per="inwoners")
    assert f"*{fmt_num(n / den * 1000, 1)}*" in ans.text
    assert "inwoners van alle leeftijden" in ans.text
    assert "niet de gewone verhouding" in ans.text


def test_a_ranking_of_the_rate_lowest_first(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = _ask(bot, "welke gemeente had per 1000 jongeren de minste beëindigde trajecten in 2023")
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    assert ans.slots["metric"] == "trajecten_beeindigd_per_1000"
    assert ans.series is not None
    values = [p.value for p in ans.series.points]
    assert values == sorted(values)  # type: ignore[type-var]


def test_a_follow_up_makes_the_last_count_a_rate(bot: Jeugdbot, demo_marts: Path) -> None:
    first = _ask(bot, "gestarte trajecten Asten 2023", "rates-1")
    assert first.kind == Kind.ANSWER, first.text
    ans = _ask(bot, "en per 1.000 jeugdigen?", "rates-1")
    assert ans.kind == Kind.ANSWER, ans.text
    assert ans.slots["metric"] == "trajecten_gestart_per_1000"
    n, den = _raw(demo_marts, "gestart", ASTEN, 2023)
    assert f"*{fmt_num(n / den * 1000, 1)}*" in ans.text


@pytest.mark.parametrize(
    "q",
    [
        "gemiddelde trajectduur per 1000 jeugdigen asten 2023",
        "kosten per cliënt per 1000 jeugdigen helmond 2023",
        "kostenontwikkeling per 1000 jeugdigen helmond 2023",
        # one total over more than one calendar year: no one population to divide by
        "hoeveel gestarte trajecten per 1000 jeugdigen waren er sinds 2022 in helmond",
    ],
)
def test_what_has_no_rate_is_asked_back(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY, ans.text
    assert ans.options


def test_a_rate_of_a_trajectduur_follow_up_is_asked_back(bot: Jeugdbot) -> None:
    first = _ask(bot, "gemiddelde trajectduur Asten 2023", "rates-2")
    assert first.kind == Kind.ANSWER, first.text
    ans = _ask(bot, "en per 1000 jeugdigen?", "rates-2")
    assert ans.kind == Kind.CLARIFY, ans.text


def test_jeugdigen_per_1000_keeps_its_key(bot: Jeugdbot) -> None:
    ans = _ask(bot, "jeugdigen in zorg per 1000 jeugdigen helmond 2023")
    assert ans.kind == Kind.ANSWER and ans.slots["metric"] == "per_1000", ans.text


def test_a_change_ranking_of_a_rate_of_trajectories_is_shown(bot: Jeugdbot) -> None:
    """A rate of trajectories is about no youths: its change is not hidden as if about 0."""
    ans = _ask(
        bot,
        "welke gemeente had de grootste stijging van gestarte trajecten per 1000 jeugdigen "
        "van 2022 naar 2023",
    )
    assert ans.kind == Kind.ANSWER and ans.series is not None, ans.text
    shown = [p.value for p in ans.series.points if p.value is not None]
    assert len(shown) == len(ans.series.points) == 11
    assert shown == sorted(shown, reverse=True)


@pytest.mark.parametrize(
    ("q", "metric"),
    [
        ("gestarte trajecten per 1000 minderjarigen helmond 2023", "trajecten_gestart_per_1000"),
        ("gestarte trajecten per 1000 0-17 jarigen helmond 2023", "trajecten_gestart_per_1000"),
        ("lopende trajecten per 1000 inwoners van 0-17 deurne 2023", "trajecten_lopend_per_1000"),
        (
            "gestarte trajecten in verhouding tot het aantal jeugdigen helmond 2023",
            "trajecten_gestart_per_1000",
        ),
        (
            "lopende trajecten gecorrigeerd voor het aantal inwoners deurne 2023",
            "trajecten_lopend_per_1000_inwoners",
        ),
        (
            "welke gemeente had naar verhouding de meeste gestarte trajecten in 2023",
            "trajecten_gestart_per_1000",
        ),
        # a change "naar verhouding" is one in %, of the count itself
        ("welke gemeente groeide naar verhouding het hardst in 2023", "jeugdigen"),
    ],
)
def test_phrasings_of_the_rate(bot: Jeugdbot, q: str, metric: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER, ans.text
    assert ans.slots["metric"] == metric, ans.text


def test_a_comparison_of_rates_states_each_areas_terms(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = _ask(
        bot, "vergelijk beëindigde trajecten per 1000 jeugdigen van Deurne met Asten in 2023"
    )
    assert ans.kind == Kind.ANSWER and ans.intent == "vergelijking", ans.text
    for code, name in ((DEURNE, "Deurne"), (ASTEN, "Asten")):
        n, den = _raw(demo_marts, "beeindigd", code, 2023)
        assert (
            f"{name} *{fmt_num(n / den * 1000, 1)}* ({fmt_int(n)} beëindigde trajecten op "
            f"{fmt_int(den)} jeugdigen van 0-17 jaar)"
        ) in ans.text


# -- issue 13 item 3 (rates13f): parts, series terms, amounts per head, follow-ups ----------


def _population(marts: Path, codes: list[str], year: int, column: str = "jeugdigen_0_17") -> int:
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            f"SELECT sum({column}) FROM fact_inwoners WHERE list_contains(?, gemeente_code) "
            "AND jaar = ?",
            [codes, year],
        ).fetchone()
    assert row is not None
    return int(row[0])


def _started_in_segment(marts: Path, code: str, year: int, segment: int) -> int:
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            "SELECT count(*) FROM fact_traject JOIN dim_product USING (productcode) "
            "WHERE gemeente_code = ? AND segment_nr = ? AND startdatum BETWEEN ? AND ?",
            [code, segment, f"{year}-01-01", f"{year}-12-31"],
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    "q",
    [
        "gestarte trajecten per 1000 jeugdigen per segment in Asten 2023",
        "verdeling van de gestarte trajecten per duizend kinderen naar segment asten 2023",
        "hoeveel trajecten startten per 1.000 jongeren in Asten in 2023, per segment",
    ],
)
def test_a_rate_per_segment_divides_each_part_by_the_same_population(
    bot: Jeugdbot, demo_marts: Path, q: str
) -> None:
    ans = _ask(bot, q)
    assert ans.intent == "verdeling" and ans.slots["dimension"] == "segment", ans.text
    den = _population(demo_marts, [ASTEN], 2023)
    assert f"Elk segment is gedeeld door dezelfde {fmt_int(den)} jeugdigen" in ans.text
    assert ans.series is not None
    for point in ans.series.points:
        seg = int(point.label.split()[1])
        n = _started_in_segment(demo_marts, ASTEN, 2023, seg)
        assert point.value == pytest.approx(round(n / den * 1000, 1)), point.label
        assert f"*{fmt_num(n / den * 1000, 1)}* ({fmt_int(n)})" in ans.text


@pytest.mark.parametrize(
    ("q", "dim"),
    [
        ("welk segment had per 1.000 jeugdigen de meeste gestarte trajecten in Asten 2023",
         "segment"),
        ("welke verwijzer had de meeste jeugdigen in zorg per 1000 jongeren in 2023", "verwijzer"),
        ("top 2 verwijzers met de minste gestarte trajecten per duizend kinderen helmond 2022",
         "verwijzer"),
    ],
)  # fmt: skip
def test_a_dimension_ranks_on_a_rate_with_its_counts(bot: Jeugdbot, q: str, dim: str) -> None:
    ans = _ask(bot, q)
    assert ans.intent == "ranglijst" and ans.slots["dimension"] == dim, ans.text
    assert "per 1.000 jeugdigen" in ans.text.split(":")[0]
    assert "is gedeeld door dezelfde" in ans.text and "eigen bevolking" in ans.text
    assert ans.table is not None and len(ans.table.columns) == 4  # #, value, rate, count


@pytest.mark.parametrize(
    "q",
    [
        "gestarte trajecten per 1000 jeugdigen in helmond per jaar",
        "ontwikkeling van de gestarte trajecten per duizend kinderen in Helmond",
    ],
)
def test_a_series_of_a_rate_names_count_and_population_each_year(
    bot: Jeugdbot, demo_marts: Path, q: str
) -> None:
    ans = _ask(bot, q)
    assert ans.intent == "trend", ans.text
    for year in (2022, 2023):
        n, den = _raw(demo_marts, "gestart", HELMOND, year)
        assert f"({fmt_int(n)} op {fmt_int(den)})" in ans.text
    assert "Tussen haakjes: het aantal gestarte trajecten op het aantal jeugdigen" in ans.text


def test_a_ranking_of_gemeenten_names_count_and_population(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = _ask(bot, "welke gemeente had de meeste gestarte trajecten per 1000 jeugdigen in 2023")
    assert ans.intent == "ranglijst" and ans.table is not None, ans.text
    assert ans.table.columns[-1] == "aantal op bevolking"
    row = next(r for r in ans.table.rows if r[1] == "Helmond")
    n, den = _raw(demo_marts, "gestart", HELMOND, 2023)
    assert row[-1] == f"{fmt_int(n)} op {fmt_int(den)}"


def _zorgkosten(marts: Path, code: str, year: int) -> float:
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            "SELECT zorgkosten_eur FROM fact_zorgkosten_jaar WHERE gemeente_code = ? AND jaar = ?",
            [code, year],
        ).fetchone()
    assert row is not None
    return float(row[0])


@pytest.mark.parametrize(
    ("q", "column"),
    [
        ("zorgkosten per inwoner in Helmond 2023", "inwoners"),
        ("wat waren de zorgkosten jeugdwet per inwoner van helmond in 2023", "inwoners"),
        ("zorgkosten per hoofd van de bevolking helmond 2023", "inwoners"),
        ("zorgkosten per jeugdige inwoner in Helmond in 2023", "jeugdigen_0_17"),
        ("zorgkosten per inwoner van 0 tot 18 jaar helmond 2023", "jeugdigen_0_17"),
    ],
)
def test_zorgkosten_per_head(bot: Jeugdbot, demo_marts: Path, q: str, column: str) -> None:
    ans = _ask(bot, q)
    assert ans.intent == "cijfer", ans.text
    per_head = _zorgkosten(demo_marts, HELMOND, 2023) / _population(
        demo_marts, [HELMOND], 2023, column
    )
    assert f"*€ {fmt_int(round(per_head))}*" in ans.text
    assert f"op {fmt_int(_population(demo_marts, [HELMOND], 2023, column))}" in ans.text


@pytest.mark.parametrize(
    ("q", "why"),
    [
        ("aantal aanbieders per 1000 jeugdigen in Deurne 2023", "meer gemeenten tegelijk"),
        ("hoeveel aanbieders per duizend inwoners had asten in 2022", "meer gemeenten tegelijk"),
        ("gestarte trajecten per inwoner in Helmond 2023", "per 1.000 inwoners"),
        ("jeugdigen in zorg per inwoner asten 2023", "per 1.000 inwoners"),
        ("zorgkosten per jeugdige in Helmond 2023", "per jeugdige inwoner"),
        ("wat waren de zorgkosten per jongere in asten in 2022", "per jeugdige inwoner"),
    ],
)
def test_rates_without_meaning_are_asked_back_with_the_reason(
    bot: Jeugdbot, q: str, why: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY, ans.text
    assert why in ans.text


@pytest.mark.parametrize(
    "follow", ["en het aantal?", "en absoluut?", "zonder per 1.000", "niet per duizend graag"]
)
def test_a_follow_up_drops_the_rate(bot: Jeugdbot, demo_marts: Path, follow: str) -> None:
    conv = f"unrate-{follow}"
    _ask(bot, "gestarte trajecten per 1000 jeugdigen in Helmond 2023", conv)
    ans = _ask(bot, follow, conv)
    n, _den = _raw(demo_marts, "gestart", HELMOND, 2023)
    assert ans.slots["metric"] == "trajecten_gestart", ans.text
    assert f"*{fmt_int(n)}*" in ans.text


def test_a_follow_up_keeps_the_rate_and_drops_it_from_a_breakdown(bot: Jeugdbot) -> None:
    conv = "unrate-parts"
    _ask(bot, "zorgkosten per inwoner in Helmond 2023", conv)
    ans = _ask(bot, "en in 2022?", conv)
    assert ans.slots["metric"] == "zorgkosten_per_inwoner", ans.text
    ans = _ask(bot, "en het bedrag zelf?", conv)
    assert ans.slots["metric"] == "zorgkosten", ans.text
    _ask(bot, "jeugdigen per 1000 per segment in Asten 2023", conv)
    ans = _ask(bot, "en het aantal?", conv)
    assert ans.intent == "verdeling" and ans.slots["metric"] == "jeugdigen", ans.text
