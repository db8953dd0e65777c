"""Rich output for `crampcare kb …` (imported only when a command prints text, not JSON).

Record texts go into `rich.text.Text` objects, never into markup strings, so a
"[BK]" in a record cannot be read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crampcare import i18n
from crampcare.cli.output import safe_console
from crampcare.i18n import N_, Labels, _, ngettext
from crampcare.knowledge.coverage import SectionCount
from crampcare.knowledge.describe import (
    POPULATION_TEXT,
    MedicineEntry,
    cited_sources,
    describe_interaction,
    describe_when,
    inn_name,
    is_unverified,
)
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Cause, Condition, DrugClass, Intervention, RedFlag, Rule, Specialist
from crampcare.knowledge.related import links_of
from crampcare.knowledge.search import SearchHit
from crampcare.labels import GRADE_LABELS

GRADE_STYLE = {
    "effective": "bold green",
    "possibly_effective": "green",
    "consensus": "cyan",
    "insufficient": "yellow",
    "ineffective": "red",
    "not_recommended": "bold red",
}
FAMILY_LABELS = Labels(
    {
        "intervention": N_("option"),
        "first_aid": N_("first aid"),
        "cause": N_("cause"),
        "red_flag": N_("warning sign"),
        "condition": N_("condition"),
        "drug_class": N_("drug class"),
        "specialist": N_("specialist"),
        "medicine": N_("medicine"),
    }
)
STATUS_TITLE = Labels(
    {
        "self_care": N_("You can do this now"),
        "discuss_with_doctor": N_("Discuss with your doctor first"),
        "not_recommended": N_("Not recommended"),
        "avoid": N_("Avoid (for you)"),
    }
)
STATUS_STYLE = {"self_care": "green", "discuss_with_doctor": "yellow", "not_recommended": "red", "avoid": "bold red"}
# Fixed values in the reader's words where English shows the id as it always has (kinds, routes and settings are
# what `--kind` and the JSON use): another language shows these labels; the values themselves are unchanged.
KIND_WORDS = Labels(
    {
        "first_aid": N_("first aid"),
        "home_care": N_("home care"),
        "medicine": N_("medicine"),
        "supplement": N_("supplement"),
        "vitamin": N_("vitamin"),
        "injection": N_("injection"),
        "topical": N_("applied to the skin"),
        "physiotherapy": N_("physiotherapy"),
        "diet": N_("diet"),
        "prevention": N_("prevention"),
        "folk_remedy": N_("folk remedy"),
        "homeopathy": N_("homeopathy"),
        "surgery": N_("surgery"),
    }
)
ROUTE_WORDS = Labels(
    {
        "none": N_("no medicine taken"),
        "oral": N_("by mouth"),
        "topical": N_("on the skin"),
        "intramuscular": N_("into a muscle"),
        "intravenous": N_("into a vein"),
        "inhaled": N_("inhaled"),
        "mixed": N_("several routes"),
    }
)
SETTING_WORDS = Labels(
    {"self": N_("on your own"), "pharmacist": N_("pharmacist"), "doctor": N_("doctor"), "hospital": N_("hospital")}
)
SEVERITY_WORDS = Labels(
    {
        "contraindicated": N_("contraindicated"),
        "major": N_("major"),
        "moderate": N_("moderate"),
        "minor": N_("minor"),
    }
)


def _word(labels: Labels, value: str) -> str:
    """A fixed value as the reader reads it: the id in English, the label in another language."""
    if i18n.current() == "en" or value not in labels:
        return value
    return labels[value]


def _console() -> Console:
    return safe_console(highlight=False, soft_wrap=False)


def print_validate(summary: dict[str, Any]) -> None:
    records = summary["records"]
    out = safe_console(highlight=False, soft_wrap=True)  # long count lines stay whole for grep
    # The counts are keyed by the data's own ids (first_aid 15): this output is read next to the YAML files.
    # English reads "1 sources" as it always did; Russian has its plural forms.
    interventions, sources = records["interventions"], records["sources"]
    out.print(
        Text(
            _("ok: %(interventions)s, %(sources)s (version %(version)s, loaded in %(ms)s ms)")
            % {
                "interventions": ngettext("%(num)s interventions", "%(num)s interventions", interventions)
                % {"num": interventions},
                "sources": ngettext("%(num)s sources", "%(num)s sources", sources) % {"num": sources},
                "version": summary["version"],
                "ms": f"{summary['load_ms']:.0f}",
            }
        )
    )
    out.print(Text(_("records: %(counts)s") % {"counts": _counts(records)}))
    out.print(Text(_("by kind: %(counts)s") % {"counts": _counts(summary["by_kind"])}))
    out.print(Text(_("by grade: %(counts)s") % {"counts": _counts(summary["by_grade"])}))
    russian = [
        f"{kind} {row['russian']}/{row['records']}" + (_(" (required)") if row["required"] else "")
        for kind, row in summary["russian"].items()
    ]
    out.print(Text(_("Russian texts: %(counts)s") % {"counts": ", ".join(russian)}))
    brands = summary["brand_register"]
    out.print(
        Text(
            _("brand register: %(names)s Cyrillic names, %(sourced)s stated by a document, %(unverified)s unverified")
            % brands
        )
    )
    if summary["uncovered_sections"]:
        uncovered = ", ".join(summary["uncovered_sections"])
        out.print(Text(_("sections without a record: %(ids)s") % {"ids": uncovered}, style="yellow"))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


def print_list(records: Sequence[Intervention]) -> None:
    table = Table(title=_("%(n)d interventions") % {"n": len(records)})
    table.add_column("id", no_wrap=True)
    table.add_column(_("name"))
    for column in (_("kind"), _("evidence"), _("starts as")):
        table.add_column(column, no_wrap=True)
    for r in records:
        table.add_row(
            r.id,
            r.name,
            _word(KIND_WORDS, r.kind),
            Text(_word(GRADE_LABELS, r.evidence.grade), style=GRADE_STYLE[r.evidence.grade]),
            Text(_word(STATUS_TITLE, r.base_status.status), style=STATUS_STYLE[r.base_status.status]),
        )
    _console().print(table)


def print_hits(query: str, hits: Sequence[SearchHit]) -> None:
    if not hits:
        _console().print(Text(_("nothing matches %(query)s") % {"query": repr(query)}))
        return
    title = ngettext("%(num)s result for %(query)s", "%(num)s results for %(query)s", len(hits))
    table = Table(title=title % {"num": len(hits), "query": repr(query)})
    table.add_column(_("kind"))
    table.add_column("id", no_wrap=True, overflow="fold")  # whole, so it can be copied into `kb show`
    table.add_column(_("title"))
    table.add_column(_("match"))
    for hit in hits:
        table.add_row(FAMILY_LABELS.get(hit.family, hit.family), hit.id, hit.title, Text(hit.snippet))
    _console().print(table)


SECTION_COLUMNS = {
    "section": N_("section"),
    "title": N_("title"),
    "interventions": N_("interventions"),
    "causes": N_("causes"),
    "red flags": N_("red flags"),
    "specialists": N_("specialists"),
}


def print_sections(counts: Sequence[SectionCount]) -> None:
    table = Table(title=_("Article sections and the records that cite them"))
    for column, shown in SECTION_COLUMNS.items():
        table.add_column(_(shown), justify="right" if column[0] in "icrs" and column != "section" else "left")
    for c in counts:
        style = "red" if c.total == 0 else ""
        label = f"  {c.id}" if c.parent else c.id
        table.add_row(
            label, c.title, str(c.interventions), str(c.causes), str(c.red_flags), str(c.specialists), style=style
        )
    _console().print(table)


def print_record(kb: KnowledgeBase, family: str, record: BaseModel) -> None:
    """One record's page. `kb` and `record` are as the reader sees them (`language.for_reader`)."""
    if isinstance(record, Intervention):
        _console().print(_intervention_panel(kb, record))
        return
    if isinstance(record, MedicineEntry):
        _console().print(_medicine_panel(kb, record))
        return
    if i18n.current() != "en":
        _console().print(_other_panel(kb, family, record))
        return
    import yaml

    body = yaml.safe_dump(record.model_dump(mode="json", exclude_defaults=True), allow_unicode=True, sort_keys=False)
    page: RenderableType = Text(body.rstrip())
    linked = _linked(kb, family, record)
    if linked:
        page = Group(page, *linked)
    _console().print(Panel(page, title=f"{family}: {getattr(record, 'id', '')}"))


# How an option is changed by a condition or drug class (the knowledge pages' words).
OPTION_HOW = Labels(
    {
        "contraindications": N_("Do not use"),
        "cautions": N_("Ask a doctor first"),
        "not_for": N_("Not recommended"),
        "use_only_when": N_("Only useful when"),
        "discuss_when": N_("Discuss with a doctor (a guideline option)"),
        "interactions": N_("Interaction"),
    }
)


def _linked(kb: KnowledgeBase, family: str, record: BaseModel) -> list[RenderableType]:
    """What a condition or drug class changes, read from the rules that name it (knowledge.related): the causes
    it may add to, the warning signs it is part of and every option it changes, with how and why."""
    if family not in ("condition", "drug_class"):
        return []
    links = links_of(kb, family, str(getattr(record, "id", "")))
    parts: list[RenderableType] = []
    if links.causes:
        parts.append(_heading(LINK_HEADINGS["cause"]))
        parts += [Text(f"• {kb.causes[cid].title}: {kb.causes[cid].rule.reason}") for cid in links.causes]
    if links.red_flags:
        parts.append(_heading(LINK_HEADINGS["red_flag"]))
        parts += [Text(f"• {kb.red_flags[fid].title}") for fid in links.red_flags]
    if links.options:
        parts.append(_heading(LINK_HEADINGS["intervention"]))
        for o in links.options:
            head = Text(f"• {o.name} ({OPTION_HOW.get(o.how, o.how)}): ", style="bold")
            parts.append(Text.assemble(head, o.reason, f" ({', '.join(o.sources)})"))
    return parts


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold")


def _with_market(kb: KnowledgeBase, name: str) -> str:
    """A Cyrillic name with its market from the brand register ("Баклосан [CIS]"), marked when no document states
    what it contains; any other name as it is."""
    entry = kb.brand_names.get(name)
    if entry is None:
        return name
    return f"{name} [{entry.market}]" + (" " + _("[unverified]") if entry.unverified else "")


def _flag(unverified: bool) -> Text:
    return Text(" " + _("[unverified]"), style="magenta") if unverified else Text("")


def _rules(kb: KnowledgeBase, title: str, rules: Sequence[Rule]) -> list[RenderableType]:
    if not rules:
        return []
    lines: list[RenderableType] = [_heading(title)]
    for rule in rules:
        when = Text(f"• {describe_when(kb, rule)}: ", style="bold")
        lines.append(Text.assemble(when, rule.reason, _flag(rule.unverified), f" ({', '.join(rule.sources)})"))
    return lines


def _identity(kb: KnowledgeBase, r: Intervention) -> list[RenderableType]:
    kind = _("%(kind)s · route %(route)s · %(prescription)s · setting %(setting)s") % {
        "kind": _word(KIND_WORDS, r.kind).replace("_", " "),
        "route": _word(ROUTE_WORDS, r.route),
        "prescription": _("prescription") if r.prescription else _("no prescription"),
        "setting": _word(SETTING_WORDS, r.setting),
    }
    lines: list[RenderableType] = [Text(kind, style="dim")]
    if r.inn:
        local = inn_name(kb, r.inn)
        lines.append(Text(_("INN: %(inn)s") % {"inn": r.inn if local == r.inn else f"{local} ({r.inn})"}))
    if r.drug_class:
        lines.append(Text(_("drug class: %(name)s") % {"name": r.drug_class}))
    if r.atc:
        lines.append(Text.assemble(f"ATC: {r.atc.code}", _flag(not r.atc.verified)))
    if r.aliases:
        names = ", ".join(_with_market(kb, alias) for alias in r.aliases)
        lines.append(Text(_("also called: %(names)s") % {"names": names}))
    if not r.in_article:
        lines.append(Text(_("not in the article: included because people self-treat with it"), style="italic"))
    return lines


def _evidence(r: Intervention) -> list[RenderableType]:
    ev = r.evidence
    lines: list[RenderableType] = [
        _heading(_("Evidence")),
        Text.assemble(
            Text(GRADE_LABELS[ev.grade], style=GRADE_STYLE[ev.grade]),
            f": {ev.summary}",
            _flag(ev.unverified),
            f" ({', '.join(ev.sources)})",
        ),
    ]
    for pop in ev.by_population:
        population = _word(POPULATION_TEXT, pop.population)
        lines.append(Text(f"  {population}: {GRADE_LABELS[pop.grade]}: {pop.summary} ({', '.join(pop.sources)})"))
    status = r.base_status
    lines += [
        _heading(_("Starts as")),
        Text.assemble(Text(STATUS_TITLE[status.status], style=STATUS_STYLE[status.status]), f": {status.reason}"),
    ]
    for claim in r.article_claims:
        lines.append(
            Text(
                _("article says: %(claim)s\n  evidence says: %(verdict)s (%(sources)s)")
                % {"claim": claim.claim, "verdict": claim.verdict, "sources": ", ".join(claim.sources)}
            )
        )
    return lines


def _body(r: Intervention) -> list[RenderableType]:
    lines: list[RenderableType] = [_heading(_("Summary")), Text(r.summary)]
    if r.details:
        lines.append(Text(r.details))
    if r.steps:
        lines.append(_heading(_("Steps")))
        lines.extend(Text(f"{i}. {step}") for i, step in enumerate(r.steps, 1))
    return lines


def _interactions(kb: KnowledgeBase, r: Intervention) -> list[RenderableType]:
    if not r.interactions:
        return []
    lines: list[RenderableType] = [_heading(_("Interactions"))]
    for inter in r.interactions:
        words = {"severity": _word(SEVERITY_WORDS, inter.severity), "names": describe_interaction(kb, inter)}
        head = Text("• " + _("%(severity)s with %(names)s") % words + ": ", style="bold")
        lines.append(Text.assemble(head, inter.advice, _flag(inter.unverified), f" ({', '.join(inter.sources)})"))
    return lines


def _sources(kb: KnowledgeBase, r: Intervention) -> list[RenderableType]:
    lines: list[RenderableType] = [_heading(_("Sources"))]
    for sid in cited_sources(r.model_dump(mode="json")):
        source = kb.sources.get(sid)
        lines.append(
            Text(f"{sid}: {source.title if source else '?'}" + (f" {source.url}" if source and source.url else ""))
        )
    if r.article_sections:
        titles = [kb.sections[s].title if s in kb.sections else s for s in r.article_sections]
        lines.append(Text(_("article sections: %(titles)s") % {"titles": "; ".join(titles)}, style="dim"))
    return lines


def _intervention_panel(kb: KnowledgeBase, r: Intervention) -> Panel:
    parts: list[RenderableType] = [*_identity(kb, r), *_evidence(r), *_body(r)]
    parts += _rules(kb, _("Avoid with (contraindications)"), r.contraindications)
    parts += _rules(kb, _("Ask a doctor first with (cautions)"), r.cautions)
    parts += _rules(kb, _("Not recommended for"), r.not_for)
    parts += _rules(kb, _("Only when"), r.use_only_when)
    parts += _rules(kb, _("Discuss with a doctor (instead of the base status) with"), r.discuss_when)
    if r.min_age_years is not None:
        youngest = _("youngest age with a stated safe use: %(years)s years") % {"years": f"{r.min_age_years:g}"}
        parts.append(Text("\n" + youngest))
    parts += _interactions(kb, r) + _sources(kb, r)
    if is_unverified(r):
        parts.append(
            Text(
                "\n" + _("[unverified]: background knowledge the reference marks [BK], not yet confirmed."),
                style="magenta",
            )
        )
    return Panel(Group(*parts), title=Text(f"{r.name} ({r.id})", style="bold"), title_align="left")


def _source_lines(kb: KnowledgeBase, ids: Sequence[str]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for sid in ids:
        source = kb.sources.get(sid)
        lines.append(
            Text(f"{sid}: {source.title if source else '?'}" + (f" {source.url}" if source and source.url else ""))
        )
    return lines


def _rule_lines(kb: KnowledgeBase, rule: Rule) -> list[RenderableType]:
    """A cause's or red flag's rule: when it applies, why, and when it does not."""
    lines: list[RenderableType] = [
        _heading(_("When")),
        Text(describe_when(kb, rule)),
        _heading(_("Why")),
        Text.assemble(rule.reason, _flag(rule.unverified), f" ({', '.join(rule.sources)})"),
    ]
    if rule.unless_reason:
        lines += [_heading(_("Not applied when")), Text(rule.unless_reason)]
    return lines


def _other_panel(kb: KnowledgeBase, family: str, record: BaseModel) -> Panel:
    """A cause, red flag, condition, group of medicines or specialist as a page a reader reads (in a language other
    than English; English keeps the record's full YAML)."""
    parts: list[RenderableType] = [Text(FAMILY_LABELS.get(family, family), style="dim")]
    cited: list[str] = []
    if isinstance(record, RedFlag):
        parts += [_heading(_("What to do")), Text(record.action)]
        parts += [_heading(_("Possible cause")), Text(record.possible_cause)]
        parts += _rule_lines(kb, record.rule)
        cited = list(record.rule.sources)
    elif isinstance(record, Cause):
        parts += [_heading(_("Summary")), Text(record.summary), *_rule_lines(kb, record.rule)]
        cited = list(record.rule.sources)
    elif isinstance(record, Specialist):
        parts += [_heading(_("Summary")), Text(record.summary)]
    elif isinstance(record, Condition) and record.synonyms:
        parts.append(Text(_("also called: %(names)s") % {"names": ", ".join(record.synonyms)}))
    elif isinstance(record, DrugClass):
        for member in record.members:
            brands = f" ({', '.join(member.brands)})" if member.brands else ""
            local = inn_name(kb, member.inn)
            parts.append(Text(f"• {member.inn if local == member.inn else f'{local} ({member.inn})'}{brands}"))
    parts += _linked(kb, family, record)
    cited += [s for s in getattr(record, "sources", []) if s not in cited]
    if cited:
        parts += [_heading(_("Sources")), *_source_lines(kb, cited)]
    title = str(getattr(record, "title", None) or getattr(record, "name", ""))
    return Panel(Group(*parts), title=Text(f"{title} ({getattr(record, 'id', '')})", style="bold"), title_align="left")


LINK_HEADINGS = Labels(
    {
        "cause": N_("May add to cramps"),
        "red_flag": N_("Warning signs it is part of"),
        "intervention": N_("Options it changes"),
        "first_aid": N_("First aid"),
    }
)
HOW_WORDS = Labels(
    {
        "contraindications": N_("avoid"),
        "cautions": N_("ask a doctor first"),
        "not_for": N_("not recommended"),
        "use_only_when": N_("only when"),
        "interactions": N_("interaction"),
    }
)


def _medicine_panel(kb: KnowledgeBase, m: MedicineEntry) -> Panel:
    """A drug-class member's page: what the name resolved to and every record that acts on it (issue 19)."""
    parts: list[RenderableType] = [
        Text(_("medicine known as a member of a drug class (crampcare has no option of its own for it)"), style="dim")
    ]
    if m.inns:
        inns = [inn if inn_name(kb, inn) == inn else f"{inn_name(kb, inn)} ({inn})" for inn in m.inns]
        parts.append(Text(_("INN: %(inn)s") % {"inn": ", ".join(inns)}))
    if m.brands:
        parts.append(Text(_("also called: %(names)s") % {"names": ", ".join(m.brands)}))
    for cls in m.classes:
        parts.append(Text(_("drug class: %(name)s") % {"name": f"{cls.name} (crampcare kb show {cls.id})"}))
    for family, heading in LINK_HEADINGS.items():
        links = [link for link in m.acts_on_it if link.family == family]
        if not links:
            continue
        parts.append(_heading(heading))
        for link in links:
            how = f" ({HOW_WORDS.get(link.how, link.how)})" if link.how else ""
            when = " " + _("when %(condition)s") % {"condition": link.when} if link.when else ""
            head = Text(f"• {link.title}{how}{when}: ", style="bold")
            parts.append(Text.assemble(head, link.reason, _flag(link.unverified), f" ({', '.join(link.sources)})"))
    if m.not_checked:
        parts += [_heading(_("Not checked")), Text(m.not_checked, style="yellow")]
    cited = cited_sources(m.model_dump(mode="json"))
    if cited:
        parts.append(_heading(_("Sources")))
        for sid in cited:
            source = kb.sources.get(sid)
            url = f" {source.url}" if source and source.url else ""
            parts.append(Text(f"{sid}: {source.title if source else '?'}{url}"))
    title = m.name if m.name.casefold() == m.id.casefold() else f"{m.name} = {m.id}"
    return Panel(Group(*parts), title=Text(title, style="bold"), title_align="left")
