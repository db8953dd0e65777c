"""Refuse requests whose Host header is not one of this server's names (DNS rebinding).

A web page on another site can point its own name at 127.0.0.1 after the page
has loaded; the browser then lets that page read and write the local diary,
because to the browser it is the same site. Its requests still carry the
attacker's name in `Host`, so a local server answers only 127.0.0.1,
localhost and [::1] (any port), and a server only its configured names.
A pure ASGI middleware: the check runs before anything else reads the request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from crampcare.api.settings import host_name


class HostCheck:
    def __init__(self, app: ASGIApp, accepted: Iterable[str]) -> None:
        self.app = app
        self.accepted = frozenset(accepted)
        self.valid = ", ".join(f"[{name}]" if ":" in name else name for name in sorted(self.accepted))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(b"host", b"")
        try:
            name = host_name(raw.decode("ascii"))
        except UnicodeDecodeError:
            name = ""
        if name in self.accepted:
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {
                "error": {
                    "status": 400,
                    "code": "bad_request",
                    "message": "this server does not answer to that host name",
                    "field": "Host",
                    "valid": self.valid,
                    "details": [],
                }
            }
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})
