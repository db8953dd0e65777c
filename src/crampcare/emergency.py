"""Emergency numbers for the "Call" button: which number, what service it reaches, and the source that says so.

The facts live in data/emergency_numbers.yaml (each number cited). The interfaces show the number a person
chose; until then the default (112). A number crampcare has no record of is still dialled as typed, named
only as "emergency number".
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare import i18n


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    en: str
    ru: str

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


class Number(_Strict):
    number: str
    service: Words
    where: Words
    sources: list[str]


class Source(_Strict):
    id: str
    title: str
    url: str | None = None
    note: str | None = None


class EmergencyNumbers(_Strict):
    default: str
    numbers: list[Number]
    sources: list[Source]


@cache
def emergency_numbers() -> EmergencyNumbers:
    text = files("crampcare").joinpath("data/emergency_numbers.yaml").read_text(encoding="utf-8")
    return EmergencyNumbers.model_validate(yaml.safe_load(text))


def known(number: str) -> Number | None:
    return next((n for n in emergency_numbers().numbers if n.number == number), None)


def service(number: str, lang: str | None = None) -> str:
    """What a number reaches, in the reader's language ("ambulance" / "скорая помощь")."""
    record = known(number)
    if record is not None:
        return record.service.get(lang or i18n.current())
    return i18n._("emergency number")


def default_number() -> str:
    return emergency_numbers().default
