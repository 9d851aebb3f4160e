"""The built-in search index: Whoosh (whoosh-reloaded), one index document per page.

The index is derived data. Its folder's marker (``IndexDirectory``) records the backend
and schema version; when it is missing or different, or the index cannot be opened,
``rebuild_reason`` tells the core to refill it from the catalog, and ``clear`` recreates
it empty.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from whoosh import highlight, index, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.columns import ColumnReader
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import Matcher
from whoosh.qparser import GtLtPlugin, MultifieldParser
from whoosh.query import MultiTerm, Query, Term
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from evidencekit.document_models import IndexEntry, SearchHit
from evidencekit.errors import SearchQueryError
from evidencekit.hookspecs import IndexDirectory, hookimpl

# Bump when the schema or the analysis changes: an index of another version is rebuilt.
# 5: a page's number in a column, so that a tie between a file's pages goes to its first
# page however the parallel writer numbered them (4 had no such column).
SCHEMA_VERSION = 5
# Batches at least this large go to Whoosh's multi-process writer (about twice as fast);
# below it, starting the extra processes costs more than it saves.
MULTIPROCESS_BATCH = 200
SNIPPET_CHARS = 240


def build_schema() -> Schema:
    words = StemmingAnalyzer()
    return Schema(
        file_id=ID(stored=True, sortable=True),
        path=ID(stored=True),
        filename=TEXT(analyzer=StemmingAnalyzer(), field_boost=2.0),
        folder=KEYWORD(lowercase=True, commas=True, scorable=False),
        filetype=KEYWORD(lowercase=True),
        title=TEXT(analyzer=words, stored=True, field_boost=2.0),
        content=TEXT(analyzer=words, stored=True),
        page=NUMERIC(stored=True, sortable=True),
        modified=DATETIME(stored=True),
    )


class WhooshSearchIndex:
    """A ``SearchIndex`` backed by a Whoosh index directory."""

    name = "whoosh"

    def __init__(self, location: Path) -> None:
        self._location = location
        # Indexes written before the marker existed are Whoosh's own: rebuilt, not refused.
        self._directory = IndexDirectory(
            location, self.name, SCHEMA_VERSION, lambda path: index.exists_in(str(path))
        )
        self.rebuild_reason = self._directory.rebuild_reason(_open_every_segment)
        # An unusable index is left as it is until the core, holding the writer lock,
        # calls clear(); until then it answers as an empty index.
        self._index: index.Index | None = None if self.rebuild_reason else _open_index(location)
        self._writer: IndexWriter | None = None
        self._searcher: Searcher | None = None
        # Words are ANDed, as in every search box people know; OR is there to type.
        self._parser = MultifieldParser(["title", "filename", "content"], build_schema())
        # The date field reads 2026, 2026-03 and 2026-03-04 itself (as a year, month or day);
        # Whoosh's English date plugin read "2025-01" as the whole of 2025.
        self._parser.add_plugin(GtLtPlugin())

    # -- writing --------------------------------------------------------------------

    def add(self, entries: Iterable[IndexEntry]) -> None:
        batch = list(entries)
        if not batch:
            return
        writer = self._open_writer(len(batch))
        for entry in batch:
            writer.delete_by_term("file_id", str(entry.file_id))
            for fields in _page_documents(entry):
                writer.add_document(**fields)

    def delete(self, file_ids: Iterable[int]) -> None:
        ids = list(file_ids)
        if not ids:
            return
        writer = self._open_writer(0)
        for file_id in ids:
            writer.delete_by_term("file_id", str(file_id))

    def commit(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit()
        # Also with nothing written here: another process (a scan beside a watcher) may
        # have committed since this searcher opened. Reopened when next needed, not
        # refreshed: Whoosh's refresh() fails on a searcher of an empty index.
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None

    def clear(self) -> None:
        self.close()
        self._directory.recreate(lambda path: index.create_in(str(path), build_schema()).close())
        self._index = _open_index(self._location)
        self.rebuild_reason = None

    # -- reading --------------------------------------------------------------------

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        return self._search(query, limit, snippets)

    def matching_files(self, query: str, file_ids: Iterable[int] | None = None) -> list[SearchHit]:
        """Every file ``query`` matches, among ``file_ids`` or in the whole index, each
        with its page where the query's words occur most often (the first on a tie); no
        score, no snippet.

        That page depends on the file alone. The best-scoring page would not: its score
        depends on every other file (how rare each word is, how long pages are), so what
        is remembered of an unchanged file would drift from a fresh answer as others
        change. Among ``file_ids`` the query's matcher skips straight to each page of the
        files (its posting lists are read block by block), so the cost follows the number
        of files, not the size of the index.
        """
        parsed = self._parsed(query)
        if self._index is None:
            return []
        for leaf in parsed.leaves():
            if isinstance(leaf, MultiTerm):
                # A prefix or wildcard scores by a constant, or by the searcher's own
                # weighting (which reads the whole index), unless told to count.
                leaf.constantscore = False
        searcher = self._open_searcher()
        if searcher.doc_count_all() == 0:
            return []  # An empty reader has no columns.
        context = searcher.context(weighting=scoring.Frequency())
        wanted = None if file_ids is None else [Term("file_id", str(i)) for i in file_ids]
        # file id -> (-occurrences, the page's number in the file, its document number)
        best: dict[str, tuple[float, int, int]] = {}
        for leaf, offset in searcher.leaf_searchers():
            # Raw values sort as the numbers do, without decoding each one.
            page_of = leaf.reader().column_reader("page", translate=False)
            if wanted is None:
                matcher = parsed.matcher(leaf, context)
                file_of = leaf.reader().column_reader("file_id", translate=True)
                while matcher.is_active():
                    _keep_best(best, file_of[matcher.id()], matcher, page_of, offset)
                    matcher.next()
                continue
            pages = {page: term.text for term in wanted for page in term.matcher(leaf).all_ids()}
            if not pages:
                continue  # Building the query's matcher costs more than the search.
            matcher = parsed.matcher(leaf, context)
            for page in sorted(pages):
                if not matcher.is_active():
                    break
                if matcher.id() < page:
                    matcher.skip_to(page)
                if matcher.is_active() and matcher.id() == page:
                    _keep_best(best, pages[page], matcher, page_of, offset)
        numbers = sorted(number for _often, _page, number in best.values())
        return [self._hit(searcher.stored_fields(number), 0.0) for number in numbers]

    def _parsed(self, query: str) -> Query:
        try:
            parsed = self._parser.parse(query)
        except Exception as error:  # Whoosh raises several unrelated types for bad syntax.
            raise SearchQueryError(f"cannot understand the query {query!r}: {error}") from error
        _check_query_is_well_formed(query, set(self._parser.schema.names()))
        _check_dates_were_read(query, parsed)
        return parsed

    @staticmethod
    def _hit(stored: dict, score: float, snippet: str = "") -> SearchHit:
        return SearchHit(
            path=stored["path"],
            page=stored["page"],
            score=round(score, 3),
            snippet=" ".join(snippet.split()),
            title=stored.get("title", ""),
        )

    def _search(self, query: str, limit: int, snippets: bool) -> list[SearchHit]:
        parsed = self._parsed(query)
        if self._index is None:
            return []
        searcher = self._open_searcher()
        results = searcher.search(parsed, limit=limit, collapse="file_id")
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        results.formatter = _MarkdownBoldFormatter()
        return [
            self._hit(
                hit,
                hit.score,
                hit.highlights("content", top=2) or _opening(hit.get("content", ""))
                if snippets
                else "",
            )
            for hit in results
        ]

    def file_ids(self) -> set[int]:
        if self._index is None:
            return set()
        searcher = self._open_searcher()
        reader = searcher.reader()
        if reader.doc_count() == 0:
            return set()
        column = reader.column_reader("file_id", translate=True)
        return {
            int(column[docnum])
            for docnum in range(reader.doc_count_all())
            if not reader.is_deleted(docnum)
        }

    def size_bytes(self) -> int:
        return self._directory.size_bytes()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # -- internals ------------------------------------------------------------------

    def _open_writer(self, batch_size: int) -> IndexWriter:
        if self._index is None:
            raise RuntimeError(f"clear() the unusable index first: {self.rebuild_reason}")
        if self._writer is None:
            if batch_size >= MULTIPROCESS_BATCH and (os.cpu_count() or 1) > 1:
                self._writer = self._index.writer(
                    procs=min(2, os.cpu_count() or 1), multisegment=True, limitmb=128
                )
            else:
                self._writer = self._index.writer(limitmb=128)
        return self._writer

    def _open_searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = self._index.searcher()
        return self._searcher


def _keep_best(
    best: dict[str, tuple[float, int, int]],
    file_id: str,
    matcher: Matcher,
    page_of: ColumnReader,
    offset: int,
) -> None:
    """Keep the matcher's page for ``file_id`` if the query's words occur on it more often
    than on the page kept so far, or as often on an earlier page of the file. (Not the
    lowest document number: the parallel writer may number a file's pages out of order.)"""
    score = -matcher.score()
    kept = best.get(file_id)
    if kept is not None and score > kept[0]:
        return  # Fewer occurrences: the page's number need not be read.
    found = (score, page_of[matcher.id()], offset + matcher.id())
    if kept is None or found < kept:
        best[file_id] = found


def _open_index(location: Path) -> index.Index:
    """Open the index with its segments read from their files as needed. Through a memory
    map, Whoosh copies each segment's postings and term table into memory whenever a
    reader opens: about 140 MB at 10,000 documents, for every search and every `check`."""
    return FileStorage(str(location), supports_mmap=False).open_index()


def _open_every_segment(location: Path) -> None:
    """Open the index and each segment's file: a truncated or missing segment raises here,
    not in the middle of a later search or merge."""
    opened = _open_index(location)
    try:
        with opened.reader() as reader:
            reader.doc_count_all()
    finally:
        opened.close()


class _MarkdownBoldFormatter(highlight.Formatter):
    """Marks matched words as **word**, which terminals render bold and JSON keeps readable."""

    between = " … "

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"**{highlight.get_text(text, token, replace)}**"


def _page_documents(entry: IndexEntry) -> list[dict]:
    path = PurePosixPath(entry.path)
    folders = [str(parent) for parent in path.parents if str(parent) != "."]
    shared = {
        "file_id": str(entry.file_id),
        "path": entry.path,
        "filename": path.stem.replace("_", " "),
        "folder": ",".join(folders),
        "filetype": entry.file_type.lstrip("."),
        "title": entry.title,
        # Days, not seconds: people ask for dates by the day, and a date range then
        # expands to far fewer index terms than one per file.
        "modified": datetime.combine(entry.modified.date(), time()),
    }
    pages = entry.pages or ("",)
    return [
        {**shared, "content": text, "page": number} for number, text in enumerate(pages, start=1)
    ]


# A word followed by a colon and a value, outside quotes: a field name.
_FIELD_PREFIX = re.compile(r"(?<![\w:])([A-Za-z_]+):(?=\S)")
_OPERATOR = re.compile(r"(?:^|\s)(AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$|^\s*(AND|OR|ANDNOT|ANDMAYBE)\s")


def _check_query_is_well_formed(query: str, fields: set[str]) -> None:
    """Whoosh reads a malformed query as something else (an open bracket is dropped, an
    unknown field becomes a word): refuse it rather than answer a question not asked."""
    outside_quotes = re.sub(r'"[^"]*"', " phrase ", query)
    problem = None
    if query.count('"') % 2:
        problem = "a quotation mark is not closed"
    elif outside_quotes.count("(") != outside_quotes.count(")"):
        problem = "its parentheses do not pair up"
    elif outside_quotes.count("[") != outside_quotes.count("]"):
        problem = "its square brackets do not pair up"
    elif _OPERATOR.search(outside_quotes):
        problem = "AND, OR or NOT needs a term on each side"
    elif unknown := sorted(
        {name for name in _FIELD_PREFIX.findall(outside_quotes) if name not in fields}
    ):
        problem = (
            f"it names no field {', '.join(unknown)} (the fields are title, filename, folder, "
            "filetype, content and modified)"
        )
    if problem:
        raise SearchQueryError(f"cannot understand the query {query!r}: {problem}")


def _check_dates_were_read(query: str, parsed: Query) -> None:
    """Whoosh silently drops a date it cannot read; say so instead of finding nothing."""
    if "modified:" not in query.lower():
        return
    if not any(getattr(leaf, "fieldname", None) == "modified" for leaf in parsed.leaves()):
        raise SearchQueryError(
            f"cannot read the date in {query!r}: write 2026, 2026-03 or 2026-03-04, a range "
            "as modified:[2026-01 to 2026-03], or modified:>2026-01-31"
        )


def _opening(text: str) -> str:
    return text[:SNIPPET_CHARS]


@hookimpl(trylast=True)
def open_search_index(location: Path) -> WhooshSearchIndex:
    return WhooshSearchIndex(location)
