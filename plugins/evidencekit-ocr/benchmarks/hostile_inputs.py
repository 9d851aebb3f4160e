"""Try every hostile image and scan of ``tests/hostile.py`` on this plugin, as a scan
would, and print what each got: a Markdown table of status, reason, seconds and peak
memory.

Run from the plugin's folder, in a venv with evidencekit and this plugin:
``python benchmarks/hostile_inputs.py``. Each file is extracted in a fresh process (which
loads the OCR models, about 1 s) under the memory limit (address space) and time limit a
scan's workers have (``evidencekit.testing.extract_under_limits``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from evidencekit.models import ExtractionLimits
from evidencekit.testing import HostileCase, print_hostile_table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile
from evidencekit_ocr import plugin

HOSTILE: list[HostileCase] = [
    ("PNG declaring 100,000 x 100,000 pixels", "bomb.png", hostile.decompression_bomb),
    ("TIFF declaring 30,000 x 30,000 pixels", "huge.tif", hostile.tiff_declaring),
    (
        "TIFF declaring 9,000 x 8,000 pixels",
        "big.tif",
        lambda path: hostile.tiff_declaring(path, 9_000, 8_000),
    ),
    ("JPEG cut off after 5 KB", "cut.jpg", hostile.truncated_jpeg),
    ("PNG cut off at a third", "cut.png", hostile.truncated_png),
    ("zero-byte .jpg", "empty.jpg", hostile.zero_bytes),
    ("zero-byte .heic", "empty.heic", hostile.zero_bytes),
    ("scanned PDF of one blank page", "blank.pdf", hostile.blank_scan),
    ("scanned PDF of 300 pages", "binder.pdf", hostile.binder_scan),
    ("form scanned 10° askew", "askew.pdf", hostile.skewed_scan),
    ("form scanned upside down", "upside.pdf", hostile.upside_down_scan),
    ("photo taken sideways (no EXIF turn)", "sideways.jpg", hostile.sideways_photo),
]


def main() -> None:
    limits = ExtractionLimits()
    print(
        f"Limits: {limits.timeout_seconds:g} s ({plugin.TIME_BUDGET_SHARE:.0%} of it for OCR), "
        f"{limits.memory_mb} MB address space; {plugin.MAX_PAGES} pages, "
        f"{plugin.MAX_IMAGE_PIXELS // 1_000_000} megapixels per image.\n"
    )
    print_hostile_table(HOSTILE, plugin, limits=limits)


if __name__ == "__main__":
    main()
