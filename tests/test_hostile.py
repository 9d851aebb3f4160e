"""Hostile files through a real scan: each ends with a status and a reason, the scan exits
0 within the workers' limits, and no process is left running. Also files that vanish or
grow while the scan runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from evidencekit.extract import pool as pool_module
from evidencekit.extract.pool import ExtractionPool
from evidencekit.models import DocumentStatus
from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import open_workspace
from tests.documents import write_pdf, write_text
from tests.hostile import HTML_NAME, LONG_NAME, MANY_PAGES, UNREADABLE, write_hostile_files
from tests.processes import new_marker, processes_left_behind, run_evidencekit

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")

FAILED = DocumentStatus.FAILED
OK = DocumentStatus.OK
#: Every hostile file the scan catalogues, with the status it must end with and words of
#: its reason (``None``: whatever the installed PDF library makes of it, with a reason).
EXPECTED_DOCUMENTS: dict[str, tuple[DocumentStatus | None, str]] = {
    # Nothing to read, whatever the type: said so, not as a reader's error.
    "empty/zero bytes.pdf": (FAILED, "empty file (0 bytes)"),
    "empty/zero bytes.docx": (FAILED, "empty file (0 bytes)"),
    "empty/zero bytes.txt": (FAILED, "empty file (0 bytes)"),
    "truncated/half a pdf.pdf": (FAILED, "could not read the PDF"),
    "truncated/half a docx.docx": (FAILED, "damaged or truncated"),
    "misnamed/a pdf.docx": (FAILED, "the file is a PDF named .docx"),
    "misnamed/a docx.pdf": (FAILED, "could not read the PDF"),
    "misnamed/binary.txt": (FAILED, "binary data"),
    "bombs/zip bomb.docx": (FAILED, "exceeds limit of 256 MB; not opened"),
    "bombs/lying zip bomb.docx": (FAILED, "Bad CRC-32"),
    "bombs/billion laughs.docx": (FAILED, "could not read the DOCX"),
    "broken/no main part.docx": (FAILED, "the zip has no word/document.xml"),
    "broken/cyclic page tree.pdf": (None, ""),
    "broken/page tree loop.pdf": (None, ""),
    "broken/deeply nested.pdf": (None, ""),
    "big/thousands of pages.pdf": (OK, ""),
    UNREADABLE: ((OK, "") if os.geteuid() == 0 else (FAILED, "Permission denied")),
    f"names/{LONG_NAME}": (OK, ""),
    f"names/{HTML_NAME}": (OK, ""),
    "names/clear\x1b[2J screen\nnew line.docx": (OK, ""),
}
EXPECTED_SKIPPED = {
    "links/loop to evidence": "symbolic link, not followed",
    "links/points at itself": "symbolic link, not followed",
    "links/outside.txt": "symbolic link, not followed",
    "names/caf\\xe9 inspection.txt": "the name is not valid UTF-8",
    "level 00 ": "cannot list folder: File name too long",
}


@pytest.fixture(scope="module")
def hostile_scan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One scan of every hostile file, in its own process, with 512 MB per worker."""
    root = tmp_path_factory.mktemp("hostile")
    evidence, state = root / "evidence", root / "state"
    evidence.mkdir()
    write_hostile_files(evidence)
    marker = new_marker()
    completed = run_evidencekit(
        "scan", evidence, "--state", state, "--json", "--memory-mb", "512", "--timeout", "30",
        marker=marker,
    )  # fmt: skip
    left_behind = processes_left_behind(marker)
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        documents = {document.path: document for document in space.documents()}
        in_step = space.index.file_ids() == space.catalog.file_ids()
    yield {
        "completed": completed,
        "left_behind": left_behind,
        "documents": documents,
        "index_in_step": in_step,
    }
    # Let pytest remove what the scan could not read.
    (evidence / UNREADABLE).chmod(0o644)
    shutil.rmtree(root, ignore_errors=True)


def test_the_scan_of_hostile_files_exits_0_and_leaves_no_process(hostile_scan: dict) -> None:
    completed = hostile_scan["completed"]
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    assert hostile_scan["left_behind"] == []


def test_every_hostile_file_ends_with_its_status_and_a_reason(hostile_scan: dict) -> None:
    documents = hostile_scan["documents"]
    assert sorted(documents) == sorted(EXPECTED_DOCUMENTS)
    for path, (status, reason) in EXPECTED_DOCUMENTS.items():
        document = documents[path]
        if status is not None:
            assert document.status is status, (path, document.reason)
        assert reason in document.reason, path
        if document.status is not OK:
            assert document.reason, f"{path} is {document.status} without a reason"
    assert documents["big/thousands of pages.pdf"].pages == MANY_PAGES
    assert hostile_scan["index_in_step"]


def test_hostile_files_stay_within_the_worker_limits(hostile_scan: dict) -> None:
    reasons = [document.reason for document in hostile_scan["documents"].values()]
    assert not [reason for reason in reasons if "memory limit" in reason or "time limit" in reason]


def test_entries_that_are_not_files_are_skipped_with_a_reason(hostile_scan: dict) -> None:
    summary = json.loads(hostile_scan["completed"].stdout)
    skipped = {entry["path"]: entry["reason"] for entry in summary["skipped"]}
    assert len(skipped) == len(EXPECTED_SKIPPED)
    for start, reason in EXPECTED_SKIPPED.items():
        (path,) = [path for path in skipped if path.startswith(start)]
        assert reason in skipped[path]


def test_a_file_deleted_before_its_extraction_is_simply_gone(
    evidence: Path, state: Path, scan, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_text(evidence / "kept.txt", "kept")
    going = write_pdf(evidence / "going.pdf", ["deleted while the scan runs"])

    class DeletingFirst(ExtractionPool):
        def extract_all(self, tasks, on_result) -> None:
            going.unlink()
            super().extract_all(tasks, on_result)

    monkeypatch.setattr(pool_module, "ExtractionPool", DeletingFirst)
    summary = scan()
    assert summary.problems == []
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        assert [document.path for document in space.documents()] == ["kept.txt"]
        assert space.index.file_ids() == space.catalog.file_ids()


def test_a_file_still_being_written_is_read_again_once_finished(
    evidence: Path, state: Path, scan, monkeypatch: pytest.MonkeyPatch
) -> None:
    growing = write_text(evidence / "minutes.txt", "Committee minutes, first part.")
    half_pdf = evidence / "download.pdf"
    whole_pdf = write_pdf(evidence.parent / "whole.pdf", ["Inspection of the north scaffold"])
    half_pdf.write_bytes(whole_pdf.read_bytes()[:300])

    class WritingMeanwhile(ExtractionPool):
        def extract_all(self, tasks, on_result) -> None:
            with growing.open("a") as stream:
                stream.write("\nSecond part: the ladder inspection was discussed.")
            super().extract_all(tasks, on_result)

    with monkeypatch.context() as patched:
        patched.setattr(pool_module, "ExtractionPool", WritingMeanwhile)
        first = scan()
    assert [(path, status) for path, status, _ in first.problems] == [("download.pdf", FAILED)]
    shutil.copyfile(whole_pdf, half_pdf)  # The download completes.
    second = scan()
    assert (second.changed, second.extracted, second.problems) == (2, 2, [])
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        assert [hit.path for hit in space.search("ladder", 10)] == ["minutes.txt"]
        assert [hit.path for hit in space.search("scaffold", 10)] == ["download.pdf"]
    assert scan().extracted == 0
