"""Diary charts as PNG or SVG (matplotlib, Agg backend, imported only when a chart is drawn)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

from crampcare.diary.text import week_text
from crampcare.errors import InputError
from crampcare.i18n import _, current, pgettext

KINDS = ("frequency", "time-of-day", "muscles", "severity")
FORMATS = ("png", "svg")
ACCENT = "#2b6cb0"


# Shown about 360 px wide on a phone: a narrow figure with large type stays readable when scaled down.
SIZE = (4.4, 3.2)
FONT_SIZE = 13.0
MAX_LABELS = 13  # at most this many labels on a date axis; the others are left out, not squeezed


def _figure(width: float, height: float, font_size: float) -> tuple[Any, Any]:
    from crampcare.plotting import pyplot

    with pyplot() as plt:  # the caller (`render`) holds the lock for the whole drawing
        plt.rcParams.update(
            {
                "font.size": font_size,
                "axes.titlesize": font_size,
                "xtick.labelsize": font_size * 0.9,
                "ytick.labelsize": font_size * 0.9,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "svg.hashsalt": "crampcare",
            }
        )
        fig, ax = plt.subplots(figsize=(width, height), dpi=110)
        return fig, ax


def _whole_counts(axis: Any) -> None:
    """Counts of cramps are whole numbers: no 0.25-episode ticks when the counts are small."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    _numbers(axis)


def _numbers(axis: Any) -> None:
    """Tick numbers as the reader writes them (2,5 in Russian); English keeps matplotlib's own."""
    lang = current()  # the labels are written when the figure is saved: the language is fixed now
    if lang == "en":
        return
    from babel.numbers import format_decimal
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: format_decimal(value, format="#,##0.##", locale=lang)))


def _fit_title(fig: Any, ax: Any) -> None:
    """A title that runs past the figure's edges (it is centred over the axes, not the figure) is wrapped onto
    more lines: drawn on one line it was cut off on a phone. The Russian titles run longer than the English, which
    fit and stay as they are. Called after the layout, which is made again when a title changes."""
    title = ax.get_title()
    if not title:
        return
    box = ax.title.get_window_extent(fig.canvas.get_renderer())
    figure_width = fig.get_figwidth() * fig.dpi
    centre = (box.x0 + box.x1) / 2
    room = 2 * min(centre, figure_width - centre) * 0.97
    if box.width > room:
        ax.set_title(textwrap.fill(title, max(12, int(len(title) * room / box.width))))
        fig.tight_layout()


def _thin_labels(ax: Any, labels: list[str]) -> None:
    """Label every n-th category so that at most MAX_LABELS remain, readable instead of overlapping."""
    step = -(-len(labels) // MAX_LABELS)
    kept = range(0, len(labels), step)
    ax.set_xticks(list(kept), [labels[i] for i in kept])


MIN_WEEK_SLOTS = 8


def _frequency(ax: Any, stats: dict[str, Any]) -> None:
    weeks = stats["weekly_counts"][-26:]
    ax.set_title(_("Cramps per week (last 26 weeks)"))
    if not any(w["episodes"] for w in weeks):
        # An empty bar chart reads as broken; say what it means instead.
        ax.text(0.5, 0.5, _("No cramps recorded in these 26 weeks"), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    labels = [week_text(w["week_start"]) for w in weeks]
    ax.bar(range(len(weeks)), [w["episodes"] for w in weeks], color=ACCENT)
    # A young diary has few weeks: keep a bar a week wide (of at least eight), instead of one bar across the
    # whole chart that read as six months of cramps under the "last 26 weeks" title.
    ax.set_xlim(-0.5, max(len(weeks), MIN_WEEK_SLOTS) - 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_("episodes"))
    _whole_counts(ax.yaxis)
    ax.tick_params(axis="x", labelrotation=90)
    _thin_labels(ax, labels)


def _time_of_day(ax: Any, stats: dict[str, Any]) -> None:
    ax.bar(range(24), stats["time_of_day"], color=ACCENT)
    ax.set_xticks(range(0, 24, 3))
    _numbers(ax.xaxis)
    ax.set_xlabel(_("hour of day (local time)"))
    ax.set_ylabel(_("episodes"))
    _whole_counts(ax.yaxis)
    ax.set_title(_("When cramps start"))


def _muscle_name(muscle: str) -> str:
    """A muscle id as a short axis label, in the reader's language (the English is the id's own words)."""
    names = {
        "calf": pgettext("chart axis: muscle", "calf"),
        "foot": pgettext("chart axis: muscle", "foot"),
        "toes": pgettext("chart axis: muscle", "toes"),
        "shin": pgettext("chart axis: muscle", "shin"),
        "hamstring": pgettext("chart axis: muscle", "hamstring"),
        "quadriceps": pgettext("chart axis: muscle", "quadriceps"),
        "gluteal": pgettext("chart axis: muscle", "gluteal"),
        "whole_leg": pgettext("chart axis: muscle", "whole leg"),
    }
    return names.get(muscle, muscle.replace("_", " "))


def _muscles(ax: Any, stats: dict[str, Any]) -> None:
    rows = stats["muscles"][::-1]
    ax.barh([_muscle_name(r["name"]) for r in rows], [r["count"] for r in rows], color=ACCENT)
    ax.set_xlabel(_("episodes"))
    _whole_counts(ax.xaxis)
    ax.set_title(_("Muscles affected"))


def _severity(ax: Any, stats: dict[str, Any]) -> None:
    weeks = stats["weekly_counts"]
    rows = stats["severity_by_week"]
    labels = [week_text(weeks[r["week"]]["week_start"]) if r["week"] < len(weeks) else str(r["week"]) for r in rows]
    labels = labels[-26:]
    ax.plot(range(len(labels)), [r["mean_pain"] for r in rows][-26:], marker="o", color=ACCENT)
    ax.set_ylim(0, 10)
    _numbers(ax.yaxis)
    ax.set_ylabel(_("mean pain (0–10)"))
    ax.set_title(_("Pain per week (last 26 weeks with cramps)"))
    ax.tick_params(axis="x", labelrotation=90)
    _thin_labels(ax, labels)


DRAW = {"frequency": _frequency, "time-of-day": _time_of_day, "muscles": _muscles, "severity": _severity}


def _unknown_chart(kind: str) -> InputError:
    return InputError(_("unknown chart %(kind)s") % {"kind": repr(kind)}, field="--kind", valid=", ".join(KINDS))


def draw(kind: str, stats: dict[str, Any], size: tuple[float, float] = SIZE, font_size: float = FONT_SIZE) -> Any:
    """The chart as a matplotlib figure (the caller closes it with matplotlib.pyplot.close)."""
    if kind not in DRAW:
        raise _unknown_chart(kind)
    import matplotlib.pyplot as plt

    fig, ax = _figure(*size, font_size)
    try:
        if stats["episodes"] == 0:
            ax.text(0.5, 0.5, _("No episodes recorded yet"), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            DRAW[kind](ax, stats)
        fig.tight_layout()
        _fit_title(fig, ax)
    except BaseException:
        plt.close(fig)
        raise
    return fig


def render(
    kind: str, stats: dict[str, Any], fmt: str, size: tuple[float, float] = SIZE, font_size: float = FONT_SIZE
) -> bytes:
    """One chart as PNG or SVG bytes."""
    if kind not in DRAW:
        raise _unknown_chart(kind)
    if fmt not in FORMATS:
        raise InputError(
            _("unknown image format %(format)s") % {"format": repr(fmt)}, field="--out", valid=_("a .png or .svg file")
        )
    from crampcare.plotting import pyplot

    with pyplot() as plt:  # drawn and saved while no other thread draws (pyplot's state is global)
        fig = draw(kind, stats, size, font_size)
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
            return buffer.getvalue()
        finally:
            plt.close(fig)


def save(kind: str, stats: dict[str, Any], out: Path, db_url: str | None = None) -> Path:
    fmt = out.suffix.lower().lstrip(".")
    from crampcare.diary.outfile import write_new

    # A new file only, and never the diary's own database: an existing file is never replaced.
    return write_new(out, render(kind, stats, fmt), db_url)
