"""The experiment report: a chart of cramp nights per period (A/B shaded), the rate ratio with its interval,
adherence and the caveats, as one HTML page or a one-page PDF to take to the doctor."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from crampcare import i18n
from crampcare.diary.text import day_text, week_text
from crampcare.errors import InputError
from crampcare.experiments.config import number, protocol
from crampcare.i18n import _

COLOURS = {"A": "#2b6cb0", "B": "#a0aec0", "baseline": "#e2e8f0"}


def _t(key: str, **values: object) -> str:
    return protocol().text("report", key, **values)


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else number(value, f".{digits}f")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def lines(state: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Every text of the report, filled in (the HTML template and the PDF lay them out)."""
    name = state["intervention"]["name"]
    design, result = state["design"], state["result"]
    washout = _t("washout", days=design["washout_days"]) if design["washout_days"] else ""
    text: dict[str, Any] = {
        "title": _t("title", name=name),
        "prepared": _t(
            "prepared",
            today=day_text(today),
            id=state["id"],
            start=day_text(design["start"]),
            end=day_text(design["end"]),
            status=state["status_text"],
        ),
        "basis": state["basis"].get("text", ""),
        "design": _t(
            "design_text",
            run_in=_t("run_in") + " " if design["run_in_days"] else "",
            pairs=design["pairs"],
            weeks=design["period_weeks"],
            seed=design["seed"],
            orders=" ".join(design["orders"]),
            washout=washout,
            name=name,
        ),
        "verdict": result["label"],
        "reasons": result["reasons"],
        "numbers": _numbers(state),
        "prior": _t("prior", prior=result["prior"]),
        "events": [_event_line(e) for e in state["events"]],
        "caveats": state["caveats"],
        "sources": _t("sources", sources="; ".join(s["title"] for s in state["method_sources"])),
        "disclaimer": _t("disclaimer"),
        "headings": {key: _t(key) for key in ("basis", "design", "answer", "numbers", "events", "caveats")},
    }
    return text


def _event_line(event: dict[str, Any]) -> str:
    """ "2026-12-05: stopped — moving house" (its day as the reader writes it)."""
    told = " — " + event["text"] if event["text"] else ""
    return f"{day_text(event['day'])}: {_event(event['kind'])}{told}"


def _event(kind: str) -> str:
    """What happened, in words (an event kind the texts do not name: as stored)."""
    return protocol().text("event", kind) if kind in protocol().texts["event"] else kind


def _numbers(state: dict[str, Any]) -> list[str]:
    result = state["result"]
    rows = []
    if result["rate_ratio"] is not None or result["method"] == "exact_conditional":
        high = "∞" if result["high"] is None else _num(result["high"])
        method = protocol().text("report", "method", result["method"])
        rows.append(_t("rate_ratio", rr=_num(result["rate_ratio"]), low=_num(result["low"]), high=high, method=method))
    rates = result["cramp_nights_per_week"]
    base = state["baseline"]
    baseline = _t("baseline", rate=_num(base["per_week"], 1)) if base and base["per_week"] is not None else ""
    rows.append(_t("rates", a=_num(rates["A"], 1), b=_num(rates["B"], 1), baseline=baseline))
    rows.append(_t("adherence", a=_share(result["adherence"]["A"]), b=_share(result["adherence"]["B"])))
    pain, sleep = result["secondary"]["mean_pain"], result["secondary"]["mean_sleep_disturbance"]
    rows.append(
        _t("secondary", a=_num(pain["A"], 1), b=_num(pain["B"], 1), sa=_num(sleep["A"], 1), sb=_num(sleep["B"], 1))
    )
    if state["unchecked_cramp_nights"]:
        rows.append(_t("unchecked", n=state["unchecked_cramp_nights"]))
    return rows


def chart(state: dict[str, Any], fmt: str = "png") -> bytes:
    """One bar per period at its dates: height = cramp nights per week on its check-in days; A and B shaded."""
    from crampcare.plotting import pyplot

    with pyplot() as plt:  # one drawing at a time: the web draws in worker threads
        return _chart(plt, state, fmt)


def _chart(plt: Any, state: dict[str, Any], fmt: str) -> bytes:
    counts = {p["number"]: p for p in state["periods"]}
    origin = dt.date.fromisoformat(state["design"]["start"])
    fig, ax = plt.subplots(figsize=(7.2, 2.6), dpi=110)
    ticks, labels = [], []
    for period in state["schedule"]:
        first = (dt.date.fromisoformat(period["first"]) - origin).days  # x: days since the start
        width = (dt.date.fromisoformat(period["last"]) - origin).days + 1 - first
        ax.axvspan(first, first + width, color=COLOURS[period["arm"]], alpha=0.18, lw=0)
        ticks.append(first)
        labels.append(week_text(period["first"]))  # "11-16" / "16.11"
        row = counts.get(period["number"]) if period["arm"] != "baseline" else None
        if row and row["observed_days"]:
            rate = 7 * row["cramp_nights"] / row["observed_days"]
            hatch = None if row["usable"] else "//"
            ax.bar(
                first + width * 0.05, rate, width=width * 0.9, align="edge", color=COLOURS[period["arm"]], hatch=hatch
            )
            ax.text(first + width / 2, rate, period["arm"], ha="center", va="bottom", fontsize=8)
    ax.set_xticks(ticks, labels)
    ax.set_title(_t("chart_title"), fontsize=10)
    ax.set_ylabel(_t("chart_y"), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.text(0.99, 0.97, _t("not_counted"), transform=ax.transAxes, ha="right", va="top", fontsize=6, color="#4a5568")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def render_html(state: dict[str, Any], today: dt.date) -> str:
    import base64

    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("crampcare.reports", "templates"), autoescape=select_autoescape(["html"]))
    image = "data:image/svg+xml;base64," + base64.b64encode(chart(state, "svg")).decode("ascii")
    text = lines(state, today)
    alt = _("%(title)s: cramp nights per week in each period") % {"title": text["title"]}
    return env.get_template("experiment_report.html").render(text=text, chart=image, alt=alt, lang=i18n.current())


def render_pdf(state: dict[str, Any], today: dt.date) -> bytes:
    """A one-page A4 PDF (fpdf2, DejaVu Sans from matplotlib for "≥", "–" and accents)."""
    import matplotlib
    from fpdf import FPDF

    text = lines(state, today)
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(text["title"])
    pdf.set_creator("crampcare")
    pdf.add_page()

    def para(body: str, size: float = 8.5, bold: bool = False, grey: bool = False) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_text_color(*((74, 85, 104) if grey else (26, 32, 44)))
        pdf.set_x(14)
        pdf.multi_cell(182, size * 0.45, body, new_x="LEFT", new_y="NEXT")

    def heading(body: str) -> None:
        pdf.set_y(pdf.get_y() + 1.5)
        para(body, 10, bold=True)

    para(text["title"], 14, bold=True)
    para(text["prepared"], 8, grey=True)
    heading(text["headings"]["answer"])
    para(text["verdict"].upper(), 12, bold=True)
    for reason in text["reasons"]:
        para("• " + reason)
    pdf.image(io.BytesIO(chart(state)), x=14, y=pdf.get_y() + 1, w=182)
    pdf.set_y(pdf.get_y() + 182 * 2.6 / 7.2 + 2)
    heading(text["headings"]["numbers"])
    for row in text["numbers"]:
        para(row)
    para(text["prior"], 7.5, grey=True)
    heading(text["headings"]["design"])
    para(text["design"], 8)
    para(text["headings"]["basis"] + ": " + text["basis"], 8)
    if text["events"]:
        heading(text["headings"]["events"])
        for event in text["events"]:
            para("• " + event, 8)
    heading(text["headings"]["caveats"])
    for caveat in text["caveats"]:
        para("• " + caveat, 7.5)
    para(text["sources"], 6.5, grey=True)
    para(text["disclaimer"], 7, grey=True)
    return bytes(pdf.output())


def report_bytes(state: dict[str, Any], out: Path, today: dt.date) -> bytes:
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return render_pdf(state, today)
    if suffix == ".html":
        return render_html(state, today).encode("utf-8")
    suffix = repr(out.suffix or _("(none)"))
    raise InputError(
        _("unsupported file type %(suffix)s") % {"suffix": suffix}, field="--out", valid=_(".html or .pdf")
    )
