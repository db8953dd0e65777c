"""Read a FHIR R4 Bundle (or a CDS Hooks prefetch) with the `fhir.resources` R4B models.

R4B, not the package's default R5 models: R5 renamed and removed elements that real R4 records carry
(`MedicationRequest.medicationCodeableConcept`), so an R4 record would be refused. A Bundle that the
models reject is an InputError naming the entry, the resource and the element, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from functools import cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from crampcare.errors import InputError
from crampcare.i18n import DEFAULT, N_, _, current

MAX_ENTRIES = 5000  # a patient's record for one decision; more is a bulk export, not a request
VALID_BUNDLE = N_("a valid FHIR R4 Bundle")
REMEMBERED = 20_000  # resources whose acceptance is remembered (a digest each, about 100 bytes)


class _Accepted:
    """Digests of the exact JSON of resources the R4B models accepted, the most recently seen kept.

    Validating a resource is a pure function of its JSON, and costs the models about 0.1 ms per resource; an EHR
    sends the same record again each time a chart is opened or an order is selected. Only acceptance is kept: a
    refused resource is validated again, so its error is always the models' own.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.digests: OrderedDict[bytes, None] = OrderedDict()
        self.lock = threading.Lock()

    def __contains__(self, digest: bytes) -> bool:
        with self.lock:
            if digest in self.digests:
                self.digests.move_to_end(digest)
                return True
            return False

    def add(self, digest: bytes) -> None:
        with self.lock:
            self.digests[digest] = None
            if len(self.digests) > self.size:
                self.digests.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.digests.clear()


_accepted = _Accepted(REMEMBERED)


def _digest(model: type[Resource], resource: Any, what: str = "") -> bytes | None:
    """sha256 of the model's name and the resource's JSON text (key order as given); None if it has no JSON text."""
    try:
        text = json.dumps(resource, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None
    name = f"{what}{model.__module__}.{model.__qualname__}"
    return hashlib.sha256(f"{name}\n{text}".encode("utf-8", "surrogatepass")).digest()


WHOLE = "whole "  # the digest of a whole Bundle whose every part was accepted (not the Bundle model's own verdict)


def _where(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """`entry[2] (Observation/o1): valueQuantity.value` from a pydantic error location."""
    if len(loc) >= 3 and loc[0] == "entry" and isinstance(loc[1], int) and loc[2] == "resource":
        index = loc[1]
        entry = data.get("entry") or []
        resource = entry[index].get("resource") if index < len(entry) and isinstance(entry[index], dict) else None
        name = "resource"
        if isinstance(resource, dict):
            name = f"{resource.get('resourceType', 'resource')}/{resource.get('id', '?')}"
        element = ".".join(str(part) for part in loc[3:]) or "(the resource)"
        return f"entry[{index}] ({name}): {element}"
    return ".".join(str(part) for part in loc) or "Bundle"


@cache
def _model(resource_type: str) -> type[Resource] | None:
    """The R4B model of a resource type; None for a name that is not a resource (then the Bundle model says so)."""
    try:
        model = get_fhir_model_class(resource_type)
    except ValueError:
        return None
    return model if isinstance(model, type) and issubclass(model, Resource) and model is not Resource else None


def _refused(data: dict[str, Any], exc: ValidationError, field: str, prefix: tuple[int | str, ...] = ()) -> InputError:
    first = exc.errors()[0]
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    if current() != DEFAULT:  # the R4B models speak English only: say the kind of problem in crampcare's words
        from crampcare.assessment.validation import plain_wording, shorten

        plain = plain_wording(first)
        said = _("this value cannot be accepted (got %(got)s)") % {"got": shorten(repr(first.get("input")))}
        message = plain[0] if plain is not None else said
    more = _(" (and %(count)s more problem(s))") % {"count": exc.error_count() - 1} if exc.error_count() > 1 else ""
    where = _where(data, (*prefix, *tuple(first.get("loc", ()))))
    return InputError(f"{where}: {message}{more}", field=field, valid=_(VALID_BUNDLE))


def parse_bundle(data: Any, *, field: str = "bundle", remember: bool = True) -> None:
    """Check a Bundle against the R4B models; InputError (naming the entry, resource and element) otherwise.

    Each entry's resource is validated with its own model and the Bundle without them: the same checks as
    validating the whole Bundle, about a third cheaper (the Bundle model looks each entry's class up by
    importing it by name, on every call). A resource whose exact JSON the models accepted before is not
    validated again (`_Accepted`), nor is a whole Bundle whose exact JSON was accepted before; `remember=False`
    validates every resource (the reference the tests compare).
    """
    if not isinstance(data, dict):
        raise InputError(
            _("must be a FHIR Bundle (a JSON object), got %(type)s") % {"type": type(data).__name__}, field=field
        )
    if data.get("resourceType") != "Bundle":
        raise InputError(
            _("resourceType must be Bundle, got %(got)s") % {"got": repr(data.get("resourceType"))},
            field=field,
            valid=_("a FHIR R4 Bundle"),
        )
    entries = data.get("entry")
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        raise InputError(
            _("has %(count)s entries; at most %(most)s are read") % {"count": len(entries), "most": MAX_ENTRIES},
            field=f"{field}.entry",
        )
    # The same record as before, whole (an EHR sends it again each time the chart is opened): every part of it was
    # accepted, so it is accepted; one digest instead of one per resource.
    whole = _digest(Bundle, data, WHOLE) if remember else None
    if whole is not None and whole in _accepted:
        return
    _parse_parts(data, entries, field, remember)
    if whole is not None:
        _accepted.add(whole)


def _parse_parts(data: dict[str, Any], entries: Any, field: str, remember: bool) -> None:
    """The Bundle without its resources with the Bundle model, then each resource with its own model."""
    checked: dict[int, tuple[type[Resource], dict[str, Any]]] = {}
    shell = data
    if isinstance(entries, list):
        shell_entries: list[Any] = []
        for index, entry in enumerate(entries):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if not isinstance(resource, dict):
                shell_entries.append(entry)  # the Bundle model refuses it with its own words
                continue
            kind = resource.get("resourceType")
            model = _model(kind) if isinstance(kind, str) else None
            if model is None:  # the Bundle model would fail with a KeyError on an unknown name
                where = _where(data, ("entry", index, "resource", "resourceType"))
                raise InputError(
                    _("%(where)s: %(kind)s is not an R4 resource type") % {"where": where, "kind": repr(kind)},
                    field=field,
                    valid=_(VALID_BUNDLE),
                )
            checked[index] = (model, resource)
            shell_entries.append({key: value for key, value in entry.items() if key != "resource"})
        shell = {**data, "entry": shell_entries}
    try:
        _validate(Bundle, shell, remember)
    except ValidationError as exc:
        raise _refused(data, exc, field) from None
    for index, (model, resource) in checked.items():
        try:
            _validate(model, resource, remember)
        except ValidationError as exc:
            raise _refused(data, exc, field, ("entry", index, "resource")) from None


def _validate(model: type[Resource], data: Any, remember: bool) -> None:
    """`model.model_validate(data)`, skipped when the models accepted the same JSON before (ValidationError)."""
    digest = _digest(model, data) if remember else None
    if digest is not None and digest in _accepted:
        return
    model.model_validate(data)
    if digest is not None:
        _accepted.add(digest)


def bundle_from_prefetch(prefetch: dict[str, Any]) -> dict[str, Any]:
    """One collection Bundle holding every resource of a CDS Hooks prefetch (resources and searchset Bundles).

    A prefetch value may be null (the EHR found nothing, or chose not to prefetch): it adds nothing.
    """
    entries: list[dict[str, Any]] = []
    for key, value in prefetch.items():
        if value is None:
            continue
        if not isinstance(value, dict):
            raise InputError(_("must be a FHIR resource or Bundle"), field=f"prefetch.{key}")
        if value.get("resourceType") == "Bundle":
            for entry in value.get("entry") or []:
                if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                    entries.append({"resource": entry["resource"]})
        else:
            entries.append({"resource": value})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
