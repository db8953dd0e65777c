"""Knowledge-base speed: YAML load + validation, index builds, lookups, search, and CLI start-up.

Target: `crampcare kb …` answers well under a second; loading all YAML stays under 150 ms
(above that, a pickled cache keyed by the data version would be worth its complexity).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def _ms(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _process_ms(*args: str, repeat: int = 3) -> float:
    return _ms(
        lambda: subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, check=False), repeat
    )


def main() -> None:
    from crampcare.knowledge import lookup, search
    from crampcare.knowledge.loader import data_version, load

    kb = load()
    print(f"records: {len(kb.interventions)} interventions, {len(kb.sources)} sources, {len(kb.conditions)} conditions")
    print(f"load + validate all YAML: {_ms(load):.1f} ms (median of 5)")
    print(f"data version digest: {_ms(data_version):.2f} ms")
    print(f"lookup index build: {_ms(lambda: lookup._build_index(kb)):.2f} ms")
    print(f"resolve 'Mydocalm' (indexed): {_ms(lambda: lookup.resolve_intervention(kb, 'Mydocalm'), 50) * 1000:.1f} µs")
    print(f"resolve_drug 'Lasix': {_ms(lambda: lookup.resolve_drug(kb, 'Lasix'), 50) * 1000:.1f} µs")
    print(f"search index build: {_ms(lambda: search._Index(kb)):.2f} ms")
    print(f"search 'magnesium pregnancy': {_ms(lambda: search.search(kb, 'magnesium pregnancy'), 20):.2f} ms")
    print(f"CLI `kb validate` wall time: {_process_ms('kb', 'validate'):.0f} ms")
    print(f"CLI `kb show baclofen --json` wall time: {_process_ms('kb', 'show', 'baclofen', '--json'):.0f} ms")
    print(f"CLI `--help` wall time: {_process_ms('--help'):.0f} ms")


if __name__ == "__main__":
    main()
