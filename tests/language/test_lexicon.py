"""knowledge/lexicon.yaml is validated data: a broken entry fails at load, not as a silent miss."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.intents.measures import METRICS
from bot.language.lexicon import LEXICON_FILE, Lexicon, load_lexicon

# "subregio": the sub-regions of the reference data, as areas (bot.intents.breakdown).
DIMENSIONS = {"segment", "product", "aanbieder", "verwijzer", "gemeente", "subregio"}


def _raw() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))


def test_the_lexicon_loads_and_names_only_what_the_monitor_has() -> None:
    lex = load_lexicon()
    assert {e.key for e in lex.measures} <= set(METRICS)
    assert set(lex.dimensions.values()) <= DIMENSIONS
    assert {"compare", "trend", "growth", "decline", "rank_high", "rank_low"} <= set(lex.cues)


def test_no_measure_is_a_default() -> None:
    """ "hoeveel" or "aantal" alone names no measure (issue 12): no pattern may match them."""
    for key, rx in load_lexicon().measure_patterns:
        for q in ("hoeveel", "aantal", "hoeveel waren er", "het aantal in helmond"):
            assert not rx.search(q), (key, q)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("measures", 0, "patterns"), ["(unclosed"], "missing"),
        (("measures", 0, "patterns"), ["a|"], "empty string"),
        (("function_words",), "graag Graag", "folded"),
        (("domain_words",), "regio regio", "duplicate"),
        (("measures", 0, "note"), "Dit is iets.", "question for the other measure"),
        (("measures", 0, "note"), "Een regel.\nNog een: vraag 'kosten regio'.", "one short line"),
        (("verwijzers", 0, "note"), "Dit: vraag 'kosten regio'.", "Extra inputs"),
    ],
)
def test_a_broken_entry_fails_at_load(
    tmp_path: Path,
    path: tuple,
    value: object,
    message: str,  # type: ignore[type-arg]
) -> None:
    raw = _raw()
    target = raw
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises((ValidationError, Exception), match=message):
        Lexicon.model_validate(raw)


def test_an_unknown_section_fails() -> None:
    raw = _raw() | {"measurse": []}
    with pytest.raises(ValidationError):
        Lexicon.model_validate(raw)
