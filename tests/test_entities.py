"""Entity resolution: tables of Dutch phrasings -> municipalities, region, segments, products,
and what must be asked (ambiguous, part-of, unknown) instead of guessed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.entities import EntityResolver, Extraction, known_words, load_reference_gemeenten
from bot.language.normalize import normalize
from bot.paths import KNOWLEDGE_DIR, REFERENCE_DIR

# The 11 municipalities of Een 10 voor de Jeugd (programme plan, Bijlage 2).
MONITOR = {
    "GM0743": "Asten",
    "GM0762": "Deurne",
    "GM1771": "Geldrop-Mierlo",
    "GM1652": "Gemert-Bakel",
    "GM0794": "Helmond",
    "GM1659": "Laarbeek",
    "GM0820": "Nuenen, Gerwen en Nederwetten",
    "GM0847": "Someren",
    "GM0848": "Son en Breugel",
    "GM0861": "Veldhoven",
    "GM0866": "Waalre",
}
PRODUCTS = yaml.safe_load((KNOWLEDGE_DIR / "pdc_demo.yaml").read_text(encoding="utf-8"))[
    "producten"
]


@pytest.fixture(scope="module")
def resolver() -> EntityResolver:
    return EntityResolver.from_reference(MONITOR, PRODUCTS)


def codes(ex: Extraction) -> list[str]:
    return [g.code for g in ex.gemeenten]


def nothing_to_ask(ex: Extraction) -> bool:
    return not (ex.ambiguous or ex.unknown or ex.partial)


# -- municipalities ----------------------------------------------------------------------------

RESOLVES: list[tuple[str, list[str], str]] = [
    # exact, any case, inside sentences
    ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", ["GM0794"], "exact"),
    ("helmond", ["GM0794"], "exact"),
    ("HELMOND", ["GM0794"], "exact"),
    ("veldhoven", ["GM0861"], "exact"),
    ("kosten segment 2 geldrop mierlo vorig jaar", ["GM1771"], "exact"),
    ("geldrop-mierlo", ["GM1771"], "exact"),
    ("Geldrop Mierlo", ["GM1771"], "exact"),
    ("gemert bakel", ["GM1652"], "exact"),
    ("Gemert-Bakel", ["GM1652"], "exact"),
    ("Son & Breugel", ["GM0848"], "exact"),
    ("son en breugel", ["GM0848"], "exact"),
    ("Nuenen, Gerwen en Nederwetten", ["GM0820"], "exact"),
    ("Fryslân? nee, Súdwest-Fryslân", ["GM1900"], "exact"),
    ("'s-Hertogenbosch", ["GM0796"], "exact"),
    ("s-Hertogenbosch", ["GM0796"], "exact"),
    ("Bergen (L.)", ["GM0893"], "exact"),
    ("Bergen (NH.)", ["GM0373"], "exact"),
    ("in Eindhoven", ["GM0772"], "exact"),
    # aliases
    ("Den Bosch", ["GM0796"], "alias"),
    ("den bosch", ["GM0796"], "alias"),
    ("Den Haag", ["GM0518"], "alias"),
    ("Nuenen", ["GM0820"], "alias"),
    ("hoeveel jeugdigen in Son", ["GM0848"], "alias"),
    ("geldropmierlo", ["GM1771"], "alias"),
    ("gemertbakel", ["GM1652"], "alias"),
    ("Hengelo", ["GM0164"], "alias"),
    ("Rijswijk", ["GM0603"], "alias"),
    ("Capelle", ["GM0502"], "alias"),
    # CBS codes
    ("GM0794", ["GM0794"], "code"),
    ("gm0794", ["GM0794"], "code"),
    ("gm 794", ["GM0794"], "code"),
    ("GM-794", ["GM0794"], "code"),
    ("0794", ["GM0794"], "code"),
    ("gemeentecode 794", ["GM0794"], "code"),
    ("cijfers voor GM1771 in 2023", ["GM1771"], "code"),
    # typos with a clear winner
    ("gemert bakle", ["GM1652"], "fuzzy"),
    ("helmund", ["GM0794"], "fuzzy"),
    ("kosten helmund 2023", ["GM0794"], "fuzzy"),
    ("Helmnod", ["GM0794"], "fuzzy"),
    ("Veldhovn", ["GM0861"], "fuzzy"),
    ("kosten in Deurn", ["GM0762"], "fuzzy"),
    ("Geldorp-Mierlo", ["GM1771"], "fuzzy"),
    ("son breugel", ["GM0848"], "fuzzy"),
    ("Nuenen Gerwen Nederwetten", ["GM0820"], "fuzzy"),
    ("laarbeke", ["GM1659"], "fuzzy"),
    ("somren", ["GM0847"], "fuzzy"),
    ("walre", ["GM0866"], "fuzzy"),
    ("in Astem", ["GM0743"], "fuzzy"),
    # names that are also words, used as names
    ("jeugdigen in Best", ["GM0753"], "exact"),
    ("Hoe deed Best het in 2023?", ["GM0753"], "exact"),
    ("Best", ["GM0753"], "exact"),
    ("hoeveel jeugdhulp in Leiden", ["GM0546"], "exact"),
    ("Oss", ["GM0828"], "exact"),
    ("mede in Ede", ["GM0228"], "exact"),
]


@pytest.mark.parametrize(("question", "expected", "via"), RESOLVES)
def test_municipalities_resolve(
    resolver: EntityResolver, question: str, expected: list[str], via: str
) -> None:
    ex = resolver.extract(question)
    assert codes(ex) == expected
    assert ex.gemeenten[0].via == via
    assert nothing_to_ask(ex)


def test_match_carries_name_span_score_and_monitor_flag(resolver: EntityResolver) -> None:
    ex = resolver.extract("Vergelijk helmund met Eindhoven")
    helmond, eindhoven = ex.gemeenten
    assert (helmond.naam, helmond.in_monitor, helmond.text, helmond.via) == (
        "Helmond", True, "helmund", "fuzzy",
    )  # fmt: skip
    assert ex.text[helmond.span[0] : helmond.span[1]] == "helmund"
    assert 85 <= helmond.score < 100
    assert (eindhoven.naam, eindhoven.in_monitor, eindhoven.score) == ("Eindhoven", False, 100)
    assert ex.outside_monitor == [eindhoven]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("vergelijk Deurne met Asten", ["GM0762", "GM0743"]),
        ("Helmond vs Veldhoven en Nuenen", ["GM0794", "GM0861", "GM0820"]),
        ("Asten, Someren en Deurne in 2023", ["GM0743", "GM0847", "GM0762"]),
        ("kosten waalre en son en breugel", ["GM0866", "GM0848"]),
        ("Helmond en helmond", ["GM0794"]),
        ("GM0794 of Helmond of Deurne", ["GM0794", "GM0762"]),
    ],
)
def test_several_mentions_in_order(
    resolver: EntityResolver, question: str, expected: list[str]
) -> None:
    assert codes(resolver.extract(question)) == expected


def test_every_municipality_resolves_by_its_official_name(resolver: EntityResolver) -> None:
    rows = load_reference_gemeenten()
    assert len(rows) == 342
    wrong = []
    for row in rows:
        if row["gemeente_naam"] == "Heusden":
            continue  # also a kern of Asten: asked, see test_ambiguous_places_are_asked
        ex = resolver.extract(
            f"Hoeveel jeugdigen hadden in 2023 jeugdhulp in {row['gemeente_naam']}?"
        )
        if codes(ex) != [row["gemeente_code"]] or not nothing_to_ask(ex):
            wrong.append(row["gemeente_naam"])
    assert wrong == []


def test_every_municipality_resolves_by_its_code(resolver: EntityResolver) -> None:
    for row in load_reference_gemeenten():
        assert codes(resolver.extract(f"cijfers {row['gemeente_code']}")) == [row["gemeente_code"]]


# -- checklist I3 / I4 and injection -----------------------------------------------------------


@pytest.mark.parametrize(
    "spoofed", ["Utr\u200becht", "\u202eUtrecht", "Ｕｔｒｅｃｈｔ", "in Utr\ufeffecht"]
)
def test_i3_invisible_and_full_width_resolve_to_utrecht(
    resolver: EntityResolver, spoofed: str
) -> None:
    assert codes(resolver.extract(spoofed)) == ["GM0344"]


@pytest.mark.parametrize("spoofed", ["Utrеcht", "in Utrеcht", "Hеlmond", "Vеldhoven"])
def test_i4_confusables_never_resolve_to_another_municipality(
    resolver: EntityResolver, spoofed: str
) -> None:
    ex = resolver.extract(spoofed)
    expected = {"Utrеcht": "GM0344", "in Utrеcht": "GM0344", "Hеlmond": "GM0794"}.get(
        spoofed, "GM0861"
    )
    assert codes(ex) in ([expected], [])


def test_d10_sql_in_a_name_is_just_text(resolver: EntityResolver) -> None:
    ex = resolver.extract("Utrecht'; DROP TABLE jeugd; --")
    assert codes(ex) == ["GM0344"]
    assert all(g.code.startswith("GM") and g.code[2:].isdigit() for g in ex.gemeenten)


# -- homonyms, close calls, part-of, merged ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "candidates", "reason"),
    [
        ("Bergen", ["GM0893", "GM0373"], "homoniem"),
        ("hoeveel jeugdigen in bergen", ["GM0893", "GM0373"], "homoniem"),
        ("Alphen", ["GM0484", "GM1723"], "homoniem"),
        ("Heusden", ["GM0797", "GM0743"], "kern"),
        ("kosten in Heusden", ["GM0797", "GM0743"], "kern"),
        ("Haaren", ["GM0824", "GM0865", "GM0757", "GM0855"], "opgeheven"),
        ("Littenseradiel", ["GM0080", "GM1900", "GM1949"], "opgeheven"),
    ],
)
def test_ambiguous_places_are_asked(
    resolver: EntityResolver, question: str, candidates: list[str], reason: str
) -> None:
    ex = resolver.extract(question)
    assert ex.gemeenten == []
    (amb,) = ex.ambiguous
    assert [c.code for c in amb.candidates] == candidates
    assert amb.reason == reason
    assert amb.kind == "gemeente"


def test_ambiguity_question_is_dutch(resolver: EntityResolver) -> None:
    assert resolver.extract("Bergen").ambiguous[0].question() == (
        "Bedoel je Bergen (L.) of Bergen (NH.)?"
    )
    assert resolver.extract("Heusden").ambiguous[0].question() == (
        "Bedoel je de gemeente Heusden of Asten (kern Heusden)?"
    )
    assert resolver.extract("Haaren").ambiguous[0].question() == (
        "Haaren is als gemeente opgeheven en verdeeld over Oisterwijk, Vught, Boxtel en Tilburg. "
        "Welke gemeente bedoel je?"
    )


KERNEN = [
    ("Mierlo", "GM1771"), ("Geldrop", "GM1771"), ("Mierlo-Hout", "GM0794"),
    ("Brandevoort", "GM0794"), ("Stiphout", "GM0794"), ("Beek en Donk", "GM1659"),
    ("Aarle-Rixtel", "GM1659"), ("Lieshout", "GM1659"), ("Gemert", "GM1652"),
    ("Bakel", "GM1652"), ("De Mortel", "GM1652"), ("Elsendorp", "GM1652"),
    ("Milheeze", "GM1652"), ("De Rips", "GM1652"), ("Lierop", "GM0847"),
    ("Someren-Eind", "GM0847"), ("Veldhoven-dorp", "GM0861"), ("Zeelst", "GM0861"),
    ("Meerveldhoven", "GM0861"), ("Oerle", "GM0861"), ("Aalst", "GM0866"),
    ("Breugel", "GM0848"), ("Gerwen", "GM0820"), ("Nederwetten", "GM0820"),
    ("Vlierden", "GM0762"), ("Liessel", "GM0762"), ("Helenaveen", "GM0762"),
    ("Neerkant", "GM0762"), ("Ommel", "GM0743"),
]  # fmt: skip


@pytest.mark.parametrize(("kern", "code"), KERNEN)
def test_a_kern_is_confirmed_never_swapped(resolver: EntityResolver, kern: str, code: str) -> None:
    ex = resolver.extract(f"hoeveel jeugdigen in {kern} in 2023")
    assert ex.gemeenten == []
    (part,) = ex.partial
    assert (part.code, part.kern, part.reason, part.text) == (code, kern, "kern", kern)
    assert part.question() == (
        f"{kern} hoort bij de gemeente {MONITOR[code]}. Bedoel je {MONITOR[code]}?"
    )


def test_kern_handel_only_as_a_place(resolver: EntityResolver) -> None:
    assert resolver.extract("jeugdigen in Handel").partial[0].code == "GM1652"
    assert resolver.extract("zorg in de handel").partial == []


def test_villages_of_a_named_municipality_need_no_check(resolver: EntityResolver) -> None:
    ex = resolver.extract("Nuenen, Gerwen en Nederwetten en Mierlo")
    assert codes(ex) == ["GM0820"]
    assert [p.kern for p in ex.partial] == ["Mierlo"]


@pytest.mark.parametrize(
    ("old", "successor", "year"),
    [("Veghel", "GM1948", 2017), ("Sint-Oedenrode", "GM1948", 2017), ("Uden", "GM1991", 2022),
     ("Boxmeer", "GM1982", 2022), ("Heerhugowaard", "GM1980", 2022), ("Weesp", "GM0363", 2022),
     ("Haren", "GM0014", 2019), ("Bussum", "GM1942", 2016)],
)  # fmt: skip
def test_a_merged_municipality_is_part_of_its_successor(
    resolver: EntityResolver, old: str, successor: str, year: int
) -> None:
    ex = resolver.extract(f"kosten {old}")
    assert ex.gemeenten == []
    (part,) = ex.partial
    assert (part.code, part.reason, part.sinds) == (successor, "opgeheven", year)
    assert part.question().startswith(f"{old} is in {year} opgegaan in de gemeente ")


def test_every_2015_municipality_name_still_resolves_to_something(
    resolver: EntityResolver,
) -> None:
    """Each name of the 2015 youth-care regions list is a municipality, alias or merger now."""
    path = REFERENCE_DIR / "gemeenten" / "jeugdzorgregios_2015_gemeenten.csv"
    with path.open(encoding="utf-8", newline="") as f:
        names = [row["gemeente_naam_2015"] for row in csv.DictReader(f)]
    lost = []
    for name in names:
        ex = resolver.extract(f"gemeente {name}")
        if not (ex.gemeenten or ex.partial or ex.ambiguous):
            lost.append(name)
    assert lost == []


# -- unknown names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "text", "suggestion"),
    [
        ("in Utrekt", "Utrekt", "GM0344"),
        ("hoeveel jeugdigen in Hellmondstad", "Hellmondstad", "GM0794"),
        ("vergelijk Helmond met Atlantis", "Atlantis", None),
        ("gemeente xyzzy", "xyzzy", None),
        ("kosten voor New York", "New York", None),
        ("GM9999", "GM9999", None),
    ],
)
def test_unknown_places_get_suggestions(
    resolver: EntityResolver, question: str, text: str, suggestion: str | None
) -> None:
    ex = resolver.extract(question)
    unknown = [u for u in ex.unknown if u.kind == "gemeente"]
    assert [u.text for u in unknown] == [text]
    codes_suggested = [s.code for s in unknown[0].suggestions]
    if suggestion:
        assert codes_suggested[0] == suggestion
    assert unknown[0].message().startswith(f"Ik ken geen gemeente '{text}'.")


def test_unknown_message_names_the_suggestion(resolver: EntityResolver) -> None:
    assert resolver.extract("in Utrekt").unknown[0].message() == (
        "Ik ken geen gemeente 'Utrekt'. Bedoel je Utrecht?"
    )


def test_suggest(resolver: EntityResolver) -> None:
    assert [c.naam for c in resolver.suggest("Veldhovenn")][:1] == ["Veldhoven"]
    assert resolver.suggest("qqqqqq") == []


# -- not places --------------------------------------------------------------------------------

NOT_PLACES = [
    "welke gemeente deed het best",
    "welke gemeente deed het best in 2023?",
    "wat werkt op z'n best",
    "de beste gemeente",
    "hoeveel jeugdigen wonen er in totaal",
    "in de beek",
    "we leiden jongeren op",
    "voor welke kosten",
    "Hoeveel jeugdigen hadden in 2023 jeugdhulp?",
    "welke gemeente had de hoogste kosten per jeugdige",
    "top 3 gemeenten met de meeste jeugdigen in verblijf",
    "waar daalden de kosten in 2023?",
    "hoe is dat berekend?",
    "en in 2022?",
    "en per segment?",
    "wat is de reden van de stijging",
    "de lasten worden passen terecht uitgezet",
    "welke acties liggen bij de regio?",
    "wat betekent VA?",
    "2.635 jeugdigen en € 94.631.000",
    "jeugdigen in zorg",
    "hoeveel trajecten zijn gestart in Q1 2024",
    "kosten in totaal",
]


@pytest.mark.parametrize("question", NOT_PLACES)
def test_ordinary_words_are_not_places(resolver: EntityResolver, question: str) -> None:
    ex = resolver.extract(question)
    assert ex.gemeenten == []
    assert ex.partial == []
    assert [a for a in ex.ambiguous if a.kind == "gemeente"] == []
    assert [u for u in ex.unknown if u.kind == "gemeente"] == []


def test_no_lowercase_word_of_the_documents_becomes_a_place(resolver: EntityResolver) -> None:
    """Every word the four source documents write in lowercase, inside a question."""
    spurious = []
    for word in sorted(known_words()):
        ex = resolver.extract(f"kosten {word} 2023")
        if ex.gemeenten or ex.partial or [a for a in ex.ambiguous if a.kind == "gemeente"]:
            spurious.append(word)
    assert spurious == []


# -- region ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel jeugdigen in de regio",
        "totaal regio 2023",
        "10vdJ",
        "kosten Een 10 voor de Jeugd",
        "een 10 voor de jeugd",
        "Totaal Een10vdJ",
        "alle gemeenten",
        "alle 11 gemeenten samen",
        "de hele regio",
    ],
)
def test_the_region(resolver: EntityResolver, question: str) -> None:
    ex = resolver.extract(question)
    assert ex.regio
    assert ex.gemeenten == [] and ex.jeugdregios == []
    assert ex.regio_span is not None


def test_zuidoost_brabant_is_a_larger_region_not_the_monitor(resolver: EntityResolver) -> None:
    for question in ("Zuidoost-Brabant", "regio Zuid-Oost Brabant", "jeugdregio zuidoost brabant"):
        ex = resolver.extract(question)
        assert not ex.regio
        (region,) = ex.jeugdregios
        assert region.naam == "Zuidoost-Brabant"
        assert len(region.codes) == 21
        assert sorted(region.monitor_codes) == sorted(MONITOR)


def test_other_regions_need_the_word_regio_when_named_like_a_municipality(
    resolver: EntityResolver,
) -> None:
    assert resolver.extract("regio Twente").jeugdregios[0].naam == "Twente"
    assert resolver.extract("Haaglanden").jeugdregios[0].naam == "Haaglanden"
    groningen = resolver.extract("Groningen")
    assert codes(groningen) == ["GM0014"] and groningen.jeugdregios == []
    assert resolver.extract("regio Groningen").jeugdregios[0].naam == "Groningen"


# -- segments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "segments", "subsegment"),
    [
        ("segment 2", [2], None),
        ("kosten segment twee", [2], None),
        ("s2", [2], None),
        ("S2", [2], None),
        ("seg 2", [2], None),
        ("seg. 3", [3], None),
        ("segment 1 en 2", [1, 2], None),
        ("segmenten 3, 4 en 5", [3, 4, 5], None),
        ("crisis", [5], None),
        ("ambulant", [4], None),
        ("ambulante jeugdhulp", [4], None),
        ("hoog specialistisch", [1], None),
        ("Segment 2 - wonen", [2], None),
        ("woonsegment", [2], None),
        ("S2-wonen", [2], "wonen"),
        ("s2 wonen", [2], "wonen"),
        ("gezinsnabij", [2], "gezinsnabij"),
        ("S2-gezinsnabij in Veldhoven 2023", [2], "gezinsnabij"),
        ("S1-verblijf", [1], "verblijf"),
        ("segment 1 verblijf", [1], "verblijf"),
        ("dagbehandeling", [3], "dagbehandeling"),
        ("dagbesteding", [3], "dagbesteding"),
        ("jeugd-ggz", [4], "ggz"),
        ("dyslexiezorg", [4], "dyslexie"),
        ("intensief ambulant", [1], "ambulant"),
    ],
)
def test_segments(
    resolver: EntityResolver, question: str, segments: list[int], subsegment: str | None
) -> None:
    ex = resolver.extract(question)
    assert [s.nr for s in ex.segments] == segments
    assert ex.subsegment == subsegment
    assert nothing_to_ask(ex)


def test_segment_names_come_with_the_match(resolver: EntityResolver) -> None:
    (seg,) = resolver.extract("segment 3").segments
    assert (seg.nr, seg.naam, seg.text) == (3, "Dagbehandeling en dagbesteding", "segment 3")


def test_wonen_alone_is_asked(resolver: EntityResolver) -> None:
    ex = resolver.extract("hoeveel jeugdigen in wonen in 2023")
    (amb,) = ex.ambiguous
    assert amb.kind == "segment" and amb.reason == "wonen"
    assert [(c.kind, c.code) for c in amb.candidates] == [("segment", "2"), ("subsegment", "wonen")]


@pytest.mark.parametrize(
    "question",
    ["hoeveel jeugdigen wonen er in Helmond", "jeugdigen die thuis wonen", "segment 2 wonen"],
)
def test_wonen_as_a_verb_or_with_segment_2_is_not_asked(
    resolver: EntityResolver, question: str
) -> None:
    assert [a for a in resolver.extract(question).ambiguous if a.reason == "wonen"] == []


def test_verblijf_alone_is_left_to_the_metric(resolver: EntityResolver) -> None:
    """ "jeugdigen in verblijf" counts segment 1 verblijf and segment 2 together (the contract)."""
    ex = resolver.extract("jeugdigen in verblijf in 2022")
    assert ex.segments == [] and ex.subsegment is None


def test_a_segment_that_does_not_exist(resolver: EntityResolver) -> None:
    ex = resolver.extract("kosten segment 7")
    (unknown,) = ex.unknown
    assert unknown.kind == "segment"
    assert unknown.message() == "Ik ken geen segment 7: de regio kent segment 1 tot en met 5."


# -- products ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "code", "via"),
    [
        ("pleegzorg", "43A09", "exact"),
        ("hoeveel kinderen zitten er in pleegzorg in helmond", "43A09", "exact"),
        ("pleeggezin", "43A09", "alias"),
        ("pleegzrog", "43A09", "fuzzy"),
        ("gezinshuis", "43A10", "exact"),
        ("gezinshuizen", "43A10", "alias"),
        ("woongroep", "43A14", "exact"),
        ("begeleiding naar zelfstandig wonen", "43B99", "exact"),
        ("kamertraining", "43B99", "alias"),
        ("crisispleegzorg", "46A05", "exact"),
        ("43A09", "43A09", "code"),
        ("productcode 43b99", "43B99", "code"),
        ("Dyslexiezorg behandeling", "45D02", "exact"),
    ],
)
def test_products(resolver: EntityResolver, question: str, code: str, via: str) -> None:
    ex = resolver.extract(question)
    (product,) = ex.products
    assert (product.code, product.via) == (code, via)
    assert nothing_to_ask(ex)


def test_product_carries_its_segment(resolver: EntityResolver) -> None:
    (p,) = resolver.extract("gezinshuis").products
    assert (p.naam, p.segment_nr, p.subsegment) == ("Gezinshuis", 2, "gezinsnabij")


def test_ambiguous_product_words_are_asked(resolver: EntityResolver) -> None:
    (amb,) = resolver.extract("crisisopvang in 2023").ambiguous
    assert amb.kind == "product"
    assert [c.code for c in amb.candidates] == ["46A02", "46A03"]


def test_unknown_productcode(resolver: EntityResolver) -> None:
    (unknown,) = resolver.extract("wat is 99Z99").unknown
    assert unknown.kind == "product"
    assert unknown.message() == "Ik ken geen productcode '99Z99'."


def test_product_rows_may_be_objects(resolver: EntityResolver) -> None:
    @dataclass
    class Row:
        productcode: str
        product_naam: str
        segment_nr: int
        subsegment: str | None

    rows = [Row("43A09", "Pleegzorg", 2, "gezinsnabij")]
    small = EntityResolver.from_reference(MONITOR, rows)
    assert [p.code for p in small.extract("pleeggezin").products] == ["43A09"]


# -- combined, spans, robustness ---------------------------------------------------------------


def test_a_full_question(resolver: EntityResolver) -> None:
    ex = resolver.extract(
        "Wat waren de kosten van pleegzorg in segment 2 in Gemert bakle en Mierlo?"
    )
    assert codes(ex) == ["GM1652"]
    assert [s.nr for s in ex.segments] == [2]
    assert [p.code for p in ex.products] == ["43A09"]
    assert [p.code for p in ex.partial] == ["GM1771"]


def test_spans_refer_to_the_normalised_text(resolver: EntityResolver) -> None:
    question = "Hoeveel  jeugdigen\u200b in Ｈｅｌｍｏｎｄ en Mierlo?"
    ex = resolver.extract(question)
    assert ex.text == normalize(question)
    g, p = ex.gemeenten[0], ex.partial[0]
    assert ex.text[g.span[0] : g.span[1]] == "Helmond"
    assert ex.text[p.span[0] : p.span[1]] == "Mierlo"


def test_huge_input_is_capped(resolver: EntityResolver) -> None:
    ex = resolver.extract("Helmond " * 5000)
    assert codes(ex) == ["GM0794"]
    assert len(ex.text) <= 1000


def test_aliases_file_is_consistent() -> None:
    """The constructor checks every name in aliases.yaml against the 342 (it raises otherwise);
    here: the monitor's 11 each have their kernen listed."""
    data = yaml.safe_load(Path(KNOWLEDGE_DIR / "aliases.yaml").read_text(encoding="utf-8"))
    assert set(data["kernen"]) == set(MONITOR.values())
    EntityResolver.from_reference(MONITOR, PRODUCTS)


def test_every_curated_alias_names_a_real_municipality() -> None:
    """A typo in aliases.yaml is caught here, against the full reference list."""
    from bot.entities import load_aliases
    from bot.language.normalize import fold

    a = load_aliases()
    known = {fold(g["gemeente_naam"]) for g in load_reference_gemeenten()}
    named = [*a.gemeenten.values(), *a.kernen]
    named += [n for namen in a.homoniemen.values() for n in namen]
    named += [n for old in a.opgeheven for n in old.opvolger]
    assert [n for n in named if fold(n) not in known] == []


def test_an_alias_for_a_municipality_the_marts_lack_is_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A region's marts may hold fewer municipalities than the aliases name: skip, warn, go on."""
    from bot.entities import load_aliases

    broken = load_aliases().model_copy(update={"gemeenten": {"Nergenshuizen": "Atlantis"}})
    with caplog.at_level("WARNING", logger="bot.entities"):
        resolver = EntityResolver(load_reference_gemeenten(), MONITOR, aliases=broken)
    assert "Atlantis" in caplog.text
    assert not resolver.extract("jeugdigen in Nergenshuizen").gemeenten
    assert [g.code for g in resolver.extract("jeugdigen in Helmond").gemeenten] == ["GM0794"]


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_never_raises_and_spans_are_valid(text: str) -> None:
    ex = _RESOLVER.extract(text)
    for item in [*ex.gemeenten, *ex.partial, *ex.ambiguous, *ex.unknown, *ex.products]:
        start, end = item.span
        assert 0 <= start < end <= len(ex.text)
        assert ex.text[start:end] == item.text


_RESOLVER = EntityResolver.from_reference(MONITOR, PRODUCTS)
