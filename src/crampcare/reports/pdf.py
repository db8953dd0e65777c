"""The doctor report as a one-page A4 PDF (fpdf2), the same content as the HTML page.

Text uses DejaVu Sans, which matplotlib ships, so "–", "≥" and accented
names print without a separate font install.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from crampcare.diary.text import day_text
from crampcare.i18n import N_, Labels, _, format_number
from crampcare.reports.present import labels

MARGIN, WIDTH, GAP = 12.0, 186.0, 6.0
COLUMN = (WIDTH - GAP) / 2
FIGURE_CELL = 25.0  # mm: the width of a 30- or 90-day figure; a longer text would run into its neighbour
LEVEL_WORDS = Labels(
    {"emergency": N_("EMERGENCY"), "urgent": N_("URGENT"), "see_doctor": N_("SEE DOCTOR"), "self_care": N_("SELF CARE")}
)
BLUE, GREY, INK, ORANGE = (43, 108, 176), (74, 85, 104), (26, 32, 44), (192, 86, 33)


def add_fonts(pdf: Any) -> None:
    """DejaVu Sans (regular and bold) as "DejaVu": the Cyrillic, dashes and signs every crampcare PDF prints
    (the doctor report, both plan PDFs)."""
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))


class _Page:
    """A thin layer over FPDF: headings, paragraphs and two-column rows."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN)  # a long report goes on to a 2nd page
        add_fonts(self.pdf)
        self.pdf.set_title(_("Leg-cramp diary — summary for the doctor"))
        self.pdf.set_creator("crampcare")
        self.pdf.add_page()

    def style(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def heading(self, text: str, x: float, width: float) -> None:
        self.pdf.set_xy(x, self.pdf.get_y() + 1.5)
        self.style(10, True, BLUE)
        self.pdf.cell(width, 5, text, new_x="LEFT", new_y="NEXT")
        self.pdf.set_draw_color(203, 213, 224)
        self.pdf.line(x, self.pdf.get_y(), x + width, self.pdf.get_y())
        self.pdf.set_y(self.pdf.get_y() + 1)

    def text(self, text: str, x: float, width: float, size: float = 8.5, **style: Any) -> None:
        self.style(size, **style)
        self.pdf.set_x(x)
        self.pdf.multi_cell(width, size * 0.45, text, align="L", new_x="LEFT", new_y="NEXT")

    def table(self, rows: list[tuple[str, ...]], x: float, widths: tuple[float, ...], header: bool = False) -> None:
        for index, row in enumerate(rows):
            self.style(8.5, bold=header and index == 0, color=GREY if header and index == 0 else INK)
            self.pdf.set_x(x)
            for cell, width in zip(row, widths, strict=True):
                self.pdf.cell(width, 4.3, cell, align="L" if cell is row[0] else "R")
            self.pdf.ln(4.3)


def _left_right(page: _Page, left: Any, right: Any) -> None:
    """Draw two columns from the same top and continue below the longer one. A column that runs over the page
    goes on to the next; the right column then follows the left one there rather than be drawn over it."""
    pdf = page.pdf
    first, top = pdf.page, pdf.get_y()
    left(MARGIN)
    if pdf.page != first:
        right(MARGIN)
        return
    bottom = pdf.get_y()
    pdf.set_y(top)
    right(MARGIN + COLUMN + GAP)
    if pdf.page == first:
        pdf.set_y(max(bottom, pdf.get_y()))


def _room(page: _Page, height: float) -> None:
    """Start a new page unless `height` mm still fit on this one (nothing is drawn past the page's foot)."""
    if page.pdf.get_y() + height > page.pdf.h - MARGIN:
        page.pdf.add_page()


def render_pdf(data: dict[str, Any], charts: dict[str, bytes]) -> bytes:
    text = labels(data)
    page = _Page()
    page.style(15, True, (26, 54, 93))
    page.pdf.cell(WIDTH, 7, _("Leg-cramp diary — summary for the doctor"), new_x="LMARGIN", new_y="NEXT")
    when = day_text(data["generated"])
    prepared = _("Prepared %(when)s · records %(period)s") % {"when": when, "period": text["period"]}
    page.text(prepared, MARGIN, WIDTH, 8.5, color=GREY)
    _left_right(page, lambda x: _patient(page, text, x), lambda x: _medicines(page, data, text, x))
    _left_right(page, lambda x: _figures(page, text, x), lambda x: _assessment(page, data, x))
    _charts(page, charts)
    _room(page, 20)
    page.heading(_("Questions to ask"), MARGIN, WIDTH)
    for question in data["questions"]:
        page.text(f"•  {question}", MARGIN, WIDTH, 8.5)
    page.pdf.set_y(page.pdf.get_y() + 2)
    day_rule = _("Day rule: %(rule)s") % {"rule": data["day_rule"]}
    page.text(f"{day_rule}\n{data['disclaimer']}", MARGIN, WIDTH, 7.5, color=GREY)
    return bytes(page.pdf.output())


def _patient(page: _Page, text: dict[str, Any], x: float) -> None:
    page.heading(_("Patient"), x, COLUMN)
    body = "\n".join(
        (
            text["profile"],
            _("Conditions: %(list)s") % {"list": text["conditions"]},
            _("Allergies: %(list)s") % {"list": text["allergies"]},
            _("Labs: %(list)s") % {"list": text["labs"]},
        )
    )
    page.text(body, x, COLUMN)


def _medicines(page: _Page, data: dict[str, Any], text: dict[str, Any], x: float) -> None:
    page.heading(_("Current medicines"), x, COLUMN)
    if not text["medicines"]:
        page.text(_("None recorded."), x, COLUMN)
    for row, (name, classes, flag) in zip(data["medicines"], text["medicines"], strict=True):
        page.text(f"{name} ({classes})", x, COLUMN, bold=True)
        at_risk = bool(row["flags"]) and not row.get("marked")  # the line starts "cramp risk: …"
        page.text(flag, x + 3, COLUMN - 3, 8, color=ORANGE if at_risk else GREY)


def _figures(page: _Page, text: dict[str, Any], x: float) -> None:
    page.heading(_("Figures"), x, COLUMN)
    rows = [("", _("Last 30 days"), _("Last 90 days")), *text["figures"]]
    page.table(rows, x, (COLUMN - 2 * FIGURE_CELL, FIGURE_CELL, FIGURE_CELL), header=True)
    if text["figures_note"]:
        page.text(text["figures_note"], x, COLUMN, 7.5, color=GREY)
    page.text(f"{text['frequency_trend']}\n{text['pain_trend']}", x, COLUMN, 7.5, color=GREY)
    page.text(text["regular"], x, COLUMN, 8.5, bold=True)
    page.text(text["regular_basis"], x, COLUMN, 7, color=GREY)
    found = text["warning_signs_found"]
    page.text(text["warning_signs"], x, COLUMN, 8.5, bold=found, color=ORANGE if found else GREY)


def _assessment(page: _Page, data: dict[str, Any], x: float) -> None:
    page.heading(_("Latest assessment"), x, COLUMN)
    found = data["assessment"]
    if not found["available"]:
        page.text(found["note"], x, COLUMN, 8, color=GREY)
    else:
        page.text(f"{LEVEL_WORDS[found['level']]} — {found['action']}", x, COLUMN, bold=True)
        if found["factors"]:
            page.text(_("Possible contributors: %(list)s") % {"list": ", ".join(found["factors"])}, x, COLUMN)
        if found["specialists"]:
            page.text(_("Suggested specialists: %(list)s") % {"list": ", ".join(found["specialists"])}, x, COLUMN)
    page.heading(_("Triggers and what helped"), x, COLUMN)
    if not data["associations"]:
        page.text(_("Not enough daily check-ins yet to compare triggers (3 days with and 3 without)."), x, COLUMN, 8)
    for row in data["associations"]:
        page.text(f"•  {row['summary']}", x, COLUMN, 7.5)
    for row in data["helped"]:
        effect = _("%(name)s: effect %(effect)s/3 (%(times)s×)") % {
            "name": row["name"],
            "effect": format_number(row["mean_effect"], digits=2),
            "times": row["times"],
        }
        page.text(f"•  {effect}", x, COLUMN, 8)


def _charts(page: _Page, charts: dict[str, bytes]) -> None:
    height = COLUMN * 2.0 / 4.2
    _room(page, 9 + 2 * (height + 1))
    page.heading(_("Charts"), MARGIN, WIDTH)
    top = page.pdf.get_y()
    for index, png in enumerate(charts.values()):
        x = MARGIN + (index % 2) * (COLUMN + GAP)
        y = top + (index // 2) * (height + 1)
        page.pdf.image(io.BytesIO(png), x=x, y=y, w=COLUMN, h=height)
    page.pdf.set_y(top + 2 * (height + 1))
