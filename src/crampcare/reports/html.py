"""The doctor report as one self-contained HTML page (Jinja2 template, charts inlined as SVG)."""

from __future__ import annotations

import base64
from typing import Any

from crampcare import i18n
from crampcare.diary.text import day_text
from crampcare.labels import CHART_LABELS
from crampcare.reports.pdf import LEVEL_WORDS
from crampcare.reports.present import labels


def _english() -> bool:
    return i18n.current() == "en"


def _level(level: str) -> str:
    """The urgency in words (the page prints it in capitals): the id with spaces in English, as it always was."""
    return level.replace("_", " ") if _english() else LEVEL_WORDS[level]


def _effect(mean: float) -> str:
    return str(mean) if _english() else i18n.format_number(mean, digits=2)


def _chart_name(kind: str) -> str:
    return f"{kind} chart" if _english() else CHART_LABELS[kind]


def render_html(data: dict[str, Any], charts: dict[str, bytes]) -> str:
    """The report page in the active language (crampcare.i18n): the frame from the catalogue, as the PDF's."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("crampcare.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.globals.update(day_text=day_text, level_words=_level, effect=_effect, chart_name=_chart_name)
    images = {
        kind: "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii") for kind, svg in charts.items()
    }
    page = env.get_template("doctor_report.html")
    return page.render(data=data, charts=images, text=labels(data), lang=i18n.current())
