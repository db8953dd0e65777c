"""Validate FHIR JSON against HL7's official R4 JSON Schema (vendored in schema/, see its README).

`schema_problems(resource)` lists what the schema refuses, each with the resource type and the element path; a
Bundle's entries are also checked one by one, so a problem inside an entry names that entry. The whole schema's
own `oneOf` over every resource type is checked too (`is_valid`), exactly as a FHIR tool reading the file would.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

SCHEMA = Path(__file__).resolve().parent / "schema" / "fhir.schema.json.gz"
SHA256 = "15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"


@cache
def _schema() -> dict[str, Any]:
    raw = gzip.decompress(SCHEMA.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == SHA256, "the vendored FHIR R4 schema is not the file its README names"
    data: dict[str, Any] = json.loads(raw)
    assert data["id"] == "http://hl7.org/fhir/json-schema/4.0"
    return data


@cache
def _whole() -> jsonschema_rs.Draft6Validator:
    return jsonschema_rs.Draft6Validator(_schema())


@cache
def _one(resource_type: str) -> jsonschema_rs.Draft6Validator:
    schema = _schema()
    if resource_type not in schema["definitions"]:
        raise AssertionError(f"{resource_type!r} is not an R4 resource type")
    return jsonschema_rs.Draft6Validator(
        {"$schema": schema["$schema"], "$ref": f"#/definitions/{resource_type}", "definitions": schema["definitions"]}
    )


def schema_problems(resource: dict[str, Any]) -> list[str]:
    """Every way `resource` breaks the R4 JSON Schema, as 'Type.path: message'; [] when it is valid."""
    kind = str(resource.get("resourceType"))
    problems = [
        f"{kind}.{'.'.join(str(p) for p in error.instance_path)}: {error.message}"
        for error in _one(kind).iter_errors(resource)
    ]
    if kind == "Bundle":
        for i, entry in enumerate(resource.get("entry", [])):
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                problems += [f"entry[{i}].{problem}" for problem in schema_problems(entry["resource"])]
    if not problems and not _whole().is_valid(resource):
        problems.append(f"{kind}: refused by the schema's oneOf over all resource types")
    return problems


def assert_valid_r4(resource: dict[str, Any]) -> None:
    problems = schema_problems(resource)
    assert not problems, "not valid FHIR R4 JSON:\n" + "\n".join(problems)
