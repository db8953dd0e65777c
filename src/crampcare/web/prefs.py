"""A person's settings for this browser: the emergency number and the units lab results are typed in.

They live in a long-lived cookie of their own (not the session, which ends at sign-out or after 14 days):
settings are about the phone in the person's hand, and a precached first-aid page must show the number
they chose. A cookie value that is not valid is ignored (the default is shown, and the settings page says
which value it uses); saving always checks and names the field.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from typing import Literal

from fastapi import Request, Response

from crampcare.errors import InputError
from crampcare.i18n import _

COOKIE = "crampcare_prefs"
MAX_AGE = 10 * 365 * 24 * 3600
DEFAULT_EMERGENCY = "112"  # data/emergency_numbers.yaml: Europe and Russia; GSM phones route it in many more
LabUnits = Literal["mmol", "mg"]
LAB_UNITS: tuple[LabUnits, ...] = ("mmol", "mg")
# A number a phone can dial: digits, an optional leading +, at most 15 digits (E.164's length).
NUMBER = re.compile(r"\+?[0-9]{2,15}")


@dataclass(frozen=True)
class Prefs:
    emergency_number: str = DEFAULT_EMERGENCY
    lab_units: LabUnits = "mmol"


def emergency_number(text: str) -> str:
    """The number as dialled (spaces and dashes dropped), or InputError naming the field."""
    compact = re.sub(r"[\s\-()]", "", text)
    if not NUMBER.fullmatch(compact):
        raise InputError(
            _("%(text)s is not a phone number") % {"text": repr(text.strip())},
            field="emergency_number",
            valid=_("2 to 15 digits, e.g. 112 or 911"),
        )
    return compact


def lab_units(text: str) -> LabUnits:
    for units in LAB_UNITS:
        if text == units:
            return units
    raise InputError(
        _("unknown units %(text)s") % {"text": repr(text)}, field="lab_units", valid=_("mmol (mmol/L) or mg (mg/dL)")
    )


def read(request: Request) -> Prefs:
    """The browser's settings; anything missing or not valid falls back to its default."""
    number, _, units = request.cookies.get(COOKIE, "").partition("_")
    prefs = Prefs()
    with contextlib.suppress(InputError):
        prefs = replace(prefs, emergency_number=emergency_number(number))
    with contextlib.suppress(InputError):
        prefs = replace(prefs, lab_units=lab_units(units))
    return prefs


def store(response: Response, prefs: Prefs, *, secure: bool) -> None:
    # "112_mmol": characters a cookie carries unquoted (a number is digits and "+", units are letters).
    value = f"{prefs.emergency_number}_{prefs.lab_units}"
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, secure=secure, samesite="lax")
