"""The service worker's version covers the offline page's template: /offline is never opened on purpose, so a
browser that installed the worker kept its first copy of the offline form for good, whatever changed in it."""

from __future__ import annotations

from crampcare.web import offline
from crampcare.web.render import STATIC_DIR


def test_a_change_to_the_offline_page_makes_a_new_worker_version() -> None:
    template = (STATIC_DIR.parent / "templates" / "offline.html").read_text(encoding="utf-8")
    assert template in offline.worker_inputs()
