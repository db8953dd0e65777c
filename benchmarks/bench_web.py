"""Web benchmark: /api/v1/assess against a trivial JSON endpoint on the same server.

Two uvicorn workers on PostgreSQL (`crampcare serve --workers 2 --db URL`),
load from a separate process (Debian's `wrk`, 10 connections), loopback only,
a few seconds per run. The assess load sends VARIANTS different valid profiles
(a lua script; more than a run sends, and wrk's two threads start half-way
apart), so every request is a new person: the figure is the engine's real cost,
not a cache hit.
Reported as ratios to /api/v1/health, because absolute figures mostly measure
the machine: throughput ratio (target ≥ 0.6) and p99 latency ratio (target ≤ 2).

Environment: CRAMPCARE_BENCH_DATABASE_URL (default: the test database at
127.0.0.1:5432), CRAMPCARE_BENCH_SECONDS (default 5).
"""

from __future__ import annotations

import json
import os
import random
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
VARIANTS = 16_000  # distinct request bodies: more than a 5-second run sends, so no person is assessed twice

# Ingredients for the varied profiles (known vocabulary ids and medicine names).
_CONDITIONS = [
    "diabetes",
    "ckd",
    "heart_failure",
    "hypothyroidism",
    "varicose_veins",
    "peripheral_neuropathy",
    "liver_disease",
    "kidney_stones",
    "epilepsy",
    "osteoarthritis",
    "gout",
    "obesity",
]
_MEDICINES = [
    "furosemide",
    "atorvastatin",
    "salbutamol",
    "lisinopril",
    "hydrochlorothiazide",
    "Magne B6",
    "ibuprofen",
    "omeprazole",
    "levothyroxine",
    "amlodipine",
    "ciprofloxacin",
    "warfarin",
    "metformin",
]
_SYMPTOMS = ["numbness_tingling", "twitching", "calf_swelling", "severe_pain", "urge_to_move_legs"]
_MUSCLES = ["calf", "foot", "hamstring", "toes", "quadriceps", "shin"]
_SETTINGS = ["bed_night", "exercise", "swimming", "sitting", "walking_standing"]
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def profiles(count: int = VARIANTS, seed: int = 6) -> list[dict[str, object]]:
    """`count` different, valid profiles (fixed seed): ages, populations, conditions, medicines, labs, episodes.

    Values that explanations quote (age, lab values, week of pregnancy, duration) vary over wide ranges, as
    they do between real people, so the engine's shared explanations are measured with realistic reuse.
    """
    rng = random.Random(seed)
    found: list[dict[str, object]] = [PROFILE]
    seen = {json.dumps(PROFILE, sort_keys=True)}
    while len(found) < count:
        age = rng.randint(2, 95)
        labs = {  # mostly in range, as in people who have had a blood test; some out of range
            "potassium": round(rng.gauss(4.3, 0.45), 1),
            "magnesium": round(rng.gauss(0.85, 0.1), 2),
            "egfr": max(5, min(120, round(rng.gauss(80, 25)))),
            "calcium": round(rng.gauss(2.35, 0.12), 2),
        }
        profile: dict[str, object] = {
            "age_years": age,
            "sex": rng.choice(["female", "male"]),
            "conditions": rng.sample(_CONDITIONS, rng.randint(0, 3)),
            "medications": rng.sample(_MEDICINES, rng.randint(0, 4)),
            "labs": {k: v for k, v in labs.items() if rng.random() < 0.4},
            "symptoms": rng.sample(_SYMPTOMS, rng.choice([0, 0, 0, 1])),
            "episode": {
                "muscle": rng.choice(_MUSCLES),
                "setting": rng.choice(_SETTINGS),
                "duration_minutes": rng.choice([0.5, 1, 1, 2, 2, 3, 4, 5, 8, 12]),  # most cramps pass in minutes
                "pain": rng.randint(1, 10),
            },
            "pattern": {
                "episodes_per_week": rng.choice([0.5, 1, 2, 3, 5, 7]),
                "weeks": rng.randint(1, 26),
                "mostly_at_night": rng.random() < 0.5,
            },
        }
        if profile["sex"] == "female" and 18 <= age <= 44 and rng.random() < 0.3:
            profile["pregnancy_weeks"] = rng.randint(6, 40)
        if rng.random() < 0.15:
            profile["allergies"] = [rng.choice(["ibuprofen", "baclofen", "penicillin", "quinine"])]
        text = json.dumps(profile, sort_keys=True)
        if text not in seen:
            seen.add(text)
            found.append(profile)
    return found


def lua_script(bodies: list[str]) -> str:
    """A wrk script that POSTs the bodies in turn; wrk's second thread starts half-way through the list."""
    items = ",\n".join(f"[==[{body}]==]" for body in bodies)
    return (
        f"local bodies = {{\n{items}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * math.floor(#bodies / 2))\n"
        "  threads = threads + 1\n"
        "end\n"
        "local n = 0\n"
        "function init(args)\n"
        "  n = offset or 0\n"
        "end\n"
        "local headers = {['Content-Type'] = 'application/json'}\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  return wrk.format('POST', '/api/v1/assess', headers, bodies[(n % #bodies) + 1])\n"
        "end\n"
    )


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


def _worker_ticks(server: subprocess.Popen[bytes]) -> dict[int, int]:
    """CPU time (clock ticks, user + system) of each worker process of the server; {} where /proc is missing."""
    found: dict[int, int] = {}
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        for pid in map(int, children):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return {}
    return found


def _wrk(url: str, seconds: int, script: Path | None, server: subprocess.Popen[bytes]) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if script is not None:
        cmd += ["-s", str(script)]
    before = _worker_ticks(server)
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    after = _worker_ticks(server)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    # Worker CPU per request: what a request costs the server, whatever else the machine is doing; and the
    # busiest worker's share, which shows when one worker accepted most of the connections.
    used = [after[pid] - before.get(pid, 0) for pid in after]
    total = sum(used) / os.sysconf("SC_CLK_TCK")
    done = rps * seconds
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "cpu_us": total / done * 1e6 if used and done else float("nan"),
        "busiest": max(used) / sum(used) if used and sum(used) else float("nan"),
    }


def _levels(bodies: list[str]) -> list[str]:
    """Each body's triage level, in this process: every body must be valid (a 4xx answer would be cheap)."""
    from crampcare import assess

    return [assess(json.loads(body)).triage.level for body in bodies]


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
        bodies = [json.dumps(profile) for profile in profiles()]
        levels = _levels(bodies)
        script.write_text(lua_script(bodies))
        warm = Path(folder) / "warm.lua"  # other people than the measured run's
        warm.write_text(lua_script([json.dumps(profile) for profile in profiles(2000, seed=99)]))
        cmd = [sys.executable, "-m", "crampcare", "serve", "--port", str(port), "--workers", "2", "--db", db]
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(base, server)
            check = urllib.request.Request(
                base + "/api/v1/assess", data=json.dumps(PROFILE).encode(), headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(check, timeout=10) as response:
                level = json.load(response)["triage"]["level"]
            _wrk(base + "/api/v1/health", 1, None, server)  # warm both workers
            _wrk(base + "/api/v1/assess", 1, warm, server)
            trivial = _wrk(base + "/api/v1/health", seconds, None, server)
            assess = _wrk(base + "/api/v1/assess", seconds, script, server)
        finally:
            server.terminate()
            server.wait(timeout=15)
    throughput = assess["rps"] / trivial["rps"]
    latency = assess["p99_ms"] / trivial["p99_ms"]
    print(f"server: 2 uvicorn workers, PostgreSQL diary; load: wrk, {CONNECTIONS} connections, {seconds} s per run")
    print(f"first profile's triage level: {level}; {len(bodies)} different bodies, each sent at most once per run")
    print("triage levels across them: " + ", ".join(f"{k} {levels.count(k)}" for k in sorted(set(levels))))
    print(f"1-minute load average after the runs: {os.getloadavg()[0]:.1f}")
    for name, run in (("/api/v1/health", trivial), ("/api/v1/assess", assess)):
        print(
            f"{name} : {run['rps']:8.0f} req/s   p99 {run['p99_ms']:6.2f} ms   non-2xx {run['non_2xx']:.0f}   "
            f"worker CPU {run['cpu_us']:5.0f} µs/request   busiest worker {run['busiest']:.0%} of it"
        )
    print(f"throughput ratio assess/health: {throughput:.2f} (target >= 0.6) {'ok' if throughput >= 0.6 else 'MISSED'}")
    print(f"p99 latency ratio assess/health: {latency:.2f} (target <= 2) {'ok' if latency <= 2 else 'MISSED'}")
    cpu_ratio = trivial["cpu_us"] / assess["cpu_us"]
    print(f"worker CPU per request, health/assess: {cpu_ratio:.2f} (independent of other load on the machine)")
    if max(trivial["busiest"], assess["busiest"]) > 0.8:
        print("note: in a run one worker accepted most connections and did most of the work; req/s are not comparable")


if __name__ == "__main__":
    main()
