"""Static files: compressed, fingerprinted in pages, cached for a year only under their fingerprint, ETag-checked."""

from __future__ import annotations

import re
from typing import Any

from crampcare.web.offline import offline_pages, precache


def test_pages_link_fingerprinted_static_files_cached_for_a_year(client: Any) -> None:
    page = client.get("/").text
    css = re.search(r'href="(/static/crampcare\.css\?v=[0-9a-f]{12})"', page)
    assert css, "the stylesheet is linked with its fingerprint"
    response = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) < len(response.content)  # the body was compressed
    # Not the current fingerprint (an old page): the browser must check again, and the ETag answers 304.
    stale = client.get("/static/crampcare.css?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/crampcare.css", headers={"If-None-Match": stale.headers["ETag"]})
    assert again.status_code == 304


def test_the_service_worker_is_a_static_script_at_the_root(client: Any) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Cache-Control"] == "no-cache"  # a new version is found on the next visit
    listed = client.get("/offline-pages.json").json()
    assert listed["urls"] == list(precache())
    for url in listed["urls"]:  # everything the worker keeps exists, so its install cannot fail
        assert client.get(url).status_code == 200, url
    assert "/get-help" in offline_pages() and "/first-aid/calf" in offline_pages()
    assert f"/sw.js?v={listed['version']}" in client.get("/").text


def test_get_help_lists_every_red_flag_with_its_action(client: Any, kb: Any) -> None:
    page = client.get("/get-help").text
    for flag in kb.red_flags.values():
        if flag.level == "self_care":
            continue
        assert f'id="flag-{flag.id}"' in page
    assert 'href="tel:112"' in page
