"""An evidence folder opened with its state: catalog, search index, audit tools and plugins.

A ``Workspace`` is the folder's state handle: it owns the writer and watcher locks,
opening (and, when missing or outdated, rebuilding) the index, and the folder's documents
as the flow turns them into facts, an evidence map and a readiness assessment. What a
user asks of a folder is in ``evidencekit.folder``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import filelock
import pluggy

from evidencekit import state as state_module
from evidencekit.document_models import (
    DocumentFacts,
    DocumentRecord,
    DocumentText,
    ScanSummary,
    SearchHit,
)
from evidencekit.errors import PluginError, StateBusyError, UsageError
from evidencekit.hookspecs import SearchIndex
from evidencekit.profile.model import CompanyProfile
from evidencekit.registry import Registration
from evidencekit.state import StateLocation, locate_state
from evidencekit.store.catalog import Catalog, is_damage
from evidencekit.store.sync import IndexSync, rebuild_search_index

# The audit tools' and the assessment's models: a scan, the commonest command, builds none.
if TYPE_CHECKING:
    from evidencekit.models import AuditTool, AuditType, EvidenceMap, Readiness, TrackedAction

Notify = Callable[[str], None]
#: The catalog meta key holding the finding ids of the last readiness assessment.
LAST_FINDINGS_KEY = "last_findings"
#: Where the last scan keeps what it could not take in.
LEFT_OUT_KEY = "left_out"
#: Every finding id an assessment of this folder has found, so that an import can tell a
#: finding resolved since the tracker was exported from a mistyped id.
EVER_FOUND_KEY = "findings_ever_found"
#: The catalog meta key naming the search backend the index was last filled by.
INDEX_BACKEND_KEY = "index_backend"


class Workspace:
    """One evidence folder's state, opened for reading or, holding the lock, for writing."""

    def __init__(
        self,
        location: StateLocation,
        plugin_manager: pluggy.PluginManager,
        notify: Notify = lambda message: None,
        index_backend: str | None = None,
    ) -> None:
        self.location = location
        self.plugin_manager = plugin_manager
        self._notify = notify
        #: The search backend asked for by name, or ``None`` for the first plugin's.
        self.index_backend = index_backend
        try:
            location.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(
                f"cannot create the state directory {location.directory}: "
                f"{error.strerror or error}; choose another with --state"
            ) from error
        self._lock = filelock.FileLock(location.lock_path)
        self.catalog = Catalog(location.catalog_path)
        self._claim_catalog_for_folder()
        self._index: SearchIndex | None = None
        self.index_rebuild_reason: str | None = None
        self._audit_tools: dict[str, Registration] | None = None
        #: The facts last read, with the catalog's change count they were read at.
        self._facts: tuple[int, list[DocumentFacts]] | None = None
        #: Worker processes that analyse many documents at once (every one, after an
        #: analysis upgrade), as the scan's extract them.
        self.analysis_jobs = os.cpu_count() or 1

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.catalog.close()

    @contextmanager
    def writing(self, wait_seconds: float | None = None) -> Iterator[None]:
        """Hold the writer lock: one process at a time changes a state directory."""
        if wait_seconds is None:
            wait_seconds = state_module.DEFAULT_LOCK_WAIT_SECONDS
        try:
            self._lock.acquire(timeout=wait_seconds)
        except filelock.Timeout:
            raise StateBusyError(
                f"another evidencekit process is updating {self.location.directory} (a scan "
                f"or a watcher); waited {wait_seconds:g} s. Try again when it has finished."
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Hold the watcher lock for a watcher's whole life: one watcher per state directory.

        Apart from the writer lock, which a watcher holds only while it takes in a batch,
        so that searches, listings and even a scan can run beside it.
        """
        lock = filelock.FileLock(self.location.watcher_lock_path)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise StateBusyError(
                f"another `evidencekit watch` is already watching {self.location.folder} "
                f"with the state directory {self.location.directory}; one watcher keeps it "
                "current. Stop that one first, or give this one another --state."
            ) from None
        try:
            yield
        finally:
            lock.release()

    @property
    def index(self) -> SearchIndex:
        """The search index, rebuilt from the catalog first if it is missing or outdated."""
        if self._index is None:
            self._index = self._open_index()
        return self._index

    def audit_tools(self) -> list[AuditTool]:
        """Every installed audit tool, loaded once per workspace (see ``audit_tool``); the
        bundled ones first, so that where two serve a company alike, the bundled one wins
        (as it stays the default beside a plugin's)."""
        from evidencekit.audit_tools.installed import BUNDLED_TOOLS_PLUGIN

        registrations = sorted(
            self._load_audit_tools().values(), key=lambda reg: reg.plugin != BUNDLED_TOOLS_PLUGIN
        )
        return [registration.value for registration in registrations]

    def audit_tool(self, tool_id: str | None, as_of: date | None = None) -> AuditTool:
        """The audit tool ``tool_id`` (or the default one in force on ``as_of``, default
        today) of this workspace's plugins.

        The installed tools are loaded and validated once per workspace: a watcher assesses
        after every batch, and reading the mapping files each time cost it about half of
        the assessment.
        """
        from evidencekit.audit_tools.installed import choose_audit_tool

        return choose_audit_tool(self._load_audit_tools(), tool_id, as_of)

    def _load_audit_tools(self) -> dict[str, Registration]:
        # Imported here: loading brings in the schema validator, which a scan, a listing
        # or a search never needs.
        from evidencekit.audit_tools.installed import installed_audit_tools

        if self._audit_tools is None:
            self._audit_tools = installed_audit_tools(self.plugin_manager)
        return self._audit_tools

    def supported_file_types(self) -> set[str]:
        return {
            file_type.lower()
            for plugin_types in self.plugin_manager.hook.file_types()
            for file_type in plugin_types
        }

    # -- the folder's documents, mapped and assessed, as its state holds them ------------

    def documents(self) -> list[DocumentRecord]:
        """Every catalogued file with its status, type and effective date, ordered by path."""
        return list(self.each_document())

    def each_document(self) -> Iterator[DocumentRecord]:
        """``documents`` read as they are taken (a large folder's listing is never all in
        memory), so while the workspace is open."""
        # While a scan or watcher holds the lock, show the facts as they stand.
        with contextlib.suppress(StateBusyError), self.writing(wait_seconds=0):
            self._bring_facts_up_to_date()
        return self.catalog.documents()

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        self.require_a_scan()
        return self.index.search(query, limit, snippets)

    def document_facts(self) -> list[DocumentFacts]:
        """Every document with its type and dates, analysing what changed since last time.
        Read from the catalog once per change to it: a command asks more than once."""
        changes = self.analysed_change_count()
        if self._facts is None or self._facts[0] != changes:
            self._facts = (changes, self.catalog.all_facts())
        return list(self._facts[1])

    def analysed_change_count(self) -> int:
        """The catalog's change count once every document's facts are up to date: the
        same number, the same documents read the same way."""
        with self.writing():
            self._bring_facts_up_to_date()
            return self.catalog.change_count()

    def _bring_facts_up_to_date(self) -> None:
        """Analyse what has no facts yet, in worker processes when there is much of it;
        the writer lock is held."""
        from evidencekit.analyse.facts import bring_facts_up_to_date
        from evidencekit.extract import pool

        in_workers = None
        if self.analysis_jobs > 1:
            in_workers = functools.partial(
                pool.analyse_in_workers, self.plugin_manager, self.analysis_jobs
            )
        bring_facts_up_to_date(self.catalog, self.plugin_manager, in_workers)

    def document_texts(self) -> Iterator[DocumentText]:
        """Every extracted document's text as the catalog keeps it, ordered by path."""
        self.require_a_scan()
        return self.catalog.document_texts()

    def evidence_map(self, tool_id: str | None) -> EvidenceMap:
        """Map the folder's documents onto the requirements of the chosen audit tool."""
        tool = self.audit_tool(tool_id)
        self.require_a_scan()
        return self.evidence_map_with(
            tool, self.document_facts(), self.catalog.link_decisions(tool.id)
        )

    def readiness(
        self,
        tool_id: str | None,
        audit_type: str,
        audit_date: date,
        profile: CompanyProfile | None = None,
    ) -> Readiness:
        """Assess the folder's evidence against an audit type's pass marks at a date; gap
        rules see the company ``profile`` (an empty one when there is none). The tracker's
        corrective actions come with it (``Readiness.actions``)."""
        from evidencekit.assess.readiness import assess, installed_gap_rules
        from evidencekit.audit_tools.in_force import tool_as_of
        from evidencekit.store import assessment_memo

        registered = self.audit_tool(tool_id, audit_date)
        tool = tool_as_of(registered, audit_date)
        kind = audit_type_of(tool, audit_type)
        profile = profile or CompanyProfile()
        left_out = tuple(self.left_out())
        self.require_a_scan()
        # Under the lock: nothing changes between reading what the assessment is derived
        # from and deriving it.
        with self.writing():
            inputs = assessment_memo.assessment_inputs(
                self.catalog,
                self.index.name,
                self.plugin_manager,
                registered,  # all of it: the rules not in force are named in the result
                kind,
                audit_date,
                profile,
                left_out,
                self.analysed_change_count(),
            )
            readiness = assessment_memo.remembered_readiness(
                self.catalog, inputs, self.document_facts
            )
            if readiness is None:
                readiness = assess(
                    replace(self.evidence_map(tool.id), left_out=left_out),
                    kind,
                    audit_date,
                    installed_gap_rules(self.plugin_manager),
                    profile,
                )
                assessment_memo.remember_readiness(self.catalog, inputs, readiness)
        self._remember_findings(readiness)
        # The tracker's actions travel with the findings, so every output shows the same.
        return replace(readiness, actions=self.corrective_actions())

    def corrective_actions(self) -> dict[str, TrackedAction]:
        """The tracker's actions by finding id, as ``actions import`` stored them."""
        from evidencekit.models import TrackedAction

        return {
            finding_id: TrackedAction(stored.owner, stored.due, stored.status, stored.note)
            for finding_id, stored in self.catalog.actions().items()
        }

    def scanned(self) -> bool:
        """Has the folder been scanned into this state before? A scan stopped part way
        counts: the documents it catalogued are there to answer from."""
        return self.catalog.get_meta("last_scan") is not None or bool(self.catalog.file_ids())

    def left_out(self) -> list[tuple[str, str]]:
        """What the last scan could not take in (path, reason): names that are not valid
        UTF-8, folders that cannot be listed."""
        return [
            (path, reason)
            for path, reason in json.loads(self.catalog.get_meta(LEFT_OUT_KEY) or "[]")
        ]

    def record_scan(self, summary: ScanSummary) -> None:
        record = summary.as_dict()
        del record["problems"], record["skipped"], record["held"]
        self.catalog.set_meta(LEFT_OUT_KEY, json.dumps(summary.left_out))
        record["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        self.catalog.set_meta("last_scan", json.dumps(record))

    def last_findings(self) -> dict[str, str]:
        """Finding id -> suggested owner, of the last assessment."""
        remembered = json.loads(self.catalog.get_meta(LAST_FINDINGS_KEY) or "{}")
        if isinstance(remembered, list):  # Written before owners were remembered.
            return dict.fromkeys(remembered, "")
        return remembered

    def findings_ever_found(self) -> set[str]:
        """Every finding id an assessment of this folder has found (the last one's too)."""
        return set(json.loads(self.catalog.get_meta(EVER_FOUND_KEY) or "[]")) | set(
            self.last_findings()
        )

    def evidence_map_with(
        self,
        tool: AuditTool,
        facts: list[DocumentFacts],
        decisions: dict[tuple[str, str], str],
    ) -> EvidenceMap:
        """Map ``facts`` onto ``tool``'s requirements with the user's ``decisions`` applied
        (a comparison of two tool versions maps the same documents twice)."""
        from evidencekit.mapping import build_evidence_map, installed_mappers
        from evidencekit.store.query_memo import RememberedSearch

        self.require_a_scan()
        # Under the lock: the remembered searches are brought up to date with an index
        # that cannot change meanwhile.
        with self.writing():
            return build_evidence_map(
                tool,
                facts,
                RememberedSearch(self.catalog, self.index),
                installed_mappers(self.plugin_manager),
                decisions,
            )

    def require_a_scan(self) -> None:
        """Refuse to answer from a state the folder was never scanned into. A scan that
        holds the writer lock may be cataloguing it right now: wait for it, then decide."""
        if self.scanned():
            return
        never = UsageError(
            f"{self.location.folder} has not been scanned yet; run: evidencekit scan FOLDER"
        )
        with contextlib.suppress(StateBusyError), self.writing(wait_seconds=0):
            raise never  # nobody is scanning it
        with self.writing():
            if not self.scanned():
                raise never

    # -- internals ------------------------------------------------------------------

    def _remember_findings(self, readiness: Readiness) -> None:
        # An import runs without an assessment; it tells rows for gaps found now by these,
        # and which owner the tracker showed before anyone set one.
        owners = {finding.id: finding.owner or "" for finding in readiness.findings}
        with self.writing():
            ever = sorted(self.findings_ever_found() | set(owners))
            self.catalog.set_meta(EVER_FOUND_KEY, json.dumps(ever))
            self.catalog.set_meta(LAST_FINDINGS_KEY, json.dumps(owners, sort_keys=True))

    def _claim_catalog_for_folder(self) -> None:
        folder = str(self.location.folder)
        owner = self.catalog.get_meta("folder")
        if owner is None:
            self.catalog.set_meta("folder", folder)
        elif owner != folder:
            self.catalog.close()
            raise UsageError(
                f"the state directory {self.location.directory} belongs to the evidence "
                f"folder {owner}, not {folder}; choose another --state"
            )

    def _open_index(self) -> SearchIndex:
        index = self._open_index_files()
        if (
            index.rebuild_reason is None
            and self.catalog.get_meta(INDEX_BACKEND_KEY) == index.name
            and not self.catalog.index_refill_pending()
        ):
            return index
        # Under the lock, and the catalog told first: a rebuild cut short by a kill is
        # finished by the next run instead of leaving an empty index behind.
        with self.writing():
            # Another process may have rebuilt the index while this one waited: a search
            # then sees it whole, and it is not rebuilt twice.
            index.close()
            index = self._open_index_files()
            reason = self._backend_change(index) or index.rebuild_reason
            if reason is not None:
                if self.catalog.file_ids():
                    self.index_rebuild_reason = reason
                    self._notify(f"Rebuilding the search index: {reason}.")
                rebuild_search_index(self.catalog, index)
            elif self.catalog.index_refill_pending():
                IndexSync(self.catalog, index).commit()
            self.catalog.set_meta(INDEX_BACKEND_KEY, index.name)
        return index

    def _backend_change(self, index: SearchIndex) -> str | None:
        """Why the index must be refilled: another backend filled it last (its files, if
        any are left, describe what that one was told, not what this one holds)."""
        previous = self.catalog.get_meta(INDEX_BACKEND_KEY)
        if previous is None or previous == index.name:
            return None
        return f"the search backend changed from {previous} to {index.name}"

    def _open_index_files(self) -> SearchIndex:
        directory = self.location.index_directory
        directory.mkdir(parents=True, exist_ok=True)
        if self.index_backend is None:
            index = self.plugin_manager.hook.open_search_index(location=directory)
            if index is None:
                raise PluginError("no plugin provides a search index (open_search_index)")
            return index
        return open_named_search_index(self.plugin_manager, directory, self.index_backend)


def open_named_search_index(
    plugin_manager: pluggy.PluginManager, location: Path, name: str
) -> SearchIndex:
    """The index of the backend called ``name``, asking the plugins in their usual order.

    The others opened on the way are closed again; opening an index changes nothing on
    disk (the hook's contract), so asking a backend its name costs nothing but the open.
    """
    offered: list[str] = []
    # pluggy calls the implementations registered last (and tryfirst) first.
    for implementation in reversed(plugin_manager.hook.open_search_index.get_hookimpls()):
        index = implementation.function(location=location)
        if index is None:
            continue
        if index.name == name:
            return index
        offered.append(index.name)
        index.close()
    installed = ", ".join(offered) or "none"
    raise UsageError(f"no installed search backend is called {name!r}; installed: {installed}")


def audit_type_of(tool: AuditTool, name: str) -> AuditType:
    kind = tool.audit_type(name)
    if kind is None:
        names = ", ".join(known.name for known in tool.audit_types)
        raise UsageError(f"{tool.id} has no audit type {name!r}; it has: {names}")
    return kind


@contextmanager
def open_workspace(
    folder: Path,
    state: Path | None,
    plugin_manager: pluggy.PluginManager,
    notify: Notify = lambda message: None,
    index_backend: str | None = None,
) -> Iterator[Workspace]:
    """Open ``folder``'s state (``state`` or the default location) and close it afterwards.

    ``index_backend`` names the search backend (``whoosh``); by default the first plugin
    providing one is used. Switching backends refills the new one from the catalog.
    Damage SQLite finds in the catalog while it is used becomes a ``CatalogError``.
    """
    workspace = Workspace(locate_state(folder, state), plugin_manager, notify, index_backend)
    try:
        yield workspace
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        raise workspace.catalog.damaged(error) from error
    finally:
        workspace.close()
