"""Web benchmark: /api/v1/assess against a trivial JSON endpoint on the same server.

Two uvicorn workers on PostgreSQL (`crampcare serve --workers 2 --db URL`),
load from a separate process (Debian's `wrk`, 10 connections), loopback only,
a few seconds per run. Reported as ratios to /api/v1/health, because absolute
figures mostly measure the machine: throughput ratio (target ≥ 0.6) and p99
latency ratio (target ≤ 2).

Environment: CRAMPCARE_BENCH_DATABASE_URL (default: the test database at
127.0.0.1:5432), CRAMPCARE_BENCH_SECONDS (default 5).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

DEFAULT_DB = "postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_test"
PROFILE = {
    "age_years": 67,
    "sex": "female",
    "conditions": ["diabetes"],
    "medications": ["furosemide", "atorvastatin"],
    "labs": {"potassium": 3.3, "magnesium": 0.68},
    "episode": {"muscle": "calf", "side": "left", "setting": "bed_night", "duration_minutes": 3, "pain": 7},
    "pattern": {"episodes_per_week": 4, "weeks": 6, "mostly_at_night": True},
}
CONNECTIONS = 10
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v1/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _wrk(url: str, seconds: int, script: Path | None) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed (apt-get install wrk)")
        return
    db = os.environ.get("CRAMPCARE_BENCH_DATABASE_URL", DEFAULT_DB)
    seconds = int(os.environ.get("CRAMPCARE_BENCH_SECONDS", "5"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "CRAMPCARE_SECRET_KEY"}
    with tempfile.TemporaryDirectory(prefix="crampcare-bench-") as folder:
        script = Path(folder) / "assess.lua"
        body = json.dumps(PROFILE).replace("\\", "\\\\").replace("'", "\\'")
        script.write_text(
            f"wrk.method = 'POST'\nwrk.body = '{body}'\nwrk.headers['Content-Type'] = 'application/json'\n"
        )
        cmd = [sys.executable, "-m", "crampcare", "serve", "--port", str(port), "--workers", "2", "--db", db]
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base, server)
            check = urllib.request.Request(
                base + "/api/v1/assess", data=json.dumps(PROFILE).encode(), headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(check, timeout=10) as response:
                level = json.load(response)["triage"]["level"]
            _wrk(base + "/api/v1/health", 1, None)  # warm both workers
            _wrk(base + "/api/v1/assess", 1, script)
            trivial = _wrk(base + "/api/v1/health", seconds, None)
            assess = _wrk(base + "/api/v1/assess", seconds, script)
        finally:
            server.terminate()
            server.wait(timeout=15)
    throughput = assess["rps"] / trivial["rps"]
    latency = assess["p99_ms"] / trivial["p99_ms"]
    print(f"server: 2 uvicorn workers, PostgreSQL diary; load: wrk, {CONNECTIONS} connections, {seconds} s per run")
    print(f"profile triage level: {level}")
    for name, run in (("/api/v1/health", trivial), ("/api/v1/assess", assess)):
        print(f"{name} : {run['rps']:8.0f} req/s   p99 {run['p99_ms']:6.2f} ms   non-2xx {run['non_2xx']:.0f}")
    print(f"throughput ratio assess/health: {throughput:.2f} (target >= 0.6) {'ok' if throughput >= 0.6 else 'MISSED'}")
    print(f"p99 latency ratio assess/health: {latency:.2f} (target <= 2) {'ok' if latency <= 2 else 'MISSED'}")


if __name__ == "__main__":
    main()
