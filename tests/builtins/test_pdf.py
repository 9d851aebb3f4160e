"""The built-in PDF extractor, run against both backends on PDFs made at test time."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pypdf.errors
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from evidencekit.builtins import pdf
from evidencekit.models import DocumentStatus, ExtractionLimits
from evidencekit.plugins import make_plugin_manager

PAGE_TEXTS = (
    "Hazard assessment for the north warehouse. Forklift traffic crosses the walkway.",
    "Controls: painted pedestrian lanes, convex mirrors and a spotter at the dock doors.",
    "Reviewed with the joint health and safety committee and signed by the supervisor.",
)
MOUNTAIN_TIME = timezone(timedelta(hours=-7))

needs_pypdfium2 = pytest.mark.skipif(
    importlib.util.find_spec("pypdfium2") is None,
    reason="pypdfium2, the evidencekit[fast] extra, is not installed",
)


@pytest.fixture(params=[pytest.param("pypdfium2", marks=needs_pypdfium2), "pypdf"])
def backend(request: pytest.FixtureRequest) -> pdf.PdfBackend:
    return request.param


def make_text_pdf(path: Path, pages: tuple[str, ...] = PAGE_TEXTS) -> Path:
    document = FPDF()
    document.set_title("North warehouse hazard assessment")
    document.set_author("Dana Supervisor")
    document.set_creation_date(datetime(2025, 3, 4, 10, 15, tzinfo=MOUNTAIN_TIME))
    document.set_font("helvetica", size=12)
    for text in pages:
        document.add_page()
        document.multi_cell(0, 8, text)
    document.output(str(path))
    return path


def make_image_only_pdf(path: Path) -> Path:
    """One page holding a picture of a form, as a scanner would produce."""
    scan = Image.new("L", (400, 200), color=255)
    ImageDraw.Draw(scan).rectangle((20, 20, 380, 180), outline=0, width=4)
    document = FPDF()
    document.add_page()
    document.image(scan, x=10, y=10, w=180)
    document.output(str(path))
    return path


def make_blank_pdf(path: Path, page_count: int) -> Path:
    document = FPDF()
    for _ in range(page_count):
        document.add_page()
        document.line(10, 10, 100, 100)
    document.output(str(path))
    return path


def rewrite_pdf(source: Path, target: Path, change: Callable[[pypdf.PdfWriter], None]) -> Path:
    writer = pypdf.PdfWriter(clone_from=source)
    change(writer)
    writer.write(target)
    return target


def test_reads_the_text_of_each_page(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    extraction = pdf.extract_pdf(make_text_pdf(tmp_path / "assessment.pdf"), backend)

    assert extraction.status is DocumentStatus.OK
    assert extraction.reason == ""
    assert extraction.extractor == f"pdf/{backend}"
    assert len(extraction.pages) == 3
    assert "Forklift" in extraction.pages[0]
    assert "mirrors" in extraction.pages[1] and "Forklift" not in extraction.pages[1]
    assert "committee" in extraction.pages[2]


def fill_in_fields(writer: pypdf.PdfWriter, page: int, fields: dict[str, str | None]) -> None:
    """Give page ``page`` a form's text fields holding ``fields`` (``None``: left empty)."""
    widgets = ArrayObject()
    for name, value in fields.items():
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 250, 70)]),
            }
        )
        if value is not None:
            widget[NameObject("/V")] = TextStringObject(value)
        widgets.append(writer.add_annotation(page, widget).indirect_reference)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): widgets})


def test_a_filled_forms_fields_are_read_on_their_page(
    tmp_path: Path, backend: pdf.PdfBackend
) -> None:
    # What was typed into a form's fields is not in its page text: a certificate's issue
    # date, an FLHA's crew names.
    form = rewrite_pdf(
        make_text_pdf(tmp_path / "card.pdf"),
        tmp_path / "filled.pdf",
        lambda writer: fill_in_fields(
            writer, 1, {"Student Name": "Jeff Chin", "Issue Date": "10/16/2021", "Notes": None}
        ),
    )

    extraction = pdf.extract_pdf(form, backend)

    assert extraction.status is DocumentStatus.OK
    assert extraction.pages[0] == pdf.extract_pdf(tmp_path / "card.pdf", backend).pages[0]
    assert extraction.pages[1].splitlines()[-2:] == [
        "Student Name: Jeff Chin",
        "Issue Date: 10/16/2021",
    ]
    assert "Notes" not in extraction.pages[1]
    assert [(date.text, date.place) for date in extraction.dates] == [
        ("10/16/2021", "form field 'Issue Date'")
    ]


def test_a_broken_form_leaves_the_page_text(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    def break_the_form(writer: pypdf.PdfWriter) -> None:
        fill_in_fields(writer, 0, {"Issue Date": "10/16/2021"})
        writer.pages[0][NameObject("/Annots")] = NumberObject(7)

    card = make_text_pdf(tmp_path / "card.pdf")
    form = rewrite_pdf(card, tmp_path / "broken.pdf", break_the_form)

    extraction = pdf.extract_pdf(form, backend)

    assert extraction.status is DocumentStatus.OK
    assert extraction.pages == pdf.extract_pdf(tmp_path / "card.pdf", backend).pages


def test_reads_title_author_and_dates(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    source = make_text_pdf(tmp_path / "source.pdf")
    path = rewrite_pdf(
        source,
        tmp_path / "dated.pdf",
        lambda writer: writer.add_metadata({"/ModDate": "D:20250610083000Z00'00'"}),
    )

    extraction = pdf.extract_pdf(path, backend)

    assert extraction.title == "North warehouse hazard assessment"
    assert extraction.author == "Dana Supervisor"
    assert extraction.created == "2025-03-04T10:15:00-07:00"
    assert extraction.modified == "2025-06-10T08:30:00+00:00"


def test_an_unreadable_date_is_left_out_not_fatal(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    source = make_text_pdf(tmp_path / "source.pdf")
    path = rewrite_pdf(
        source,
        tmp_path / "bad-date.pdf",
        lambda writer: writer.add_metadata(
            {"/CreationDate": "D:20251345999999", "/ModDate": "last Tuesday"}
        ),
    )

    extraction = pdf.extract_pdf(path, backend)

    assert extraction.status is DocumentStatus.OK
    assert extraction.created is None
    assert extraction.modified is None


def test_a_scan_without_text_needs_ocr(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    extraction = pdf.extract_pdf(make_image_only_pdf(tmp_path / "scan.pdf"), backend)

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert "1 page" in extraction.reason
    assert "1 with images" in extraction.reason


def test_pages_of_drawings_need_ocr_and_say_no_images(
    tmp_path: Path, backend: pdf.PdfBackend
) -> None:
    extraction = pdf.extract_pdf(make_blank_pdf(tmp_path / "drawing.pdf", 2), backend)

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert "2 pages" in extraction.reason
    assert "no images" in extraction.reason


def test_a_text_layer_of_symbols_needs_ocr(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    # What a font without a map to its characters extracts as: symbols, line after line.
    garbled = make_text_pdf(
        tmp_path / "minutes.pdf", ('!"# $#"%&\'$%(%& "%!% &!"\'%%#!( 0,$+ ' * 12,)
    )
    numbers = make_text_pdf(
        tmp_path / "figures.pdf", ("Total 1042 " + "12.50 3/4/2025 (7%) " * 20,)
    )

    extraction = pdf.extract_pdf(garbled, backend)

    assert extraction.status is DocumentStatus.NEEDS_OCR
    assert extraction.reason.startswith("its text layer has no words")
    assert pdf.extract_pdf(numbers, backend).status is DocumentStatus.OK


def test_a_user_password_makes_it_encrypted(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    source = make_text_pdf(tmp_path / "source.pdf")
    path = rewrite_pdf(
        source,
        tmp_path / "locked.pdf",
        lambda writer: writer.encrypt(
            user_password="s3cret", owner_password="owner", algorithm="AES-256"
        ),
    )

    extraction = pdf.extract_pdf(path, backend)

    assert extraction.status is DocumentStatus.ENCRYPTED
    assert "password" in extraction.reason
    assert extraction.pages == ()


def test_an_empty_user_password_opens(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    source = make_text_pdf(tmp_path / "source.pdf")
    path = rewrite_pdf(
        source,
        tmp_path / "restricted.pdf",
        lambda writer: writer.encrypt(
            user_password="", owner_password="owner", algorithm="AES-128"
        ),
    )

    extraction = pdf.extract_pdf(path, backend)

    assert extraction.status is DocumentStatus.OK
    assert "spotter" in extraction.pages[1]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\nnothing else\n", b"Minutes of the safety meeting, typed as plain text.\n", b""],
    ids=["header-only", "text-named-pdf", "empty"],
)
def test_a_broken_file_fails_with_a_reason(
    tmp_path: Path, backend: pdf.PdfBackend, content: bytes
) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)

    extraction = pdf.extract_pdf(path, backend)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("could not read the PDF: ")


def test_a_truncated_pdf_never_raises(tmp_path: Path, backend: pdf.PdfBackend) -> None:
    whole = make_text_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])

    extraction = pdf.extract_pdf(path, backend)

    # Both libraries repair some truncations; either way the outcome is recorded.
    assert extraction.status in {DocumentStatus.OK, DocumentStatus.FAILED}
    assert extraction.status is DocumentStatus.OK or extraction.reason


@pytest.mark.parametrize(
    "error",
    [
        pypdf.errors.DependencyError("cryptography is required for AES"),
        pypdf.errors.DeprecationError("raised mid-page"),
        pypdf.errors.LimitReachedError("too many objects"),
        ValueError("bad padding"),
        KeyError("/Contents"),
        RecursionError("maximum recursion depth exceeded"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_any_pypdf_exception_becomes_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    path = make_text_pdf(tmp_path / "assessment.pdf")

    def raise_mid_page(*args: object, **kwargs: object) -> str:
        raise error

    monkeypatch.setattr(pypdf.PageObject, "extract_text", raise_mid_page)

    extraction = pdf.extract_pdf(path, "pypdf")

    assert extraction.status is DocumentStatus.FAILED
    assert f"{type(error).__name__}: " in extraction.reason


@needs_pypdfium2
def test_a_pdfium_error_becomes_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    path = make_text_pdf(tmp_path / "assessment.pdf")

    def raise_mid_page(*args: object, **kwargs: object) -> str:
        raise pypdfium2.PdfiumError("Failed to load text page")

    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", raise_mid_page)

    extraction = pdf.extract_pdf(path, "pypdfium2")

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == "could not read the PDF: PdfiumError: Failed to load text page"


def test_a_very_long_library_message_is_shortened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_text_pdf(tmp_path / "assessment.pdf")

    def raise_verbose(*args: object, **kwargs: object) -> str:
        raise pypdf.errors.PdfReadError("object dump " * 100)

    monkeypatch.setattr(pypdf.PageObject, "extract_text", raise_verbose)

    reason = pdf.extract_pdf(path, "pypdf").reason

    assert len(reason) <= 200
    assert reason.startswith("could not read the PDF: PdfReadError: object dump")


@needs_pypdfium2
def test_prefers_pypdfium2_and_falls_back_to_pypdf(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf.preferred_pdf_backend() == "pypdfium2"

    # A None entry in sys.modules is how Python marks a module as not importable.
    monkeypatch.setitem(sys.modules, "pypdfium2", None)

    assert pdf.preferred_pdf_backend() == "pypdf"


def test_the_hook_handles_pdfs_only(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "assessment.pdf")
    limits = ExtractionLimits()

    assert pdf.file_types() == [".pdf"]
    assert pdf.extract_document(path=path, file_type=".docx", limits=limits) is None
    assert pdf.extract_document(path=path, file_type=".pdf", limits=limits).extractor == (
        f"pdf/{pdf.preferred_pdf_backend()}"
    )


def test_registered_as_a_plugin(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    path = make_text_pdf(tmp_path / "assessment.pdf")

    extraction = plugin_manager.hook.extract_document(
        path=path, file_type=".pdf", limits=ExtractionLimits()
    )

    assert extraction.status is DocumentStatus.OK
    assert ".pdf" in {suffix for types in plugin_manager.hook.file_types() for suffix in types}


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20250304101500-07'00'", "2025-03-04T10:15:00-07:00"),
        ("D:20250304101500+05'30", "2025-03-04T10:15:00+05:30"),
        ("D:20250304101500+0530", "2025-03-04T10:15:00+05:30"),
        ("D:20250304101500Z", "2025-03-04T10:15:00+00:00"),
        ("D:20250304101500Z00'00'", "2025-03-04T10:15:00+00:00"),
        ("D:20250304101500", "2025-03-04T10:15:00"),
        ("20250304101500", "2025-03-04T10:15:00"),
        ("D:202503041015", "2025-03-04T10:15:00"),
        ("D:20250304", "2025-03-04"),
        ("D:2025", "2025-01-01"),
        ("  D:20250304101500-07'00'\x00", "2025-03-04T10:15:00-07:00"),
        ("2025-03-04T10:15:00-07:00", "2025-03-04T10:15:00-07:00"),
        ("D:20251304101500", None),
        ("D:20250304251500", None),
        ("D:20250304101500+25'00'", None),
        ("D:2025-03-04", None),
        ("D:202503041", None),
        ("Tue Mar 4 10:15:00 2025", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_pdf_date(raw: str | None, iso: str | None) -> None:
    assert pdf.parse_pdf_date(raw) == iso
