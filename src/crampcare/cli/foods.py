"""`crampcare foods …` commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

from crampcare import i18n
from crampcare.cli.diary_options import typed_number
from crampcare.cli.help_i18n import TranslatedGroup
from crampcare.errors import InputError
from crampcare.i18n import N_, _, format_number
from crampcare.labels import FOOD_CREDIT, PER_LABELS, UNIT_LABELS

if TYPE_CHECKING:
    from crampcare.nutrition.foods import Food

app = typer.Typer(
    cls=TranslatedGroup,
    help=N_(
        "Foods that supply magnesium, potassium, calcium, B vitamins and vitamin D.\n\n"
        "Example: crampcare foods top magnesium --limit 5"
    ),
    no_args_is_help=True,
)

# The core's argument names → these commands' options, so an error names what the person typed.
PLAN_OPTIONS = {"days": "--days", "kcal": "--kcal", "diet": "--diet", "exclude": "--exclude"}
TOP_OPTIONS = {"diet": "--diet"}


def _renamed(exc: InputError, options: dict[str, str]) -> NoReturn:
    """Raise `exc` again naming the command's option instead of the core's argument (unknown fields: as is)."""
    if exc.field not in options:
        raise exc
    raise InputError(exc.message, field=options[exc.field], valid=exc.valid) from None


def _name(food: Food) -> str:
    """The food's name in the reader's language (Russian where one has been written)."""
    from crampcare.nutrition import russian

    return russian.food_name(food) if i18n.current() == "ru" else food.name


def _group(group: str) -> str:
    from crampcare.nutrition import russian

    return russian.group_name(group) if i18n.current() == "ru" else group


def _measure(label: str) -> str:
    from crampcare.nutrition import russian

    return russian.measure(label) if i18n.current() == "ru" else label


@app.command(
    help=N_(
        "The richest everyday foods in a nutrient.\n"
        "\n"
        "Example: crampcare foods top magnesium --per serving --diet vegan --limit 5"
    )
)
def top(
    nutrient: str = typer.Argument(..., help=N_("magnesium, potassium, calcium, vitamin_d, vitamin_b6, …")),
    per: str = typer.Option("100g", "--per", help=N_("100g | serving | 100kcal")),
    group: str | None = typer.Option(None, "--group", help=N_("food group (part of its name)")),
    exclude: list[str] = typer.Option([], "--exclude", help=N_("leave out foods whose name has this word")),
    diet: str | None = typer.Option(None, "--diet", help=N_("vegetarian | vegan | lactose_free")),
    limit: int = typer.Option(10, "--limit", help=N_("how many foods")),
    as_json: bool = typer.Option(False, "--json", help=N_("print JSON")),
) -> None:
    from crampcare.cli.output import print_json
    from crampcare.nutrition.advice import top_foods
    from crampcare.nutrition.foods import nutrient as find_nutrient

    unit = find_nutrient(nutrient).unit
    try:
        ranked = top_foods(nutrient, per=per, group=group, exclude=tuple(exclude), diet=diet, limit=limit)
    except InputError as exc:
        _renamed(exc, TOP_OPTIONS)
    if as_json:
        print_json(
            [
                {
                    "ndb": r.food.ndb,
                    "name": _name(r.food),
                    "group": _group(r.food.group),
                    "amount": round(r.amount, 3),
                    "unit": unit,
                    "per": per,
                    "serving": _measure(r.food.serving.label),
                }
                for r in ranked
            ]
        )
        return
    per_label = PER_LABELS.get(per, per)
    for r in ranked:
        amount = format_number(r.amount, digits=1)
        typer.echo(f"{amount:>9} {UNIT_LABELS[unit]}/{per_label:<8} {_name(r.food)} [{r.food.ndb}]")
    typer.echo(_(FOOD_CREDIT))


@app.command(
    help=N_('One food\'s nutrients per 100 g and per household portion.\n\nExample: crampcare foods show "spinach raw"')
)
def show(
    name_or_ndb: str = typer.Argument(..., help=N_("food name (fuzzy) or 5-digit NDB number")),
    as_json: bool = typer.Option(False, "--json", help=N_("print JSON")),
) -> None:
    from crampcare.cli.output import print_json
    from crampcare.nutrition.foods import NUTRIENTS
    from crampcare.nutrition.search import find_food

    food = find_food(name_or_ndb)
    if as_json:
        print_json(
            {
                "ndb": food.ndb,
                "name": _name(food),
                "group": _group(food.group),
                "per_100g": food.per_100g,
                "portions": [{"label": _measure(p.label), "grams": p.grams} for p in food.portions],
                "serving": {"label": _measure(food.serving.label), "grams": food.serving.grams},
            }
        )
        return
    typer.echo(f"{_name(food)} [{food.ndb}] — {_group(food.group)}")
    grams = {"grams": format_number(food.serving.grams, digits=1)}
    typer.echo(_("serving: %(label)s (%(grams)s g)") % {"label": _measure(food.serving.label), **grams})
    for n in NUTRIENTS:
        value = food.per_100g[n.id]
        serving = food.amount(n.id, food.serving.grams)
        unit = UNIT_LABELS[n.unit]
        if value is None or serving is None:
            shown = _("no data")
        else:
            numbers = {"per_100g": format_number(value, digits=3), "per_serving": format_number(serving, digits=2)}
            shown = _("%(per_100g)s %(unit)s/100 g, %(per_serving)s %(unit)s/serving") % {**numbers, "unit": unit}
        typer.echo(f"  {_(n.label):<14} {shown}")
    typer.echo(_(FOOD_CREDIT))


@app.command(
    help=N_(
        "A menu that reaches your magnesium, potassium, calcium, vitamin D and B6 targets within your limits.\n"
        "\n"
        "Without --profile the targets are those of a 40-year-old adult of unspecified sex (said in the output).\n"
        "Not for babies under 1 year; for a child under 18 give --kcal.\n"
        "\n"
        "Food allergies are not checked (a profile's allergies are medicine allergies): leave such foods out with\n"
        "--exclude.\n"
        "\n"
        "Example: crampcare foods plan --profile me.json --days 3 --kcal 1800 --exclude peanut"
    )
)
def plan(
    profile: str | None = typer.Option(None, "--profile", help=N_("assessment profile JSON file")),
    days: int = typer.Option(1, "--days", help=N_("number of days (1-14), with variety")),
    kcal: float | None = typer.Option(
        None,
        "--kcal",
        help=N_(
            "energy budget per day (1000-5000); default 2,000 kcal, the adult food-label reference; "
            "required under 18 (ask the child's doctor or dietitian)"
        ),
        parser=typed_number,
    ),
    diet: str | None = typer.Option(None, "--diet", help=N_("vegetarian | vegan | lactose_free")),
    exclude: list[str] = typer.Option(
        [], "--exclude", help=N_("leave out foods whose name has this word (a food allergy: e.g. --exclude peanut)")
    ),
    as_json: bool = typer.Option(False, "--json", help=N_("print JSON")),
) -> None:
    from crampcare.cli.output import print_json
    from crampcare.nutrition.plan import plan_menu
    from crampcare.nutrition.report import load_profile, render_plan

    person = load_profile(profile) if profile is not None else None  # a str: Path("") would become "."
    try:
        result = plan_menu(person, days=days, kcal=kcal, diet=diet, exclude=tuple(exclude))
    except InputError as exc:
        if exc.field == "age_years" and profile is not None:  # the age came from the profile file
            raise InputError(f"{profile}: age_years: {exc.message}", field="--profile", valid=exc.valid) from None
        _renamed(exc, PLAN_OPTIONS)
    if as_json:
        print_json(result)
        return
    typer.echo(render_plan(result))
