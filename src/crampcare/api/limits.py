"""Request size limit: a body over the limit is refused with 413 in the one error shape.

A pure ASGI middleware, so the check happens before anything parses the body:
the declared Content-Length is checked first, then the bytes actually read
(a chunked upload has no Content-Length).
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised while reading a chunked body; FastAPI re-raises HTTP exceptions from the body reader."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "the request body is too large")
        self.valid = f"at most {limit} bytes"


def _error_bytes(limit: int) -> bytes:
    body = {
        "error": {
            "status": 413,
            "code": "payload_too_large",
            "message": "the request body is too large",
            "field": None,
            "valid": f"at most {limit} bytes",
            "details": [],
        }
    }
    return json.dumps(body).encode()


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, larger: tuple[tuple[str, int], ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # (path prefix, limit): a clinical record (FHIR Bundle, CDS Hooks prefetch) is bigger than a profile.
        self.larger = larger

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.larger if path.startswith(prefix)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.limit_for(str(scope.get("path", "")))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            await self._refuse(send, max_bytes)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise BodyTooLarge(max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, max_bytes)

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        body = _error_bytes(max_bytes)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
