"""Per-municipality Jeugdwet care costs that meet the published totals and percentages.

The plan publishes only the regional totals for 2021-2023 and each municipality's change in
whole percents. We solve for municipal amounts (whole thousands of euros, as the totals are)
rather than hand-tune them: 2021 shares closest to a plausible base (proportional to the
number of youths in care) subject to three linear constraints (the shares sum to one, and grown
by the published rates they give the 2022 and 2023 totals), solved in closed form by weighted
least squares; then rounded with largest remainders so every total is exact, and checked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def rounded_percent(new: int, old: int) -> int:
    """The change as published: whole percents, halves away from zero."""
    q = (Decimal(new) / Decimal(old) - 1) * 100
    sign = -1 if q < 0 else 1
    return sign * int(abs(q).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Integers summing exactly to `total`, each within one of values * total / sum(values)."""
    scaled = values * (total / values.sum())
    out = np.floor(scaled).astype(np.int64)
    order = np.argsort(-(scaled - out), kind="stable")
    out[order[: total - int(out.sum())]] += 1
    return out


def solve(
    totals_k: tuple[int, int, int],
    pct: tuple[np.ndarray, np.ndarray],
    base: np.ndarray,
) -> np.ndarray:
    """Amounts in thousands of euros, shape [municipality, 3] for the three years.

    totals_k: regional totals in thousands; pct: published percent changes (year 2 vs 1 and 3
    vs 2) per municipality; base: a plausible relative size per municipality.
    """
    t1, t2, t3 = totals_k
    r1 = 1 + pct[0] / 100.0
    r2 = 1 + pct[1] / 100.0
    b = base / base.sum()
    a = np.vstack([np.ones_like(r1), r1, r1 * r2])
    c = np.array([1.0, t2 / t1, t3 / t1])
    w = np.diag(b**2)  # relative deviations: large municipalities may move more in euros
    lam = np.linalg.solve(a @ w @ a.T, c - a @ b)
    share = b + w @ a.T @ lam
    if (share <= 0).any():
        raise ValueError("geen positieve verdeling van de zorgkosten gevonden")
    x1 = largest_remainder(share, t1)
    x2 = largest_remainder(x1 * r1, t2)
    x3 = largest_remainder(x2 * r2, t3)
    out = np.stack([x1, x2, x3], axis=1)
    for i in range(len(base)):
        got = (rounded_percent(int(x2[i]), int(x1[i])), rounded_percent(int(x3[i]), int(x2[i])))
        want = (round(float(pct[0][i])), round(float(pct[1][i])))
        if got != want:
            raise ValueError(f"zorgkosten gemeente {i}: ontwikkeling {got} in plaats van {want}")
    return out
