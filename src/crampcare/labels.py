"""Names of fixed values (grades, factor kinds, lab statuses, muscles, settings, sides, units) as people read them.

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

MUSCLE_LABELS = Labels(
    {
        "calf": N_("Calf"),
        "foot": N_("Foot / sole"),
        "toes": N_("Toes"),
        "shin": N_("Shin / front of leg"),
        "hamstring": N_("Back of thigh"),
        "quadriceps": N_("Front of thigh"),
        "gluteal": N_("Buttock"),
        "whole_leg": N_("Whole leg"),
    }
)
SETTING_LABELS = Labels(
    {
        "bed_night": N_("In bed / at night"),
        "swimming": N_("Swimming"),
        "exercise": N_("During sport"),
        "walking_standing": N_("Walking or standing"),
        "sitting": N_("Sitting"),
        "other": N_("Somewhere else"),
    }
)
SIDE_LABELS = Labels({"left": N_("Left"), "right": N_("Right"), "both": N_("Both")})
CHART_LABELS = Labels(
    {
        "frequency": N_("Frequency"),
        "time-of-day": N_("Time of day"),
        "muscles": N_("Muscles"),
        "severity": N_("Severity"),
    }
)
KIND_LABELS = Labels(
    {
        "first_aid": N_("First aid"),
        "home_care": N_("Home care"),
        "medicine": N_("Medicine"),
        "supplement": N_("Supplement"),
        "vitamin": N_("Vitamin"),
        "injection": N_("Injection"),
        "topical": N_("On the skin"),
        "physiotherapy": N_("Physiotherapy"),
        "diet": N_("Diet"),
        "prevention": N_("Prevention"),
        "folk_remedy": N_("Folk remedy"),
        "homeopathy": N_("Homeopathy"),
        "surgery": N_("Surgery"),
    }
)
