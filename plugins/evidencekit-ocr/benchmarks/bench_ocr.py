"""Measure OCR: pages per second on one core, and a cold scan of a folder with scans.

Run: ``python benchmarks/bench_ocr.py [--pages 6] [--documents 400] [--scanned-share 0.2]
[--pages-only]``
from the plugin's folder, in a venv with evidencekit and this plugin. It prints:

* pages/s/core: one process, one onnxruntime thread, reading scanned form pages (the
  generated forms and the SECOR sample's scanned FLHAs and phone photo), by wall clock and
  by the process's CPU time (on a shared machine the CPU figure is the steadier one);
* a cold scan of ``--documents`` documents of which ``--scanned-share`` are one-page
  scans, with the built-ins only and with this plugin, then a rescan with the plugin.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from evidencekit.models import DocumentStatus
from evidencekit.plugins import make_plugin_manager
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

import evidencekit_ocr.plugin  # noqa: E402
from conftest import form_image, image_pdf  # noqa: E402
from evidencekit_ocr import engine  # noqa: E402

SECOR_SAMPLE = HERE.parents[2] / "sample_evidence" / "prairie-line-electric-secor"


def sample_pages() -> list[Image.Image]:
    """The SECOR sample's scanned FLHAs (first page each) and its phone photo, if present."""
    scans = sorted((SECOR_SAMPLE / "Jobs" / "FLHAs").glob("*/SCAN_*.pdf"))
    pages = [next(evidencekit_ocr.plugin._pdf_pages(scan).pages) for scan in scans]
    photos = sorted((SECOR_SAMPLE / "Safety" / "Inspections").glob("IMG_*.jpg"))
    return pages + [Image.open(photo).convert("RGB") for photo in photos]


def pages_per_second(pages: int) -> tuple[float, float, int]:
    """Pages per second by wall clock and by CPU time, and the number of pages read."""
    images = [form_image(seed=seed) for seed in range(pages)] + sample_pages()
    engine.read_page(images[0])  # load the models first
    started, cpu_started = time.perf_counter(), time.process_time()
    for image in images:
        engine.read_page(image)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return len(images) / wall, len(images) / cpu, len(images)


def make_folder(root: Path, documents: int, scanned_share: float) -> int:
    from samples.corpus import generate_mixed_corpus

    scanned = round(documents * scanned_share)
    generate_mixed_corpus(root, documents - scanned, seed=14)
    for number in range(scanned):
        (root / "scans").mkdir(parents=True, exist_ok=True)
        image_pdf(root / "scans" / f"SCAN_{number:04d}.pdf", [form_image(seed=number)])
    return scanned


def cold_scan(folder: Path, state: Path, with_ocr: bool, jobs: int) -> tuple[float, int]:
    extra = [evidencekit_ocr.plugin] if with_ocr else []
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=extra)
    with open_workspace(folder, state, plugin_manager) as workspace, workspace.writing():
        started = time.perf_counter()
        scan_folder(workspace, ScanOptions(jobs=jobs))
        seconds = time.perf_counter() - started
        statuses = workspace.catalog.files_by_path().values()
        needs_ocr = sum(entry.status is DocumentStatus.NEEDS_OCR for entry in statuses)
    return seconds, needs_ocr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--scanned-share", type=float, default=0.2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pages-only", action="store_true", help="skip the folder scans")
    arguments = parser.parse_args()
    random.seed(14)
    wall_rate, cpu_rate, read = pages_per_second(arguments.pages)
    print(
        f"OCR: {wall_rate:.2f} pages/s/core by wall clock, {cpu_rate:.2f} by CPU time "
        f"({read} pages: {arguments.pages} generated forms and the SECOR sample's scans, "
        "1 thread)"
    )
    if arguments.pages_only:
        return
    root = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    try:
        folder = root / "evidence"
        scanned = make_folder(folder, arguments.documents, arguments.scanned_share)
        print(f"folder: {arguments.documents} documents, {scanned} of them one-page scans")
        for label, with_ocr, state in (
            ("built-ins only", False, root / "state-plain"),
            ("with evidencekit-ocr", True, root / "state-ocr"),
            ("rescan, with evidencekit-ocr", True, root / "state-ocr"),
        ):
            seconds, needs_ocr = cold_scan(folder, state, with_ocr, arguments.jobs)
            print(f"  {label:<30} {seconds:8.2f} s  needs-ocr left: {needs_ocr}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
