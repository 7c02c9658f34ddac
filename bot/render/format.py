"""Dutch number, money, percentage and date formatting shared by every channel.

One formatter for all channels, so Slack, Teams, the web chat and the CLI can never disagree on
how a figure looks. Rounding is half-up on the decimal value (as published figures are rounded),
never Python's banker's rounding on binary floats: 12,25% must become 12,3%, not 12,2%.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.models import Answer

Number = int | float | Decimal

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
QUARTER_NAMES = ("eerste", "tweede", "derde", "vierde")

_MLN = Decimal(1_000_000)
_MLD = Decimal(1_000_000_000)


def _dec(x: Number) -> Decimal:
    """Exact decimal of what the number prints as, so 0.125 rounds like people expect."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        raise TypeError("a bool is not a number to format")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"cannot format non-finite number {x!r}")
    if isinstance(x, int):
        return Decimal(x)
    return Decimal(repr(float(x)))


def _round(x: Number, decimals: int) -> Decimal:
    return _dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt_num(x: Number, decimals: int = 0) -> str:
    """`1234.56, 1 -> "1.234,6"`: dot for thousands, comma for decimals."""
    d = _round(x, decimals)
    if d == 0:
        d = abs(d)  # never "-0,0"
    sign = "-" if d < 0 else ""
    text = f"{abs(d):,.{decimals}f}"  # "1,234.6"
    return sign + text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_int(n: Number) -> str:
    """`2635 -> "2.635"`."""
    return fmt_num(n, 0)


def fmt_eur(x: Number, decimals: int = 0) -> str:
    """`94631000 -> "€ 94.631.000"`; a negative amount is `"€ -1.200"`."""
    return f"€ {fmt_num(x, decimals)}"


def fmt_eur_compact(x: Number) -> str:
    """`94631000 -> "€ 94,6 mln"`, `1.2e9 -> "€ 1,2 mld"`, below a million `"€ 21.000"`."""
    d = _dec(x)
    size = abs(d)
    if size >= _MLD or _round(size / _MLN, 1) >= 1000:
        return f"€ {fmt_num(d / _MLD, 1)} mld"
    if size >= _MLN or _round(size, 0) >= _MLN:
        return f"€ {fmt_num(d / _MLN, 1)} mln"
    return fmt_eur(d, 0)


def fmt_pct(x: Number, decimals: int = 1) -> str:
    """`12.2 -> "12,2%"`; `x` is already a percentage (12.2, not 0.122)."""
    return f"{fmt_num(x, decimals)}%"


def fmt_pct_change(x: Number, decimals: int = 1) -> str:
    """`-5.51 -> "-5,5%"`, `3.2 -> "+3,2%"`: a change always shows its direction."""
    text = fmt_pct(x, decimals)
    return text if text.startswith("-") or _round(x, decimals) == 0 else "+" + text


def fmt_date(d: date) -> str:
    """`date(2024, 1, 1) -> "1 januari 2024"`."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fmt_period_label(start: date, end: date) -> str:
    """The Dutch name of a period: "2023", "Q1 2024", "eerste helft 2023", "januari 2024",
    "2021 t/m 2023", "maart t/m mei 2024"; anything else as two dates.

    Derived from the dates alone, so a period parsed from "2023" and one built by the core for
    the same year carry the same label.
    """
    if end < start:
        raise ValueError("period ends before it starts")
    whole_months = start.day == 1 and end == _last_day(end.year, end.month)
    if not whole_months:
        if start == end:
            return fmt_date(start)
        return f"{fmt_date(start)} t/m {fmt_date(end)}"
    if start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year} t/m {end.year}"
    if start.year == end.year:
        months = end.month - start.month + 1
        if months == 1:
            return f"{MONTHS[start.month - 1]} {start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if months == 6 and start.month in (1, 7):
            half = "eerste" if start.month == 1 else "tweede"
            return f"{half} helft {start.year}"
        return f"{MONTHS[start.month - 1]} t/m {MONTHS[end.month - 1]} {start.year}"
    return f"{MONTHS[start.month - 1]} {start.year} t/m {MONTHS[end.month - 1]} {end.year}"


def context_line(answer: Answer) -> str:
    """The small line under an answer: where it comes from, how current, and whether it is demo.

    "Bron: Monitor Een 10 voor de Jeugd (demodata) · peildatum 30 juni 2025". Demo data is always
    named, even when no source title says so, because a demo figure must never pass for a real one.
    """
    parts: list[str] = []
    seen: set[str] = set()
    titles: list[str] = []
    for source in answer.sources:
        title = source.titel if not source.locatie else f"{source.titel}, {source.locatie}"
        if title not in seen:
            seen.add(title)
            titles.append(title)
    if titles:
        parts.append("Bron: " + "; ".join(titles))
    if answer.demo and not any("demo" in t.lower() for t in titles):
        parts.append("demodata")
    if answer.peildatum is not None:
        parts.append(f"peildatum {fmt_date(answer.peildatum)}")
    return " · ".join(parts)


def quoted(text: str) -> str:
    """Document words inside an answer, inert for the answer's own markup.

    Answers mark figures as *bold* for Slack, Teams and the web chat; a document's footnote
    mark ("verblijf*") or its own emphasis would open or close that bold and garble the rest of
    the line. Its asterisks become the low asterisk (⁎), which reads the same. The text
    extraction's superscript marks ("3 ^e kwartaal", "1^e halfjaar") read as written: "3e"."""
    text = _SUPERSCRIPT.sub(r"\1\2", text)
    return " ".join(text.replace("*", "\u204e").split())


_SUPERSCRIPT = re.compile(r"(\d) ?\^ ?(e|ste|de)\b")
