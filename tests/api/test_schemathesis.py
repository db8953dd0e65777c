"""Property-based API testing from the OpenAPI schema, on SQLite and on PostgreSQL.

Every check schemathesis has runs (no server error, documented status codes,
content types and headers, responses matching their schema, schema-violating
requests refused, a 405 with the right Allow header), except one:
`positive_data_acceptance`. It expects every request that fits the JSON Schema
to succeed, but some rules cannot be written in JSON Schema: a cramp cannot be
logged in the future, a condition or medicine name must be known, a diary
entry id must exist. Those answers are 422/404 in the documented error shape,
which the other checks do verify.

In-process (ASGI), a fixed example budget per operation (derandomized), so the
run stays bounded; the PDF downloads are left out (they render a PDF per
example and take no input to fuzz).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import positive_data_acceptance

import tempfile
import uuid
from collections.abc import Iterator

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

EXAMPLES = 10  # per operation and database: about 40 operations x 2 databases, a minute or two in all
DSN = "host=127.0.0.1 port=5432 user=crampcare password=crampcare dbname=crampcare_test"
PG_SCHEMA = f"schemathesis_{uuid.uuid4().hex[:10]}"


def _schema(url: str) -> Any:
    # schemathesis calls the app as "testserver": allowed explicitly (a local server answers only loopback names).
    app = create_app(Settings(database_url=url, allowed_hosts=("testserver",)))
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path_regex=r"\.pdf$")


def _postgres_url() -> str | None:
    """A fresh schema on the test PostgreSQL, or None when it cannot be reached (the test is then skipped)."""
    import psycopg

    try:
        with psycopg.connect(DSN, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{PG_SCHEMA}"')
    except psycopg.Error:
        return None
    return f"postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_test?options=-csearch_path%3D{PG_SCHEMA}"


# The apps are built when the module is collected: schemathesis reads each one's OpenAPI schema then.
sqlite_schema = _schema(f"sqlite:///{tempfile.mkdtemp(prefix='crampcare-schemathesis-')}/diary.db")
PG_URL = _postgres_url()
postgres_schema = _schema(PG_URL) if PG_URL else sqlite_schema


@pytest.fixture(scope="module", autouse=True)
def _drop_postgres_schema() -> Iterator[None]:
    yield
    if PG_URL:
        import psycopg

        from crampcare.diary.db import dispose_engines

        dispose_engines()
        with psycopg.connect(DSN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{PG_SCHEMA}" CASCADE')


def _check(case: Any) -> None:
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@sqlite_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract_on_sqlite(case: Any) -> None:
    _check(case)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@postgres_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract_on_postgresql(case: Any, postgres_available: bool) -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not reachable")
    _check(case)
