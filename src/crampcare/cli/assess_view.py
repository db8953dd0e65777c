"""The care plan as readable Rich output: triage banner, red flags, first aid, causes, options by status."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crampcare.assessment.plan import CarePlan, Option
from crampcare.cli.output import safe_console

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "see_doctor": "bold yellow",
    "self_care": "green",
}
LEVEL_TITLE = {
    "emergency": "EMERGENCY: call for help now",
    "urgent": "URGENT: be seen today",
    "see_doctor": "See a doctor: book an appointment",
    "self_care": "Self-care at home",
}
STATUS_TITLE = {
    "self_care": "You can do this now",
    "discuss_with_doctor": "Discuss with your doctor first",
    "not_recommended": "Not recommended",
    "avoid": "Avoid (for you)",
}


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _triage(console: Console, plan: CarePlan) -> None:
    t = plan.triage
    body = Text()
    body.append(t.action + "\n\n", style="bold")
    body.append(t.safety_net + "\n\n")
    body.append("Why:\n", style="italic")
    body.append(_bullets(t.reasons))
    console.print(Panel(body, title=LEVEL_TITLE[t.level], style=LEVEL_STYLE[t.level]))


OPTIONS_SHOWN = 6  # per status: a readable plan, not 78 rows; --all (and --json) give every option


def _options_table(options: list[Option], status: str, show_all: bool) -> Table | None:
    chosen = [o for o in options if o.status == status]
    if not chosen:
        return None
    shown = chosen if show_all else chosen[:OPTIONS_SHOWN]
    hidden = len(chosen) - len(shown)
    caption = f"{hidden} more: add --all to see every option" if hidden else None
    table = Table(title=f"{STATUS_TITLE[status]} ({len(chosen)})", caption=caption, show_lines=False, expand=True)
    table.add_column("Option", ratio=1)
    table.add_column("Evidence", width=12)  # "insufficient" whole, even on an 80-column terminal
    table.add_column("Why", ratio=4)
    for option in shown:
        table.add_row(option.name, option.evidence.grade.replace("_", " "), _bullets(option.reasons))
    return table


def show_plan(plan: CarePlan, console: Console | None = None, show_all: bool = False) -> None:
    """The plan for a terminal: what matters most first (triage, red flags, the person's medicines), then first
    aid, causes and whom to see, then the options (the first few of each status unless `show_all`)."""
    console = console or safe_console()
    _triage(console, plan)
    if plan.red_flags:
        console.print(Panel(_bullets([f"{f.title}: {f.action}" for f in plan.red_flags]), title="Red flags"))
    if plan.warnings:
        console.print(Panel(_bullets(plan.warnings), title="Your medicines and other notes", style="yellow"))
    for number, aid in enumerate(plan.first_aid[:3], 1):
        # The first two reasons: what is about this person (falls risk, a helper) comes first, then the order's own.
        why = f"\n[dim]Why: {escape(' '.join(aid.reasons[:2]))}[/dim]" if aid.reasons else ""
        console.print(Panel(_bullets(aid.steps) + why, title=f"First aid {number}: {aid.title}"))
    if plan.contributing_factors:
        lines = [f"{f.title} ({f.kind}): {' '.join(f.because)}" for f in plan.contributing_factors]
        console.print(Panel(_bullets(lines), title="What may contribute"))
    if plan.specialists:
        lines = [f"{s.title}: {'; '.join(s.because)}" for s in plan.specialists]
        console.print(Panel(_bullets(lines), title="Whom to see"))
    if plan.labs:
        lines = [f"{lab.name} {lab.value:g} {lab.unit}: {lab.status} (reference {lab.reference})" for lab in plan.labs]
        console.print(Panel(_bullets(lines), title="Lab results"))
    for status in STATUS_TITLE:
        table = _options_table(plan.options, status, show_all)
        if table is not None:
            console.print(table)
    diet = [*plan.diet.advice, *plan.diet.limits]
    console.print(Panel(_bullets(diet), title="Diet"))
    console.print(Panel(_bullets(plan.prevention), title="Prevention"))
    console.print(Text(plan.disclaimer, style="dim"))
    console.print(Text(f"knowledge version {plan.knowledge_version}", style="dim"))
