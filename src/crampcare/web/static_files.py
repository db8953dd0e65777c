"""Static files, compressed and cached.

Pages link them with a fingerprint (`?v=` + the content's hash, `render.asset`): such an address never
changes meaning, so the browser may keep it a year without asking. Without the fingerprint (an old page,
a hand-typed address) the browser must ask again each time, and the ETag answers with a short 304.
Text files are gzip-compressed when the browser accepts it. Only static files are: compressing pages that
carry a CSRF token next to reflected input would leak the token (BREACH).
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import ASGIApp, Scope

YEAR = 365 * 24 * 3600


class CachedStaticFiles(StaticFiles):
    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        from crampcare.web.render import STATIC_DIR, fingerprint

        response = super().file_response(full_path, stat_result, scope, status_code)
        name = Path(full_path).resolve().relative_to(STATIC_DIR).as_posix()
        asked = scope.get("query_string", b"").decode("latin-1")
        if asked == f"v={fingerprint(name)}":
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"  # use the copy only after the ETag says it is current
        return response


def static_app(directory: Path) -> ASGIApp:
    return GZipMiddleware(CachedStaticFiles(directory=directory), minimum_size=512)
