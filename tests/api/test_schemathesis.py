"""Property-based API testing from the OpenAPI schema: whatever a client sends, no 5xx.

In-process (ASGI), a bounded number of examples per operation so the run stays
well under a minute; the report download is left out (it renders a PDF per
example and has no input to fuzz).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

DB_DIR = Path(__file__).resolve().parents[2] / "artifacts" / "schemathesis"


def _app() -> Any:
    DB_DIR.mkdir(parents=True, exist_ok=True)
    db = DB_DIR / "diary.db"
    for leftover in DB_DIR.glob("diary.db*"):
        leftover.unlink()
    # schemathesis calls the app as "testserver": allowed explicitly (a local server answers only loopback names).
    return create_app(Settings(database_url=f"sqlite:///{db}", allowed_hosts=("testserver",)))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app()).exclude(path="/api/v1/diary/report.pdf")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:500]}"
    )
