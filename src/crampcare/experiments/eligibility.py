"""May this person test this intervention, and on what basis?

The intervention's status comes from the person's own care plan (`assess` on the profile stored in the diary):

- `avoid`: never (a contraindication, an interaction or a warning sign in the person's facts);
- a prescription medicine: only on a clinician's protocol (the doctor sets it up and signs it). The doctor may
  test a medicine that is `discuss_with_doctor`, or `not_recommended` only by its general restriction (quinine:
  the MHRA advises against *routine* use and allows a supervised trial in restricted cases); a medicine that is
  `not_recommended` because of the person's own facts is refused;
- otherwise: `self_care`; or `discuss_with_doctor` once a doctor agreed (the date is recorded); `not_recommended`
  never.

A profile whose plan shows a red flag starts no experiment: care comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crampcare.assessment.engine import assess
from crampcare.assessment.plan import Option
from crampcare.errors import InputError, StateError, UnknownNameError
from crampcare.experiments.config import protocol
from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.lookup import resolve_intervention
from crampcare.knowledge.models import Intervention

FIELD = "intervention"


@dataclass(frozen=True)
class Clinician:
    name: str
    signed: dt.date


def _text(key: str, **values: object) -> str:
    return protocol().text("eligibility", key, **values)


def testable(record: Intervention) -> str | None:
    """Why `record` cannot be tested in periods, or None when it can."""
    config = protocol()
    return config.not_testable.get(record.id) or config.not_testable_kinds.get(record.kind)


def basis_for(
    name: str,
    *,
    profile: dict[str, Any] | None,
    today: dt.date,
    doctor_agreed: dt.date | None = None,
    clinician: Clinician | None = None,
) -> tuple[Intervention, dict[str, Any]]:
    """The intervention and the basis to store with the experiment; an InputError says why not and what would do."""
    try:
        record = resolve_intervention(knowledge(), name)
    except UnknownNameError as exc:
        exc.field = exc.field or FIELD  # the error names the field it came from (API and CLI alike)
        raise
    why = testable(record)
    if why:
        raise InputError(
            _text("not_testable", name=record.name, why=why), field=FIELD, valid=_text("not_testable_valid")
        )
    if profile is None:
        raise StateError(_text("no_profile"), field="profile", valid=_text("no_profile_valid"))
    for value, field in ((doctor_agreed, "doctor_agreed"), (clinician.signed if clinician else None, "signed")):
        if value is not None and value > today:
            raise InputError(_text("future_date", value=value), field=field, valid=_text("future_date_valid"))
    plan = assess(profile)
    if plan.red_flags:
        flag = plan.red_flags[0]
        raise StateError(
            _text("red_flags", title=flag.title, action=flag.action), field="profile", valid=_text("red_flags_valid")
        )
    option = next(o for o in plan.options if o.id == record.id)
    reasons = "; ".join(option.reasons)
    base = {"status": option.status, "reasons": option.reasons}
    if option.status == "avoid":
        raise _refused(record, option)
    if record.prescription or clinician is not None:
        return record, _clinician_basis(record, option, clinician, base)
    if option.status == "self_care":
        return record, {**base, "mode": "self_care", "text": basis_text({**base, "mode": "self_care"})}
    if option.status == "discuss_with_doctor":
        if doctor_agreed is None:
            raise InputError(
                _text("needs_doctor", name=record.name, status=status_label(option.status), reasons=reasons),
                field="doctor_agreed",
                valid=_text("needs_doctor_valid"),
            )
        basis = {**base, "mode": "doctor_agreed", "doctor_agreed": doctor_agreed.isoformat()}
        return record, {**basis, "text": basis_text(basis)}
    raise _refused(record, option)


def _clinician_basis(
    record: Intervention, option: Option, clinician: Clinician | None, base: dict[str, Any]
) -> dict[str, Any]:
    if clinician is None:
        raise InputError(_text("prescription", name=record.name), field="clinician", valid=_text("prescription_valid"))
    if option.status == "not_recommended" and not _only_general_restriction(record, option):
        raise InputError(
            _text(
                "clinician_not_recommended",
                name=record.name,
                status=status_label(option.status),
                reasons="; ".join(option.reasons),
            ),
            field=FIELD,
            valid=_text("refused_valid"),
        )
    basis = {**base, "mode": "clinician_protocol", "clinician": clinician.name, "signed": clinician.signed.isoformat()}
    return {**basis, "text": basis_text(basis)}


def status_label(status: str) -> str:
    """The words for an assessment status ("self_care" -> "You can do this yourself"); an unknown one as it is."""
    labels: dict[str, str] = protocol().texts["status_label"]
    return labels.get(status, status)


def basis_text(basis: dict[str, Any]) -> str:
    """Why this could be tested, in words, from the stored basis (also for experiments stored before the words
    changed: the text is made again from its fields, never shown as stored)."""
    mode = basis.get("mode")
    reasons = "; ".join(str(r) for r in basis.get("reasons", []))
    status = str(basis.get("status", ""))
    if mode == "self_care":
        return protocol().text("basis", "self_care", status=status_label(status or "self_care"), reasons=reasons)
    if mode == "doctor_agreed":
        return protocol().text(
            "basis",
            "doctor_agreed",
            status=status_label(status or "discuss_with_doctor"),
            date=basis.get("doctor_agreed", ""),
            reasons=reasons,
        )
    if mode == "clinician_protocol":
        return protocol().text(
            "basis",
            "clinician_protocol",
            clinician=basis.get("clinician", ""),
            date=basis.get("signed", ""),
            status=status_label(status),
            reasons=reasons,
        )
    return str(basis.get("text", ""))


def _only_general_restriction(record: Intervention, option: Option) -> bool:
    """True when the status is the record's own base status with only its base reason (nothing about the person)."""
    return record.base_status.status == "not_recommended" and option.reasons == [record.base_status.reason]


def _refused(record: Intervention, option: Option) -> InputError:
    return InputError(
        _text("refused", name=record.name, status=status_label(option.status), reasons="; ".join(option.reasons)),
        field=FIELD,
        valid=_text("refused_valid"),
    )
