"""The web front end's calls into one evidence folder's state, made on its session's
thread (``folder_session``).

The functions here call ``folder.py``, as the CLI's commands do, except where a page must
not scan first (a page shows the catalog as it stands; rescanning is its own button).
"""

from __future__ import annotations

import csv
import json
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pluggy

from evidencekit import folder
from evidencekit.errors import UsageError
from evidencekit.models import (
    DocumentRecord,
    DocumentStatus,
    EvidenceLink,
    SearchHit,
)
from evidencekit.profile.changes import Validation, profile_with_value, validated
from evidencekit.profile.model import CompanyProfile, profile_as_dict, profile_path, save_profile
from evidencekit.profile.suggestions import (
    SUGGESTED_FIELDS,
    ProfileSuggestions,
    accept_suggestions,
    suggest_profile,
)
from evidencekit.program.action_plan import ActionPlan
from evidencekit.program.cycle import CertificatePlan, due_audit
from evidencekit.program.tracker import TrackerRow
from evidencekit.report.files import readiness_report
from evidencekit.report.profile import consistency_warnings
from evidencekit.report.watch import batch_line
from evidencekit.scan import ScanOptions
from evidencekit.watch.outcome import BatchOutcome
from evidencekit.watch.watcher import WatchOptions, watch_folder
from evidencekit.web.clients import ClientFolder
from evidencekit.web.folder_session import FolderSession
from evidencekit.workspace import Workspace, open_workspace

#: Documents per page of the documents list (and the API's default page).
DOCUMENTS_PER_PAGE = 50
#: Statuses listed first: the documents that need the consultant.
PROBLEMS_FIRST = {status: rank for rank, status in enumerate(DocumentStatus) if status != "ok"}


@dataclass(frozen=True)
class ClientSummary:
    """One line of the client list."""

    client: ClientFolder
    company: str | None
    program: str | None
    audit_due: str | None
    deadline: date | None
    verdict: str | None
    score_pct: float | None
    findings: int | None
    last_scan: str | None
    problem: str | None = None


@dataclass(frozen=True)
class DocumentPage:
    """One page of the documents list, problems first, after the filters."""

    documents: list[tuple[int, DocumentRecord]]
    total: int
    page: int
    pages: int
    statuses: dict[str, int]
    doc_types: list[str]


@dataclass(frozen=True)
class DocumentDetail:
    """One document: its record, its text, and the links the assessment made to it."""

    file_id: int
    record: DocumentRecord
    pages: tuple[str, ...]
    links: list[EvidenceLink]
    rejected_for: list[str]


# --- the calls the pages and the API make (on the folder's thread) ----------------------


def readiness_json(session: FolderSession, audit_date: date) -> str:
    """Exactly the JSON ``check --format json`` prints for the folder at ``audit_date``."""
    return session.remembered(
        ("readiness json", audit_date),
        lambda: readiness_report(
            session.assessment(audit_date).readiness, "json", session.workspace.location.folder
        ),
    )


def client_summary(session: FolderSession, today: date) -> ClientSummary:
    """The client list's line for this folder; a folder not scanned yet says so."""
    workspace = session.workspace
    last_scan = workspace.catalog.get_meta("last_scan")
    finished = json.loads(last_scan).get("finished") if last_scan else None
    if not workspace.scanned():
        return unavailable(session.client, "not scanned yet")
    try:
        assessment = session.assessment(today)
    except UsageError as error:
        return unavailable(session.client, str(error), finished)
    readiness, profile = assessment.readiness, assessment.chosen.profile
    # Without a profile no certificate history says what is due, nor by when.
    due = None if profile.is_empty else due_audit(readiness.tool, profile, today)
    return ClientSummary(
        client=session.client,
        company=profile.company,
        program=readiness.tool.program,
        audit_due=due.label if due else readiness.audit_type.name,
        deadline=due.deadline if due else None,
        verdict="ready" if readiness.ready else "not ready",
        score_pct=readiness.overall_documentation_pct,
        findings=len(readiness.findings),
        last_scan=finished,
    )


def unavailable(client: ClientFolder, problem: str, last_scan: str | None = None) -> ClientSummary:
    """The client list's line for a folder that cannot be assessed, saying why."""
    return ClientSummary(client, None, None, None, None, None, None, None, last_scan, problem)


def scan(session: FolderSession, jobs: int) -> str:
    """Scan the folder into its state (the evidence folder is only read); one line on it."""
    summary = folder.scan_into_catalog(session.workspace, ScanOptions(jobs=jobs))
    return (
        f"Scanned: {summary.new} new, {summary.changed} changed, {summary.removed} removed, "
        f"{summary.unchanged} unchanged"
    )


def document_page(
    session: FolderSession,
    page: int,
    status: str | None = None,
    doc_type: str | None = None,
    text: str | None = None,
    per_page: int = DOCUMENTS_PER_PAGE,
) -> DocumentPage:
    """The documents, problems first then by path, filtered, one page of them."""
    ids = session.file_ids()
    records = session.documents()
    statuses: dict[str, int] = {}
    for record in records:
        statuses[record.status] = statuses.get(record.status, 0) + 1
    doc_types = sorted({record.doc_type for record in records if record.doc_type})
    needle = (text or "").casefold()
    chosen = [
        record
        for record in records
        if (not status or record.status == status)
        and (not doc_type or record.doc_type == doc_type)
        and (not needle or needle in f"{record.path} {record.title or ''}".casefold())
    ]
    chosen.sort(key=lambda record: (PROBLEMS_FIRST.get(record.status, len(PROBLEMS_FIRST)),))
    pages = max(1, -(-len(chosen) // per_page))
    page = min(max(page, 1), pages)
    shown = chosen[(page - 1) * per_page : page * per_page]
    return DocumentPage(
        documents=[(ids[record.path], record) for record in shown],
        total=len(chosen),
        page=page,
        pages=pages,
        statuses=dict(sorted(statuses.items())),
        doc_types=doc_types,
    )


def document_detail(session: FolderSession, file_id: int, audit_date: date) -> DocumentDetail:
    """The catalogued file ``file_id``: its record, text, and links in the assessment."""
    path = document_path(session.workspace, file_id)
    record = next(record for record in session.documents() if record.path == path)
    text = session.workspace.catalog.document_text(path)
    evidence_map = session.assessment(audit_date).readiness.evidence_map
    return DocumentDetail(
        file_id=file_id,
        record=record,
        pages=text.pages if text else (),
        links=[
            link for item in evidence_map.requirements for link in item.links if link.path == path
        ],
        rejected_for=[
            item.requirement.id for item in evidence_map.requirements if path in item.rejected
        ],
    )


def document_path(workspace: Workspace, file_id: int) -> str:
    """The catalogued path of ``file_id`` (relative to the folder); the only way the web
    front end names a file, so no path from a request ever reaches the disk."""
    path = workspace.catalog.path_of(file_id)
    if path is None:
        raise LookupError(f"no document {file_id}")
    return path


def original_file(workspace: Workspace, file_id: int) -> Path:
    """Where the catalogued file ``file_id`` is on disk, refused if it is not inside the
    evidence folder (a link the scan followed out of it is not served)."""
    folder = workspace.location.folder
    candidate = (folder / document_path(workspace, file_id)).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        raise LookupError(f"document {file_id} is not a file inside the evidence folder")
    return candidate


def decide_link(
    session: FolderSession, audit_date: date, decision: str, document: str, requirement: str
) -> str:
    """Record ``add``, ``reject`` or ``reset`` as ``evidencekit link`` does, for the tool
    the folder is assessed against; returns what was done."""
    if decision not in ("add", "reject", "reset"):
        raise UsageError(f"decision must be add, reject or reset, not {decision!r}")
    # The tool the page deciding showed: the assessment before a change will do.
    tool_id = session.assessment(audit_date, previous_will_do=True).readiness.tool.id
    if Path(document).is_absolute():
        raise UsageError("give the document's path relative to the folder, as listed")
    return folder.decide_link(session.workspace, tool_id, decision, document, requirement).done


def correct_reading(
    session: FolderSession, file_id: int, doc_type: str, day: str, reset: bool
) -> str:
    """Record the user's type and/or date of the catalogued file ``file_id`` as
    ``evidencekit correct`` does (empty fields are left as read); returns what was done."""
    try:
        chosen_day = date.fromisoformat(day) if day else None
    except ValueError:
        raise UsageError(f"{day!r} is not a date: give it as YYYY-MM-DD") from None
    path = document_path(session.workspace, file_id)
    return folder.correct_document_reading(
        session.workspace, path, doc_type or None, chosen_day, reset
    )


def search(session: FolderSession, query: str, limit: int) -> list[tuple[int | None, SearchHit]]:
    """Search hits with snippets, each with the document's id for its page."""
    ids = session.file_ids()
    hits = session.workspace.search(query, limit, snippets=True)
    return [(ids.get(hit.path), hit) for hit in hits]


def tracker(session: FolderSession, audit_date: date) -> list[TrackerRow]:
    """The corrective action tracker, as ``check --format csv`` exports it."""
    return folder.folder_tracker(session.workspace, session.assessment(audit_date).readiness)


def save_tracker_row(
    session: FolderSession, audit_date: date, finding_id: str, values: dict[str, str]
) -> None:
    """Store one row's owner, due date, status and note exactly as ``actions import``
    stores an edited tracker's row (same checks, same merging with what is stored)."""
    # The import tells current findings by the last assessment recorded (any will do).
    session.assessment(audit_date, previous_will_do=True)
    columns = ("finding_id", "owner", "due", "status", "note")
    with tempfile.TemporaryDirectory(prefix="evidencekit-tracker-") as directory:
        edited = Path(directory) / "tracker.csv"
        with edited.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(columns)
            writer.writerow([finding_id, *(values.get(name, "") for name in columns[1:])])
        folder.import_tracker_file(session.workspace, edited)


# --- the certificate's year, training, the Action Plan, interviews ------------------------
# The same use cases as ``plan``, ``training``, ``actionplan`` and ``prep``, on the catalog
# as it stands (a page never scans: rescanning is its own button); kept until the state
# changes, as assessments are.


def certificate_plan(session: FolderSession, as_of: date, planned: date | None) -> CertificatePlan:
    """``evidencekit plan`` as of ``as_of``, for the audit day ``planned`` (None: the
    deadline), with the folder's profile."""
    request = folder.PlanRequest(None, None, as_of, planned, jobs=1, scan=False)
    return session.remembered(
        ("certificate plan", as_of, planned),
        lambda: folder.folder_certificate_plan(session.workspace, request),
    )


def training(session: FolderSession, audit_date: date, today: date) -> folder.FolderTraining:
    """``evidencekit training`` at ``audit_date`` (its matrix as of ``today``), for the
    program the profile decides."""
    return session.remembered(
        ("training", audit_date, today),
        lambda: folder.folder_training(
            session.workspace, None, audit_date, None, today, scan=False
        ),
    )


def action_plan(session: FolderSession, today: date, year: int) -> ActionPlan:
    """``evidencekit actionplan`` for ``year``, its progress measured on ``today``."""
    request = folder.ActionPlanRequest(None, today, year, None, scan=False)
    return session.remembered(
        ("action plan", today, year),
        lambda: folder.folder_action_plan(session.workspace, request),
    )


def interview_prep(session: FolderSession) -> folder.InterviewPrep:
    """``evidencekit prep`` for every role, with the folder's profile."""
    return session.remembered(
        ("interview prep",),
        lambda: folder.folder_interview_prep(session.workspace, None, (), None, scan=False),
    )


def keep_current(
    client: ClientFolder,
    state: Path | None,
    plugin_manager: pluggy.PluginManager,
    jobs: int,
    stop: threading.Event,
    say: Callable[[str], None],
) -> None:
    """Watch ``client``'s folder as ``evidencekit watch`` does (tool and audit type from
    the profile, chosen once at start) until ``stop`` is set; one line per batch."""
    with open_workspace(client.path, state, plugin_manager) as workspace:
        chosen = folder.choose_folder_assessment(workspace, date.today())
        options = WatchOptions(
            tool_id=chosen.tool.id,
            audit_type=chosen.audit_type,
            profile=chosen.profile,
            scan=ScanOptions(jobs=jobs),
        )

        def tell(outcome: BatchOutcome) -> None:
            line = batch_line(outcome)
            if line:
                say(f"{client.name}: {line}")

        watch_folder(workspace, options, tell, stop)


# --- the company profile ------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileView:
    """The folder's company profile, what the evidence suggests for it, and its warnings."""

    profile: CompanyProfile
    suggestions: ProfileSuggestions
    warnings: list[str]


def profile_view(session: FolderSession) -> ProfileView:
    """The profile and the evidence's suggestions for it (the catalog as it stands)."""
    workspace = session.workspace
    profile = folder.folder_profile(workspace, None)
    # Not folder.profile_suggestions: it scans first, and a page reads the catalog as it
    # stands (the rescan is its own button).
    suggestions = session.remembered(
        ("profile suggestions",),
        lambda: suggest_profile(
            session.workspace.document_texts(),
            session.workspace.document_facts(),
            folder.folder_profile(session.workspace, None),
        ),
    )
    return ProfileView(profile, suggestions, consistency_warnings(profile))


def accept_profile_suggestions(session: FolderSession, fields: list[str]) -> dict[str, int]:
    """Apply the evidence's suggestions for ``fields`` as ``profile accept`` does and save
    the profile if the result is valid; how many each field took."""
    unknown = [name for name in fields if name not in SUGGESTED_FIELDS]
    if unknown or not fields:
        raise UsageError(f"accept one of {', '.join(SUGGESTED_FIELDS)}")
    view = profile_view(session)
    accepted = accept_suggestions(view.profile, view.suggestions, fields)
    if accepted.taken:
        _save_profile(session, lambda check: validated(profile_as_dict(accepted.profile), check))
    return accepted.taken


def set_profile_value(session: FolderSession, key: str, value: str) -> None:
    """Set one profile field as ``profile set KEY VALUE`` does, saving only a valid result."""
    profile = profile_view(session).profile
    _save_profile(session, lambda check: profile_with_value(profile, key, value, check))


def _save_profile(session: FolderSession, changed: Callable[[Validation], CompanyProfile]) -> None:
    """Save the profile ``changed`` makes, checked as the CLI checks it (the installed
    tools' programs and certificate validity)."""
    workspace = session.workspace
    profile = changed(folder.profile_validation(workspace, date.today()))
    with workspace.writing():
        save_profile(profile_path(workspace.location.directory), profile)
