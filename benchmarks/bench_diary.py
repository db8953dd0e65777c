"""Diary figures: import 100 k episodes (time, peak memory) and stats over 20 k episodes (target ≤ 100 ms).

Runs on SQLite, and on PostgreSQL when it answers at 127.0.0.1:5432 (in a scratch schema, dropped after).
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PG_DSN = "host=127.0.0.1 port=5432 user=crampcare password=crampcare dbname=crampcare_test"
PG_URL = "postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_test?options=-csearch_path%3D"


def synthetic_export(count: int, path: Path) -> Path:
    """An export file with `count` episodes spread over the years before 2024-06-30."""
    from crampcare.diary.importexport import to_json

    rng, zone, end = random.Random(1), ZoneInfo("Europe/Berlin"), dt.datetime(2024, 6, 30, 23, 0)
    episodes: list[dict[str, Any]] = []
    for i in range(count):
        start = (end - dt.timedelta(minutes=i * 53 + rng.randrange(50))).replace(tzinfo=zone)
        episodes.append(
            {
                "started": start.isoformat(),
                "duration_minutes": rng.choice([1, 2, 3, 5]),
                "muscle": rng.choice(["calf", "foot", "toes", "hamstring"]),
                "side": rng.choice(["left", "right", "both"]),
                "setting": rng.choice(["bed_night", "bed_night", "exercise", "sitting"]),
                "pain": rng.randint(1, 10),
                "sleep_disturbance": rng.randint(0, 10),
                "triggers": rng.choice([[], ["heat"], ["long_standing", "dehydration"]]),
            }
        )
    path.write_text(to_json({"profile_versions": [], "episodes": episodes, "checkins": []}), encoding="utf-8")
    return path


@contextmanager
def databases(folder: Path) -> Iterator[list[tuple[str, Callable[[], str]]]]:
    """(name, factory of a fresh URL) for SQLite and, when reachable, PostgreSQL."""
    schemas: list[str] = []
    counter = iter(range(1_000_000))

    def sqlite() -> str:
        return f"sqlite:///{folder / f'bench-{next(counter)}.db'}"

    def postgres() -> str:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        return PG_URL + schema

    yield list(_available(sqlite, postgres))
    if schemas:
        import psycopg

        from crampcare.diary.db import dispose_engines

        dispose_engines()
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _available(sqlite: Callable[[], str], postgres: Callable[[], str]) -> Iterator[tuple[str, Callable[[], str]]]:
    yield "sqlite", sqlite
    try:
        import psycopg

        psycopg.connect(PG_DSN, connect_timeout=3).close()
    except Exception as exc:  # a benchmark reports what it could not measure instead of failing
        print(f"  postgresql: skipped ({type(exc).__name__})")
        return
    yield "postgresql", postgres


def bench_import(name: str, url: str, export: Path, count: int) -> None:
    from crampcare.diary.importexport import import_file

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    result = import_file(export, db_url=url)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result["episodes"] == count
    print(
        f"  {name}: import {count:,} episodes: {elapsed:.1f} s ({count / elapsed:,.0f}/s, under tracemalloc), "
        f"peak Python memory {peak / 2**20:.0f} MiB, max RSS grew {(rss_after - rss_before) / 1024:.0f} MiB"
    )


def bench_stats(name: str, url: str, export: Path) -> None:
    from crampcare.diary import service
    from crampcare.diary.importexport import import_file
    from crampcare.diary.stats import compute_stats

    import_file(export, db_url=url)
    today = dt.date(2024, 6, 30)
    service.stats(db_url=url, today=today)  # warm: imports, engine, caches
    full = _median_ms(lambda: service.stats(db_url=url, today=today))
    summary, checkins = service.summary(db_url=url)
    load = _median_ms(lambda: service.summary(db_url=url))
    compute = _median_ms(lambda: compute_stats(summary, checkins, today=today))
    episodes, _ = service.facts(db_url=url)
    every_row = _median_ms(lambda: compute_stats(*service.facts(db_url=url), today=today))
    verdict = "ok" if full <= 100 else "OVER the 100 ms target"
    print(
        f"  {name}: stats over {len(episodes):,} episodes: {full:.0f} ms median end to end ({verdict}); "
        f"SQL summary {load:.0f} ms + analysis {compute:.0f} ms "
        f"(reading every episode into Python instead: {every_row:.0f} ms)"
    )


def _median_ms(action: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = synthetic_export(100_000, folder / "big.json")
        small = synthetic_export(20_000, folder / "small.json")
        with databases(folder) as backends:
            for name, fresh in backends:
                bench_import(name, fresh(), big, 100_000)
                bench_stats(name, fresh(), small)


if __name__ == "__main__":
    main()
