"""The food table (USDA SR28, public domain) as column arrays, with nutrient names and servings.

`data/foods.csv` is built by `scripts/build_foods.py` from the SR28 files; it is
the diffable source of truth and the only table the runtime needs. Values are per
100 g of edible portion; an empty cell is "no SR28 value", kept as NaN (never
silently zero) so a ceiling is never checked against an unknown.

Speed: parsing the CSV takes tens of milliseconds, so the parsed columns are also
written to a derived cache (`foods-<hash>.npz` in the user cache directory) whose
name is the SHA-256 of the CSV bytes plus `CACHE_VERSION`: an edited CSV never
meets a stale cache. A missing, unreadable or unwritable cache only costs the
parse; `CRAMPCARE_CACHE_DIR` moves it ("off" disables it). Other arrays derived
from the table (filters' masks) use the same cache via `derived_arrays`. `Food`
objects are built on demand (`table.foods[i]`); bulk work uses the
columns (`names`, `groups`, `values`, `serving_grams`).

A food's *serving* is the household measure a menu uses. Foods with a menu role
(portions.py: cheese, nuts, starch, vegetable …) get a measure within that role's
weights (1 oz of cheese, 3 oz of meat, about a cup of rice or fruit); any other
food gets the generic rule `choose_serving`: the first measure (in SR28's order)
weighing 20-400 g and giving at most 250 kcal; failing that, the largest measure of
at least 5 g within 250 kcal (a tablespoon of oil); failing that, 100 g. Roles and
servings are cached with the table, so the cache key also covers menu_rules.yaml.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from crampcare.errors import InputError
from crampcare.i18n import N_, _

FOODS_CSV = Path(__file__).resolve().parent.parent / "data" / "foods.csv"
# Roles and serving rules live here; they shape the cached servings, so its bytes are part of the cache key.
RUSSIAN_NAMES = FOODS_CSV.parent / "nutrition" / "nutrients.ru.yaml"  # what Russian readers call the nutrients
SERVING_RULES = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "menu_rules.yaml"
# Bump when the cached columns or the serving rule change, so old cache files are not read.
CACHE_VERSION = "3"
CACHE_DIR_ENV = "CRAMPCARE_CACHE_DIR"  # overrides the platform cache directory; "off" disables the cache
_SEP = "\x1f"  # ASCII unit separator: joins a text column into one array in the cache (never in SR28 text)


@dataclass(frozen=True)
class Nutrient:
    id: str
    label: str  # English, marked for the catalogue: show it as _(label)
    unit: str
    column: str  # column in foods.csv
    aliases: tuple[str, ...]


NUTRIENTS: tuple[Nutrient, ...] = (
    Nutrient("energy", N_("Energy"), "kcal", "energy_kcal", ("kcal", "calories", "energy")),
    Nutrient("magnesium", N_("Magnesium"), "mg", "magnesium_mg", ("mg", "magnesium")),
    Nutrient("potassium", N_("Potassium"), "mg", "potassium_mg", ("k", "potassium")),
    Nutrient("calcium", N_("Calcium"), "mg", "calcium_mg", ("ca", "calcium")),
    Nutrient("sodium", N_("Sodium"), "mg", "sodium_mg", ("na", "sodium", "salt")),
    Nutrient("phosphorus", N_("Phosphorus"), "mg", "phosphorus_mg", ("p", "phosphorus", "phosphate")),
    Nutrient("thiamin", N_("Thiamin (B1)"), "mg", "thiamin_mg", ("b1", "vitaminb1", "thiamine", "thiamin")),
    Nutrient("vitamin_b6", N_("Vitamin B6"), "mg", "vitamin_b6_mg", ("b6", "vitaminb6", "pyridoxine")),
    Nutrient("vitamin_b12", N_("Vitamin B12"), "µg", "vitamin_b12_ug", ("b12", "vitaminb12", "cobalamin")),
    Nutrient("niacin", N_("Niacin (B3)"), "mg", "niacin_mg", ("b3", "vitaminb3", "niacin", "nicotinicacid")),
    Nutrient("vitamin_d", N_("Vitamin D"), "µg", "vitamin_d_ug", ("d", "vitamind", "vitd", "calciferol")),
)
NUTRIENT_IDS: tuple[str, ...] = tuple(n.id for n in NUTRIENTS)
COLUMN = {n.id: i for i, n in enumerate(NUTRIENTS)}  # nutrient id → column of FoodTable.values
BY_ID = {n.id: n for n in NUTRIENTS}

SERVING_MIN_G, SERVING_MAX_G, SERVING_MAX_KCAL, MEASURE_MIN_G = 20.0, 400.0, 250.0, 5.0

Array = npt.NDArray[np.float64]
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _key(name: str) -> str:
    """Case-folded letters and digits only, as the knowledge base compares names (kept local: importing
    the knowledge loader just for this would double the CLI's start-up)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", name).casefold())


def nutrient(name: str) -> Nutrient:
    """The nutrient a person names ("Mg", "magnesium", "vitamin D", "B6", «магний», «витамина Д»);
    InputError otherwise."""
    if not _CYRILLIC.search(name.casefold()):  # English key drops Cyrillic: «магний B6» must not read as "b6"
        key = _key(name)
        for item in NUTRIENTS:
            if key == _key(item.id) or key in item.aliases:
                return item
    found = _russian_names().get(_russian_key(name))
    if found is not None:
        return BY_ID[found]
    raise InputError(
        _("unknown nutrient %(name)s") % {"name": repr(name)}, field="NUTRIENT", valid=", ".join(NUTRIENT_IDS)
    )


_CYRILLIC = re.compile(r"[а-яё]")
# Latin letters that look like Cyrillic ones («витамин B6» is often typed with a Latin B), as knowledge/lookup.py.
_LOOK_ALIKE = str.maketrans("abcehkmoptxy", "авсенкмортху")
_NOT_WORD = re.compile(r"[\W_]+")


def _russian_key(name: str) -> str:
    """A Russian name's comparison key: each word case-folded, ё → е, look-alike Latin letters read as Cyrillic,
    and reduced to its stem, so «магний», «магния» and «Магнием» are one key."""
    import snowballstemmer  # type: ignore[import-untyped]  # only for a name that is not English

    folded = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    if _CYRILLIC.search(folded):
        folded = folded.translate(_LOOK_ALIKE)
    words = [w for w in _NOT_WORD.split(folded) if w]
    return " ".join(snowballstemmer.stemmer("russian").stemWords(words))


@cache
def _russian_names() -> dict[str, str]:
    """Key of each Russian nutrient name → nutrient id (data/nutrition/nutrients.ru.yaml)."""
    import yaml

    data = yaml.safe_load(RUSSIAN_NAMES.read_text(encoding="utf-8"))
    return {_russian_key(name): nutrient_id for nutrient_id, names in data["names"].items() for name in names}


@dataclass(frozen=True)
class Portion:
    label: str  # SR28 household measure, e.g. "1 cup, chopped"
    grams: float


@dataclass(frozen=True)
class Food:
    ndb: str
    name: str
    group: str
    per_100g: dict[str, float | None]
    portions: tuple[Portion, ...]
    serving: Portion = field(compare=False)
    role: str = field(default="other", compare=False)  # menu role (portions.py): "cheese", "vegetable" …

    def amount(self, nutrient_id: str, grams: float) -> float | None:
        value = self.per_100g[nutrient_id]
        return None if value is None else value * grams / 100.0


def parse_portions(cell: str) -> tuple[Portion, ...]:
    """The `portions` cell: "label;grams" items joined by "|"."""
    out = []
    for item in filter(None, cell.split("|")):
        label, _, grams = item.rpartition(";")
        out.append(Portion(label, float(grams)))
    return tuple(out)


def choose_serving(portions: tuple[Portion, ...], kcal_per_100g: float | None) -> Portion:
    """The household measure a menu uses for this food (rule in the module docstring)."""
    kcal = 0.0 if kcal_per_100g is None or kcal_per_100g != kcal_per_100g else kcal_per_100g  # NaN → 0

    def within_energy(p: Portion) -> bool:
        return p.grams * kcal / 100.0 <= SERVING_MAX_KCAL

    for p in portions:
        if SERVING_MIN_G <= p.grams <= SERVING_MAX_G and within_energy(p):
            return p
    small = [p for p in portions if p.grams >= MEASURE_MIN_G and within_energy(p)]
    if small:
        return max(small, key=lambda p: p.grams)
    if portions:  # only spoon-sized measures (a teaspoon of a spice): the smallest is the honest serving
        return min(portions, key=lambda p: p.grams)
    return Portion("100 g", 100.0)


@dataclass(frozen=True)
class Columns:
    """What the CSV holds, parsed: the part worth caching."""

    ndbs: tuple[str, ...]
    names: tuple[str, ...]
    groups: tuple[str, ...]
    portion_cells: tuple[str, ...]  # raw "label;grams|…" cells, parsed only for the foods looked at
    values: Array  # (foods × NUTRIENTS) per 100 g, NaN = unknown
    serving_labels: tuple[str, ...]
    serving_grams: Array
    roles: tuple[str, ...]  # menu role of each food (portions.py)


class FoodView(Sequence[Food]):
    """`table.foods`: Food objects made on demand from the columns (most code never needs them all)."""

    def __init__(self, table: FoodTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    @overload
    def __getitem__(self, index: int) -> Food: ...
    @overload
    def __getitem__(self, index: slice) -> list[Food]: ...
    def __getitem__(self, index: int | slice) -> Food | list[Food]:
        if isinstance(index, slice):
            return [self._table.food(i) for i in range(*index.indices(len(self)))]
        return self._table.food(index)

    def __iter__(self) -> Iterator[Food]:
        return (self._table.food(i) for i in range(len(self)))


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: masks are cached per table
class FoodTable:
    """All foods as columns plus a (foods × nutrients) matrix per 100 g for fast vector work."""

    columns: Columns
    digest: str  # SHA-256 of the CSV (with CACHE_VERSION): keys every derived cache
    cache_dir: Path | None  # where derived arrays are cached; None = no cache

    def __len__(self) -> int:
        return len(self.columns.ndbs)

    @property
    def names(self) -> tuple[str, ...]:
        return self.columns.names

    @property
    def groups(self) -> tuple[str, ...]:
        return self.columns.groups

    @property
    def values(self) -> Array:
        return self.columns.values

    @property
    def serving_grams(self) -> Array:
        return self.columns.serving_grams

    @property
    def roles(self) -> tuple[str, ...]:
        return self.columns.roles

    @cached_property
    def by_ndb(self) -> dict[str, int]:
        return {ndb: i for i, ndb in enumerate(self.columns.ndbs)}

    @cached_property
    def foods(self) -> FoodView:
        return FoodView(self)

    def food(self, row: int) -> Food:
        c = self.columns
        if not -len(self) <= row < len(self):
            raise IndexError(row)
        per_100g = {n: (None if np.isnan(v) else float(v)) for n, v in zip(NUTRIENT_IDS, c.values[row], strict=True)}
        serving = Portion(c.serving_labels[row], float(c.serving_grams[row]))
        portions = parse_portions(c.portion_cells[row])
        return Food(c.ndbs[row], c.names[row], c.groups[row], per_100g, portions, serving, c.roles[row])


def _number(cell: str) -> float:
    return float(cell) if cell else np.nan


def parse_csv(text: str) -> Columns:
    """The CSV's columns; roles and servings chosen by `portions.role_and_serving`."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = list(reader)
    at = {name: i for i, name in enumerate(header)}
    nutrient_at = [at[n.column] for n in NUTRIENTS]
    values = np.array([[_number(row[i]) for i in nutrient_at] for row in rows], dtype=np.float64).reshape(-1, 11)
    cells = tuple(row[at["portions"]] for row in rows)
    energy = values[:, COLUMN["energy"]].tolist()
    from crampcare.nutrition.portions import role_and_serving  # reads the rules only when the CSV is parsed

    chosen = [
        role_and_serving(row[at["name"]], row[at["group"]], parse_portions(cell), kcal)
        for row, cell, kcal in zip(rows, cells, energy, strict=True)
    ]
    servings = [serving for _, serving in chosen]
    return Columns(
        ndbs=tuple(row[at["ndb"]] for row in rows),
        names=tuple(row[at["name"]] for row in rows),
        groups=tuple(row[at["group"]] for row in rows),
        portion_cells=cells,
        values=values,
        serving_labels=tuple(s.label for s in servings),
        serving_grams=np.array([s.grams for s in servings], dtype=np.float64),
        roles=tuple(role for role, _ in chosen),
    )


_TEXT_FIELDS = ("ndbs", "names", "groups", "portion_cells", "serving_labels", "roles")


def _cache_dir() -> Path | None:
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("crampcare"))


def _read_npz(path: Path) -> dict[str, npt.NDArray[Any]] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None  # missing, unreadable or half-written: the caller rebuilds it


def _write_npz(path: Path, arrays: dict[str, npt.NDArray[Any]]) -> None:
    """Write atomically (temporary file, then rename) so a reader never sees half a file; errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]
        os.replace(handle.name, path)
        prefix = path.name.split("-")[0]
        for stale in path.parent.glob(f"{prefix}-*.npz"):  # caches of an older CSV or older rules
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the rebuild next time


def _columns_from(arrays: dict[str, npt.NDArray[Any]] | None) -> Columns | None:
    if arrays is None or not all(f in arrays for f in (*_TEXT_FIELDS, "values", "serving_grams")):
        return None
    try:
        texts = {f: tuple(arrays[f].tobytes().decode("utf-8").split(_SEP)) for f in _TEXT_FIELDS}
    except UnicodeDecodeError:
        return None
    values, grams = arrays["values"], arrays["serving_grams"]
    n = len(texts["ndbs"])
    if values.shape != (n, len(NUTRIENTS)) or grams.shape != (n,) or any(len(t) != n for t in texts.values()):
        return None
    return Columns(**texts, values=values, serving_grams=grams)


def _arrays_of(columns: Columns) -> dict[str, npt.NDArray[Any]]:
    arrays: dict[str, npt.NDArray[Any]] = {
        f: np.frombuffer(_SEP.join(getattr(columns, f)).encode("utf-8"), dtype=np.uint8) for f in _TEXT_FIELDS
    }
    return arrays | {"values": columns.values, "serving_grams": columns.serving_grams}


def load_table(path: Path = FOODS_CSV, use_cache: bool = True) -> FoodTable:
    """The table in `path`, from the derived cache when one matches the CSV's bytes."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw + CACHE_VERSION.encode() + SERVING_RULES.read_bytes()).hexdigest()[:32]
    folder = _cache_dir() if use_cache else None
    if folder is None:
        return FoodTable(parse_csv(raw.decode("utf-8")), digest, None)
    cached = folder / f"foods-{digest}.npz"
    columns = _columns_from(_read_npz(cached))
    if columns is None:
        columns = parse_csv(raw.decode("utf-8"))
        _write_npz(cached, _arrays_of(columns))
    return FoodTable(columns, digest, folder)


def derived_arrays(
    table: FoodTable, name: str, inputs: bytes, build: Callable[[], dict[str, npt.NDArray[Any]]]
) -> dict[str, npt.NDArray[Any]]:
    """Arrays computed from the table and `inputs` (e.g. rule files), cached beside the table.

    The file name hashes the table's digest and `inputs`, so a change to either rebuilds it;
    the result must have the given keys with one entry per food, or it is rebuilt.
    """
    if table.cache_dir is None:
        return build()
    key = hashlib.sha256(table.digest.encode() + b"\0" + inputs).hexdigest()[:32]
    path = table.cache_dir / f"{name}-{key}.npz"
    found = _read_npz(path)
    if found is not None and all(len(a) == len(table) for a in found.values()):
        return found
    arrays = build()
    _write_npz(path, arrays)
    return arrays


@cache
def food_table() -> FoodTable:
    """The shipped table, loaded once per process."""
    return load_table()
