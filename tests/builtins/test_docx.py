"""The built-in DOCX extractor, on Word documents and broken zips made at test time."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from evidencekit.builtins import docx as docx_plugin
from evidencekit.builtins import docx_reading
from evidencekit.models import DocumentStatus, ExtractionLimits
from evidencekit.plugins import make_plugin_manager

LIMITS = ExtractionLimits()


def make_policy_docx(path: Path) -> Path:
    """A two-section policy: paragraphs, a table, tabs, a line break, headers and footers."""
    document = docx.Document()
    properties = document.core_properties
    properties.title = "Working Alone Policy"
    properties.author = "Pat Safety-Coordinator"
    properties.created = datetime(2024, 11, 5, 9, 30, tzinfo=UTC)
    properties.modified = datetime(2025, 1, 20, 16, 45, tzinfo=UTC)

    first_section = document.sections[0]
    first_section.header.paragraphs[0].text = "Acme Builders Ltd - Controlled Document"
    first_section.footer.paragraphs[0].text = "Printed copies are uncontrolled"

    document.add_heading("Working alone", level=1)
    document.add_paragraph("Workers alone on site check in with the office every two hours.")
    with_tab = document.add_paragraph("Check-in line")
    with_tab.add_run().add_tab()
    with_tab.add_run("403-555-0199")
    # Tab stops live in the paragraph properties as w:tab too; they are not text.
    with_tab.paragraph_format.tab_stops.add_tab_stop(Inches(2))
    with_break = document.add_paragraph("First line")
    with_break.add_run().add_break()
    with_break.add_run("second line")

    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Hazard", "Control", "Owner"), strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ("Injury with no help", "Two-hour check-in", "Supervisor"), strict=True
    ):
        cell.text = text
    table.rows[1].cells[1].add_paragraph("Satellite messenger")

    second_section = document.add_section()
    # Its own header part with the same words: a reader sees that header once.
    second_section.header.is_linked_to_previous = False
    second_section.header.paragraphs[0].text = "Acme Builders Ltd - Controlled Document"
    document.add_paragraph("Appendix: check-in log template.")
    document.save(str(path))
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def without_core_properties(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    del members["docProps/core.xml"]
    members["_rels/.rels"] = re.sub(
        rb"<Relationship [^>]*core-properties[^>]*/>", b"", members["_rels/.rels"]
    )
    return write_zip(target, members)


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    return make_policy_docx(tmp_path / "working-alone.docx")


@pytest.fixture
def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if python-docx is asked to open the file."""

    def parse(*args: object, **kwargs: object) -> None:
        pytest.fail("python-docx parsed a file that should have been refused unopened")

    monkeypatch.setattr(docx, "Document", parse)


def test_reads_body_text_as_one_page(policy: Path) -> None:
    extraction = docx_plugin.extract_docx(policy, LIMITS)

    assert extraction.status is DocumentStatus.OK
    assert extraction.extractor == "docx/python-docx"
    assert len(extraction.pages) == 1
    text = extraction.pages[0]
    assert "Working alone\n" in text
    assert "every two hours." in text
    assert "Appendix: check-in log template." in text


def test_tabs_and_breaks_separate_words(policy: Path) -> None:
    text = docx_plugin.extract_docx(policy, LIMITS).pages[0]

    assert "Check-in line\t403-555-0199\n" in text
    assert "First line\nsecond line" in text


def test_a_table_reads_row_by_row_with_tabs_between_cells(policy: Path) -> None:
    text = docx_plugin.extract_docx(policy, LIMITS).pages[0]

    assert "Hazard\tControl\tOwner\n" in text
    assert "Injury with no help\tTwo-hour check-in Satellite messenger\tSupervisor\n" in text


def test_headers_and_footers_are_included_once(policy: Path) -> None:
    text = docx_plugin.extract_docx(policy, LIMITS).pages[0]

    assert text.count("Acme Builders Ltd - Controlled Document") == 1
    assert text.startswith("Acme Builders Ltd - Controlled Document\n")
    assert text.endswith("Printed copies are uncontrolled")


def test_finds_every_word_python_docx_finds(policy: Path) -> None:
    document = docx.Document(str(policy))
    proxy_words = {word for paragraph in document.paragraphs for word in paragraph.text.split()}
    for table in document.tables:
        proxy_words.update(table.rows[1].cells[1].text.split())

    words = set(docx_plugin.extract_docx(policy, LIMITS).pages[0].split())

    assert proxy_words <= words


def test_reads_core_properties(policy: Path) -> None:
    extraction = docx_plugin.extract_docx(policy, LIMITS)

    assert extraction.title == "Working Alone Policy"
    assert extraction.author == "Pat Safety-Coordinator"
    assert extraction.created == "2024-11-05T09:30:00+00:00"
    assert extraction.modified == "2025-01-20T16:45:00+00:00"


def test_missing_core_properties_are_not_invented(policy: Path, tmp_path: Path) -> None:
    path = without_core_properties(policy, tmp_path / "no-core.docx")

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.OK
    assert (extraction.title, extraction.author, extraction.created, extraction.modified) == (
        None,
        None,
        None,
        None,
    )


def test_a_zip_bomb_is_refused_before_parsing(tmp_path: Path, refuse_parsing: None) -> None:
    # Two megabytes of zeros deflate to a few kilobytes; the limit is set below them.
    path = write_zip(
        tmp_path / "bomb.docx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(2 * 1024 * 1024)},
    )
    assert path.stat().st_size < 20_000

    extraction = docx_plugin.extract_docx(path, ExtractionLimits(max_uncompressed_mb=1))

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("declared uncompressed size 2.0 MB exceeds limit of 1 MB")


def test_a_zip_without_a_word_document_fails(tmp_path: Path, refuse_parsing: None) -> None:
    path = write_zip(tmp_path / "photos.docx", {"photos/site.jpg": b"\xff\xd8\xff"})

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert "no word/document.xml" in extraction.reason


def test_a_truncated_docx_fails(policy: Path, tmp_path: Path) -> None:
    whole = policy.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(whole[: len(whole) // 2])

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert "damaged or truncated" in extraction.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "not a DOCX: the file is a PDF named .docx"),
        (b"Toolbox talk notes, saved as text.\n", "not a DOCX: the file is not a zip archive"),
        (b"", "not a DOCX: the file is not a zip archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "not a DOCX: the file is an old-format Word (.doc) or other OLE file",
        ),
    ],
    ids=["pdf", "text", "empty", "old-word"],
)
def test_a_file_that_is_not_a_docx_fails_saying_what_it_is(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "misnamed.docx"
    path.write_bytes(content)

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason == reason


def test_a_password_protected_docx_is_encrypted(tmp_path: Path) -> None:
    # Office wraps an encrypted DOCX in an OLE compound file whose directory names the
    # stream "EncryptedPackage"; only that much of the container is imitated here.
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    path = tmp_path / "payroll.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + directory_entry)

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.ENCRYPTED
    assert "password" in extraction.reason


def test_damaged_xml_inside_the_zip_fails(policy: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(policy) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:500]
    path = write_zip(tmp_path / "damaged.docx", members)

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction.status is DocumentStatus.FAILED
    assert extraction.reason.startswith("could not read the DOCX: XMLSyntaxError")


def read_by_opening_the_whole_package(path: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patched:
        patched.setattr(docx_reading, "_read_needed_parts", lambda path: None)
        return docx_plugin.extract_docx(path, LIMITS)


@pytest.mark.parametrize("core_properties", [True, False])
def test_reading_only_the_needed_parts_reads_what_the_whole_package_gives(
    policy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, core_properties: bool
) -> None:
    path = policy if core_properties else without_core_properties(policy, tmp_path / "bare.docx")
    assert docx_reading._read_needed_parts(path) is not None

    assert docx_plugin.extract_docx(path, LIMITS) == read_by_opening_the_whole_package(
        path, monkeypatch
    )


def test_a_footer_reference_to_a_header_part_is_read_as_python_docx_reads_it(
    policy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zipfile.ZipFile(policy) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    relationships = members["word/_rels/document.xml.rels"].decode()
    header_target = re.search(r'Target="(header\d+\.xml)"', relationships).group(1)
    members["word/_rels/document.xml.rels"] = re.sub(
        r'Target="footer\d+\.xml"', f'Target="{header_target}"', relationships
    ).encode()
    path = write_zip(tmp_path / "odd references.docx", members)
    assert docx_reading._read_needed_parts(path) is None

    extraction = docx_plugin.extract_docx(path, LIMITS)

    assert extraction == read_by_opening_the_whole_package(path, monkeypatch)
    assert "Printed copies are uncontrolled" not in extraction.pages[0]


def test_the_hook_handles_docx_only(policy: Path) -> None:
    assert docx_plugin.file_types() == [".docx"]
    assert docx_plugin.extract_document(path=policy, file_type=".pdf", limits=LIMITS) is None
    assert docx_plugin.extract_document(path=policy, file_type=".docx", limits=LIMITS).status is (
        DocumentStatus.OK
    )


def test_registered_as_a_plugin(policy: Path) -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False)

    extraction = plugin_manager.hook.extract_document(path=policy, file_type=".docx", limits=LIMITS)

    assert extraction.extractor == "docx/python-docx"
    assert ".docx" in {suffix for types in plugin_manager.hook.file_types() for suffix in types}
