"""Crash safety and concurrency: committed entries survive SIGKILL; two writers lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from crampcare.diary import service
from crampcare.diary.db import dispose_engines

WRITER = textwrap.dedent(
    """
    import sys
    from crampcare.diary import service
    url, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for i in range(count):
        service.log_episode({"started": "2024-05-08T02:30:00+02:00", "duration_minutes": 1, "muscle": "calf",
                             "side": "left", "setting": "bed_night", "pain": 5, "note": f"{tag}-{i}"}, db_url=url)
        print(i, flush=True)  # printed only after the commit returned
    """
)


def _writer(url: str, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, url, tag, str(count)], stdout=subprocess.PIPE, text=True)


def _notes(url: str) -> set[str]:
    dispose_engines()
    return {episode["note"] for episode in service.list_episodes(db_url=url, limit=None)}


def test_sigkill_mid_stream_loses_no_committed_entry(db_url: str) -> None:
    child = _writer(db_url, "k", 100_000)
    assert child.stdout is not None
    committed = [int(child.stdout.readline()) for _ in range(40)]
    os.kill(child.pid, signal.SIGKILL)
    rest = child.stdout.read()
    child.stdout.close()
    child.wait(timeout=30)
    committed += [int(line) for line in rest.split()]
    notes = _notes(db_url)
    assert {f"k-{i}" for i in committed} <= notes
    assert len(notes) <= len(committed) + 1  # at most the one in flight when killed
    if db_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    service.log_episode(
        {
            "started": "2024-05-09T02:30+02:00",
            "duration_minutes": 1,
            "muscle": "foot",
            "side": "right",
            "setting": "bed_night",
            "pain": 2,
            "note": "after",
        },
        db_url=db_url,
    )
    assert "after" in _notes(db_url)


def test_two_concurrent_writers_lose_nothing(db_url: str) -> None:
    service.list_episodes(db_url=db_url)  # migrate first, as the CLI would on first use
    children = [_writer(db_url, tag, 60) for tag in ("a", "b")]
    for child in children:
        child.communicate(timeout=120)
        assert child.returncode == 0
    assert _notes(db_url) == {f"{tag}-{i}" for tag in ("a", "b") for i in range(60)}


def test_two_processes_migrating_a_new_database_at_once(db_url: str) -> None:
    children = [_writer(db_url, tag, 5) for tag in ("x", "y")]
    for child in children:
        child.communicate(timeout=120)
        assert child.returncode == 0
    assert len(_notes(db_url)) == 10


KILLS = 6  # rounds, each killing the writer at a different moment


def test_repeated_sigkills_lose_no_acknowledged_write_and_never_reuse_an_id(db_url: str) -> None:
    """The writer is killed N times at different moments; every acknowledged entry is there after each kill,
    the file stays intact (SQLite), and the ids keep growing (a killed insert's id is never handed out again)."""
    import random
    import time

    rng = random.Random(13)
    acknowledged: set[str] = set()
    for round_ in range(KILLS):
        child = _writer(db_url, f"r{round_}", 100_000)
        assert child.stdout is not None
        for _ in range(rng.randint(2, 25)):
            acknowledged.add(f"r{round_}-{int(child.stdout.readline())}")
        time.sleep(rng.random() * 0.02)  # somewhere inside the next write
        os.kill(child.pid, signal.SIGKILL)
        acknowledged.update(f"r{round_}-{int(line)}" for line in child.stdout.read().split())
        child.stdout.close()
        child.wait(timeout=30)
        notes = _notes(db_url)
        assert acknowledged <= notes, sorted(acknowledged - notes)[:5]
        assert len(notes) <= len(acknowledged) + round_ + 1  # at most one unacknowledged write per kill
        if db_url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    episodes = service.list_episodes(db_url=db_url, limit=None)
    by_note = {episode["note"]: episode["id"] for episode in episodes}
    ids_in_order = [
        by_note[note] for note in sorted(by_note, key=lambda n: (int(n[1:].split("-")[0]), int(n.split("-")[1])))
    ]
    assert ids_in_order == sorted(ids_in_order)  # later writes always got larger ids
