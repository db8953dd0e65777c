"""`crampcare assess`, `crampcare schema` and `crampcare first-aid`.

Every command imports the core inside its function: `crampcare first-aid calf`
is typed mid-cramp and must start fast, so it reads the first-aid records
directly instead of loading the whole knowledge base.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from crampcare.cli.help_i18n import TranslatedCommand
from crampcare.errors import InputError
from crampcare.i18n import N_, _

SCHEMAS = ("profile", "plan")


def register(app: typer.Typer) -> None:
    """Add the assessment commands to the main app."""
    app.command(
        "assess",
        cls=TranslatedCommand,
        help=N_(
            "Assess a profile: how urgent, first aid, likely causes, whom to see, and every option marked for you.\n"
            "\n"
            "Without --profile (and at a terminal) it asks up to ten questions, red flags first. With --fhir the\n"
            "profile is read from a clinical record; what the record holds but crampcare did not use is listed.\n"
            "\n"
            "Example: crampcare assess --profile me.json --json\n"
            "Example: crampcare assess --fhir record.json --document plan.fhir.json"
        ),
    )(assess)
    app.command(
        "schema",
        cls=TranslatedCommand,
        help=N_(
            "Print the JSON Schema of the assessment input (profile) or output (plan).\n"
            "\n"
            "Example: crampcare schema profile"
        ),
    )(schema)
    app.command(
        "first-aid",
        cls=TranslatedCommand,
        help=N_(
            "What to do right now for a cramp in MUSCLE, best manoeuvre first. Fast: made for mid-cramp.\n"
            "\n"
            "Example: crampcare first-aid calf --setting swimming"
        ),
    )(first_aid)


def read_profile(source: str) -> dict[str, Any]:
    """A profile from a JSON (or YAML) file, or from stdin with "-"; a clear error when it cannot be read."""
    from crampcare.inputfiles import PROFILE_LIMIT, read_limited, read_text

    if source == "-":
        text, name = read_limited(sys.stdin.buffer, name="stdin", field="--profile", limit=PROFILE_LIMIT), "stdin"
    else:
        text, name = read_text(source, field="--profile"), source
    return parse_profile_text(text, name, yaml_allowed=name.endswith((".yaml", ".yml")))


def parse_profile_text(text: str, name: str, *, yaml_allowed: bool = False) -> dict[str, Any]:
    if yaml_allowed:
        import yaml

        try:
            data = yaml.safe_load(text)
        except RecursionError:
            raise InputError(
                _("%(name)s is nested too deeply to be a profile") % {"name": name}, field="--profile"
            ) from None
        except yaml.YAMLError as exc:
            raise InputError(_yaml_problem(name, exc), field="--profile") from None
    else:
        from crampcare.inputfiles import load_json

        data = load_json(text, name=name, field="--profile")
    if not isinstance(data, dict):
        raise InputError(
            _("%(name)s must hold a JSON object (a profile), not %(type)s")
            % {"name": name, "type": type(data).__name__},
            field="--profile",
        )
    return data


def _yaml_problem(name: str, exc: Exception) -> str:
    """Where the YAML went wrong, in the reader's language (the parser's own English names only the problem)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return _("%(name)s is not valid YAML") % {"name": name}
    return _("%(name)s is not valid YAML (line %(line)s, column %(column)s)") % {
        "name": name,
        "line": mark.line + 1,
        "column": mark.column + 1,
    }


def _diary_profile(db_url: str | None) -> dict[str, Any]:
    try:
        from crampcare.diary.service import profile_for_assessment
    except ImportError:
        raise InputError(_("the diary is not available in this installation"), field="--from-diary") from None
    return profile_for_assessment(db_url)


def _input_profile(profile: str | None, from_diary: bool, db: str | None) -> dict[str, Any] | None:
    if profile is not None and from_diary:
        raise InputError(_("give either --profile or --from-diary, not both"), field="--profile")
    if from_diary:
        return _diary_profile(db)
    if profile is not None:
        return read_profile(profile)
    if sys.stdin.isatty():
        from crampcare.cli.assess_questions import ask

        return ask()
    return read_profile("-")


def assess(
    profile: Annotated[
        str | None, typer.Option("--profile", "-p", help=N_("Profile JSON file, or - for stdin."), show_default=False)
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print the care plan as JSON (the public contract)."))
    ] = False,
    from_diary: Annotated[
        bool, typer.Option("--from-diary", help=N_("Use the profile and cramp pattern stored in the diary."))
    ] = False,
    db: Annotated[
        str | None, typer.Option("--db", help=N_("Diary database URL (with --from-diary)."), show_default=False)
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help=N_("List every option of each status (the readable plan shows the first few).")),
    ] = False,
    fhir: Annotated[
        str | None,
        typer.Option(
            "--fhir", help=N_("A FHIR R4 Bundle (JSON file) of the record, or - for stdin."), show_default=False
        ),
    ] = None,
    document: Annotated[
        Path | None,
        typer.Option(
            "--document",
            help=N_(
                "With --fhir: also write the plan as a FHIR R4 DocumentReference holding the plan PDF to this new "
                "JSON file (an existing file is never replaced)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from crampcare.assessment.engine import assess as run_assessment

    if fhir is not None:
        other = profile is not None or from_diary
        _assess_fhir(fhir, as_json=as_json, show_all=show_all, other=other, document=document)
        return
    if document is not None:
        raise InputError(
            _("--document needs --fhir (the plan document is made from a clinical record)"), field="--document"
        )
    data = _input_profile(profile, from_diary, db)
    if data is None:  # an emergency answer: the questionnaire already showed what to do now
        raise typer.Exit(0)
    plan = run_assessment(data)
    if as_json:
        sys.stdout.write(plan.model_dump_json(indent=2) + "\n")
        return
    from crampcare.cli.assess_view import show_plan

    show_plan(plan, show_all=show_all)


def _assess_fhir(source: str, *, as_json: bool, show_all: bool, other: bool, document: Path | None) -> None:
    from crampcare.fhir import assess_bundle
    from crampcare.inputfiles import load_json, read_limited, read_text

    limit = 4 * 1024 * 1024  # a patient's record, as the API's limit for FHIR bodies
    if other:
        raise InputError(_("give either --fhir or --profile/--from-diary, not both"), field="--fhir")
    if source == "-":
        text, name = read_limited(sys.stdin.buffer, name="stdin", field="--fhir", limit=limit), "stdin"
    else:
        text, name = read_text(source, field="--fhir", limit=limit), source
    record = load_json(text, name=name, field="--fhir")
    if document is not None:
        from crampcare.diary.outfile import check_out, write_new
        from crampcare.fhir.document import plan_document

        check_out(document, field="--document")  # before the work: an existing file is refused at once
        written = plan_document(record, field="--fhir")
        write_new(document, json.dumps(written, ensure_ascii=False, indent=2).encode("utf-8"), field="--document")
        said = _("Wrote %(file)s: the plan as a FHIR R4 DocumentReference with the PDF inside.") % {"file": document}
        sys.stderr.write(said + "\n")
    result = assess_bundle(record, field="--fhir")
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    from crampcare.cli.assess_view import show_plan

    show_plan(result.plan, show_all=show_all)


def schema(
    which: Annotated[str, typer.Argument(help=N_("profile or plan"), metavar="profile|plan")],
) -> None:
    if which not in SCHEMAS:
        raise InputError(
            _("unknown schema %(name)s") % {"name": repr(which)}, field="schema", valid=_("profile or plan")
        )
    if which == "profile":
        from crampcare.assessment.profile import Profile as model
    else:
        from crampcare.assessment.plan import CarePlan as model  # type: ignore[assignment]
    sys.stdout.write(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


def first_aid(
    muscle: Annotated[
        str, typer.Argument(help=N_("calf, shin, foot, toes, hamstring, quadriceps, gluteal, whole_leg"))
    ],
    setting: Annotated[
        str | None,
        typer.Option(help=N_("swimming, exercise, walking_standing, sitting, bed_night, other"), show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the steps as JSON."))] = False,
    show_all: Annotated[bool, typer.Option("--all", help=N_("Every manoeuvre, not only the best three."))] = False,
    helper: Annotated[
        bool, typer.Option("--helper", help=N_("Someone is with you: include manoeuvres that need a second person."))
    ] = False,
) -> None:
    from crampcare.assessment import quick
    from crampcare.cli.assess_first_aid import clean_muscle, render

    muscle = clean_muscle(muscle)
    if muscle not in quick.MUSCLES:
        # The valid names read as the argument's help, so the catalogue has them with their Russian.
        names = ", ".join(quick.MUSCLES)
        raise InputError(_("unknown muscle %(name)s") % {"name": repr(muscle)}, field="MUSCLE", valid=_(names))
    if setting is not None and setting not in quick.SETTINGS:
        names = ", ".join(quick.SETTINGS)
        valid = _(names)
        raise InputError(_("unknown setting %(name)s") % {"name": repr(setting)}, field="--setting", valid=valid)
    sys.stdout.write(render(muscle, setting, as_json, show_all, helper))
