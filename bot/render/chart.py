"""Charts for an Answer's Series (trends, rankings) as SVG or PNG, via Vega-Lite (vl-convert).

Values in a Series already passed the disclosure rule; a suppressed value is None and is left
out of the chart (a gap in a line, no bar), never drawn as 0. Axis numbers use Dutch notation.
"""

from __future__ import annotations

import threading
from typing import Any

import vl_convert as vlc

from bot.models import Series

# d3-format locale: thousands with ".", decimals with ",", euro before the amount.
NL_FORMAT: dict[str, Any] = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
}
_AXIS_FORMAT = {"EUR": "$,.0f", "%": ",.1f", "per 1.000": ",.1f", "dagen": ",.0f"}
_lock = threading.Lock()  # the embedded JS runtime is shared; one conversion at a time


def chart_spec(series: Series) -> dict[str, Any]:
    """The Vega-Lite spec for a series: a line for trends, horizontal bars for rankings."""
    values = [{"label": p.label, "value": p.value, "order": i} for i, p in enumerate(series.points)]
    axis_title = series.unit if series.unit not in ("aantal", "EUR") else None
    y_axis: dict[str, Any] = {"format": _AXIS_FORMAT.get(series.unit, ",.0f"), "title": axis_title}
    label_sort = [p.label for p in series.points]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": series.title, "anchor": "start", "fontSize": 14},
        "data": {"values": values},
        "width": 480,
        "height": 240,
        "config": {
            "font": "sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
        },
    }
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
            },
            "x": {"field": "value", "type": "quantitative", "axis": y_axis},
            "tooltip": [{"field": "label"}, {"field": "value", "format": y_axis["format"]}],
        }
    else:
        # A suppressed point breaks the line; it is never bridged or drawn as 0.
        spec["mark"] = {
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
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "value", "type": "quantitative", "axis": y_axis},
        }
    return spec


def chart_svg(series: Series) -> str:
    """The chart as an SVG document (for the web chat)."""
    with _lock:
        return str(vlc.vegalite_to_svg(chart_spec(series), format_locale=NL_FORMAT))


def chart_png(series: Series, scale: float = 2.0) -> bytes:
    """The chart as a PNG image (for Slack uploads); scale 2 stays sharp on phones."""
    with _lock:
        return bytes(vlc.vegalite_to_png(chart_spec(series), scale=scale, format_locale=NL_FORMAT))
