"""Measure the evidence map against the samples' truth files, and print the misses.

    python benchmarks/bench_mapping.py [--misses 15]

For each company under sample_evidence/truth/: scan its folder into a temporary state,
analyse and map it with the audit tool of its program, then compare with the truth:
element-level link precision and recall (a document linked to any requirement of an
element counts as the pair document/element), document-type accuracy and date accuracy.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.scan import ScanOptions, scan_folder  # noqa: E402
from evidencekit.workspace import open_workspace  # noqa: E402

TOOL_BY_PROGRAM = {"COR": "acsa-cor-2019", "SECOR": "acsa-secor-2023"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=15, help="misses to list per measure")
    args = parser.parse_args()
    totals = {"tp": 0, "fp": 0, "fn": 0, "types": [0, 0], "dates": [0, 0]}
    for truth_file in sorted((REPO / "sample_evidence" / "truth").glob("*.yaml")):
        truth = yaml.safe_load(truth_file.read_text(encoding="utf-8"))
        measure_company(truth, args.misses, totals)
    print("\nall samples:")
    print_figures(totals)


def measure_company(truth: dict, misses: int, totals: dict) -> None:
    folder = REPO / "sample_evidence" / truth["company"]
    tool_id = TOOL_BY_PROGRAM[truth["program"]]
    with tempfile.TemporaryDirectory() as state:
        plugin_manager = make_plugin_manager(load_entrypoints=False)
        with open_workspace(folder, Path(state), plugin_manager) as workspace:
            with workspace.writing():
                scan_folder(workspace, ScanOptions())
            evidence = workspace.evidence_map(tool_id)
    expected = {doc["path"]: doc for doc in truth["documents"]}
    facts = {document.path: document for document in evidence.documents}
    predicted = {
        (link.path, item.requirement.element_id)
        for item in evidence.requirements
        for link in item.links
    }
    wanted = {(path, str(element)) for path, doc in expected.items() for element in doc["elements"]}
    counts = {
        "tp": len(predicted & wanted),
        "fp": len(predicted - wanted),
        "fn": len(wanted - predicted),
        "types": _agreement(expected, facts, "type", "doc_type"),
        "dates": _agreement(expected, facts, "date", "date"),
    }
    print(f"\n{truth['company']} with {tool_id} ({len(expected)} documents):")
    print_figures(counts)
    _print_misses("links not in the truth", sorted(predicted - wanted), misses)
    _print_misses("truth links not found", sorted(wanted - predicted), misses)
    _print_misses(
        "wrong types",
        [
            (p, f"{facts[p].doc_type} ({facts[p].type_cue}), truth {d['type']}")
            for p, d in expected.items()
            if facts[p].doc_type != d["type"]
        ],
        misses,
    )
    _print_misses(
        "wrong dates",
        [
            (
                p,
                f"{facts[p].date} ({facts[p].date_source}: {facts[p].date_text!r}),"
                f" truth {d['date']}",
            )
            for p, d in expected.items()
            if d.get("date") and facts[p].date != d["date"]
        ],
        misses,
    )
    for key in ("tp", "fp", "fn"):
        totals[key] += counts[key]
    for key in ("types", "dates"):
        totals[key] = [a + b for a, b in zip(totals[key], counts[key], strict=True)]


def _agreement(expected: dict, facts: dict, truth_key: str, fact_key: str) -> list[int]:
    judged = [
        (doc[truth_key], getattr(facts[path], fact_key))
        for path, doc in expected.items()
        if doc.get(truth_key)
    ]
    return [sum(1 for want, got in judged if want == got), len(judged)]


def print_figures(counts: dict) -> None:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    right_types, all_types = counts["types"]
    right_dates, all_dates = counts["dates"]
    print(
        f"  element-level links: precision {precision:.3f}, recall {recall:.3f}"
        f" ({tp} right, {fp} extra, {fn} missed)"
    )
    print(f"  document type accuracy: {right_types / all_types:.3f} ({right_types}/{all_types})")
    print(f"  date accuracy: {right_dates / all_dates:.3f} ({right_dates}/{all_dates})")


def _print_misses(title: str, rows: list, limit: int) -> None:
    if not rows:
        return
    print(f"  {title} ({len(rows)}):")
    for row in rows[:limit]:
        print(f"    {row[0]}: {row[1]}" if isinstance(row, tuple) else f"    {row}")


if __name__ == "__main__":
    main()
