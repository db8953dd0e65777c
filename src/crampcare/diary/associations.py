"""Do cramps follow days with a factor (heat, alcohol, unusual exercise …)? Compared only with enough data.

For each factor recorded in daily check-ins, the days split into days with the
factor and days without it (days with no check-in, or the factor left blank,
are left out: unknown is not "no"). The episodes of a day include the night
after it (the day rule), so this compares "cramps after a heat day" with
"cramps after other days".

- Rate ratio of episodes per day, with an exact test: conditional on the total
  number of episodes, the episodes on factor days are binomial with
  p = n_with / (n_with + n_without) under "no difference"; the 95 % CI comes
  from the Clopper–Pearson interval of that proportion.
- Nights with any cramp: Fisher's exact test on the 2 × 2 table.

An association is not proof of cause, and testing many factors turns up some
by chance: the output says both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from crampcare.diary.analysis import MIN_DAYS_PER_GROUP, Episodes
from crampcare.diary.facts import CheckinFact, as_summary
from crampcare.i18n import N_, _, current, format_number

Factor = Callable[[CheckinFact], bool | None]

# Cut-offs here split days for a comparison; they are analysis choices, not advice on how much to drink.
FACTORS: dict[str, tuple[str, Factor]] = {
    "heat": (N_("a hot day"), lambda c: c.heat),
    "tight_shoes": (N_("tight or high-heeled shoes"), lambda c: c.tight_shoes),
    "unusual_exercise": (N_("unusual exercise"), lambda c: c.unusual_exercise),
    "intense_exercise": (N_("intense exercise"), lambda c: None if c.exercise is None else c.exercise == "intense"),
    "no_exercise": (N_("no exercise"), lambda c: None if c.exercise is None else c.exercise == "none"),
    "alcohol": (N_("any alcohol"), lambda c: None if c.alcohol_units is None else c.alcohol_units > 0),
    "caffeine_3_plus": (
        N_("3 or more cups of caffeine"),
        lambda c: None if c.caffeine_cups is None else c.caffeine_cups >= 3,
    ),
    "water_under_1_5_l": (
        N_("under 1.5 L of water"),
        lambda c: None if c.water_litres is None else c.water_litres < 1.5,
    ),
}

CAVEAT = N_(
    "An association is not proof of cause, and with several factors tested one may look linked by chance; "
    "treat a finding as a question for your doctor."
)


def _medicine_factors(checkins: Sequence[CheckinFact]) -> dict[str, tuple[str, Factor]]:
    """A factor per medicine named in check-ins: taken that day vs a check-in day without it."""
    names = Counter(name.strip().lower() for c in checkins for name in c.medicines if name.strip())
    factors: dict[str, tuple[str, Factor]] = {}
    for name in sorted(names):
        factors[f"medicine:{name}"] = (_("taking %(name)s") % {"name": name}, _took(name))
    return factors


def _took(name: str) -> Factor:
    return lambda c: name in {m.strip().lower() for m in c.medicines}


def compare(factor_id: str, label: str, split: dict[bool, list[int]]) -> dict[str, Any]:
    """One factor: counts per group, the rate ratio with its CI and exact test, and the nights' Fisher test."""
    with_days, without_days = split[True], split[False]
    base = {"factor": factor_id, "label": label, "days_with": len(with_days), "days_without": len(without_days)}
    if len(with_days) < MIN_DAYS_PER_GROUP or len(without_days) < MIN_DAYS_PER_GROUP:
        return base | {
            "available": False,
            "missing": _(
                "needs at least %(min)s check-in days with %(label)s and %(min)s without "
                "(have %(with)s with and %(without)s without)"
            )
            % {"min": MIN_DAYS_PER_GROUP, "label": _(label), "with": len(with_days), "without": len(without_days)},
        }
    k1, k0 = sum(with_days), sum(without_days)
    nights1, nights0 = sum(1 for n in with_days if n), sum(1 for n in without_days if n)
    base |= {"episodes_with": k1, "episodes_without": k0, "cramp_nights_with": nights1, "cramp_nights_without": nights0}
    if k1 + k0 == 0:
        return base | {"available": False, "missing": _("no cramps on the compared days, so nothing to compare")}
    return (
        base
        | {"available": True}
        | _rate_ratio(k1, len(with_days), k0, len(without_days))
        | _fisher(nights1, len(with_days), nights0, len(without_days))
    )


def _rate_ratio(k1: int, n1: int, k0: int, n0: int) -> dict[str, Any]:
    from scipy.stats import binomtest

    test = binomtest(k1, k1 + k0, p=n1 / (n1 + n0))
    ci = test.proportion_ci(confidence_level=0.95, method="exact")
    scale = n0 / n1

    def to_ratio(p: float) -> float | None:
        return None if p >= 1.0 else round(p / (1.0 - p) * scale, 3)

    ratio = None if k0 == 0 else round((k1 / n1) / (k0 / n0), 3)
    return {
        "rate_with": round(k1 / n1, 3),
        "rate_without": round(k0 / n0, 3),
        "rate_ratio": ratio,  # None: no episodes on days without the factor (the ratio is unbounded)
        "ci95": [to_ratio(float(ci.low)), to_ratio(float(ci.high))],  # None as upper bound: unbounded
        "p_value": round(float(test.pvalue), 4),
        "test": "exact conditional binomial test of two Poisson rates",
    }


def _fisher(a: int, n1: int, b: int, n0: int) -> dict[str, Any]:
    from scipy.stats import fisher_exact

    result = fisher_exact([[a, n1 - a], [b, n0 - b]])
    return {"nights_p_value": round(float(result.pvalue), 4), "nights_test": "Fisher's exact test"}


def _number(value: float) -> str:
    """A figure of a comparison: as Python writes it in English (unchanged), with the reader's decimal comma else."""
    return str(value) if current() == "en" else format_number(value, digits=4)


def summary_line(row: dict[str, Any]) -> str:
    """One plain sentence per factor, always with the uncertainty."""
    english = str(row["label"])
    label = _(english)
    if not row["available"]:
        return _("%(label)s: not enough data — %(missing)s.") % {"label": label, "missing": row["missing"]}
    low, high = row["ci95"]
    ratio = _number(row["rate_ratio"]) if row["rate_ratio"] is not None else "∞"
    verdict = _("no clear difference")
    if row["p_value"] < 0.05:
        verdict = _("more cramps") if (low or 0) > 1 or row["rate_ratio"] is None else _("fewer cramps")
    return _(
        "%(label)s: %(verdict)s — %(with)s vs %(without)s cramps per day (rate ratio %(ratio)s, "
        "95 %% CI %(low)s–%(high)s, exact p = %(p)s; %(days_with)s vs %(days_without)s days)."
    ) % {
        "label": label,
        "verdict": verdict,
        "with": _number(row["rate_with"]),
        "without": _number(row["rate_without"]),
        "ratio": ratio,
        "low": _number(low) if low is not None else "0",
        "high": _number(high) if high is not None else "∞",
        "p": _number(row["p_value"]),
        "days_with": row["days_with"],
        "days_without": row["days_without"],
    }


def associations(episodes: Episodes, checkins: Sequence[CheckinFact]) -> list[dict[str, Any]]:
    """Every factor compared (or the data it still needs), the available ones first."""
    per_day = as_summary(episodes).day_counts()
    rows = []
    for factor_id, (label, factor) in (FACTORS | _medicine_factors(checkins)).items():
        split: dict[bool, list[int]] = {True: [], False: []}
        for checkin in checkins:
            value = factor(checkin)
            if value is not None:
                split[bool(value)].append(per_day.get(checkin.day, 0))
        row = compare(factor_id, label, split)
        rows.append(row | {"summary": summary_line(row)})
    return sorted(rows, key=lambda r: (not r["available"], r.get("p_value", 1.0), r["factor"]))
