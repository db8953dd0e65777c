"""CDS Hooks patient-view latency beside two floors, at the same concurrency, on the same server (issue 14).

Issue 14's target: p99 <= 50 ms at 10 concurrent clients with prefetch on this 2-core machine (the CDS Hooks
specification asks for about 500 ms). The machine is shared, so one number says little: each round measures,
one after the other on the same server with the same load generator (Debian's `wrk`, 2 threads, 10 keep-alive
connections, each sending its next request when the answer arrives),

- floor: `GET /cds-services` (discovery: routing, middleware and HTTP alone, no decision);
- assess: `POST /api/v1/assess` with the profile the same record gives (the decision engine without FHIR);
- patient-view: `POST /cds-services/crampcare-patient-view` with the record as prefetch (FHIR R4B validation,
  reading the record, the decision, the cards, and remembering the issued cards in the database);
- patient-view, new records: the same call, but every call is another patient's record (each resource's id and
  the patient's references carry a number no call used before), so crampcare cannot recognise a resource the R4B
  models accepted earlier and validates the whole record, as for a chart opened for the first time;

and patient-view from one connection alone (no queue: the time one call takes). Three rounds (BENCH_CDS_ROUNDS),
BENCH_CDS_SECONDS each run; the load average is read before each round. Printed: min / median / max over the
rounds of p50 and p99 per route, the server's CPU time per request, and the ratios of patient-view's p99 to each
floor's in the same round; then whether the target is met: the median over the rounds of patient-view's p99
(10 clients, the same record each call) at most 50 ms, printed `met` or `NOT met`. The server is `crampcare serve`
on 127.0.0.1 (local mode, BENCH_CDS_WORKERS workers, 2 by default: one per core of this machine; port
BENCH_CDS_PORT, else a free one) with the database of CRAMPCARE_BENCH_DATABASE_URL when it is set (PostgreSQL, as a
server would use; e.g. postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_bench), else a SQLite file
in a new folder under /tmp (several workers then queue on SQLite's one writer, remembering issued cards).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 10
TARGET_P99_MS = 50.0  # issue 14: patient-view at 10 concurrent clients with prefetch
WORKERS = "2"


def record_prefetch() -> dict[str, Any]:
    """The record of tests/fhir/bundles/older_woman_diuretic.json as an EHR prefetches it (also used by tests)."""
    data = json.loads((ROOT / "tests" / "fhir" / "bundles" / "older_woman_diuretic.json").read_text(encoding="utf-8"))
    resources = [e["resource"] for e in data["entry"]]
    kinds = {
        "conditions": "Condition",
        "medication_requests": "MedicationRequest",
        "medication_statements": "MedicationStatement",
        "allergies": "AllergyIntolerance",
        "labs": "Observation",
    }
    out: dict[str, Any] = {"patient": resources[0], "pregnancy": None}
    for key, kind in kinds.items():
        found = [{"resource": r} for r in resources if r["resourceType"] == kind]
        out[key] = {"resourceType": "Bundle", "type": "searchset", "entry": found}
    return out


def _profile(prefetch: dict[str, Any]) -> dict[str, Any]:
    """The profile crampcare reads from the same record (the body of the assess floor)."""
    from crampcare.fhir.inbound import profile_from_bundle
    from crampcare.fhir.parse import bundle_from_prefetch

    found = profile_from_bundle(bundle_from_prefetch(prefetch), field="prefetch")
    profile: dict[str, Any] = found.profile.model_dump(mode="json", exclude_none=True)
    return profile


PLACEHOLDER = "@@"


def _new_records(body: dict[str, Any]) -> str:
    """The body as a template: every resource id and patient reference ends with PLACEHOLDER (a number per call)."""

    def renamed(resource: dict[str, Any]) -> dict[str, Any]:
        out = dict(resource)
        if "id" in out:
            out["id"] = f"{out['id']}-{PLACEHOLDER}"
        for key in ("subject", "patient"):
            target = out.get(key)
            if isinstance(target, dict) and isinstance(target.get("reference"), str):
                out[key] = {**target, "reference": f"{target['reference']}-{PLACEHOLDER}"}
        return out

    prefetch: dict[str, Any] = {}
    for key, value in body["prefetch"].items():
        if isinstance(value, dict) and value.get("resourceType") == "Bundle":
            entries = [{**e, "resource": renamed(e["resource"])} for e in value["entry"]]
            prefetch[key] = {**value, "entry": entries}
        else:
            prefetch[key] = renamed(value) if isinstance(value, dict) else value
    context = {**body["context"], "patientId": f"{body['context']['patientId']}-{PLACEHOLDER}"}
    return json.dumps({**body, "context": context, "prefetch": prefetch})


def _lua_new_records(path: str, template: str) -> str:
    """Each call fills the template with a number no call used: wrk thread, start time of the run, call count."""
    assert "]==]" not in template
    return (
        "local next_thread = 1\n"
        "function setup(thread) thread:set('thread_number', next_thread); next_thread = next_thread + 1 end\n"
        "local count = 0\n"
        "local stamp = nil\n"
        f"local template = [==[{template}]==]\n"
        "function request()\n"
        "  stamp = stamp or (thread_number .. 't' .. os.time())\n"
        "  count = count + 1\n"
        f"  local body = template:gsub('{PLACEHOLDER}', stamp .. 'n' .. count)\n"
        f"  return wrk.format('POST', '{path}', {{['Content-Type'] = 'application/json'}}, body)\n"
        "end\n"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lua(method: str, path: str, body: dict[str, Any] | None) -> str:
    text = "" if body is None else json.dumps(body)
    assert "]==]" not in text
    return (
        f"wrk.method = '{method}'\n"
        f"wrk.path = '{path}'\n"
        "wrk.headers['Content-Type'] = 'application/json'\n"
        f"wrk.body = [==[{text}]==]\n"
    )


def _ticks(pid: int) -> int:
    """CPU clock ticks (user + system) of a process and its children (the uvicorn workers)."""
    total = 0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = int(fields[11]) + int(fields[12])
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += _ticks(int(child))
    except (OSError, ValueError, IndexError):
        pass
    return total


def _ms(text: str, unit: str) -> float:
    return float(text) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, script: Path, seconds: int, connections: int, server: int) -> dict[str, float]:
    threads = min(2, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url]
    before = _ticks(server)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    used = (_ticks(server) - before) / os.sysconf("SC_CLK_TCK")
    found = {q: re.search(rf"\s{q}%\s+([\d.]+)(us|ms|s)", out) for q in ("50", "99")}
    requests = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if bad or not requests or not all(found.values()):
        raise SystemExit(f"wrk run failed or got errors:\n{out}")
    done = int(requests.group(1))
    p50, p99 = (_ms(m.group(1), m.group(2)) for m in found.values() if m)
    return {"p50": p50, "p99": p99, "cpu_ms": used / done * 1000 if done else float("nan")}


def _spread(values: list[float]) -> str:
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}"


def _report(results: dict[str, list[dict[str, float]]], floors: list[str], views: tuple[str, ...]) -> None:
    print("min / median / max over the rounds:")
    for name, runs in results.items():
        p50 = _spread([r["p50"] for r in runs])
        p99 = _spread([r["p99"] for r in runs])
        cpu = _spread([r["cpu_ms"] for r in runs])
        print(f"  {name}: p50 {p50} ms, p99 {p99} ms, server CPU {cpu} ms per request")
    for key in ("p50", "p99", "cpu_ms"):
        for view_name in views:
            for name in floors:
                pairs = zip(results[view_name], results[name], strict=True)
                ratios = [view[key] / floor[key] for view, floor in pairs]
                print(f"  {key} ratio {view_name} / {name.split(' ')[0]} (same round): {_spread(ratios)}")
    p99 = statistics.median(r["p99"] for r in results["patient-view"])
    verdict = "met" if p99 <= TARGET_P99_MS else "NOT met"
    print(f"target patient-view p99 <= {TARGET_P99_MS:.0f} ms (issue 14, median of the rounds {p99:.1f} ms): {verdict}")


def main() -> None:
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed (apt-get install wrk)")
        return
    port = int(os.environ.get("BENCH_CDS_PORT") or _free_port())
    workers = os.environ.get("BENCH_CDS_WORKERS", WORKERS)
    rounds = int(os.environ.get("BENCH_CDS_ROUNDS", "3"))
    seconds = int(os.environ.get("BENCH_CDS_SECONDS", "10"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    folder = tempfile.mkdtemp(prefix="crampcare-bench-cds-")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crampcare",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            workers,
            "--db",
            os.environ.get("CRAMPCARE_BENCH_DATABASE_URL", f"sqlite:///{folder}/bench.db"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    prefetch = record_prefetch()
    body = {
        "hook": "patient-view",
        "hookInstance": "bench",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": prefetch,
    }
    profile = _profile(prefetch)
    scripts = Path(folder)
    routes = {
        "floor (GET /cds-services)": ("GET", "/cds-services", None),
        "assess (POST /api/v1/assess)": ("POST", "/api/v1/assess", profile),
        "patient-view": ("POST", "/cds-services/crampcare-patient-view", body),
    }
    for i, (method, path, payload) in enumerate(routes.values()):
        (scripts / f"{i}.lua").write_text(_lua(method, path, payload), encoding="utf-8")
    template = _new_records(body)
    view_path = "/cds-services/crampcare-patient-view"
    (scripts / "new.lua").write_text(_lua_new_records(view_path, template), encoding="utf-8")
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/cds-services", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for i, (method, path, payload) in enumerate(routes.values()):  # every answer is a 200 before timing
            assert httpx.request(method, base + path, json=payload, timeout=30).status_code == 200, path
            _wrk(base, scripts / f"{i}.lua", 1, CLIENTS, server.pid)
        sample = json.loads(template.replace(PLACEHOLDER, "check"))
        same = httpx.post(base + view_path, json=body, timeout=30).json()["cards"]
        answer = httpx.post(base + view_path, json=sample, timeout=30)  # another patient's record, the same facts
        assert answer.status_code == 200
        assert [c["summary"] for c in answer.json()["cards"]] == [c["summary"] for c in same]
        _wrk(base, scripts / "new.lua", 1, CLIENTS, server.pid)
        new = "patient-view, new records"
        results: dict[str, list[dict[str, float]]] = {name: [] for name in [*routes, new, "patient-view, one client"]}
        loads: list[float] = []
        for _ in range(rounds):
            loads.append(os.getloadavg()[0])
            for i, name in enumerate(routes):
                results[name].append(_wrk(base, scripts / f"{i}.lua", seconds, CLIENTS, server.pid))
            results[new].append(_wrk(base, scripts / "new.lua", seconds, CLIENTS, server.pid))
            results["patient-view, one client"].append(_wrk(base, scripts / "2.lua", seconds, 1, server.pid))
        database = "PostgreSQL" if "CRAMPCARE_BENCH_DATABASE_URL" in os.environ else "SQLite"
        print(
            f"{workers} worker(s), {database}; wrk, {CLIENTS} connections ({seconds} s per run), {rounds} rounds; "
            f"load average (1 min) before each round: {', '.join(f'{x:.1f}' for x in loads)}"
        )
        _report(results, list(routes)[:2], ("patient-view", new))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
