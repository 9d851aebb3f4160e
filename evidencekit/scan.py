"""Scanning: walk an evidence folder, compare it with the catalog, extract only what changed.

A file whose size and mtime match the catalog is not opened. Any other file is hashed;
content already extracted (a touched, moved, renamed or copied file) is reused, and only
new content goes to the extraction workers. Files gone from the folder leave the catalog
and the index. The evidence folder is only ever read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat as stat_module
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.document_models import (
    DocumentStatus,
    Extraction,
    ExtractionLimits,
    FileSeen,
    ScanSummary,
    file_type_of,
)
from evidencekit.errors import ReadWithoutLimits, UsageError
from evidencekit.plugins import extraction_plugins_fingerprint
from evidencekit.store.catalog import CatalogFile
from evidencekit.store.index_directory import MARKER_NAME
from evidencekit.store.sync import IndexSync
from evidencekit.workspace import Workspace

# The extraction pool and the analysis are imported when a file is to be read: a scan that
# finds nothing new never loads them (nor the extraction libraries they bring).
if TYPE_CHECKING:
    from evidencekit.extract.pool import ExtractionPool

JUNK_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"})
# Office lock files (~$Report.docx), Word's temporary saves (~WRL0001.tmp) and downloads
# or copies that have not finished yet.
JUNK_PREFIXES = ("~",)
JUNK_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp")
# Results are written to the catalog in groups: one transaction per file costs too much.
RESULTS_PER_TRANSACTION = 64
# A long scan commits the index now and then so a search during it sees progress: after
# at least this long, and at least this many times as long as the last commit took (a
# commit waits for the index to take in all it was sent, and merges segments; in a scan
# of 1,000 documents committing every 5 s, commits took 2-16 s each).
SECONDS_BETWEEN_INDEX_COMMITS = 60.0
INDEX_COMMIT_SHARE = 10
# Extracted files go to the index's writer in batches this large: the built-in index
# analyses a batch of 200 or more in parallel processes (about twice as fast), and a
# batch per catalog transaction (64) never reached that.
FILES_PER_INDEX_PUSH = 200
#: meta key: the extraction plugins (with versions) of the last scan that finished.
EXTRACTION_PLUGINS_KEY = "extraction_plugins"
#: Statuses tried again once the extraction plugins change (an OCR plugin installed after
#: a scan reads the scans it marked needs-ocr); a readable or encrypted file is not.
RETRIED_WITH_NEW_EXTRACTORS = frozenset(
    {DocumentStatus.NEEDS_OCR, DocumentStatus.FAILED, DocumentStatus.UNSUPPORTED}
)


@dataclass(frozen=True)
class ScanOptions:
    jobs: int = os.cpu_count() or 1
    limits: ExtractionLimits = field(default_factory=ExtractionLimits)
    #: Read what symbolic links point to (see ``walk_folder``); off, they are only reported.
    follow_symlinks: bool = False


class ScanProgress:
    """Receives progress; the CLI shows it as a bar. The default shows nothing."""

    def start(self, stage: str, total: int) -> None:
        """A stage (hashing, extracting) begins with ``total`` files to do."""

    def advance(self, count: int = 1) -> None:
        """``count`` more of them are done."""

    def finish(self) -> None:
        """The scan has ended, successfully or not."""


@dataclass
class WalkResult:
    files: list[FileSeen] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Folders (relative) that could not be listed: what the catalog knows below them is
    #: unknown now, not deleted.
    unlisted: list[str] = field(default_factory=list)
    #: What may hold evidence but could not be taken in (a name that is not valid UTF-8, a
    #: folder that cannot be listed), with the reason: findings, not only scan output.
    left_out: list[tuple[str, str]] = field(default_factory=list)


NOT_UTF8 = "the name is not valid UTF-8; rename it to include it"


def is_junk(name: str) -> bool:
    """Hidden files, system clutter, lock files and unfinished copies are never evidence."""
    lowered = name.lower()
    return (
        name.startswith(".")
        or lowered in JUNK_NAMES
        or name.startswith(JUNK_PREFIXES)
        or lowered.endswith(JUNK_SUFFIXES)
    )


def walk_folder(folder: Path, follow_symlinks: bool = False) -> WalkResult:
    """List every evidence file below ``folder`` with its size and mtime, reading no content.

    Symbolic links are not followed unless ``follow_symlinks``; then a link to a file is
    listed at the link's path, and a link to a folder is walked unless it leads into the
    evidence folder (walked anyway) or to a folder it is itself in (a loop). Links not
    followed, unreadable folders and names that are not valid UTF-8 are reported in
    ``skipped`` with the reason.
    """
    result = WalkResult()
    root = folder.resolve()
    # Each folder to walk, with the identities of the folders it is in (for loops).
    pending: list[tuple[str, frozenset[tuple[int, int]]]] = [("", frozenset())]
    while pending:
        relative_dir, ancestors = pending.pop()
        try:
            with os.scandir(folder / relative_dir) as entries:
                children = list(entries)
            if follow_symlinks:
                ancestors = ancestors | {_identity(os.stat(folder / relative_dir))}
        except OSError as error:
            if not relative_dir:
                raise UsageError(
                    f"cannot list the evidence folder {folder}: {error.strerror}; nothing was "
                    "changed (is the share mounted?)"
                ) from error
            reason = f"cannot list folder: {error.strerror}"
            result.skipped.append((relative_dir, reason))
            result.left_out.append((f"{relative_dir}/", reason))
            result.unlisted.append(relative_dir)
            continue
        for entry in children:
            if is_junk(entry.name):
                continue
            relative = f"{relative_dir}/{entry.name}" if relative_dir else entry.name
            reason = _reason_to_skip(entry, relative, follow_symlinks)
            if reason:
                result.skipped.append((_printable(relative), reason))
                if reason == NOT_UTF8:
                    result.left_out.append((_printable(relative), reason))
            elif entry.is_symlink():
                reason = _follow_link(entry, relative, root, ancestors, result, pending)
                if reason:
                    result.skipped.append((relative, reason))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((relative, ancestors))
            else:
                try:
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # Deleted while we walked: it is simply not there.
                result.files.append(FileSeen(relative, stat.st_size, stat.st_mtime_ns))
    result.files.sort(key=lambda seen: seen.path)
    return result


def _follow_link(
    entry: os.DirEntry,
    relative: str,
    root: Path,
    ancestors: frozenset[tuple[int, int]],
    result: WalkResult,
    pending: list,
) -> str | None:
    """List the file or queue the folder a link points to; the reason if it is not followed."""
    try:
        target = entry.stat()
    except OSError:
        return "symbolic link to nothing (broken, or a loop of links)"
    if stat_module.S_ISREG(target.st_mode):
        result.files.append(FileSeen(relative, target.st_size, target.st_mtime_ns))
        return None
    if not stat_module.S_ISDIR(target.st_mode):
        return "symbolic link to something that is not a regular file"
    if Path(os.path.realpath(entry.path)).is_relative_to(root):
        return "symbolic link into the evidence folder, which is read anyway; not followed"
    if _identity(target) in ancestors:
        return "symbolic link to a folder it is in (a loop); not followed"
    pending.append((relative, ancestors))
    return None


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_dev, stat.st_ino


def _reason_to_skip(entry: os.DirEntry, relative: str, follow_symlinks: bool) -> str | None:
    if not _is_valid_utf8(relative):
        return NOT_UTF8
    if entry.is_symlink():
        return None if follow_symlinks else "symbolic link, not followed"
    if not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    return None


def _printable(path: str) -> str:
    """A path safe to print and store, with undecodable bytes shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _is_valid_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def make_content_key(sha256: str, file_type: str) -> str:
    """Extractions are shared by files with the same bytes *and* type: which extractor
    reads a file depends on its suffix, so a.txt and a copy named a.dwg differ."""
    return f"{sha256}{file_type}"


def hash_file(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def scan_folder(
    workspace: Workspace,
    options: ScanOptions,
    progress: ScanProgress | None = None,
    *,
    admit: Callable[[FileSeen], bool] | None = None,
    pool: ExtractionPool | None = None,
) -> ScanSummary:
    """Bring the catalog and the search index up to date with the evidence folder.

    ``admit``, when given, is asked about each new or changed file before it is read; a
    file it refuses (one still being written) is not opened, keeps what the catalog knew
    of it, and is listed in the summary's ``held``. ``pool``, when given, is used for
    extraction instead of starting one (a watcher keeps its pool warm between scans;
    ``options.jobs`` and ``options.limits`` then go unused).
    """
    return _Scan(workspace, options, progress or ScanProgress(), admit, pool).run()


class _Scan:
    def __init__(
        self,
        workspace: Workspace,
        options: ScanOptions,
        progress: ScanProgress,
        admit: Callable[[FileSeen], bool] | None,
        pool: ExtractionPool | None,
    ):
        self._workspace = workspace
        self._catalog = workspace.catalog
        self._folder = workspace.location.folder
        self._options = options
        self._progress = progress
        self._admit = admit
        self._pool = pool
        self._summary = ScanSummary()
        self._supported = workspace.supported_file_types()
        self._extraction_plugins = extraction_plugins_fingerprint(workspace.plugin_manager)
        # Files waiting for the extraction of their content, by content hash.
        self._waiting: dict[str, list[FileSeen]] = {}
        self._results: list[tuple[str, Extraction]] = []
        # The contents whose extraction came back (a pool that fails midway leaves the rest).
        self._received: set[str] = set()
        self._saved_since_push = 0
        self._next_index_commit = time.monotonic() + SECONDS_BETWEEN_INDEX_COMMITS
        self._sync: IndexSync | None = None

    def _index_sync(self) -> IndexSync:
        """The search index, opened (and rebuilt from the catalog if it must be) when the
        scan first has something to send it, or finds the index's folder gone: a scan that
        finds nothing to change never loads the search backend. A damaged index is rebuilt
        by whoever next searches it, as before."""
        if self._sync is None:
            self._sync = IndexSync(self._catalog, self._workspace.index)
            self._summary.index_rebuilt_because = self._workspace.index_rebuild_reason
        return self._sync

    def _index_work_pending(self) -> bool:
        """Has the index anything to take in: a file not in it, a removal, a refill?"""
        self._catalog.reset_uncommitted_index_writes()  # A crash's half-sent entries count.
        return (
            self._catalog.index_refill_pending()
            or bool(self._catalog.pending_index_removals())
            or next(self._catalog.files_to_index(1), None) is not None
        )

    def _index_gone(self) -> bool:
        """Is the index's folder gone (deleted by hand, say)? The scan then rebuilds it
        from the catalog, as it always has, without loading the backend to find out."""
        return not (self._workspace.location.index_directory / MARKER_NAME).exists()

    def run(self) -> ScanSummary:
        started = time.perf_counter()
        if self._pool is None and not self._catalog.has_files():
            # A first scan will extract: the workers' fork server boots (it imports the
            # extractors and the analysis, about 0.3 s) while the folder is walked.
            from evidencekit.extract.server import start_worker_server

            start_worker_server()
        walk = walk_folder(self._folder, self._options.follow_symlinks)
        self._summary.skipped = walk.skipped
        self._summary.left_out = walk.left_out
        to_extract = self._reconcile(walk.files, walk.unlisted)
        if to_extract:
            self._index_sync()  # Opened before the first extraction is catalogued.
            self._extract(to_extract)
        if to_extract or self._summary.changed or self._summary.removed:
            # Only a changed or removed file leaves a text no file refers to.
            self._catalog.drop_orphan_extractions()
        if self._sync is not None or self._index_work_pending() or self._index_gone():
            self._index_sync().commit()
        self._summary.reindexed = self._sync.files_sent if self._sync is not None else 0
        self._summary.seconds = time.perf_counter() - started
        self._catalog.set_meta(EXTRACTION_PLUGINS_KEY, self._extraction_plugins)
        self._workspace.record_scan(self._summary)
        return self._summary

    # -- comparing the folder with the catalog ---------------------------------------

    def _reconcile(self, files: list[FileSeen], unlisted: list[str]) -> list[tuple[str, FileSeen]]:
        """Apply what needs no extraction; return the (content_key, file) pairs that do.

        Files below a folder that could not be listed are kept as they were: a network
        hiccup or a permission change must not cost their extractions and link decisions.
        """
        known = self._catalog.files_by_path()
        present = {seen.path for seen in files}
        hidden = tuple(f"{folder}/" for folder in unlisted)
        gone = [
            entry
            for path, entry in known.items()
            if path not in present and not path.startswith(hidden)
        ]
        movable: dict[str, list[CatalogFile]] = {}
        for entry in gone:
            if entry.content_key is not None:
                movable.setdefault(entry.content_key, []).append(entry)
        moved_ids: set[int] = set()
        to_hash = [seen for seen in files if _needs_hashing(known.get(seen.path), seen)]
        held = [seen for seen in to_hash if self._admit is not None and not self._admit(seen)]
        if held:
            self._summary.held = [seen.path for seen in held]
            to_hash = [seen for seen in to_hash if seen not in held]
        # A held file with the size, mtime and type of a vanished one is most likely that
        # file, moved: the vanished entry (its extraction, its link decisions) is kept until
        # the held file may be read and the move is recognised by content.
        looks_moved = {(seen.size, seen.mtime_ns, seen.file_type) for seen in held}
        self._summary.unchanged = len(files) - len(to_hash) - len(held)
        self._progress.start("Hashing", len(to_hash))
        to_extract: list[tuple[str, FileSeen]] = []
        with self._catalog.transaction():
            self._retry_with_new_extractors(files, known, to_extract)
            for seen in to_hash:
                self._progress.advance()
                previous = known.get(seen.path)
                digest = self._hash_or_record(seen, previous)
                if digest is None:
                    continue
                content_key = make_content_key(digest, seen.file_type)
                if previous is None and movable.get(content_key):
                    origin = movable[content_key].pop()
                    self._catalog.move_file(origin.file_id, seen)
                    moved_ids.add(origin.file_id)
                    self._summary.moved += 1
                elif previous is not None and previous.content_key == content_key:
                    self._catalog.touch_file(previous.file_id, seen)
                    self._summary.touched += 1
                else:
                    self._count_new_or_changed(previous)
                    if self._catalog.has_extraction(content_key):
                        self._catalog.put_file(seen, content_key)
                    else:
                        to_extract.append((content_key, seen))
            removed = [
                entry.file_id
                for entry in gone
                if entry.file_id not in moved_ids
                and (entry.size, entry.mtime_ns, file_type_of(entry.path)) not in looks_moved
            ]
            self._catalog.remove_files(removed)
            self._summary.removed = len(removed)
        return to_extract

    def _retry_with_new_extractors(
        self, files: list[FileSeen], known: dict[str, CatalogFile], to_extract: list
    ) -> None:
        """An unchanged file is extracted again when a plugin now reads its type, and one
        nothing could read (needs-ocr, failed) when the extraction plugins changed."""
        plugins_changed = self._catalog.get_meta(EXTRACTION_PLUGINS_KEY) != self._extraction_plugins
        for seen in files:
            entry = known.get(seen.path)
            if (
                entry is not None
                and (
                    entry.status is DocumentStatus.UNSUPPORTED
                    or (plugins_changed and entry.status in RETRIED_WITH_NEW_EXTRACTORS)
                )
                and entry.content_key is not None
                and not _stat_differs(entry, seen)
                and seen.file_type in self._supported
            ):
                to_extract.append((entry.content_key, seen))
                self._summary.unchanged -= 1
                self._summary.changed += 1

    def _count_new_or_changed(self, previous: CatalogFile | None) -> None:
        if previous is None:
            self._summary.new += 1
        else:
            self._summary.changed += 1

    def _hash_or_record(self, seen: FileSeen, previous: CatalogFile | None) -> str | None:
        try:
            return hash_file(self._folder / seen.path)
        except FileNotFoundError:
            return None  # Deleted since the walk: the next scan sees it gone.
        except OSError as error:
            reason = f"cannot read the file: {error.strerror or error}"
            self._count_new_or_changed(previous)
            self._catalog.put_file(seen, content_key=None, read_error=reason)
            self._record_problem(seen.path, DocumentStatus.FAILED, reason)
            return None

    # -- extraction --------------------------------------------------------------------

    def _extract(self, to_extract: list[tuple[str, FileSeen]]) -> None:
        from evidencekit.extract.pool import WorkersUnavailable, unsupported

        firsts = []
        for content_key, seen in to_extract:
            waiting = self._waiting.setdefault(content_key, [])
            waiting.append(seen)
            if len(waiting) == 1 and seen.file_type in self._supported:
                firsts.append((content_key, seen))
        self._progress.start("Extracting", len(self._waiting))
        for content_key, (seen, *_) in list(self._waiting.items()):
            if seen.file_type not in self._supported:
                self._on_result(content_key, unsupported(seen.file_type))
        if firsts:
            try:
                with self._own_pool_unless_given() as pool:
                    if pool.analyses:
                        self._keep_facts_of_this_analysis()
                    tasks = (
                        (key, self._folder / seen.path, seen.file_type, seen.path)
                        for key, seen in firsts
                    )
                    pool.extract_all(tasks, self._on_result)
            except WorkersUnavailable as error:
                self._read_here([pair for pair in firsts if pair[0] not in self._received], error)
        self._flush_results()

    def _keep_facts_of_this_analysis(self) -> None:
        """Facts found with the extractions are kept only as facts of this analysis."""
        from evidencekit.analyse.signature import analysis_signature, keep_facts_of

        with self._catalog.transaction():
            keep_facts_of(self._catalog, analysis_signature(self._workspace.plugin_manager))

    def _read_here(self, remaining: list[tuple[str, FileSeen]], error: Exception) -> None:
        """Extract and analyse ``remaining`` in this process: no worker could start here,
        or the workers broke. A file then has no time or memory limit of its own, and the
        summary says so."""
        from evidencekit.extract.pool import extract_and_analyse

        if not remaining:
            return  # every file came back before the workers broke
        self._summary.read_here_because = str(error) or type(error).__name__
        warnings.warn(
            ReadWithoutLimits(
                f"the extraction workers could not run ({self._summary.read_here_because});"
                f" {len(remaining)} file(s) were read in this process, without a time or"
                " memory limit for each"
            ),
            stacklevel=2,
        )
        self._keep_facts_of_this_analysis()
        for content_key, seen in remaining:
            extraction = extract_and_analyse(
                self._workspace.plugin_manager,
                self._options.limits,
                analyses=True,
                path=str(self._folder / seen.path),
                file_type=seen.file_type,
                document_path=seen.path,
            )
            self._on_result(content_key, extraction)

    def _own_pool_unless_given(self) -> contextlib.AbstractContextManager[ExtractionPool]:
        from evidencekit.extract.pool import ExtractionPool

        if self._pool is not None:
            return contextlib.nullcontext(self._pool)
        return ExtractionPool(
            self._workspace.plugin_manager, self._options.jobs, self._options.limits
        )

    def _on_result(self, content_key: str, extraction: Extraction) -> None:
        self._received.add(content_key)
        self._results.append((content_key, extraction))
        self._summary.extracted += 1
        if len(self._results) >= RESULTS_PER_TRANSACTION:
            self._flush_results()
            if time.monotonic() > self._next_index_commit:
                started = time.monotonic()
                self._index_sync().commit()
                # The commit sent what was waiting. Counted on, the next push would send
                # fewer files than a parallel writer takes, and the index would open a
                # one-process writer for the rest of the scan (the parent then indexed
                # alone while the extraction workers waited: a third of a 10,000-file scan).
                self._saved_since_push = 0
                finished = time.monotonic()
                self._next_index_commit = finished + max(
                    SECONDS_BETWEEN_INDEX_COMMITS, INDEX_COMMIT_SHARE * (finished - started)
                )

    def _flush_results(self) -> None:
        if not self._results:
            return
        with self._catalog.transaction():
            for content_key, extraction in self._results:
                self._note_if_slowest(self._waiting[content_key][0].path, extraction.seconds)
                self._catalog.save_extraction(content_key, extraction)
                for seen in self._waiting.pop(content_key, []):
                    if extraction.status is not DocumentStatus.OK and self._is_gone(seen):
                        continue  # Deleted since the walk: the next scan sees it gone.
                    self._catalog.put_file(seen, content_key)
                    if _analysed_at(extraction, seen.path):
                        self._catalog.save_facts_at(seen.path, extraction.facts)
                    if extraction.status is not DocumentStatus.OK:
                        self._record_problem(seen.path, extraction.status, extraction.reason)
                self._progress.advance()
        self._saved_since_push += len(self._results)
        self._results = []
        # The rest goes in with the next push or the scan's final commit; until then the
        # catalog holds these files as waiting to be indexed, which a crash leaves intact.
        if self._saved_since_push >= FILES_PER_INDEX_PUSH:
            self._index_sync().push()
            self._saved_since_push = 0

    def _is_gone(self, seen: FileSeen) -> bool:
        return not os.path.lexists(self._folder / seen.path)

    def _note_if_slowest(self, path: str, seconds: float) -> None:
        if self._summary.slowest is None or seconds > self._summary.slowest[1]:
            self._summary.slowest = (path, seconds)

    def _record_problem(self, path: str, status: DocumentStatus, reason: str) -> None:
        self._summary.unreadable[str(status)] += 1
        self._summary.problems.append((path, status, reason))


def _analysed_at(extraction: Extraction, path: str) -> bool:
    """Did the worker analyse this extraction as the document at ``path``?"""
    from evidencekit.extract.pool import AnalysedExtraction

    return (
        isinstance(extraction, AnalysedExtraction)
        and extraction.facts is not None
        and extraction.facts.path == path
    )


def _needs_hashing(entry: CatalogFile | None, seen: FileSeen) -> bool:
    """New, changed, or unreadable last time (a file in use may be readable now)."""
    return entry is None or entry.content_key is None or _stat_differs(entry, seen)


def _stat_differs(entry: CatalogFile, seen: FileSeen) -> bool:
    return entry.size != seen.size or entry.mtime_ns != seen.mtime_ns
