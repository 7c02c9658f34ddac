"""Every quantitative statement of the four documents is a kengetal, or left out for a reason.

bot/marts/figure_coverage.py reads every number of a source document; each must be held by a
kengetal block at that place (knowledge/kengetallen.yaml) or named in
knowledge/kengetallen_uitgesloten.yaml. A document listed under `open` there is not yet gone
through completely: its count of open statements may only go down."""

from __future__ import annotations

from datetime import date

import pytest

from bot.marts.figure_coverage import (
    DOCUMENTS,
    Uitgesloten,
    coverage,
    load_uitgesloten,
    statements,
)
from bot.marts.sources import source_text

UIT = load_uitgesloten()


def _listing(doc: str) -> str:
    cov = coverage(doc, UIT)
    return "\n".join(f"  {s.start}: {s.text!r} in: {s.context()}" for s in cov.uncovered)


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_every_statement_is_a_kengetal_or_left_out(doc: str) -> None:
    cov = coverage(doc, UIT)
    allowed = UIT.open.get(doc, 0)
    assert len(cov.uncovered) <= allowed, (
        f"{len(cov.uncovered)} uitspraken in {doc} zonder kengetal of uitsluiting "
        f"(toegestaan: {allowed}):\n{_listing(doc)}"
    )
    assert len(cov.uncovered) == allowed, (
        f"nog maar {len(cov.uncovered)} open in {doc}: zet `open` in "
        f"kengetallen_uitgesloten.yaml op {len(cov.uncovered)} (of haal het document eruit)"
    )


def test_every_document_is_complete() -> None:
    """All four documents are gone through completely: issue 13 named 001 and 002 first, then
    the VNG letter (004) and the programme plan of the region (000)."""
    assert not UIT.open
    assert "000_05fd599307ad2e89.txt" not in UIT.open
    assert "001_9ed6bf435e31ceb8.txt" not in UIT.open
    assert "002_2d82f4a8b97cdc0c.txt" not in UIT.open
    assert "004_1007e2a72d4ad2b5.txt" not in UIT.open
    assert not coverage("004_1007e2a72d4ad2b5.txt", UIT).uncovered


def test_a_ratio_and_a_count_in_brackets_are_read_as_figures() -> None:
    """'1 op de 10' is one share (10%), '1:2' one factor (2); 'gemeenten (3)' is a count, not a
    footnote mark, and is held; the contradicting 2021 sentence under the sex table is left out."""
    doc = "004_1007e2a72d4ad2b5.txt"
    found = {(s.text, s.value) for s in statements(doc)}
    assert ("1 op de 10", 10.0) in found
    assert ("1:2", 2.0) in found
    cov = coverage(doc, UIT)
    held = {s.text for s in cov.covered}
    assert {"1 op de 10", "1:2", "3", "139", "190.735", "138.825"} <= held
    left_out = {s.text: why for s, why in cov.excluded}
    assert left_out["379.615"].startswith("uitgesloten[")
    assert "23" in left_out and left_out["23"] == "leeftijdsgrens"


def test_a_fraction_is_read_as_its_share() -> None:
    """The fraction in "2/3^e van onze jeugdige cliënten" is one statement, a share of 66,67%,
    held by the kengetal that records it as "2/3" (not a count of 2 and a stray 3)."""
    doc = "000_05fd599307ad2e89.txt"
    fractions = [s for s in statements(doc) if s.text in ("2/3", "1/3")]
    assert len(fractions) == 4
    assert {round(float(s.value), 2) for s in fractions} == {66.67, 33.33}  # type: ignore[arg-type]
    covered = {s.start for s in coverage(doc, UIT).covered}
    assert all(s.start in covered for s in fractions)


def test_every_exclusion_leaves_something_out() -> None:
    """No entry goes stale: each passage stands in its document, and each class and passage
    leaves out at least one statement no kengetal holds."""
    used: set[str] = set()
    for doc in DOCUMENTS:
        used |= {why for _, why in coverage(doc, UIT).excluded}
    for u in UIT.uitgesloten:
        assert u.tekst in source_text(u.document), f"niet letterlijk in {u.document}: {u.tekst!r}"
    stale = [k.naam for k in UIT.klassen if k.naam not in used]
    stale += [
        UIT.uitgesloten[i].tekst
        for i in range(len(UIT.uitgesloten))
        if f"uitgesloten[{i}]" not in used
    ]
    assert not stale, f"uitsluitingen die niets uitsluiten: {stale}"


def test_how_a_document_is_read() -> None:
    """The check's own reading: dates whole, amounts with their scale, a range's end with its
    start, and the figure issue 13 found missing (134 wachtenden in november 2020) held."""
    doc = "002_2d82f4a8b97cdc0c.txt"
    found = {(s.text, s.value) for s in statements(doc)}
    assert ("1-1-2024", date(2024, 1, 1)) in found
    assert ("1 miljoen", 1e6) in found
    cov = coverage(doc, UIT)
    assert any(s.text == "134" for s in cov.covered)
    assert not any(s.text == "2024" and s.value == 2024 for s in cov.uncovered)


def test_the_exclusions_are_validated() -> None:
    with pytest.raises(ValueError):
        Uitgesloten.model_validate(
            {"klassen": [{"naam": "kapot", "patroon": "(", "reden": "een reden van lengte"}]}
        )
    with pytest.raises(ValueError):
        Uitgesloten.model_validate(
            {"klassen": [], "uitgesloten": [{"document": "x.txt", "tekst": "abc", "reden": "r"}]}
        )
