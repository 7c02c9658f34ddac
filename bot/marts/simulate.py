"""Invented care trajectories whose counts meet the published figures exactly.

Why this shape: the contract counts "jeugdigen in zorg" (and in verblijf) as distinct clients
with a trajectory overlapping the year. So the generator first decides, per municipality and
category, which years each invented client is in care (a contiguous span of years, drawn so the
number of clients per year equals the target), then joins some spans into one client where the
published totals imply youths in two categories in the same year, and only then lays out dated
trajectories inside each span. Dates never leave a span's years, so every count holds by
construction whatever durations, products and seasonality are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from bot.marts.sources import Product

YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)
PEILDATUM = date(2025, 6, 30)
EPOCH = date(2021, 1, 1)
LAST = len(YEARS) - 1

# Categories of verblijf spans and the rest.
S1V, GN, WO, OTHER = 0, 1, 2, 3
CATEGORY_LINE = {S1V: "s1v", GN: "gezinsnabij", WO: "wonen"}

# Share of a year's clients still in care the next year, per category (long stays continue).
CONTINUATION = {S1V: 0.5, GN: 0.8, WO: 0.5, OTHER: 0.42}
# Chance that a client in care in the peildatum year is still in care at the peildatum.
OPEN_AT_PEILDATUM = {S1V: 0.6, GN: 0.85, WO: 0.6, OTHER: 0.55}
MIN_DAYS = 14
WOONGROEP_FROM = date(2022, 1, 1)  # 43A14 is a new product per 1-1-2022 (factsheet S2)

# Primary care line of clients without verblijf (segments 1-ambulant, 3, 4, 5).
OTHER_LINES: dict[str, float] = {
    "ambulant": 0.40,
    "ggz": 0.30,
    "dyslexie": 0.09,
    "dag": 0.07,
    "intensief": 0.05,
    "crisis": 0.05,
    "diagnostiek": 0.04,
}
# Lines that are short episodes: a client continues in another line after the first step.
NEXT_LINE = {"crisis": "ambulant", "diagnostiek": "ambulant"}
# Parallel extra trajectories inside a span (e.g. ambulant help next to a stay).
EXTRA_SHARE = {S1V: 0.35, GN: 0.25, WO: 0.3, OTHER: 0.22}
EXTRA_LINES = {
    S1V: {"crisis": 0.35, "ggz": 0.35, "ambulant": 0.3},
    GN: {"ambulant": 0.6, "ggz": 0.4},
    WO: {"ambulant": 0.7, "ggz": 0.3},
    OTHER: {"ambulant": 0.35, "ggz": 0.3, "diagnostiek": 0.15, "crisis": 0.1, "dyslexie": 0.1},
}
VERVOER_SHARE = 0.5  # of clients whose line is dagbehandeling/dagbesteding
# Residential lines are continuous; ambulant allocations may leave short gaps.
CONTINUOUS_LINES = {"s1v", "gezinsnabij", "wonen"}
KEEP_PRODUCT = {"s1v": 0.75, "gezinsnabij": 0.9, "wonen": 0.85}

VERWIJZERS: tuple[str, ...] = (
    "gemeente",
    "huisarts",
    "jeugdarts",
    "gecertificeerde instelling",
    "medisch specialist",
    "overig",
)
# Referrer mix per line (order as VERWIJZERS); segment 2 after the factsheet's referrers.
VERWIJZER_MIX: dict[str, tuple[float, ...]] = {
    "s1v": (0.45, 0.04, 0.05, 0.26, 0.12, 0.08),
    "gezinsnabij": (0.31, 0.0, 0.0, 0.33, 0.0, 0.36),
    "wonen": (0.36, 0.0, 0.0, 0.14, 0.0, 0.50),
    "intensief": (0.50, 0.12, 0.06, 0.12, 0.15, 0.05),
    "diagnostiek": (0.40, 0.25, 0.10, 0.05, 0.15, 0.05),
    "dag": (0.66, 0.08, 0.10, 0.02, 0.10, 0.04),
    "vervoer": (0.66, 0.08, 0.10, 0.02, 0.10, 0.04),
    "ambulant": (0.46, 0.28, 0.08, 0.06, 0.07, 0.05),
    "ggz": (0.16, 0.62, 0.05, 0.02, 0.12, 0.03),
    "dyslexie": (0.55, 0.35, 0.05, 0.0, 0.0, 0.05),
    "crisis": (0.40, 0.10, 0.03, 0.25, 0.10, 0.12),
}
# Invented providers per care line (some also serve a second line).
PROVIDERS_PER_LINE = {
    "s1v": 6,
    "gezinsnabij": 12,
    "wonen": 8,
    "intensief": 6,
    "diagnostiek": 6,
    "dag": 10,
    "vervoer": 4,
    "ambulant": 26,
    "ggz": 16,
    "dyslexie": 5,
    "crisis": 4,
}
# Starts per calendar month (fewer in the summer holidays and December).
MONTH_WEIGHTS = (1.15, 1.05, 1.1, 1.0, 1.0, 0.95, 0.7, 0.75, 1.2, 1.15, 1.05, 0.8)


def day(d: date) -> int:
    """Days since 2021-01-01, the generator's time axis."""
    return (d - EPOCH).days


YEAR_START = np.array([day(date(y, 1, 1)) for y in YEARS])
YEAR_END = np.array([day(date(y, 12, 31)) for y in YEARS])
YEAR_END[LAST] = day(PEILDATUM)
PEIL = day(PEILDATUM)
OPEN = -1_000_000  # end day of a trajectory still open at the peildatum
EARLIEST = day(date(2019, 1, 1))  # earliest start of a trajectory still running in 2021


def _day_weights() -> np.ndarray:
    n = day(date(YEARS[-1], 12, 31)) + 1
    months = (np.datetime64(EPOCH) + np.arange(n)).astype("datetime64[M]").astype(int) % 12
    w = np.asarray(MONTH_WEIGHTS)[months]
    return np.concatenate([[0.0], np.cumsum(w)])


_CUM = _day_weights()


def seasonal(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A day in [lo, hi] per element, more likely in busy months (inverse CDF on day weights)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    a, b = _CUM[lo], _CUM[hi + 1]
    t = a + rng.random(lo.shape) * (b - a)
    return np.clip(np.searchsorted(_CUM, t, side="right") - 1, lo, hi)


def uniform_day(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    return lo + np.floor(rng.random(lo.shape) * (hi - lo + 1)).astype(np.int64)


def flow_spans(
    rng: np.random.Generator, targets: Sequence[int], cont: float
) -> list[tuple[int, int]]:
    """Contiguous year spans (first, last year index) such that exactly targets[y] spans
    cover year y. A share `cont` of the smaller of two neighbouring years carries over."""
    spans: list[tuple[int, int]] = []
    carry: list[int] = []  # first-year index of clients in care from the previous year
    for y, t in enumerate(targets):
        t = int(t)
        if t < len(carry):  # cannot happen: carry-over is capped by the next year's target
            raise ValueError("continuation exceeds target")
        carry = carry + [y] * (t - len(carry))
        if y == len(targets) - 1:
            spans += [(a, y) for a in carry]
            break
        n_cont = min(round(cont * min(t, int(targets[y + 1]))), t, int(targets[y + 1]))
        order = rng.permutation(len(carry))
        cont_idx, end_idx = order[:n_cont], order[n_cont:]
        spans += [(carry[i], y) for i in sorted(end_idx)]
        carry = [carry[i] for i in sorted(cont_idx)]
    return spans


@dataclass
class Spans:
    """Years in care per (client, category): the skeleton the trajectories are hung on."""

    gem: list[int]
    cat: list[int]
    first: list[int]
    last: list[int]
    client: list[int]
    cut: list[int]  # -1, or the day a merged client moves from this span to the next
    role: list[int]  # 0 plain, 1 = ends at cut (first of a merged pair), 2 = starts at cut

    @classmethod
    def empty(cls) -> Spans:
        return cls([], [], [], [], [], [], [])

    def add(self, gem: int, cat: int, first: int, last: int, client: int) -> int:
        self.gem.append(gem)
        self.cat.append(cat)
        self.first.append(first)
        self.last.append(last)
        self.client.append(client)
        self.cut.append(-1)
        self.role.append(0)
        return len(self.gem) - 1


def allocate(total: int, capacity: Sequence[int]) -> list[int]:
    """Split `total` over groups proportional to capacity (largest remainder), never above it."""
    cap = np.asarray(capacity, dtype=float)
    if total > cap.sum():
        raise ValueError(f"overlap {total} past capacity {int(cap.sum())}")
    if total == 0:
        return [0] * len(cap)
    raw = total * cap / cap.sum()
    out = np.minimum(np.floor(raw), cap).astype(int)
    rest = total - out.sum()
    order = np.argsort(-(raw - out), kind="stable")
    for i in order:
        if rest == 0:
            break
        if out[i] < cap[i]:
            out[i] += 1
            rest -= 1
    while rest:  # capacity left only in groups that got their rounded share already
        for i in range(len(cap)):
            if rest and out[i] < cap[i]:
                out[i] += 1
                rest -= 1
    return out.tolist()


def merge_overlaps(
    rng: np.random.Generator,
    spans: Spans,
    n_gem: int,
    year: int,
    total: int,
    from_cats: set[int],
    to_cats: set[int],
) -> None:
    """Make `total` clients in care in two categories in `year`: a span of from_cats ending in
    that year and a span of to_cats starting in it become one client (a move, e.g. from
    residential treatment to a foster family). Placed only where a municipality has both."""
    used = {i for i, r in enumerate(spans.role) if r}
    ends: list[list[int]] = [[] for _ in range(n_gem)]
    starts: list[list[int]] = [[] for _ in range(n_gem)]
    for i in range(len(spans.gem)):
        if i in used:
            continue
        if spans.cat[i] in from_cats and spans.last[i] == year:
            ends[spans.gem[i]].append(i)
        if spans.cat[i] in to_cats and spans.first[i] == year:
            starts[spans.gem[i]].append(i)
    cap = [min(len(e), len(s)) for e, s in zip(ends, starts, strict=True)]
    per_gem = allocate(total, cap)
    for g, n in enumerate(per_gem):
        if not n:
            continue
        e_pick = rng.choice(ends[g], size=n, replace=False)
        s_pick = rng.choice(starts[g], size=n, replace=False)
        for a, b in zip(e_pick, s_pick, strict=True):
            lo = YEAR_START[year] + 60
            hi = (YEAR_END[year] - 60) if year < LAST else (PEIL - 40)
            cut = int(uniform_day(rng, np.array([lo]), np.array([hi]))[0])
            spans.client[b] = spans.client[a]
            spans.cut[a], spans.role[a] = cut, 1
            spans.cut[b], spans.role[b] = cut, 2


@dataclass
class Trajectories:
    client: np.ndarray
    gem: np.ndarray
    product: np.ndarray  # index into the product list
    provider: np.ndarray  # index into the provider list
    verwijzer: np.ndarray  # index into VERWIJZERS
    start: np.ndarray  # day index
    end: np.ndarray  # day index; OPEN while open

    def __len__(self) -> int:
        return len(self.client)


class Catalogue:
    """Products grouped by care line, with the providers offering each product."""

    def __init__(self, products: list[Product], rng: np.random.Generator):
        self.products = products
        self.lines: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for line in sorted({p.lijn for p in products}):
            idx = np.array([i for i, p in enumerate(products) if p.lijn == line])
            w = np.array([products[i].gewicht for i in idx], dtype=float)
            self.lines[line] = (idx, w / w.sum())
        self.duration = np.array([p.duur_dagen for p in products])
        # Providers: each serves one or two lines; sizes are skewed (a few large ones).
        lines = sorted(self.lines)
        line_prov: dict[str, list[int]] = {line: [] for line in lines}
        p = 0
        for line in lines:
            for _ in range(PROVIDERS_PER_LINE.get(line, 4)):
                line_prov[line].append(p)
                if rng.random() < 0.3:  # also active in a second line
                    line_prov[lines[int(rng.integers(len(lines)))]].append(p)
                p += 1
        n_providers = p
        self.n_providers = n_providers
        self.provider_lines = line_prov
        self.size = rng.pareto(1.6, n_providers) + 0.3
        self.prod_prov: list[tuple[np.ndarray, np.ndarray]] = []
        for prod in products:
            cand = np.array(sorted(set(line_prov[prod.lijn])))
            w = self.size[cand]
            self.prod_prov.append((cand, w / w.sum()))

    def sample_products(self, rng: np.random.Generator, lines: np.ndarray) -> np.ndarray:
        out = np.empty(len(lines), dtype=np.int64)
        for line in np.unique(lines):
            m = lines == line
            idx, w = self.lines[str(line)]
            out[m] = rng.choice(idx, size=int(m.sum()), p=w)
        return out

    def sample_providers(self, rng: np.random.Generator, products: np.ndarray) -> np.ndarray:
        out = np.empty(len(products), dtype=np.int64)
        for prod in np.unique(products):
            m = products == prod
            cand, w = self.prod_prov[int(prod)]
            out[m] = rng.choice(cand, size=int(m.sum()), p=w)
        return out


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), size=n, p=p / p.sum())]


def _verwijzers(rng: np.random.Generator, lines: np.ndarray) -> np.ndarray:
    out = np.empty(len(lines), dtype=np.int64)
    for line in np.unique(lines):
        m = lines == line
        p = np.asarray(VERWIJZER_MIX[str(line)], dtype=float)
        out[m] = rng.choice(len(VERWIJZERS), size=int(m.sum()), p=p / p.sum())
    return out


def _span_dates(
    rng: np.random.Generator, spans: Spans, cat_line: np.ndarray, cat: Catalogue
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start day, end day and open flag per span, never outside the span's years."""
    first = np.asarray(spans.first)
    last = np.asarray(spans.last)
    cats = np.asarray(spans.cat)
    cut = np.asarray(spans.cut)
    role = np.asarray(spans.role)
    n = len(first)
    p_open = np.array([OPEN_AT_PEILDATUM[c] for c in cats])
    is_open = (last == LAST) & (rng.random(n) < p_open) & (role != 1)

    single = first == last
    # Start: seasonal within the first year (leaving room in a one-year span).
    hi_s = np.where(single, YEAR_END[first] - MIN_DAYS, YEAR_END[first])
    s = seasonal(rng, YEAR_START[first], hi_s)
    # End: within the last year; a one-year span gets a length typical of its line.
    line_dur = np.array([_line_duration(cat, str(x)) for x in cat_line])
    dur = np.maximum(MIN_DAYS, np.round(line_dur * rng.gamma(2.0, 0.5, n))).astype(np.int64)
    e_single = np.minimum(YEAR_END[last], s + dur)
    e_multi = uniform_day(rng, YEAR_START[last], YEAR_END[last])
    e = np.where(single, e_single, e_multi)

    # Merged pairs: the first span ends just before the cut, the second starts on it.
    ends_at_cut = role == 1
    gap = rng.integers(0, 11, n)
    e = np.where(ends_at_cut, cut - 1 - gap, e)
    s_before = uniform_day(rng, YEAR_START[first], cut - 1 - gap - 30)
    s = np.where(ends_at_cut & single, s_before, s)
    starts_at_cut = role == 2
    s = np.where(starts_at_cut, cut, s)
    hi_after = YEAR_END[last]
    e_after = uniform_day(rng, np.minimum(cut + 30, hi_after), hi_after)
    e = np.where(starts_at_cut & single, e_after, e)

    # Clients already in care when the data begin started in 2019 or 2020.
    before = (
        (first == 0) & (role != 2) & (rng.random(n) < np.array([CONTINUATION[c] for c in cats]))
    )
    s = np.where(before, uniform_day(rng, np.full(n, EARLIEST), np.full(n, -1)), s)

    e = np.maximum(e, s + 1)
    e = np.minimum(e, YEAR_END[last])
    e = np.where(is_open, PEIL, e)
    return s.astype(np.int64), e.astype(np.int64), is_open


def _line_duration(cat: Catalogue, line: str) -> float:
    idx, w = cat.lines[line]
    return float((cat.duration[idx] * w).sum())


def _chains(
    rng: np.random.Generator,
    cat: Catalogue,
    owner: np.ndarray,
    lines: np.ndarray,
    s: np.ndarray,
    e: np.ndarray,
    is_open: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Consecutive allocations from s to e per span (a stay is re-allocated, ambulant help may
    pause a few weeks). The last one ends exactly on e, or stays open."""
    n = len(owner)
    cur = s.copy()
    lines = lines.copy()
    prev_prod = np.full(n, -1, dtype=np.int64)
    prev_prov = np.full(n, -1, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    woongroep_from = day(WOONGROEP_FROM)
    bzw = next(i for i, p in enumerate(cat.products) if p.productcode == "43B99")
    out: list[tuple[np.ndarray, ...]] = []
    for step in range(80):
        idx = np.nonzero(alive)[0]
        if idx.size == 0:
            break
        ln = lines[idx]
        prod = cat.sample_products(rng, ln)
        keep_p = np.array([KEEP_PRODUCT.get(str(x), 0.45) for x in ln])
        keep = (prev_prod[idx] >= 0) & (rng.random(idx.size) < keep_p)
        prod = np.where(keep, prev_prod[idx], prod)
        prod = np.where((ln == "wonen") & (cur[idx] < woongroep_from), bzw, prod)
        prov = cat.sample_providers(rng, prod)
        same = (prod == prev_prod[idx]) & (rng.random(idx.size) < 0.9)
        prov = np.where(same, prev_prov[idx], prov)
        dur = np.maximum(
            MIN_DAYS, np.round(cat.duration[prod] * rng.gamma(3.0, 1 / 3.0, idx.size))
        ).astype(np.int64)
        end = cur[idx] + dur - 1
        last = (e[idx] - end < 45) | (step == 79)
        end = np.where(last, e[idx], end)
        opened = last & is_open[idx]
        out.append((owner[idx], prod, prov, cur[idx].copy(), np.where(opened, OPEN, end)))
        continuous = np.isin(ln, list(CONTINUOUS_LINES))
        gap = np.where(continuous, 0, rng.integers(0, 31, idx.size))
        cur[idx] = end + 1 + gap
        prev_prod[idx], prev_prov[idx] = prod, prov
        alive[idx[last]] = False
        if step == 0:  # a crisis or diagnostic episode is followed by regular help
            for a, b in NEXT_LINE.items():
                lines[lines == a] = b
    cols = [np.concatenate([o[i] for o in out]) for i in range(5)]
    return tuple(cols)


def simulate(
    rng: np.random.Generator,
    catalogue: Catalogue,
    targets_total: np.ndarray,  # [gemeente, year]: jeugdigen in zorg
    targets_cat: dict[int, np.ndarray],  # S1V/GN/WO -> [gemeente, year]
    overlap_s1_s2: Sequence[int],  # per year: youths in S1-verblijf and in segment 2
    overlap_gn_wo: Sequence[int],  # per year: youths in gezinsnabij and in wonen
    client_offset: int = 0,
) -> tuple[Trajectories, int]:
    """One replica of the client population; returns its trajectories and the client count."""
    n_gem = targets_total.shape[0]
    cat = catalogue
    spans = Spans.empty()
    next_client = 0
    for g in range(n_gem):
        for c in (S1V, GN, WO):
            for a, b in flow_spans(rng, targets_cat[c][g], CONTINUATION[c]):
                spans.add(g, c, a, b, next_client)
                next_client += 1
    for y in range(len(YEARS)):
        merge_overlaps(rng, spans, n_gem, y, int(overlap_gn_wo[y]), {GN}, {WO})
    for y in range(len(YEARS)):
        merge_overlaps(rng, spans, n_gem, y, int(overlap_s1_s2[y]), {S1V}, {GN, WO})

    # Clients with a stay, per municipality and year; the rest of the count is other care.
    in_verblijf = np.zeros_like(targets_total)
    seen: set[tuple[int, int]] = set()
    for g, a, b, cl in zip(spans.gem, spans.first, spans.last, spans.client, strict=True):
        for y in range(a, b + 1):
            if (cl, y) not in seen:
                seen.add((cl, y))
                in_verblijf[g, y] += 1
    rest = targets_total - in_verblijf
    if (rest < 0).any():
        raise ValueError("meer jeugdigen in verblijf dan in zorg")
    for g in range(n_gem):
        for a, b in flow_spans(rng, rest[g], CONTINUATION[OTHER]):
            spans.add(g, OTHER, a, b, next_client)
            next_client += 1

    n = len(spans.gem)
    cats = np.asarray(spans.cat)
    first = np.asarray(spans.first)
    last = np.asarray(spans.last)
    lines = np.empty(n, dtype=object)
    for c, line in CATEGORY_LINE.items():
        lines[cats == c] = line
    other = cats == OTHER
    lines[other] = _pick(rng, OTHER_LINES, int(other.sum()))
    # Short-episode lines are a poor fit for a client in care for years.
    lines[other & (first != last) & np.isin(lines, ["crisis", "diagnostiek"])] = "ambulant"

    s, e, is_open = _span_dates(rng, spans, lines, cat)
    span_ids = np.arange(n)
    owner, prod, prov, start, end = _chains(rng, cat, span_ids, lines, s, e, is_open)

    # Parallel extras inside spans, and transport next to day treatment.
    ex_parts = []
    for c in (S1V, GN, WO, OTHER):
        m = np.nonzero((cats == c) & (rng.random(n) < EXTRA_SHARE[c]))[0]
        if m.size:
            ex_parts.append((m, _pick(rng, EXTRA_LINES[c], m.size)))
    dag = np.nonzero((lines == "dag") & (rng.random(n) < VERVOER_SHARE))[0]
    ex_owner = np.concatenate([p[0] for p in ex_parts] + [dag])
    ex_lines = np.concatenate([p[1] for p in ex_parts] + [np.full(dag.size, "vervoer", object)])
    ex_prod = cat.sample_products(rng, ex_lines)
    ex_prov = cat.sample_providers(rng, ex_prod)
    span_len = e[ex_owner] - s[ex_owner]
    ex_start = s[ex_owner] + np.floor(
        rng.random(ex_owner.size) * np.maximum(span_len - MIN_DAYS, 1)
    )
    ex_start = ex_start.astype(np.int64)
    ex_dur = np.maximum(
        MIN_DAYS, np.round(cat.duration[ex_prod] * rng.gamma(3.0, 1 / 3.0, ex_owner.size))
    ).astype(np.int64)
    is_vervoer = ex_lines == "vervoer"
    ex_start = np.where(is_vervoer, s[ex_owner], ex_start)
    ex_end = np.where(is_vervoer, e[ex_owner], np.minimum(ex_start + ex_dur, e[ex_owner]))
    ex_open = is_open[ex_owner] & (ex_end >= PEIL)
    ex_end = np.where(ex_open, OPEN, ex_end)

    # One referrer per span for its own chain; extras get their own.
    verw = np.concatenate([_verwijzers(rng, lines)[owner], _verwijzers(rng, ex_lines)])
    owner = np.concatenate([owner, ex_owner])
    prod = np.concatenate([prod, ex_prod])
    prov = np.concatenate([prov, ex_prov])
    start = np.concatenate([start, ex_start])
    end = np.concatenate([end, ex_end])

    client = np.asarray(spans.client)[owner] + client_offset
    gem = np.asarray(spans.gem)[owner]
    return (
        Trajectories(client, gem, prod, prov, verw, start, end),
        next_client,
    )
