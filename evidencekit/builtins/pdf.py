"""The built-in PDF extractor: text per page and document metadata.

It reads with pypdfium2 when the ``evidencekit[fast]`` extra is installed (several times
faster, and it keeps words apart that pypdf runs together) and with pypdf otherwise. It
also decides when a PDF is locked by a password, has no text layer, or cannot be read.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from evidencekit.document_models import DocumentStatus, Extraction, ExtractionLimits, PlacedDate
from evidencekit.hookspecs import hookimpl

if TYPE_CHECKING:
    import pypdf
    from pypdfium2 import PdfDocument

PDF_SUFFIX = ".pdf"

PdfBackend = Literal["pypdfium2", "pypdf"]
PDF_BACKENDS: tuple[PdfBackend, ...] = ("pypdfium2", "pypdf")

# A real page of text holds hundreds of characters; a scan keeps at most a stamped page
# number or date. Below this average per page the PDF has no usable text layer.
MIN_CHARS_PER_PAGE = 10

# Library messages can quote whole objects; a reason is read in a one-line listing.
_MAX_REASON_CHARS = 200

# A text layer this long in which fewer than this share of characters are letters, and
# most are symbols that write no number, is garbled (a number-heavy invoice still has
# about a quarter letters).
MIN_GARBLED_CHARS = 200
MAX_GARBLED_LETTERS = 0.1
_NUMBER_MARKS = frozenset(".,/-:%$()+")
_LETTERS_COUNTED_AT_ONCE = 1000

# A filled form's fields beyond these are left unread: a real form has dozens.
MAX_FORM_FIELDS = 500
MAX_FIELD_CHARS = 500

_PDF_DATE = re.compile(
    r"(?:D:)?(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?"
    r"(?P<hour>\d{2})?(?P<minute>\d{2})?(?P<second>\d{2})?"
    r"(?:(?P<utc>[Zz])(?:\d{2}'?(?:\d{2}'?)?)?"
    r"|(?P<sign>[+-])(?P<offset_hours>\d{2})'?(?:(?P<offset_minutes>\d{2})'?)?)?"
)


@hookimpl(trylast=True)
def file_types() -> list[str]:
    """This plugin reads PDFs."""
    return [PDF_SUFFIX]


@hookimpl(trylast=True)
def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Extract a PDF with the fastest backend installed; ``None`` for any other file type."""
    if file_type != PDF_SUFFIX:
        return None
    return extract_pdf(path, preferred_pdf_backend())


def preferred_pdf_backend() -> PdfBackend:
    """Return ``"pypdfium2"`` when it can be imported, else ``"pypdf"`` (always installed)."""
    try:
        importlib.import_module("pypdfium2")
    # Installed but unusable counts as absent: a wheel whose native PDFium library cannot
    # load raises OSError, and every PDF would otherwise fail with it.
    except (ImportError, OSError):
        return "pypdf"
    return "pypdfium2"


def extract_pdf(path: Path, backend: PdfBackend) -> Extraction:
    """Read one PDF with the named backend; never raises for a bad or hostile file."""
    extractor = f"pdf/{backend}"
    read = _read_with_pypdfium2 if backend == "pypdfium2" else _read_with_pypdf
    try:
        content = read(path)
    except _PasswordRequired:
        return Extraction(
            status=DocumentStatus.ENCRYPTED,
            reason="the PDF is encrypted and needs a password to open",
            extractor=extractor,
        )
    # pypdf raises exceptions outside its PdfReadError family (DependencyError,
    # LimitReachedError, plain ValueError, KeyError, RecursionError) and pypdfium2 raises
    # PdfiumError; a hostile file must end as a recorded failure, whatever it raised.
    except Exception as error:
        return Extraction(
            status=DocumentStatus.FAILED,
            reason=_shorten(f"could not read the PDF: {type(error).__name__}: {error}"),
            extractor=extractor,
        )
    return _extraction_from(content, extractor)


def parse_pdf_date(value: str | None) -> str | None:
    """Turn a PDF date (``D:20250304101500-07'00'``) into ISO 8601, or ``None`` if unreadable.

    Missing parts take the defaults PDF gives them (month and day 1); a date without a
    time stays a date (``2025-03-04``). ISO strings, which some producers write, pass too.
    """
    text = (value or "").strip().strip("\x00")
    if not text:
        return None
    match = _PDF_DATE.fullmatch(text)
    try:
        if match is None:
            return datetime.fromisoformat(text).isoformat()
        return _iso_from_pdf_date(match)
    except ValueError:  # month 13, hour 25, an offset beyond a day, free text
        return None


@dataclass(frozen=True)
class _PdfContent:
    """What a backend read: text per page, the raw Info strings, pages carrying images."""

    pages: tuple[str, ...]
    info: Mapping[str, str]
    # Counted only when the text layer is missing; the reason of ``needs-ocr`` uses it.
    pages_with_images: int
    #: What a filled form's fields hold: (page index, field name, value).
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class FormField:
    """One filled field of a PDF form, on the page its box is drawn on."""

    page: int
    name: str
    value: str


class _PasswordRequired(Exception):
    """The empty password does not open the document: a real user password is set."""


def _read_with_pypdfium2(path: Path) -> _PdfContent:
    # Imported here: pypdfium2 is an optional extra and this module must load without it.
    import pypdfium2
    import pypdfium2.raw as pdfium_constants

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        if error.err_code == pdfium_constants.FPDF_ERR_PASSWORD:
            raise _PasswordRequired from error
        raise
    with closing(document):
        pages = tuple(_pdfium_page_text(document, index) for index in range(len(document)))
        pages_with_images = (
            _pdfium_pages_with_images(document, pdfium_constants.FPDF_PAGEOBJ_IMAGE)
            if _lacks_text_layer(pages)
            else 0
        )
        # A filled form keeps what was typed in its fields, outside the page's text.
        has_form = pdfium_constants.FPDF_GetFormType(document.raw) != pdfium_constants.FORMTYPE_NONE
        fields = _form_fields_of(path) if has_form else ()
        info = document.get_metadata_dict(skip_empty=True)
        return _PdfContent(pages, info, pages_with_images, fields)


def _pdfium_page_text(document: PdfDocument, index: int) -> str:
    with closing(document.get_page(index)) as page, closing(page.get_textpage()) as textpage:
        # get_text_range keeps the line breaks PDFium infers between lines; get_text_bounded
        # drops some and glues adjacent lines' words together (axis labels "2 4 6" -> "246").
        return textpage.get_text_range().replace("\r\n", "\n")


def _pdfium_pages_with_images(document: PdfDocument, image_object_type: int) -> int:
    count = 0
    for index in range(len(document)):
        with closing(document.get_page(index)) as page:
            # Scanners often wrap the page image in a form XObject, hence the depth.
            images = page.get_objects(filter=[image_object_type], max_depth=3)
            count += next(images, None) is not None
    return count


def _read_with_pypdf(path: Path) -> _PdfContent:
    # Imported here: pypdf reads only where pypdfium2 is not installed, and importing it
    # (with its cryptography provider) was a third of every command's start-up.
    import pypdf

    with pypdf.PdfReader(path) as reader:
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise _PasswordRequired
        pages = tuple(page.extract_text() for page in reader.pages)
        pages_with_images = (
            sum(len(page.images) > 0 for page in reader.pages) if _lacks_text_layer(pages) else 0
        )
        fields = _filled_fields(reader) if "/AcroForm" in reader.trailer["/Root"] else ()
        return _PdfContent(pages, _pypdf_info(reader), pages_with_images, fields)


def _form_fields_of(path: Path) -> tuple[FormField, ...]:
    import pypdf

    with pypdf.PdfReader(path) as reader:
        return _filled_fields(reader)


def _filled_fields(reader: pypdf.PdfReader) -> tuple[FormField, ...]:
    """The fields a person filled in, page by page; none when the form cannot be read (the
    page text stands without them)."""
    fields: list[FormField] = []
    try:
        for number, page in enumerate(reader.pages):
            for annotation in page.get("/Annots") or ():
                field = _filled_field(number, annotation.get_object())
                if field is not None:
                    fields.append(field)
                if len(fields) >= MAX_FORM_FIELDS:
                    return tuple(fields)
    except Exception:  # A broken form must not cost the file its text.
        return ()
    return tuple(fields)


def _filled_field(page: int, widget: Mapping) -> FormField | None:
    if widget.get("/Subtype") != "/Widget":
        return None
    # A widget is its field, or one of a field's boxes with the name and value on the parent.
    field = widget if "/T" in widget else (widget.get("/Parent") or {})
    if hasattr(field, "get_object"):
        field = field.get_object()
    name = field.get("/TU") or field.get("/T")
    value = field.get("/V")
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if not isinstance(name, str) or not isinstance(value, str):
        return None  # a signature, or nothing typed
    value = " ".join(value.removeprefix("/").split())[:MAX_FIELD_CHARS]
    if not value or value == "Off":
        return None
    return FormField(page, " ".join(name.split()), value)


def _pypdf_info(reader: pypdf.PdfReader) -> dict[str, str]:
    info = reader.metadata
    if info is None:
        return {}
    # Indexing resolves indirect objects; keys drop the slash to match pypdfium2's names.
    # A value that is not text (bytes, a number) says nothing a person can read.
    values = {key.lstrip("/"): info[key] for key in info}
    return {key: value for key, value in values.items() if isinstance(value, str)}


def _extraction_from(content: _PdfContent, extractor: str) -> Extraction:
    metadata = {
        "title": _clean_text(content.info.get("Title")),
        "author": _clean_text(content.info.get("Author")),
        "created": parse_pdf_date(content.info.get("CreationDate")),
        "modified": parse_pdf_date(content.info.get("ModDate")),
    }
    if not content.pages:
        return Extraction(
            status=DocumentStatus.FAILED,
            reason="the PDF has no pages",
            extractor=extractor,
            **metadata,
        )
    pages, dates = _with_fields(content)
    # Typed fields on a scanned page leave the page itself to OCR.
    if _lacks_text_layer(content.pages) or _garbled(content.pages):
        return Extraction(
            status=DocumentStatus.NEEDS_OCR,
            pages=pages,
            reason=_no_text_layer_reason(content),
            extractor=extractor,
            **metadata,
        )
    return Extraction(
        status=DocumentStatus.OK, pages=pages, extractor=extractor, dates=dates, **metadata
    )


def _with_fields(content: _PdfContent) -> tuple[tuple[str, ...], tuple[PlacedDate, ...]]:
    """The pages with each filled field as a line "Name: value" at the end of its page
    (a field labelled "Issue Date" then dates the record as a printed label does), and the
    fields holding a number as the places their dates come from."""
    if not content.fields:
        return content.pages, ()
    lines: dict[int, list[str]] = {}
    for field in content.fields:
        lines.setdefault(field.page, []).append(f"{field.name}: {field.value}")
    pages = tuple(
        "\n".join([text, *lines[number]]) if number in lines else text
        for number, text in enumerate(content.pages)
    )
    dates = tuple(
        PlacedDate(field.value, f"form field '{field.name}'")
        for field in content.fields
        if any(character.isdigit() for character in field.value)
    )
    return pages, dates


def _lacks_text_layer(pages: tuple[str, ...]) -> bool:
    visible_chars = sum(len("".join(page.split())) for page in pages)
    return not pages or visible_chars < MIN_CHARS_PER_PAGE * len(pages)


def _garbled(pages: tuple[str, ...]) -> bool:
    """Whether the text layer is symbols, not words: fonts without a map to their
    characters give ``!"# $#"%&'$%`` for every line, where a page of figures gives digits
    and the marks that write numbers."""
    visible = "".join("".join(page.split()) for page in pages)
    if len(visible) < MIN_GARBLED_CHARS:
        return False
    # This runs on every PDF: letters are counted a slice at a time, and a text is let go
    # as soon as it has enough of them (in a real one, within its first slice or two).
    needed, letters = MAX_GARBLED_LETTERS * len(visible), 0
    for start in range(0, len(visible), _LETTERS_COUNTED_AT_ONCE):
        letters += sum(map(str.isalpha, visible[start : start + _LETTERS_COUNTED_AT_ONCE]))
        if letters >= needed:
            return False
    marks = sum(visible.count(mark) for mark in _NUMBER_MARKS)
    symbols = len(visible) - sum(map(str.isalnum, visible)) - marks
    return symbols > letters + len(visible) / 2


def _no_text_layer_reason(content: _PdfContent) -> str:
    if _garbled(content.pages) and not _lacks_text_layer(content.pages):
        visible = sum(len("".join(page.split())) for page in content.pages)
        return (
            f"its text layer has no words: {visible} characters, almost none a letter (fonts"
            " without a map to their characters); OCR can read it"
        )
    page_count = len(content.pages)
    pages = "1 page" if page_count == 1 else f"{page_count} pages"
    visible_chars = sum(len("".join(page.split())) for page in content.pages)
    found = f"no text layer: {visible_chars} characters on {pages}"
    if content.pages_with_images:
        return f"{found}, {content.pages_with_images} with images; looks scanned, OCR can read it"
    return f"{found} and no images; drawings or outlined text, OCR may not help"


def _iso_from_pdf_date(match: re.Match[str]) -> str:
    parts = match.groupdict()
    year, month, day = int(parts["year"]), int(parts["month"] or 1), int(parts["day"] or 1)
    if parts["hour"] is None:
        return date(year, month, day).isoformat()
    moment = datetime(
        year,
        month,
        day,
        int(parts["hour"]),
        int(parts["minute"] or 0),
        int(parts["second"] or 0),
        tzinfo=_pdf_timezone(parts),
    )
    return moment.isoformat()


def _pdf_timezone(parts: Mapping[str, str | None]) -> timezone | None:
    if parts["utc"]:
        return UTC
    if parts["sign"] is None:
        return None
    offset = timedelta(hours=int(parts["offset_hours"]), minutes=int(parts["offset_minutes"] or 0))
    return timezone(-offset if parts["sign"] == "-" else offset)


def _clean_text(value: str | None) -> str | None:
    # Producers pad Info strings with NULs and blanks; an empty title is no title.
    text = (value or "").replace("\x00", "").strip()
    return text or None


def _shorten(reason: str) -> str:
    return reason if len(reason) <= _MAX_REASON_CHARS else reason[: _MAX_REASON_CHARS - 1] + "…"
