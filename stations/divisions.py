"""Loading the real divisions of Ningbo, shipped with the project in `stations/data/ningbo_divisions.csv`.

Used by the data migration (with the historical model) and by `manage.py load_divisions` (idempotent: new
codes are added, changed names are updated, nothing is deleted).
"""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "ningbo_divisions.csv"
LEVELS = ("city", "district", "township", "village")


def read_rows(path: Path = DATA_FILE) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("division codes must be unique")
    rows.sort(key=lambda row: (LEVELS.index(row["level"]), row["code"]))
    return rows


def load_divisions(division_model, path: Path = DATA_FILE) -> tuple[int, int]:
    """Create or update every division of the file. Returns (created, updated)."""
    rows = read_rows(path)
    by_code = {d.code: d for d in division_model.objects.all()}
    created = updated = 0
    for level in LEVELS:
        new, changed = [], []
        for row in rows:
            if row["level"] != level:
                continue
            parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
            if row["parent_code"] and parent is None:
                raise ValueError(f"division {row['code']} names an unknown parent {row['parent_code']}")
            current = by_code.get(row["code"])
            if current is None:
                new.append(division_model(code=row["code"], name=row["name"], level=level, parent=parent))
            elif (current.name, current.level, current.parent_id) != (row["name"], level, parent and parent.pk):
                current.name, current.level, current.parent = row["name"], level, parent
                changed.append(current)
        for obj in division_model.objects.bulk_create(new, batch_size=500):
            by_code[obj.code] = obj
        if not all(obj.pk for obj in new):  # backends that return no keys from bulk_create
            by_code.update({d.code: d for d in division_model.objects.filter(level=level)})
        division_model.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=500)
        created += len(new)
        updated += len(changed)
    _link_ancestors(division_model, by_code)
    return created, updated


def _link_ancestors(division_model, by_code: dict) -> None:
    by_pk = {d.pk: d for d in by_code.values()}
    stale = []
    for division in by_code.values():
        chain = {}
        node = division
        while node is not None:
            chain[node.level] = node.pk
            node = by_pk.get(node.parent_id)
        district, township = chain.get("district"), chain.get("township")
        if (division.district_id, division.township_id) != (district, township):
            division.district_id, division.township_id = district, township
            stale.append(division)
    division_model.objects.bulk_update(stale, ["district", "township"], batch_size=500)
