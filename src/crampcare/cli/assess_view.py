"""The care plan as readable Rich output: triage banner, red flags, first aid, causes, options by status."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from crampcare.assessment.flag_groups import flag_entries
from crampcare.assessment.plan import CarePlan, Option
from crampcare.cli.output import safe_console
from crampcare.i18n import N_, Labels, _, format_number, ngettext
from crampcare.labels import FACTOR_KIND_LABELS, GRADE_LABELS, LAB_STATUS_LABELS

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "see_doctor": "bold yellow",
    "self_care": "green",
}
LEVEL_TITLE = Labels(
    {
        "emergency": N_("EMERGENCY: call for help now"),
        "urgent": N_("URGENT: be seen today"),
        "see_doctor": N_("See a doctor: book an appointment"),
        "self_care": N_("Self-care at home"),
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


def _lab_name(name: str) -> str:
    """A lab's title in the reader's language (the knowledge base's record), else its id."""
    from crampcare import i18n
    from crampcare.knowledge.language import knowledge_in, language

    lab = knowledge_in(language(i18n.current())).labs.get(name)
    return lab.title if lab is not None else name


def _plain_bullets(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def _bullets(items: list[str]) -> str:
    """Bullets as Rich markup: the texts escaped, so that "[not yet confirmed against a retrieved source]" shows."""
    return escape(_plain_bullets(items))


PANEL_TITLE_FRAME = 6  # a panel's corners, the rule before its title and the spaces around it


def _panel(
    console: Console,
    body: RenderableType,
    title: str,
    short: str | None = None,
    heading: str | None = None,
    style: str = "none",
) -> Panel:
    """A panel whose title is never cut: Rich crops a title wider than the border (at 80 columns "First aid 1:
    Back-of-thigh (hamstring) stretch – knee straight, lean forwar"), so when it does not fit, `heading` (else the
    title) heads the body instead, in bold and wrapped, and the border keeps only `short` ("First aid 1")."""
    if cell_len(title) + PANEL_TITLE_FRAME <= console.width:
        return Panel(body, title=title, style=style)
    return Panel(Group(Text(heading or title, style="bold"), body), title=short, style=style)


def _triage(console: Console, plan: CarePlan) -> None:
    t = plan.triage
    body = Text()
    body.append(t.action + "\n\n", style="bold")
    body.append(t.safety_net + "\n\n")
    body.append(_("Why:") + "\n", style="italic")
    body.append(_plain_bullets(t.reasons))  # Text.append takes plain text, not markup
    console.print(_panel(console, body, LEVEL_TITLE[t.level], style=LEVEL_STYLE[t.level]))


OPTION_WORD_MAX = 16  # the Option column never needs more than this to show a word whole
TABLE_FRAME = 25  # the Evidence column (15) and the borders and padding of three columns (10)
OPTIONS_SHOWN = 6  # per status: a readable plan, not 78 rows; --all (and --json) give every option


def _options_table(options: list[Option], status: str, show_all: bool, width: int) -> Table | None:
    chosen = [o for o in options if o.status == status]
    if not chosen:
        return None
    shown = chosen if show_all else chosen[:OPTIONS_SHOWN]
    hidden = len(chosen) - len(shown)
    more = ngettext(
        "%(num)s more: add --all to see every option", "%(num)s more: add --all to see every option", hidden
    )
    caption = more % {"num": hidden} if hidden else None
    table = Table(title=f"{STATUS_TITLE[status]} ({len(chosen)})", caption=caption, show_lines=False, expand=True)
    # The name is what the reader looks for: a fifth of the text width, but never narrower than its longest word
    # (up to OPTION_WORD_MAX; a longer one folds rather than ending in "…": at 60 columns the plan showed "Quini…").
    longest = max(len(word) for option in shown for word in option.name.split())
    name_width = max(min(longest, OPTION_WORD_MAX), (width - TABLE_FRAME) // 5)
    table.add_column(_("Option"), width=name_width, overflow="fold")
    table.add_column(_("Evidence"), width=15)  # "Неэффективность" whole, even on an 80-column terminal
    table.add_column(_("Why"), ratio=4, overflow="fold")
    for option in shown:
        table.add_row(escape(option.name), GRADE_LABELS[option.evidence.grade], _bullets(option.reasons))
    return table


def _flag_lines(plan: CarePlan) -> list[str]:
    """One bullet per lab result: sodium 124 is "Sodium below 125" with its action, then the wider flags (below
    130 and 135) with the reason each was raised, not three bullets with the one that matters in the middle."""
    lines = []
    for entry in flag_entries(plan):
        line = f"{entry.hit.title}: {entry.hit.action}"
        if entry.also:
            line += f"\n  {_('This result is also:')}" + "".join(f"\n  – {h.title}: {why}" for h, why in entry.also)
        lines.append(line)
    return lines


def show_plan(plan: CarePlan, console: Console | None = None, show_all: bool = False) -> None:
    """The plan for a terminal: what matters most first (triage, red flags, the person's medicines), then first
    aid, causes and whom to see, then the options (the first few of each status unless `show_all`)."""
    console = console or safe_console()
    _triage(console, plan)
    if plan.red_flags:
        console.print(_panel(console, _bullets(_flag_lines(plan)), _("Red flags")))
    if plan.warnings:
        console.print(_panel(console, _bullets(plan.warnings), _("Your medicines and other notes"), style="yellow"))
    for number, aid in enumerate(plan.first_aid[:3], 1):
        # The first two reasons: what is about this person (falls risk, a helper) comes first, then the order's own.
        why = f"\n[dim]{_('Why:')} {escape(' '.join(aid.reasons[:2]))}[/dim]" if aid.reasons else ""
        title = _("First aid %(num)s: %(title)s") % {"num": number, "title": aid.title}
        short = _("First aid %(num)s") % {"num": number}
        console.print(_panel(console, _bullets(aid.steps) + why, title, short, aid.title))
    if plan.contributing_factors:
        lines = [f"{f.title} ({FACTOR_KIND_LABELS[f.kind]}): {' '.join(f.because)}" for f in plan.contributing_factors]
        console.print(_panel(console, _bullets(lines), _("What may contribute")))
    if plan.specialists:
        lines = [f"{s.title}: {'; '.join(s.because)}" for s in plan.specialists]
        console.print(_panel(console, _bullets(lines), _("Whom to see")))
    if plan.labs:
        lines = [
            _("%(name)s %(value)s %(unit)s: %(status)s (reference %(reference)s)")
            % {
                "name": _lab_name(lab.name),
                "value": format_number(lab.value, digits=2),
                "unit": _(lab.unit),
                "status": LAB_STATUS_LABELS[lab.status],
                "reference": lab.reference,
            }
            for lab in plan.labs
        ]
        console.print(_panel(console, _bullets(lines), _("Lab results")))
    for status in STATUS_TITLE:
        table = _options_table(plan.options, status, show_all, console.width)
        if table is not None:
            console.print(table)
    diet = [*plan.diet.advice, *plan.diet.limits]
    console.print(_panel(console, _bullets(diet), _("Diet")))
    console.print(_panel(console, _bullets(plan.prevention), _("Prevention")))
    console.print(Text(plan.disclaimer, style="dim"))
    console.print(Text(_("knowledge version %(version)s") % {"version": plan.knowledge_version}, style="dim"))
