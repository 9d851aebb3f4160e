"""One function per thing a user asks of an evidence folder: scan it, assess it with the
profile's choice of tool and audit type, plan the certificate's year, decide training and
the Action Plan, prepare interviews, import the tracker, compare tool versions.

The CLI, the web front end and the watcher call these. Each takes an open ``Workspace``
(the folder's state) and plain arguments, and returns plain data: nothing here prints,
asks or exits. The company profile is loaded here, once per use, by ``folder_profile``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

from evidencekit.document_models import DOCUMENT_TYPES, ScanSummary
from evidencekit.errors import StateBusyError, UsageError
from evidencekit.profile.model import CompanyProfile
from evidencekit.scan import EXTRACTION_PLUGINS_KEY, ScanOptions, ScanProgress, scan_folder
from evidencekit.store.sync import rebuild_search_index
from evidencekit.vocabulary import ACTION_PLAN, MAINTENANCE
from evidencekit.workspace import Workspace, audit_type_of

# The modules behind each use are imported by the function that needs them: `scan` and
# `status` must not load the program, the prep and the audit tools' loader.
if TYPE_CHECKING:
    from evidencekit.audit_tools.diff import FolderComparison, ToolDiff
    from evidencekit.models import AuditTool, EvidenceMap, Readiness
    from evidencekit.prep.interviews import InterviewPreparation
    from evidencekit.profile.changes import Validation
    from evidencekit.profile.suggestions import ProfileSuggestions
    from evidencekit.program.action_plan import ActionPlan, PlanImport
    from evidencekit.program.cycle import (
        ActionPlanOption,
        CertificatePlan,
        DueAudit,
        ProgramChoice,
        StatedHeadcount,
    )
    from evidencekit.program.tracker import ImportSummary, TrackerRow
    from evidencekit.program.training import TrainingAssessment, TrainingMatrix

#: Catalog key of the headcount the evidence states, with the digest of what it was read from.
STATED_HEADCOUNT_KEY = "stated_headcount"

#: The audit an Action Plan replaces; its findings are the plan's open gaps.
REPLACED_AUDIT_TYPE = MAINTENANCE


# --- the profile and the catalog, which every use below starts from ----------------------


def folder_profile(
    workspace: Workspace, profile_file: Path | None, today: date | None = None
) -> CompanyProfile:
    """The folder's company profile (or ``profile_file``), its history checked against
    the installed tools; an empty profile when there is none."""
    from evidencekit.program.cycle import load_company_profile

    return load_company_profile(
        workspace.location.directory, profile_file, workspace.audit_tools(), today
    )


def folder_program(
    workspace: Workspace,
    profile: CompanyProfile,
    tool_id: str | None,
    as_of: date | None = None,
) -> ProgramChoice:
    """The program and audit tool every command works with, decided in this one place:
    ``tool_id`` when given, else the tool in force on ``as_of`` (default: today) for the
    profile's headcount or certificate history, else for the headcount the scanned evidence
    states (said so, with where), else the default (said so)."""
    from evidencekit.program.cycle import choose_program

    return choose_program(
        workspace.audit_tools(),
        profile,
        tool_id,
        lambda: workspace.audit_tool(None, as_of),
        as_of,
        stated_headcount=_stated_headcount(workspace, profile, tool_id),
    )


def _stated_headcount(
    workspace: Workspace, profile: CompanyProfile, tool_id: str | None
) -> StatedHeadcount | None:
    """The headcount the catalogued evidence states, read only when neither ``--tool`` nor
    the profile decides the program (reading every text is the costly part)."""
    from evidencekit.profile.suggestions import suggest_headcount
    from evidencekit.program.cycle import StatedHeadcount

    if not _stated_headcount_decides(profile, tool_id) or not workspace.scanned():
        return None
    # Reading every text took most of a `check` with nothing changed: what was found is
    # kept with what it was read from, and read again only once that differs.
    read_from = _headcount_inputs(workspace, profile)
    remembered = json.loads(workspace.catalog.get_meta(STATED_HEADCOUNT_KEY) or "{}")
    if remembered.get("read_from") == read_from:
        found = remembered["found"]
        return None if found is None else StatedHeadcount(*found)
    said = suggest_headcount(_headcount_statements(workspace), workspace.document_facts(), profile)
    suggestion = next(iter(said), None)
    stated = None
    if suggestion is not None and isinstance(suggestion.value, int):
        source = suggestion.sources[0]
        stated = StatedHeadcount(suggestion.value, source.path, source.where, source.quote)
    found = None if stated is None else [stated.count, stated.path, stated.where, stated.quote]
    with contextlib.suppress(StateBusyError), workspace.writing(wait_seconds=0):
        workspace.catalog.set_meta(
            STATED_HEADCOUNT_KEY, json.dumps({"read_from": read_from, "found": found})
        )
    return stated


def _headcount_statements(workspace: Workspace) -> dict[str, list[list[str]]]:
    """Path -> what its text says of the headcount. Each content is read for it once and
    kept: after a few files change, only theirs are read (not every text of the folder)."""
    from evidencekit.profile.suggestions import headcount_statements

    catalog = workspace.catalog
    try:
        with workspace.writing(wait_seconds=0), catalog.transaction():
            for content_key, text in catalog.texts_unread_for_headcount():
                catalog.save_headcount_statements(content_key, headcount_statements(text))
    except StateBusyError:  # another process is writing: read what is not kept, keep nothing
        read = catalog.headcount_statements()
        return {
            **read,
            **{
                text.path: headcount_statements(text)
                for text in workspace.document_texts()
                if text.path not in read
            },
        }
    return catalog.headcount_statements()


def _headcount_inputs(workspace: Workspace, profile: CompanyProfile) -> str:
    """A digest of all the stated headcount is read from: the catalog as analysed (its
    change count covers each file's content, whether it was read and its facts, corrected
    ones included), the extractors that read the files, and the profile."""
    digest = hashlib.sha256(repr(profile).encode())
    digest.update((workspace.catalog.get_meta(EXTRACTION_PLUGINS_KEY) or "").encode())
    digest.update(str(workspace.analysed_change_count()).encode())
    return digest.hexdigest()


def _stated_headcount_decides(profile: CompanyProfile, tool_id: str | None) -> bool:
    return tool_id is None and profile.headcount is None and not profile.certificates


def scan_into_catalog(
    workspace: Workspace, options: ScanOptions | None = None, progress: ScanProgress | None = None
) -> ScanSummary:
    """Read the folder's new and changed files into the catalog and the search index,
    holding the writer lock; every assessment below starts with this."""
    with workspace.writing():
        return scan_folder(workspace, options or ScanOptions(), progress or ScanProgress())


def _catalog_brought_up_to_date(
    workspace: Workspace, scan: bool, options: ScanOptions | None = None
) -> None:
    """Scan first, as a command does; ``scan=False`` takes the catalog as it stands (a
    web page shows the state as it is: rescanning is its own button there)."""
    if scan:
        scan_into_catalog(workspace, options)


def rebuild_index(workspace: Workspace) -> int:
    """Rebuild the search index from the catalog, without re-extracting anything; returns
    the number of files indexed."""
    with workspace.writing():
        return rebuild_search_index(workspace.catalog, workspace.index)


@dataclass(frozen=True)
class StatusReport:
    """Where a folder's state lives, its documents by status, the index and the last scan."""

    folder: str
    state_directory: str
    documents: int
    by_status: dict[str, int]
    index_backend: str
    indexed_files: int
    index_bytes: int
    last_scan: dict | None
    #: What the last scan could not take in: [path, reason] pairs.
    left_out: list[list[str]] = field(default_factory=list)


def folder_status(workspace: Workspace) -> StatusReport:
    """What ``evidencekit status`` shows."""
    counts: Counter[str] = workspace.catalog.status_counts()
    last_scan = workspace.catalog.get_meta("last_scan")
    return StatusReport(
        folder=str(workspace.location.folder),
        state_directory=str(workspace.location.directory),
        documents=sum(counts.values()),
        by_status=dict(sorted(counts.items())),
        index_backend=workspace.index.name,
        indexed_files=len(workspace.index.file_ids()),
        index_bytes=workspace.index.size_bytes(),
        last_scan=json.loads(last_scan) if last_scan else None,
        left_out=[list(item) for item in workspace.left_out()],
    )


# --- readiness: which tool and audit type, then the assessment ---------------------------


@dataclass(frozen=True)
class ChosenAssessment:
    """What a readiness check assesses, and what to tell the user about the choice first."""

    profile: CompanyProfile
    tool: AuditTool
    audit_type: str
    audit_date: date
    #: Why this tool and audit type (said when the profile or a default decided them).
    notices: tuple[str, ...]
    #: A choice the user should question (a company that outgrew its program), or None.
    warning: str | None
    #: The folder was scanned to read the headcount its evidence states: the assessment
    #: that follows need not scan it again.
    scanned: bool = False


def choose_folder_assessment(
    workspace: Workspace,
    audit_date: date,
    tool_id: str | None = None,
    audit_type: str | None = None,
    profile_file: Path | None = None,
    scan: ScanOptions | None = None,
    progress: ScanProgress | None = None,
) -> ChosenAssessment:
    """The tool and audit type ``tool_id`` and ``audit_type`` leave open, decided from the
    company profile: the program from the headcount, the audit due from the certificate
    history. A profile that cannot be read or contradicts itself stops here, before any
    scan. Where neither the profile nor ``tool_id`` gives the program, the headcount the
    documents state does: with ``scan`` the folder is scanned first (with ``progress``) to
    read it; without, the catalog is read as last scanned (the watcher's first batch
    scans, and lists what it takes in)."""
    from evidencekit.program.cycle import choose_assessment

    profile = folder_profile(workspace, profile_file)
    scanned = scan is not None and _stated_headcount_decides(profile, tool_id)
    if scanned:
        scan_into_catalog(workspace, scan, progress)
    choice = choose_assessment(
        workspace.audit_tools(),
        lambda: workspace.audit_tool(None, audit_date),
        profile,
        tool_id,
        audit_type,
        audit_date,
        stated_headcount=_stated_headcount(workspace, profile, tool_id),
    )
    return ChosenAssessment(
        profile,
        choice.tool,
        choice.audit_type,
        audit_date,
        choice.notices,
        choice.warning,
        scanned=scanned,
    )


def assess_folder(
    workspace: Workspace,
    chosen: ChosenAssessment,
    options: ScanOptions | None = None,
    progress: ScanProgress | None = None,
) -> Readiness:
    """Scan the folder, then assess its evidence as ``chosen`` says; a folder without one
    readable document is refused as probably the wrong folder (a 60-finding verdict on
    nothing would hide the mistake). A folder ``chosen`` scanned just now is not scanned
    twice."""
    if not chosen.scanned:
        scan_into_catalog(workspace, options, progress)
    refuse_a_folder_without_documents(workspace)
    return workspace.readiness(chosen.tool.id, chosen.audit_type, chosen.audit_date, chosen.profile)


def refuse_a_folder_without_documents(workspace: Workspace) -> None:
    """A usage error when the folder holds no document that could be read."""
    if workspace.catalog.has_readable_document():
        return
    counts = workspace.catalog.status_counts()
    total = sum(counts.values())
    held = (
        "no files"
        if not total
        else f"{total} file{'' if total == 1 else 's'}, none of them readable "
        f"({', '.join(f'{status} {n}' for status, n in sorted(counts.items()))})"
    )
    raise UsageError(
        f"{workspace.location.folder} holds {held}: is this the right folder? Nothing was "
        "assessed; point evidencekit at the folder that holds the company's records "
        "(evidencekit documents FOLDER lists what was found)."
    )


# --- the corrective action tracker -------------------------------------------------------


def folder_tracker(workspace: Workspace, readiness: Readiness) -> list[TrackerRow]:
    """The corrective action tracker: ``readiness``'s findings with the stored actions."""
    from evidencekit.program.tracker import tracker_rows

    return tracker_rows(readiness)


def import_tracker_file(workspace: Workspace, path: Path) -> ImportSummary:
    """Store the owners, due dates, statuses and notes of an edited tracker file; rows of
    findings resolved since the export are kept as resolved, rows no check ever found are
    named and not stored."""
    from evidencekit.program.tracker import ImportSummary, import_tracker, merged_action

    imported = import_tracker(path)
    found_now = workspace.last_findings()
    ever_found = workspace.findings_ever_found()
    catalog = workspace.catalog
    with workspace.writing(), catalog.transaction():
        stored = catalog.actions()
        updated = 0
        for row in imported:
            if row.finding_id not in ever_found and row.finding_id not in stored:
                continue  # never found, never tracked: a typo must not live on
            action = merged_action(
                row, stored.get(row.finding_id), found_now.get(row.finding_id) or ""
            )
            # An untouched row of a new finding says nothing: it is open anyway.
            if action is not None:
                updated += catalog.save_action(row.finding_id, *action)
    unknown = tuple(row.finding_id for row in imported if row.finding_id not in found_now)
    return ImportSummary(
        updated=updated,
        unknown_ids=unknown,
        ignored_ids=tuple(
            item for item in unknown if item not in stored and item not in ever_found
        ),
        resolved_ids=tuple(item for item in unknown if item in ever_found),
    )


# --- the user's corrections of the evidence map ------------------------------------------


def folder_evidence_map(
    workspace: Workspace, tool_id: str | None, profile_file: Path | None
) -> tuple[EvidenceMap, tuple[str, ...]]:
    """The evidence map of the tool ``folder_program`` decides, and what to tell the user
    about that choice."""
    program = folder_program(workspace, folder_profile(workspace, profile_file), tool_id)
    notices = _program_notices(program, tool_id, "Evidence map of")
    return workspace.evidence_map(program.tool.id), notices


@dataclass(frozen=True)
class LinkDecision:
    """What the user's link decision stored, for which tool, and why that tool."""

    done: str
    notices: tuple[str, ...]


def decide_link(
    workspace: Workspace,
    tool_id: str | None,
    action: str,
    document: str,
    requirement: str,
    profile_file: Path | None = None,
) -> LinkDecision:
    """Record the user's ``add``, ``reject`` or ``reset`` of one link to a requirement of
    the tool ``folder_program`` decides."""
    program = folder_program(workspace, folder_profile(workspace, profile_file), tool_id)
    tool = program.tool
    notices = _program_notices(program, tool_id, "Link decided for")
    if requirement not in {req.id for req in tool.requirements()}:
        raise UsageError(
            f"{tool.id} has no requirement {requirement!r}; {tool.id} is the tool because "
            f"{program.reason} (another with --tool)"
        )
    path = _relative_document_path(workspace, document, must_be_known=action != "reset")
    with workspace.writing():
        if action == "reset":
            forgotten = workspace.catalog.forget_link_decision(tool.id, requirement, path)
            done = f"{'Reset' if forgotten else 'Nothing to reset for'} {path} → {requirement}"
            return LinkDecision(done, notices)
        workspace.catalog.decide_link(tool.id, requirement, path, action)
    verb = "Linked" if action == "add" else "Rejected"
    return LinkDecision(f"{verb} {path} → {requirement} ({tool.id}); kept across rescans", notices)


def correct_document_reading(
    workspace: Workspace, document: str, doc_type: str | None, day: date | None, reset: bool
) -> str:
    """Record the user's type and/or date for one document, or ``reset`` them; returns
    what was done. Corrections are kept by path: they survive rescans and follow moves."""
    if doc_type is not None and doc_type not in DOCUMENT_TYPES:
        raise UsageError(f"{doc_type!r} is not a document type: {', '.join(DOCUMENT_TYPES)}")
    if not reset and doc_type is None and day is None:
        raise UsageError("give a type, a date or both to correct, or reset")
    path = _relative_document_path(workspace, document, must_be_known=not reset)
    taught_before = _taught_by(workspace, path) if reset else []
    with workspace.writing():
        if reset:
            forgotten = workspace.catalog.forget_reading_correction(path)
            done = f"{'Reset' if forgotten else 'Nothing to reset for'} {path}"
        else:
            workspace.catalog.correct_reading(path, doc_type, day.isoformat() if day else None)
            parts = [f"type {doc_type}" if doc_type else "", f"date {day}" if day else ""]
            done = f"{path}: {' and '.join(part for part in parts if part)}; kept across rescans"
    # Analysed now, so the listing, the map and the check all read them the new way.
    taught_now = _taught_by(workspace, path)
    if reset and taught_before:
        return f"{done}\n{_others(taught_before)} on the same form: no longer take its type"
    if taught_now:
        return f"{done}\n{_others(taught_now)} on the same form: this type too"
    return done


def _others(paths: list[str]) -> str:
    count = f"{len(paths)} other document{'s' if len(paths) != 1 else ''}"
    return f"{count} ({', '.join(paths)})"


def _taught_by(workspace: Workspace, path: str) -> list[str]:
    """The documents on the same form as ``path`` that take its corrected type."""
    return [
        facts.path
        for facts in workspace.document_facts()
        if facts.taught_by == path and facts.path != path
    ]


def _relative_document_path(workspace: Workspace, document: str, must_be_known: bool) -> str:
    folder = workspace.location.folder
    candidate = Path(document)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(folder)
        except ValueError:
            raise UsageError(f"{document} is not inside {folder}") from None
    path = candidate.as_posix()
    if must_be_known and not workspace.catalog.has_path(path):
        raise UsageError(
            f"{path} is not in the catalog of {folder}; give the path "
            "relative to the folder, as `evidencekit documents` lists it (scan first)"
        )
    return path


# --- two versions of an audit tool -------------------------------------------------------


def diff_installed_tools(plugin_manager: pluggy.PluginManager, old: str, new: str) -> ToolDiff:
    """What changes from audit tool ``old`` to ``new``: installed ids or mapping files."""
    from evidencekit.audit_tools.diff import diff_audit_tools
    from evidencekit.audit_tools.installed import audit_tool_by_id_or_file, installed_audit_tools

    registrations = installed_audit_tools(plugin_manager)
    return diff_audit_tools(
        audit_tool_by_id_or_file(registrations, old), audit_tool_by_id_or_file(registrations, new)
    )


def compare_tool_versions(
    workspace: Workspace,
    diff: ToolDiff,
    audit_type: str,
    audit_date: date,
    carry_over: bool = False,
) -> FolderComparison:
    """The folder under ``diff``'s old and new tool: which links and corrections carry
    over, and readiness under each (the new one with the corrections that carry over).

    With ``carry_over`` the translated corrections are stored for the new tool, so that
    a check with it applies them; nothing else is written, the evidence folder never.
    """
    from evidencekit.assess.readiness import assess, installed_gap_rules
    from evidencekit.audit_tools.diff import (
        FolderComparison,
        carry_over_decisions,
        carry_over_links,
        decisions_for_new_version,
        links_only_in_new,
    )

    if carry_over and diff.old.id == diff.new.id:
        raise UsageError(
            f"both versions are {diff.old.id}: corrections are stored per tool id, so "
            "the new version would read them under the same id already; give the new "
            "version its own id to carry corrections over"
        )
    old_kind = audit_type_of(diff.old, audit_type)
    new_kind = audit_type_of(diff.new, audit_type)
    workspace.require_a_scan()
    catalog = workspace.catalog
    old_decisions = catalog.link_decisions(diff.old.id)
    stored_for_new = catalog.link_decisions(diff.new.id)
    decisions = carry_over_decisions(diff, old_decisions, stored_for_new)
    new_decisions = decisions_for_new_version(decisions, stored_for_new)
    facts = workspace.document_facts()
    old_map = workspace.evidence_map_with(diff.old, facts, old_decisions)
    new_map = workspace.evidence_map_with(diff.new, facts, new_decisions)
    gap_rules = installed_gap_rules(workspace.plugin_manager)
    stored = None
    if carry_over:
        translated = {
            key: value for key, value in new_decisions.items() if key not in stored_for_new
        }
        with workspace.writing(), catalog.transaction():
            for (requirement_id, path), decision in sorted(translated.items()):
                catalog.decide_link(diff.new.id, requirement_id, path, decision)
        stored = len(translated)
    return FolderComparison(
        folder=str(workspace.location.folder),
        links=carry_over_links(diff, old_map, new_map),
        new_links=links_only_in_new(diff, old_map, new_map),
        decisions=decisions,
        old_readiness=assess(old_map, old_kind, audit_date, gap_rules),
        new_readiness=assess(new_map, new_kind, audit_date, gap_rules),
        stored=stored,
    )


# --- the certificate's year --------------------------------------------------------------


@dataclass(frozen=True)
class PlanRequest:
    """What ``folder_certificate_plan`` plans for."""

    profile_file: Path | None
    tool_id: str | None
    as_of: date
    #: The planned audit day; None: the deadline.
    audit_date: date | None
    jobs: int
    #: Scan the folder first (False: the catalog as it stands).
    scan: bool = True


def folder_certificate_plan(workspace: Workspace, request: PlanRequest) -> CertificatePlan:
    """The plan: the tool and audit due from the profile, the folder assessed for that
    audit, its open tracker actions, and an Action Plan's place where one may stand in.
    Needs a profile: without one, a ``UsageError`` names the answers needed."""
    from evidencekit.program.cycle import (
        assessment_day,
        certificate_plan,
        due_audit,
        missing_profile_answers,
    )

    tools = workspace.audit_tools()
    profile = folder_profile(workspace, request.profile_file, today=request.as_of)
    if profile.is_empty:
        needed = "; ".join(missing_profile_answers(profile, tools))
        raise UsageError(
            f"plan needs a company profile ({needed}); give one with --profile FILE "
            "(examples in docs/examples/profiles/)"
        )
    _catalog_brought_up_to_date(workspace, request.scan, ScanOptions(jobs=request.jobs))
    program = folder_program(
        workspace, profile, request.tool_id, request.audit_date or request.as_of
    )
    due = due_audit(program.tool, profile, request.as_of)
    day = assessment_day(due, request.as_of, request.audit_date)
    readiness = workspace.readiness(program.tool.id, due.audit_type.name, day, profile)
    option = _action_plan_option(workspace, program, profile, readiness, request.as_of, due)
    return certificate_plan(
        profile,
        program,
        due,
        request.as_of,
        request.audit_date,
        folder_tracker(workspace, readiness),
        option,
        tools,
    )


def _action_plan_option(
    workspace: Workspace,
    program: ProgramChoice,
    profile: CompanyProfile,
    readiness: Readiness,
    as_of: date,
    due: DueAudit,
) -> ActionPlanOption | None:
    """Eligibility and dates of an Action Plan, where the cycle lets one replace the audit."""
    from evidencekit.program.action_plan import PlanContext, eligibility
    from evidencekit.program.cycle import action_plan_option
    from evidencekit.store.plans import stored_plan_rows

    tool = program.tool
    if ACTION_PLAN not in due.alternatives or tool.action_plans is None:
        return None
    training = _training_of(tool, readiness, as_of, profile)
    answers = eligibility(PlanContext(tool, tool.action_plans, profile, training, readiness, as_of))
    reasons = [
        f"{answer.question.question} {'No' if answer.answer is False else 'Not answered'}: "
        f"{answer.reason}"
        for answer in answers.answers
        if answer.answer is not True
    ]
    started = bool(stored_plan_rows(workspace.location.directory, tool.id))
    year = (due.deadline or as_of).year
    return action_plan_option(
        answers.verdict, answers.eligible, reasons, tool.action_plans, year, started, as_of
    )


def _training_of(
    tool: AuditTool, readiness: Readiness, as_of: date, profile: CompanyProfile
) -> TrainingAssessment | None:
    from evidencekit.program.training import assess_training

    if tool.training_requirements is None:
        return None
    documents = readiness.evidence_map.documents
    return assess_training(tool.training_requirements, documents, as_of, profile)


# --- training ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FolderTraining:
    """The tool's training requirements, decided from the folder's evidence and profile."""

    tool: AuditTool
    assessment: TrainingAssessment
    #: Why this tool (its program), when ``--tool`` did not name it.
    notices: tuple[str, ...] = ()
    #: Every person against every course on record, with expired and missing cells.
    matrix: TrainingMatrix | None = None


def folder_training(
    workspace: Workspace,
    tool_id: str | None,
    audit_date: date,
    profile_file: Path | None,
    today: date | None = None,
    *,
    scan: bool = True,
) -> FolderTraining:
    """Who holds which of the required courses in force on ``audit_date`` of the program
    ``folder_program`` decides (as for every command), and what is missing or expired."""
    from evidencekit.program.training import assess_training, training_matrix

    profile = folder_profile(workspace, profile_file)
    _catalog_brought_up_to_date(workspace, scan)
    program = folder_program(workspace, profile, tool_id, audit_date)
    tool = program.tool
    if tool.training_requirements is None:
        raise UsageError(f"{tool.id} lists no training requirements")
    documents = workspace.evidence_map(tool.id).documents
    assessment = assess_training(tool.training_requirements, documents, audit_date, profile)
    return FolderTraining(
        tool,
        assessment,
        _program_notices(program, tool_id, "Training requirements of"),
        training_matrix(assessment, audit_date, today or date.today(), profile),
    )


def _program_notices(program: ProgramChoice, tool_id: str | None, doing: str) -> tuple[str, ...]:
    """What to tell the user about the program a command followed, ``doing`` it ("Prepared
    for"): nothing when they named the tool, else the choice and its reason (and a
    warning, when there is one)."""
    if tool_id is not None:
        return (program.warning,) if program.warning else ()
    tool = program.tool.id
    reason = program.reason
    said = (f"{doing} {reason}." if reason.startswith(tool) else f"{doing} {tool}: {reason}.",)
    return (*said, program.warning) if program.warning else said


# --- the Action Plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionPlanRequest:
    """Which Action Plan: the tool's, for a year, measured as of a day, with a profile."""

    tool_id: str | None
    today: date
    year: int
    profile_file: Path | None
    #: Scan the folder first (False: the catalog as it stands).
    scan: bool = True


def folder_action_plan(workspace: Workspace, request: ActionPlanRequest) -> ActionPlan:
    """The folder's Action Plan for the year: eligibility, rows with stored edits, progress,
    for the program ``folder_program`` decides (``ActionPlan.notices`` says which and why)."""
    from evidencekit.program.action_plan import PlanContext, action_plan_rules, build_plan
    from evidencekit.store.plans import stored_plan_rows

    profile = folder_profile(workspace, request.profile_file)
    _catalog_brought_up_to_date(workspace, request.scan)
    program = folder_program(workspace, profile, request.tool_id, request.today)
    tool = program.tool
    rules = action_plan_rules(tool)
    readiness = workspace.readiness(tool.id, REPLACED_AUDIT_TYPE, request.today, profile)
    training = _training_of(tool, readiness, request.today, profile)
    context = PlanContext(tool, rules, profile, training, readiness, request.today)
    stored = stored_plan_rows(workspace.location.directory, tool.id)
    plan = build_plan(context, request.year, stored)
    return replace(plan, notices=_program_notices(program, request.tool_id, "Action Plan of"))


def import_action_plan_file(
    workspace: Workspace, request: ActionPlanRequest, file: Path
) -> PlanImport:
    """Store the owner, due, status, note and linked_to of each row of the edited file;
    rows the plan (made with ``request``) does not hold are named, not stored."""
    from evidencekit.program.action_plan import merge_imported_rows
    from evidencekit.program.action_plan_file import import_plan
    from evidencekit.store.plans import save_plan_rows, stored_plan_rows

    if not file.is_file():
        raise UsageError(f"{file} is not a file")
    imported = import_plan(file)
    plan = folder_action_plan(workspace, request)
    tool = plan.tool
    stored = stored_plan_rows(workspace.location.directory, tool.id)
    rows, summary = merge_imported_rows(imported, plan, stored)
    with workspace.writing():
        save_plan_rows(workspace.location.directory, tool.id, rows)
    return summary


# --- interviews and site visits ----------------------------------------------------------


@dataclass(frozen=True)
class InterviewPrep:
    """The interview preparation, and what to tell the user about the tool it was made for."""

    preparation: InterviewPreparation
    notices: tuple[str, ...]


def folder_interview_prep(
    workspace: Workspace,
    tool_id: str | None,
    roles: tuple[str, ...],
    profile_file: Path | None,
    options: ScanOptions | None = None,
    *,
    scan: bool = True,
) -> InterviewPrep:
    """From the profile and the tool's sampling tables: whom to interview, which sites to
    visit, a sheet per role and a checklist per site. The tool, unless given, is the one
    whose program serves the profile's headcount."""
    from evidencekit.prep.interviews import prepare_interviews
    from evidencekit.prep.sampling import check_interview_profile

    profile = folder_profile(workspace, profile_file)
    # A profile that cannot make a plan stops before the folder is scanned.
    check_interview_profile(profile, roles)
    _catalog_brought_up_to_date(workspace, scan, options)
    program = folder_program(workspace, profile, tool_id)
    notices = _program_notices(program, tool_id, "Prepared for")
    preparation = prepare_interviews(workspace.evidence_map(program.tool.id), profile, roles)
    return InterviewPrep(preparation, notices)


# --- the profile's suggestions and validation --------------------------------------------


def profile_validation(workspace: Workspace, today: date) -> Validation:
    """What ``check`` and ``plan`` validate a profile against: the installed tools'
    programs and each program's certificate validity (``certificate_cycle``), the
    bundled tools first as there."""
    from evidencekit.profile.changes import Validation
    from evidencekit.program.cycle import validity_years_by_program

    tools = workspace.audit_tools()
    return Validation(
        today, {tool.id: tool.program for tool in tools}, validity_years_by_program(tools)
    )


def profile_suggestions(workspace: Workspace, profile: CompanyProfile) -> ProfileSuggestions:
    """Bring the catalog up to date, as ``check`` does, then read what it says about the
    company: its name, headcount, sites, roles and people, each with its source."""
    from evidencekit.profile.suggestions import suggest_profile

    scan_into_catalog(workspace)
    return suggest_profile(workspace.document_texts(), workspace.document_facts(), profile)
