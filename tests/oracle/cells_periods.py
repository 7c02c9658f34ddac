"""Oracle cells for periods read from the words (issue 12, item 3): "sinds A" as one total,
the last whole month of the data, months written with a two-digit year, and a product named by
words that also hold a verwijzer's ("specialistisch").

Every cell is an ordinary figure of tests/oracle/grid.py: the bot must bind exactly the period
the words mean (checked on its parameters) and show the oracle's figure for it, computed by
plain SQL over the raw marts (tests/oracle/oracle.py); nothing here comes from bot/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from tests.oracle.grid import Cell, Period
from tests.oracle.oracle import Oracle

# Flows add up over a stretch, so "sinds A" asked with hoeveel/aantal is their total.
_SINCE_ASK = {
    "kosten": ("hoeveel kosten {area} sinds {y}", "sinds {y} hoeveel kosten in {area}"),
    "gestart": (
        "aantal gestarte trajecten {area} sinds {y}",
        "hoeveel trajecten zijn sinds {y} gestart in {area}",
    ),
    "beeindigd": (
        "hoeveel beëindigde trajecten {area} sinds {y}",
        "aantal beëindigde trajecten sinds {y} in {area}",
    ),
}
_LATEST_ASK = {
    "kosten": ("kosten {area} in de laatste maand met data", "kosten afgelopen maand {area}"),
    "jeugdigen": (
        "jeugdigen in zorg {area} in de laatste maand met gegevens",
        "hoeveel jeugdigen in zorg {area} de meest recente maand",
    ),
    "gestart": ("gestarte trajecten {area} de laatste volledige maand",),
}
_SHORT_MONTHS = [
    ("nov 23", 2023, 11),
    ("feb 24", 2024, 2),
    ("mrt 25", 2025, 3),
    ("okt 22", 2022, 10),
]
_MONTH_ASK = {
    "kosten": "kosten {area} {m}",
    "jeugdigen": "jeugdigen in zorg {area} {m}",
}
# "specialistisch" names the product 54R01, not the verwijzer medisch specialist.
_PRODUCT_ASK = (
    "kosten jeugd-ggz behandeling specialistisch {area} {y}",
    "wat kostte jeugd-ggz behandeling specialistisch in {y} {area}",
)


def _month_end(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


def _last_whole_month(peildatum: date) -> tuple[date, date]:
    nxt = peildatum + timedelta(days=1)
    first = date(nxt.year - (nxt.month == 1), (nxt.month - 2) % 12 + 1, 1)
    return first, _month_end(first.year, first.month)


def cells(o: Oracle) -> Iterator[Cell]:
    code_of = {n: c for c, n in o.gemeenten.items()}
    areas: list[tuple[tuple[str, ...], str]] = [
        ((code_of[n],), n) for n in ("Helmond", "Laarbeek", "Asten", "Veldhoven")
    ]
    areas.append((tuple(o.gemeenten), "de regio"))
    pd = o.peildatum
    for measure, asks in _SINCE_ASK.items():
        for codes, area in areas:
            for y in range(2021, pd.year + 1):
                period = Period(date(y, 1, 1), pd, (f"sinds {y}",))
                for q in asks:
                    yield Cell("figure", measure, codes, area, None, "", period, None,
                               q.format(area=area, y=y))  # fmt: skip
    start, end = _last_whole_month(pd)
    for measure, asks in _LATEST_ASK.items():
        for codes, area in areas:
            for q in asks:
                period = Period(start, end, ("laatste maand",))
                yield Cell("figure", measure, codes, area, None, "", period, None,
                           q.format(area=area))  # fmt: skip
    for measure, ask in _MONTH_ASK.items():
        for codes, area in areas:
            for words, y, m in _SHORT_MONTHS:
                period = Period(date(y, m, 1), _month_end(y, m), (words,))
                yield Cell("figure", measure, codes, area, None, "", period, None,
                           ask.format(area=area, m=words))  # fmt: skip
    for codes, area in areas:
        for y in range(2021, pd.year):
            period = Period(date(y, 1, 1), date(y, 12, 31), (str(y),))
            for q in _PRODUCT_ASK:
                yield Cell("figure", "kosten", codes, area, ("productcode", "54R01"),
                           "product 54R01", period, None, q.format(area=area, y=y))  # fmt: skip
