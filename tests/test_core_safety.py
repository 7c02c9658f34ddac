"""Checklist items tested through the core answer() on the demo marts (D10, D11, I1, I3, I4,
I7, A3), with DuckDB's cursor observed (tests/sql_recorder.py), so "no query" means exactly
that: no statement reached DuckDB.

Channel-level parts of these items live with the channels: the 500 ms Slack ack for a
40.000-character message (I1) in tests/channels/test_slack_app.py, the 413 for a 2 MB body (I2)
in tests/channels/test_web.py, escaping (I5) and throttling (I6) in tests/channels/.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.marts.contract import TABLES
from bot.marts.warehouse import open_readonly
from bot.models import Answer, Context, Kind
from tests.sql_recorder import SqlRecorder

UTRECHT = "GM0344"
HELMOND_2023 = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"


@pytest.fixture(scope="module")
def bot(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jeugdbot]:
    cache = tmp_path_factory.mktemp("core-safety")
    b = Jeugdbot(Settings(marts=demo_marts, cache_dir=cache, _env_file=None))  # type: ignore[call-arg]
    b.answer(HELMOND_2023)  # open the marts, resolver and knowledge base before observing
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="module")
def sql(bot: Jeugdbot) -> SqlRecorder:
    return SqlRecorder(bot.warehouse)


def ask(bot: Jeugdbot, sql: SqlRecorder, question: str, ctx: Context | None = None) -> Answer:
    sql.clear()
    return bot.answer(question, ctx)


def test_the_recorder_sees_a_query(bot: Jeugdbot, sql: SqlRecorder) -> None:
    """The spy behind every "no query" below does record real queries."""
    ans = ask(bot, sql, HELMOND_2023)
    # The monitor's count; the published 0-meting figure of the same cell (issue 13) comes from
    # fact_kengetal as read once per warehouse (bot/intents/published.py), by the warm-up.
    assert "2.635" in ans.text and len(sql) == 1
    assert [p.get("gemeenten") for _, p in sql.calls] == [["GM0794"]]


# -- D10 ----------------------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "question",
    [
        "Utrecht'; DROP TABLE jeugd; --",
        "Hoeveel jeugdigen in Utrecht'; DROP TABLE jeugd; --",
        "jeugdhulp in Utrecht'; DROP TABLE jeugd; -- in 2023",
        "kosten 2023 Utrecht'; DROP TABLE fact_traject; --",
    ],
)
def test_d10_sql_in_a_municipality_name(
    bot: Jeugdbot, sql: SqlRecorder, demo_marts: Path, question: str
) -> None:
    """D10: Utrecht with SQL behind it is refused as SQL, or answered as Utrecht, outside the
    monitor (no figure, no zero); either way no query runs, the marts file is byte for byte
    unchanged and every table is still there."""
    before = _digest(demo_marts)
    ans = ask(bot, sql, question)
    if ans.kind == Kind.REFUSE:
        assert "geen eigen SQL" in ans.text
    else:
        assert ans.intent == "buiten_monitor" and ans.slots["gemeenten"] == [UTRECHT]
        assert "Utrecht" in ans.text and "ook geen 0" in ans.text
    assert sql.calls == []
    assert _digest(demo_marts) == before
    con = open_readonly(demo_marts, bot.settings)
    try:
        rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        names = {r[0] for r in rows}
    finally:
        con.close()
    assert set(TABLES) <= names


def test_d10_sql_after_a_monitor_municipality_runs_nothing_of_it(
    bot: Jeugdbot, sql: SqlRecorder, demo_marts: Path
) -> None:
    """D10: behind a municipality of the monitor the fragment is refused or ignored; whatever
    runs is a template with the municipality's code as a parameter, and the table survives."""
    ans = ask(
        bot, sql, "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond'; DROP TABLE jeugd; --"
    )
    assert ans.kind in (Kind.REFUSE, Kind.ANSWER)
    for _sql_text, params in sql.calls:
        assert "DROP" not in _sql_text.upper()
        assert params["gemeenten"] == ["GM0794"]
    assert "2.635" in ask(bot, sql, HELMOND_2023).text  # the data are all still there


# -- D11 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "toon tabel secret",
        "select * from fact_traject",
        "geef kolom client_id",
        "SELECT client_id FROM fact_traject WHERE gemeente_code = 'GM0794'",
        "laat de tabel dim_gemeente zien",
        "toon alle kolommen van fact_declaratie",
    ],
)
def test_d11_tables_and_columns_are_never_shown(
    bot: Jeugdbot, sql: SqlRecorder, question: str
) -> None:
    """D11: naming a table or column gets a refusal or help, and no query at all."""
    ans = ask(bot, sql, question)
    assert ans.kind in (Kind.REFUSE, Kind.HELP), ans.text
    assert sql.calls == []
    assert ans.query is None and ans.params == {} and ans.table is None


# -- I1 -----------------------------------------------------------------------------------------


def test_i1_a_40000_character_question_is_too_long_at_once(bot: Jeugdbot, sql: SqlRecorder) -> None:
    """I1: 40.000 characters get "vraag te lang" without a query, in well under 100 ms CPU."""
    question = ("Hoeveel jeugdigen in Helmond in 2023? " * 1100)[:40_000]
    cpu = time.process_time()
    ans = ask(bot, sql, question)
    cpu = time.process_time() - cpu
    assert ans.kind == Kind.REFUSE and "te lang" in ans.text
    assert str(bot.settings.max_question_chars) in ans.text.replace(".", "")
    assert sql.calls == []
    assert cpu < 0.1
    assert len(ans.model_dump_json()) < 2_000  # the reply does not echo the message


def test_i1_a_question_at_the_cap_is_still_answered(bot: Jeugdbot, sql: SqlRecorder) -> None:
    """I1: the cap refuses only what is longer; a question of exactly the cap is parsed."""
    cap = bot.settings.max_question_chars
    question = HELMOND_2023 + " " * (cap - len(HELMOND_2023))
    assert len(question) == cap
    assert "2.635" in ask(bot, sql, question).text
    assert ask(bot, sql, question + "x").kind == Kind.REFUSE


# -- I3 / I4 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "utrecht", ["Utr\u200becht", "\u202eUtrecht", "Ｕｔｒｅｃｈｔ", "Utrecht\ufeff"]
)
def test_i3_invisible_and_full_width_characters_still_name_utrecht(
    bot: Jeugdbot, sql: SqlRecorder, utrecht: str
) -> None:
    """I3: zero-width, RTL override and full-width forms resolve to GM0344 Utrecht, which is
    outside the monitor: the answer says so by name and runs no query."""
    ans = ask(bot, sql, f"Hoeveel jeugdigen hadden in 2023 jeugdhulp in {utrecht}?")
    assert ans.intent == "buiten_monitor" and ans.slots["gemeenten"] == [UTRECHT]
    assert "geen gegevens over Utrecht" in ans.text
    assert sql.calls == []


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Utrеcht?", UTRECHT),  # е
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Utrесht?", UTRECHT),  # е, с
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Неlmond?", "GM0794"),  # Н, е
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Dеurne?", "GM0762"),  # е
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Аstеn?", "GM0743"),  # А, е
    ],
)
def test_i4_cyrillic_look_alikes_never_name_another_municipality(
    bot: Jeugdbot, sql: SqlRecorder, question: str, code: str
) -> None:
    """I4: a name typed with Cyrillic look-alikes is the municipality it looks like, or
    unknown; never a different one, and no query about a different one."""
    ans = ask(bot, sql, question)
    if ans.intent == "onbekende_gemeente":
        assert sql.calls == []
        return
    assert ans.slots["gemeenten"] == [code]
    for _sql_text, params in sql.calls:  # the count, and a published figure of the same cell
        assert params.get("gemeenten", params.get("gebieden")) == [code]


# -- I7 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "",
        " ",
        "   \n\t  ",
        "\u200b\u200b",
        "\u202e",
        "😀",
        "😀🎉👍🏽",
        "🇳🇱 ❤️",
        "???",
        "...",
        "👨‍👩‍👧",
    ],
)
def test_i7_empty_whitespace_and_emoji_only_get_help(
    bot: Jeugdbot, sql: SqlRecorder, question: str
) -> None:
    """I7: nothing to read gets the help text, and no query."""
    ans = ask(bot, sql, question)
    assert ans.kind == Kind.HELP
    assert "Hoeveel jeugdigen" in ans.text  # the help gives examples to ask
    assert sql.calls == []


# -- A3 -----------------------------------------------------------------------------------------


def test_a3_an_answer_in_one_scope_is_never_served_to_another(
    bot: Jeugdbot, sql: SqlRecorder
) -> None:
    """A3: the same question, first where Helmond may be seen and then where it may not, is
    refused the second time before any query, in the same conversation and in a new one."""
    helmond = Context(conversation_id="a3-helmond", channel="slack", scope=frozenset({"GM0794"}))
    first = ask(bot, sql, HELMOND_2023, helmond)
    # the count; the published figure is fact_kengetal as read once per warehouse
    assert "2.635" in first.text and len(sql) == 1
    for ctx in (
        Context(conversation_id="a3-deurne", channel="slack", scope=frozenset({"GM0762"})),
        Context(conversation_id="a3-helmond", channel="slack", scope=frozenset({"GM0762"})),
        Context(conversation_id="a3-none", channel="teams", scope=frozenset()),
    ):
        again = ask(bot, sql, HELMOND_2023, ctx)
        assert again.kind == Kind.REFUSE and again.intent == "buiten_scope"
        assert "2.635" not in again.model_dump_json()
        assert sql.calls == []
    # A follow-up that leans on the answered question does not carry it into the narrower scope.
    follow = ask(bot, sql, "en in 2022?", helmond.model_copy(update={"scope": frozenset()}))
    assert follow.kind == Kind.REFUSE and follow.intent == "buiten_scope"
    assert sql.calls == []
    # And the scope that may see Helmond still gets the figure.
    assert "2.635" in ask(bot, sql, HELMOND_2023, helmond).text


def test_a3_the_region_is_refused_to_a_scope_of_one_municipality(
    bot: Jeugdbot, sql: SqlRecorder
) -> None:
    """A3: a region figure answered for the whole monitor is not served to a single-municipality
    scope: the region contains municipalities that scope may not see."""
    question = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in de regio?"
    assert ask(bot, sql, question).kind == Kind.ANSWER and len(sql) >= 1
    narrow = ask(bot, sql, question, Context(scope=frozenset({"GM0794"})))
    assert narrow.kind == Kind.REFUSE and sql.calls == []
