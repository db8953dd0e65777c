"""The sentences `crampcare diary …` says about what it did (import, wipe) and an episode's fields, in the
reader's language; split from `cli/diary.py` so the command module holds only the commands."""

from __future__ import annotations

from typing import Any

from crampcare.diary.text import day_text
from crampcare.i18n import _, ngettext


def shown(key: str, value: Any) -> str:
    """A field as a person reads it: triggers by their labels, each intervention tried by its name, with its effect."""
    if key == "triggers":
        from crampcare.diary.vocabulary import triggers

        labels = triggers()
        return ", ".join(labels.get(trigger, trigger) for trigger in value)
    if key == "tried":
        from crampcare.knowledge.language import for_reader
        from crampcare.knowledge.loader import knowledge

        known = for_reader(knowledge()).interventions
        return ", ".join(
            _("%(name)s (effect %(effect)s of 3)")
            % {"name": known[item["id"]].name if item["id"] in known else item["id"], "effect": item["effect"]}
            for item in value
        )
    return str(value)


def import_lines(result: dict[str, Any]) -> list[str]:
    """What an import did, and every day whose stored check-in was kept over the file's."""
    lines = [
        _(
            "Imported %(episodes)s, %(checkins)s, %(profiles)s; skipped %(same_episodes)s and %(same_checkins)s "
            "identical to ones already in the diary."
        )
        % {
            "episodes": episodes(result["episodes"]),
            "checkins": checkins(result["checkins"]),
            "profiles": count(
                ngettext("%(num)s profile version(s)", "%(num)s profile version(s)", result["profile_versions"]),
                result["profile_versions"],
            ),
            "same_episodes": episodes(result["skipped_duplicates"]),
            "same_checkins": checkins(result["checkins_identical"]),
        }
    ]
    conflicts: list[str] = result["checkin_conflicts"]
    if conflicts:
        more = len(conflicts) - 10
        days = ", ".join(day_text(day) for day in conflicts[:10]) + (
            count(ngettext(" and %(num)s more", " and %(num)s more", more), more) if more > 0 else ""
        )
        lines.append(
            _(
                "Kept your existing check-in for %(days)s (the file's differs). To take the file's instead, delete "
                "yours first (%(command)s) and import again."
            )
            % {"days": days, "command": f"crampcare diary checkin --delete --day {conflicts[0]}"}
        )
    if result.get("experiments") or result.get("experiments_identical"):
        lines.append(
            _("Experiments: %(added)s added, %(identical)s identical to ones already in the diary.")
            % {"added": result["experiments"], "identical": result["experiments_identical"]}
        )
    lines += [_("Kept out: %(reason)s") % {"reason": reason} for reason in result.get("experiment_conflicts", [])]
    return lines


def wiped_line(removed: dict[str, int]) -> str:
    """What `diary wipe` deleted."""
    profiles, experiments, history = removed["profile_versions"], removed["experiments"], removed["history"]
    return _("Wiped the diary (%(episodes)s, %(checkins)s, %(profiles)s, %(experiments)s, %(history)s).") % {
        "episodes": episodes(removed["episodes"]),
        "checkins": checkins(removed["checkins"]),
        "profiles": count(
            ngettext("%(num)s stored profile version(s)", "%(num)s stored profile version(s)", profiles), profiles
        ),
        "experiments": count(ngettext("%(num)s experiment(s)", "%(num)s experiment(s)", experiments), experiments),
        "history": count(ngettext("%(num)s history record(s)", "%(num)s history record(s)", history), history),
    }


def count(text: str, number: int) -> str:
    return text % {"num": number}


# English keeps "episode(s)" as it always read; Russian has its three forms (1 эпизод, 2 эпизода, 5 эпизодов).
def episodes(number: int) -> str:
    return count(ngettext("%(num)s episode(s)", "%(num)s episode(s)", number), number)


def checkins(number: int) -> str:
    return count(ngettext("%(num)s check-in(s)", "%(num)s check-in(s)", number), number)
