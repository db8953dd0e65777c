"""Property-based API testing from the OpenAPI schema, on SQLite and on PostgreSQL.

Every check schemathesis has runs: no server error, documented status codes,
content types and headers, responses matching their schema, schema-violating
requests refused, a 405 with the right Allow header, and positive-data
acceptance (a request that fits the schema is not refused as invalid).

Where the API and the schema disagreed, the schema now says the rule (ranges
of an experiment, intervention ids as an enum, a non-empty change, a medicine
name with a visible character, a search with a letter or digit) and the API
answers a request the diary's state does not allow with 404 (nothing there)
or 409 (an experiment already running, not paused), not 422. A few rules
cannot be written in JSON Schema at all: a date relative to today, a name
that must match the knowledge base, clinical consistency across fields, the
content rules of a FHIR Bundle. For those, and only for the fields listed in
`NOT_IN_JSON_SCHEMA` with their reason, a 422 naming that field is accepted;
any other 422 to schema-valid data fails the test.

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

import re
import tempfile
import uuid
from collections.abc import Iterator

from crampcare import plaintext
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


# operation -> {field the 422 names: why JSON Schema cannot say the rule}
NOT_IN_JSON_SCHEMA: dict[str, dict[str, str]] = {
    "POST /api/v1/assess": {
        "*profile": "clinical consistency across fields (pregnancy by age and sex, labs against conditions, ...)",
        "*names": "condition, medicine and allergy names are matched against the knowledge base and its aliases",
        "keep_unchecked": "each entry must also be one of the conditions (a cross-field rule)",
    },
    "PUT /api/v1/diary/profile": {
        "*profile": "the same profile rules as POST /api/v1/assess",
        "*names": "the same name matching as POST /api/v1/assess",
        "keep_unchecked": "the same rule as POST /api/v1/assess",
    },
    "POST /api/v1/assess/fhir": {"bundle": "the content rules of a FHIR R4 Bundle (resource types, codes, units)"},
    "POST /api/v1/assess/fhir/document": {
        "bundle": "the content rules of a FHIR R4 Bundle (resource types, codes, units)"
    },
    "POST /api/v1/diary/episodes": {"started": "a cramp cannot start in the future (relative to now)"},
    "PATCH /api/v1/diary/episodes/{episode_id}": {
        "*episode": "the changed fields are checked against the stored episode (the body is a free-form change)",
    },
    "PUT /api/v1/diary/checkins": {"day": "a check-in day cannot be in the future (relative to today)"},
    "POST /api/v1/experiments": {
        "start": "the first day must lie within a year before and 90 days after today",
        "intervention": "an intervention is found by name or alias in the knowledge base, and must be testable",
        "clinician": "a clinician's name and the signing date go together",
        "signed": "the signing date cannot be in the future",
        "doctor_agreed": "needed when the intervention is 'discuss with a doctor' for the stored profile",
        "washout_days": "at most half of the chosen period length",
    },
    "POST /api/v1/experiments/today": {"day": "a check-in day cannot be after today"},
}
PROFILE_FIELDS = re.compile(
    r"^(age_years|sex|pregnancy_weeks|breastfeeding|weight_kg|labs|vitals|lifestyle|symptoms|pattern|episode)\b"
)
NAME_FIELDS = re.compile(r"^(conditions|medications|allergies)\b")
EPISODE_FIELDS = re.compile(r"^(started|duration_minutes|tried|triggers|body|muscle|side|setting)\b")


def _allowed_422(label: str, field: str | None) -> bool:
    rules = NOT_IN_JSON_SCHEMA.get(label, {})
    name = field or ""
    if name.split(".")[0] in rules:
        return True
    return (
        ("*profile" in rules and bool(PROFILE_FIELDS.match(name)))
        or ("*names" in rules and bool(NAME_FIELDS.match(name)))
        or ("*episode" in rules and bool(EPISODE_FIELDS.match(name)))
    )


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return plaintext.first_control(value) is not None
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    return isinstance(value, list) and any(_has_control(v) for v in value)


def _control_valids() -> set[str]:
    """What a control-character refusal gives as valid, in each language (a request may ask for Russian)."""
    from crampcare import i18n

    said = set()
    for lang in i18n.LANGUAGES:
        with i18n.use(lang):
            said.add(i18n._(plaintext.VALID))
    return said


def _check(case: Any) -> None:
    response = case.call()
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and response.status_code == 422:
        error = response.json()["error"]
        if error["valid"] in _control_valids() and _has_control(case.body):
            # schemathesis's coverage phase can make a "valid" string that breaks the schema's pattern (no control
            # characters): the request was not schema-valid, and its refusal is right.
            case.validate_response(response, excluded_checks=[positive_data_acceptance])
            return
        assert _allowed_422(case.operation.label, error["field"]), (
            f"{case.operation.label}: schema-valid data refused: {error}"
        )
        case.validate_response(response, excluded_checks=[positive_data_acceptance])
        return
    case.validate_response(response)  # every check, positive-data acceptance among them


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
