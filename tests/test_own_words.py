"""Own words: no tracked text file may repeat a run of ten words from the seed article.

Facts carry over from the article; its sentences must not. The same check runs in the
before-stop hook; this test makes CI enforce it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seed" / "leg-cramps-article.txt"
RUN = 10
TEXT_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".md", ".html", ".txt", ".csv", ".toml")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0:
        return [ROOT / name for name in listed.stdout.split() if name.endswith(TEXT_SUFFIXES)]
    # Not a git checkout (an exported tree): read the project's own folders instead.
    folders = [ROOT / name for name in ("src", "tests", "docs", "benchmarks", "scripts")]
    found = [path for folder in folders for path in folder.rglob("*") if path.suffix in TEXT_SUFFIXES]
    return found + [path for path in ROOT.glob("*") if path.suffix in TEXT_SUFFIXES]


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _first_copied_run(runs: set[tuple[str, ...]], text: str) -> str | None:
    """The first ten-word run of `text` that is also in `runs`, or None."""
    words = _words(text)
    for i in range(len(words) - RUN + 1):
        if tuple(words[i : i + RUN]) in runs:
            return " ".join(words[i : i + RUN])
    return None


@pytest.mark.skipif(not ARTICLE.exists(), reason="the seed article (shared/) is not beside this checkout")
def test_no_tracked_file_repeats_ten_words_of_the_article() -> None:
    runs = _runs(ARTICLE.read_text(encoding="utf-8", errors="ignore"))
    copied = []
    for path in _tracked_text_files():
        if not path.exists():
            continue
        hit = _first_copied_run(runs, path.read_text(encoding="utf-8", errors="ignore"))
        if hit is not None:
            copied.append(f"{path.relative_to(ROOT)}: {hit}")
    assert copied == [], "rewrite these in your own words:\n" + "\n".join(copied)


def test_the_check_finds_a_copied_run_and_passes_a_paraphrase() -> None:
    # Guard against a check that cannot fail: run the same helper the real test uses on a made-up source.
    source = _runs("Stretch the calf by pulling the toes up towards the knee and hold it there for a while.")
    copied = "Tip: PULLING the toes up towards the knee, and hold it there for a while, helps."
    assert _first_copied_run(source, copied) == "pulling the toes up towards the knee and hold it"
    assert _first_copied_run(source, "Draw your toes back toward the shin and keep them there briefly.") is None
    assert _first_copied_run(source, "the toes up towards the knee and hold") is None  # nine words only
