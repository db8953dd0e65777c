"""`crampcare kb …`: validate and browse the knowledge base.

Thin: each command parses, calls the knowledge core and formats. The core is
imported inside the commands so that `crampcare --help` stays fast; errors
are `CrampcareError`s that `crampcare.cli.main.run` turns into one line.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crampcare.cli.help_i18n import TranslatedGroup
from crampcare.i18n import N_, _

if TYPE_CHECKING:
    from crampcare.knowledge.loader import KnowledgeBase

app = typer.Typer(
    cls=TranslatedGroup,
    help=N_("Browse and check the knowledge base.\n\nExample: crampcare kb show Mydocalm"),
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help=N_("Print JSON instead of text."))]


def _kb() -> KnowledgeBase:
    from crampcare.knowledge.loader import knowledge

    return knowledge()


@app.command(
    help=N_(
        "Load every record from the YAML files, check every cross-reference and print the counts.\n"
        "\n"
        "Exits 1 and lists every problem as `file: record id: field: what is wrong` when the data is broken.\n"
        "\n"
        "Example: crampcare kb validate"
    )
)
def validate(json_out: JsonFlag = False) -> None:
    from crampcare.assessment.config import translation_problems
    from crampcare.cli.output import print_json
    from crampcare.errors import KnowledgeError
    from crampcare.knowledge.brands import register_summary
    from crampcare.knowledge.coverage import counts, uncovered_sections
    from crampcare.knowledge.language import coverage
    from crampcare.knowledge.loader import load

    started = time.perf_counter()
    kb = load()  # always from the YAML files: this command is the check, a cache would hide problems
    if problems := translation_problems("texts", "ru"):
        raise KnowledgeError(problems)
    elapsed_ms = (time.perf_counter() - started) * 1000
    summary = {"version": kb.version, "load_ms": round(elapsed_ms, 1), **counts(kb)}
    summary["uncovered_sections"] = uncovered_sections(kb)
    summary["russian"] = coverage(kb)
    summary["brand_register"] = register_summary(kb)
    if json_out:
        print_json(summary)
        return
    from crampcare.cli.kb_render import print_validate

    print_validate(summary)


@app.command(
    "list",
    help=N_(
        "List the interventions, optionally of one kind or evidence grade.\n"
        "\n"
        "Example: crampcare kb list --kind supplement --grade insufficient"
    ),
)
def list_(
    kind: Annotated[str | None, typer.Option(help=N_("Only this kind, e.g. medicine or first_aid."))] = None,
    grade: Annotated[str | None, typer.Option(help=N_("Only this evidence grade, e.g. effective."))] = None,
    json_out: JsonFlag = False,
) -> None:
    from crampcare.cli.output import print_json
    from crampcare.errors import InputError
    from crampcare.knowledge.vocab import GRADES, KINDS

    if kind is not None and kind not in KINDS:
        raise InputError(_("unknown kind %(name)s") % {"name": repr(kind)}, field="--kind", valid=", ".join(KINDS))
    if grade is not None and grade not in GRADES:
        raise InputError(_("unknown grade %(name)s") % {"name": repr(grade)}, field="--grade", valid=", ".join(GRADES))
    from crampcare.knowledge.language import for_reader

    records = [
        r
        for r in sorted(for_reader(_kb()).interventions.values(), key=lambda r: (r.kind, r.name.casefold()))
        if (kind is None or r.kind == kind) and (grade is None or r.evidence.grade == grade)
    ]
    if json_out:
        print_json([_list_row(r) for r in records])
        return
    from crampcare.cli.kb_render import print_list

    print_list(records)


def _list_row(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "grade": record.evidence.grade,
        "base_status": record.base_status.status,
        "prescription": record.prescription,
        "inn": record.inn,
        "aliases": record.aliases,
    }


@app.command(
    help=N_(
        "Show one record in full: evidence, status basis, contraindications, interactions and sources.\n"
        "\n"
        "NAME is an intervention's id, name, alias (brand, Cyrillic spelling) or INN, or another record's id.\n"
        "A medicine that belongs to a drug class (omeprazole, «омепразол», Lasix) gets its own page: what it resolved\n"
        "to and every record that acts on it, or that none does.\n"
        "\n"
        'Typos get "did you mean".\n'
        "\n"
        'Example: crampcare kb show "No-shpa" --json'
    )
)
def show(
    name: Annotated[str, typer.Argument(help=N_("An id, name, brand alias or INN."))],
    json_out: JsonFlag = False,
) -> None:
    from crampcare.cli.output import print_json
    from crampcare.knowledge.describe import record_json, resolve_any, resolve_for_reader
    from crampcare.knowledge.language import for_reader

    kb = _kb()
    if json_out:  # the record as stored: English fields with their `ru` block
        family, record = resolve_any(kb, name, field="NAME")
        print_json(record_json(kb, family, record))
        return
    from crampcare.cli.kb_render import print_record

    family, record = resolve_for_reader(kb, name, field="NAME")
    print_record(for_reader(kb), family, record)


@app.command(
    help=N_(
        "Full-text search over names, aliases, summaries and details, best match first.\n"
        "\n"
        'Example: crampcare kb search "magnesium pregnancy"'
    )
)
def search(
    query: Annotated[str, typer.Argument(help=N_("Words to look for in names, aliases and texts."))],
    limit: Annotated[int, typer.Option(help=N_("At most this many results."), min=1, max=200)] = 20,
    json_out: JsonFlag = False,
) -> None:
    from dataclasses import asdict

    from crampcare.cli.output import print_json
    from crampcare.knowledge.search import search as run_search

    hits = run_search(_kb(), query, limit=limit)
    if json_out:
        print_json([asdict(hit) for hit in hits])
        return
    from crampcare.cli.kb_render import print_hits

    print_hits(query, hits)


@app.command(
    help=N_(
        "Each section of the article with how many interventions, causes, red flags and specialists cite it.\n"
        "\n"
        "Example: crampcare kb sections --json"
    )
)
def sections(json_out: JsonFlag = False) -> None:
    from dataclasses import asdict

    from crampcare.cli.output import print_json
    from crampcare.knowledge.coverage import section_counts
    from crampcare.knowledge.language import for_reader

    counts = section_counts(for_reader(_kb()))  # the titles in the reader's language
    if json_out:
        print_json([{**asdict(count), "total": count.total} for count in counts])
        return
    from crampcare.cli.kb_render import print_sections

    print_sections(counts)
