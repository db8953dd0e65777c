"""Diary import memory: the import streams its file, so peak memory must not grow with the file.

Imports a JSON and a CSV export of 10 k and of 60 k episodes into fresh databases (SQLite, and PostgreSQL when it
answers at 127.0.0.1:5432) and reports the peak Python memory (tracemalloc) of each. Target: the file 6 times
larger costs at most 1.5 times the peak memory of the small one (a whole-file parse costs about 6 times).
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.bench_diary import databases, synthetic_export

SMALL, LARGE = 10_000, 60_000
TARGET_RATIO = 1.5


def _as_csv(source: Path, target: Path) -> Path:
    import json

    from crampcare.diary.importexport import to_csv

    defaults = {"tried": [], "triggers": [], "trigger_note": "", "note": "", "helper": False, "tz": None}
    episodes = [defaults | e for e in json.loads(source.read_text(encoding="utf-8"))["episodes"]]
    target.write_text(to_csv(episodes), encoding="utf-8", newline="")
    return target


def _peak(url: str, path: Path, count: int) -> tuple[float, float]:
    from crampcare.diary.importexport import import_file

    tracemalloc.start()
    started = time.perf_counter()
    result = import_file(path, db_url=url)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result["episodes"] == count, result
    return peak / 2**20, elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {}
        for count in (SMALL, LARGE):
            json_path = synthetic_export(count, folder / f"e{count}.json")
            files[("json", count)] = json_path
            files[("csv", count)] = _as_csv(json_path, folder / f"e{count}.csv")
        warm = synthetic_export(100, folder / "warm.json")
        with databases(folder) as backends:
            for name, fresh in backends:
                _peak(fresh(), warm, 100)  # imports, the knowledge base and the engine are loaded outside the figures
                for kind in ("json", "csv"):
                    small, small_s = _peak(fresh(), files[(kind, SMALL)], SMALL)
                    large, large_s = _peak(fresh(), files[(kind, LARGE)], LARGE)
                    ratio = large / small
                    verdict = "ok" if ratio <= TARGET_RATIO else f"OVER the {TARGET_RATIO}x target"
                    size = files[(kind, LARGE)].stat().st_size / 2**20
                    print(
                        f"  {name} {kind}: peak Python memory {small:.1f} MiB for {SMALL:,} episodes, {large:.1f} MiB "
                        f"for {LARGE:,} ({size:.1f} MiB file): {ratio:.2f}x ({verdict}); "
                        f"{SMALL / small_s:,.0f} and {LARGE / large_s:,.0f} episodes/s under tracemalloc"
                    )


if __name__ == "__main__":
    main()
