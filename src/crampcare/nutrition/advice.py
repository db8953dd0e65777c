"""Pure helpers for the assessment engine's `diet` section and for `crampcare foods top`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crampcare.assessment.profile import Profile
from crampcare.i18n import _
from crampcare.nutrition import filters, russian
from crampcare.nutrition.foods import COLUMN, Food, food_table, nutrient
from crampcare.nutrition.limits import Limit, limits_for, must_limit_potassium
from crampcare.nutrition.menu import kind_of, preferences_of
from crampcare.nutrition.wording import english

PER_CHOICES: tuple[str, ...] = ("100g", "serving", "100kcal")
# A food counts as potassium-rich above this many mg per serving (≈ a medium banana has 420 mg).
POTASSIUM_RICH_MG_PER_SERVING = 300.0
# The menu preference (1 = the most everyday) up to which a food counts as everyday advice.
EVERYDAY_PREFERENCE = 1.4

__all__ = ["Limit", "RankedFood", "limits_for", "must_limit_potassium", "top_foods", "top_foods_for"]


@dataclass(frozen=True)
class RankedFood:
    food: Food
    amount: float  # of the nutrient, per `per`
    per: str


def top_foods(
    nutrient_name: str,
    *,
    per: str = "100g",
    group: str | None = None,
    exclude: tuple[str, ...] = (),
    diet: str | None = None,
    limit: int = 10,
    exclude_potassium_rich: bool = False,
    everyday_only: bool = False,
) -> list[RankedFood]:
    """The richest menu foods in a nutrient, per 100 g, per serving or per 100 kcal."""
    from crampcare.errors import InputError

    item = nutrient(nutrient_name)
    if per not in PER_CHOICES:
        raise InputError(_("unknown basis %(per)s") % {"per": repr(per)}, field="--per", valid=", ".join(PER_CHOICES))
    if not 1 <= limit <= 500:
        raise InputError(_("limit %(limit)s out of range") % {"limit": limit}, field="--limit", valid="1-500")
    table = food_table()
    mask = filters.menu_mask(table) & filters.diet_mask(table, diet)
    if group:
        wanted = group.casefold()
        local = russian.groups()  # a Russian reader may name the group in Russian («овощ», «рыба»)
        mask &= np.array([wanted in g.casefold() or wanted in local.get(g, "").casefold() for g in table.groups])
        if not mask.any():
            groups = sorted(set(table.groups) if english() else set(local.values()))
            said = _("no foods in group %(group)s") % {"group": repr(group)}
            raise InputError(said, field="--group", valid="; ".join(groups))
    if exclude:
        filters.check_exclusions(table, exclude, field="--exclude")
        mask &= ~filters.excluded_mask(table, exclude)
        if not mask.any():  # an empty list with success would read as "no food has any of this nutrient"
            words = ", ".join(repr(word) for word in exclude)
            raise InputError(
                _("no foods are left after excluding %(words)s") % {"words": words},
                field="--exclude",
                valid=_(
                    "fewer or more specific words; each leaves out foods whose name or group contains it, "
                    "e.g. --exclude peanut"
                ),
            )
    grams = table.serving_grams / 100.0
    if everyday_only:
        mask &= preferences_of(table) <= EVERYDAY_PREFERENCE
    if exclude_potassium_rich:
        potassium = np.nan_to_num(table.values[:, COLUMN["potassium"]], nan=np.inf) * grams
        mask &= potassium <= POTASSIUM_RICH_MG_PER_SERVING
    values = table.values[:, COLUMN[item.id]]
    if per == "serving":
        values = values * grams
    elif per == "100kcal":
        kcal = table.values[:, COLUMN["energy"]]
        values = np.where(kcal >= 5, values / np.maximum(kcal, 5) * 100, np.nan)  # skip near-zero-energy items
    score = np.where(mask & ~np.isnan(values), values, -np.inf)
    order = np.argsort(-score, kind="stable")[:limit]
    return [RankedFood(table.foods[i], float(score[i]), per) for i in order if np.isfinite(score[i])]


def top_foods_for(nutrient_name: str, limit: int = 5, exclude_potassium_rich: bool = False) -> list[str]:
    """Names of everyday foods rich in a nutrient (per serving); never potassium-rich ones when asked not to."""
    if nutrient(nutrient_name).id == "potassium" and exclude_potassium_rich:
        return []  # someone who must limit potassium gets no potassium-rich suggestions at all

    # Advice a person can act on names everyday, generic foods first (the menu's own preference rules:
    # no caviar or branded granola bars); less common foods only fill the list when too few qualify.
    def ranked_by_serving(everyday_only: bool) -> list[RankedFood]:
        return top_foods(
            nutrient_name,
            per="serving",
            limit=limit * 10,
            exclude_potassium_rich=exclude_potassium_rich,
            everyday_only=everyday_only,
        )

    names: list[str] = []
    kinds: set[str] = set()
    for everyday_only in (True, False):  # less common foods only fill the list when too few everyday ones qualify
        for entry in ranked_by_serving(everyday_only):  # one per kind of food: "Spinach", not three spinach dishes
            kind = kind_of(entry.food.name)
            if kind not in kinds:
                kinds.add(kind)
                names.append(entry.food.name)
        if len(names) >= limit:
            break
    return names[:limit]


def diet_advice(profile: Profile, nutrients: list[str], limit: int = 5) -> dict[str, list[str]]:
    """Foods per nutrient for this person, respecting a potassium ceiling."""
    limited = must_limit_potassium(limits_for(profile))
    return {name: top_foods_for(name, limit, exclude_potassium_rich=limited) for name in nutrients}
