"""The tantivy search backend: evidencekit's ``SearchIndex`` on tantivy-py, a page per document.

Text is prepared in Python as the Whoosh backend analyses it (lower case, words, stop
words dropped, see ``query.prepared_words``, then the same Porter stemmer), so both
backends find the same pages for the same query. The page text itself is stored
apart and highlighted here, in the Whoosh backend's style (``**word**``, two fragments
joined by `` … ``).

The index is derived data. Its folder's marker (evidencekit's ``IndexDirectory``) records
the backend and schema version; when it is missing, names another backend or version, or
the index cannot be opened, ``rebuild_reason`` says so and the core refills the index
from the catalog. Opening changes nothing on disk; ``clear`` (re)creates the files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import tantivy
from whoosh.lang.porter import stem as porter_stem

from evidencekit import hookimpl
from evidencekit.hookspecs import IndexDirectory
from evidencekit.models import IndexEntry, SearchHit
from evidencekit_tantivy import query as language
from evidencekit_tantivy.snippets import Highlighter, opening

BACKEND = "tantivy"
# Bump when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 1
ANALYZER = "evidencekit_words"
WRITER_HEAP_BYTES = 128_000_000
# Pages are documents and hits are files: ask for this many pages per file wanted.
PAGES_PER_HIT = 4


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("file_id", stored=True, indexed=True, fast=True)
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("filename", tokenizer_name=ANALYZER)
    builder.add_text_field("folder", tokenizer_name="raw")
    builder.add_text_field("filetype", tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name=ANALYZER)
    builder.add_text_field("content", tokenizer_name=ANALYZER)
    # What hits show, stored as given; bytes are stored without being indexed.
    builder.add_bytes_field("shown_title", stored=True)
    builder.add_bytes_field("text", stored=True)
    builder.add_integer_field("page", stored=True, indexed=True)
    builder.add_date_field("modified", stored=True, indexed=True, fast=True)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    # The words arrive prepared and stemmed: tantivy only splits them at the spaces.
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(100))
        .build()
    )


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A prepared word as the index stores it (``policy`` -> ``polici``, ``flhas`` -> ``flha``).

    The Porter stemmer the Whoosh backend uses, not tantivy's Porter2 ("english"), which
    leaves plural acronyms alone (``FLHAs``) and makes ``weekly`` match ``week``.
    """
    return porter_stem(word)


class TantivySearchIndex:
    """A ``SearchIndex`` backed by a tantivy index directory."""

    name = BACKEND

    def __init__(self, location: Path) -> None:
        self._location = location
        self._schema = build_schema()
        self._directory = IndexDirectory(location, self.name, SCHEMA_VERSION)
        self.rebuild_reason = self._directory.rebuild_reason(self._files_problem)
        self._index: tantivy.Index | None = None if self.rebuild_reason else self._opened()
        self._writer: tantivy.IndexWriter | None = None

    # -- writing --------------------------------------------------------------------

    def add(self, entries: Iterable[IndexEntry]) -> None:
        batch = list(entries)
        if not batch:
            return
        writer = self._open_writer()
        for entry in batch:
            writer.delete_documents_by_term("file_id", entry.file_id)
            for document in _page_documents(entry):
                writer.add_document(document)

    def delete(self, file_ids: Iterable[int]) -> None:
        ids = list(file_ids)
        if not ids:
            return
        writer = self._open_writer()
        for file_id in ids:
            writer.delete_documents_by_term("file_id", file_id)

    def commit(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit()
            # Lets merges finish and releases the writer lock for the next process.
            writer.wait_merging_threads()
        # Also with nothing written here: another process may have committed since.
        if self._index is not None:
            self._index.reload()

    def clear(self) -> None:
        self.close()
        self._directory.recreate(self._create_empty, tantivy=version("tantivy"))
        self._index = self._opened()
        self.rebuild_reason = None

    # -- reading --------------------------------------------------------------------

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        tree = language.parse(query)  # raises SearchQueryError for a date it cannot read
        if self._index is None or tree is None or limit < 1:
            return []
        compiled = compile_query(self._schema, tree)
        searcher = self._index.searcher()
        best_pages = self._best_page_per_file(searcher, compiled, limit)
        highlighter = Highlighter(language_terms(tree), stem) if snippets else None
        hits = []
        for score, address in best_pages:
            document = searcher.doc(address)
            snippet = ""
            if highlighter is not None:
                text = document.get_first("text").decode("utf-8")
                snippet = highlighter.snippet(text) or opening(text)
            hits.append(
                SearchHit(
                    path=document.get_first("path"),
                    page=document.get_first("page"),
                    score=round(score, 3),
                    snippet=" ".join(snippet.split()),
                    title=document.get_first("shown_title").decode("utf-8"),
                )
            )
        return hits

    def file_ids(self) -> set[int]:
        if self._index is None:
            return set()
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return set()
        found = searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs, count=False)
        addresses = [address for _score, address in found.hits]
        return set(searcher.fast_field_values("file_id", addresses))

    def size_bytes(self) -> int:
        return self._directory.size_bytes()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    # -- internals ------------------------------------------------------------------

    def _best_page_per_file(
        self, searcher: tantivy.Searcher, compiled: tantivy.Query, limit: int
    ) -> list[tuple[float, tantivy.DocAddress]]:
        """The best page of each of the best ``limit`` files (Whoosh's ``collapse``)."""
        wanted = limit * PAGES_PER_HIT
        while True:
            found = searcher.search(compiled, limit=wanted, count=False).hits
            file_ids = searcher.fast_field_values("file_id", [address for _s, address in found])
            best: dict[int, tuple[float, tantivy.DocAddress]] = {}
            for (score, address), file_id in zip(found, file_ids, strict=True):
                best.setdefault(file_id, (score, address))
            if len(best) >= limit or len(found) < wanted:
                return list(best.values())[:limit]
            wanted *= PAGES_PER_HIT

    def _opened(self) -> tantivy.Index:
        opened = tantivy.Index(self._schema, path=str(self._location), reuse=True)
        opened.register_tokenizer(ANALYZER, _analyzer())
        return opened

    def _open_writer(self) -> tantivy.IndexWriter:
        if self._index is None:
            raise RuntimeError(f"clear() the unusable index first: {self.rebuild_reason}")
        if self._writer is None:
            self._writer = self._index.writer(heap_size=WRITER_HEAP_BYTES)
        return self._writer

    def _files_problem(self, location: Path) -> str | None:
        if not tantivy.Index.exists(str(location)):
            return "the search index is missing"
        self._opened().searcher()
        return None

    def _create_empty(self, location: Path) -> None:
        tantivy.Index(self._schema, path=str(location), reuse=False)


def _page_documents(entry: IndexEntry) -> list[tantivy.Document]:
    path = PurePosixPath(entry.path)
    folders = [str(parent).lower() for parent in path.parents if str(parent) != "."]
    # Days, not seconds: people ask for dates by the day.
    day = datetime(entry.modified.year, entry.modified.month, entry.modified.day)
    shared = {
        "file_id": entry.file_id,
        "path": entry.path,
        "filename": _prepared(path.stem.replace("_", " ")),
        "folder": folders,
        "filetype": entry.file_type.lstrip(".").lower(),
        "title": _prepared(entry.title),
        "shown_title": entry.title.encode("utf-8"),
        "modified": day,
    }
    pages = entry.pages or ("",)
    return [
        tantivy.Document(**shared, content=_prepared(text), text=text.encode("utf-8"), page=number)
        for number, text in enumerate(pages, start=1)
    ]


def _prepared(text: str) -> str:
    return " ".join([stem(word) for word in language.prepared_words(text)])


# -- queries ------------------------------------------------------------------------------


def compile_query(schema: tantivy.Schema, node: language.Node) -> tantivy.Query:
    """The tantivy query for one node of the query tree."""
    occur = tantivy.Occur
    match node:
        case language.Words(fields, words):
            return _across_fields(
                schema,
                fields,
                lambda field: _all_of(
                    [tantivy.Query.term_query(schema, field, stem(word)) for word in words]
                ),
            )
        case language.Phrase(fields, words):
            stems = [stem(word) for word in words]
            return _across_fields(
                schema, fields, lambda field: tantivy.Query.phrase_query(schema, field, stems)
            )
        case language.Wildcard(fields, pattern):
            regex = "".join(
                ".*" if char == "*" else "." if char == "?" else _regex_escaped(char)
                for char in pattern
            )
            return _across_fields(
                schema, fields, lambda field: tantivy.Query.regex_query(schema, field, regex)
            )
        case language.Keyword(field, value):
            return tantivy.Query.term_query(schema, field, value)
        case language.Page(number):
            return tantivy.Query.term_query(schema, "page", number)
        case language.DateRange(start, end):
            return tantivy.Query.range_query(
                schema,
                "modified",
                tantivy.FieldType.Date,
                language.day_start(start) if start else None,
                language.day_start(end) if end else None,
            )
        case language.And(parts):
            clauses = [
                (occur.MustNot, compile_query(schema, part.part))
                if isinstance(part, language.Not)
                else (occur.Must, compile_query(schema, part))
                for part in parts
            ]
            return _with_something_to_match(clauses)
        case language.Or(parts):
            return tantivy.Query.boolean_query(
                [(occur.Should, compile_query(schema, part)) for part in parts]
            )
        case language.Not(part):
            return _with_something_to_match([(occur.MustNot, compile_query(schema, part))])
    raise TypeError(f"not a query node: {node!r}")


def language_terms(node: language.Node) -> tuple[set[str], list[str]]:
    """The stems and wildcard patterns a hit's text is highlighted with (not negated)."""
    stems: set[str] = set()
    patterns: list[str] = []

    def visit(part: language.Node) -> None:
        match part:
            case language.Words(fields, words) | language.Phrase(fields, words):
                if "content" in fields:
                    stems.update(stem(word) for word in words)
            case language.Wildcard(fields, pattern):
                if "content" in fields:
                    patterns.append(pattern)
            case language.And(parts) | language.Or(parts):
                for child in parts:
                    visit(child)

    visit(node)
    return stems, patterns


def _across_fields(schema: tantivy.Schema, fields, make) -> tantivy.Query:
    queries = [(field, make(field)) for field in fields if field in language.TEXT_FIELDS]
    if len(queries) == 1:
        return queries[0][1]
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, tantivy.Query.boost_query(query, language.TEXT_FIELDS[field]))
            for field, query in queries
        ]
    )


def _all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query) for query in queries])


def _with_something_to_match(clauses: list) -> tantivy.Query:
    # Only negations match nothing in tantivy; "NOT filetype:pdf" means every other page.
    if all(kind == tantivy.Occur.MustNot for kind, _query in clauses):
        clauses = [(tantivy.Occur.Must, tantivy.Query.all_query()), *clauses]
    return tantivy.Query.boolean_query(clauses)


def _regex_escaped(char: str) -> str:
    return "\\" + char if char in r".^$+{}[]|()\\" else char


@hookimpl
def open_search_index(location: Path) -> TantivySearchIndex:
    """tantivy answers before the built-in Whoosh index, which runs last."""
    return TantivySearchIndex(location)
