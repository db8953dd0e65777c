"""Bytes and requests of the pages someone opens mid-cramp: home and first aid, first visit and repeat visit.

Figures go to artifacts/page-weight.json; the budget asserted is the issue's "about 70 KB per page" with room.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OUT = Path(__file__).resolve().parents[2] / "artifacts" / "page-weight.json"
BUDGET_BYTES = 100_000  # compressed bytes for one page with everything it loads, first visit


def _load(context: Any, url: str) -> dict[str, int]:
    """Requests and transferred bytes (compressed bodies + headers) for one navigation, until the network is idle."""
    seen: list[Any] = []

    def finished(request: Any) -> None:
        seen.append(request)

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    context.remove_listener("requestfinished", finished)
    total = 0
    served = 0
    for request in seen:
        sizes = request.sizes()
        if sizes["responseBodySize"] < 0:  # Chromium's mark of an answer from the browser's cache
            continue
        served += 1
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    page.close()
    return {"requests": len(seen), "from_network": served, "bytes": total}


def test_home_and_first_aid_are_light(browser: Any, server_url: str) -> None:
    figures: dict[str, Any] = {}
    for name, path in (("home", "/"), ("first_aid_calf", "/first-aid/calf")):
        # The page alone (no service worker), first visit then repeat visit with the browser's cache.
        context = browser.new_context(viewport=PHONE, service_workers="block")
        first = _load(context, server_url + path)
        repeat = _load(context, server_url + path)
        context.close()
        figures[name] = {"first_visit": first, "repeat_visit": repeat}
        assert first["bytes"] < BUDGET_BYTES, (name, first)
        assert repeat["from_network"] <= 1, (name, repeat)  # only the page itself; its files come from cache
    # What the service worker fetches in the background on the first visit, to keep first aid for offline use.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server_url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    kept = page.evaluate(
        """caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
           .then(lists => lists.flat().length)"""
    )
    context.close()
    figures["offline_copy"] = {"kept_responses": kept}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
