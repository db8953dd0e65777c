"""Login flood: does /api/v1/health keep at least half its throughput while sign-ins are hammered?

One `crampcare serve --server-mode` worker on 127.0.0.1 (SQLite), loopback
only, bounded (CRAMPCARE_BENCH_SECONDS per phase, default 5). First /health
alone (wrk, 4 connections), then /health again while a second wrk sends failed
sign-ins as fast as it can (8 connections, a new user name each time, one
client address). Two settings of the limit:

- default: 20 sign-ins per address per 5 minutes, so the flood soon gets 429;
- lifted (CRAMPCARE_LOGIN_ATTEMPTS_PER_ADDRESS=1000000): every sign-in
  reaches argon2, the worst case, which the bounded hashing pool must absorb.

Target: the ratio (health during the flood / health alone) ≥ 0.5 in both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from benchmarks.bench_web import _free_port, _wait

SECRET = "bench-login-flood-Wm4Kx9Tq2Lr7Vb3Nh8Pz5Jc1Yd6Fg0"

LUA = """
local n = 0
request = function()
  n = n + 1
  local body = "csrf_token={token}&username=flood" .. n .. "&password=wrong-password"
  return wrk.format("POST", "/login", {{["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "{cookie}"}}, body)
end
"""


def _wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> tuple[float, str]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return rps, p99.group(1) if p99 else "?"


def _session(base: str) -> tuple[str, str]:
    """A session cookie and its CSRF token from the sign-in page."""
    with urllib.request.urlopen(base + "/login", timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())
    assert token is not None
    return cookie, token.group(1)


def _phase(limit: str | None, seconds: int, folder: Path) -> tuple[float, float, str, str, float]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRAMPCARE_")}
    env["CRAMPCARE_SECRET_KEY"] = SECRET
    if limit is not None:
        env["CRAMPCARE_LOGIN_ATTEMPTS_PER_ADDRESS"] = limit
    db = f"sqlite:///{folder}/flood-{port}.db"
    cmd = [sys.executable, "-m", "crampcare", "serve", "--server-mode", "--port", str(port), "--db", db]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(base, server)
        _wrk(base + "/api/v1/health", 1, 4)  # warm up
        alone, alone_p99 = _wrk(base + "/api/v1/health", seconds, 4)
        cookie, token = _session(base)
        script = folder / f"login-{port}.lua"
        script.write_text(LUA.format(token=token, cookie=cookie))
        logins: list[float] = []
        flood = threading.Thread(target=lambda: logins.append(_wrk(base + "/login", seconds + 2, 8, script)[0]))
        flood.start()
        threading.Event().wait(1)  # the flood is under way before /health is measured
        during, during_p99 = _wrk(base + "/api/v1/health", seconds, 4)
        flood.join()
    finally:
        server.terminate()
        server.wait(timeout=15)
    return alone, during, alone_p99, during_p99, logins[0] if logins else float("nan")


def main() -> None:
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed (apt-get install wrk)")
        return
    seconds = int(os.environ.get("CRAMPCARE_BENCH_SECONDS", "5"))
    print(f"1 worker, SQLite, loopback; {seconds} s per measurement; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="crampcare-flood-") as name:
        for label, limit in (("default limits", None), ("limit lifted, every sign-in hashed", "1000000")):
            alone, during, p99_alone, p99_during, logins = _phase(limit, seconds, Path(name))
            ratio = during / alone
            verdict = "OK" if ratio >= 0.5 else "BELOW TARGET"
            print(
                f"{label}: /health alone {alone:.0f} req/s (p99 {p99_alone}), during the flood {during:.0f} req/s "
                f"(p99 {p99_during}), ratio {ratio:.2f} (target >= 0.5) {verdict}; sign-in requests {logins:.0f}/s"
            )


if __name__ == "__main__":
    main()
