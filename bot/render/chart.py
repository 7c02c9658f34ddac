"""Charts for an Answer's Series (trends, rankings) as SVG or PNG, via Vega-Lite (vl-convert).

Values in a Series already passed the disclosure rule; a suppressed value is None and is left
out of the chart (a gap in a line, no bar), never drawn as 0. Axis numbers use Dutch notation.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

import vl_convert as vlc

from bot.models import Series
from bot.procs import start_helper

log = logging.getLogger(__name__)

# d3-format locale: thousands with ".", decimals with ",", euro before the amount.
NL_FORMAT: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
}
_AXIS_FORMAT = {"EUR": "$,.0f", "%": ",.1f", "per 1.000": ",.1f", "dagen": ",.0f"}
_lock = threading.Lock()  # the embedded JS runtime is shared; one conversion at a time


PARTIAL_NOTE = "gestippeld: periode nog niet compleet (tot de peildatum)"
MIN_WIDTH, MAX_WIDTH = 280, 960


def chart_spec(series: Series, width: int | None = None) -> dict[str, Any]:
    """The Vega-Lite spec for a series: a line for trends, horizontal bars for rankings.

    `width` is the whole chart's width in px, axes and labels included (the web chat asks for
    the width of its column, so the labels are drawn at their size, not scaled down to a few
    px on a phone); without it the plot area is 480 px wide (Slack, Teams).
    A partial period (up to the peildatum) is drawn dashed with an open point, so its lower
    value does not read as a fall; a ranking cut to its top says how many rows are left out.
    """
    values = [
        {"label": p.label, "value": p.value, "order": i, "partial": p.partial}
        for i, p in enumerate(series.points)
    ]
    axis_title = series.unit if series.unit not in ("aantal", "EUR") else None
    y_axis: dict[str, Any] = {"format": _AXIS_FORMAT.get(series.unit, ",.0f"), "title": axis_title}
    label_sort = [p.label for p in series.points]
    subtitle: list[str] = []
    if series.rest:
        subtitle.append(f"{len(series.points)} getoond, en {series.rest} andere (zie de tabel)")
    if any(p.partial for p in series.points) and series.kind != "bar":
        subtitle.append(PARTIAL_NOTE)
    title: dict[str, Any] = {"text": series.title, "anchor": "start", "fontSize": 14}
    if subtitle:
        title.update(subtitle=subtitle, subtitleFontSize=12, subtitleColor="#59636e")
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": values},
        "width": 480,
        "height": 240,
        "config": {
            "font": "sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
        },
    }
    label_limit = 200
    if width is not None:
        width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        spec["width"] = width
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
        spec["title"]["limit"] = width
        label_limit = min(200, int(width * 0.4))
    if series.kind == "bar":
        spec["height"] = max(120, 24 * len(series.points))
        spec["mark"] = {"type": "bar", "color": "#1f6f8b", "invalid": "break-paths-show-domains"}
        spec["encoding"] = {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": label_sort,
                "title": None,
                "scale": {"domain": label_sort},
                "axis": {"labelLimit": label_limit},
            },
            "x": {"field": "value", "type": "quantitative", "axis": y_axis},
            "tooltip": [{"field": "label"}, {"field": "value", "format": y_axis["format"]}],
        }
        return spec
    # A suppressed point breaks the line; it is never bridged or drawn as 0.
    line = {
        "type": "line",
        "point": True,
        "color": "#1f6f8b",
        "invalid": "break-paths-show-domains",
    }
    spec["encoding"] = {
        "x": {
            "field": "label",
            "type": "ordinal",
            "sort": label_sort,
            "scale": {"domain": label_sort},
            "title": None,
            "axis": {"labelAngle": 0, "labelLimit": label_limit},
        },
        "y": {"field": "value", "type": "quantitative", "axis": y_axis},
        "tooltip": [{"field": "label"}, {"field": "value", "format": y_axis["format"]}],
    }
    first_partial = next((i for i, p in enumerate(series.points) if p.partial), None)
    if first_partial is None:
        spec["mark"] = line
        return spec
    # Complete periods: the solid line. Partial ones: a dashed line from the last complete
    # point, with open points, so a half year is not read as a plunge.
    bridge = first_partial - 1
    spec["layer"] = [
        {"transform": [{"filter": "!datum.partial"}], "mark": line},
        {
            "transform": [{"filter": f"datum.partial || datum.order == {bridge}"}],
            "mark": {**line, "point": False, "strokeDash": [5, 4], "color": "#8c959f"},
        },
        {
            "transform": [{"filter": "datum.partial"}],
            "mark": {"type": "point", "filled": False, "color": "#59636e", "size": 60},
        },
    ]
    return spec


def chart_svg(series: Series, width: int | None = None) -> str:
    """The chart as an SVG document (for the web chat), `width` px wide when given."""
    with _lock:
        return str(vlc.vegalite_to_svg(chart_spec(series, width), format_locale=NL_FORMAT))


def chart_png(series: Series, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (for Slack uploads); scale 2 stays sharp on phones."""
    with _lock:
        return bytes(vlc.vegalite_to_png(chart_spec(series), scale=scale, format_locale=NL_FORMAT))


# -- rendering off the server's GIL ---------------------------------------------------------
#
# vl-convert holds the GIL while it renders (50-100 ms a chart, measured: a thread that sleeps
# 1 ms waited 73 ms), so charts rendered inside the server stalled every other thread: under
# paced Slack load the acks waited up to 4 s behind the charts of earlier answers. The server
# therefore renders in one separate process, started once and kept; its own GIL is the only one
# the renderer holds.

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_in_process = False  # set when the renderer process cannot run here
RENDER_TIMEOUT_S = 30.0


def _renderer() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # spawn: a fresh interpreter, never a fork of a process that runs threads.
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=get_context("spawn"),
                initializer=start_helper,
                initargs=(os.getpid(),),
            )
        return _pool


def _render(fn: Any, *args: Any) -> Any:
    """Render in the renderer process. If it dies (killed, out of memory) the chart is drawn
    here and the next one gets a new process; if it cannot start at all (a program read from
    stdin cannot be re-imported by spawn), charts are drawn here from then on."""
    global _pool, _in_process
    if _in_process:
        return fn(*args)
    started = _pool is not None
    try:
        return _renderer().submit(fn, *args).result(timeout=RENDER_TIMEOUT_S)
    except BrokenProcessPool:
        with _pool_lock:
            _pool = None
            if not started:
                _in_process = True
        log.warning("chart renderer process failed; drawing in the server process")
        return fn(*args)


def render_svg(series: Series, width: int | None = None) -> str:
    """chart_svg in the renderer process (for the server)."""
    return str(_render(chart_svg, series, width))


def render_png(series: Series, scale: float = 2.0) -> bytes:
    """chart_png in the renderer process (for the server)."""
    return bytes(_render(chart_png, series, scale))


def stop_renderer() -> None:
    """Stop the renderer process (tests, shutdown); the next render starts a new one."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)
