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

from crampcare import i18n
from crampcare.assessment.engine import assess
from crampcare.assessment.plan import CarePlan, Option
from crampcare.diary.text import day_text
from crampcare.errors import InputError, StateError, UnknownNameError
from crampcare.experiments.config import protocol
from crampcare.knowledge.language import for_reader
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
    """Why `record` cannot be tested in periods (in the reader's language), or None when it can."""
    return protocol().why_not_testable(record.id, record.kind)


def reader_name(intervention_id: str, stored: str) -> str:
    """The intervention's name in the reader's language; English readers see the name stored with the experiment."""
    if i18n.current() == "en":
        return stored
    record = for_reader(knowledge()).interventions.get(intervention_id)
    return record.name if record is not None else stored


def reader_reasons(intervention_id: str, basis: dict[str, Any], profile: dict[str, Any] | None) -> list[str]:
    """The stored basis's reasons in the reader's language: the profile it was decided on, assessed again in both
    languages, gives them when its English reasons are exactly the stored ones; otherwise they stay as stored."""
    stored = [str(reason) for reason in basis.get("reasons", [])]
    if i18n.current() == "en" or profile is None:
        return stored
    english = _option(assess(profile, lang="en"), intervention_id)
    here = _option(assess(profile), intervention_id)
    if english is None or here is None or english.reasons != stored or len(here.reasons) != len(stored):
        return stored
    return list(here.reasons)


def _option(plan: CarePlan, intervention_id: str) -> Option | None:
    return next((o for o in plan.options if o.id == intervention_id), None)


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
    name = reader_name(record.id, record.name)
    why = testable(record)
    if why:
        raise InputError(_text("not_testable", name=name, why=why), field=FIELD, valid=_text("not_testable_valid"))
    if profile is None:
        raise StateError(_text("no_profile"), field="profile", valid=_text("no_profile_valid"))
    for value, field in ((doctor_agreed, "doctor_agreed"), (clinician.signed if clinician else None, "signed")):
        if value is not None and value > today:
            raise InputError(_text("future_date", value=day_text(value)), field=field, valid=_text("future_date_valid"))
    # The basis is stored in English (the experiment's record, whatever the language of the day); what the person
    # reads now is in their language: the same decisions, the reader's words.
    stored_plan = assess(profile, lang="en")
    plan = stored_plan if i18n.current() == "en" else assess(profile)
    if plan.red_flags:
        flag = plan.red_flags[0]
        raise StateError(
            _text("red_flags", title=flag.title, action=flag.action), field="profile", valid=_text("red_flags_valid")
        )
    option = next(o for o in plan.options if o.id == record.id)
    stored = next(o for o in stored_plan.options if o.id == record.id)
    reasons = "; ".join(option.reasons)
    base = {"status": stored.status, "reasons": stored.reasons}
    if option.status == "avoid":
        raise _refused(name, option)
    if record.prescription or clinician is not None:
        return record, _clinician_basis(record, name, option, clinician, base)
    if option.status == "self_care":
        return record, {**base, "mode": "self_care", "text": basis_text({**base, "mode": "self_care"})}
    if option.status == "discuss_with_doctor":
        if doctor_agreed is None:
            raise InputError(
                _text("needs_doctor", name=name, status=status_label(option.status), reasons=reasons),
                field="doctor_agreed",
                valid=_text("needs_doctor_valid"),
            )
        basis = {**base, "mode": "doctor_agreed", "doctor_agreed": doctor_agreed.isoformat()}
        return record, {**basis, "text": basis_text(basis)}
    raise _refused(name, option)


def _clinician_basis(
    record: Intervention, name: str, option: Option, clinician: Clinician | None, base: dict[str, Any]
) -> dict[str, Any]:
    if clinician is None:
        raise InputError(_text("prescription", name=name), field="clinician", valid=_text("prescription_valid"))
    if option.status == "not_recommended" and not _only_general_restriction(record, base["reasons"]):
        raise InputError(
            _text(
                "clinician_not_recommended",
                name=name,
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
    labels: dict[str, str] = protocol().texts_at("status_label")
    return labels.get(status, status)


def basis_text(basis: dict[str, Any], reasons_read: list[str] | None = None) -> str:
    """Why this could be tested, in words, from the stored basis (also for experiments stored before the words
    changed: the text is made again from its fields, never shown as stored); `reasons_read`: the reasons in the
    reader's language (`reader_reasons`), else the stored ones."""
    mode = basis.get("mode")
    reasons = "; ".join(str(r) for r in (basis.get("reasons", []) if reasons_read is None else reasons_read))
    status = str(basis.get("status", ""))
    if mode == "self_care":
        return protocol().text("basis", "self_care", status=status_label(status or "self_care"), reasons=reasons)
    if mode == "doctor_agreed":
        return protocol().text(
            "basis",
            "doctor_agreed",
            status=status_label(status or "discuss_with_doctor"),
            date=_day(basis.get("doctor_agreed")),
            reasons=reasons,
        )
    if mode == "clinician_protocol":
        return protocol().text(
            "basis",
            "clinician_protocol",
            clinician=basis.get("clinician", ""),
            date=_day(basis.get("signed")),
            status=status_label(status),
            reasons=reasons,
        )
    return str(basis.get("text", ""))


def _day(value: object) -> str:
    """A stored ISO date as the reader writes it (an old record without it: nothing)."""
    return day_text(str(value)) if value else ""


def _only_general_restriction(record: Intervention, english_reasons: list[str]) -> bool:
    """True when the status is the record's own base status with only its base reason (nothing about the person)."""
    return record.base_status.status == "not_recommended" and english_reasons == [record.base_status.reason]


def _refused(name: str, option: Option) -> InputError:
    return InputError(
        _text("refused", name=name, status=status_label(option.status), reasons="; ".join(option.reasons)),
        field=FIELD,
        valid=_text("refused_valid"),
    )
