"""The prefetch a CDS Hooks call needs: taken from the request, else fetched from the EHR's FHIR server.

A key the EHR did not prefetch is read from `fhirServer` with the bearer token of `fhirAuthorization`; when
there is neither, the service cannot decide and answers 412, as the specification asks.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from crampcare.api.errors import ApiError

TIMEOUT_SECONDS = 5.0
_TOKEN = re.compile(r"\{\{\s*context\.(\w+)\s*\}\}")


def _query(template: str, context: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        got = context.get(match.group(1))
        if not isinstance(got, str) or not got:
            raise ApiError(400, code="bad_request", message=f"context.{match.group(1)} is required", field="context")
        return got

    return _TOKEN.sub(value, " ".join(template.split()))


def _prefetched(request: dict[str, Any]) -> dict[str, Any]:
    prefetch = request.get("prefetch")
    return prefetch if isinstance(prefetch, dict) else {}


def missing_prefetch(templates: dict[str, str], request: dict[str, Any]) -> bool:
    """Whether `gather` has to read something from fhirServer (and so would wait on the network)."""
    prefetched = _prefetched(request)
    return any(key not in prefetched for key in templates)


def gather(templates: dict[str, str], request: dict[str, Any]) -> dict[str, Any]:
    prefetch = _prefetched(request)
    wanted = {key: template for key, template in templates.items() if key not in prefetch}
    if not wanted:
        return prefetch
    server = request.get("fhirServer")
    if not isinstance(server, str) or not server.startswith(("http://", "https://")):
        raise ApiError(
            412,
            code="precondition_failed",
            message=f"prefetch lacks {', '.join(sorted(wanted))} and no fhirServer was given to fetch them from",
            field="prefetch",
        )
    auth = request.get("fhirAuthorization")
    headers = {"Accept": "application/fhir+json"}
    if isinstance(auth, dict) and isinstance(auth.get("access_token"), str):
        headers["Authorization"] = f"Bearer {auth['access_token']}"
    context = request.get("context") if isinstance(request.get("context"), dict) else {}
    assert isinstance(context, dict)
    out = dict(prefetch)
    with httpx.Client(base_url=server.rstrip("/") + "/", headers=headers, timeout=TIMEOUT_SECONDS) as client:
        for key, template in wanted.items():
            try:
                answer = client.get(_query(template, context))
            except httpx.HTTPError as exc:
                raise ApiError(
                    412,
                    code="precondition_failed",
                    message=f"cannot read {key} from fhirServer: {exc}",
                    field="fhirServer",
                ) from None
            if answer.status_code == 404:
                out[key] = None
                continue
            if answer.status_code != 200:
                raise ApiError(
                    412,
                    code="precondition_failed",
                    message=f"fhirServer answered {answer.status_code} for {key}",
                    field="fhirServer",
                )
            try:
                out[key] = answer.json()
            except ValueError:  # a login page, a proxy's error page: not a FHIR answer
                raise ApiError(
                    412,
                    code="precondition_failed",
                    message=f"fhirServer's answer for {key} is not JSON",
                    field="fhirServer",
                    valid="a FHIR JSON resource or Bundle",
                ) from None
    return out
