"""OCR inside a real scan: the worker pool, the catalog's content cache, the samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import evidencekit_ocr.plugin
import pytest
from conftest import form_image, image_pdf, jpeg_bytes

from evidencekit.models import DocumentStatus
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

SAMPLES = Path(__file__).resolve().parents[3] / "sample_evidence"


def scan(evidence: Path, state: Path):
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[evidencekit_ocr.plugin])
    with open_workspace(evidence, state, plugin_manager) as workspace, workspace.writing():
        summary = scan_folder(workspace, ScanOptions(jobs=2))
        statuses = {path: entry.status for path, entry in workspace.catalog.files_by_path().items()}
    return summary, statuses


def test_a_rescan_never_ocrs_a_file_twice_nor_a_copy_of_it(tmp_path):
    evidence = tmp_path / "evidence"
    (evidence / "FLHA").mkdir(parents=True)
    image_pdf(evidence / "FLHA" / "SCAN_0001.pdf", [form_image()])
    shutil.copy(evidence / "FLHA" / "SCAN_0001.pdf", evidence / "FLHA" / "copy of SCAN_0001.pdf")
    (evidence / "IMG_1234.jpg").write_bytes(jpeg_bytes(form_image(skew=-4)))

    first, statuses = scan(evidence, tmp_path / "state")
    second, _ = scan(evidence, tmp_path / "state")

    assert (first.new, first.extracted) == (3, 2)  # the copy shares its original's text
    assert set(statuses.values()) == {DocumentStatus.OK}
    assert (second.unchanged, second.extracted) == (3, 0)


def test_ocr_runs_in_the_worker_pool_under_its_limits(tmp_path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    image_pdf(evidence / "scan.pdf", [form_image()])

    summary, statuses = scan(evidence, tmp_path / "state")

    # The workers run under the memory limit (address space) of ExtractionLimits: OCR fits.
    assert statuses == {"scan.pdf": DocumentStatus.OK}
    assert summary.problems == []


@pytest.mark.skipif(not (SAMPLES / "northridge-construction").is_dir(), reason="no samples")
def test_the_cor_samples_scanned_drill_record_becomes_readable(tmp_path):
    # Without OCR the 2025-11-20 drill is a deliberate needs-ocr gap of the sample; with
    # this plugin installed it reads, and only the finding about its being unreadable goes.
    _, statuses = scan(SAMPLES / "northridge-construction", tmp_path / "state")

    assert statuses["Emergency/Drills/SCAN_20251120_drill.pdf"] is DocumentStatus.OK
    # The password-protected matrix is no scan: OCR leaves it encrypted.
    assert statuses["Training/Training Matrix 2026 - CONFIDENTIAL.pdf"] is DocumentStatus.ENCRYPTED
    assert DocumentStatus.NEEDS_OCR not in statuses.values()
