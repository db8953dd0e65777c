"""Security headers on every response.

- Content-Security-Policy: scripts only from this site's files (no inline
  script, no eval), no framing (`frame-ancestors 'none'`, against
  clickjacking), forms only back to this site. Inline `style` attributes stay
  allowed: they cannot run code. The API docs page (Swagger UI from its CDN)
  gets its own policy with a per-request nonce for its one inline script.
- X-Content-Type-Options: nosniff; Referrer-Policy: no referrer leaves the site
  with a path in it (`same-origin`).
- Strict-Transport-Security in server mode (it is served over HTTPS).
- Cache-Control: no-store on everything that does not set its own caching
  (diary pages and API answers carry personal data: no shared or disk cache
  may keep them). Static files and the service worker set their own.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_CDN = "https://cdn.jsdelivr.net"


def docs_csp(nonce: str) -> str:
    return (
        f"default-src 'self'; script-src 'nonce-{nonce}' {DOCS_CDN}; style-src 'self' 'unsafe-inline' {DOCS_CDN}; "
        f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                wanted = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers without CSP level 2
                    (b"cache-control", b"no-store"),
                ]
                if self.hsts:
                    wanted.append((b"strict-transport-security", b"max-age=31536000"))
                headers += [(name, value) for name, value in wanted if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
