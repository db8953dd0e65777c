"""Emergency numbers (crampcare.emergency, data/emergency_numbers.yaml): cited, 112 by default, 103 for an ambulance
in Russia, and never 911 or 999 on a page a Russian-speaking reader sees."""

from __future__ import annotations

from crampcare import i18n
from crampcare.emergency import default_number, emergency_numbers, service
from crampcare.web.prefs import DEFAULT_EMERGENCY


def test_every_number_is_cited() -> None:
    data = emergency_numbers()
    known = {source.id for source in data.sources}
    for number in data.numbers:
        assert number.sources, number.number
        assert set(number.sources) <= known, number.number


def test_112_is_the_default_and_103_is_russias_ambulance() -> None:
    assert default_number() == DEFAULT_EMERGENCY == "112"
    assert service("103", "ru") == "скорая помощь"
    assert service("103", "en") == "ambulance"
    assert not any(n.number in ("911", "999") for n in emergency_numbers().numbers)


def test_an_unknown_number_is_named_plainly() -> None:
    assert service("000") == "emergency number"
    with i18n.use("ru"):
        assert service("000") == "номер экстренного вызова"
