"""Names of the knowledge base's fixed values (evidence grades, factor kinds, lab statuses) as a person reads them.

The web, the CLI and the reports show the same words, translated from the catalogue in the active language
(`make messages` extracts the N_ marks); the ids themselves stay as the knowledge base spells them.
"""

from __future__ import annotations

from crampcare.i18n import N_, Labels

GRADE_LABELS = Labels(
    {
        "effective": N_("Effective"),
        "possibly_effective": N_("Possibly effective"),
        "consensus": N_("Expert consensus"),
        "insufficient": N_("Insufficient evidence"),
        "ineffective": N_("Shown ineffective"),
        "not_recommended": N_("Advised against"),
    }
)
FACTOR_KIND_LABELS = Labels(
    {
        "medication": N_("medicine"),
        "condition": N_("condition"),
        "lab": N_("lab result"),
        "pregnancy": N_("pregnancy"),
        "lifestyle": N_("lifestyle"),
        "age": N_("age"),
        "other": N_("other"),
    }
)
LAB_STATUS_LABELS = Labels({"low": N_("low"), "normal": N_("normal"), "high": N_("high")})
UNIT_LABELS = Labels({"mg": N_("mg"), "µg": N_("µg"), "kcal": N_("kcal"), "g": N_("g")})
PER_LABELS = Labels({"100g": N_("100 g"), "serving": N_("serving"), "100kcal": N_("100 kcal")})
FOOD_CREDIT = N_("Food data: USDA National Nutrient Database for Standard Reference, Release 28 (public domain).")
