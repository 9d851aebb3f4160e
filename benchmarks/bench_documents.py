"""Measure how evidencekit reads documents against a hand-labelled folder, and print the misses.

    python benchmarks/bench_documents.py LABELLED_FOLDER [--held-out-every 3] [--json OUT]

LABELLED_FOLDER holds ``labels.tsv`` and ``documents/`` (the layout of the shared real-documents
development set: one row a file with ``dest_path``, ``doc_type``, ``date`` (or ``null``),
``blank_template`` and ``why``). The documents are scanned into a temporary state directory,
never inside the folder, with the plugins installed in this environment, and their facts
compared with the labels:

- type accuracy overall, on safety documents, on look-alikes (labelled ``other``), per type;
- exact-day date accuracy on documents that print a date (not blank templates);
- documents given a printed-looking date (from their text or file name) that they do not
  print: a filled document labelled without a date, and the date not from file metadata
  (blank templates dated from their own text, a form's revision date, are counted apart);
- every miss, with the reason evidencekit gives for its type and where its date came from.

``--held-out-every N`` also prints the figures for every Nth labelled row (the 3rd, 6th, …)
apart from the rest, so that a change tuned on the rest can be judged on rows it was not
tuned on. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidencekit.analyse.dates import DateSource  # noqa: E402
from evidencekit.models import UNCLASSIFIED, DocumentFacts  # noqa: E402
from evidencekit.plugins import make_plugin_manager  # noqa: E402
from evidencekit.scan import ScanOptions, scan_folder  # noqa: E402
from evidencekit.workspace import open_workspace  # noqa: E402

NO_DATE = {"", "null", "none", "-"}
# Type names a labelled set may use for evidencekit's own ids.
TYPE_ALIASES = {
    "unclassified": UNCLASSIFIED,
    "": UNCLASSIFIED,
    "first-aid-certificate": "certificate",
}


@dataclass(frozen=True)
class Label:
    path: str
    doc_type: str
    date: str | None
    blank: bool
    why: str


@dataclass(frozen=True)
class Reading:
    """What evidencekit made of one labelled file."""

    status: str
    doc_type: str
    type_cue: str
    date: str | None
    date_source: str | None
    date_text: str | None


NOT_LISTED = Reading("(not listed)", "(not listed)", "", None, None, None)


@dataclass
class Figures:
    files: int = 0
    types_right: int = 0
    safety: list[int] = field(default_factory=lambda: [0, 0])
    look_alikes: list[int] = field(default_factory=lambda: [0, 0])
    per_type: dict[str, list[int]] = field(default_factory=dict)
    dates: list[int] = field(default_factory=lambda: [0, 0])
    printed_but_not_printed: int = 0
    blank_forms_dated_from_text: int = 0
    dated_from_metadata_only: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    type_misses: list[tuple[Label, Reading]] = field(default_factory=list)
    date_misses: list[tuple[Label, Reading]] = field(default_factory=list)
    false_printed: list[tuple[Label, Reading]] = field(default_factory=list)

    def add(self, label: Label, reading: Reading) -> None:
        self.files += 1
        right = reading.doc_type == label.doc_type
        self.types_right += right
        group = self.look_alikes if label.doc_type == UNCLASSIFIED else self.safety
        group[0] += 1
        group[1] += right
        counts = self.per_type.setdefault(label.doc_type, [0, 0])
        counts[0] += 1
        counts[1] += right
        if not right:
            self.confusions[label.doc_type, reading.doc_type] += 1
            self.type_misses.append((label, reading))
        if label.date and not label.blank:
            self.dates[0] += 1
            self.dates[1] += reading.date == label.date
            if reading.date != label.date:
                self.date_misses.append((label, reading))
        elif reading.date and _printed_looking(reading) and label.blank:
            # A blank form may print its own revision date; the label keeps no date for it.
            self.blank_forms_dated_from_text += 1
        elif reading.date and _printed_looking(reading):
            self.printed_but_not_printed += 1
            self.false_printed.append((label, reading))
        elif reading.date:
            self.dated_from_metadata_only += 1

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "type_correct": self.types_right,
            "safety": self.safety,
            "look_alikes": self.look_alikes,
            "per_type": self.per_type,
            "dates": self.dates,
            "printed_looking_date_not_printed": self.printed_but_not_printed,
            "blank_forms_dated_from_text": self.blank_forms_dated_from_text,
            "dated_from_metadata_only": self.dated_from_metadata_only,
            "type_misses": [[lab.path, lab.doc_type, r.doc_type] for lab, r in self.type_misses],
            "date_misses": [[lab.path, lab.date, r.date] for lab, r in self.date_misses],
        }


def _printed_looking(reading: Reading) -> bool:
    """Whether the date is shown as read from the document rather than from file metadata."""
    return not (reading.date_source or "").startswith(DateSource.METADATA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="holds labels.tsv and documents/")
    parser.add_argument(
        "--held-out-every", type=int, default=3, metavar="N",
        help="report every Nth row apart as the held-out part (0: no held-out part)",
    )  # fmt: skip
    parser.add_argument("--misses", type=int, default=100, help="misses to list per measure")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    labels = load_labels(args.folder / "labels.tsv")
    readings = read_documents(args.folder / "documents")
    everything, tuned, held_out = Figures(), Figures(), Figures()
    for row, label in enumerate(labels, start=1):
        reading = readings.get(label.path, NOT_LISTED)
        everything.add(label, reading)
        every = args.held_out_every
        (held_out if every and row % every == 0 else tuned).add(label, reading)
    print(f"{args.folder}: {len(labels)} labelled files, {len(readings)} read\n")
    print_figures("ALL", everything, detail=True)
    if args.held_out_every:
        print_figures(f"DEVELOPMENT PART (rows not divisible by {args.held_out_every})", tuned)
        print_figures(f"HELD-OUT PART (every row divisible by {args.held_out_every})", held_out)
    print_misses(everything, args.misses)
    if args.json:
        figures = {"all": everything.as_dict(), "held_out": held_out.as_dict()}
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def load_labels(path: Path) -> list[Label]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    return [
        Label(
            path=_inside_documents(row["dest_path"]),
            doc_type=TYPE_ALIASES.get(row["doc_type"].strip(), row["doc_type"].strip()),
            date=None if row["date"].strip().lower() in NO_DATE else row["date"].strip()[:10],
            blank=row.get("blank_template", "").strip().lower() == "yes",
            why=row.get("why", ""),
        )
        for row in rows
    ]


def _inside_documents(dest_path: str) -> str:
    """A label's path as the scan of ``documents/`` lists it: some labelled folders write
    ``documents/`` in front of it, others start inside it."""
    path = dest_path.replace("\\", "/")
    return path.removeprefix("documents/")


def read_documents(folder: Path) -> dict[str, Reading]:
    """Scan ``folder`` into a throwaway state and return each file's reading by path."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-documents-") as state,
        open_workspace(folder, Path(state), make_plugin_manager()) as workspace,
    ):
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=1))
        statuses = {record.path: str(record.status) for record in workspace.documents()}
        facts: list[DocumentFacts] = workspace.document_facts()
    readings = {
        path: Reading(status, UNCLASSIFIED, "not read", None, None, None)
        for path, status in statuses.items()
    }
    for fact in facts:
        readings[fact.path] = Reading(
            statuses.get(fact.path, "?"),
            fact.doc_type,
            fact.type_cue,
            fact.date,
            fact.date_source,
            fact.date_text,
        )
    return readings


def ratio(counts: list[int] | tuple[int, int]) -> str:
    total, right = counts
    return f"{right}/{total} = {right / total:.3f}" if total else "0/0 = n/a"


def print_figures(heading: str, figures: Figures, detail: bool = False) -> None:
    print(f"== {heading}")
    print(f"type accuracy      overall {ratio((figures.files, figures.types_right))}")
    print(f"                   safety documents {ratio(figures.safety)}")
    print(f"                   look-alikes (labelled other) {ratio(figures.look_alikes)}")
    print(f"date accuracy      exact day, documents that print a date {ratio(figures.dates)}")
    print(f"                   printed-looking date the document does not print: "
          f"{figures.printed_but_not_printed}")  # fmt: skip
    print(f"                   blank forms dated from their own text (a revision date): "
          f"{figures.blank_forms_dated_from_text}")  # fmt: skip
    print(f"                   no printed date, dated from file metadata (shown as such): "
          f"{figures.dated_from_metadata_only}")  # fmt: skip
    if detail:
        print("per labelled type (right/labelled):")
        for doc_type, counts in sorted(figures.per_type.items(), key=lambda i: (-i[1][0], i[0])):
            print(f"  {doc_type:32} {ratio(counts)}")
        print("confusions (labelled -> read: count):")
        for (true, read), count in figures.confusions.most_common():
            print(f"  {true:32} -> {read:32} {count}")
    print()


def print_misses(figures: Figures, limit: int) -> None:
    print(f"TYPE MISSES ({len(figures.type_misses)})")
    for label, reading in figures.type_misses[:limit]:
        blank = " [blank]" if label.blank else ""
        print(f"  {label.path}{blank}\n      labelled {label.doc_type}, read {reading.doc_type}"
              f" [{reading.status}]: {reading.type_cue}")  # fmt: skip
    print(f"\nDATE MISSES ({len(figures.date_misses)})")
    for label, reading in figures.date_misses[:limit]:
        print(f"  {label.path}\n      labelled {label.date}, read {reading.date}"
              f" from {reading.date_source} {reading.date_text!r}")  # fmt: skip
    print(f"\nPRINTED-LOOKING DATES NOT PRINTED ({len(figures.false_printed)})")
    for label, reading in figures.false_printed[:limit]:
        print(f"  {label.path}\n      read {reading.date} from {reading.date_source}"
              f" {reading.date_text!r}")  # fmt: skip


if __name__ == "__main__":
    main()
