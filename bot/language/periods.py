"""Which period a Dutch question means: "2023", "Q1 2024", "eerste helft 2023", "vorig jaar",
"sinds 2021", "afgelopen 3 jaar", "2021 t/m 2023", "2023 vergeleken met 2022".

Pure and deterministic: relative expressions are resolved against the `today` passed in, never
the clock, so answers and tests do not change at midnight. Whether the marts cover a period is
not decided here (the core knows the peildatum); a future year is parsed like any other.

Choices that a reader could make differently, made once here:
- "afgelopen/laatste N jaar" (and kwartalen, maanden) are the last N *complete* units before
  today's; "dit jaar" is the whole calendar year.
- "van 2021 tot 2023" includes 2023, as people mean it in conversation.
- A month or quarter without a year ("in maart", "Q1") is the latest one that has begun.
- "vergeleken met vorig jaar" next to another period means that period one year earlier
  ("Q1 2024 t.o.v. vorig jaar" → Q1 2023); on its own it sets `compare_previous` for the core to
  apply to the period of the conversation.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

from bot.language.normalize import (
    lower_keep_length,
    normalize,
    strip_accents_keep_length,
)
from bot.render.format import fmt_period_label

Grain = Literal["jaar", "halfjaar", "kwartaal", "maand", "bereik", "dag"]
Mode = Literal["none", "single", "range", "comparison"]


class Period(BaseModel):
    """A closed date interval with its grain and Dutch label."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    grain: Grain
    label: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def years(self) -> list[int]:
        """The calendar years the period touches (a range's years for a series)."""
        return list(range(self.start.year, self.end.year + 1))

    @classmethod
    def between(cls, start: date, end: date, grain: Grain | None = None) -> Period:
        """A period from its dates; the grain is inferred when it is a whole year/half/quarter/
        month, otherwise "bereik"."""
        inferred = grain or _infer_grain(start, end)
        return cls(start=start, end=end, grain=inferred, label=fmt_period_label(start, end))

    @classmethod
    def year(cls, y: int) -> Period:
        return cls.between(date(y, 1, 1), date(y, 12, 31), "jaar")

    @classmethod
    def years_range(cls, first: int, last: int) -> Period:
        if first == last:
            return cls.year(first)
        first, last = min(first, last), max(first, last)
        return cls.between(date(first, 1, 1), date(last, 12, 31), "bereik")

    @classmethod
    def quarter(cls, y: int, q: int) -> Period:
        return cls.between(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "kwartaal")

    @classmethod
    def half(cls, y: int, h: int) -> Period:
        return cls.between(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "halfjaar")

    @classmethod
    def day(cls, d: date) -> Period:
        """One day: a stock on that day ("eind 2023", "per 1 januari 2024")."""
        return cls.between(d, d, "dag")

    @classmethod
    def month(cls, y: int, m: int) -> Period:
        return cls.between(date(y, m, 1), _month_end(y, m), "maand")

    def shifted_years(self, n: int) -> Period:
        """The same period `n` years later (negative: earlier), e.g. for "t.o.v. vorig jaar"."""
        start = _add_months(self.start, 12 * n)
        end = _month_end(self.end.year + n, self.end.month)
        if self.end.day != _month_end(self.end.year, self.end.month).day:
            end = date(self.end.year + n, self.end.month, min(self.end.day, end.day))
        return Period.between(start, end, self.grain)


class PeriodParse(BaseModel):
    """What the question says about time.

    `periods` are in the order mentioned; `spans` are their (start, end) offsets in
    `normalize(text)` (so the core can keep a year from being read as anything else);
    `invalid` holds period-like text that names no real period ("Q5 2024"), for a clear reply.
    """

    periods: list[Period] = []
    spans: list[tuple[int, int]] = []
    compare_previous: bool = False
    per: Literal["jaar", "halfjaar", "kwartaal", "maand"] | None = None
    invalid: list[str] = []
    # "sinds 2022": the range runs from the point named up to now; a flow asked with "hoeveel"
    # is its total up to the peildatum, a trend word keeps the series (bot.intents.parse).
    since: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def mode(self) -> Mode:
        if len(self.periods) > 1:
            return "comparison"
        if not self.periods:
            return "none"
        return "range" if self.periods[0].grain == "bereik" else "single"

    @property
    def period(self) -> Period | None:
        """The one period asked about (the first, for a comparison)."""
        return self.periods[0] if self.periods else None

    @property
    def years(self) -> list[int]:
        """The years to show: a range's years, or each compared period's year."""
        if self.mode == "comparison":
            return sorted({y for p in self.periods for y in p.years})
        return self.periods[0].years if self.periods else []


# -- dates -------------------------------------------------------------------------------------


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _infer_grain(start: date, end: date) -> Grain:
    if start.day != 1 or end != _month_end(end.year, end.month) or start.year != end.year:
        return "bereik"
    months = end.month - start.month + 1
    if months == 12:
        return "jaar"
    if months == 6 and start.month in (1, 7):
        return "halfjaar"
    if months == 3 and start.month % 3 == 1:
        return "kwartaal"
    return "maand" if months == 1 else "bereik"


# -- vocabulary --------------------------------------------------------------------------------

NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
}  # fmt: skip
_ORDINALS = {
    "eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2, "derde": 3, "3e": 3,
    "3de": 3, "vierde": 4, "4e": 4, "4de": 4,
}  # fmt: skip
MONTH_NAMES = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "june": 6, "july": 7, "august": 8, "october": 10,
}  # fmt: skip
# Abbreviations only count with a year after them: "jan" alone is a name, "dec" a prefix.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_NUM = r"(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_ORD = r"(?P<ord>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r"|laatste)"
# A year: 1990-2099, standing alone: not part of 2.635, 43A09, GM2023, 2023a or "€ 2000".
_Y = r"(?<![\w.,€])(?:19[89]\d|20\d\d)(?![\w]|[.,]\d)"
_SHORT_Y = r"'(?:[0-9]{2})(?!\w)"
# After a month only, a year may be written with two digits: "nov 23", "feb '24".
_MONTH_Y = rf"(?:{_Y}|'?[0-9]{{2}}(?![\w.,]\d?))"
_REL_YEAR = (
    r"(?:(?:het\s+)?(?:vorige?|afgelopen|verleden|voorgaande?)\s+(?:kalender|boek)?jaar"
    r"|(?:dit|het\s+huidige|het\s+lopende|huidig|lopend)\s+(?:kalender|boek)?jaar"
    r"|volgend(?:e)?\s+jaar)"
)
_YEAR_EXPR = rf"(?P<y>{_Y}|{_SHORT_Y}|{_REL_YEAR})"
_OF = r"(?:\s*(?:van|in|uit|-|/)?\s*)"
# Quantities a number can count: "meer dan 2000 jeugdigen" is not about the year 2000.
_NOT_A_YEAR_WORDS = (
    r"jeugdigen|kinderen|clienten|cliënten|jongeren|euro|trajecten|mensen|inwoners|"
    r"gezinnen|producten|aanbieders|dagen|uur|keer|x\b|%|procent"
)
_NOT_A_YEAR_AFTER = re.compile(rf"\s*(?:{_NOT_A_YEAR_WORDS})")
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:€|\b(?:meer\s+dan|minder\s+dan|ruim|bijna|ongeveer|circa|ca\.?|boven|onder|"
    r"over\s+de|eur|top|nummer|nr\.?|code))\s*$"
)
_COMPARE = re.compile(
    r"\b(?:vergeleken\s+met|vergelijk(?:en|t)?\s+met|ten\s+opzichte\s+van|t\.?\s?o\.?\s?v\.?|"
    r"vs\.?|versus|tegenover|in\s+vergelijking\s+met|naast|dan|met)\s*$"
)
_PREVIOUS_OF_OTHER = r"(?:het\s)?(?:jaar\s(?:ervoor|daarvoor|eerder)|een\sjaar\seerder)"


# -- the scanner -------------------------------------------------------------------------------


class _Found(BaseModel):
    start: int
    end: int
    periods: list[Period] = []
    previous_of_other: bool = False  # "vergeleken met vorig jaar": relative to another period
    invalid: str | None = None
    since: bool = False  # "sinds 2022": open towards now, so the core may end it at the data
    latest: str | None = None  # "de laatste maand met data": the unit, against the data's end
    edge: bool = False  # "eind 2023" in a series: the year's last quarter


Rule = Callable[[re.Match[str], str, date], "_Found | None"]


def _g(m: re.Match[str], name: str) -> str | None:
    return m.groupdict().get(name)


def _found(m: re.Match[str], *periods: Period) -> _Found:
    return _Found(start=m.start(), end=m.end(), periods=list(periods))


def _invalid(m: re.Match[str]) -> _Found:
    return _Found(start=m.start(), end=m.end(), invalid=m.group(0))


def _num(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _latest(today: date, make: Callable[[int], Period]) -> Period:
    """This year's period if it has begun by `today`, else last year's ("Q1", "in maart")."""
    this_year = make(today.year)
    return this_year if this_year.start <= today else make(today.year - 1)


def _with_year(
    m: re.Match[str], today: date, make: Callable[[int], Period], text: str = ""
) -> _Found:
    """The period in the year given, else the year shared with what follows ("maart en april
    2024", "Q1 en Q2 2024"), else the latest that has begun."""
    year = _g(m, "y") or _g(m, "yy")
    if not year and text:
        shared = _SHARED_YEAR.match(text, m.end())
        year = shared.group("y") if shared else None
    if year:
        return _found(m, make(_year_value(year, today)))
    return _found(m, _latest(today, make))


def _year_value(token: str, today: date) -> int:
    """The year a year expression ("2023", "'23", "vorig jaar", "dit jaar") names."""
    t = " ".join(token.split())
    if t.isdigit() and len(t) == 4:
        return int(t)
    if t.startswith("'") or t.isdigit():
        short = int(t.lstrip("'"))
        return 2000 + short if short < 70 else 1900 + short
    if t.startswith("volgend"):
        return today.year + 1
    if any(w in t for w in ("vorig", "afgelopen", "verleden", "voorgaand")):
        return today.year - 1
    return today.year


def _rule_range(m: re.Match[str], text: str, today: date) -> _Found | None:
    if _NOT_A_YEAR_AFTER.match(text, m.end()):
        return None
    a = _g(m, "a") or _g(m, "a2") or ""
    b = _g(m, "b") or _g(m, "b2") or ""
    return _found(m, Period.years_range(int(a), int(b)))


def _rule_month_range(m: re.Match[str], text: str, today: date) -> _Found | None:
    """ "januari t/m maart 2024", "tussen januari en maart 2024", "van nov 2023 tot feb 2024"."""
    first = MONTH_NAMES.get(m.group("m1")) or MONTH_ABBREVIATIONS.get(m.group("m1"))
    last = MONTH_NAMES.get(m.group("m2")) or MONTH_ABBREVIATIONS.get(m.group("m2"))
    if first is None or last is None:
        return None
    if m.group("sep").strip() == "en" and not m.group(0).startswith("tussen"):
        return None  # "maart en april": two months, not one stretch
    y2 = _year_value(m.group("y2"), today)
    y1 = _year_value(m.group("y1"), today) if m.group("y1") else (y2 if first <= last else y2 - 1)
    start, end = date(y1, first, 1), _month_end(y2, last)
    if end < start:
        return _invalid(m)
    return _found(m, Period.between(start, end))


def _rule_since(m: re.Match[str], text: str, today: date) -> _Found | None:
    first = _parse_point(m.group("what"), today)
    if first is None:
        return None
    last = today.year if first.grain == "jaar" else None
    end = _month_end(today.year, 12) if last else _month_end(today.year, today.month)
    if first.start > end:  # "sinds 2030": nothing to range over; the core explains coverage
        return _found(m, first)
    found = _found(m, Period.between(first.start, end, "bereik"))
    found.since = True
    return found


def _rule_last_n(m: re.Match[str], text: str, today: date) -> _Found | None:
    n = _num(m.group("n"))
    unit = m.group("unit")
    if not 1 <= n <= 50:
        return _invalid(m)
    if unit.startswith("ja"):
        return _found(m, Period.years_range(today.year - n, today.year - 1))
    months = 3 if unit.startswith("kw") else 6 if unit.startswith("hal") else 1
    this_unit = date(today.year, (today.month - 1) // months * months + 1, 1)
    start = _add_months(this_unit, -n * months)
    end = _add_months(this_unit, -1)
    return _found(m, Period.between(start, _month_end(end.year, end.month)))


def _rule_this_or_previous_unit(m: re.Match[str], text: str, today: date) -> _Found | None:
    """ "vorig kwartaal", "dit kwartaal", "vorige maand", "deze maand", "vorig halfjaar"."""
    previous = m.group("which").startswith(("vorig", "afgelopen"))
    unit = m.group("unit")
    months = 3 if unit.startswith("kw") else 6 if unit.startswith("hal") else 1
    start = date(today.year, (today.month - 1) // months * months + 1, 1)
    if previous:
        start = _add_months(start, -months)
    end = _add_months(start, months - 1)
    return _found(m, Period.between(start, _month_end(end.year, end.month)))


def _rule_quarter(m: re.Match[str], text: str, today: date) -> _Found | None:
    raw = _g(m, "q")
    q = int(raw) if raw else _ORDINALS.get(_g(m, "ord") or "", 4)
    if not 1 <= q <= 4:
        return _invalid(m)
    return _with_year(m, today, lambda y: Period.quarter(y, q), text)


def _rule_half(m: re.Match[str], text: str, today: date) -> _Found | None:
    raw = _g(m, "h")
    word = _g(m, "ord") or ""
    h = int(raw) if raw else 2 if word == "laatste" else _ORDINALS.get(word, 3)
    if not 1 <= h <= 2:
        return _invalid(m)
    return _with_year(m, today, lambda y: Period.half(y, h))


def _rule_month(m: re.Match[str], text: str, today: date) -> _Found | None:
    name = m.group("month")
    month = MONTH_NAMES.get(name) or MONTH_ABBREVIATIONS.get(name)
    if month is None or (not (_g(m, "y") or _g(m, "yy")) and name not in MONTH_NAMES):
        return None
    return _with_year(m, today, lambda y: Period.month(y, month), text)


def _rule_previous_of_other(m: re.Match[str], text: str, today: date) -> _Found | None:
    return _Found(start=m.start(), end=m.end(), previous_of_other=True)


def _rule_years_ago(m: re.Match[str], text: str, today: date) -> _Found | None:
    return _found(m, Period.year(today.year - _num(m.group("n"))))


def _rule_day(m: re.Match[str], text: str, today: date) -> _Found | None:
    """ "per 1 januari 2024", "op 31 december 2023": that day."""
    month = MONTH_NAMES.get(m.group("month")) or MONTH_ABBREVIATIONS.get(m.group("month"))
    year = _year_value(m.group("y"), today)
    day = int(m.group("d"))
    if not month or day > calendar.monthrange(year, month)[1]:
        return _invalid(m)
    return _found(m, Period.day(date(year, month, day)))


def _rule_year_edge(m: re.Match[str], text: str, today: date) -> _Found | None:
    """ "eind 2023" is 31 december 2023, "begin 2024" 1 januari 2024: a stock on that day, not
    the year's total."""
    year = _year_value(m.group("y"), today)
    end = m.group("edge").startswith(("eind", "ultimo"))
    if _per(text) in ("maand", "kwartaal"):
        # "per maand eind 2023 begin 2024": a series has no day; the edge is the year's
        # last (first) quarter, and edges named together make one stretch (parse_periods).
        found = _found(m, Period.quarter(year, 4 if end else 1))
        found.edge = True
        return found
    return _found(m, Period.day(date(year, 12, 31) if end else date(year, 1, 1)))


def _rule_latest(m: re.Match[str], text: str, today: date) -> _Found | None:
    """ "de laatste maand met data", "afgelopen maand": the last whole month (quarter) the data
    hold; resolved in parse_periods against the data's end, else against today."""
    unit = m.group("unit") or m.group("unit2")
    found = _found(m, Period.month(today.year, today.month))
    found.latest = "kwartaal" if unit.startswith("kw") else "maand"
    return found


def _latest_period(unit: str, until: date) -> Period:
    """The last whole month or quarter that ends on or before `until`."""
    nxt = until + timedelta(days=1)
    if unit == "maand":
        last = _add_months(date(nxt.year, nxt.month, 1), -1)
        return Period.month(last.year, last.month)
    q = (nxt.month - 1) // 3 + 1
    y, q = (nxt.year, q - 1) if q > 1 else (nxt.year - 1, 4)
    return Period.quarter(y, q)


def _rule_year(m: re.Match[str], text: str, today: date) -> _Found | None:
    token = m.group("y")
    if token[0].isdigit() or token[0] == "'":
        if _NOT_A_YEAR_AFTER.match(text, m.end()) or _NOT_A_YEAR_BEFORE.search(text, 0, m.start()):
            return None
    elif _COMPARE.search(text, 0, m.start()) and _year_value(token, today) == today.year - 1:
        return _Found(start=m.start(), end=m.end(), previous_of_other=True)
    return _found(m, Period.year(_year_value(token, today)))


def _parse_point(fragment: str, today: date) -> Period | None:
    """The period a "sinds"/"vanaf" points at: a year, quarter, half or month."""
    fragment = re.sub(r"^\d{1,2}\s(?=[a-z])", "", fragment)  # "1 januari 2024": from the month
    for pattern, rule in _POINT_RULES:
        m = pattern.fullmatch(fragment)
        if m:
            found = rule(m, fragment, today)
            if found and found.periods:
                return found.periods[0]
    return None


_MONTH_ALT = "|".join(sorted([*MONTH_NAMES, *MONTH_ABBREVIATIONS], key=len, reverse=True))
_B = r"(?<![\w])"  # a word starts here
_E = r"(?![\w])"  # a word ends here
_QUARTER_NUM = rf"{_B}(?:q|kw|kwartaal\s?)-?(?P<q>\d){_E}(?:{_OF}{_YEAR_EXPR})?"
_QUARTER_YEAR_FIRST = rf"(?P<y>{_Y})\s?-?\s?(?:q|kw)(?P<q>\d){_E}"
_QUARTER_WORDS = rf"{_B}{_ORD}\s+kwartaal(?:{_OF}{_YEAR_EXPR})?"
_HALF_WORDS = rf"{_B}{_ORD}\s+(?:helft|halfjaar|half\s+jaar)(?:{_OF}{_YEAR_EXPR})?"
_HALF_NUM = rf"{_B}h(?P<h>\d){_E}{_OF}{_YEAR_EXPR}"
_MONTH = (
    rf"{_B}(?P<month>{_MONTH_ALT})\.?{_E}"
    rf"(?:{_OF}{_YEAR_EXPR}|\s(?P<yy>'?[0-9]{{2}})(?![\w.,]|\s?(?:{_NOT_A_YEAR_WORDS})))?"
)

_SHARED_YEAR = re.compile(
    rf"(?:(?:\s?,\s?|\s(?:en|of)\s)(?:{_MONTH_ALT}|q\d|kw\d)\.?)+\s(?P<y>{_Y}|{_REL_YEAR})"
)

_POINT_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (re.compile(_QUARTER_YEAR_FIRST), _rule_quarter),
    (re.compile(_QUARTER_NUM), _rule_quarter),
    (re.compile(_QUARTER_WORDS), _rule_quarter),
    (re.compile(_HALF_WORDS), _rule_half),
    (re.compile(_HALF_NUM), _rule_half),
    (re.compile(_MONTH), _rule_month),
    (re.compile(_YEAR_EXPR), lambda m, t, d: _found(m, Period.year(_year_value(m.group("y"), d)))),
]

# The latest month (quarter) of the data, however today is: "de laatste maand met data",
# "de meest recente maand", "de laatste volledige maand", "afgelopen maand".
_LATEST = (
    rf"{_B}(?:(?:de|het|in\sde|over\sde)\s)?(?:(?:laatste|meest\srecente|recentste)"
    rf"(?:\s(?:volledige|hele|bekende|beschikbare))?\s(?P<unit>maand|kwartaal)"
    rf"(?:\s(?:met|waarvan|waarover)\s(?:\w+\s)?(?:data|gegevens|cijfers))?"
    rf"|afgelopen\s(?P<unit2>maand|kwartaal)){_E}"
    rf"(?!{_OF}(?:{_Y}|{_REL_YEAR}))"  # "laatste kwartaal 2023" is Q4 2023
)
_RANGE_SEP = r"(?:\s?(?:-|/|t/m|t\.m\.|tm|tot\s+en\s+met|tot)\s?)"
_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (
        re.compile(
            rf"(?:(?:van|vanaf)\s)?(?P<a>{_Y}){_RANGE_SEP}(?P<b>{_Y})"
            rf"|{_B}tussen\s(?P<a2>{_Y})\sen\s(?P<b2>{_Y})"
        ),
        _rule_range,
    ),
    (
        re.compile(
            rf"{_B}(?:(?:tussen|van|vanaf)\s)?(?P<m1>{_MONTH_ALT})\.?(?:\s(?P<y1>{_MONTH_Y}))?"
            rf"(?P<sep>\s?-\s?|\s(?:en|t/m|tm|tot\sen\smet|tot)\s)(?P<m2>{_MONTH_ALT})\.?\s"
            rf"(?P<y2>{_MONTH_Y}|{_REL_YEAR})(?!\s?(?:{_NOT_A_YEAR_WORDS}))"
        ),
        _rule_month_range,
    ),
    (
        re.compile(
            rf"{_B}(?:sinds|vanaf|sedert)\s(?:begin\s)?(?P<what>"
            rf"(?:q|kw|kwartaal\s?)-?\d(?:{_OF}{_Y})?|{_Y}\s?-?\s?(?:q|kw)\d"
            rf"|{_ORD}\s(?:kwartaal|helft|halfjaar)(?:{_OF}{_Y})?"
            rf"|(?:\d{{1,2}}\s)?(?:{_MONTH_ALT})\.?(?:{_OF}{_Y})?|{_Y}|{_REL_YEAR}){_E}"
        ),
        _rule_since,
    ),
    (
        re.compile(
            rf"{_B}(?:(?:per|op|stand|peildatum)\s)?(?P<d>[0-3]?\d)\s(?P<month>{_MONTH_ALT})\.?\s"
            rf"(?P<y>{_Y})"
        ),
        _rule_day,
    ),
    (
        re.compile(
            # not the second half of a place name ("Someren-Eind 2023")
            rf"{_B}(?<!-)(?:(?:aan\s)?(?:het\s)?)?(?P<edge>eind|einde|ultimo|begin|start)"
            rf"(?:\s(?:van|in))?(?:\s(?:het\sjaar|jaar))?\s(?P<y>{_Y}|{_REL_YEAR})"
        ),
        _rule_year_edge,
    ),
    (re.compile(_LATEST), _rule_latest),
    (
        re.compile(
            rf"{_B}(?:(?:de|het|over\sde)\s)?(?:afgelopen|laatste|vorige|voorbije|recentste)\s"
            rf"{_NUM}\s(?P<unit>jaren|jaar|kwartalen|kwartaal|maanden|maand|halfjaren|halve\sjaren)"
            rf"{_E}"
        ),
        _rule_last_n,
    ),
    (re.compile(rf"{_B}{_NUM}\sjaar\sgeleden{_E}"), _rule_years_ago),
    (
        re.compile(
            rf"{_B}(?P<which>vorige?|afgelopen|dit|deze|het\shuidige|huidige|lopende)\s"
            rf"(?P<unit>kwartaal|maand|halfjaar|half\sjaar){_E}"
        ),
        _rule_this_or_previous_unit,
    ),
    *[(p, r) for p, r in _POINT_RULES[:-1]],
    (re.compile(rf"{_B}{_PREVIOUS_OF_OTHER}{_E}"), _rule_previous_of_other),
    (re.compile(_YEAR_EXPR), _rule_year),
]

_PER = re.compile(
    r"\b(?:per\s(?P<unit>jaar|halfjaar|kwartaal|maand)|(?P<adj>jaarlijks|maandelijks|"
    r"per\skwartaal))\b"
)


def _per(norm: str) -> Literal["jaar", "halfjaar", "kwartaal", "maand"] | None:
    m = _PER.search(norm)
    if not m:
        return None
    word = m.group("unit") or m.group("adj")
    if word.startswith("half"):
        return "halfjaar"
    if word.startswith("jaar"):
        return "jaar"
    return "kwartaal" if "kwartaal" in word else "maand"


def parse_periods(text: str, today: date, data_end: date | None = None) -> PeriodParse:
    """Find the period(s) a question is about; see the module docstring for the choices made.

    `data_end` (the peildatum) resolves "de laatste maand met data" and "afgelopen maand" to
    the last whole month the data hold, not one after them."""
    original = normalize(text)
    norm = strip_accents_keep_length(lower_keep_length(original))
    taken = [False] * (len(norm) + 1)
    found: list[_Found] = []
    for pattern, rule in _RULES:
        for m in pattern.finditer(norm):
            if any(taken[m.start() : m.end()]):
                continue
            f = rule(m, norm, today)
            if f is None:
                continue
            found.append(f)
            taken[f.start : f.end] = [True] * (f.end - f.start)
    found.sort(key=lambda f: f.start)
    until = min(today - timedelta(days=1), data_end) if data_end else today - timedelta(days=1)
    for f in found:
        if f.latest:
            f.periods = [_latest_period(f.latest, until)]
    edges = [f for f in found if f.edge]
    if len(edges) >= 2:
        # "eind 2023 begin 2024 per maand": one stretch from the first edge to the last.
        first, last = edges[0].periods[0], edges[-1].periods[0]
        edges[0].periods = [Period.between(first.start, last.end)]
        edges[0].end = edges[-1].end  # the words between belong to the one stretch
        for f in edges[1:]:
            f.periods = []

    periods: list[Period] = []
    spans: list[tuple[int, int]] = []
    for f in found:
        for p in f.periods:
            if p not in periods:
                periods.append(p)
                spans.append((f.start, f.end))
    relative = [f for f in found if f.previous_of_other]
    if relative and periods:
        earlier = periods[0].shifted_years(-1)
        if earlier not in periods:
            periods.append(earlier)
            spans.append((relative[0].start, relative[0].end))
    return PeriodParse(
        periods=periods,
        spans=spans,
        compare_previous=bool(relative),
        since=any(f.since for f in found),
        per=_per(norm),
        invalid=[original[f.start : f.end] for f in found if f.invalid],
    )
