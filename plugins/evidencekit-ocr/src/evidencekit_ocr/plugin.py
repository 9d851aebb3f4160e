"""The evidencekit hooks of the OCR plugin: scanned PDFs and photos of forms become text.

Images (``.jpg``, ``.jpeg``, ``.png``, ``.tif``, ``.tiff``, ``.heic``) are read here
directly, each frame a page. PDFs stay the built-in extractor's: this plugin *wraps*
``extract_document`` and looks at what the extractors returned. Only a PDF they marked
``needs-ocr`` (no text layer) is rendered page by page and read; every other file passes
through untouched, so a PDF with text costs nothing more than before and the decision
"does this need OCR" stays the one the built-in makes.

What OCR read is kept only when it can be trusted: enough characters, at a confidence
the engine is sure of. Otherwise the document stays ``needs-ocr`` and the reason says what
OCR found. The reason of a document OCR made readable names the pages read, the engine
and its confidence (``evidencekit documents`` shows it); its extractor is suffixed
``+ocr``.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from evidencekit import hookimpl
from evidencekit.models import DocumentStatus, Extraction, ExtractionLimits
from evidencekit_ocr import engine

IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic")
PDF_TYPE = ".pdf"

#: Below this confidence (the engine's, per character) OCR text is not trusted.
MIN_CONFIDENCE = 0.80
#: A page read with fewer visible characters than this holds no usable text (a blank
#: page, a photo of a wall); a document needs this many on average over its read pages.
MIN_CHARS_PER_PAGE = 40
#: An image larger than this is refused before it is decoded (a 48-megapixel phone photo
#: passes; a decompression bomb does not).
MAX_IMAGE_PIXELS = 60_000_000
#: Pages read from one file at most: a scan of a whole binder is read in its first pages.
MAX_PAGES = 50
#: Share of the file's time limit OCR may use before it stops and keeps what it read.
TIME_BUDGET_SHARE = 0.8
# What a PDF page is rendered at: scans are rarely finer than 200 dpi, and the engine
# reads no better beyond it.
PDF_RENDER_DPI = 200


@hookimpl
def file_types() -> list[str]:
    """This plugin reads images of documents; PDFs stay the built-in extractor's type."""
    return list(IMAGE_TYPES)


@hookimpl(specname="extract_document")
def extract_image(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Read a photo or scanned image; ``None`` for any other file type."""
    if file_type not in IMAGE_TYPES:
        return None
    extractor = f"ocr/{file_type.lstrip('.')}"
    if path.stat().st_size == 0:
        return Extraction(
            status=DocumentStatus.FAILED, reason="the file is empty (0 bytes)", extractor=extractor
        )
    try:
        frames = _image_frames(path, file_type)
        return _ocr_result(frames, limits, extractor, total_pages=None)
    except _Refused as refusal:
        return Extraction(status=DocumentStatus.FAILED, reason=str(refusal), extractor=extractor)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as error:
        # Truncated, corrupt or misnamed files: Pillow and pillow-heif raise these.
        return Extraction(
            status=DocumentStatus.FAILED,
            reason=f"could not read the image: {type(error).__name__}: {error}"[:200],
            extractor=extractor,
        )


@hookimpl(wrapper=True, specname="extract_document")
def ocr_scanned_pdf(path: Path, file_type: str, limits: ExtractionLimits):
    """Read with OCR a PDF the extractors found to have no text layer; pass all else on."""
    extraction = yield
    if (
        file_type != PDF_TYPE
        or extraction is None
        or extraction.status is not DocumentStatus.NEEDS_OCR
    ):
        return extraction
    try:
        rendered = _pdf_pages(path)
        read = _ocr_result(
            rendered.pages, limits, f"{extraction.extractor}+ocr", total_pages=rendered.count
        )
    except Exception as error:  # A scan OCR cannot read stays what the built-in said.
        return replace(
            extraction,
            reason=f"{extraction.reason}; OCR failed: {type(error).__name__}: {error}"[:280],
        )
    if read.status is not DocumentStatus.OK:
        return replace(extraction, reason=f"{extraction.reason}; {read.reason}"[:280])
    return replace(
        extraction,
        status=DocumentStatus.OK,
        pages=read.pages,
        reason=read.reason,
        extractor=read.extractor,
    )


class _Refused(Exception):
    """The file is refused before it is decoded; the message says why."""


@dataclass
class _Rendered:
    pages: Iterator[Image.Image]
    count: int


def _pdf_pages(path: Path) -> _Rendered:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)

    def pages() -> Iterator[Image.Image]:
        with closing(document):
            for index in range(min(len(document), MAX_PAGES)):
                with closing(document.get_page(index)) as page:
                    width, height = page.get_size()
                    scale = min(
                        PDF_RENDER_DPI / 72, engine.PAGE_SIDE_PIXELS / max(width, height, 1)
                    )
                    bitmap = page.render(scale=scale, may_draw_forms=True)
                    yield bitmap.to_pil()

    return _Rendered(pages(), len(document))


def _image_frames(path: Path, file_type: str) -> Iterator[Image.Image]:
    if file_type == ".heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            # Pillow warns about damaged metadata on stderr, which would garble the
            # scan's progress; what matters reaches the user as the file's status.
            warnings.simplefilter("ignore")
            image = Image.open(path)
    except Image.DecompressionBombError as error:  # Pillow's own, far higher, limit
        raise _Refused(f"the image is refused unread: {error}") from error
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise _Refused(
            f"the image is {width} x {height} pixels, more than the "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels a photo of a form needs; not read"
        )
    if image.format == "JPEG" and max(width, height) > engine.PAGE_SIDE_PIXELS:
        # The engine gets the page at most this large: let the JPEG decoder scale it down
        # while decoding (by 1/2, 1/4 or 1/8) instead of decoding a phone's 12 megapixels
        # to throw three quarters of them away.
        scale = engine.PAGE_SIDE_PIXELS / max(width, height)
        image.draft("RGB", (round(width * scale), round(height * scale)))
    return _frames(image)


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    with image, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index in range(min(getattr(image, "n_frames", 1), MAX_PAGES)):
            image.seek(index)
            # A phone stores its photo sideways with an EXIF note to turn it.
            yield ImageOps.exif_transpose(image.copy())


def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _ocr_result(
    pages: Iterator[Image.Image],
    limits: ExtractionLimits,
    extractor: str,
    total_pages: int | None,
    clock: Callable[[], float] = time.monotonic,
) -> Extraction:
    """OCR each page until done or out of time; judge whether the text can be trusted."""
    deadline = clock() + limits.timeout_seconds * TIME_BUDGET_SHARE
    read: list[engine.PageText] = []
    for image in pages:
        read.append(engine.read_page(image))
        if clock() > deadline:
            break
    extractor = f"{extractor} ({engine.engine_name()})"
    count = total_pages if total_pages is not None else len(read)
    summary = _summary(read, count)
    chars = sum(page.chars for page in read)
    confidence = _confidence(read)
    if not read or chars < MIN_CHARS_PER_PAGE * len(read):
        reason = f"OCR found too little text to trust ({summary})"
    elif confidence < MIN_CONFIDENCE:
        reason = f"OCR text too poor to trust ({summary}; needs {MIN_CONFIDENCE:.2f})"
    else:
        return Extraction(
            status=DocumentStatus.OK,
            pages=tuple(page.text for page in read),
            reason=f"OCR: {summary}",
            extractor=extractor,
        )
    return Extraction(status=DocumentStatus.NEEDS_OCR, reason=reason, extractor=extractor)


def _confidence(read: list[engine.PageText]) -> float:
    chars = sum(page.chars for page in read)
    return sum(page.chars * page.confidence for page in read) / chars if chars else 0.0


def _summary(read: list[engine.PageText], total: int) -> str:
    """``pages 1-3 of 3, 1,204 characters, confidence 0.95, per page 0.97 0.96 0.92``."""
    if not read:
        return f"no page read of {total}"
    pages = "page 1" if len(read) == 1 else f"pages 1-{len(read)}"
    parts = [
        f"{pages} of {total}",
        f"{sum(page.chars for page in read):,} characters",
        f"confidence {_confidence(read):.2f}",
    ]
    if len(read) < total:
        parts.append(f"pages {len(read) + 1}-{total} not read (time or page limit)")
    if 1 < len(read) <= 10 and any(page.chars for page in read):
        parts.append("per page " + " ".join(f"{page.confidence:.2f}" for page in read))
    turned = [
        f"page {number} {_turn(page.turned)}" for number, page in enumerate(read, 1) if page.turned
    ]
    return ", ".join(parts + turned[:3])


def _turn(degrees: float) -> str:
    if degrees in (90, 180, 270):
        return f"turned {degrees:g}°"
    return f"straightened by {abs(degrees):.1f}°"
