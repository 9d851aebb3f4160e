"""Hostile evidence files made on the fly: empty, truncated, misnamed, bombs, broken PDFs,
and names and links a file system allows but a scanner must survive.

``write_hostile_files`` fills a folder with all of them; the scan tests and
``benchmarks/robustness.py`` both use it, so the robustness table shows what is tested.
Nothing here is copied from a corpus: every file is built from scratch.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.documents import write_docx, write_pdf

#: The zip bomb inflates to this many MiB: four times the DOCX limit of 256 MB.
BOMB_MIB = 1024
MAIN_PART = "word/document.xml"
MANY_PAGES = 3000
NESTING_DEPTH = 100_000
#: A name of 255 bytes, the longest most file systems allow (UTF-8, two bytes a letter).
LONG_NAME = "é" * 123 + "-long.pdf"
#: Enough 200-byte folders to pass Linux's PATH_MAX of 4096 bytes.
DEEP_FOLDERS = 22
HTML_NAME = "<img src=x onerror=alert(1)>.pdf"
#: The file written without any permission; give them back before removing the folder.
UNREADABLE = "permissions/no read permission.pdf"


@dataclass(frozen=True)
class HostileFile:
    """One hostile entry: where it lands in the folder and what makes it hostile."""

    path: str
    what: str
    write: Callable[[Path], None]


def write_hostile_files(folder: Path) -> list[HostileFile]:
    """Write every hostile entry the file system accepts into ``folder``; return those written.

    A file system that refuses a name (not UTF-8, too long) leaves that entry out.
    """
    written = []
    for hostile in HOSTILE_FILES:
        try:
            hostile.write(folder)
        except (OSError, UnicodeError):
            continue
        written.append(hostile)
    return written


# --- PDFs written object by object -------------------------------------------------------


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF whose objects 1..n are ``objects``; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(parent: int, content: int, font: int, extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
        b" /Resources << /Font << /F1 %d 0 R >> >> %s >>" % (parent, content, font, extra)
    )


def _text(words: str) -> bytes:
    return _stream(b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % words.encode("ascii"))


def cyclic_page_tree_pdf() -> bytes:
    """The page tree lists itself among its own kids, beside one real page."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] /Count 3 >>",
            _page(2, 4, 5),
            _text("A page inside a cyclic page tree"),
            _FONT,
        ]
    )


def pages_nodes_in_a_loop_pdf() -> bytes:
    """Two page-tree nodes that are each other's only kid: no leaf page anywhere."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def deeply_nested_pdf() -> bytes:
    """A page whose dictionary holds arrays nested ``NESTING_DEPTH`` deep."""
    nested = b"[" * NESTING_DEPTH + b"]" * NESTING_DEPTH
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(2, 4, 5, b"/Deep " + nested),
            _text("A page with deeply nested objects"),
            _FONT,
        ]
    )


def many_pages_pdf(pages: int = MANY_PAGES) -> bytes:
    """``pages`` pages that share one content stream: big to read, small on disk."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            _text("One of thousands of pages about ladder inspections"),
            *(_page(2, 3, first_page + pages) for _ in range(pages)),
            _FONT,
        ]
    )


# --- DOCX archives -----------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_bomb(inflated_mib: int = BOMB_MIB, declared_bytes: int | None = None) -> bytes:
    """A real DOCX whose ``word/document.xml`` inflates to ``inflated_mib`` MiB of zeros.

    ``declared_bytes`` makes the archive lie about that size, so that a size check passes
    and only the reader's own bounds keep memory in check. Each megabyte is deflated
    after a full flush, so one compressed megabyte repeated makes the whole stream.
    """
    megabyte = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    deflated = one * inflated_mib + compressor.flush()
    crc = 0
    for _ in range(inflated_mib):
        crc = zlib.crc32(megabyte, crc)
    size = inflated_mib * 1024 * 1024 if declared_bytes is None else declared_bytes
    return _docx_with_deflated_main_part(deflated, crc, size)


def _docx_with_deflated_main_part(deflated: bytes, crc: int, size: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_valid_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != MAIN_PART:
                archive.writestr(member, source.read(member))
    # zipfile cannot add a member it did not deflate itself: append one by hand.
    existing = buffer.getvalue()
    directory_at = existing.index(b"PK\x01\x02")
    end = existing[existing.rindex(b"PK\x05\x06") :]
    count = struct.unpack("<H", end[10:12])[0]
    name = MAIN_PART.encode()
    offset = directory_at
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        *(0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), size, len(name)),
        *(0, 0, 0, 0, 0, offset),
    )
    body = existing[:directory_at] + local + name + deflated
    directory = existing[directory_at : existing.rindex(b"PK\x05\x06")] + central + name
    trailer = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(directory), len(body), 0
    )
    return body + directory + trailer


def docx_without_main_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("docProps/core.xml", b"<coreProperties/>")
    return buffer.getvalue()


def billion_laughs_docx(valid_docx: bytes) -> bytes:
    """A real DOCX whose main part declares nested XML entities (the "billion laughs")."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'
    ).encode()
    source = zipfile.ZipFile(io.BytesIO(valid_docx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == MAIN_PART:
                body = data.split(b"?>", 1)[1]
                data = laughs + body.replace(
                    b"</w:body>", b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>", 1
                )
            archive.writestr(member, data)
    return buffer.getvalue()


# --- writers -------------------------------------------------------------------------------


def _bytes(path: str, make: Callable[[], bytes]) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())

    return write


def _valid_pdf() -> bytes:
    scratch = io.BytesIO()
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in ("Site inspection record", "Guardrails and ladders checked"):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(scratch)
    return scratch.getvalue()


def _valid_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Toolbox talk on fall protection")
    scratch = io.BytesIO()
    document.save(scratch)
    return scratch.getvalue()


def _half(make: Callable[[], bytes]) -> Callable[[], bytes]:
    return lambda: (data := make())[: len(data) // 2]


def _unreadable(folder: Path) -> None:
    target = folder / UNREADABLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_valid_pdf())
    target.chmod(0)


def _not_utf8_name(folder: Path) -> None:
    names = folder / "names"
    names.mkdir(exist_ok=True)
    (Path(os.fsdecode(bytes(names))) / os.fsdecode(b"caf\xe9 inspection.txt")).write_text(
        "an inspection"
    )


def _long_name(folder: Path) -> None:
    write_pdf(folder / "names" / LONG_NAME, ["A file name of 255 bytes"])


def _html_name(folder: Path) -> None:
    write_pdf(folder / "names" / HTML_NAME, ["<script>alert(1)</script>"], title="<b>bold</b>")


def _control_characters_name(folder: Path) -> None:
    write_docx(folder / "names" / "clear\x1b[2J screen\nnew line.docx", ["An escape in a name"])


def _deep_path(folder: Path) -> None:
    """Folders nested past PATH_MAX, made relative to each other as the kernel requires."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for level in range(DEEP_FOLDERS):
            name = f"level {level:02d} " + "d" * 191
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        file = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(file, b"found at the bottom of a very deep folder")
        os.close(file)
    finally:
        os.close(descriptor)


def _symlink_loops(folder: Path) -> None:
    links = folder / "links"
    links.mkdir(exist_ok=True)
    (links / "loop to evidence").symlink_to(folder)
    (links / "points at itself").symlink_to(links / "points at itself")
    (links / "outside.txt").symlink_to("/etc/hostname")


def _made(path: str, what: str, make: Callable[[], bytes]) -> HostileFile:
    return HostileFile(path, what, _bytes(path, make))


HOSTILE_FILES: tuple[HostileFile, ...] = (
    _made("empty/zero bytes.pdf", "zero-byte PDF", bytes),
    _made("empty/zero bytes.docx", "zero-byte DOCX", bytes),
    _made("empty/zero bytes.txt", "zero-byte text", bytes),
    _made("truncated/half a pdf.pdf", "truncated PDF", _half(_valid_pdf)),
    _made("truncated/half a docx.docx", "truncated DOCX", _half(_valid_docx)),
    _made("misnamed/a pdf.docx", "PDF named .docx", _valid_pdf),
    _made("misnamed/a docx.pdf", "DOCX named .pdf", _valid_docx),
    _made("misnamed/binary.txt", "binary data named .txt", lambda: bytes(range(256)) * 64),
    _made("bombs/zip bomb.docx", f"DOCX inflating to {BOMB_MIB} MiB", zip_bomb),
    _made(
        "bombs/lying zip bomb.docx",
        "DOCX zip bomb declaring a small size",
        lambda: zip_bomb(64, declared_bytes=1000),
    ),
    _made(
        "bombs/billion laughs.docx",
        "DOCX with nested XML entities",
        lambda: billion_laughs_docx(_valid_docx()),
    ),
    _made("broken/no main part.docx", "DOCX without word/document.xml", docx_without_main_part),
    _made(
        "broken/cyclic page tree.pdf", "PDF whose page tree contains itself", cyclic_page_tree_pdf
    ),
    _made(
        "broken/page tree loop.pdf",
        "PDF whose page-tree nodes are each other's kids",
        pages_nodes_in_a_loop_pdf,
    ),
    _made(
        "broken/deeply nested.pdf",
        f"PDF with arrays nested {NESTING_DEPTH:,} deep",
        deeply_nested_pdf,
    ),
    _made("big/thousands of pages.pdf", f"PDF of {MANY_PAGES:,} pages", many_pages_pdf),
    HostileFile(UNREADABLE, "file without read permission", _unreadable),
    HostileFile("names/caf\\xe9 inspection.txt", "name that is not UTF-8", _not_utf8_name),
    HostileFile(f"names/{LONG_NAME}", "file name of 255 bytes", _long_name),
    HostileFile(f"names/{HTML_NAME}", "HTML in the name, title and text", _html_name),
    HostileFile(
        "names/clear\x1b[2J screen\nnew line.docx",
        "escape sequence and newline in the name",
        _control_characters_name,
    ),
    HostileFile("level 00 " + "d" * 191, "folders nested past PATH_MAX", _deep_path),
    HostileFile("links", "symbolic-link loops and a link out of the folder", _symlink_loops),
)
