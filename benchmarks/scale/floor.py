"""The floor: the bare libraries doing the scan's work (extraction in as many processes,
then one Whoosh index with the same schema and writer settings), timed in the same run.

The scan also analyses each document where it extracted it (type, dates, content facts:
work the first `check` did before). The floor with the analysis does that too, the
fastest way: the analysis called directly on each bare text, in the process that
extracted it, with no pool, catalog or plugin loading around it."""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
import time
import zipfile
from datetime import datetime
from pathlib import Path

from evidencekit.builtins.whoosh_index import MULTIPROCESS_BATCH, _page_documents, build_schema
from evidencekit.models import FileSeen, IndexEntry
from evidencekit.scan import walk_folder

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# -- the floor: the bare libraries doing the same work --------------------------------


def bare_floor(
    folder: Path, jobs: int, location: Path, analyse: bool = False
) -> tuple[float, float]:
    """Extract every file bare in ``jobs`` processes (and, if ``analyse``, analyse each
    text there), then index the texts bare; the seconds it took and the CPU seconds it
    used."""
    files = [seen for seen in walk_folder(folder).files]
    cpu_before = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    read = bare_extract
    if analyse:
        # Loaded once, before the workers fork (they inherit it): the fastest way.
        from evidencekit.analyse import facts  # noqa: F401
        from evidencekit.plugins import make_plugin_manager

        _classifiers[:] = [make_plugin_manager(load_entrypoints=False)]
        read = bare_extract_and_analyse
    tasks = [(str(folder / seen.path), seen.path) for seen in files]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        texts = pool.starmap(read, tasks, chunksize=1)
        pool.close()
        pool.join()
    extracted = time.perf_counter()
    shutil.rmtree(location, ignore_errors=True)
    location.mkdir(parents=True)
    from whoosh import index

    # The scan's own writer settings: the parallel writer for a batch this large.
    if len(files) >= MULTIPROCESS_BATCH and (os.cpu_count() or 1) > 1:
        settings = {"procs": min(2, os.cpu_count() or 1), "multisegment": True}
    else:
        settings = {}
    writer = index.create_in(str(location), build_schema()).writer(limitmb=128, **settings)
    for number, (seen, pages) in enumerate(zip(files, texts, strict=True), start=1):
        entry = IndexEntry(number, seen.path, seen.file_type, "", modified_of(seen), pages)
        for fields in _page_documents(entry):
            writer.add_document(**fields)
    writer.commit()
    finished = time.perf_counter()
    cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    print(
        f"  floor{' with the analysis' if analyse else ''}: extraction"
        f"{' and analysis' if analyse else ''} {extracted - started:.1f} s + indexing"
        f" {finished - extracted:.1f} s"
        f" ({cpu:.1f} CPU s)",
        flush=True,
    )
    return finished - started, cpu


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


#: The plugin manager the analysis asks for types, made before the workers fork.
_classifiers: list = []


def bare_extract_and_analyse(path: str, document_path: str) -> tuple[str, ...]:
    """The text of one file, read bare, and analysed as the scan's workers analyse it
    (its facts are not kept: the scan's are, in its catalog)."""
    from evidencekit.analyse.facts import document_facts
    from evidencekit.models import DocumentText

    pages = bare_extract(path)
    document_facts(_classifiers[0], DocumentText(document_path, None, pages), None, None)
    return pages


def bare_extract(path: str, document_path: str = "") -> tuple[str, ...]:
    """The text of one file, read the fastest way the installed libraries allow."""
    suffix = path.rpartition(".")[2].lower()
    if suffix == "pdf":
        try:
            import pypdfium2
        except ImportError:
            import pypdf

            return tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)
        document = pypdfium2.PdfDocument(path)
        pages = []
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        document.close()
        return tuple(pages)
    if suffix == "docx":
        from lxml import etree

        with zipfile.ZipFile(path) as archive:
            parts = [
                name
                for name in archive.namelist()
                if name == "word/document.xml"
                or (name.startswith(("word/header", "word/footer")) and name.endswith(".xml"))
            ]
            roots = [etree.fromstring(archive.read(name)) for name in parts]
        return (
            "\n".join(
                "".join(text.text or "" for text in paragraph.iter(f"{WORD}t"))
                for root in roots
                for paragraph in root.iter(f"{WORD}p")
            ),
        )
    with open(path, encoding="utf-8", errors="replace") as stream:
        return (stream.read(),)


def modified_of(seen: FileSeen) -> datetime:
    return datetime.fromtimestamp(seen.mtime_ns // 1_000_000_000)
