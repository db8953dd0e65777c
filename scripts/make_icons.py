"""Draw the app icons (192 and 512 px PNG) from the shapes of static/favicon.svg, with matplotlib.

The favicon is a blue rounded square with a white leg and foot. Its SVG path is
small enough to copy here as Bézier control points, so the PNGs match it exactly
without an SVG renderer. Run after changing favicon.svg and commit the PNGs:

    python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch, PathPatch
from matplotlib.path import Path as MplPath

OUT = Path(__file__).resolve().parent.parent / "src" / "crampcare" / "web" / "static" / "icons"
BLUE = "#0b5394"
M, C, L, Z = MplPath.MOVETO, MplPath.CURVE4, MplPath.LINETO, MplPath.CLOSEPOLY

# favicon.svg, viewBox 0 0 32 32: "M9 24c2-6 2-11 1-16h5c1 5 1 10-1 16z M15 24h9v-3h-9z" in absolute points.
LEG = [((9, 24), M), ((11, 18), C), ((11, 13), C), ((10, 8), C), ((15, 8), L),
       ((16, 13), C), ((16, 18), C), ((14, 24), C), ((9, 24), Z)]  # fmt: skip
FOOT = [((15, 24), M), ((24, 24), L), ((24, 21), L), ((15, 21), L), ((15, 24), Z)]


def draw(size: int, out: Path) -> None:
    fig = plt.figure(figsize=(1, 1), dpi=size)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 32)
    ax.set_ylim(32, 0)  # SVG's y axis points down
    ax.axis("off")
    fig.patch.set_alpha(0)
    ax.add_patch(FancyBboxPatch((0, 0), 32, 32, boxstyle="round,pad=0,rounding_size=6", color=BLUE, lw=0))
    for shape in (LEG, FOOT):
        points, codes = zip(*shape, strict=True)
        ax.add_patch(PathPatch(MplPath(points, codes), color="white", lw=0))
    fig.savefig(out, dpi=size, transparent=True, metadata={"Software": None})
    plt.close(fig)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, OUT / f"icon-{size}.png")


if __name__ == "__main__":
    main()
