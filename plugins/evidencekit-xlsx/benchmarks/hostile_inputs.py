"""Try every hostile spreadsheet the tests know on this plugin, as a scan would, and print
what each got: a Markdown table of status, reason, seconds and peak memory.

Run from the plugin's folder, in a venv with evidencekit and this plugin:
``python benchmarks/hostile_inputs.py``. Each file is extracted in a fresh process under
the memory limit (address space) and time limit a scan's workers have
(``evidencekit.testing.extract_under_limits``); the inputs are generated in a temporary
folder by the tests' builders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evidencekit.models import ExtractionLimits
from evidencekit.testing import HostileCase, print_hostile_table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import workbooks
from evidencekit_xlsx import extractor

HOSTILE: list[HostileCase] = [
    ("zip bomb: 400 MB declared", "bomb.xlsx", workbooks.zip_bomb),
    (
        "zip bomb: sheet XML inflating to 300 MB, headers declaring 2 KB",
        "lying.xlsx",
        workbooks.lying_zip_bomb,
    ),
    (
        "sheet declaring A1:XFD1048576, a cell in row 1,048,576",
        "huge.xlsx",
        workbooks.huge_dimensions,
    ),
    ("a million filled rows (13 MB file)", "million.xlsx", workbooks.million_rows),
    (
        "formula pointing at another workbook, external link part",
        "link.xlsx",
        workbooks.with_formula_and_link,
    ),
    (".xlsm with a VBA project", "macros.xlsm", workbooks.with_macros),
    ("workbook cut off halfway", "cut.xlsx", workbooks.truncated),
    ("a text file named .xlsx", "renamed.xlsx", workbooks.not_a_zip),
    ("password-protected workbook (OLE EncryptedPackage)", "locked.xlsx", workbooks.encrypted),
    ("CSV in no known encoding", "mixed.csv", workbooks.csv_in_no_known_encoding),
    ("CSV with a 20 MB line", "long.csv", workbooks.csv_with_an_enormous_line),
    ("CSV of one line of 5 million fields", "wide.csv", workbooks.csv_with_millions_of_fields),
]


def main() -> None:
    limits = ExtractionLimits()
    print(
        f"limits: {limits.timeout_seconds:g} s, {limits.memory_mb} MB address space, "
        f"{limits.max_uncompressed_mb} MB uncompressed; {extractor.MAX_CELLS:,} cells, "
        f"{extractor.MAX_CHARS:,} characters per file\n"
    )
    print_hostile_table(HOSTILE, extractor, limits=limits)


if __name__ == "__main__":
    main()
