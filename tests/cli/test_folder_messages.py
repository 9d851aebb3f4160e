"""What a user is told about the folder itself: an empty or wrong folder, a folder never
scanned, a scan stopped part way, a malformed query, and files that cannot be taken in or
read, each with its real reason wherever findings and documents are shown."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from evidencekit.builtins.gap_rules import unreadable_reason
from evidencekit.models import DocumentFacts, DocumentStatus
from tests.documents import write_text

CHECK = ("--audit-date", "2026-11-16", "--quiet")


def test_an_empty_folder_is_asked_about_rather_than_assessed(evidence: Path, run_cli) -> None:
    result = run_cli("check", evidence, *CHECK)
    assert result.exit_code == 2
    assert "holds no files: is this the right folder? Nothing was assessed" in result.output
    assert "NOT READY" not in result.output


def test_a_folder_of_nothing_readable_is_asked_about_too(evidence: Path, run_cli) -> None:
    write_text(evidence / "drawing.dwg", "not a document")
    result = run_cli("check", evidence, *CHECK)
    assert result.exit_code == 2
    assert "holds 1 file, none of them readable (unsupported 1): is this the right folder?" in (
        result.output
    )


def test_documents_on_a_folder_never_scanned_says_so(evidence: Path, run_cli) -> None:
    result = run_cli("documents", evidence)
    assert result.exit_code == 2
    assert "has not been scanned yet; run: evidencekit scan FOLDER" in result.output


def test_documents_has_a_header_and_calls_an_empty_pdf_an_empty_file(
    evidence: Path, run_cli
) -> None:
    (evidence / "Policy.pdf").write_bytes(b"")
    write_text(evidence / "Toolbox talk 2026-03-11.txt", "Toolbox talk\nDate: 2026-03-11")
    assert run_cli("scan", evidence, "--quiet").exit_code == 0
    lines = run_cli("documents", evidence).stdout.splitlines()
    assert lines[0].split() == ["status", "pages", "chars", "type", "date", "path"]
    assert "Policy.pdf  (empty file (0 bytes))" in lines[1]
    report = json.loads(run_cli("check", evidence, *CHECK, "--format", "json").stdout)
    (finding,) = [f for f in report["findings"] if f["kind"] == "unreadable"]
    assert finding["message"].startswith("Policy.pdf is an empty file (0 bytes)")
    assert "Pdfium" not in finding["message"]


def test_a_malformed_query_is_refused_with_what_is_wrong(evidence: Path, run_cli) -> None:
    write_text(evidence / "policy.txt", "Health and safety policy")
    assert run_cli("scan", evidence, "--quiet").exit_code == 0
    for query, problem in [
        ("policy AND (", "its parentheses do not pair up"),
        ('"signed policy', "a quotation mark is not closed"),
        ("policy AND", "AND, OR or NOT needs a term on each side"),
        ("auhtor:smith", "it names no field auhtor"),
    ]:
        result = run_cli("search", evidence, query)
        assert result.exit_code == 2, query
        assert problem in result.output
        assert "No documents match" not in result.output
    assert "policy.txt" in run_cli("search", evidence, 'title:policy OR "safety policy"').output


def test_search_answers_from_a_scan_stopped_part_way(evidence: Path, state: Path, run_cli) -> None:
    write_text(evidence / "policy.txt", "Health and safety policy")
    assert run_cli("scan", evidence, "--quiet").exit_code == 0
    # A scan interrupted before its end records no "last scan", but has catalogued files.
    with closing(sqlite3.connect(state / "catalog.sqlite3")) as db, db:
        db.execute("DELETE FROM meta WHERE key = 'last_scan'")
    result = run_cli("search", evidence, "policy")
    assert result.exit_code == 0
    assert "not been scanned" not in result.output
    assert "policy.txt" in result.output


@pytest.mark.skipif(sys.platform != "linux", reason="needs file names that are not UTF-8")
def test_a_file_whose_name_is_not_utf8_is_a_finding_everywhere(evidence: Path, run_cli) -> None:
    write_text(evidence / "Toolbox talk 2026-03-11.txt", "Toolbox talk\nDate: 2026-03-11")
    with open(os.fsencode(evidence) + b"/Inspection \xff.txt", "w") as stream:
        stream.write("Site inspection")
    report = json.loads(run_cli("check", evidence, *CHECK, "--format", "json").stdout)
    (finding,) = [f for f in report["findings"] if f["paths"] == ["Inspection \\xff.txt"]]
    assert "left out of this check: the name is not valid UTF-8" in finding["message"]
    markdown = run_cli("check", evidence, *CHECK, "--format", "md").stdout
    assert "Inspection \\\\xff.txt was left out" in markdown
    assert "left-out" in run_cli("documents", evidence).stdout
    assert "Left out:        1" in run_cli("status", evidence).stdout


def test_a_file_without_read_permission_says_so_rather_than_damaged() -> None:
    # What the scan records when it cannot open a file (tests run as root, who can).
    document = DocumentFacts(
        path="Policy.pdf",
        status=DocumentStatus.FAILED,
        title=None,
        doc_type="other",
        type_cue="",
        reason="cannot read the file: Permission denied",
    )
    reason, action = unreadable_reason(document)
    assert "no read permission" in reason
    assert "damaged" not in reason and "re-save" not in action


def test_a_photo_without_ocr_is_as_serious_as_a_scan_and_told_to_get_ocr() -> None:
    def facts(path: str, status: DocumentStatus) -> DocumentFacts:
        return DocumentFacts(path=path, status=status, title=None, doc_type="other", type_cue="")

    photo = unreadable_reason(facts("Inspections/IMG_0001.jpg", DocumentStatus.UNSUPPORTED))
    scan = unreadable_reason(facts("Inspections/SCAN_0001.pdf", DocumentStatus.NEEDS_OCR))
    assert "cannot be read without OCR" in photo[0] and "cannot be read without OCR" in scan[0]
    assert "OCR" in photo[1] and "PDF" not in photo[1]


def test_a_linked_photo_is_a_major_finding_like_a_scan(evidence: Path, run_cli) -> None:
    write_text(evidence / "Toolbox talk 2026-03-11.txt", "Toolbox talk\nDate: 2026-03-11")
    (evidence / "Inspections").mkdir()
    (evidence / "Inspections" / "site inspection IMG_0001.jpg").write_bytes(
        b"\xff\xd8\xff\xe0photo"
    )
    report = json.loads(run_cli("check", evidence, *CHECK, "--format", "json").stdout)
    (finding,) = [f for f in report["findings"] if f["kind"] == "unreadable"]
    assert finding["severity"] == "major"
    assert "is a photo or image: its content cannot be read without OCR" in finding["message"]
