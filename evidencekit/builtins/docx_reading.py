"""How the built-in DOCX extractor reads a file: body, table, header and footer text, and
core properties (the plugin, ``evidencekit.builtins.docx``, imports this when it first
extracts a DOCX).

A DOCX is a zip, so its declared sizes are checked before anything is inflated. The text
comes from walking the XML python-docx parses, not from its paragraph and run proxy
objects, which build one Python object each and are about 12 times slower. Only the
parts the text and properties come from are parsed, with python-docx's own readers:
opening the whole package parsed every part, styles included (often 300 KB or more of
XML), and took about 40 times as long. Whatever that quick reading does not expect is
read by opening the whole package, as before.
"""

from __future__ import annotations

import mmap
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.pkgreader import _ContentTypeMap, _SerializedRelationships
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from evidencekit.document_models import DocumentStatus, Extraction, ExtractionLimits

MAIN_DOCUMENT_PART = "word/document.xml"
EXTRACTOR = "docx/python-docx"

_BYTES_PER_MB = 1024 * 1024
_MAX_REASON_CHARS = 200

_PDF_MAGIC = b"%PDF"
_ZIP_MAGIC = b"PK"
# Office stores a password-protected DOCX as an OLE compound file holding one stream,
# "EncryptedPackage", instead of as a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE_STREAM = "EncryptedPackage".encode("utf-16-le")

_TEXT = qn("w:t")
_TAB = qn("w:tab")
_LINE_BREAKS = frozenset({qn("w:br"), qn("w:cr")})
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_PARAGRAPH = qn("w:p")
_TABLE_ROW = qn("w:tr")
_TABLE_CELL = qn("w:tc")
_HEADER_REFERENCE = qn("w:headerReference")
_FOOTER_REFERENCE = qn("w:footerReference")
_RELATIONSHIP_ID = qn("r:id")
# Subtrees that hold no reading text: formatting properties (w:pPr holds tab-stop
# definitions that are also named w:tab), text moved elsewhere by tracked changes, and
# the fallback copy of a text box that Word writes beside the modern one.
_NOT_READING_TEXT = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:tblPr"),
        qn("w:tblPrEx"),
        qn("w:tblGrid"),
        qn("w:trPr"),
        qn("w:tcPr"),
        qn("w:sectPr"),
        qn("w:moveFrom"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)


def extract_docx(path: Path, limits: ExtractionLimits) -> Extraction:
    """Read one DOCX as a single page; never raises for a bad or hostile file."""
    # A damaged part can make zipfile, python-docx or lxml raise almost anything; the file
    # is then recorded as failed rather than stopping the scan.
    try:
        refusal = _refusal_before_parsing(path, limits)
        if refusal is not None:
            return refusal
        quick = _read_needed_parts(path)
        if quick is not None:
            text, metadata = quick
        else:
            document = docx.Document(str(path))
            text = document_text(document)
            metadata = _core_metadata(document)
    except Exception as error:
        return _failed(f"could not read the DOCX: {type(error).__name__}: {error}")
    return Extraction(status=DocumentStatus.OK, pages=(text,), extractor=EXTRACTOR, **metadata)


def document_text(document: Document) -> str:
    """Headers, body and footers as plain text: paragraphs on lines, table cells by tabs.

    A header or footer repeated by several sections is included once.
    """
    headers, footers = _header_and_footer_texts(document)
    parts = [*headers, _block_text(document.element.body), *footers]
    return "\n".join(part.strip("\n") for part in parts if part.strip())


def _read_needed_parts(path: Path) -> tuple[str, dict[str, str | None]] | None:
    """The text and core properties read from only the parts they come from, the way
    python-docx finds and parses them; ``None`` when anything is unexpected (the whole
    package is then opened, and its reading decides, failures included)."""
    try:
        with zipfile.ZipFile(path) as archive:
            package = _QuickPackage(archive)
            main = package.only_target(PACKAGE_URI, RELATIONSHIP_TYPE.OFFICE_DOCUMENT)
            if main is None or package.content_type(main) != CONTENT_TYPE.WML_DOCUMENT_MAIN:
                return None
            body = package.element(main).find(qn("w:body"))
            if body is None:
                return None
            headers, footers = package.header_and_footer_texts(main, body)
            text = "\n".join(
                part.strip("\n") for part in [*headers, _block_text(body), *footers] if part.strip()
            )
            metadata = package.core_metadata()
    except Exception:  # Whatever it is, the whole package's reading will say it.
        return None
    if metadata is None:
        return None
    return text, metadata


class _QuickPackage:
    """The parts of a DOCX zip reached through its relationships, each parsed on demand."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._content_types = _ContentTypeMap.from_xml(archive.read("[Content_Types].xml"))

    def relationships(self, source: PackURI) -> list:
        try:
            xml = self._archive.read(source.rels_uri.membername)
        except KeyError:
            return []
        return list(_SerializedRelationships.load_from_xml(source.baseURI, xml))

    def only_target(self, source: PackURI, reltype: str) -> PackURI | None:
        """The one internal part ``source`` relates to by ``reltype``; ``None`` when there
        is no such part or several (python-docx then decides)."""
        found = [rel for rel in self.relationships(source) if rel.reltype == reltype]
        if len(found) != 1 or found[0].is_external:
            return None
        return found[0].target_partname

    def content_type(self, partname: PackURI) -> str:
        return self._content_types[partname]

    def element(self, partname: PackURI) -> etree._Element:
        return parse_xml(self._archive.read(partname.membername))

    def header_and_footer_texts(
        self, main: PackURI, body: etree._Element
    ) -> tuple[list[str], list[str]]:
        related = {
            rel.rId: rel.target_partname for rel in self.relationships(main) if not rel.is_external
        }
        expected = {
            _HEADER_REFERENCE: CONTENT_TYPE.WML_HEADER,
            _FOOTER_REFERENCE: CONTENT_TYPE.WML_FOOTER,
        }
        headers: list[str] = []
        footers: list[str] = []
        parsed: dict[PackURI, etree._Element] = {}
        for reference in body.iter(_HEADER_REFERENCE, _FOOTER_REFERENCE):
            partname = related.get(reference.get(_RELATIONSHIP_ID))
            if partname is None:
                continue  # A dangling reference shows nothing in Word.
            if self.content_type(partname) != expected[reference.tag]:
                raise _Unexpected(f"{partname} is not a {reference.tag}")
            if partname not in parsed:
                parsed[partname] = self.element(partname)
            texts = headers if reference.tag == _HEADER_REFERENCE else footers
            text = _block_text(parsed[partname])
            if text.strip() and text not in texts:
                texts.append(text)
        return headers, footers

    def core_metadata(self) -> dict[str, str | None] | None:
        targets = [
            rel
            for rel in self.relationships(PACKAGE_URI)
            if rel.reltype == RELATIONSHIP_TYPE.CORE_PROPERTIES
        ]
        if not targets:
            return {"title": None, "author": None, "created": None, "modified": None}
        if len(targets) > 1 or targets[0].is_external:
            return None
        partname = targets[0].target_partname
        if self.content_type(partname) != CONTENT_TYPE.OPC_CORE_PROPERTIES:
            return None
        properties = self.element(partname)
        return {
            "title": properties.title_text.strip() or None,
            "author": properties.author_text.strip() or None,
            "created": _w3cdtf_to_iso(properties.created),
            "modified": _w3cdtf_to_iso(properties.modified),
        }


class _Unexpected(Exception):
    """The quick reading met something python-docx should decide about."""


def _refusal_before_parsing(path: Path, limits: ExtractionLimits) -> Extraction | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return _not_a_zip(path)
    if MAIN_DOCUMENT_PART not in {member.filename for member in members}:
        return _failed(f"not a Word document: the zip has no {MAIN_DOCUMENT_PART}")
    declared_bytes = sum(member.file_size for member in members)
    if declared_bytes > limits.max_uncompressed_mb * _BYTES_PER_MB:
        return _failed(
            f"declared uncompressed size {declared_bytes / _BYTES_PER_MB:.1f} MB exceeds limit of "
            f"{limits.max_uncompressed_mb} MB; not opened"
        )
    return None


def _not_a_zip(path: Path) -> Extraction:
    with path.open("rb") as file:
        magic = file.read(len(_OLE_MAGIC))
    if magic.startswith(_ZIP_MAGIC):
        return _failed("the DOCX is damaged or truncated: its zip directory cannot be read")
    if magic.startswith(_PDF_MAGIC):
        return _failed("not a DOCX: the file is a PDF named .docx")
    if magic == _OLE_MAGIC and _holds_encrypted_package(path):
        return Extraction(
            status=DocumentStatus.ENCRYPTED,
            reason="the DOCX is encrypted and needs a password to open",
            extractor=EXTRACTOR,
        )
    if magic == _OLE_MAGIC:
        return _failed("not a DOCX: the file is an old-format Word (.doc) or other OLE file")
    return _failed("not a DOCX: the file is not a zip archive")


def _holds_encrypted_package(path: Path) -> bool:
    # The stream's name sits in the compound file's directory, wherever that was written;
    # a memory map lets the search run over the file without reading it into memory.
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return view.find(_ENCRYPTED_PACKAGE_STREAM) != -1


def _header_and_footer_texts(document: Document) -> tuple[list[str], list[str]]:
    related_parts = document.part.related_parts
    headers: list[str] = []
    footers: list[str] = []
    for reference in document.element.body.iter(_HEADER_REFERENCE, _FOOTER_REFERENCE):
        part = related_parts.get(reference.get(_RELATIONSHIP_ID))
        # A dangling reference or a part python-docx did not parse shows nothing in Word.
        element = getattr(part, "element", None)
        if element is None:
            continue
        texts = headers if reference.tag == _HEADER_REFERENCE else footers
        text = _block_text(element)
        if text.strip() and text not in texts:
            texts.append(text)
    return headers, footers


def _block_text(element: etree._Element) -> str:
    pieces: list[str] = []
    _append_reading_text(element, pieces)
    return "".join(pieces)


def _append_reading_text(element: etree._Element, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _TEXT:
            pieces.append(child.text or "")
        elif tag == _PARAGRAPH:
            _append_reading_text(child, pieces)
            pieces.append("\n")
        elif tag == _TABLE_CELL:
            pieces.append(_cell_text(child))
            pieces.append("\t")
        elif tag == _TABLE_ROW:
            pieces.append(_block_text(child).rstrip("\t"))
            pieces.append("\n")
        elif tag == _TAB:
            pieces.append("\t")
        elif tag in _LINE_BREAKS:
            pieces.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            pieces.append("-")
        elif tag not in _NOT_READING_TEXT:
            _append_reading_text(child, pieces)


def _cell_text(cell: etree._Element) -> str:
    # A cell's paragraphs (and any nested table) read as one line, so a row stays a line.
    return " ".join(_block_text(cell).split())


def _core_metadata(document: Document) -> dict[str, str | None]:
    try:
        part = document.part.package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
    except KeyError:
        # Asked for missing core properties, python-docx would invent defaults (title
        # "Word Document", modified now) that the file never stated.
        return {"title": None, "author": None, "created": None, "modified": None}
    properties = part.core_properties
    # The dates are read raw: python-docx raises on an empty date element.
    return {
        "title": properties.title.strip() or None,
        "author": properties.author.strip() or None,
        "created": _w3cdtf_to_iso(part.element.created),
        "modified": _w3cdtf_to_iso(part.element.modified),
    }


def _w3cdtf_to_iso(element: etree._Element | None) -> str | None:
    text = (element.text or "").strip() if element is not None else ""
    try:
        return datetime.fromisoformat(text).isoformat() if text else None
    except ValueError:  # a date Word never writes; better none than a guessed one
        return None


def _failed(reason: str) -> Extraction:
    if len(reason) > _MAX_REASON_CHARS:
        reason = reason[: _MAX_REASON_CHARS - 1] + "…"
    return Extraction(status=DocumentStatus.FAILED, reason=reason, extractor=EXTRACTOR)
