"""Turn the chaos suite's record (test-artifacts/reliability.json) into the table of
docs/reliability.md, between its ``reliability-table`` markers.

    python scripts/reliability_table.py [--input FILE] [--doc FILE]

Rows of one scenario (several runs, several xdist workers) are summed; seeds are listed so
any run can be replayed with ``NOOMUS_CHAOS_SEED``. Exit code 2 if a scenario that is not a
known, reported bug (strict xfail) lost or doubled anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = "<!-- reliability-table:start -->"
END = "<!-- reliability-table:end -->"
COUNTS = ("tried", "survived", "bytes_lost", "duplicates", "stuck", "orphans")
HEADER = (
    "| scenario | transfers tried | survived | bytes lost | duplicates | stuck | "
    "orphan uploads (expire) | seeds |\n|---|---:|---:|---:|---:|---:|---:|---|"
)


def merge(rows: Iterable[Mapping[str, object]]) -> dict[str, dict[str, object]]:
    """One entry per scenario, counts summed, seeds concatenated, in first-seen order."""
    merged: dict[str, dict[str, object]] = {}
    for row in rows:
        entry = merged.setdefault(
            str(row["scenario"]),
            {**dict.fromkeys(COUNTS, 0), "seeds": [], "full": False, "known_bug": False},
        )
        for key in COUNTS:
            entry[key] = int(str(entry[key])) + int(str(row.get(key, 0)))
        seeds = entry["seeds"]
        assert isinstance(seeds, list)
        seeds.extend(row.get("seeds") or [])  # type: ignore[arg-type]
        entry["full"] = bool(entry["full"]) or bool(row.get("full"))
        entry["known_bug"] = bool(entry["known_bug"]) or bool(row.get("known_bug"))
    return merged


def _seeds(seeds: list[int]) -> str:
    return ", ".join(str(s) for s in seeds) or "-"


def table(rows: Iterable[Mapping[str, object]]) -> str:
    lines = [HEADER]
    for scenario, entry in sorted(merge(rows).items()):
        seeds = entry["seeds"]
        assert isinstance(seeds, list)
        name = scenario + (" (full strength)" if entry["full"] else "")
        if entry["known_bug"]:
            name = f"**known bug (strict xfail)**: {name}"
        counts = " | ".join(str(entry[key]) for key in COUNTS)
        lines.append(f"| {name} | {counts} | {_seeds(seeds)} |")
    return "\n".join(lines)


def rewrite(doc: Path, rendered: str) -> None:
    text = doc.read_text(encoding="utf-8")
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{doc} has no {START} ... {END} markers")
    doc.write_text(f"{before}{START}\n{rendered}\n{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, default=ROOT / "test-artifacts" / "reliability.json")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "reliability.md")
    args = parser.parse_args(argv)
    try:
        rows = json.loads(args.input.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"{args.input} not found: run the chaos suite first", file=sys.stderr)
        return 1
    rendered = table(rows)
    rewrite(args.doc, rendered)
    print(rendered)
    lost = sum(
        int(r.get("bytes_lost", 0)) + int(r.get("duplicates", 0))
        for r in rows
        if not r.get("known_bug")
    )
    return 0 if lost == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
