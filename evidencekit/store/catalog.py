"""The catalog: SQLite (WAL), the source of truth for files, extractions and index state.

Extractions are keyed by content hash, so a moved, renamed or copied file reuses the text
already read. Every file row carries an ``indexed`` flag and every removal leaves a
tombstone until the search index has committed it: the index can always be brought back
in line with the catalog after a crash.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any, NamedTuple

from evidencekit.document_models import (
    CorrectiveAction,
    CourseHeld,
    DocumentContent,
    DocumentFacts,
    DocumentRecord,
    DocumentStatus,
    DocumentText,
    Extraction,
    FileSeen,
    IndexEntry,
    PlacedDate,
    Recurrence,
    SchedulePromise,
    file_type_of,
)
from evidencekit.errors import CatalogError
from evidencekit.store.remembered_queries import RememberedQueries
from evidencekit.store.schema import CATALOG_SCHEMA, MIGRATABLE_VERSION, SCHEMA_VERSION

#: zlib's level for page texts: level 6 saves little more than this and costs twice the time.
_TEXT_COMPRESSION_LEVEL = 3
#: Files whose texts one query reads (analysis and indexing go a batch at a time).
TEXTS_PER_QUERY = 200
#: Set in meta while an emptied index is being refilled from the catalog.
_INDEX_REFILL_KEY = "index_refill"
#: meta key: how many index commits the catalog has recorded (see ``mark_committed``).
_INDEX_GENERATION_KEY = "index_generation"

#: Statuses by their stored value (a lookup costs a tenth of ``DocumentStatus(value)``).
_STATUSES = {str(status): status for status in DocumentStatus}
#: Who read a corrected type or date, as facts and listings show it.
CORRECTED_BY_USER = "user"
# A corrected reading says so, and keeps what evidencekit had read beside it.
_CORRECTED_TYPE_CUE = (
    # Facts analysed with the correction already say so (and read the document as it).
    "CASE WHEN c.doc_type IS NULL OR x.taught_by = f.path"
    " THEN COALESCE(x.type_cue, 'no text to classify')"
    " ELSE 'corrected by the user (read as ' || COALESCE(x.doc_type, 'other') || ': '"
    " || COALESCE(x.type_cue, 'no text to classify') || ')' END"
)
_CORRECTED_DATE_SOURCE = (
    f"CASE WHEN c.date IS NULL THEN x.date_source ELSE '{CORRECTED_BY_USER}' END"
)


class IndexState(IntEnum):
    """Where a file's entry stands in the search index (the ``files.indexed`` column)."""

    PENDING = 0
    COMMITTED = 1
    IN_WRITER = 2


class CatalogFile(NamedTuple):
    """A file row as the scan compares it with what is on disk (a tuple: a scan builds one
    per file in the folder, and a dataclass costs three times as much to build)."""

    file_id: int
    path: str
    size: int
    mtime_ns: int
    content_key: str | None
    status: DocumentStatus


@dataclass(frozen=True)
class StoredAction:
    """The consultant's corrective action for one finding, as last imported."""

    finding_id: str
    owner: str
    due: str
    status: str
    note: str
    updated_at: str


class Catalog:
    """One evidence folder's catalog in ``path`` (an SQLite database)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._drop_facts_without_content()
            self._db.executescript(CATALOG_SCHEMA)
            self._check_version()
            #: The mapping stage's searches, remembered (``evidencekit.store.query_memo``).
            self.queries = RememberedQueries(self._db)
        except sqlite3.OperationalError as error:
            # Permissions or a missing folder: the catalog itself may be fine.
            raise CatalogError(
                f"cannot open the catalog {path}: {error}; check that the state directory "
                "exists and that you may read and write it"
            ) from error
        except sqlite3.DatabaseError as error:
            raise self.damaged(error) from error

    def close(self) -> None:
        self._db.close()

    def damaged(self, error: sqlite3.DatabaseError) -> CatalogError:
        """The error to show for damage SQLite found in this catalog: it is never replaced."""
        return CatalogError(
            f"the catalog {self.path} cannot be read ({error}); it was left in place. Move "
            "it aside to start a fresh catalog: the evidence is read again, and the link "
            "corrections and tracked actions stay in the moved file."
        )

    def _drop_facts_without_content(self) -> None:
        # Facts are derived and recomputed when missing: a facts table from before the
        # content, form or taught_by column is dropped rather than migrated.
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(facts)")}
        if columns and not {"content", "form", "taught_by"} <= columns:
            self._db.execute("DROP TABLE facts")

    def transaction(self) -> sqlite3.Connection:
        """A context manager: ``with catalog.transaction(): ...`` commits or rolls back."""
        return _Transaction(self._db)

    # -- meta -----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- files and extractions ------------------------------------------------------

    def files_by_path(self) -> dict[str, CatalogFile]:
        rows = self._db.execute(
            "SELECT f.id, f.path, f.size, f.mtime_ns, f.content_key, "
            "COALESCE(e.status, CASE WHEN f.read_error IS NULL THEN NULL ELSE 'failed' END) "
            "FROM files f LEFT JOIN extractions e ON e.content_key = f.content_key"
        )
        return {
            path: CatalogFile(file_id, path, size, mtime_ns, content_key, _STATUSES[status])
            for file_id, path, size, mtime_ns, content_key, status in rows
        }

    def has_extraction(self, content_key: str) -> bool:
        found = self._db.execute("SELECT 1 FROM extractions WHERE content_key = ?", (content_key,))
        return found.fetchone() is not None

    def save_extraction(self, content_key: str, extraction: Extraction) -> None:
        # Upsert, not delete-and-insert: file rows may already refer to this content.
        self._db.execute("DELETE FROM page_texts WHERE content_key = ?", (content_key,))
        self._db.execute("DELETE FROM placed_dates WHERE content_key = ?", (content_key,))
        # Read again (a new extractor, OCR): what its old text said is no more.
        self._db.execute("DELETE FROM headcount_statements WHERE content_key = ?", (content_key,))
        self._db.execute(
            "INSERT INTO extractions (content_key, status, reason, title, author, created,"
            " modified, extractor, page_count, chars, seconds, extracted_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(content_key) DO UPDATE SET status = excluded.status,"
            " reason = excluded.reason, title = excluded.title, author = excluded.author,"
            " created = excluded.created, modified = excluded.modified,"
            " extractor = excluded.extractor, page_count = excluded.page_count,"
            " chars = excluded.chars, seconds = excluded.seconds,"
            " extracted_at = excluded.extracted_at",
            (
                content_key,
                str(extraction.status),
                extraction.reason,
                extraction.title,
                extraction.author,
                extraction.created,
                extraction.modified,
                extraction.extractor,
                len(extraction.pages),
                extraction.chars,
                extraction.seconds,
                _now(),
            ),
        )
        if extraction.pages:
            self._db.execute(
                "INSERT INTO page_texts (content_key, pages) VALUES (?, ?)",
                (content_key, _pack_pages(extraction.pages)),
            )
        self._db.executemany(
            "INSERT INTO placed_dates (content_key, number, text, place) VALUES (?, ?, ?, ?)",
            (
                (content_key, number, placed.text, placed.place)
                for number, placed in enumerate(extraction.dates, start=1)
            ),
        )

    def put_file(
        self, seen: FileSeen, content_key: str | None, read_error: str | None = None
    ) -> None:
        """Record ``seen`` at its path (inserting or replacing its row), to be indexed again."""
        self._db.execute(
            "DELETE FROM facts WHERE file_id = (SELECT id FROM files WHERE path = ?)",
            (seen.path,),
        )
        self._db.execute(
            "INSERT INTO files (path, size, mtime_ns, content_key, read_error, indexed)"
            " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT(path) DO UPDATE SET"
            " size = excluded.size, mtime_ns = excluded.mtime_ns,"
            " content_key = excluded.content_key, read_error = excluded.read_error, indexed = 0",
            (seen.path, seen.size, seen.mtime_ns, content_key, read_error),
        )

    def move_file(self, file_id: int, seen: FileSeen) -> None:
        """The file ``file_id`` now lives at ``seen.path``: keep its id and extraction.

        Its facts are dropped (folder and name are cues) and the user's decisions follow it.
        """
        for table in ("link_decisions", "reading_corrections"):
            self._db.execute(
                f"UPDATE OR REPLACE {table} SET path = ?"
                " WHERE path = (SELECT path FROM files WHERE id = ?)",
                (seen.path, file_id),
            )
        self._db.execute("DELETE FROM facts WHERE file_id = ?", (file_id,))
        self._db.execute(
            "UPDATE files SET path = ?, size = ?, mtime_ns = ?, indexed = 0 WHERE id = ?",
            (seen.path, seen.size, seen.mtime_ns, file_id),
        )

    def touch_file(self, file_id: int, seen: FileSeen) -> None:
        """Same content, new size/mtime: remember the stat so the file is not hashed again."""
        self._db.execute(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
            (seen.size, seen.mtime_ns, file_id),
        )

    def remove_files(self, file_ids: Iterable[int]) -> None:
        ids = [(file_id,) for file_id in file_ids]
        self._db.executemany("DELETE FROM files WHERE id = ?", ids)
        self._db.executemany("INSERT OR IGNORE INTO index_removals (file_id) VALUES (?)", ids)

    def drop_orphan_extractions(self) -> int:
        """Forget text no file refers to any more (content changed or file removed)."""
        cursor = self._db.execute(
            "DELETE FROM extractions WHERE content_key NOT IN"
            " (SELECT content_key FROM files WHERE content_key IS NOT NULL)"
        )
        return cursor.rowcount

    # -- index bookkeeping ----------------------------------------------------------

    def pending_index_removals(self) -> list[int]:
        return [row[0] for row in self._db.execute("SELECT file_id FROM index_removals")]

    def files_to_index(self, batch_size: int) -> Iterator[list[IndexEntry]]:
        """Yield the files waiting to be indexed as index entries, a batch at a time.

        The caller marks each batch with ``mark_in_writer`` before asking for the next.
        """
        while True:
            rows = self._db.execute(
                "SELECT f.id, f.path, f.mtime_ns, COALESCE(e.title, ''), f.content_key"
                " FROM files f LEFT JOIN extractions e ON e.content_key = f.content_key"
                " WHERE f.indexed = ? ORDER BY f.id LIMIT ?",
                (IndexState.PENDING, batch_size),
            ).fetchall()
            if not rows:
                return
            pages = self._pages_of(row[4] for row in rows)
            yield [self._index_entry(*row, pages[row[4]]) for row in rows]

    def mark_in_writer(self, file_ids: Iterable[int]) -> None:
        with self.transaction():
            self._db.executemany(
                "UPDATE files SET indexed = ? WHERE id = ?",
                ((IndexState.IN_WRITER, file_id) for file_id in file_ids),
            )

    def mark_committed(self, removed: Iterable[int]) -> None:
        with self.transaction():
            generation = self.index_generation() + 1
            self._db.execute(
                "INSERT OR REPLACE INTO index_changes (file_id, generation)"
                " SELECT id, ? FROM files WHERE indexed = ?",
                (generation, IndexState.IN_WRITER),
            )
            self.set_meta(_INDEX_GENERATION_KEY, str(generation))
            self._db.execute(
                "UPDATE files SET indexed = ? WHERE indexed = ?",
                (IndexState.COMMITTED, IndexState.IN_WRITER),
            )
            self._db.executemany(
                "DELETE FROM index_removals WHERE file_id = ?", ((i,) for i in removed)
            )
            self._db.execute(
                "DELETE FROM meta WHERE key = ? AND NOT EXISTS"
                " (SELECT 1 FROM files WHERE indexed != ?)",
                (_INDEX_REFILL_KEY, IndexState.COMMITTED),
            )

    def reset_uncommitted_index_writes(self) -> None:
        """Entries sent to a writer that never committed (a crash) must be sent again."""
        self._db.execute(
            "UPDATE files SET indexed = ? WHERE indexed = ?",
            (IndexState.PENDING, IndexState.IN_WRITER),
        )

    def mark_all_unindexed(self) -> None:
        """Every file is to be indexed again (into an emptied index) until all are committed.

        Until then ``index_refill_pending`` is true, in every process.
        """
        with self.transaction():
            self._db.execute("UPDATE files SET indexed = ?", (IndexState.PENDING,))
            self._db.execute("DELETE FROM index_removals")
            self.set_meta(_INDEX_REFILL_KEY, "1")

    def index_generation(self) -> int:
        """How many times the index has committed a change through this catalog."""
        return int(self.get_meta(_INDEX_GENERATION_KEY) or 0)

    def change_count(self) -> int:
        """How many changes an assessment is derived from the catalog has seen (files,
        extractions, facts, the user's corrections): the same number, the same catalog."""
        return self._db.execute("SELECT count FROM change_count").fetchone()[0]

    def remembered_assessment(self, inputs: str) -> bytes | None:
        row = self._db.execute(
            "SELECT readiness FROM remembered_assessments WHERE inputs = ?", (inputs,)
        ).fetchone()
        return row[0] if row else None

    def remember_assessment(self, inputs: str, readiness: bytes, keep: int) -> None:
        """Keep ``readiness`` as derived from ``inputs``, with the ``keep - 1`` latest others."""
        self._db.execute(
            "INSERT OR REPLACE INTO remembered_assessments (inputs, readiness, remembered_at)"
            " VALUES (?, ?, ?)",
            (inputs, readiness, datetime.now(UTC).isoformat()),
        )
        self._db.execute(
            "DELETE FROM remembered_assessments WHERE inputs NOT IN (SELECT inputs FROM"
            " remembered_assessments ORDER BY remembered_at DESC LIMIT ?)",
            (keep,),
        )

    def files_indexed_since(self, generation: int) -> dict[str, int]:
        """Path -> id of the files whose index entries changed after ``generation``."""
        rows = self._db.execute(
            "SELECT f.path, f.id FROM index_changes c JOIN files f ON f.id = c.file_id"
            " WHERE c.generation > ?",
            (generation,),
        )
        return dict(rows.fetchall())

    def index_refill_pending(self) -> bool:
        """Whether the index was emptied to be refilled and not every file is back in it."""
        return self.get_meta(_INDEX_REFILL_KEY) is not None

    def file_ids(self) -> set[int]:
        return {row[0] for row in self._db.execute("SELECT id FROM files")}

    def has_files(self) -> bool:
        return self._db.execute("SELECT EXISTS (SELECT 1 FROM files)").fetchone()[0] == 1

    def paths(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT path FROM files")}

    # -- reading for people ---------------------------------------------------------

    def documents(self) -> Iterator[DocumentRecord]:
        """Every file's record, ordered by path, read from the catalog as they are taken
        (a listing of a large folder is never all in memory)."""
        rows = self._db.execute(
            "SELECT f.path, COALESCE(e.status, 'failed'),"
            " COALESCE(f.read_error, e.reason, ''), COALESCE(e.page_count, 0),"
            " COALESCE(e.chars, 0), f.mtime_ns, f.size, f.content_key,"
            " e.title, e.author, COALESCE(e.seconds, 0), COALESCE(c.doc_type, x.doc_type),"
            f" COALESCE(c.date, x.date), {_CORRECTED_DATE_SOURCE}"
            " FROM files f LEFT JOIN extractions e ON e.content_key = f.content_key"
            " LEFT JOIN facts x ON x.file_id = f.id"
            " LEFT JOIN reading_corrections c ON c.path = f.path ORDER BY f.path"
        )
        for row in rows:
            yield _document_record(*row)

    def has_readable_document(self) -> bool:
        """Is any file's text read (status ok)? Without counting them all."""
        found = self._db.execute(
            "SELECT 1 FROM files f JOIN extractions e ON e.content_key = f.content_key"
            " WHERE e.status = ? LIMIT 1",
            (str(DocumentStatus.OK),),
        )
        return found.fetchone() is not None

    def status_counts(self) -> Counter[str]:
        rows = self._db.execute(
            "SELECT COALESCE(e.status, 'failed'), COUNT(*) FROM files f"
            " LEFT JOIN extractions e ON e.content_key = f.content_key GROUP BY 1"
        )
        return Counter(dict(rows.fetchall()))

    # -- document facts -------------------------------------------------------------

    def count_texts_without_facts(self) -> int:
        found = self._db.execute(
            "SELECT COUNT(*) FROM files f JOIN extractions e ON e.content_key = f.content_key"
            " WHERE f.id NOT IN (SELECT file_id FROM facts)"
        )
        return found.fetchone()[0]

    def texts_without_facts(self) -> Iterator[tuple[int, DocumentText]]:
        """Every file that has an extraction but no facts yet, with its text."""
        yield from self._texts_of(
            "SELECT f.id, f.path, e.title, f.content_key FROM files f"
            " JOIN extractions e ON e.content_key = f.content_key"
            " WHERE f.id NOT IN (SELECT file_id FROM facts) ORDER BY f.id"
        )

    def document_texts(self) -> Iterator[DocumentText]:
        """Every extracted file's text, ordered by path."""
        for _, text in self._texts_of(
            "SELECT f.id, f.path, e.title, f.content_key FROM files f"
            " JOIN extractions e ON e.content_key = f.content_key ORDER BY f.path"
        ):
            yield text

    def document_text(self, path: str) -> DocumentText | None:
        """One file's extracted text; ``None`` when it has none (or is not catalogued)."""
        row = self._db.execute(
            "SELECT f.path, e.title, f.content_key FROM files f"
            " JOIN extractions e ON e.content_key = f.content_key WHERE f.path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return None
        return DocumentText(path=row[0], title=row[1], pages=self._pages_of([row[2]])[row[2]])

    def path_of(self, file_id: int) -> str | None:
        """The path of the catalogued file ``file_id``."""
        row = self._db.execute("SELECT path FROM files WHERE id = ?", (file_id,)).fetchone()
        return row[0] if row else None

    def _texts_of(self, query: str) -> Iterator[tuple[Any, DocumentText]]:
        """The texts of the files ``query`` selects (a key, path, title, content key),
        each with its key (the file's id, say)."""
        rows = self._db.execute(query).fetchall()
        # The texts are read a batch of files at a time: one query per batch, and never
        # every document's text in memory at once.
        for start in range(0, len(rows), TEXTS_PER_QUERY):
            batch = rows[start : start + TEXTS_PER_QUERY]
            pages = self._pages_of(row[3] for row in batch)
            for key, path, title, content_key in batch:
                yield key, DocumentText(path=path, title=title, pages=pages[content_key])

    def headcount_statements(self) -> dict[str, list[list[str]]]:
        """Path -> what its text says of the headcount, for every file whose content was
        read for it (``save_headcount_statements``)."""
        rows = self._db.execute(
            "SELECT f.path, h.statements FROM files f"
            " JOIN headcount_statements h ON h.content_key = f.content_key"
        )
        return {path: json.loads(statements) for path, statements in rows}

    def texts_unread_for_headcount(self) -> Iterator[tuple[str, DocumentText]]:
        """(content key, text) of each extracted content not read for the headcount yet."""
        yield from self._texts_of(
            "SELECT f.content_key, MIN(f.path), e.title, f.content_key FROM files f"
            " JOIN extractions e ON e.content_key = f.content_key"
            " WHERE f.content_key NOT IN (SELECT content_key FROM headcount_statements)"
            " GROUP BY f.content_key"
        )

    def save_headcount_statements(self, content_key: str, statements: list[list[str]]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO headcount_statements (content_key, statements) VALUES (?, ?)",
            (content_key, json.dumps(statements)),
        )

    def metadata_dates(self, file_id: int) -> tuple[str | None, str | None]:
        row = self._db.execute(
            "SELECT e.created, e.modified FROM files f JOIN extractions e"
            " ON e.content_key = f.content_key WHERE f.id = ?",
            (file_id,),
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def placed_dates(self, file_id: int) -> tuple[PlacedDate, ...]:
        """The dates the extractor placed in this file, in the order it gave them."""
        rows = self._db.execute(
            "SELECT d.text, d.place FROM files f JOIN placed_dates d"
            " ON d.content_key = f.content_key WHERE f.id = ? ORDER BY d.number",
            (file_id,),
        )
        return tuple(PlacedDate(text, place) for text, place in rows)

    def save_facts_at(self, path: str, facts: DocumentFacts) -> None:
        """Keep ``facts`` as those of the file recorded at ``path``."""
        row = self._db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        if row is not None:
            self.save_facts(row[0], facts)

    def save_facts(self, file_id: int, facts: DocumentFacts) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO facts (file_id, doc_type, type_cue, date, date_source,"
            " date_text, date_ambiguous, expiry, content, form, taught_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                file_id,
                facts.doc_type,
                facts.type_cue,
                facts.date,
                facts.date_source,
                facts.date_text,
                int(facts.date_ambiguous),
                facts.expiry,
                json.dumps(asdict(facts.content)),
                facts.form,
                facts.taught_by,
            ),
        )

    def forget_all_facts(self) -> None:
        self._db.execute("DELETE FROM facts")

    def forget_facts(self, file_ids: Iterable[int]) -> None:
        """Drop these files' facts: the next analysis derives them again."""
        self._db.executemany("DELETE FROM facts WHERE file_id = ?", ((id_,) for id_ in file_ids))

    def taught_facts(
        self, forms: Iterable[str], paths: Iterable[str]
    ) -> Iterator[tuple[int, str, str | None, str, str | None]]:
        """``(file_id, path, form, doc_type, taught_by)`` of the files a correction may
        change: those on one of ``forms``, at one of ``paths``, or whose facts were derived
        with a corrected type."""
        forms, paths = list(forms), list(paths)
        yield from self._db.execute(
            "SELECT f.id, f.path, x.form, x.doc_type, x.taught_by FROM facts x"
            " JOIN files f ON f.id = x.file_id WHERE x.taught_by IS NOT NULL"
            f" OR x.form IN ({','.join('?' * len(forms))})"
            f" OR f.path IN ({','.join('?' * len(paths))})",
            (*forms, *paths),
        )

    def all_facts(self) -> list[DocumentFacts]:
        """Facts of every file; ``other`` and undated where there are none."""
        rows = self._db.execute(
            "SELECT f.path, COALESCE(e.status, 'failed'), e.title,"
            " COALESCE(c.doc_type, x.doc_type, 'other'),"
            f" {_CORRECTED_TYPE_CUE}, COALESCE(c.date, x.date), {_CORRECTED_DATE_SOURCE},"
            " COALESCE(c.date, x.date_text),"
            " CASE WHEN c.date IS NULL THEN COALESCE(x.date_ambiguous, 0) ELSE 0 END,"
            " x.expiry, COALESCE(x.content, '{}'), COALESCE(f.read_error, e.reason, ''),"
            " x.form, x.taught_by"
            " FROM files f LEFT JOIN extractions e ON e.content_key = f.content_key"
            " LEFT JOIN facts x ON x.file_id = f.id"
            " LEFT JOIN reading_corrections c ON c.path = f.path ORDER BY f.path"
        )
        return [_document_facts(*row) for row in rows]

    # -- the user's corrections of a document's reading ------------------------------

    def correct_reading(self, path: str, doc_type: str | None, date: str | None) -> None:
        """Keep the user's type and/or date for the document at ``path``; a ``None`` leaves
        that part as it was (corrected or read)."""
        self._db.execute(
            "INSERT INTO reading_corrections (path, doc_type, date, decided_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET"
            " doc_type = COALESCE(excluded.doc_type, doc_type),"
            " date = COALESCE(excluded.date, date), decided_at = excluded.decided_at",
            # To the microsecond: of two corrections of one form, the later one teaches it.
            (path, doc_type, date, datetime.now(UTC).isoformat(timespec="microseconds")),
        )

    def forget_reading_correction(self, path: str) -> bool:
        """Drop the user's corrections of ``path``: it is read as evidencekit reads it."""
        cursor = self._db.execute("DELETE FROM reading_corrections WHERE path = ?", (path,))
        return cursor.rowcount > 0

    def type_corrections(self) -> list[tuple[str, str]]:
        """``(path, doc_type)`` of every document whose type the user corrected, oldest
        decision first."""
        rows = self._db.execute(
            "SELECT path, doc_type FROM reading_corrections WHERE doc_type IS NOT NULL"
            " ORDER BY decided_at, path"
        )
        return list(rows)

    def reading_corrections(self) -> dict[str, tuple[str | None, str | None]]:
        """``path -> (doc_type, date)`` as the user corrected them (``None``: not corrected)."""
        rows = self._db.execute("SELECT path, doc_type, date FROM reading_corrections")
        return {path: (doc_type, date) for path, doc_type, date in rows}

    # -- the user's decisions on the evidence map -------------------------------------

    def decide_link(self, tool_id: str, requirement_id: str, path: str, decision: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO link_decisions VALUES (?, ?, ?, ?, ?)",
            (tool_id, requirement_id, path, decision, _now()),
        )

    def forget_link_decision(self, tool_id: str, requirement_id: str, path: str) -> bool:
        cursor = self._db.execute(
            "DELETE FROM link_decisions WHERE tool_id = ? AND requirement_id = ? AND path = ?",
            (tool_id, requirement_id, path),
        )
        return cursor.rowcount > 0

    def link_decisions(self, tool_id: str) -> dict[tuple[str, str], str]:
        """``(requirement_id, path) -> 'add' | 'reject'`` for one audit tool."""
        rows = self._db.execute(
            "SELECT requirement_id, path, decision FROM link_decisions WHERE tool_id = ?",
            (tool_id,),
        )
        return {(requirement_id, path): decision for requirement_id, path, decision in rows}

    # -- the corrective action tracker --------------------------------------------------

    def actions(self) -> dict[str, StoredAction]:
        """Every tracked finding's owner, due date, status and note, by finding id."""
        rows = self._db.execute(
            "SELECT finding_id, owner, due, status, note, updated_at FROM actions"
            " ORDER BY finding_id"
        )
        return {row[0]: StoredAction(*row) for row in rows}

    def save_action(self, finding_id: str, owner: str, due: str, status: str, note: str) -> bool:
        """Store one finding's action; ``False`` when it was stored exactly so already."""
        cursor = self._db.execute(
            "INSERT INTO actions (finding_id, owner, due, status, note, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(finding_id) DO UPDATE SET"
            " owner = excluded.owner, due = excluded.due, status = excluded.status,"
            " note = excluded.note, updated_at = excluded.updated_at"
            # Re-importing an unchanged tracker must not report (or date) any change.
            " WHERE owner IS NOT excluded.owner OR due IS NOT excluded.due"
            " OR status IS NOT excluded.status OR note IS NOT excluded.note",
            (finding_id, owner, due, status, note, _now()),
        )
        return cursor.rowcount > 0

    def has_path(self, path: str) -> bool:
        found = self._db.execute("SELECT 1 FROM files WHERE path = ?", (path,))
        return found.fetchone() is not None

    # -- internals ------------------------------------------------------------------

    def _index_entry(
        self,
        file_id: int,
        path: str,
        mtime_ns: int,
        title: str,
        content_key: str | None,
        pages: tuple[str, ...],
    ) -> IndexEntry:
        return IndexEntry(
            file_id=file_id,
            path=path,
            file_type=file_type_of(path),
            title=title,
            # The index compares naive local times, as people type them in date ranges.
            modified=_from_ns(mtime_ns).replace(tzinfo=None),
            pages=pages,
        )

    def _pages_of(self, content_keys: Iterable[str | None]) -> dict[str | None, tuple[str, ...]]:
        """The pages of each content (none for ``None`` or content without text), in one query."""
        keys = sorted({key for key in content_keys if key is not None})
        found: dict[str | None, tuple[str, ...]] = {}
        if keys:
            rows = self._db.execute(
                "SELECT content_key, pages FROM page_texts WHERE content_key IN"
                f" ({','.join('?' * len(keys))})",
                keys,
            )
            found = {content_key: _unpack_pages(packed) for content_key, packed in rows}
        texts: dict[str | None, tuple[str, ...]] = {key: found.get(key, ()) for key in keys}
        texts[None] = ()
        return texts

    def _check_version(self) -> None:
        version = self.get_meta("schema_version")
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif int(version) == MIGRATABLE_VERSION:
            self._compress_page_texts()
        elif int(version) != SCHEMA_VERSION:
            raise CatalogError(
                f"the catalog {self.path} has schema version {version}; this evidencekit "
                f"reads version {SCHEMA_VERSION}"
            )

    def _compress_page_texts(self) -> None:
        # Version 1 kept one uncompressed row per page; the move happens once, in one
        # transaction, so an interrupted migration leaves a version 1 catalog behind.
        with self.transaction():
            pages: dict[str, list[str]] = {}
            for content_key, text in self._db.execute(
                "SELECT content_key, text FROM pages ORDER BY content_key, number"
            ):
                pages.setdefault(content_key, []).append(text)
            self._db.executemany(
                "INSERT OR REPLACE INTO page_texts (content_key, pages) VALUES (?, ?)",
                ((key, _pack_pages(texts)) for key, texts in pages.items()),
            )
            self._db.execute("DROP TABLE pages")
            self.set_meta("schema_version", str(SCHEMA_VERSION))


def _pack_pages(pages: Iterable[str]) -> bytes:
    """A document's pages as one compressed value (JSON keeps page breaks exact)."""
    encoded = json.dumps(list(pages), ensure_ascii=False, separators=(",", ":")).encode()
    return zlib.compress(encoded, _TEXT_COMPRESSION_LEVEL)


def _unpack_pages(packed: bytes) -> tuple[str, ...]:
    return tuple(json.loads(zlib.decompress(packed)))


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the database file itself is damaged or not a database."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type, exc, tb) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _document_record(
    path: str,
    status: str,
    reason: str,
    pages: int,
    chars: int,
    mtime_ns: int,
    size: int,
    content_key: str | None,
    title: str | None,
    author: str | None,
    seconds: float,
    doc_type: str | None,
    date: str | None,
    date_source: str | None,
) -> DocumentRecord:
    return DocumentRecord(
        path=path,
        status=DocumentStatus(status),
        reason=reason,
        pages=pages,
        chars=chars,
        modified=_from_ns(mtime_ns),
        size=size,
        # The key is the content's sha256 followed by the file type.
        sha256=content_key[:64] if content_key else None,
        title=title,
        author=author,
        extract_seconds=seconds,
        doc_type=doc_type,
        date=date,
        date_source=date_source,
    )


def _document_facts(
    path: str,
    status: str,
    title: str | None,
    doc_type: str,
    type_cue: str,
    date: str | None,
    date_source: str | None,
    date_text: str | None,
    ambiguous: int,
    expiry: str | None,
    content: str,
    reason: str,
    form: str | None = None,
    taught_by: str | None = None,
) -> DocumentFacts:
    return DocumentFacts(
        path=path,
        status=_STATUSES[status],
        title=title,
        doc_type=doc_type,
        type_cue=type_cue,
        date=date,
        date_source=date_source,
        date_text=date_text,
        date_ambiguous=bool(ambiguous),
        expiry=expiry,
        content=_content_of(content),
        reason=reason,
        form=form,
        taught_by=taught_by,
    )


@functools.lru_cache(maxsize=256)
def _content_of(stored: str) -> DocumentContent:
    """A document's stored content; most documents state nothing, and share that (the
    facts are frozen)."""
    return _document_content(json.loads(stored))


def _document_content(data: dict) -> DocumentContent:
    return DocumentContent(
        incident_refs=tuple(data.get("incident_refs", ())),
        event_dates=tuple(data.get("event_dates", ())),
        promises=tuple(
            SchedulePromise(item["doc_type"], Recurrence(item["recurrence"]), item["quote"])
            for item in data.get("promises", ())
        ),
        actions=tuple(CorrectiveAction(**item) for item in data.get("actions", ())),
        courses=tuple(CourseHeld(**item) for item in data.get("courses", ())),
        policy_review=data.get("policy_review", ""),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _from_ns(mtime_ns: int) -> datetime:
    """A file's mtime as an aware datetime in local time, to the second."""
    return datetime.fromtimestamp(mtime_ns // 1_000_000_000).astimezone()
