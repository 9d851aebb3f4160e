"""The catalog's tables, and the count of changes an assessment is derived from."""

from __future__ import annotations

SCHEMA_VERSION = 2
#: Catalogs of this version are brought up to date when opened (page texts compressed).
MIGRATABLE_VERSION = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS extractions (
    content_key TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    title TEXT, author TEXT, created TEXT, modified TEXT,
    extractor TEXT NOT NULL DEFAULT '',
    page_count INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    seconds REAL NOT NULL DEFAULT 0,
    extracted_at TEXT NOT NULL
);
-- A content's page texts, compressed together (see _pack_pages): text is most of a
-- catalog's size, and a document's pages are always read together.
CREATE TABLE IF NOT EXISTS page_texts (
    content_key TEXT PRIMARY KEY REFERENCES extractions(content_key) ON DELETE CASCADE,
    pages BLOB NOT NULL
);
-- Dates an extractor placed in its file (a spreadsheet cell), as Extraction.dates.
CREATE TABLE IF NOT EXISTS placed_dates (
    content_key TEXT NOT NULL REFERENCES extractions(content_key) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    place TEXT NOT NULL,
    PRIMARY KEY (content_key, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_key TEXT REFERENCES extractions(content_key),
    -- Set when the file could not even be read from disk; it then has no extraction.
    read_error TEXT,
    indexed INTEGER NOT NULL DEFAULT 0  -- IndexState: 0 pending, 1 committed, 2 in writer
);
CREATE INDEX IF NOT EXISTS files_by_content_key ON files(content_key);
CREATE INDEX IF NOT EXISTS files_by_index_state ON files(indexed) WHERE indexed != 1;
CREATE TABLE IF NOT EXISTS index_removals (file_id INTEGER PRIMARY KEY);
-- Derived from a file's text and path by the analysis stage; dropped when either changes.
CREATE TABLE IF NOT EXISTS facts (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    doc_type TEXT NOT NULL,
    type_cue TEXT NOT NULL,
    date TEXT, date_source TEXT, date_text TEXT,
    date_ambiguous INTEGER NOT NULL DEFAULT 0,
    expiry TEXT,
    content TEXT NOT NULL DEFAULT '{}',  -- DocumentContent as JSON
    form TEXT,  -- the form or template it is filled in on
    taught_by TEXT  -- the path of the corrected document its type was taken from
);
CREATE INDEX IF NOT EXISTS facts_by_form ON facts(form) WHERE form IS NOT NULL;
-- When each file's entry last changed in the search index, counted in index commits
-- (meta index_generation): a remembered query is asked again only of files changed since.
CREATE TABLE IF NOT EXISTS index_changes (
    file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
    generation INTEGER NOT NULL
);
-- A mapping query's hits as the index gave them at a generation (see store/query_memo.py).
CREATE TABLE IF NOT EXISTS remembered_queries (
    backend TEXT NOT NULL,
    query TEXT NOT NULL,
    hit_limit INTEGER NOT NULL,  -- 0: every matching file (older states: a limit)
    generation INTEGER NOT NULL,
    hits TEXT NOT NULL,  -- JSON: [[path, page, score, title], ...]
    PRIMARY KEY (backend, query, hit_limit)
);
-- The user's corrections of the evidence map; they outlive rescans and follow moves.
CREATE TABLE IF NOT EXISTS link_decisions (
    tool_id TEXT NOT NULL,
    requirement_id TEXT NOT NULL,
    path TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('add', 'reject')),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (tool_id, requirement_id, path)
);
-- The user's corrections of how a document was read (its type, its date); they outlive
-- rescans and re-analysis, and follow the file when it moves.
CREATE TABLE IF NOT EXISTS reading_corrections (
    path TEXT PRIMARY KEY,
    doc_type TEXT,
    date TEXT,
    decided_at TEXT NOT NULL
);
-- The consultant's corrective action tracker, keyed by the finding's stable id; kept
-- when the finding is no longer found, so a resolved gap stays visible.
CREATE TABLE IF NOT EXISTS actions (
    finding_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'closed')),
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
"""

#: In the triggers' names: a change to what is counted takes a new one (and drops the
#: triggers of the old), or catalogs made before would keep counting the old way.
_COUNTING_VERSION = "v1"
#: The tables an assessment is derived from, and (for ``files``) the columns of them that
#: matter: a file's stat changing with its content the same counts for nothing.
_COUNTED_CHANGES = {
    "files": "path, content_key, read_error",
    "extractions": "",
    "facts": "",
    "link_decisions": "",
    "reading_corrections": "",
}


def _change_count_schema() -> str:
    """Triggers keep one number that grows with every change to the counted tables: an
    assessment remembered at a count is still the folder's while the count stays the same
    (store/assessment_memo.py). Triggers count the changes of every writer, present and
    future, without each remembering to."""
    statements = [
        "CREATE TABLE IF NOT EXISTS change_count ("
        " id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL);",
        "INSERT OR IGNORE INTO change_count (id, count) VALUES (1, 0);",
    ]
    for table, columns in _COUNTED_CHANGES.items():
        for event in ("INSERT", "DELETE", f"UPDATE OF {columns}" if columns else "UPDATE"):
            name = f"count_{event.split()[0].lower()}_{table}_{_COUNTING_VERSION}"
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table}"
                " BEGIN UPDATE change_count SET count = count + 1; END;"
            )
    return "\n".join(statements)


_HEADCOUNT_STATEMENTS = """
-- What each text says of the headcount on the WCB account ([count, where, sentence], the
-- stated headcount's reading of it): read once per content, not from every text each time.
CREATE TABLE IF NOT EXISTS headcount_statements (
    content_key TEXT PRIMARY KEY REFERENCES extractions(content_key) ON DELETE CASCADE,
    statements TEXT NOT NULL
);
"""

_REMEMBERED_ASSESSMENTS = """
-- The last assessments with a digest of everything they were derived from (see
-- store/assessment_memo.py); derived data, dropped whenever it cannot be read.
CREATE TABLE IF NOT EXISTS remembered_assessments (
    inputs TEXT PRIMARY KEY,
    readiness BLOB NOT NULL,
    remembered_at TEXT NOT NULL
);
"""

CATALOG_SCHEMA = _TABLES + _change_count_schema() + _HEADCOUNT_STATEMENTS + _REMEMBERED_ASSESSMENTS
