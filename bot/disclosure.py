"""The small-number disclosure rule: what a figure about few youths may show.

Every figure passes through here before any channel sees it, so a suppressed raw value never
reaches a message, a table cell or a chart point. Two rules (setting `disclosure`):

- "standaard": counts 1-4 show as "minder dan 5", zero as 0; costs, averages and percentages of
  a selection of fewer than 5 youths are not shown; a percentage whose denominator is below 10 is
  not shown.
- "cbs" (as CBS does for open statistics): counts 0-7 are "geheim", other counts are rounded to
  the nearest 5; costs, averages and percentages about 0-7 youths are "geheim" too.

A missing value (NULL, NaN) is "niet beschikbaar", never 0: absence of data is not a zero.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.render.format import (
    Number,
    fmt_eur,
    fmt_eur_compact,
    fmt_int,
    fmt_num,
    fmt_pct,
    fmt_pct_change,
)

Rule = Literal["standaard", "cbs"]
Status = Literal["shown", "suppressed", "missing"]

MISSING_TEXT = "niet beschikbaar"
LESS_THAN_5 = "minder dan 5"
SECRET = "geheim"
TOO_FEW = "niet getoond (minder dan 5 jeugdigen)"
SMALL_BASE = "niet getoond (te kleine groep)"


class Shown(BaseModel):
    """A figure as it may be shown: `text` for messages, `value` for charts (None if hidden)."""

    model_config = ConfigDict(frozen=True)

    text: str
    value: float | int | None
    status: Status = "shown"

    @property
    def suppressed(self) -> bool:
        return self.status == "suppressed"


_MISSING = Shown(text=MISSING_TEXT, value=None, status="missing")


def _is_missing(x: Number | None) -> bool:
    if x is None:
        return True
    if isinstance(x, Decimal):
        return x.is_nan()
    return isinstance(x, float) and math.isnan(x)


def _as_count(n: Number) -> int:
    """A count must be a whole non-negative number; anything else is a programming error."""
    if isinstance(n, bool) or n < 0 or n != int(n):
        raise ValueError(f"not a count: {n!r}")
    return int(n)


def _round_to_5(n: int) -> int:
    return int((Decimal(n) / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5


def _rounded(x: Number, decimals: int) -> float | int:
    d = Decimal(repr(float(x))) if not isinstance(x, Decimal) else x
    q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(q) if decimals == 0 else float(q)


class Disclosure:
    """Applies one disclosure rule; build it from `settings.disclosure`."""

    def __init__(self, rule: Rule = "standaard") -> None:
        if rule not in ("standaard", "cbs"):
            raise ValueError(f"unknown disclosure rule {rule!r}")
        self.rule: Rule = rule

    # -- the smallest selection a derived figure may be about ------------------------------------

    def _too_few(self, n_youths: Number | None) -> Shown | None:
        """The hidden form of a derived figure about `n_youths` youths, or None if it may show.

        `n_youths=None` means the figure is not about a selection of youths (e.g. a municipality's
        annual accounts), so there is nothing to protect.
        """
        if n_youths is None:
            return None
        n = _as_count(n_youths)
        if self.rule == "cbs":
            return Shown(text=SECRET, value=None, status="suppressed") if n <= 7 else None
        return Shown(text=TOO_FEW, value=None, status="suppressed") if n < 5 else None

    # -- public API ------------------------------------------------------------------------------

    def count(self, n: Number | None) -> Shown:
        """A number of youths, trajectories or providers."""
        if _is_missing(n):
            return _MISSING
        c = _as_count(n)  # type: ignore[arg-type]
        if self.rule == "cbs":
            if c <= 7:
                return Shown(text=SECRET, value=None, status="suppressed")
            r = _round_to_5(c)
            return Shown(text=fmt_int(r), value=r)
        if 1 <= c <= 4:
            return Shown(text=LESS_THAN_5, value=None, status="suppressed")
        return Shown(text=fmt_int(c), value=c)

    def population(self, n: Number | None) -> Shown:
        """Inhabitants of an area (fact_inwoners): public statistics about everyone who lives
        there, not about clients, so the small-number rule has nothing to protect."""
        if _is_missing(n):
            return _MISSING
        c = _as_count(n)  # type: ignore[arg-type]
        return Shown(text=fmt_int(c), value=c)

    def amount(
        self, value: Number | None, n_youths: Number | None, *, compact: bool = False
    ) -> Shown:
        """Money (declared costs, zorgkosten) of a selection of `n_youths` youths.

        A zero amount for a selection of zero youths shows as "€ 0" under the default rule: it
        reveals nothing the count 0 does not already show.
        """
        if _is_missing(value):
            return _MISSING
        assert value is not None
        if not (self.rule == "standaard" and n_youths == 0 and value == 0):
            hidden = self._too_few(n_youths)
            if hidden:
                return hidden
        text = fmt_eur_compact(value) if compact else fmt_eur(value)
        return Shown(text=text, value=_rounded(value, 0))

    def average(
        self,
        value: Number | None,
        n_youths: Number | None,
        *,
        unit: Literal["eur", "dagen", "getal"] = "eur",
        decimals: int = 0,
    ) -> Shown:
        """An average over `n_youths` youths: costs per client, trajectory duration in days."""
        if _is_missing(value):
            return _MISSING
        assert value is not None
        hidden = self._too_few(n_youths)
        if hidden:
            return hidden
        if unit == "eur":
            text = fmt_eur(value, decimals)
        elif unit == "dagen":
            text = f"{fmt_num(value, decimals)} dagen"
        else:
            text = fmt_num(value, decimals)
        return Shown(text=text, value=_rounded(value, decimals))

    def percentage(
        self,
        value: Number | None,
        numerator: Number | None = None,
        denominator: Number | None = None,
        *,
        n_youths: Number | None = None,
        signed: bool = False,
        decimals: int = 1,
    ) -> Shown:
        """A percentage; `numerator`/`denominator` are the counts it was made from, if any.

        Hidden when the numerator is a hidden count (it could be recovered as value × denominator),
        when the denominator is below 10, or when the selection (`n_youths`) is too small. With no
        `value`, it is computed from the counts. `signed=True` is for changes ("+3,2%").
        """
        if _is_missing(value):
            if _is_missing(numerator) or _is_missing(denominator) or denominator == 0:
                return _MISSING
            value = float(numerator) / float(denominator) * 100  # type: ignore[arg-type]
        assert value is not None
        if not _is_missing(numerator) and self.count(numerator).suppressed:
            return self._small_base()
        if not _is_missing(denominator):
            d = _as_count(denominator)  # type: ignore[arg-type]
            if d < 10 or self.count(d).suppressed:
                return self._small_base()
        hidden = self._too_few(n_youths)
        if hidden:
            return hidden
        text = fmt_pct_change(value, decimals) if signed else fmt_pct(value, decimals)
        return Shown(text=text, value=_rounded(value, decimals))

    def per_thousand(
        self, value: Number | None, numerator: Number | None, *, decimals: int = 1
    ) -> Shown:
        """A rate per 1.000 jeugdigen: hidden when its numerator count is hidden."""
        if _is_missing(value):
            return _MISSING
        assert value is not None
        if not _is_missing(numerator) and self.count(numerator).suppressed:
            return self._small_base()
        return Shown(text=fmt_num(value, decimals), value=_rounded(value, decimals))

    def _small_base(self) -> Shown:
        text = SECRET if self.rule == "cbs" else SMALL_BASE
        return Shown(text=text, value=None, status="suppressed")
