"""Observations: laboratory results by LOINC (units converted) and pregnancy status with gestational age.

The newest final result per analyte is used; older ones, results past the age limit and everything that
cannot be read are reported with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from crampcare.assessment.profile import Labs
from crampcare.fhir.clock import ReadAt
from crampcare.fhir.codes import codes, loinc_index, unit_key
from crampcare.fhir.result import Unmapped, Used, lab_value, lab_what, note, unmapped
from crampcare.fhir.values import codings, day, has_code, observed_at, ref

FINAL = frozenset({"final", "amended", "corrected"})


@dataclass
class Reading:
    resource: str
    name: str  # analyte
    value: float
    unit: str
    when: datetime
    source: str


@dataclass
class ObservationsRead:
    labs: dict[str, float] = field(default_factory=dict)
    pregnancy_weeks: int | None = None
    used: list[Used] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)


def _loinc(resource: dict[str, Any]) -> list[str]:
    loinc = codes().systems.loinc
    return [str(c.get("code")) for c in codings(resource.get("code")) if c.get("system") == loinc]


def _quantity(resource: dict[str, Any]) -> dict[str, Any] | None:
    quantity = resource.get("valueQuantity")
    return quantity if isinstance(quantity, dict) else None


def _convert(resource: dict[str, Any], name: str, what: str) -> tuple[float, str] | Unmapped:
    rid = ref(resource)
    quantity = _quantity(resource)
    if quantity is None or quantity.get("value") is None:
        return unmapped(rid, "value[x]", what, "no_value")
    if quantity.get("comparator"):
        limit = f"{quantity['comparator']} {quantity['value']}"
        return unmapped(rid, "valueQuantity.comparator", what, "comparator", limit)
    unit = str(quantity.get("code") or quantity.get("unit") or "")
    factor = _factors(name).get(unit_key(unit))
    if factor is None:
        return unmapped(rid, "valueQuantity.code", what, "unknown_unit", repr(unit or "(none)"))
    value = float(quantity["value"]) * factor
    return round(value, 3 if value < 10 else 1), unit


@cache
def _factors(name: str) -> dict[str, float]:
    """An analyte's unit conversions, keyed by `unit_key` (codes() is read once, so these are built once)."""
    return {unit_key(key): factor for key, factor in codes().labs[name].units.items()}


@cache
def _bounds(name: str) -> tuple[Any, Any]:
    """The lowest and highest value the profile's Labs model accepts for an analyte (None: no bound)."""
    model_field = Labs.model_fields.get(name)
    if model_field is None:
        return None, None
    low = next((m.ge for m in model_field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in model_field.metadata if hasattr(m, "le")), None)
    return low, high


def _plausible(name: str, value: float) -> bool:
    low, high = _bounds(name)
    return (low is None or value >= low) and (high is None or value <= high)


def _readings(observations: list[dict[str, Any]], out: ObservationsRead) -> list[Reading]:
    index = loinc_index()
    glucose = codes().not_fasting_glucose
    found: list[Reading] = []
    for resource in observations:
        loincs = _loinc(resource)
        names = [index[code] for code in loincs if code in index]
        rid = ref(resource)
        if not names:
            if any(code in glucose.loinc for code in loincs):
                out.unmapped.append(unmapped(rid, "code", f"LOINC {loincs[0]}", "not_used_lab", glucose.why))
            continue
        name = names[0]
        status = str(resource.get("status"))
        when = observed_at(resource)
        what = lab_what(name, when=day(when).isoformat() if when else "")
        if status not in FINAL:
            out.unmapped.append(unmapped(rid, "status", what, "not_final", status))
            continue
        if when is None:
            out.unmapped.append(unmapped(rid, "effective[x]", what, "no_date"))
            continue
        converted = _convert(resource, name, what)
        if isinstance(converted, Unmapped):
            out.unmapped.append(converted)
            continue
        value, unit = converted
        lab = codes().labs[name]
        what = lab_what(name, value, lab.unit, day(when).isoformat())
        if not _plausible(name, value):
            out.unmapped.append(unmapped(rid, "valueQuantity.value", what, "implausible", lab_value(value, lab.unit)))
            continue
        found.append(Reading(rid, name, value, unit, when, f"LOINC {loincs[0]}, {unit}, {when.isoformat()}"))
    return found


def _choose(readings: list[Reading], at: ReadAt, out: ObservationsRead) -> None:
    limit = timedelta(days=codes().max_age_days)
    grace = timedelta(hours=codes().future_grace_hours)
    newest: dict[str, Reading] = {}
    for reading in sorted(readings, key=lambda r: (r.when, r.resource), reverse=True):
        what = lab_what(reading.name, reading.value, codes().labs[reading.name].unit, day(reading.when).isoformat())
        if at.before(reading.when, grace):  # never the newest result: it would set aside the real one
            out.unmapped.append(unmapped(reading.resource, "effective[x]", what, "future", reading.when.isoformat()))
            continue
        if reading.name in newest:
            kept = newest[reading.name]
            detail = f"{kept.resource}, {day(kept.when).isoformat()}"
            out.unmapped.append(unmapped(reading.resource, "effective[x]", what, "superseded", detail))
            continue
        newest[reading.name] = reading
        lab = codes().labs[reading.name]
        if at.older_than(reading.when, limit):
            detail = day(reading.when).isoformat()
            out.unmapped.append(
                unmapped(reading.resource, "effective[x]", what, "too_old", detail, days=codes().max_age_days)
            )
            continue
        if not lab.use:
            out.unmapped.append(unmapped(reading.resource, "code", what, "not_used_lab", lab.why_not_used or ""))
            continue
        out.labs[reading.name] = reading.value
        notes = [note("calcium_total")] if lab.note and reading.name == "calcium" else []
        out.used.append(
            Used(
                resource=reading.resource,
                field=f"labs.{reading.name}",
                value=reading.value,
                source=reading.source,
                notes=notes,
            )
        )


def _weeks(resource: dict[str, Any], at: ReadAt) -> float | None:
    quantity = _quantity(resource)
    when = observed_at(resource)
    if quantity is None or quantity.get("value") is None or when is None:
        return None
    unit = unit_key(str(quantity.get("code") or quantity.get("unit") or ""))
    per_week = {"wk": 1.0, "week": 1.0, "weeks": 1.0, "d": 1 / 7, "day": 1 / 7, "days": 1 / 7}.get(unit)
    if per_week is None:
        return None
    # The pregnancy went on since the measurement: today's week is the measured one plus the time since.
    return float(quantity["value"]) * per_week + at.days_since(when) / 7


def _pregnancy(observations: list[dict[str, Any]], at: ReadAt, out: ObservationsRead) -> None:
    now = at.now
    preg = codes().pregnancy
    loinc, snomed = codes().systems.loinc, codes().systems.snomed
    limit = timedelta(days=codes().max_age_days)
    statuses = [o for o in observations if has_code(o.get("code"), loinc, preg.status_loinc)]
    ages = [o for o in observations if has_code(o.get("code"), loinc, preg.gestational_age_loinc)]
    statuses = sorted(
        (o for o in statuses if str(o.get("status")) in FINAL and observed_at(o)),
        key=lambda o: observed_at(o) or now,
        reverse=True,
    )
    ages = sorted(
        (o for o in ages if str(o.get("status")) in FINAL and observed_at(o)),
        key=lambda o: observed_at(o) or now,
        reverse=True,
    )
    status = statuses[0] if statuses else None
    if status is not None and at.older_than(observed_at(status) or now, limit):
        out.unmapped.append(
            unmapped(
                ref(status),
                "effective[x]",
                "pregnancy status",
                "too_old",
                day(observed_at(status) or now).isoformat(),
                days=codes().max_age_days,
            )
        )
        status = None
    pregnant = status is not None and has_code(status.get("valueCodeableConcept"), snomed, preg.pregnant)
    not_pregnant = status is not None and has_code(status.get("valueCodeableConcept"), snomed, preg.not_pregnant)
    if status is not None and not (pregnant or not_pregnant):
        out.unmapped.append(
            unmapped(
                ref(status), "valueCodeableConcept", "pregnancy status", "unknown_code", "this pregnancy status value"
            )
        )
    age = ages[0] if ages else None
    if (
        not_pregnant
        and status is not None
        and age is not None
        and (observed_at(age) or now) > (observed_at(status) or now)
    ):
        # A gestational age measured after the "not pregnant" status: a new pregnancy, so the newer fact wins.
        not_pregnant = False
    if not_pregnant:
        out.used.append(
            Used(
                resource=ref(status or {}),
                field="pregnancy_weeks",
                value="not pregnant",
                source="LOINC 82810-3: SNOMED 60001007",
            )
        )
        if age is not None:
            out.unmapped.append(
                unmapped(
                    ref(age),
                    "valueQuantity",
                    "gestational age",
                    "pregnancy_conflict",
                    "the newer pregnancy status says not pregnant",
                )
            )
        return
    weeks = _weeks(age, at) if age is not None else None
    if age is not None and weeks is None:
        out.unmapped.append(
            unmapped(ref(age), "valueQuantity", "gestational age", "unknown_unit", "(weeks or days expected)")
        )
    if weeks is not None and age is not None:
        if weeks > 42:
            out.unmapped.append(
                unmapped(ref(age), "valueQuantity", "gestational age", "pregnancy_over", f"{weeks:.0f}")
            )
            return
        out.pregnancy_weeks = max(1, int(weeks))
        out.used.append(
            Used(
                resource=ref(age),
                field="pregnancy_weeks",
                value=out.pregnancy_weeks,
                source=f"gestational age {_quantity(age)}, counted on to today",
            )
        )
        return
    if pregnant and status is not None:
        out.unmapped.append(
            unmapped(ref(status), "valueCodeableConcept", "pregnant, week unknown", "pregnancy_unknown_week")
        )


def read_observations(observations: list[dict[str, Any]], at: ReadAt) -> ObservationsRead:
    """The labs and pregnancy of a record's Observations as of `at.now` (each question about the time asked of `at`)."""
    out = ObservationsRead()
    _choose(_readings(observations, out), at, out)
    _pregnancy(observations, at, out)
    return out


def is_pregnancy_observation(resource: dict[str, Any]) -> bool:
    preg = codes().pregnancy
    return has_code(resource.get("code"), codes().systems.loinc, [*preg.status_loinc, *preg.gestational_age_loinc])


def is_lab(resource: dict[str, Any]) -> bool:
    glucose = codes().not_fasting_glucose.loinc
    return any(code in loinc_index() or code in glucose for code in _loinc(resource))
