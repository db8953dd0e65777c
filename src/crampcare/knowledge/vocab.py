"""Closed vocabularies shared by the knowledge base, the profile and the care plan.

They are Literal types so that pydantic rejects anything else with a message
listing the allowed values, and mypy checks every use.
"""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal[
    "first_aid",
    "home_care",
    "medicine",
    "supplement",
    "vitamin",
    "injection",
    "topical",
    "physiotherapy",
    "diet",
    "prevention",
    "folk_remedy",
    "homeopathy",
    "surgery",
]

# The evidence scale, strongest first. `consensus` is recommended self-care that
# guidelines endorse without trials (e.g. stretching during an attack, CKS A1).
Grade = Literal[
    "effective",
    "possibly_effective",
    "consensus",
    "insufficient",
    "ineffective",
    "not_recommended",
]

Status = Literal["self_care", "discuss_with_doctor", "avoid", "not_recommended"]
# Most restrictive first: when several apply, the earliest in this order wins.
STATUS_SEVERITY: dict[str, int] = {"self_care": 0, "discuss_with_doctor": 1, "not_recommended": 2, "avoid": 3}

Setting = Literal["self", "pharmacist", "doctor", "hospital"]
Route = Literal["none", "oral", "topical", "intramuscular", "intravenous", "inhaled", "mixed"]

Population = Literal["pregnancy", "breastfeeding", "child", "infant", "older_adult"]

TriageLevel = Literal["emergency", "urgent", "see_doctor", "self_care"]
TRIAGE_SEVERITY: dict[str, int] = {"self_care": 0, "see_doctor": 1, "urgent": 2, "emergency": 3}

Severity = Literal["contraindicated", "major", "moderate", "minor"]

Muscle = Literal["calf", "shin", "foot", "toes", "hamstring", "quadriceps", "gluteal", "whole_leg"]
EpisodeSetting = Literal["swimming", "exercise", "walking_standing", "sitting", "bed_night", "other"]
Side = Literal["left", "right", "both"]

Symptom = Literal[
    "calf_swelling",
    "redness_warmth",
    "muscle_weakness",
    "muscle_wasting",
    "twitching",
    "numbness_tingling",
    "dark_urine",
    "severe_pain",
    "fever",
    "pain_on_walking_relieved_by_rest",
    "pale_cold_leg",
    "wound_contaminated",
    "urge_to_move_legs",
    "perioral_tingling",
    "vomiting_diarrhea",
    "bleeding_bruising",
    "tinnitus_visual_disturbance",
    "confusion",
    "toxin_exposure",
    # Pre-eclampsia symptoms (NICE NG133 pathway), clot and heat-illness signs, a child's bone pain (NICE NG12).
    "severe_headache",
    "upper_abdominal_pain",
    "sudden_swelling_face_hands_feet",
    "one_sided_calf_pain",
    "collapse",
    "bone_pain",
    "dizziness",  # raises the risk of falling when getting up with a cramp (first_aid_order.yaml)
    # With exercise and heavy drinking: the warning signs of exercise-associated low sodium (red_flags.yaml).
    "headache",
    "nausea",
    # Features that argue against harmless growing pains in a child (Duodecim; red_flags.yaml).
    "pain_in_one_leg_only",
    "daytime_leg_pain",
    "constant_leg_pain",
    "limping",
    "joint_swelling",
    "weight_loss_or_tiredness",
]

LabName = Literal["potassium", "sodium", "magnesium", "calcium", "ionized_calcium", "glucose", "egfr", "ck", "tsh"]

LifestyleFlag = Literal[
    "exercise_intense",
    "exercise_none",
    "new_or_unusual_exercise",
    "tight_or_high_heeled_shoes",
    "prolonged_sitting_or_standing",
    "hot_weather",
    "stress",
    "caffeine_high",
    "alcohol_high",
    "low_water",
    "high_water",
]

FactorKind = Literal["medication", "condition", "lab", "pregnancy", "lifestyle", "age", "other"]

SourceKind = Literal["article", "guideline", "systematic_review", "review", "trial", "label", "regulator", "reference"]

KINDS: tuple[str, ...] = get_args(Kind)
GRADES: tuple[str, ...] = get_args(Grade)
SYMPTOMS: tuple[str, ...] = get_args(Symptom)
MUSCLES: tuple[str, ...] = get_args(Muscle)
EPISODE_SETTINGS: tuple[str, ...] = get_args(EpisodeSetting)
LAB_NAMES: tuple[str, ...] = get_args(LabName)
