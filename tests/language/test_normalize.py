"""Normalisation (checklist I1, I3, I4) and folding for name matching."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.language.normalize import Token, fold, lower_keep_length, normalize, tokens


@pytest.mark.parametrize(
    "spoofed",
    [
        "Utr\u200becht",  # zero-width space
        "\u202eUtrecht",  # right-to-left override
        "Utrecht\u202c",  # pop directional formatting
        "\ufeffUtrecht",  # byte order mark
        "U\u2066tre\u2069cht",  # isolates
        "Utr\u00adecht",  # soft hyphen
        "Ｕｔｒｅｃｈｔ",  # full-width
        "Utrеcht",  # Cyrillic е (I4)
        "Utrеcһt",  # Cyrillic е and һ
    ],
)
def test_i3_i4_spoofed_spellings_normalise_to_utrecht(spoofed: str) -> None:
    assert normalize(spoofed) == "Utrecht"


def test_greek_and_cyrillic_look_alikes_mix() -> None:
    assert normalize("Hеlmοnd") == "Helmond"  # Cyrillic е, Greek ο


def test_genuine_cyrillic_words_are_left_alone() -> None:
    assert normalize("Москва") == "Москва"


def test_i1_the_parser_never_sees_more_than_the_cap() -> None:
    huge = "Hoeveel jeugdigen " * 3000  # 54.000 characters
    out = normalize(huge, max_chars=1000)
    assert len(out) <= 1000
    assert out.startswith("Hoeveel jeugdigen")


def test_cap_holds_when_nfkc_lengthens_text() -> None:
    assert len(normalize("ﬁ" * 1000, max_chars=1000)) == 1000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hoeveel\tjeugdigen\n\nin   Helmond?  ", "Hoeveel jeugdigen in Helmond?"),
        ("kosten 2021–2023", "kosten 2021-2023"),
        ("’s-Hertogenbosch", "'s-Hertogenbosch"),
        ("“Deurne”", '"Deurne"'),
        ("a\x00b\x07c", "a b c"),
        ("", ""),
        ("   ", ""),
        ("Ĳsselstein", "IJsselstein"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text, max_chars=200)
    assert normalize(once, max_chars=200) == once
    assert len(once) <= 200


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("'s-Hertogenbosch", "s hertogenbosch"),
        ("s-Hertogenbosch", "s hertogenbosch"),
        ("'s Gravenhage", "s gravenhage"),
        ("Son & Breugel", "son en breugel"),
        ("Bergen (L.)", "bergen l"),
        ("Geldrop-Mierlo", "geldrop mierlo"),
        ("geldrop mierlo", "geldrop mierlo"),
        ("Fryslân", "fryslan"),
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen gerwen en nederwetten"),
        ("  HELMOND!! ", "helmond"),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


def test_tokens_fold_each_word_and_keep_offsets() -> None:
    text = "Son & Breugel, 's-Hertogenbosch én Fryslân"
    toks = tokens(text)
    assert [t.folded for t in toks] == [
        "son",
        "en",
        "breugel",
        "s",
        "hertogenbosch",
        "en",
        "fryslan",
    ]
    assert toks[4] == Token("hertogenbosch", 18, 31)
    assert all(fold(text[t.start : t.end]) == t.folded for t in toks if t.folded != "en")


def test_lower_keep_length_keeps_offsets() -> None:
    text = "İstanbul Helmond"
    assert len(lower_keep_length(text)) == len(text)
    assert lower_keep_length(text).endswith("helmond")


def test_the_percent_sign_is_the_word() -> None:
    from bot.language.normalize import normalize

    assert normalize("welk % van de cliënten") == "welk procent van de cliënten"
    assert normalize("meer dan 10%") == "meer dan 10 procent"
