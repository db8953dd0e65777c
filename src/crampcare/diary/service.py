"""The diary as the CLI, the API and the web app use it: a database URL in, plain data out.

Each write is one transaction (`session_scope(write=True)`); each function
opens its own, so a failure leaves the diary as it was before the call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crampcare.diary import repository as repo
from crampcare.diary.db import session_scope
from crampcare.diary.facts import CheckinFact, EpisodeFact, Summary
from crampcare.diary.schemas import CheckinIn, EpisodeIn, StoredEpisodeIn, problems, validate
from crampcare.diary.stats import compute_stats, pattern
from crampcare.diary.timeutil import from_stored, local_zone
from crampcare.errors import InputError
from crampcare.i18n import _

if TYPE_CHECKING:
    from crampcare.assessment.episode_advice import EpisodeAdvice


def log_episode(data: dict[str, Any], *, db_url: str | None = None) -> dict[str, Any]:
    episode = validate(EpisodeIn, data)
    with session_scope(db_url, write=True) as session:
        return repo.episode_dict(repo.add_episode(session=session, episode=episode))


def get_episode(episode_id: int, *, db_url: str | None = None) -> dict[str, Any]:
    with session_scope(db_url) as session:
        return repo.episode_dict(repo.get_episode(session=session, episode_id=episode_id))


def list_episodes(*, db_url: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    with session_scope(db_url) as session:
        return [repo.episode_dict(row) for row in repo.list_episodes(session=session, limit=limit)]


def warning_sign_episodes(*, db_url: str | None = None, limit: int = 5) -> tuple[int, list[dict[str, Any]]]:
    """How many cramps were logged with swelling or weakness, and the newest `limit` of them."""
    with session_scope(db_url) as session:
        total, rows = repo.episodes_with_warning_signs(session=session, limit=limit)
        return total, [repo.episode_dict(row) for row in rows]


EDITABLE = frozenset(EpisodeIn.model_fields)


RELAXED_ON_STORE = frozenset({"duration_minutes", "started"})  # what StoredEpisodeIn allows more widely
NEW_INPUT_STAND_INS: dict[str, Any] = {"duration_minutes": 1.0, "started": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)}


def edit_episode(episode_id: int, changes: dict[str, Any], *, db_url: str | None = None) -> dict[str, Any]:
    """Change some fields of an episode; the previous version is kept in the history table."""
    with session_scope(db_url, write=True) as session:
        row = repo.get_episode(session=session, episode_id=episode_id)
        merged = _edited(row, changes)
        found = _edit_problems(merged, changes)
        if found:
            raise found[0]
        episode = validate(StoredEpisodeIn, merged)
        return repo.episode_dict(repo.replace_episode(session=session, episode_id=episode_id, episode=episode))


def edit_problems(episode_id: int, changes: dict[str, Any], *, db_url: str | None = None) -> list[InputError]:
    """Every problem `edit_episode` would refuse these changes for, one per field ([] when it would save them): an
    edit form shows them all at once, instead of sending a person back once per field."""
    with session_scope(db_url) as session:
        merged = _edited(repo.get_episode(session=session, episode_id=episode_id), changes)
    return _edit_problems(merged, changes)


def _edited(row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """The episode with `changes` applied; a field that cannot be edited is refused."""
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise InputError(
            _("cannot edit %(name)s") % {"name": repr(unknown[0])}, field=unknown[0], valid=", ".join(sorted(EDITABLE))
        )
    current = repo.episode_dict(row)
    # The start as an aware time in its own zone: its ISO text would keep only the offset, and every edit
    # would turn "Europe/Berlin" into "+02:00".
    current["started"] = from_stored(row.started_utc, row.tz)
    return {key: current[key] for key in EDITABLE} | changes


def _edit_problems(merged: dict[str, Any], changes: dict[str, Any]) -> list[InputError]:
    """A stored value an older version allowed (a 0-minute duration) must not block editing another field, but a
    changed duration or start meets the rules of new input: those are checked first, with the untouched relaxed
    fields stood in for by values new input allows; then the episode as stored. The first problem of each field."""
    found: list[InputError] = []
    if RELAXED_ON_STORE & set(changes):
        stand_ins = {key: value for key, value in NEW_INPUT_STAND_INS.items() if key not in changes}
        found += problems(EpisodeIn, merged | stand_ins)
    found += problems(StoredEpisodeIn, merged)
    first: dict[str | None, InputError] = {}
    for problem in found:
        first.setdefault(problem.field, problem)
    return list(first.values())


def delete_episode(episode_id: int, *, db_url: str | None = None) -> dict[str, Any]:
    with session_scope(db_url, write=True) as session:
        return repo.delete_episode(session=session, episode_id=episode_id)


def save_checkin(data: dict[str, Any], *, db_url: str | None = None, keep: Collection[str] = ()) -> dict[str, Any]:
    """Save a day's check-in, replacing that day's (the old one goes to history).

    `keep` names fields a caller does not ask about (the web form has no medicines or note): when `data`
    lacks one of them, the stored value of that day stays instead of being erased. The read and the write
    are one transaction, so a concurrent save cannot slip in between.
    """
    checkin = validate(CheckinIn, data)
    with session_scope(db_url, write=True) as session:
        stored = repo.find_checkin(session=session, day=checkin.day, lock=True) if keep else None
        if stored is not None:
            kept = {key: value for key, value in repo.checkin_dict(stored).items() if key in keep and key not in data}
            checkin = validate(CheckinIn, checkin.model_dump() | kept)
        return repo.checkin_dict(repo.save_checkin(session=session, checkin=checkin))


def get_checkin(day: dt.date, *, db_url: str | None = None) -> dict[str, Any] | None:
    """The stored check-in of `day`, or None."""
    with session_scope(db_url) as session:
        row = repo.find_checkin(session=session, day=day)
        return None if row is None else repo.checkin_dict(row)


def delete_checkin(day: dt.date | str, *, db_url: str | None = None) -> dict[str, Any]:
    """Delete the check-in of a day (a copy stays in the history table); returns what was deleted."""
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip())
        except ValueError:
            raise InputError(
                _("not a date: %(text)s") % {"text": repr(day)}, field="day", valid=_("YYYY-MM-DD, e.g. 2024-05-01")
            ) from None
    with session_scope(db_url, write=True) as session:
        return repo.delete_checkin(session=session, day=day)


def list_checkins(*, db_url: str | None = None) -> list[dict[str, Any]]:
    with session_scope(db_url) as session:
        return [repo.checkin_dict(row) for row in repo.list_checkins(session=session)]


# --- profile --------------------------------------------------------------------------------


def check_profile(data: Any, *, check_names: bool = True) -> dict[str, Any]:
    """Validate an assessment profile (the contract of issue 3) and return it as stored JSON.

    `check_names` also resolves the conditions; an import turns it off, so that a profile stored before a
    vocabulary change can always be restored from its export.
    """
    from crampcare.assessment.validation import parse_profile
    from crampcare.knowledge.loader import knowledge
    from crampcare.knowledge.lookup import check_condition, normalise

    if not isinstance(data, dict):
        raise InputError(_("a profile is a JSON object"), field="profile")
    profile = parse_profile(data)  # the assessment's own checks: everyday symptom names, ranges named
    if not check_names:
        return profile.model_dump(mode="json", exclude_none=True)
    kb = knowledge()
    kept = {normalise(name) for name in profile.keep_unchecked}
    for i, name in enumerate(profile.conditions):
        # A very probable misspelling is refused now, with the suggestion (it would only be refused later, at
        # assessment), unless the person chose to keep it unchecked; a condition crampcare does not know is kept:
        # the assessment lists it as unchecked.
        check_condition(kb, name, field=f"conditions[{i}]", keep_unchecked=normalise(name) in kept)
    return profile.model_dump(mode="json", exclude_none=True)


def save_profile(data: Any, *, db_url: str | None = None) -> dict[str, Any]:
    """Store a new version of the profile (older versions stay)."""
    profile = check_profile(data)
    with session_scope(db_url, write=True) as session:
        row = repo.save_profile(session=session, data=profile)
        return {"version": row.id, "saved_utc": row.saved_utc.isoformat() + "Z", "profile": row.data}


def load_profile_file(path: str | Path) -> dict[str, Any]:
    from crampcare.inputfiles import load_json, read_text

    return check_profile(load_json(read_text(path, field="FILE"), name=str(path), field="FILE"))


def current_profile(*, db_url: str | None = None) -> dict[str, Any] | None:
    with session_scope(db_url) as session:
        row = repo.latest_profile(session=session)
        if row is None:
            return None
        return {"version": row.id, "saved_utc": row.saved_utc.isoformat() + "Z", "profile": dict(row.data)}


def advice_for(episode: dict[str, Any], *, db_url: str | None = None) -> EpisodeAdvice:
    """What a logged episode calls for (its red flags, by the care plan's rules), with the diary's stored profile,
    in the reader's language (the same records and decisions; only their texts differ)."""
    from crampcare import i18n
    from crampcare.assessment.config import speaking
    from crampcare.assessment.episode_advice import episode_advice
    from crampcare.knowledge.language import knowledge_in, language

    stored = current_profile(db_url=db_url)
    code = language(i18n.current())
    with speaking(code):
        return episode_advice(episode, stored["profile"] if stored else None, knowledge_in(code))


# --- analysis --------------------------------------------------------------------------------


def facts(*, db_url: str | None = None) -> tuple[list[EpisodeFact], list[CheckinFact]]:
    """Everything the analysis reads, as plain data, in one read transaction."""
    with session_scope(db_url) as session:
        rows = repo.episode_facts(session=session)
        checkins = repo.checkin_facts(session=session)
    return [EpisodeFact(*row) for row in rows], checkins


def summary(*, db_url: str | None = None) -> tuple[Summary, list[CheckinFact]]:
    """What `stats` reads: the episodes aggregated by the database, and the check-ins, in one read transaction."""
    with session_scope(db_url) as session:
        return repo.episode_summary(session=session), repo.checkin_facts(session=session)


def today_local() -> dt.date:
    """Today's diary day (before 06:00 it is still yesterday's night)."""
    from crampcare.diary.timeutil import diary_day

    return diary_day(dt.datetime.now(local_zone()).replace(tzinfo=None))


def stats(*, db_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    episodes, checkins = summary(db_url=db_url)
    return compute_stats(episodes, checkins, today=today or today_local())


def profile_for_assessment(db_url: str | None) -> dict[str, Any]:
    """The stored profile with the diary's pattern merged in (for `crampcare assess --from-diary`).

    The pattern is the diary's: episodes per week over the last 4 weeks, weeks of
    records, and whether most episodes were at night. Raises `InputError` when no
    profile is stored yet, naming the command that stores one. Only the command line uses it: a mistyped
    `--db` is reported, never created as a new empty diary.
    """
    from crampcare.diary.db import cli_url

    db_url = cli_url(db_url, must_exist=True)
    stored = current_profile(db_url=db_url)
    if stored is None:
        raise InputError(
            _("no profile stored in the diary"),
            field="profile",
            valid=_("store one with `crampcare diary profile set FILE`"),
        )
    episodes, checkins = summary(db_url=db_url)
    return dict(stored["profile"]) | {"pattern": pattern(episodes, checkins, today_local())}


def wipe(*, db_url: str | None = None) -> dict[str, int]:
    with session_scope(db_url, write=True) as session:
        return repo.wipe(session=session)
