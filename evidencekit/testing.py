"""The test kit for plugin authors: what a plugin's own pytest suite needs, as public API.

- ``plugin_manager(*plugins)``: the built-ins and exactly these plugins, nothing else that
  happens to be installed;
- ``evidence_folder(root, description)``: a temporary evidence folder of PDF, Word and text
  documents written from a few lines of description;
- ``run_check(folder, *plugins, tool=...)``: what ``evidencekit check --format json`` does,
  in-process, returning the parsed report;
- ``mapping_problems(path)``: what ``evidencekit tools validate`` finds wrong in a mapping;
- ``assert_evidence(result, links=..., findings=...)``: fails with a readable diff of the
  expected and found evidence links and findings;
- ``extract_under_limits(path, *plugins, limits=...)``: one file extracted in a fresh
  process under the worker pool's memory and time limits, with the seconds and peak memory
  it took (to try a hostile input and say what it cost);
- ``print_hostile_table(cases, *plugins, limits=...)``: each hostile input built and
  extracted so, printed as a Markdown table of status, reason, seconds and peak memory;
- ``build_requirement``, ``build_document_facts``, ``build_link``, ``build_evidence_map``,
  ``build_assessment_input``, ``index_entry``: the models a mapper, gap rule or search
  index is handed, with defaults for everything a test does not care about;
- ``SearchIndexContract``: the tests every ``SearchIndex`` must pass, to subclass with
  one's own backend.

PDFs are written with fpdf2 and the contract runs under pytest, which evidencekit itself
does not need: install the kit's dependencies with ``pip install 'evidencekit[testing]'``.
pytest is imported only by the contract's tests as they run: the kit is also imported in
the worker processes ``extract_under_limits`` starts and times.
"""

from __future__ import annotations

import json
import resource
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from multiprocessing.connection import Connection
from pathlib import Path

import pluggy

from evidencekit.audit_tools.loading import validate_audit_tool_file
from evidencekit.errors import SearchQueryError, UsageError
from evidencekit.extract.pool import (
    extract_with_plugins,
    limit_worker_memory,
    timed_out,
    worker_died,
)
from evidencekit.extract.server import worker_process_context
from evidencekit.hookspecs import MARKER_NAME, SearchIndex
from evidencekit.models import (
    AssessmentInput,
    AuditTool,
    AuditType,
    DocumentFacts,
    DocumentStatus,
    Element,
    EvidenceLink,
    EvidenceMap,
    EvidenceRule,
    Extraction,
    ExtractionLimits,
    IndexEntry,
    LinkStrength,
    Requirement,
    RequirementEvidence,
    Verification,
    file_type_of,
)
from evidencekit.plugins import (
    PluginReference,
    make_plugin_manager,
    make_plugin_manager_from_references,
    plugin_references,
)
from evidencekit.profile.model import CompanyProfile
from evidencekit.report.files import readiness_report
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

__all__ = [
    "DEFAULT_AUDIT_DATE",
    "DEFAULT_AUDIT_TYPE",
    "CheckResult",
    "HostileCase",
    "SearchIndexContract",
    "assert_evidence",
    "build_assessment_input",
    "build_document_facts",
    "build_evidence_map",
    "build_link",
    "build_requirement",
    "evidence_folder",
    "extract_under_limits",
    "index_entry",
    "mapping_problems",
    "plugin_manager",
    "print_hostile_table",
    "run_check",
    "write_docx",
    "write_pdf",
    "write_text",
]

#: In a description, this separates the pages of a PDF, the paragraphs of a Word
#: document and the lines of a text file.
PART_SEPARATOR = " | "


def plugin_manager(*plugins: object) -> pluggy.PluginManager:
    """A plugin manager with evidencekit's built-ins and ``plugins`` (modules or objects).

    Installed entry-point plugins are left out, so a test sees the same thing whatever
    else is installed in the environment.
    """
    return make_plugin_manager(load_entrypoints=False, extra=plugins)


def mapping_problems(path: Path) -> list[str]:
    """Every problem ``evidencekit tools validate`` reports for the mapping file at ``path``."""
    return [str(problem) for problem in validate_audit_tool_file(Path(path))]


def evidence_folder(root: Path, description: str | Mapping[str, str | Iterable[str]]) -> Path:
    """Write an evidence folder under ``root`` (created if needed) and return ``root``.

    ``description`` is one document per line, ``relative/path.ext: text``, or a mapping of
    paths to text (a string, or a list of pages or paragraphs). In a line, `` | ``
    separates the parts. The suffix decides the format: ``.pdf`` (one page per part),
    ``.docx`` (one paragraph per part), anything else plain text (one line per part)::

        evidence_folder(tmp_path / "evidence", '''
            Policy/Health and safety policy.pdf: Health and safety policy | Signed 2026-01-15
            Minutes/JHSC 2026-03.docx: Joint health and safety committee minutes, 2026-03-10
            Inspections/Site inspection 2026-04-02.txt: Site inspection checklist
        ''')
    """
    root.mkdir(parents=True, exist_ok=True)
    for relative, parts in _documents(description).items():
        path = root / relative
        if not path.resolve().is_relative_to(root.resolve()):
            raise UsageError(f"{relative} is outside the evidence folder")
        if path.suffix.lower() == ".pdf":
            write_pdf(path, parts)
        elif path.suffix.lower() == ".docx":
            write_docx(path, parts)
        else:
            write_text(path, "\n".join(parts) + "\n")
    return root


def _documents(description: str | Mapping[str, str | Iterable[str]]) -> dict[str, list[str]]:
    if isinstance(description, Mapping):
        return {
            path: [text] if isinstance(text, str) else list(text)
            for path, text in description.items()
        }
    documents = {}
    for number, line in enumerate(textwrap.dedent(description).splitlines(), start=1):
        if not line.strip():
            continue
        path, colon, text = line.strip().partition(": ")
        if not colon or not path:
            raise UsageError(f"description line {number} is not 'path: text': {line.strip()!r}")
        documents[path] = [part.strip() for part in text.split(PART_SEPARATOR.strip())]
    return documents


def write_text(path: Path, text: str) -> Path:
    """Write a UTF-8 text file, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_docx(path: Path, paragraphs: Iterable[str], title: str = "") -> Path:
    """Write a Word document with one paragraph per item (python-docx, a core dependency)."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.core_properties.title = title
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def write_pdf(path: Path, pages: Iterable[str], title: str = "") -> Path:
    """Write a PDF with one page per item (fpdf2, from ``evidencekit[testing]``)."""
    try:
        from fpdf import FPDF
    except ImportError as error:
        raise UsageError(
            "evidencekit.testing writes PDFs with fpdf2: pip install 'evidencekit[testing]'"
        ) from error
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


@dataclass(frozen=True)
class CheckResult:
    """A ``check`` run: its exit code and its JSON report, with shortcuts into it."""

    exit_code: int
    report: dict

    @property
    def ready(self) -> bool:
        return self.report["overall"]["verdict"] == "ready"

    @property
    def score_pct(self) -> float:
        return self.report["overall"]["score_pct"]

    @property
    def links(self) -> dict[str, list[str]]:
        """Requirement id to the paths linked as its evidence (requirements without any too)."""
        return {
            requirement["id"]: [item["path"] for item in requirement["evidence"]]
            for element in self.report["elements"]
            for requirement in element["requirements"]
        }

    @property
    def findings(self) -> list[dict]:
        return self.report["findings"]


def run_check(
    folder: Path,
    *plugins: object,
    tool: str | None = None,
    audit_type: str = "certification",
    audit_date: date | str | None = None,
    state: Path | None = None,
) -> CheckResult:
    """Do what ``evidencekit check FOLDER --format json`` does, in this process.

    Scans ``folder`` with the built-ins and ``plugins`` only, maps it onto ``tool``, assesses
    it and returns the JSON report parsed. The state goes to ``state`` or a new temporary
    directory, never into the folder. Extraction runs in one worker process.
    """
    when = date.fromisoformat(audit_date) if isinstance(audit_date, str) else audit_date
    state = state or Path(tempfile.mkdtemp(prefix="evidencekit-state-"))
    with open_workspace(folder, state, plugin_manager(*plugins)) as workspace:
        with workspace.writing():
            scan_folder(workspace, ScanOptions(jobs=1))
        readiness = workspace.readiness(tool, audit_type, when or date.today())
        report = json.loads(readiness_report(readiness, "json", workspace.location.folder))
    return CheckResult(exit_code=0 if readiness.ready else 1, report=report)


def assert_evidence(
    result: CheckResult,
    links: Mapping[str, Iterable[str]] | None = None,
    findings: Iterable[tuple[str, str | None]] | None = None,
    finding_kinds: Iterable[str] | None = None,
) -> None:
    """Fail, with a readable diff, unless ``result`` has the expected links and findings.

    ``links`` maps requirement ids to the paths expected as their evidence; only the
    requirements named are compared. ``findings`` lists ``(kind, requirement_id)`` pairs
    (``None`` for an element-wide finding); only findings of the kinds named there or in
    ``finding_kinds`` are compared, so a test of one gap rule need not list the built-ins'.
    """
    lines = []
    found_links = result.links
    for requirement, expected in sorted((links or {}).items()):
        if requirement not in found_links:
            lines.append(f"  {requirement}: no such requirement in {result.report['tool']}")
            continue
        lines += _difference(requirement, set(expected), set(found_links[requirement]))
    if findings is not None or finding_kinds is not None:
        expected_findings = set(findings or ())
        kinds = {kind for kind, _ in expected_findings} | set(finding_kinds or ())
        found_findings = {
            (finding["kind"], finding["requirement"])
            for finding in result.findings
            if finding["kind"] in kinds
        }
        lines += _difference(
            "findings",
            {f"{kind} {requirement or '(element)'}" for kind, requirement in expected_findings},
            {f"{kind} {requirement or '(element)'}" for kind, requirement in found_findings},
        )
    if lines:
        raise AssertionError(
            "evidence differs from what was expected (- expected, not found; + found, not "
            "expected):\n" + "\n".join(lines)
        )


def _difference(label: str, expected: set[str], found: set[str]) -> list[str]:
    return [f"  {label}: - {item}" for item in sorted(expected - found)] + [
        f"  {label}: + {item}" for item in sorted(found - expected)
    ]


@dataclass(frozen=True)
class MeasuredExtraction:
    """What one file's extraction gave, and what it cost the process that ran it."""

    extraction: Extraction
    seconds: float
    #: The process's peak resident memory, interpreter and libraries included.
    peak_mb: float


def extract_under_limits(
    path: Path, *plugins: object, limits: ExtractionLimits | None = None
) -> MeasuredExtraction:
    """Extract ``path`` with the built-ins and ``plugins`` in a fresh worker process,
    started as a scan starts its workers and under the same memory limit, stopped at the
    time limit as a scan stops them.

    What a hostile file gets in a scan is what this returns: a worker that dies or runs
    out of time comes back ``failed`` with the pool's own reason.
    """
    limits = limits or ExtractionLimits()
    references = plugin_references(plugin_manager(*plugins))
    context = worker_process_context()
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_measured_worker, args=(sending, path, references, limits))
    started = time.perf_counter()
    worker.start()
    sending.close()
    result = None
    if receiving.poll(limits.timeout_seconds):
        try:
            result = receiving.recv()
        except EOFError:  # the worker died before it could answer
            result = None
    seconds = time.perf_counter() - started
    if worker.is_alive():
        worker.kill()
    worker.join()
    if result is not None:
        extraction, peak_mb = result
        return MeasuredExtraction(extraction, seconds, peak_mb)
    if seconds >= limits.timeout_seconds:
        return MeasuredExtraction(timed_out(limits), seconds, float("nan"))
    return MeasuredExtraction(worker_died(worker.exitcode, limits), seconds, float("nan"))


#: A hostile input: its label, a file name, and a builder that writes the file at the
#: path it is given and returns that path.
HostileCase = tuple[str, str, Callable[[Path], Path]]


def print_hostile_table(
    cases: Iterable[HostileCase], *plugins: object, limits: ExtractionLimits | None = None
) -> None:
    """Build each hostile input in a temporary folder, extract it with
    ``extract_under_limits`` and print what it got as a row of a Markdown table."""
    limits = limits or ExtractionLimits()
    print("| input | status | reason | seconds | peak MB |")
    print("| --- | --- | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        for label, name, build in cases:
            measured = extract_under_limits(build(Path(folder) / name), *plugins, limits=limits)
            extraction = measured.extraction
            reason = extraction.reason.replace("|", "\\|").replace(folder, "…") or "(none)"
            print(
                f"| {label} | {extraction.status} | {reason} | {measured.seconds:.2f} | "
                f"{measured.peak_mb:.0f} |",
                flush=True,
            )


def _measured_worker(
    sending: Connection,
    path: Path,
    references: list[PluginReference],
    limits: ExtractionLimits,
) -> None:
    limit_worker_memory(limits)
    manager = make_plugin_manager_from_references(references)
    extraction = extract_with_plugins(manager, path, path.suffix.lower(), limits)
    # Linux reports the peak resident size in KiB.
    sending.send((extraction, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


# --- Builders: the models a mapper, gap rule or search index is handed ---------------------

#: The audit date the builders assume unless given one.
DEFAULT_AUDIT_DATE = date(2026, 11, 16)
#: The audit type of a built evidence map's tool: a certification audit as the bundled COR
#: tool defines it (80% overall, 50% per element, records of the last three months).
DEFAULT_AUDIT_TYPE = AuditType(
    "certification", overall_pass_pct=80, element_min_pct=50, documentation_window_months=3
)
#: The built-in mapper that links a document by its type; a built link names it.
LINKED_BY_TYPE = "document-type"


def build_requirement(
    requirement_id: str = "r1", doc_types: Iterable[str] = (), **fields: object
) -> Requirement:
    """A requirement of element ``1``, worth 10 points, verified by documentation and
    proven by documents of ``doc_types``.

    Any other field of ``Requirement`` is given by keyword (``recurrence=``,
    ``max_age_months=``, ``verification=``, ``element_id=``...); ``evidence=`` an
    ``EvidenceRule`` of its own, in place of ``doc_types``.
    """
    if "evidence" in fields and doc_types:
        raise TypeError("give doc_types or evidence, not both")
    defaults = {
        "element_id": "1",
        "summary": f"Summary of {requirement_id}.",
        "points": 10,
        "verification": (Verification.DOCUMENTATION,),
        "evidence": EvidenceRule(doc_types=tuple(doc_types)),
    }
    return Requirement(id=requirement_id, **{**defaults, **fields})


def build_document_facts(
    path: str = "document.pdf", doc_type: str = "other", date: str | None = None, **fields: object
) -> DocumentFacts:
    """A readable document at ``path`` (relative to the evidence folder), classified as
    ``doc_type`` and dated ``date`` (ISO, or ``None`` for undated).

    Any other field of ``DocumentFacts`` is given by keyword: ``status=`` (an unreadable
    document), ``expiry=``, ``title=``, ``content=DocumentContent(...)``.
    """
    defaults = {"status": DocumentStatus.OK, "title": None, "type_cue": "test"}
    return DocumentFacts(path=path, doc_type=doc_type, date=date, **{**defaults, **fields})


def build_link(
    requirement: Requirement | str,
    path: str,
    strength: LinkStrength = LinkStrength.STRONG,
    source: str = LINKED_BY_TYPE,
    rule: str = "type",
) -> EvidenceLink:
    """``path`` linked as evidence of ``requirement`` (or a requirement id), strongly and
    by its document type unless told otherwise (``source="user"``: a user's link)."""
    requirement_id = requirement if isinstance(requirement, str) else requirement.id
    return EvidenceLink(requirement_id, path, rule, strength, source)


def build_evidence_map(
    links: Mapping[Requirement, Iterable[str | EvidenceLink]] | None = None,
    documents: Iterable[DocumentFacts] = (),
    **tool_fields: object,
) -> EvidenceMap:
    """The evidence map of a tool holding the requirements of ``links``, in that order and
    grouped into elements by their ``element_id``.

    ``links`` maps each requirement to its evidence: paths (linked with ``build_link``'s
    defaults) or ``EvidenceLink``s. ``documents`` are every document of the folder;
    those no requirement links are the map's unmapped ones. The tool (id ``test-tool``,
    one audit type, ``DEFAULT_AUDIT_TYPE``) takes any other ``AuditTool`` field by
    keyword (``audit_types=``, ``training_requirements=``...).
    """
    entries = tuple(
        RequirementEvidence(
            requirement,
            tuple(
                item if isinstance(item, EvidenceLink) else build_link(requirement, item)
                for item in evidence
            ),
        )
        for requirement, evidence in (links or {}).items()
    )
    elements: dict[str, list[Requirement]] = {}
    for entry in entries:
        elements.setdefault(entry.requirement.element_id, []).append(entry.requirement)
    tool_defaults = {
        "id": "test-tool",
        "name": "Test tool",
        "version": "1",
        "partner": "Test",
        "program": "COR",
        "employees_min": 0,
        "employees_max": None,
        "source": "evidencekit.testing",
        "audit_types": (DEFAULT_AUDIT_TYPE,),
        "interview_sampling": (),
        "site_sampling": (),
        "elements": tuple(Element(eid, eid, tuple(reqs)) for eid, reqs in elements.items()),
    }
    documents = tuple(documents)
    linked = {link.path for entry in entries for link in entry.links}
    return EvidenceMap(
        AuditTool(**{**tool_defaults, **tool_fields}),
        entries,
        documents,
        tuple(document.path for document in documents if document.path not in linked),
    )


def build_assessment_input(
    evidence_map: EvidenceMap | None = None,
    audit_type: AuditType | None = None,
    audit_date: date = DEFAULT_AUDIT_DATE,
    profile: CompanyProfile | None = None,
) -> AssessmentInput:
    """What a gap rule is called with: ``evidence_map`` (an empty one when not given),
    assessed for ``audit_type`` (the map's tool's first) on ``audit_date``, for a company
    with ``profile`` (none answered when not given)."""
    evidence_map = evidence_map or build_evidence_map()
    return AssessmentInput(
        evidence_map,
        audit_type or evidence_map.tool.audit_types[0],
        audit_date,
        profile or CompanyProfile(),
    )


def index_entry(
    file_id: int,
    path: str,
    *pages: str,
    title: str = "",
    modified: datetime = datetime(2026, 3, 4),
) -> IndexEntry:
    """A file as the core hands it to a search index: one string per page; its file type
    is the path's suffix."""
    return IndexEntry(file_id, path, file_type_of(path), title, modified, pages)


# --- The SearchIndex contract ----------------------------------------------------------------


class SearchIndexContract:
    """The tests every ``SearchIndex`` passes, the built-in Whoosh index's included.

    Subclass it in a test module under a name pytest collects (``Test...``) and say how to
    open your index and how to damage its files::

        class TestWordIndex(SearchIndexContract):
            def open_index(self, location):
                return WordIndex(location)

            def damage(self, location):
                (location / "words.db").write_bytes(b"garbage")

    The tests assume the query language of evidencekit's README (words ANDed, phrases,
    ``OR``, ``NOT``, parentheses, field filters, ``modified:`` dates, ``*`` wildcards),
    English stemming, ``**word**`` snippets, and a folder that carries evidencekit's
    marker as ``IndexDirectory`` writes it. Tests of what only your backend does stay in
    your own module (in the subclass, ``filled`` gives them an index holding
    ``entries``).
    """

    #: What ``filled`` puts in an index unless told otherwise: a policy of two pages, a
    #: 2026 inspection and a 2025 toolbox talk, the last two both about guardrails.
    entries = (
        index_entry(
            1, "Policy/H&S Policy.pdf", "Commitment", "Signed by the owner", title="Policy"
        ),
        index_entry(2, "Inspections/2026/site inspection.docx", "Guardrail missing on level 2"),
        index_entry(3, "Meetings/toolbox.txt", "Guardrail talk", modified=datetime(2025, 6, 1)),
    )

    def open_index(self, location: Path) -> SearchIndex:
        """Open (not clear) the index kept in ``location``, as ``open_search_index`` does."""
        raise NotImplementedError("say how to open your index: def open_index(self, location)")

    def damage(self, location: Path) -> None:
        """Damage the committed index in ``location`` as a crash or a full disk would."""
        raise NotImplementedError("say how your index is damaged: def damage(self, location)")

    def filled(self, location: Path, entries: Iterable[IndexEntry] | None = None) -> SearchIndex:
        """The index in ``location``, cleared, with ``entries`` (or ``self.entries``) added
        and committed; tests of one's own backend may start from it too."""
        opened = self.open_index(location)
        opened.clear()
        opened.add(self.entries if entries is None else entries)
        opened.commit()
        return opened

    # -- opening, versions and damage ----------------------------------------------------

    def test_a_new_index_says_it_was_missing_until_cleared(self, tmp_path: Path) -> None:
        (tmp_path / "i").mkdir()
        missing = self.open_index(tmp_path / "i")
        assert missing.rebuild_reason == "the search index is missing"
        assert missing.search("anything", 10) == []
        assert list((tmp_path / "i").iterdir()) == []  # opening wrote nothing
        missing.clear()
        assert self.open_index(tmp_path / "i").rebuild_reason is None

    def test_it_never_deletes_files_it_did_not_write(self, tmp_path: Path) -> None:
        import pytest

        precious = tmp_path / "i" / "inspection.pdf"
        precious.parent.mkdir()
        precious.write_text("evidence")
        with pytest.raises(UsageError, match="did not write"):
            self.open_index(tmp_path / "i").clear()
        assert precious.read_text() == "evidence"

    def test_a_different_schema_version_asks_for_a_rebuild(self, tmp_path: Path) -> None:
        self.open_index(tmp_path / "i").clear()
        marker = tmp_path / "i" / MARKER_NAME
        written = json.loads(marker.read_text())
        marker.write_text(json.dumps({**written, "schema_version": 0}))
        reopened = self.open_index(tmp_path / "i")
        assert reopened.rebuild_reason == (
            f"the search index schema changed (version 0 -> {written['schema_version']})"
        )
        assert reopened.file_ids() == set()

    def test_an_index_another_backend_made_asks_for_a_rebuild(self, tmp_path: Path) -> None:
        self.open_index(tmp_path / "i").clear()
        marker = tmp_path / "i" / MARKER_NAME
        marker.write_text(json.dumps({**json.loads(marker.read_text()), "backend": "another"}))
        reopened = self.open_index(tmp_path / "i")
        assert reopened.rebuild_reason == (
            f"the search index there was made by another, not {reopened.name}"
        )
        reopened.clear()  # its files are evidencekit's own: they may go
        assert self.open_index(tmp_path / "i").rebuild_reason is None

    def test_a_damaged_index_asks_for_a_rebuild(self, tmp_path: Path) -> None:
        self.filled(tmp_path / "index").close()
        self.damage(tmp_path / "index")
        reopened = self.open_index(tmp_path / "index")
        assert reopened.rebuild_reason.startswith("the search index is damaged")
        assert reopened.search("guardrail", 10) == []

    # -- writing ---------------------------------------------------------------------------

    def test_replacing_and_deleting_entries(self, tmp_path: Path) -> None:
        index = self.filled(tmp_path / "index")
        index.add([index_entry(2, "Inspections/2026/site inspection.docx", "All clear")])
        index.delete([3])
        index.commit()
        assert index.search("guardrail", 10) == []
        assert index.file_ids() == {1, 2}
        index.close()

    def test_uncommitted_writes_are_not_visible_and_close_discards_them(
        self, tmp_path: Path
    ) -> None:
        first = self.open_index(tmp_path / "i")
        first.clear()
        first.add([index_entry(9, "a.txt", "unsaved words")])
        assert first.search("unsaved", 10) == []
        first.close()
        assert self.open_index(tmp_path / "i").file_ids() == set()

    def test_a_commit_shows_what_another_process_committed(self, tmp_path: Path) -> None:
        index = self.filled(tmp_path / "index")
        assert [hit.path for hit in index.search("scaffold", 10)] == []
        other = self.open_index(tmp_path / "index")  # A scan beside a long-running watcher.
        other.add([index_entry(4, "Inspections/scaffold.txt", "Scaffold tagged")])
        other.commit()
        other.close()
        index.commit()  # Nothing of its own to write.
        assert [hit.path for hit in index.search("scaffold", 10)] == ["Inspections/scaffold.txt"]
        index.close()

    def test_a_commit_after_searching_an_empty_index_keeps_working(self, tmp_path: Path) -> None:
        empty = self.open_index(tmp_path / "index")
        empty.clear()
        assert empty.search("scaffold", 10) == []
        empty.add([index_entry(1, "Inspections/scaffold.txt", "Scaffold tagged")])
        empty.commit()
        assert [hit.path for hit in empty.search("scaffold", 10)] == ["Inspections/scaffold.txt"]
        empty.close()

    # -- searching -------------------------------------------------------------------------

    def test_hits_name_the_best_page_once_per_file(self, tmp_path: Path) -> None:
        hits = self.filled(tmp_path / "index").search('"signed by the owner"', 10)
        assert [(hit.path, hit.page, hit.title) for hit in hits] == [
            ("Policy/H&S Policy.pdf", 2, "Policy")
        ]
        assert hits[0].snippet == "**Signed** by the **owner**"

    def test_stemming_finds_other_forms_of_a_word(self, tmp_path: Path) -> None:
        hits = self.filled(tmp_path / "index").search("guardrails", 10)
        assert {hit.path for hit in hits} == {
            "Inspections/2026/site inspection.docx",
            "Meetings/toolbox.txt",
        }

    def test_filters_by_folder_type_and_date(self, tmp_path: Path) -> None:
        index = self.filled(tmp_path / "index")
        inspection = "Inspections/2026/site inspection.docx"
        expected = {
            "guardrail folder:inspections/2026": [inspection],
            'folder:"Inspections"': [inspection],
            "filetype:txt": ["Meetings/toolbox.txt"],
            "guardrail modified:[2025-01 to 2025-12]": ["Meetings/toolbox.txt"],
            "filename:toolbox": ["Meetings/toolbox.txt"],
            "title:policy": ["Policy/H&S Policy.pdf"],
        }
        found = {query: [hit.path for hit in index.search(query, 10)] for query in expected}
        assert found == expected

    def test_or_not_groups_phrases_and_wildcards(self, tmp_path: Path) -> None:
        index = self.filled(tmp_path / "index")
        expected = {
            "guardrail OR commitment": {"site inspection.docx", "toolbox.txt", "H&S Policy.pdf"},
            "guardrail NOT talk": {"site inspection.docx"},
            "guardrail AND NOT talk": {"site inspection.docx"},
            "NOT filetype:pdf": {"site inspection.docx", "toolbox.txt"},
            "(talk OR missing) guardrail": {"site inspection.docx", "toolbox.txt"},
            "talk OR missing level": {"site inspection.docx"},
            "guard*": {"site inspection.docx", "toolbox.txt"},
            '"guardrail talk"': {"toolbox.txt"},
            '"talk guardrail"': set(),
            "the": set(),  # only a stop word: nothing to search for
        }
        found = {
            query: {hit.path.rsplit("/", 1)[-1] for hit in index.search(query, 10)}
            for query in expected
        }
        assert found == expected

    def test_dates_are_read_to_the_day_month_or_year(self, tmp_path: Path) -> None:
        index = self.filled(tmp_path / "index")
        this_year = ["H&S Policy.pdf", "site inspection.docx"]
        expected = {
            "modified:2025-06": ["toolbox.txt"],
            "modified:[2025-06-02 to 2026-03-03]": [],
            "modified:[2026-03 to 2026-03]": this_year,
            "modified:>2025-12-31": this_year,
            "modified:<2025-07": ["toolbox.txt"],
            "modified:[2026 to]": this_year,
        }
        found = {
            query: sorted(hit.path.rsplit("/", 1)[-1] for hit in index.search(query, 10))
            for query in expected
        }
        assert found == expected

    def test_a_date_that_cannot_be_read_is_a_clear_error(self, tmp_path: Path) -> None:
        import pytest

        index = self.filled(tmp_path / "index")
        for query in ("modified:garbage", "modified:[not a date to nope]"):
            with pytest.raises(
                SearchQueryError, match=r"cannot (read the date|understand the query)"
            ):
                index.search(query, 10)

    def test_many_pages_of_one_file_still_leave_room_for_other_files(self, tmp_path: Path) -> None:
        index = self.filled(
            tmp_path / "i",
            [
                index_entry(1, "big.pdf", *["ladder ladder ladder"] * 30),
                index_entry(2, "small.txt", "ladder"),
            ],
        )
        assert [hit.path for hit in index.search("ladder", 2)] == ["big.pdf", "small.txt"]
        assert index.size_bytes() > 0
        index.close()

    def test_long_pages_show_the_best_fragments_only(self, tmp_path: Path) -> None:
        filler = "Crew reviewed the site plan and the weather. " * 20
        page = (
            f"{filler}Guardrail loose at the east stair. {filler}Guardrail fixed by noon. {filler}"
        )
        index = self.filled(tmp_path / "i", [index_entry(1, "insp.txt", page)])
        (hit,) = index.search("guardrail", 5)
        first, second = hit.snippet.split(" … ")
        assert "**Guardrail** loose at the east stair." in first
        assert "**Guardrail** fixed by noon." in second
        assert len(hit.snippet) < 400
        (plain,) = index.search("guardrail", 5, snippets=False)
        assert plain.snippet == ""
        index.close()

    def test_fragments_that_overlap_are_shown_once(self, tmp_path: Path) -> None:
        page = (
            "Required training. Supervisor: Orientation, WHMIS 2015, Fall Protection, First "
            "Aid, Ground Disturbance. Worker: Orientation, WHMIS 2015, Fall Protection, and "
            "that is all the office asks of a new worker before the first shift."
        )
        index = self.filled(tmp_path / "i", [index_entry(1, "crew.xlsx", page)])
        (hit,) = index.search('whmis "fall protection"', 5)
        assert " … " not in hit.snippet
        assert hit.snippet.count("Ground Disturbance") == 1
        assert hit.snippet.count("**WHMIS**") == 2
        index.close()
