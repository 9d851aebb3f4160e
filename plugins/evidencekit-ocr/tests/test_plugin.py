"""What a user sees of OCR: scans and photos become text with dates; poor OCR stays needs-ocr."""

from __future__ import annotations

import re
from pathlib import Path

import hostile
import pytest
from conftest import form_image, image_pdf, jpeg_bytes, text_pdf
from evidencekit_ocr import plugin
from PIL import Image

from evidencekit.models import DocumentStatus, ExtractionLimits


def test_a_scanned_form_becomes_text_with_its_title_date_and_confidence(tmp_path, extract):
    pdf = image_pdf(tmp_path / "SCAN_0001.pdf", [form_image(), form_image(seed=2)])

    extraction = extract(pdf)

    assert extraction.status is DocumentStatus.OK
    assert len(extraction.pages) == 2
    first = extraction.pages[0]
    assert "FIELD LEVEL HAZARD ASSESSMENT" in first.upper().replace("  ", " ")
    assert "Date: 2026-04-14" in first
    assert extraction.reason.startswith("OCR: pages 1-2 of 2")
    assert "confidence 0.9" in extraction.reason
    assert extraction.extractor.startswith("pdf/pypdfium2+ocr (rapidocr-onnxruntime 1.4")


@pytest.mark.parametrize("turn", [180, 90, 270])
def test_a_page_scanned_upside_down_or_sideways_is_read(tmp_path, extract, turn):
    pdf = image_pdf(tmp_path / "turned.pdf", [form_image(turn=turn)])

    extraction = extract(pdf)

    assert extraction.status is DocumentStatus.OK, extraction.reason
    assert "2026-04-14" in extraction.pages[0]
    assert "HAZARD" in extraction.pages[0].upper()


def test_a_pdf_with_a_text_layer_is_left_to_the_built_in_extractor(tmp_path, extract):
    pdf = text_pdf(tmp_path / "policy.pdf", "Health and safety policy\nSigned 2026-01-05\n" * 5)

    extraction = extract(pdf)

    assert extraction.status is DocumentStatus.OK
    assert extraction.extractor == "pdf/pypdfium2"
    assert extraction.reason == ""


def test_blank_scanned_pages_stay_needs_ocr_with_what_ocr_found(tmp_path, extract):
    blank = Image.new("L", (1275, 1650), 250)
    pdf = image_pdf(tmp_path / "blank.pdf", [blank, blank, blank])

    extraction = extract(pdf)

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert "looks scanned" in extraction.reason  # the built-in's reason is kept
    assert "OCR found too little text to trust (pages 1-3 of 3, 0 characters" in extraction.reason


def test_text_read_at_low_confidence_is_not_trusted(tmp_path, extract, monkeypatch):
    monkeypatch.setattr(plugin, "MIN_CONFIDENCE", 0.999)
    pdf = image_pdf(tmp_path / "scan.pdf", [form_image()])

    extraction = extract(pdf)

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert "OCR text too poor to trust (page 1 of 1" in extraction.reason
    assert extraction.pages == ("",)  # the built-in's empty text layer, not doubtful OCR


def test_a_long_scan_is_read_until_the_time_budget_and_says_which_pages(tmp_path, extract):
    pdf = image_pdf(tmp_path / "binder.pdf", [form_image(seed=n) for n in range(6)])

    extraction = extract(pdf, ExtractionLimits(timeout_seconds=1.0))

    assert extraction.status is DocumentStatus.OK
    assert len(extraction.pages) < 6
    assert f"pages {len(extraction.pages) + 1}-6 not read (time or page limit)" in (
        extraction.reason
    )


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".tiff"])
def test_a_photo_or_scanned_image_of_a_form_is_read(tmp_path, extract, suffix):
    path = tmp_path / f"inspection{suffix}"
    image = form_image(skew=-3.0).convert("RGB")
    if suffix == ".jpg":
        path.write_bytes(jpeg_bytes(image))
    else:
        image.save(path)

    extraction = extract(path)

    assert extraction.status is DocumentStatus.OK, extraction.reason
    assert "Date: 2026-04-14" in extraction.pages[0]
    assert extraction.reason.startswith("OCR: page 1 of 1")


def test_a_heic_photo_is_read(tmp_path, extract):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path = tmp_path / "IMG_0042.heic"
    form_image().convert("RGB").save(path, format="HEIF")

    extraction = extract(path)

    assert extraction.status is DocumentStatus.OK, extraction.reason
    assert "2026-04-14" in extraction.pages[0]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path, extract):
    # A PNG declaring 100,000 x 100,000 pixels whose data is a few kilobytes.
    path = hostile.decompression_bomb(tmp_path / "bomb.png")

    extraction = extract(path)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("the image is refused unread: Image size (10000000000 pix")


def test_a_truncated_photo_fails_with_the_reason(tmp_path, extract):
    path = hostile.truncated_jpeg(tmp_path / "cut.jpg")

    extraction = extract(path)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("could not read the image: OSError: image file is trunc")


def test_a_corrupt_heic_fails_with_the_reason(tmp_path, extract):
    path = tmp_path / "broken.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1" + b"\x13" * 4000)

    extraction = extract(path)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("could not read the image:")


def test_the_plugin_reads_image_types_and_leaves_pdfs_to_the_core(plugin_manager):
    types = {suffix for result in plugin_manager.hook.file_types() for suffix in result}
    assert {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".pdf"} <= types
    assert ".pdf" not in plugin.file_types()


def test_form_lines_are_in_reading_order(tmp_path: Path, extract):
    pdf = image_pdf(tmp_path / "scan.pdf", [form_image(skew=0.5)])

    lines = extract(pdf).pages[0].splitlines()

    assert "FLHA" in lines[0]
    assert lines[1].startswith("Date: 2026-04-14")


def test_an_image_over_the_plugins_pixel_limit_is_refused_before_it_is_decoded(tmp_path, extract):
    # 70 megapixels: under Pillow's own bomb limit, over what a photo of a form needs.
    path = hostile.png_declaring(tmp_path / "huge.png", 10_000, 7_000)

    extraction = extract(path)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("the image is 10000 x 7000 pixels, more than the 60 meg")


def test_a_truncated_png_fails_with_the_reason(tmp_path, extract):
    extraction = extract(hostile.truncated_png(tmp_path / "cut.png"))

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "could not read the image: OSError: image file is truncated"


@pytest.mark.parametrize("name", ["empty.jpg", "empty.png", "empty.heic"])
def test_an_empty_image_fails_as_empty(tmp_path, extract, name):
    extraction = extract(hostile.zero_bytes(tmp_path / name))

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "the file is empty (0 bytes)"


def test_a_tiff_declaring_huge_dimensions_is_refused_before_it_is_decoded(tmp_path, extract):
    extraction = extract(hostile.tiff_declaring(tmp_path / "huge.tif", 9_000, 8_000))

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("the image is 9000 x 8000 pixels, more than the 60 meg")


def test_a_scan_of_hundreds_of_pages_is_read_up_to_the_page_limit(tmp_path, extract):
    # Blank pages cost nothing to OCR, so only the page limit can stop the reading.
    extraction = extract(hostile.blank_scan(tmp_path / "binder.pdf", pages=300))

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert "pages 1-50 of 300" in extraction.reason
    assert "pages 51-300 not read (time or page limit)" in extraction.reason


def test_a_scan_fed_in_askew_is_straightened_and_read_line_by_line(tmp_path, extract):
    extraction = extract(hostile.skewed_scan(tmp_path / "askew.pdf", degrees=10))

    assert extraction.status is DocumentStatus.OK, extraction.reason
    lines = extraction.pages[0].splitlines()
    assert "HAZARD ASSESSMENT" in lines[0].upper()
    assert lines[1].startswith("Date: 2026-04-14")
    assert re.search(r"page 1 straightened by (9\.\d|10\.\d)°", extraction.reason)
