"""The whole plugin contract of evidencekit: the markers, every hook, and the types they use.

Hooks are grouped by the stage of the flow they serve. Built-in behaviour is implemented
through these same hooks (see ``evidencekit.builtins``) and marked ``trylast``, so a
third-party plugin registered under the ``evidencekit`` entry-point group can take over.
Nothing outside this module is plugin API; it also offers what more than one
implementation of a hook needs: ``IndexDirectory`` (a search index's folder, from
``evidencekit.store.index_directory``) and ``finding_id`` (a gap's stable id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pluggy

from evidencekit.store.index_directory import MARKER_NAME as MARKER_NAME
from evidencekit.store.index_directory import IndexDirectory as IndexDirectory

# Named in annotations only: the contract loads without the models (whose dataclasses
# take a tenth of a second to build) or click, for `--help` and the extraction workers.
if TYPE_CHECKING:
    import click

    from evidencekit.models import (
        AssessmentInput,
        Classification,
        DocumentFacts,
        DocumentText,
        EvidenceLink,
        Extraction,
        ExtractionLimits,
        Finding,
        IndexEntry,
        Readiness,
        Requirement,
        SearchHit,
    )

PROJECT_NAME = "evidencekit"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# --- Extraction ------------------------------------------------------------------------


@hookspec
def file_types() -> Iterable[str]:
    """Name the file types this plugin can extract.

    Returns lower-case suffixes with their dot, e.g. ``[".pdf"]``. The scan marks a file
    whose suffix no plugin names as ``unsupported`` without reading it. Results of all
    plugins are combined.
    """


@hookspec(firstresult=True)
def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> Extraction | None:
    """Read the text and metadata of one evidence file.

    :param path: absolute path of the file; open it read-only, never write beside it.
    :param file_type: its lower-case suffix with the dot (``".docx"``).
    :param limits: the bounds the extraction runs under. The time and memory limits are
        enforced by the worker process; size checks (such as a zip's declared
        uncompressed size) are the extractor's to apply.
    :return: an ``Extraction`` (with a non-``ok`` status and a reason when the file
        cannot be read), or ``None`` when this plugin does not handle ``file_type``.
        Its ``dates`` may place dates of the text in the file (``PlacedDate``: the date
        as the pages write it, and where it sits, ``sheet 'Matrix' cell C4``): the date
        finder still reads the pages itself, and names that place as the source of a
        date it picks that one of them reads as.

    Stops at the first non-``None`` result. Runs in a worker process. An exception
    raised here is caught and recorded as status ``failed``, the plugin and the exception
    named in the reason.
    """


# --- Search index ----------------------------------------------------------------------


@runtime_checkable
class SearchIndex(Protocol):
    """A full-text index of the catalog's text, derived and rebuildable at any time.

    Writes are buffered until ``commit``; entries are keyed by ``IndexEntry.file_id`` and
    adding an entry replaces whatever the index held for that file.
    """

    #: Short backend name, shown by ``evidencekit status``; users choose a backend by it
    #: (``evidencekit --index NAME``, ``EVIDENCEKIT_INDEX``).
    name: str
    #: Why the index was found empty or unusable on opening (version change, damage),
    #: or ``None``. The core then rebuilds it from the catalog and says so.
    rebuild_reason: str | None

    def add(self, entries: Iterable[IndexEntry]) -> None:
        """Add or replace the entries of these files."""

    def delete(self, file_ids: Iterable[int]) -> None:
        """Remove every entry of these files."""

    def commit(self) -> None:
        """Make buffered writes durable and visible to later searches, and let later
        searches see what other processes have committed (a long-running watcher relies
        on this)."""

    def clear(self) -> None:
        """Remove every entry, committed at once."""

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        """Return up to ``limit`` hits, best first, one per file (its best page).

        With ``snippets=False`` hits carry no snippet, which is much faster for many hits.
        Raises ``evidencekit.errors.SearchQueryError`` for a query it cannot parse.
        """

    def matching_files(self, query: str, file_ids: Iterable[int] | None = None) -> list[SearchHit]:
        """Every file ``query`` matches, among ``file_ids`` or (``None``) in the whole
        index, each with its page where the query's words occur most often (the first on
        a tie: a choice that depends on the file alone, not on the rest of the index); no
        score, no snippet. Optional: the mapping
        stage remembers each query's matches and, after a change, asks only the changed
        files again. Without it, every query is asked of the whole index again after each
        change, for its best files only."""

    def file_ids(self) -> set[int]:
        """Every file id that has at least one committed entry."""

    def size_bytes(self) -> int:
        """Bytes the index occupies on disk."""

    def close(self) -> None:
        """Release files and locks; buffered writes not committed are discarded."""


@hookspec(firstresult=True)
def open_search_index(location: Path) -> SearchIndex | None:
    """Open, or create empty, the search index kept in ``location``.

    :param location: a directory inside evidencekit's state directory, owned by the
        index; it exists when the hook is called. Another backend may have left its
        files there: ``clear`` may remove them when they carry evidencekit's marker.
        ``IndexDirectory`` does this part (the marker, the rebuild decision, emptying
        the folder safely) for any backend.
    :return: a ``SearchIndex``, or ``None`` to let another plugin provide it.

    Stops at the first non-``None`` result; the built-in Whoosh index runs last. When the
    user names a backend, evidencekit asks the implementations in the same order and
    closes each index whose ``name`` is not the one asked for, so opening must change
    nothing on disk (``clear`` creates the files). The catalog records which backend
    filled the index; opening another one refills it from the catalog.
    """


# --- Audit tools -----------------------------------------------------------------------


@hookspec
def register_audit_tools(register: Callable[[Path], None]) -> None:
    """Offer audit tool versions: call ``register(path)`` for each mapping file (YAML).

    Mapping files follow ``mappings/audit-tool.schema.json``. evidencekit validates each
    file and refuses a tool id that another plugin already registered, naming both.
    All plugins are called.
    """


# --- Document analysis -----------------------------------------------------------------


@hookspec(firstresult=True)
def classify_document(document: DocumentText) -> Classification | None:
    """Decide a document's type (``inspection``, ``policy``, ...) and say which cue decided.

    :param document: the relative path, the title from the file's metadata, and the text
        of each page.
    :return: a ``Classification`` (a type from ``evidencekit.models.DOCUMENT_TYPES`` and a
        short human-readable cue), or ``None`` to let the next plugin decide.

    Stops at the first non-``None`` result; the built-in rule-based classifier runs last.
    """


# --- Evidence mapping ------------------------------------------------------------------


class EvidenceContext(Protocol):
    """What a mapper may consult: the analysed documents and the search index."""

    #: Every catalogued document with its type and dates.
    documents: Sequence[DocumentFacts]

    def document(self, path: str) -> DocumentFacts | None:
        """The document at ``path`` among ``documents`` (a search hit's, say), if any."""

    def search(self, query: str, limit: int) -> list[SearchHit]:
        """Search the index: up to ``limit`` matching documents, the most recent first (by
        their date, then path), each with its page where the query's words occur most
        often; no snippet and no score (mapping asks for many hits). Relevance does not
        choose: a file's score depends on every other file, and this choice must move only
        where a changed file sits. ``SearchQueryError`` if the query cannot be parsed.
        Cached per query."""


#: A mapper proposes documents as evidence of one requirement, each with its reason.
Mapper = Callable[["Requirement", EvidenceContext], Iterable["EvidenceLink"]]


@hookspec
def register_mappers(register: Callable[[str, Mapper], None]) -> None:
    """Offer mappers: call ``register(name, mapper)`` for each.

    Every registered mapper runs for every requirement; links to the same document are
    merged (the strongest wins, every reason is kept), and the user's corrections are
    applied last. Names must be unique across plugins. All plugins are called.
    """


# --- Assessment ------------------------------------------------------------------------

#: A gap rule turns the evidence map, the audit type and the audit date into findings.
GapRule = Callable[["AssessmentInput"], Iterable["Finding"]]


@hookspec
def register_gap_rules(register: Callable[[str, GapRule], None]) -> None:
    """Offer gap rules: call ``register(kind, rule)`` for each.

    A rule is called once per assessment with an ``AssessmentInput`` (the evidence map
    with every document's facts, the chosen audit type with its pass marks and
    documentation window, and the audit date) and yields ``Finding``s of its kind. Each
    finding names its element and requirement, says in plain words what is wrong and
    what to do, and lists the documents and periods involved; its ``id`` comes from
    ``finding_id``. Kinds must be unique across plugins. All plugins are called.
    """


# --- Reporting ---------------------------------------------------------------------------

#: Renders an assessed ``Readiness`` as a report: ``render(readiness, folder)``, where
#: ``folder`` is the evidence folder (absolute; links to its documents start there).
#: Returns text, or bytes for a binary file.
ReportRenderer = Callable[["Readiness", Path], str | bytes]


@dataclass(frozen=True)
class ReportFormat:
    """A format of the readiness report, as ``check --format`` and ``watch`` offer it."""

    #: What ``--format`` takes: short, lower case (``html``).
    name: str
    #: The file suffixes that mean this format, the usual one first (``(".html", ".htm")``):
    #: ``watch --report FILE`` takes the format from them. Empty for a format meant for the
    #: terminal, which ``watch`` (keeping a file current) does not offer.
    suffixes: tuple[str, ...]
    render: ReportRenderer


@hookspec
def register_report_formats(register: Callable[[ReportFormat], None]) -> None:
    """Offer readiness report formats: call ``register(ReportFormat(...))`` for each.

    ``evidencekit check --format NAME`` renders the assessed readiness with the format's
    ``render`` and prints what it returns or writes it whole to ``--output``; ``watch``
    rewrites its ``--report`` file with it after every change. The built-in formats
    (terminal, html, md, json) are registered through this hook too. Names must be unique
    across plugins (a name registered twice is refused, naming both plugins); ``csv`` and
    ``xlsx`` are the corrective action tracker's. All plugins are called.
    """


# --- The command line --------------------------------------------------------------------


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``evidencekit`` command line, as click commands or groups:
    decorate functions with ``@cli.command()`` or ``@cli.group()``, or call
    ``cli.add_command(command)``.

    :param cli: a click group that registers each command added to it under this
        plugin's name; a command named like a built-in one or another plugin's is
        refused, naming both. Commands run as the built-in ones do: evidencekit's errors
        (``evidencekit.errors``) become a one-line message and their exit code.

    Called once per run of ``evidencekit``, before the command runs or ``--help`` lists
    the commands. All plugins are called.
    """


# --- Helpers for plugin authors ----------------------------------------------------------


def finding_id(kind: str, requirement_id: str | None, subject: str = "") -> str:
    """The id of a finding, the same for the same gap in every run (``coverage-gap-3f2a…``).

    Trackers, Action Plans and the user's notes follow a finding by this id, so it must
    not change while the gap stays. It is ``kind``, a hyphen and ten hex digits of the
    SHA-1 of ``kind:requirement_id:subject`` (``-`` for a finding of no requirement).

    :param kind: the gap rule's kind, as registered (``coverage-gap``).
    :param requirement_id: the requirement the finding is about, or ``None`` for an
        element-wide or document-wide finding.
    :param subject: what tells apart several findings of one kind and requirement: the
        document's path for a per-document finding, empty for one per requirement. Keep
        out what changes while the gap stays (the periods missing, today's date).
    """
    import hashlib  # Here: OpenSSL's start-up is not paid by commands that find nothing.

    key = f"{kind}:{requirement_id or '-'}:{subject}"
    return f"{kind}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
