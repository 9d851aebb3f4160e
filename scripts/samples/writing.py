"""Writing documents to disk: the format by the path's suffix, the file's date by the record's,
many documents spread over the CPUs."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from samples.dates import moment
from samples.document import EvidenceDocument, Rendering
from samples.formats.excel import write_xlsx
from samples.formats.images import write_photo_jpeg
from samples.formats.pdf import write_pdf
from samples.formats.text import write_csv, write_markdown, write_plain_text
from samples.formats.word import write_docx


def write_document(root: Path, document: EvidenceDocument) -> None:
    path = root / document.path
    suffix = path.suffix.lower()
    if document.rendering is Rendering.PHOTO:
        if suffix != ".jpg":
            raise ValueError(f"{document.path}: a photo is a .jpg")
    elif document.rendering is not Rendering.TEXT and suffix != ".pdf":
        raise ValueError(f"{document.path}: only a PDF can be scanned or encrypted")
    path.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[suffix](path, document)
    # The file's mtime is what a user's file manager shows; make it the record's date.
    stamp = moment(document.body.effective).timestamp()
    os.utime(path, (stamp, stamp))


def write_document_batch(root: Path, documents: Sequence[EvidenceDocument]) -> None:
    for document in documents:
        write_document(root, document)


# Below this many documents per process, starting the processes costs more than it saves.
MIN_DOCUMENTS_PER_WORKER = 16


def write_documents(root: Path, documents: Sequence[EvidenceDocument]) -> None:
    """Write every document, spread over the CPUs when there are enough of them."""
    workers = min(os.cpu_count() or 1, len(documents) // MIN_DOCUMENTS_PER_WORKER)
    # Forked children inherit the loaded package and content; spawned ones would have to
    # import them again, which callers that load the generator by its path cannot promise.
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        write_document_batch(root, documents)
        return
    # Interleaved batches, so each mixes slow PDFs and fast text files.
    batch_count = workers * 4
    batches = [documents[start::batch_count] for start in range(batch_count)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(partial(write_document_batch, root), batches))


WRITERS: dict[str, Callable[[Path, EvidenceDocument], None]] = {
    ".pdf": write_pdf,
    ".docx": write_docx,
    ".txt": write_plain_text,
    ".md": write_markdown,
    ".csv": write_csv,
    ".jpg": write_photo_jpeg,
    ".xlsx": write_xlsx,
}
