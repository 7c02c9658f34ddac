"""Every knowledge entry and every reform agenda action, rendered through the real bot, reads as
an answer for a person: no field names, ids or search scores, no cut-off cells ("<"), no
"None" or "nan", no empty labels, balanced markup and no sentence that stops on a loose word.

One question per entry title and two per action ("wat is actie N van opgave M?", "actie M.N"),
so a new entry or a new way of rendering one is checked without anyone writing a test for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.knowledge.loader import KnowledgeBase, load_knowledge
from bot.knowledge.schema import ActieEntry
from bot.models import Answer, Kind

# snake_case names (planning_uitleg, bedrag_eur) and the words of the YAML schema itself.
_FIELD_NAME = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b(?:velden|trefwoorden|aliassen|soort)\b")
_KEBAB = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b")
_SCORE_COLUMN = re.compile(r"score|relevantie|bm25|\brank", re.IGNORECASE)
_STUB = re.compile(r"[<>]|\bNone\b|\bnan\b|\bNaN\b|\bnull\b|\bTODO\b")
_QUOTE = re.compile(r"\u201c[^\u201d]*\u201d")
_ENUMERATION = re.compile(r"(?:^|[\s:;])(?:\d{1,2}|[a-z]|ad \d{1,2})$", re.IGNORECASE)
_EMPTY_LABEL = re.compile(r"\*[^*\n]{1,40}:\*[ \t]*(?:\n|$)|:[ \t]*[.;,](?:\s|$)")
# A sentence or line that stops on a word that cannot end one ("gevonden met.", "en").
# Not the particles of separable verbs ("werkt het plan uit.", "draagt hier aan bij."), which
# end Dutch sentences as a rule.
_LOOSE = r"de|het|een|van|met|en|of|te|zoals|naar|om|tot"
_LOOSE_END = re.compile(rf"(?:^|\s)(?:{_LOOSE})\s*(?:[.!?;,]\s*)?$", re.IGNORECASE)
_LOOSE_STOP = re.compile(rf"(?:^|\s)(?:{_LOOSE})[.!?](?:\s|$)", re.IGNORECASE)


def visible(answer: Answer) -> Iterator[tuple[str, str]]:
    """Every piece of text a channel shows, with where it stands."""
    yield "text", answer.text
    if answer.more:
        yield "meer", answer.more
    if answer.table is not None:
        for column in answer.table.columns:
            yield "kolom", column
        for row in answer.table.rows:
            for cell in row:
                yield "cel", str(cell)
    for option in answer.options:
        yield "optie", option.label
    for source in answer.sources:
        yield "bron", f"{source.titel} {source.locatie or ''}".strip()


def _balanced(text: str) -> bool:
    """Brackets close what they open; a lone ")" only ends an enumeration ("1) ..., 2) ...")."""
    depth = {"(": 0, "[": 0}
    for i, ch in enumerate(text):
        if ch in depth:
            depth[ch] += 1
        elif ch in ")]":
            opening = "(" if ch == ")" else "["
            if depth[opening]:
                depth[opening] -= 1
            elif not (ch == ")" and _ENUMERATION.search(text[max(0, i - 6) : i])):
                return False
    return not any(depth.values())


def internals(answer: Answer, ids: frozenset[str] = frozenset()) -> list[str]:
    """What in this answer shows the machinery instead of the content, as 'kind: detail'."""
    found: list[str] = []
    if answer.kind == Kind.ERROR:
        found.append(f"fout: {answer.text[:60]}")
    if answer.table is not None:
        found += [f"scorekolom: {c}" for c in answer.table.columns if _SCORE_COLUMN.search(c)]
    for where, text in visible(answer):
        if not text.strip():
            found.append(f"leeg label: {where}")
            continue
        found += [f"veldnaam: {where} {m}" for m in _FIELD_NAME.findall(text)]
        found += [f"id: {where} {m}" for m in _KEBAB.findall(text) if m in ids]
        found += [f"stub: {where} {m.group(0)!r}" for m in _STUB.finditer(text)]
        found += [f"leeg label: {where} {m.group(0)!r}" for m in _EMPTY_LABEL.finditer(text)]
        if not _balanced(text):
            found.append(f"haakjes: {where} {text[:50]!r}")
        for line in text.splitlines():
            # A verbatim quote keeps the document's own footnote star ("verblijf*").
            if _QUOTE.sub("", line).count("*") % 2:
                found.append(f"opmaak: {where} {line[:50]!r}")
            if _LOOSE_END.search(line) or _LOOSE_STOP.search(line):
                found.append(f"los woord: {where} {line[-50:]!r}")
    return found


def questions(base: KnowledgeBase) -> list[tuple[str, str]]:
    """(question, entry id): the entry's title for every entry, two look-ups per action."""
    out = [(entry.titel, entry.id) for entry in base.entries]
    for action in base.actions("hervormingsagenda"):
        assert isinstance(action, ActieEntry)
        h, n = action.velden.hoofdstuk, action.velden.nummer
        out.append((f"wat is actie {n} van opgave {h}?", action.id))
        out.append((f"actie {h}.{n}", action.id))
    return out


@pytest.fixture(scope="module")
def bot(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Jeugdbot:
    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path_factory.mktemp("c"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return Jeugdbot(settings, today=date(2025, 9, 1))


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


def test_the_checks_catch_what_issue_14_showed() -> None:
    """The checks themselves fail on the answers issue 14 reported, so a pass means something."""
    from bot.models import Table

    cases = [
        Answer(kind=Kind.ANSWER, text="*Planning:* <"),
        Answer(kind=Kind.ANSWER, text="*Planning:* Zie <"),
        Answer(kind=Kind.ANSWER, text="Geen acties gevonden met planning noemt 2025 met."),
        Answer(kind=Kind.ANSWER, text="x", table=Table(columns=["Score", "Onderwerp"], rows=[])),
        Answer(kind=Kind.ANSWER, text="*Uitvoering:* None"),
        Answer(kind=Kind.ANSWER, text="*Planning:*\n*Toelichting:* x"),
        Answer(kind=Kind.ANSWER, text="zie planning_uitleg"),
        Answer(kind=Kind.ANSWER, text="*Actie 7.2 van de"),
        Answer(kind=Kind.ANSWER, text="x", table=Table(columns=["A"], rows=[["nan"]])),
        Answer(kind=Kind.ANSWER, text="x (zie boven"),
        Answer(kind=Kind.ANSWER, text="x", table=Table(columns=["A", "B"], rows=[["a", ""]])),
    ]
    for case in cases:
        assert internals(case), case.text
    assert internals(Answer(kind=Kind.ANSWER, text="zie ha-actie-7-2"), frozenset({"ha-actie-7-2"}))
    assert not internals(Answer(kind=Kind.ANSWER, text="*Actie 7.2*: zodra het bekend is."))


def test_every_entry_and_action_renders_without_internals(
    bot: Jeugdbot, knowledge: KnowledgeBase
) -> None:
    ids = frozenset(entry.id for entry in knowledge.entries)
    wrong = []
    for question, entry_id in questions(knowledge):
        answer = bot.answer(question)
        wrong += [f"{entry_id} {question!r}: {p}" for p in internals(answer, ids)]
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(wrong[:40])


def test_every_action_is_found_by_its_number(bot: Jeugdbot, knowledge: KnowledgeBase) -> None:
    """The look-ups above really render the action asked for, not some other answer."""
    for action in knowledge.actions("hervormingsagenda"):
        h, n = action.velden.hoofdstuk, action.velden.nummer
        answer = bot.answer(f"wat is actie {n} van opgave {h}?")
        assert answer.intent == "kennis.actie" and answer.slots["entry_id"] == action.id
        assert "*Planning:* " in answer.text + (answer.more or "")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("wat is actie 7.2?", "*Planning:* Zodra het landelijke overzicht bekend is (de "
         "planningkolom verwijst naar de toelichting)"),
        ("wat is actie 9 van opgave 7?", "*Planning:* Zodra bekend is hoe het Rijk de "
         "kostprijselementen voorschrijft"),
        ("actie 7.6", "*Planning:* Het programmaplan noemt geen termijn"),
    ],
)  # fmt: skip
def test_arrow_plannings_read_as_the_source_means_them(
    bot: Jeugdbot, question: str, expected: str
) -> None:
    answer = bot.answer(question)
    assert expected in answer.text + (answer.more or "")


def test_planning_filter_reads_as_dutch_for_every_year(
    bot: Jeugdbot, knowledge: KnowledgeBase
) -> None:
    """Every year a planning names gives the actions that name it; a year none names says so
    in a sentence, with the years that do occur; never "gevonden met planning noemt 2025"."""
    plannings = {a.id: a.velden.planning or "" for a in knowledge.actions("hervormingsagenda")}
    in_column = sorted({y for p in plannings.values() for y in re.findall(r"20\d\d", p)})
    assert in_column == ["2023", "2024"]
    for year in range(2020, 2029):
        answer = bot.answer(f"acties met planning {year}")
        assert answer.intent == "kennis.lijst", year
        expected = {i for i, p in plannings.items() if str(year) in p}
        assert set(answer.slots.get("entry_ids", [])) == expected, year
        assert not internals(answer), (year, internals(answer))
        if expected:
            count = f"{len(expected)} actie" if len(expected) == 1 else f"{len(expected)} acties"
            assert answer.text.startswith(
                f"De Hervormingsagenda heeft {count} met een planning die {year} noemt: "
            ), answer.text
        else:
            assert answer.text.startswith(
                f"De Hervormingsagenda heeft geen acties met een planning die {year} noemt. "
                "De planningkolom van Bijlage 4 noemt alleen 2023 en 2024;"
            ), answer.text
    # 2025 is no planning, but action 6.7 sets its research a deadline of 2025 in its text.
    assert (
        "2025 staat wel in de tekst of toelichting van actie 6.7."
        in bot.answer("acties met planning 2025").text
    )


def test_combined_filters_read_as_one_phrase(bot: Jeugdbot) -> None:
    answer = bot.answer("welke acties in opgave 4 liggen bij de gemeenten")
    assert answer.text == (
        "De Hervormingsagenda heeft geen acties in opgave 4 (Terugdringen residentiële "
        "jeugdhulp: zo thuis mogelijk) met uitvoering bij de gemeenten zelf."
    )


def test_free_search_lists_subjects_and_sources_not_scores(bot: Jeugdbot) -> None:
    answer = bot.answer("De vijf ambities van de Regiovisie Jeugdhulp Haaglanden")
    assert answer.intent == "kennis.zoeken" and answer.table is not None
    assert answer.table.columns == ["Onderwerp", "Bron"]
    first = answer.table.rows[0]
    assert first == [
        "De vijf ambities van de Regiovisie Jeugdhulp Haaglanden",
        "Uitvoeringsplan Jeugdhulp Haaglanden 2023-2024, Hoofdstuk 1 Inleiding",
    ]


def test_another_plans_action_number_is_not_the_reform_agendas(bot: Jeugdbot) -> None:
    """ "Haaglanden 4.1, actie 1" is that plan's action, not a choice among eight actions 1."""
    answer = bot.answer("Haaglanden 4.1, actie 1: verder inzicht in wachttijden")
    assert answer.kind == Kind.ANSWER
    assert "hgl-prioriteit-1-actie-1" in answer.slots.get("entry_ids", [])


def test_clarifying_options_name_each_action_once(bot: Jeugdbot) -> None:
    answer = bot.answer("wat is actie 1?")
    assert answer.kind == Kind.CLARIFY
    labels = [o.label for o in answer.options]
    assert labels[0] == "Actie 1.1 – wetsvoorstel vrij toegankelijke voorzieningen"
    assert not [label for label in labels if label.count("Actie") > 1]
