"""CDS Hooks authentication: in server mode every call carries a JWT from an allow-listed issuer.

The EHR signs a JWT (ES384 or RS384; never `none`, never a shared-secret HMAC) whose `aud` is the URL it
calls, with `iss`, `exp`, `iat` and `jti`. crampcare checks the signature with the issuer's public key
(configured, never fetched: nothing is downloaded at run time), the audience, the times (at most five
minutes of life, 30 seconds of clock skew) and refuses a `jti` it has already seen.

Issuers: CRAMPCARE_CDS_ISSUERS names a JSON file {"https://ehr.example/": "-----BEGIN PUBLIC KEY-----…"}.
Without it, server mode has no trusted issuer and the services answer 403. Local mode does not check.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from threading import Lock
from typing import Any

import jwt
from starlette.requests import Request

from crampcare.api.errors import ApiError

ISSUERS_ENV = "CRAMPCARE_CDS_ISSUERS"
ALGORITHMS = ("ES384", "RS384")
LEEWAY_SECONDS = 30
MAX_LIFETIME_SECONDS = 300 + LEEWAY_SECONDS
SEEN_LIMIT = 200_000


class CdsAuth:
    """The allow-listed issuers and the token ids already used (until their expiry)."""

    def __init__(self, issuers: dict[str, str]) -> None:
        self.issuers = issuers
        self.seen: dict[str, float] = {}
        self.lock = Lock()

    @classmethod
    def from_env(cls) -> CdsAuth:
        path = os.environ.get(ISSUERS_ENV, "").strip()
        if not path:
            return cls({})
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ApiError(500, code="internal", message=f"{ISSUERS_ENV}: cannot read {path}: {exc}") from None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ApiError(500, code="internal", message=f"{ISSUERS_ENV}: must map issuer to a PEM public key")
        return cls({str(k): v for k, v in data.items()})

    def _remember(self, jti: str, expires: float) -> bool:
        now = time.time()
        with self.lock:
            if len(self.seen) > SEEN_LIMIT or any(t < now for t in list(self.seen.values())[:64]):
                self.seen = {k: t for k, t in self.seen.items() if t >= now}
            if jti in self.seen:
                return False
            self.seen[jti] = expires
            return True

    def verify(self, request: Request) -> dict[str, Any]:
        if not self.issuers:
            raise _refused(403, "no trusted CDS Hooks issuer is configured on this server", ISSUERS_ENV)
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise _refused(401, "a JWT is required (Authorization: Bearer …)", "Authorization")
        token = header[len("Bearer ") :].strip()
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as exc:
            raise _refused(401, f"the JWT cannot be read: {exc}", "Authorization") from None
        if algorithm not in ALGORITHMS:
            raise _refused(401, f"JWT algorithm {algorithm!r} is not accepted", "Authorization", ", ".join(ALGORITHMS))
        key = self.issuers.get(str(issuer))
        if key is None:
            raise _refused(401, f"issuer {issuer!r} is not trusted", "Authorization")
        audience = str(request.url).split("?", 1)[0]
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[str(algorithm)],
                audience=audience,
                issuer=str(issuer),
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError as exc:
            raise _refused(401, f"the JWT was refused: {exc}", "Authorization") from None
        if float(claims["exp"]) - time.time() > MAX_LIFETIME_SECONDS:
            raise _refused(401, "the JWT lives longer than five minutes", "Authorization")
        if not self._remember(str(claims["jti"]), float(claims["exp"]) + LEEWAY_SECONDS):
            raise _refused(401, "this JWT (jti) was already used", "Authorization")
        return claims


def _refused(status: int, message: str, field: str, valid: str | None = None) -> ApiError:
    code = "unauthorized" if status == 401 else "forbidden"
    return ApiError(status, code=code, message=message, field=field, valid=valid)
