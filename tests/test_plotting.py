"""Charts drawn in several threads at once (the web server's worker threads: the diary page's charts and an
experiment report together) all succeed, also while matplotlib is first imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import datetime as dt, sys, tempfile, threading
from crampcare.diary import service as diary
from crampcare.experiments import service
url = f"sqlite:///{tempfile.mkdtemp()}/diary.db"
diary.save_profile({"age_years": 61}, db_url=url)
today = dt.date(2026, 12, 5)
service.start({"intervention": "nightly_calf_hamstring_stretching", "seed": 1}, db_url=url, today=today)
state = service.status(db_url=url, today=today)
assert "matplotlib.pyplot" not in sys.modules
from crampcare.diary.charts import render
from crampcare.experiments.report import chart
errors, barrier = [], threading.Barrier(8)
def work(i):
    try:
        barrier.wait()
        image = render("frequency", {"episodes": 0}, "png") if i % 2 else chart(state, "svg")
        assert image[:4] in (b"\\x89PNG", b"<?xm")
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
print(errors[0] if errors else "ok")
"""


def test_charts_drawn_in_threads_at_first_import_all_succeed(tmp_path: Path) -> None:
    # Without the lock, 3 of 4 fresh processes failed ("partially initialized module 'matplotlib.pyplot'").
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr[-2000:]
