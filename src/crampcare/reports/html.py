"""The doctor report as one self-contained HTML page (Jinja2 template, charts inlined as SVG)."""

from __future__ import annotations

import base64
from typing import Any

from crampcare.reports.present import labels


def render_html(data: dict[str, Any], charts: dict[str, bytes]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("crampcare.reports", "templates"), autoescape=select_autoescape(["html"]))
    images = {
        kind: "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii") for kind, svg in charts.items()
    }
    return env.get_template("doctor_report.html").render(data=data, charts=images, text=labels(data))
