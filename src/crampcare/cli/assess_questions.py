"""The interactive questionnaire of `crampcare assess`: at most ten questions (eleven in pregnancy, with the
latest blood pressure), red flags first.

An answer that makes the situation an emergency stops the questions and shows
what to do now. Skip logic: no pregnancy question for men or children under 9,
no setting question without a muscle.
"""

from __future__ import annotations

from typing import Any, TextIO

from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt

from crampcare.cli.output import safe_console
from crampcare.cli.prompts import ChoicePrompt, NumberPrompt, YesNo, choose, plain_number
from crampcare.errors import UnknownNameError
from crampcare.i18n import N_, Labels, _

# (label, what it adds to the profile). Numbers are what the person types; labels are translated when shown.
RED_FLAG_CHOICES: list[tuple[str, dict[str, Any]]] = [
    (N_("One calf is swollen, red or warm"), {"symptoms": ["calf_swelling", "redness_warmth"]}),
    (
        N_("A cramp has lasted over 10 minutes and is not easing"),
        {"episode": {"duration_minutes": 15, "ongoing": True}},
    ),
    (N_("Dark, cola-coloured urine with severe muscle pain"), {"symptoms": ["dark_urine", "severe_pain"]}),
    (N_("A cut or wound with soil or dirt in it"), {"symptoms": ["wound_contaminated"]}),
    (N_("Contact with a poison such as lead or mercury"), {"symptoms": ["toxin_exposure"]}),
    (N_("New weakness or shrinking of the leg muscles"), {"symptoms": ["muscle_weakness", "muscle_wasting"]}),
    # These two matter in a context (exercise; quinine), so the label says which: a bare "bleeding" would be
    # asked and then, without quinine, change nothing.
    (N_("During or after exercise: confusion, vomiting or collapse"), {"symptoms": ["confusion", "vomiting_diarrhea"]}),
    (
        N_("Taking quinine (or much tonic water): bleeding, bruising, ringing ears or blurred vision"),
        {"symptoms": ["bleeding_bruising", "tinnitus_visual_disturbance"], "medications": ["quinine"]},
    ),
    (N_("The leg is pale and cold"), {"symptoms": ["pale_cold_leg"]}),
    # Read with the pregnancy week and blood pressure asked later (NICE NG133; red_flags/audit19.yaml).
    (
        N_(
            "Pregnant: severe headache, blurred or flashing vision, pain under the ribs, sudden swelling of face or "
            "hands"
        ),
        {
            "symptoms": [
                "severe_headache",
                "tinnitus_visual_disturbance",
                "upper_abdominal_pain",
                "sudden_swelling_face_hands_feet",
            ]
        },
    ),
    # Only a child's rule uses these (growing pains do not look like this); for an adult they change nothing.
    (
        N_("For a child: a limp; pain that is constant, by day or always in one leg; a swollen joint; weight loss"),
        {
            "symptoms": [
                "limping",
                "constant_leg_pain",
                "daytime_leg_pain",
                "pain_in_one_leg_only",
                "joint_swelling",
                "weight_loss_or_tiredness",
            ]
        },
    ),
]
MUSCLES = ["calf", "shin", "foot", "toes", "hamstring", "quadriceps", "gluteal", "whole_leg"]
SETTINGS = ["bed_night", "walking_standing", "sitting", "exercise", "swimming", "other"]
SEXES = Labels({"female": N_("Female"), "male": N_("Male"), "other": N_("Other")})


def _limits(low: float, high: float) -> dict[str, str]:
    return {"low": plain_number(low), "high": plain_number(high)}


def _merge(profile: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, list):
            profile.setdefault(key, []).extend(v for v in value if v not in profile.get(key, []))
        elif isinstance(value, dict):
            profile.setdefault(key, {}).update(value)
        else:
            profile[key] = value


class Asker:
    def __init__(self, console: Console, stream: TextIO | None) -> None:
        self.console = console
        self.stream = stream

    def text(self, question: str, default: str = "") -> str:
        return Prompt.ask(question, console=self.console, default=default, stream=self.stream).strip()

    def number(
        self,
        question: str,
        low: float,
        high: float,
        default: float | None = None,
        *,
        unit: str = "",
        whole: bool = False,
    ) -> float:
        """A number from `low` to `high`; refused with its limits and `unit` (already translated), and a fraction
        refused where the answer is whole (a week of pregnancy typed 20.5 was cut to 20 unsaid)."""
        while True:
            if default is None:
                value = NumberPrompt.ask(question, console=self.console, stream=self.stream)
            else:
                value = NumberPrompt.ask(question, console=self.console, stream=self.stream, default=default)
            if low <= value <= high and not (whole and value != int(value)):
                return int(value) if whole else value
            limits = _limits(low, high) | {"unit": unit}
            if whole:
                self.console.print(_("Please give a whole number between %(low)s and %(high)s %(unit)s.") % limits)
            elif unit:
                self.console.print(_("Please give a number between %(low)s and %(high)s %(unit)s.") % limits)
            else:
                self.console.print(_("Please give a number between %(low)s and %(high)s.") % limits)

    def optional_number(self, question: str, low: float, high: float) -> float | None:
        """A number, or None when the person presses Enter (they may not know)."""
        while True:
            answer = Prompt.ask(question, console=self.console, default="", stream=self.stream).strip()
            if not answer:
                return None
            try:
                value = float(answer.replace(",", "."))
            except ValueError:
                value = float("nan")
            if low <= value <= high:
                return value
            self.console.print(
                _("Please give a number between %(low)s and %(high)s, or press Enter to skip.") % _limits(low, high)
            )

    def blood_pressure(self, question: str) -> tuple[float, float] | None:
        """ "164/112" → (164, 112); None when the person presses Enter. A lower reading at or above the upper one is
        asked again: swapped numbers would hide a high pressure."""
        while True:
            answer = Prompt.ask(question, console=self.console, default="", stream=self.stream).strip()
            if not answer:
                return None
            upper, _slash, lower = answer.replace(" ", "").partition("/")
            try:
                systolic, diastolic = float(upper), float(lower)
            except ValueError:
                systolic = diastolic = float("nan")
            if 40 <= systolic <= 300 and 20 <= diastolic <= 200 and diastolic < systolic:
                return systolic, diastolic
            self.console.print(_("Please give it as upper/lower, e.g. 120/80, or press Enter to skip."))

    def choice(self, question: str, choices: list[str], labels: Any, default: str) -> str:
        return choose(question, choices, labels, default, console=self.console, stream=self.stream)

    def yes(self, question: str) -> bool:
        return YesNo.ask(question, console=self.console, default=False, stream=self.stream)

    def red_flags(self) -> dict[str, Any]:
        self.console.print(_("First, does any of these apply right now?"))
        for number, (label, _extra) in enumerate(RED_FLAG_CHOICES, 1):
            self.console.print(f"  {number}. {_(label)}")
        while True:
            raw = self.text(_("Numbers separated by commas, or Enter for none"))
            picked = [part.strip() for part in raw.replace(" ", ",").split(",") if part.strip()]
            if all(p.isdigit() and 1 <= int(p) <= len(RED_FLAG_CHOICES) for p in picked):
                break
            self.console.print(_("Please type numbers from 1 to %(num)s.") % {"num": len(RED_FLAG_CHOICES)})
        found: dict[str, Any] = {}
        for p in picked:
            _merge(found, RED_FLAG_CHOICES[int(p) - 1][1])
        return found

    def names(self, question: str, check: Any) -> list[str]:
        while True:
            raw = self.text(question)
            names = [n.strip() for n in raw.split(",") if n.strip()]
            try:
                for name in names:
                    check(name)
            except UnknownNameError as exc:
                self.console.print(exc.one_line())
                continue
            return names

    def conditions(self, question: str, misspelling: Any) -> tuple[list[str], list[str]]:
        """The conditions typed, and those the person chose to keep unchecked (issue 11 §5). A name that very
        probably misspells a known condition (`misspelling(name)` gives that condition's name) is asked about,
        never guessed: use the known name, keep the typed one unchecked, or type the list again."""
        while True:
            names = [n.strip() for n in self.text(question).split(",") if n.strip()]
            kept: list[str] = []
            for i, name in enumerate(names):
                known = misspelling(name)
                if known is None:
                    continue
                names_of = {"name": name, "known": known}
                self.console.print(
                    _("'%(name)s' looks like a misspelling of '%(known)s', a condition crampcare knows.") % names_of
                )
                self.console.print("  1. " + _("use '%(known)s'") % names_of)
                self.console.print(
                    "  2. "
                    + _("keep '%(name)s' unchecked (the plan comes with a warning that it was not checked)") % names_of
                )
                self.console.print("  3. " + _("type the conditions again"))
                # No default: pressing Enter must not choose for the person.
                answer = ChoicePrompt.ask(
                    _("1, 2 or 3"), console=self.console, choices=["1", "2", "3"], stream=self.stream
                )
                if answer == "3":
                    break
                if answer == "1":
                    names[i] = known
                else:
                    kept.append(name)
            else:
                return names, kept


def _misspelling(kb: Any, name: str) -> str | None:
    """The known condition `name` very probably misspells, as the assessment would name it; None otherwise."""
    from crampcare.knowledge.lookup import check_condition

    try:
        check_condition(kb, name)
    except UnknownNameError as exc:
        return exc.suggestions[0] if exc.suggestions else None
    return None


def _stop_if_emergency(profile: dict[str, Any], console: Console) -> bool:
    from crampcare.assessment.engine import assess

    plan = assess({"age_years": 40, **profile})  # age is asked next; red flags do not depend on it
    if plan.triage.level != "emergency":
        return False
    flags = "\n".join(f"• {f.title}: {f.action}" for f in plan.red_flags)
    console.print(Panel(f"{plan.triage.action}\n\n{flags}", title=_("EMERGENCY"), style="bold white on red"))
    return True


def ask(console: Console | None = None, stream: TextIO | None = None) -> dict[str, Any] | None:
    """Ask the questions and return a profile dict, or None after an emergency answer (already shown)."""
    from crampcare.knowledge.loader import knowledge
    from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS

    console = console or safe_console()
    q = Asker(console, stream)
    profile = q.red_flags()  # 1
    if _stop_if_emergency(profile, console):
        return None
    profile["age_years"] = q.number(_("Age in years"), 0, 120, unit=_("years"))  # 2
    age = profile["age_years"]
    if age >= 9:
        profile["sex"] = q.choice(_("Sex"), list(SEXES), SEXES, "female")  # 3
        if profile["sex"] != "male" and q.yes(_("Are you pregnant?")):  # 4
            profile["pregnancy_weeks"] = int(q.number(_("Week of pregnancy"), 1, 42, unit=_("weeks"), whole=True))
            pressure = q.blood_pressure(_("Latest blood pressure, e.g. 120/80 (Enter if not known)"))  # 4b
            if pressure is not None:
                profile["vitals"] = {"systolic_bp": pressure[0], "diastolic_bp": pressure[1]}
    muscle = q.choice(_("Which muscle cramps"), MUSCLES, MUSCLE_LABELS, "calf")  # 5
    setting = q.choice(_("Where did it start"), SETTINGS, SETTING_LABELS, "bed_night")  # 6
    _merge(profile, {"episode": {"muscle": muscle, "setting": setting}})
    per_week = q.number(_("About how many cramps a week (0 if this is the first)"), 0, 200, default=0)  # 7
    if per_week > 0:
        profile["pattern"] = {"episodes_per_week": per_week, "mostly_at_night": setting == "bed_night"}
        weeks = q.optional_number(_("For how many weeks (Enter if you are not sure)"), 0, 520)  # 8
        if weeks is not None:
            profile["pattern"]["weeks"] = weeks
    medicines = q.names(_("Medicines you take (comma-separated, Enter for none)"), lambda _name: None)  # 9
    # Added to, not replaced: a warning-sign answer may already have named one (quinine).
    profile["medications"] = list(dict.fromkeys([*profile.get("medications", []), *medicines]))
    kb = knowledge()
    conditions, kept = q.conditions(  # 10
        _("Long-term conditions (comma-separated, Enter for none)"), lambda name: _misspelling(kb, name)
    )
    profile["conditions"] = conditions
    if kept:
        profile["keep_unchecked"] = kept
    return profile
