"""The generated evidence folders a benchmark measures: distinct documents of a shared
drive, written once and reused, and larger folders made of changed copies."""

from __future__ import annotations

import random
import shutil
import time
import zipfile
from datetime import timedelta
from pathlib import Path

from evidencekit.scan import walk_folder
from samples.content import SECTION_FOLDERS
from samples.corpus import (
    MIXED_CORPUS_BUILDERS,
    MIXED_CORPUS_COMPANIES,
    MIXED_DAY_SPAN,
    MIXED_FIRST_DAY,
    MIXED_FORMATS,
    pad_to_pages,
    with_unique_paths,
)
from samples.document import EvidenceDocument
from samples.file_names import messy_name
from samples.writing import write_documents

# Page counts of a shared drive: most records are a page or two, a few run to twenty.
PAGE_COUNT_WEIGHTS = [1 / pages**1.2 for pages in range(1, 21)]


# Generating a document takes about 0.1 s of CPU (most of it laying out PDF pages): larger
# folders are made of this many generated documents, copied.
MOST_GENERATED = 10_000


def corpus(work: Path, count: int) -> Path:
    """``count`` distinct documents in ``work``, written once and then reused."""
    folder = work / f"drive-{count}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        if count <= MOST_GENERATED:
            documents = with_unique_paths([plan_drive_document(index) for index in range(count)])
            write_documents(folder, documents)
        else:
            copy_with_distinct_bytes(corpus(work, MOST_GENERATED), folder, count)
        (folder / ".complete").touch()  # Hidden: the scan skips it.
        print(f"made {count} documents in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def copy_with_distinct_bytes(source: Path, folder: Path, count: int) -> None:
    """Fill ``folder`` with ``count`` files: the generated ones, then copies of them under
    archive-NN/ folders, each copy changed so that no two files share their bytes (a
    comment at the end of a PDF, a zip comment in a DOCX, trailing blank lines in text):
    every one is extracted and indexed, none is recognised as a copy."""
    originals = [seen.path for seen in walk_folder(source).files]
    for number in range(count):
        copy, original = divmod(number, len(originals))
        relative = originals[original] if copy == 0 else f"archive-{copy:02d}/{originals[original]}"
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / originals[original], target)
        if copy == 0:
            continue
        suffix = target.suffix.lower()
        if suffix == ".docx":
            with zipfile.ZipFile(target, "a") as archive:
                archive.comment = f"archive copy {copy}".encode()
        else:
            with target.open("ab") as stream:
                stream.write(
                    f"\n%archive copy {copy}\n".encode() if suffix == ".pdf" else b"\n" * copy
                )


def plan_drive_document(index: int) -> EvidenceDocument:
    """One document of a drive: the mixed corpus's types, formats and folders, 1-20 pages."""
    rng = random.Random(f"drive-corpus:{index}")
    company = rng.choice(MIXED_CORPUS_COMPANIES)
    builders, weights = zip(*MIXED_CORPUS_BUILDERS, strict=True)
    builder = rng.choices(builders, weights=weights)[0]
    day = MIXED_FIRST_DAY + timedelta(days=rng.randrange(MIXED_DAY_SPAN))
    pages = rng.choices(range(1, 21), weights=PAGE_COUNT_WEIGHTS)[0]
    body = pad_to_pages(builder(company, day, rng), pages, company, rng)
    suffixes, suffix_weights = zip(*MIXED_FORMATS, strict=True)
    suffix = rng.choices(suffixes, weights=suffix_weights)[0]
    folder = f"{company.slug}/{rng.choice(SECTION_FOLDERS[body.doc_type])}/{body.effective.year}"
    header = company.name if rng.random() < 0.7 else None
    return EvidenceDocument(f"{folder}/{messy_name(body, rng)}{suffix}", body, header)
