"""Diary charts as PNG or SVG (matplotlib, Agg backend, imported only when a chart is drawn)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from crampcare.errors import InputError

KINDS = ("frequency", "time-of-day", "muscles", "severity")
FORMATS = ("png", "svg")
ACCENT = "#2b6cb0"


def _figure(width: float = 6.0, height: float = 2.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"font.size": 9, "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "crampcare"}
    )
    return plt.subplots(figsize=(width, height), dpi=110)


def _frequency(ax: Any, stats: dict[str, Any]) -> None:
    weeks = stats["weekly_counts"][-26:]
    ax.set_title("Cramps per week (last 26 weeks)")
    if not any(w["episodes"] for w in weeks):
        # An empty bar chart reads as broken; say what it means instead.
        ax.text(0.5, 0.5, "No cramps recorded in these 26 weeks", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    ax.bar([w["week_start"][5:] for w in weeks], [w["episodes"] for w in weeks], color=ACCENT)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("episodes")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)


def _time_of_day(ax: Any, stats: dict[str, Any]) -> None:
    ax.bar(range(24), stats["time_of_day"], color=ACCENT)
    ax.set_xticks(range(0, 24, 3))
    ax.set_xlabel("hour of day (local time)")
    ax.set_ylabel("episodes")
    ax.set_title("When cramps start")


def _muscles(ax: Any, stats: dict[str, Any]) -> None:
    rows = stats["muscles"][::-1]
    ax.barh([r["name"].replace("_", " ") for r in rows], [r["count"] for r in rows], color=ACCENT)
    ax.set_xlabel("episodes")
    ax.set_title("Muscles affected")


def _severity(ax: Any, stats: dict[str, Any]) -> None:
    weeks = stats["weekly_counts"]
    rows = stats["severity_by_week"]
    labels = [weeks[r["week"]]["week_start"][5:] if r["week"] < len(weeks) else str(r["week"]) for r in rows][-26:]
    ax.plot(labels, [r["mean_pain"] for r in rows][-26:], marker="o", color=ACCENT)
    ax.set_ylim(0, 10)
    ax.set_ylabel("mean pain (0–10)")
    ax.set_title("Pain per week (last 26 weeks with cramps)")
    ax.tick_params(axis="x", labelrotation=90, labelsize=7)


DRAW = {"frequency": _frequency, "time-of-day": _time_of_day, "muscles": _muscles, "severity": _severity}


def render(kind: str, stats: dict[str, Any], fmt: str, size: tuple[float, float] = (6.0, 2.6)) -> bytes:
    """One chart as PNG or SVG bytes."""
    if kind not in DRAW:
        raise InputError(f"unknown chart {kind!r}", field="--kind", valid=", ".join(KINDS))
    if fmt not in FORMATS:
        raise InputError(f"unknown image format {fmt!r}", field="--out", valid="a .png or .svg file")
    import matplotlib.pyplot as plt

    fig, ax = _figure(*size)
    try:
        if stats["episodes"] == 0:
            ax.text(0.5, 0.5, "No episodes recorded yet", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        else:
            DRAW[kind](ax, stats)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buffer.getvalue()
    finally:
        plt.close(fig)


def save(kind: str, stats: dict[str, Any], out: Path) -> Path:
    fmt = out.suffix.lower().lstrip(".")
    data = render(kind, stats, fmt)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}", field="--out") from None
    return out
