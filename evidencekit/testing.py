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
  extracted so, printed as a Markdown table of status, reason, seconds and peak memory.

PDFs are written with fpdf2, which evidencekit itself does not need: install the kit's
dependencies with ``pip install 'evidencekit[testing]'``.
"""

from __future__ import annotations

import json
import resource
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

import pluggy

from evidencekit.audit_tools.loading import validate_audit_tool_file
from evidencekit.errors import UsageError
from evidencekit.extract.pool import (
    extract_with_plugins,
    limit_worker_memory,
    timed_out,
    worker_died,
    worker_process_context,
)
from evidencekit.models import Extraction, ExtractionLimits
from evidencekit.plugins import (
    PluginReference,
    make_plugin_manager,
    make_plugin_manager_from_references,
    plugin_references,
)
from evidencekit.report.files import readiness_report
from evidencekit.scan import ScanOptions, scan_folder
from evidencekit.workspace import open_workspace

__all__ = [
    "CheckResult",
    "HostileCase",
    "assert_evidence",
    "evidence_folder",
    "extract_under_limits",
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
